/**
 * Past one machine (issue 11): two gateways, two replicas of the courts, tax and credit subgraphs,
 * one Redis and one PostgreSQL — every process its own, as `npm start` runs them — and the
 * properties replicas must keep:
 *
 * - the courts system's rate holds for all courts replicas together: zero 429s under a bidder load
 *   that each replica's own budget would let through twice over;
 * - no code is fetched twice from a legacy system across replicas within the cache TTL;
 * - feedback recorded through one credit replica is seen through the other;
 * - a bulk job started through one gateway is finished by the other after the first is SIGKILLed;
 * - one gateway SIGKILLed under load: the one audit chain verifies and holds every answered request;
 * - Redis stopped mid-load: no false CLEAR, and the courts rate is still respected.
 *
 * The simulators count what the departments' systems would see (`GET /__stats`): calls, 429s
 * answered past the rate, and lookups of a code already looked up. Deadlines are generous so that a
 * loaded test machine makes answers slow, not INCOMPLETE; nothing here measures time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../common/china-date.js';
import { createSharedPool, type Pool } from '../common/engines/index.js';
import { verifyAuditDatabase } from '../gateway/audit/index.js';
import { loadLegacyConfig } from '../legacy/config.js';
import { createDataset, loadGoldenCases } from '../legacy/dataset/index.js';
import type { LegacySystemName } from '../legacy/systems.js';
import { environ, startReplicatedSystem, type ReplicatedSystem } from './support/replicated-system.js';
import { signedFetch } from './support/signed-fetch.js';
import type { AsCaller } from './support/stack.js';

const DATASET_SIZE = 3000;
let rs: ReplicatedSystem;
let sql: Pool;

beforeAll(async () => {
  rs = await startReplicatedSystem({
    replicas: { gateway: 2, courts: 2, tax: 2, credit: 2 },
    datasetSize: DATASET_SIZE,
    env: {
      // Counts, not speed: a slow machine must give slow answers, not INCOMPLETE ones.
      REQUEST_DEADLINE_MS: '60000',
      SUBGRAPH_TIMEOUT_MS: '55000',
      BULK_JOB_CHUNK_SIZE: '20',
      BULK_JOB_LEASE_MS: '2000',
    },
  });
  sql = createSharedPool(rs.databaseUrl!, { name: 'test' });
}, 240_000);

afterAll(async () => {
  await sql?.end();
  await rs?.stop();
}, 60_000);

const today = chinaDate(new Date());
const dataset = createDataset({ ...loadLegacyConfig({ DATASET_SIZE: String(DATASET_SIZE) }).dataset, today });
let next = 0;
/** Codes no earlier request of this file asked about: each costs a legacy lookup once. */
const freshCodes = (n: number) => Array.from({ length: n }, () => dataset.at(next++).uscc);

const PLATFORM: AsCaller = { key: 'dev-trading-platform', purpose: 'BIDDER_CHECK', reference: 'T-2026-101' };
const HALL: AsCaller = { key: 'dev-service-hall', purpose: 'ADMINISTRATIVE_LICENSING' };

const stats = (name: LegacySystemName) => rs.legacyStats(name);

const BIDDERS = `query($u: [String!]!) { enterprises(usccs: $u) { ... on Enterprise { uscc creditCheck(scenario: BIDDING) { verdict missingSources } } } }`;
type Bidders = { enterprises: { uscc: string; creditCheck: { verdict: string; missingSources: string[] } }[] };

/**
 * Two platforms at once, one through each gateway, each sending its list as two requests at once (two
 * tenders' bidders): each gateway then has two courts requests in flight and spreads them over both
 * courts replicas. One verdict per code.
 */
async function twoPlatforms(a: string[], b: string[]): Promise<Map<string, string>[]> {
  const halves = (list: string[]) => [list.slice(0, list.length / 2), list.slice(list.length / 2)];
  const answers = await Promise.all(
    [a, b].map((list, gateway) => Promise.all(halves(list).map((u) => rs.query<Bidders>(gateway, BIDDERS, { u }, PLATFORM)))),
  );
  return answers.map((parts, i) => {
    const verdicts = new Map<string, string>();
    for (const r of parts) {
      expect(r.status, JSON.stringify(r.errors)).toBe(200);
      expect(r.errors).toBeUndefined();
      for (const e of r.data!.enterprises) verdicts.set(e.uscc, e.creditCheck.verdict);
    }
    expect([...verdicts.keys()]).toEqual(i === 0 ? a : b);
    return verdicts;
  });
}

/** `credit_legacy_calls_total{system=…, outcome="ok"}` of one subgraph replica. */
async function legacyCallsOf(service: 'courts' | 'tax', i: number): Promise<number> {
  const text = await (await fetch(new URL('/metrics', rs.system.url(service, i)))).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('credit_legacy_calls_total{') && l.includes(`system="${service} legacy system"`) && l.includes('outcome="ok"'))
    .reduce((s, l) => s + Number(l.split(' ').at(-1)), 0);
}

