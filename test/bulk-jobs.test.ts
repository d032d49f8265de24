import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobStore } from '../gateway/jobs/index.js';
import { startStack, type Stack } from './support/stack.js';

/**
 * Bulk checks as jobs (issue 13), against the whole stack with the courts system at a reduced rate
 * (100 calls/s instead of 300, the courts client paced to match): a 2,000-code job completes with
 * every row complete while a counter's check is served first; the job belongs to its submitter;
 * every code is in the audit log; a gateway stopped mid-job resumes without calling again for
 * finished rows.
 */
const RATE = 100;
const JOB_FIELDS = `id status total done incomplete retrying departments { department state waiting failed }`;
const SUBMIT = `mutation Submit($input: BulkCheckInput!) { submitBulkCheck(input: $input) { ${JOB_FIELDS} } }`;
const READ = `query Read($id: ID!, $offset: Int, $limit: Int) { bulkCheck(id: $id) { ${JOB_FIELDS}
  rows(offset: $offset, limit: $limit) { offset limit total items { index kind input uscc verdict missingSources invalidReason attempts members } } } }`;
const COUNTER = `query Counter($uscc: String!) { enterprise(uscc: $uscc) { creditCheck(scenario: ADMINISTRATIVE_LICENSING) { verdict missingSources } } }`;

const platform = { key: 'dev-trading-platform', purpose: 'BIDDER_CHECK', reference: 'T-2026-013' };
type JobView = { id: string; status: string; total: number; done: number; incomplete: number; retrying: number };
type Row = {
  index: number;
  kind: string;
  input: string;
  uscc: string | null;
  verdict: string | null;
  missingSources: string[];
  invalidReason: string | null;
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    datasetSize: 3000,
    legacy: { courts: { rateLimitPerSecond: RATE } },
    env: { COURTS_LEGACY_RATE_PER_SECOND: String(RATE) },
  });
});
afterAll(async () => stack?.stop());

const codes = (from: number, n: number) => Array.from({ length: n }, (_, i) => stack.dataset.at(from + i).uscc);

async function submit(input: Record<string, unknown>, as = platform) {
  return stack.query<{ submitBulkCheck: JobView }>(SUBMIT, { input }, as);
}

async function read(id: string, offset = 0, limit = 100, as: { key: string; purpose: string } = platform) {
  return stack.query<{ bulkCheck: JobView & { rows: { total: number; items: Row[] } } }>(READ, { id, offset, limit }, as);
}

async function waitFor(id: string, until: (j: JobView) => boolean): Promise<JobView> {
  for (;;) {
    const r = await read(id, 0, 1);
    const job = r.data?.bulkCheck;
    if (!job) throw new Error(JSON.stringify(r.errors));
    if (until(job)) return job;
    await new Promise((res) => setTimeout(res, 200));
  }
}

async function allRows(id: string, total: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (let offset = 0; offset < total; offset += 1000) rows.push(...(await read(id, offset, 1000)).data!.bulkCheck.rows.items);
  return rows;
}

