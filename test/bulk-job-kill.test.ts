/**
 * A bulk check job survives its gateway being killed (issue 13): the whole system as `npm start`
 * runs it, every service its own process; the gateway is killed with SIGKILL in the middle of a
 * job, the supervisor starts it again, and the job finishes — every row complete — having asked
 * the courts system again only for the rows that were not yet written when the gateway died.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataset } from '../legacy/dataset/index.js';
import { chinaDate } from '../common/china-date.js';
import { DEPARTMENT_REGISTRY } from '../common/departments.js';
import { JobStore } from '../gateway/jobs/job-store.js';
import { createLocalSystem, type LocalSystem } from '../scripts/supervisor/index.js';

const RATE = 100;
const TOTAL = 800;
const SIZE = 2000;
const dir = mkdtempSync(join(tmpdir(), 'credit-job-kill-'));
const platform = { authorization: 'Bearer dev-trading-platform', 'x-query-purpose': 'BIDDER_CHECK', 'x-query-reference': 'T-2026-KILL' };
const JOB = `id status total done incomplete`;
type Job = { id: string; status: string; total: number; done: number; incomplete: number };

let system: LocalSystem;
let gatewayUrl: string;

beforeAll(async () => {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATASET_SIZE: String(SIZE),
    AUDIT_LOG_PATH: join(dir, 'audit.log'),
    CREDIT_JOURNAL_DIR: join(dir, 'credit'),
    LOG_LEVEL: 'warn',
    // A reduced courts rate, so the job is still running when the gateway is killed.
    COURTS_SIMULATOR_RATE_PER_SECOND: String(RATE),
    COURTS_LEGACY_RATE_PER_SECOND: String(RATE),
    // Every courts call is counted: no cached answer stands in for one.
    COURTS_CACHE_TTL_MS: '0',
  };
  delete env.SUBGRAPH_SHARED_SECRET;
  for (const d of DEPARTMENT_REGISTRY) delete env[`${d.envPrefix}_LEGACY_URL`];
  system = createLocalSystem({ env, ports: 'ephemeral', probeIntervalMs: 250, log: () => undefined });
  gatewayUrl = await system.start();
}, 180_000);

afterAll(async () => {
  try {
    await system?.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<{ data?: T; errors?: unknown[] }> {
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...platform },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: unknown[] };
}

/** The job as the gateway reports it; null while the gateway cannot be reached. */
async function job(id: string): Promise<Job | null> {
  try {
    const r = await graphql<{ bulkCheck: Job }>(`query($id: ID!) { bulkCheck(id: $id) { ${JOB} } }`, { id });
    return r.data?.bulkCheck ?? null;
  } catch {
    return null;
  }
}

async function until(id: string, done: (j: Job) => boolean, limitMs: number): Promise<Job> {
  const stop = Date.now() + limitMs;
  for (;;) {
    const j = await job(id);
    if (j && done(j)) return j;
    if (Date.now() > stop) throw new Error(`job ${id} did not get there in time (last seen ${JSON.stringify(j)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const courts = async (path: string, method = 'GET') => {
  const res = await fetch(new URL(path, system.url('legacy:courts')!), { method });
  return res.status === 200 && method === 'GET' ? ((await res.json()) as { calls: number; codes: number }) : null;
};

describe('a bulk check job whose gateway is killed', () => {
  it('is finished by the gateway started again, without asking again for rows already written', async () => {
    const dataset = createDataset({ size: SIZE, today: chinaDate(new Date()) });
    const codes = Array.from({ length: TOTAL }, (_, i) => dataset.at(i).uscc);
    const submitted = await graphql<{ submitBulkCheck: Job }>(`mutation($input: BulkCheckInput!) { submitBulkCheck(input: $input) { ${JOB} } }`, {
      input: { codes, scenario: 'GENERAL', tenderReference: 'T-2026-KILL' },
    });
    expect(submitted.errors).toBeUndefined();
    const id = submitted.data!.submitBulkCheck.id;
    await until(id, (j) => j.done >= 200, 60_000);

    const pid = system.pid('gateway')!;
    process.kill(pid, 'SIGKILL');
    // The subgraphs finish (or abandon) what the dead gateway asked; then the courts system is quiet.
    let last = -1;
    for (let s = await courts('/__stats'); s!.codes !== last; s = await courts('/__stats')) {
      last = s!.codes;
      await new Promise((r) => setTimeout(r, 400));
    }
    const atKill = (await new JobStore(join(dir, 'jobs')).open(id))!;
    expect(atKill.state.status).toBe('RUNNING');
    expect(atKill.done).toBeGreaterThanOrEqual(200);
    expect(atKill.done).toBeLessThan(TOTAL);
    await courts('/__stats/reset', 'POST');
    const resetAt = new Date().toISOString();

    // The supervisor starts the gateway again; it picks the job up from its files.
    const finished = await until(id, (j) => j.status === 'DONE', 120_000);
    expect(system.pid('gateway')).not.toBe(pid);
    expect(finished).toMatchObject({ total: TOTAL, done: TOTAL, incomplete: 0 });
    // Exactly the rows not written when the gateway died were asked for again — besides the
    // supervisor's readiness probes of the restarted gateway (one code each; each is an audited request).
    const probes = readFileSync(join(dir, 'audit.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { at: string; caller?: { id: string } | null; codes?: { total: number } })
      .filter((r) => r.at >= resetAt && r.caller?.id === 'dev-report-developer' && (r.codes?.total ?? 0) > 0).length;
    expect(probes).toBeGreaterThanOrEqual(1);
    expect((await courts('/__stats'))!.codes).toBe(TOTAL - atKill.done + probes);
  }, 240_000);
});