describe('two trading platforms, 500 bidders each at once through two gateways, 200 in common', () => {
  let a: string[];
  let b: string[];
  let first: Map<string, string>[];

  it('courts answers no 429 although both courts replicas work, and no code is fetched twice', async () => {
    const common = freshCodes(200);
    a = [...common, ...freshCodes(300)];
    b = [...freshCodes(300), ...common];
    // Warm-up, as a deployment that has served before: every process has planned, compiled and
    // connected (a cold start's pauses are not what this measures).
    await twoPlatforms(freshCodes(20), freshCodes(20));
    await new Promise((r) => setTimeout(r, 1100));
    await rs.resetLegacyStats();
    const before = [await legacyCallsOf('courts', 0), await legacyCallsOf('courts', 1)];
    first = await twoPlatforms(a, b);
    for (const answer of first) expect([...answer.values()].filter((v) => v === 'INCOMPLETE')).toEqual([]);

    const courts = await stats('courts');
    expect(courts.rateLimited).toBe(0);
    expect(courts.repeatedCodes).toBe(0);
    expect(courts.distinctCodes).toBe(800);
    const tax = await stats('tax');
    expect(tax.repeatedCodes).toBe(0);
    expect(tax.distinctCodes).toBe(800);
    // Both courts replicas called the courts system: each alone may go at the full rate (300 calls/s),
    // so without the shared budget the two together would have been refused past 300 in a second.
    const byReplica = [(await legacyCallsOf('courts', 0)) - before[0]!, (await legacyCallsOf('courts', 1)) - before[1]!];
    expect(byReplica[0]).toBeGreaterThan(0);
    expect(byReplica[1]).toBeGreaterThan(0);
    expect(byReplica[0]! + byReplica[1]!).toBe(courts.calls);
  });

  it('the same bidders again, each list through the other gateway: answered without a single legacy call, the same verdicts', async () => {
    await rs.resetLegacyStats();
    const again = await twoPlatforms(b, a);
    expect(again[0]).toEqual(first[1]);
    expect(again[1]).toEqual(first[0]);
    expect((await stats('courts')).calls).toBe(0);
    expect((await stats('tax')).calls).toBe(0);
  });
});

describe('feedback (自动反馈) across credit replicas', () => {
  it('recorded through one credit replica, it is in the case report of the other', async () => {
    const debtor = loadGoldenCases(today).find((c) => c.id === 'dishonest-debtor')!.uscc;
    const check = await rs.query<{ enterprise: { creditCheck: { checkId: string; checkedAt: string } } }>(
      0,
      `{ enterprise(uscc: "${debtor}") { creditCheck(scenario: BIDDING) { checkId checkedAt flags { measure { code } } } } }`,
      {},
      HALL,
    );
    expect(check.errors).toBeUndefined();
    const { checkId, checkedAt } = check.data!.enterprise.creditCheck;
    // Straight to each credit replica, signed as the gateway signs (the run's own secret).
    const secret = environ(rs.system.pid('credit', 0)!).SUBGRAPH_SHARED_SECRET!;
    const direct = async <T>(replica: number, query: string, variables: Record<string, unknown>) => {
      const body = JSON.stringify({ query, variables });
      const res = await signedFetch(
        rs.system.url('credit', replica)!,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body },
        secret,
      );
      return (await res.json()) as { data?: T; errors?: unknown[] };
    };
    const REPORT = `mutation($i: CheckOutcomeInput!) { reportCheckOutcome(input: $i) { checkId applied } }`;
    const reported = await direct(1, REPORT, {
      i: { checkId, applied: true, measureCodes: ['RESTRICT-BID-DISHONEST-DEBTOR'], reason: '按招标文件规定限制' },
    });
    expect(reported.errors).toBeUndefined();
    type Records = { caseRecords: { records: { checkId: string; feedback: { applied: boolean } | null }[] } };
    const RECORDS = `query($m: String!) { caseRecords(month: $m) { records { checkId feedback { applied } } } }`;
    for (const replica of [0, 1]) {
      const r = await direct<Records>(replica, RECORDS, { m: checkedAt.slice(0, 7) });
      expect(r.errors).toBeUndefined();
      expect(r.data!.caseRecords.records.find((x) => x.checkId === checkId)?.feedback, `credit replica ${replica}`).toEqual({ applied: true });
    }
  });
});