describe('a 2,000-code bulk check job under a reduced courts rate', () => {
  let jobId: string;
  const jobCodes = () => codes(0, 2000);

  it('is accepted at once, runs to the end with every row complete, and a counter check is served before its queued courts calls', async () => {
    const submitted = await submit({ codes: jobCodes(), scenario: 'BIDDING', tenderReference: 'T-2026-013' });
    expect(submitted.errors).toBeUndefined();
    const job = submitted.data!.submitBulkCheck;
    expect(job).toMatchObject({ total: 2000, done: 0 });
    expect(['QUEUED', 'RUNNING']).toContain(job.status);
    jobId = job.id;

    // While the job calls the courts system, counters check single enterprises (another caller).
    await waitFor(jobId, (j) => j.done >= 200);
    for (const uscc of codes(2500, 3)) {
      const before = stack.stats().courts.codes;
      const counter = await stack.query<{ enterprise: { creditCheck: { verdict: string; missingSources: string[] } } }>(
        COUNTER,
        { uscc },
        { key: 'dev-service-hall', purpose: 'ADMINISTRATIVE_LICENSING' },
      );
      const during = stack.stats().courts.codes - before;
      const progress = (await read(jobId, 0, 1)).data!.bulkCheck;
      expect(counter.errors).toBeUndefined();
      expect(counter.data!.enterprise.creditCheck.missingSources).toEqual([]);
      // The job had hundreds of courts calls queued (two chunks of 200 in flight); FIFO would have
      // put the counter's one call behind them. Only the job calls already started may come first.
      expect(progress.done).toBeLessThan(2000);
      expect(during).toBeLessThanOrEqual(30);
    }

    const done = await waitFor(jobId, (j) => j.status === 'DONE');
    expect(done).toMatchObject({ total: 2000, done: 2000, incomplete: 0, retrying: 0 });
    const rows = await allRows(jobId, 2000);
    expect(rows.map((r) => r.index)).toEqual([...Array(2000).keys()]);
    expect(rows.map((r) => r.uscc)).toEqual(jobCodes());
    expect(rows.filter((r) => r.verdict === 'INCOMPLETE' || r.verdict === null)).toEqual([]);
    expect(rows.every((r) => r.missingSources.length === 0)).toBe(true);
  }, 90_000);

  it('belongs to its submitter: another caller is told there is no such job; an auditor may read it', async () => {
    const other = await read(jobId, 0, 10, { key: 'dev-report-developer', purpose: 'CREDIT_REPORT' });
    expect(other.data?.bulkCheck ?? null).toBeNull();
    expect(other.errors?.[0]?.extensions?.code).toBe('JOB_NOT_FOUND');
    const unknown = await read('00000000-0000-4000-8000-000000000000');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('JOB_NOT_FOUND');
    const auditor = await read(jobId, 0, 10, { key: 'dev-auditor', purpose: 'AUDIT' });
    expect(auditor.data!.bulkCheck.rows.items).toHaveLength(10);
  });

  it('is in the audit log with every code, each read with the codes it released', async () => {
    const records = readFileSync(stack.auditLogPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { requestId: string; operationName: string | null; codes: { list: string[] }; caller: { id: string } | null });
    const submitted = new Set(records.filter((r) => r.operationName?.startsWith('submitBulkCheck part')).flatMap((r) => r.codes.list));
    const chunks = new Set(records.filter((r) => r.operationName?.startsWith(`bulkCheck chunk`)).flatMap((r) => r.codes.list));
    for (const c of jobCodes()) {
      expect(submitted.has(c)).toBe(true);
      expect(chunks.has(c)).toBe(true);
    }
    const reads = records.filter((r) => r.operationName === 'Read' && r.caller?.id === 'dev-auditor');
    expect(reads.at(-1)!.codes.list).toEqual(jobCodes().slice(0, 10));
    // And /audit?uscc= finds them: the first, the last and one in between.
    for (const uscc of [jobCodes()[0]!, jobCodes()[1234]!, jobCodes()[1999]!]) {
      const res = await fetch(`${dirname(stack.gatewayUrl)}/audit?uscc=${uscc}&limit=1000`, {
        headers: { authorization: 'Bearer dev-auditor', 'x-query-purpose': 'AUDIT' },
      });
      const body = (await res.json()) as { records: { operationName: string | null }[] };
      const names = body.records.map((r) => r.operationName ?? '');
      expect(names.some((n) => n.startsWith('submitBulkCheck part'))).toBe(true);
      expect(names.some((n) => n.startsWith('bulkCheck chunk'))).toBe(true);
    }
  });
});

describe('a gateway stopped during a job', () => {
  it('resumes the job on the same files without calling again for finished rows', async () => {
    const total = 800;
    const submitted = await submit({ codes: codes(1000, total - 1).concat(['91420502092846715X']), scenario: 'GENERAL' });
    const id = submitted.data!.submitBulkCheck.id;
    await waitFor(id, (j) => j.done >= 200);
    await stack.stopGateway();
    // Calls already made by the abandoned chunk finish; then nothing moves.
    let last = -1;
    while (stack.stats().courts.codes !== last) {
      last = stack.stats().courts.codes;
      await new Promise((res) => setTimeout(res, 400));
    }
    const store = new JobStore(join(dirname(stack.auditLogPath), 'jobs'));
    const stopped = (await store.open(id))!;
    const doneAtStop = stopped.done;
    expect(doneAtStop).toBeGreaterThanOrEqual(200);
    expect(doneAtStop).toBeLessThan(total);
    expect(stopped.state.status).toBe('RUNNING');
    stack.resetStats();

    await stack.startGatewayAgain();
    const done = await waitFor(id, (j) => j.status === 'DONE');
    expect(done).toMatchObject({ total, done: total, incomplete: 0 });
    // Exactly the rows not finished at the stop were checked again (the test stack caches nothing).
    const unfinishedValid = total - doneAtStop - (stopped.final[total - 1] ? 0 : 1);
    expect(stack.stats().courts.codes).toBe(unfinishedValid);
    expect(stack.stats().market.codes).toBe(unfinishedValid);
    const rows = await allRows(id, total);
    expect(rows.map((r) => r.index)).toEqual([...Array(total).keys()]);
    expect(rows.at(-1)).toMatchObject({ invalidReason: expect.any(String), verdict: null });
  }, 90_000);
});

describe('submissions that are refused', () => {
  it('over 10,000 codes, without bulk:read, or with a bad day', async () => {
    const many = Array.from({ length: 10_001 }, () => codes(0, 1)[0]!);
    expect((await submit({ codes: many, scenario: 'BIDDING' })).errors?.[0]?.extensions?.code).toBe('TOO_MANY_CODES');
    const hall = await submit(
      { codes: codes(0, 2), scenario: 'GENERAL' },
      { key: 'dev-service-hall', purpose: 'ADMINISTRATIVE_LICENSING', reference: 'x' },
    );
    expect(hall.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const day = await submit({ codes: codes(0, 2), scenario: 'BIDDING', asOf: '2026-02-30' });
    expect(day.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps the 1,000-code budget and the body limit of synchronous requests', async () => {
    const q = `query Many($usccs: [String!]!) { enterprises(usccs: $usccs) { __typename } }`;
    expect((await stack.query(q, { usccs: codes(0, 1001) }, platform)).errors?.[0]?.extensions?.code).toBe('TOO_MANY_CODES');
    // Over 256 KiB of variables: over MAX_BODY_BYTES for a synchronous request, within a job's own limit.
    const padded = codes(0, 1100).map((c) => c + ' '.repeat(230));
    expect((await stack.query(q, { usccs: padded }, platform)).status).toBe(413);
    const job = await submit({ codes: padded, scenario: 'BIDDING' });
    expect(job.errors).toBeUndefined();
    expect(job.data!.submitBulkCheck.total).toBe(1100);
  });
});

describe("a department's temporary failure during a job", () => {
  let small: Stack;
  beforeAll(async () => {
    small = await startStack({ datasetSize: 300, jobs: { deadlineMs: 8000, chunkSize: 50 } });
  });
  afterAll(async () => small?.stop());
  const fault = (system: 'tax' | 'environment', f: string) =>
    fetch(`${small.legacy.urls[system]}/__control`, { method: 'POST', body: JSON.stringify({ fault: f }) });
  const as = { ...platform };
  const poll = async (id: string) => {
    for (;;) {
      const r = await small.query<{ bulkCheck: JobView & { departments: { department: string; state: string; failed: number }[] } }>(
        READ,
        { id, offset: 0, limit: 300 },
        as,
      );
      if (r.data?.bulkCheck.status === 'DONE')
        return r.data.bulkCheck as JobView & {
          departments: { department: string; state: string; failed: number }[];
          rows: { items: (Row & { attempts: number })[] };
        };
      await new Promise((res) => setTimeout(res, 200));
    }
  };

  it('is retried within the job deadline: rows come out complete once the department is back', async () => {
    await fault('tax', 'down');
    const codes300 = Array.from({ length: 300 }, (_, i) => small.dataset.at(i).uscc);
    const r = await small.query<{ submitBulkCheck: JobView }>(SUBMIT, { input: { codes: codes300, scenario: 'BIDDING' } }, as);
    await new Promise((res) => setTimeout(res, 1500));
    await fault('tax', 'none');
    const job = await poll(r.data!.submitBulkCheck.id);
    expect(job).toMatchObject({ done: 300, incomplete: 0 });
    expect(job.rows.items.filter((x) => x.verdict === 'INCOMPLETE')).toEqual([]);
    expect(job.rows.items.some((x) => x.attempts > 1)).toBe(true);
  }, 30_000);

  it('is INCOMPLETE only after the deadline, naming the department', async () => {
    await fault('environment', 'down');
    try {
      const codes20 = Array.from({ length: 20 }, (_, i) => small.dataset.at(i).uscc);
      const r = await small.query<{ submitBulkCheck: JobView }>(SUBMIT, { input: { codes: codes20, scenario: 'BIDDING' } }, as);
      const job = await poll(r.data!.submitBulkCheck.id);
      expect(job).toMatchObject({ done: 20, incomplete: 20 });
      expect(job.rows.items.every((x) => x.verdict === 'INCOMPLETE' && x.missingSources.includes('ENVIRONMENT') && x.attempts > 1)).toBe(true);
      expect(job.departments.find((d) => d.department === 'ENVIRONMENT')).toMatchObject({ state: 'FAILED', failed: 20 });
      expect(job.departments.find((d) => d.department === 'TAX')).toMatchObject({ state: 'OK', failed: 0 });
    } finally {
      await fault('environment', 'none');
    }
  }, 30_000);
});

describe('live progress at GET /jobs/<id>/events (server-sent events)', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({
      datasetSize: 200,
      jobs: { deadlineMs: 20_000, chunkSize: 50, eventsIntervalMs: 50, eventsHeartbeatMs: 150, eventsPerCaller: 2 },
    });
  });
  afterAll(async () => s?.stop());
  const fault = (system: 'tax', f: string) => fetch(`${s.legacy.urls[system]}/__control`, { method: 'POST', body: JSON.stringify({ fault: f }) });
  const eventsUrl = (id: string) => `${dirname(s.gatewayUrl)}/jobs/${id}/events`;
  const open = (id: string, as: { key?: string; purpose?: string } = platform) =>
    fetch(eventsUrl(id), {
      headers: { ...(as.key ? { authorization: `Bearer ${as.key}` } : {}), ...(as.purpose ? { 'x-query-purpose': as.purpose } : {}) },
    });
  type Progress = { status: string; total: number; done: number; incomplete: number; departments: { department: string; state: string }[] };
  type Event = { event: string; data: Progress | null };
  /** Reads the stream's events (a heartbeat is an event named `heartbeat`) until `stop` says so or the stream ends. */
  async function readEvents(res: Response, stop: (seen: Event[]) => boolean): Promise<{ seen: Event[]; ended: boolean }> {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const seen: Event[] = [];
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { seen, ended: true };
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (block.startsWith(': heartbeat')) seen.push({ event: 'heartbeat', data: null });
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name && data) seen.push({ event: name, data: JSON.parse(data) as Progress });
      }
      if (stop(seen)) {
        await reader.cancel();
        return { seen, ended: false };
      }
    }
  }

  it('streams progress (with a department retrying), heartbeats, then done, and ends with the job', async () => {
    await fault('tax', 'down');
    let restored = false;
    try {
      const codes100 = Array.from({ length: 100 }, (_, i) => s.dataset.at(i).uscc);
      const r = await s.query<{ submitBulkCheck: JobView }>(SUBMIT, { input: { codes: codes100, scenario: 'BIDDING' } }, platform);
      const id = r.data!.submitBulkCheck.id;
      const res = await open(id);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const first = await readEvents(res, (seen) => {
        const retrying = seen.some((e) => e.data?.departments.some((d) => d.department === 'TAX' && d.state === 'RETRYING'));
        return retrying && seen.some((e) => e.event === 'heartbeat');
      });
      expect(first.ended).toBe(false);
      expect(first.seen.every((e) => e.event !== 'done')).toBe(true);
      await fault('tax', 'none');
      restored = true;
      const again = await open(id);
      const rest = await readEvents(again, () => false);
      expect(rest.ended).toBe(true);
      const progress = rest.seen.filter((e) => e.event === 'progress').map((e) => e.data!.done);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(rest.seen.at(-1)).toMatchObject({ event: 'done', data: { status: 'DONE', total: 100, done: 100, incomplete: 0 } });
      // A finished job's stream says so at once and ends.
      const late = await readEvents(await open(id), () => false);
      expect(late.seen.map((e) => e.event)).toEqual(['progress', 'done']);
      // Every stream was recorded as a read of the job by its caller.
      const opened = readFileSync(s.auditLogPath, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { operationName: string | null; outcome: string; caller: { id: string } | null; purpose: string | null })
        .filter((x) => x.operationName === `jobEvents job ${id}` && x.outcome === 'ANSWERED');
      expect(opened).toHaveLength(3);
      expect(opened.every((x) => x.caller?.id === 'dev-trading-platform' && x.purpose === 'BIDDER_CHECK')).toBe(true);
    } finally {
      if (!restored) await fault('tax', 'none');
    }
  }, 30_000);

  it('is for the submitter and auditors only, needs the key in the header, and is bounded per caller', async () => {
    await fault('tax', 'down');
    try {
      const codes20 = Array.from({ length: 20 }, (_, i) => s.dataset.at(100 + i).uscc);
      const r = await s.query<{ submitBulkCheck: JobView }>(SUBMIT, { input: { codes: codes20, scenario: 'BIDDING' } }, platform);
      const id = r.data!.submitBulkCheck.id;
      expect((await open(id, {})).status).toBe(401);
      const other = await open(id, { key: 'dev-report-developer', purpose: 'CREDIT_REPORT' });
      expect(other.status).toBe(404);
      expect(((await other.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('JOB_NOT_FOUND');
      expect((await open('00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await open(id, { key: 'dev-trading-platform' })).status).toBe(400);
      const auditor = await open(id, { key: 'dev-auditor', purpose: 'AUDIT' });
      expect(auditor.status).toBe(200);
      await auditor.body!.cancel();
      // Two streams at once for this caller (eventsPerCaller: 2); a third is refused until one closes.
      const a = await open(id);
      const b = await open(id);
      expect([a.status, b.status]).toEqual([200, 200]);
      const c = await open(id);
      expect(c.status).toBe(429);
      expect(((await c.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('TOO_MANY_REQUESTS');
      await a.body!.cancel();
      let d: Response;
      // The gateway notices the closed connection on its next look at the job.
      for (;;) {
        d = await open(id);
        if (d.status === 200) break;
        await d.body?.cancel();
        await new Promise((res) => setTimeout(res, 50));
      }
      await Promise.all([b.body!.cancel(), d.body!.cancel()]);
    } finally {
      await fault('tax', 'none');
    }
  }, 30_000);
});