describe('a bulk job started through one gateway', () => {
  it('is finished by the other after the first is SIGKILLed, every row final once', async () => {
    const codes = freshCodes(600);
    const SUBMIT = `mutation($input: BulkCheckInput!) { submitBulkCheck(input: $input) { id status total } }`;
    const READ = `query($id: ID!) { bulkCheck(id: $id) { id status total done incomplete } }`;
    type Job = { id: string; status: string; total: number; done: number; incomplete: number };
    const submitted = await rs.query<{ submitBulkCheck: Job }>(0, SUBMIT, { input: { codes, scenario: 'BIDDING' } }, PLATFORM);
    expect(submitted.errors).toBeUndefined();
    const { id } = submitted.data!.submitBulkCheck;
    const read = async (gateway: number) => {
      const r = await rs.query<{ bulkCheck: Job }>(gateway, READ, { id }, PLATFORM);
      expect(r.errors).toBeUndefined();
      return r.data!.bulkCheck;
    };
    // Killed once it has made rows final, read through the other gateway.
    for (let job = await read(1); job.done === 0; job = await read(1)) await new Promise((r) => setTimeout(r, 50));
    await rs.system.kill('gateway', 0, { hold: true });
    let job = await read(1);
    expect(job.status).not.toBe('DONE');
    while (job.status !== 'DONE') {
      await new Promise((r) => setTimeout(r, 200));
      job = await read(1);
    }
    expect(job).toMatchObject({ total: 600, done: 600, incomplete: 0 });
    const { rows } = await sql.query<{ lease_epoch: string; n: string }>(
      'SELECT lease_epoch, count(*) AS n FROM job_rows WHERE job_id = $1 GROUP BY lease_epoch ORDER BY lease_epoch',
      [id],
    );
    // Rows made final by the first runner and, after it died, by the other.
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.reduce((s, r) => s + Number(r.n), 0)).toBe(600);
    await rs.system.restart('gateway', 0);
  });
});

describe('one gateway SIGKILLed under load', () => {
  it('the one audit chain verifies and holds the record of every request that was answered', async () => {
    const CHECK = `query($u: String!) { enterprise(uscc: $u) { creditCheck(scenario: ADMINISTRATIVE_LICENSING) { verdict } } }`;
    const answered: string[] = [];
    let refused = 0;
    let killed = false;
    const codes = freshCodes(240);
    /** One client: checks through `gateway` until its codes run out; what was answered, with its request id. */
    const client = async (gateway: number, mine: string[]) => {
      for (const u of mine) {
        try {
          const res = await fetch(rs.system.url('gateway', gateway)!, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${HALL.key}`, 'x-query-purpose': HALL.purpose! },
            body: JSON.stringify({ query: CHECK, variables: { u } }),
          });
          const body = (await res.json()) as { data?: { enterprise: { creditCheck: { verdict: string } } } };
          if (res.status === 200 && body.data) answered.push(res.headers.get('x-request-id')!);
          else refused++;
        } catch {
          // The connection died with the gateway: nothing was answered.
          refused++;
        }
        if (!killed && answered.length >= 40) {
          killed = true;
          await rs.system.kill('gateway', 0, { hold: true });
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, k) => client(k % 2, codes.slice(k * 30, k * 30 + 30))));
    expect(killed).toBe(true);
    expect(answered.length).toBeGreaterThan(120);
    expect(refused).toBeGreaterThan(0);

    const verified = await verifyAuditDatabase(sql);
    expect(verified.ok, JSON.stringify(verified)).toBe(true);
    const { rows } = await sql.query<{ record: string }>('SELECT record FROM audit_record ORDER BY seq');
    const audited = new Set(rows.map((r) => (JSON.parse(r.record) as { requestId: string }).requestId));
    expect(answered.filter((id) => !audited.has(id))).toEqual([]);
    await rs.system.restart('gateway', 0);
  });
});

describe('Redis stopped in the middle of a bidder load', () => {
  it('no false CLEAR, courts still within its rate; with Redis back the replicas share again', async () => {
    const a = freshCodes(300);
    const b = freshCodes(300);
    await rs.resetLegacyStats();
    const load = twoPlatforms(a, b);
    // Stop Redis once the courts system has answered part of the load.
    for (let s = await stats('courts'); s.calls < 100; s = await stats('courts')) await new Promise((r) => setTimeout(r, 20));
    await rs.redis!.kill();
    const during = await load;
    const courts = await stats('courts');
    expect(courts.rateLimited).toBe(0);

    await rs.redis!.start();
    // The truth for the same codes, read again with every engine up (INCOMPLETE is not a truth).
    const [ra, rb] = await twoPlatforms(a, b);
    for (const [answer, truth] of [
      [during[0]!, ra!],
      [during[1]!, rb!],
    ] as const) {
      for (const [code, verdict] of truth) {
        expect(verdict, code).not.toBe('INCOMPLETE');
        // During the outage a code is answered as it truly is, or INCOMPLETE — never CLEAR when it is not.
        expect([truth.get(code), 'INCOMPLETE'], code).toContain(answer.get(code));
      }
    }
    expect((await stats('courts')).rateLimited).toBe(0);
  });
});
