/**
 * `npm start` under a crash (issue 14): the whole system as `npm start` runs it — simulators, six
 * subgraphs, gateway, each its own process, on ephemeral ports — with the economy subgraph killed by
 * SIGKILL. Meanwhile a check is INCOMPLETE naming ECONOMY_IT (not a connection error); the economy
 * subgraph is started again, the system reports ready again, and the same check is complete. No other
 * process stopped. The processes share a secret made for the run, not the published development one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_REGISTRY } from '../common/departments.js';
import { DEV_SUBGRAPH_SECRET, SIGNATURE_HEADER, signRequest } from '../common/http/index.js';
import { loadGoldenCases } from '../legacy/dataset/index.js';
import { chinaDate } from '../common/china-date.js';
import { createLocalSystem, type LocalSystem, type LocalSystemEvent } from '../scripts/supervisor/index.js';

const dir = mkdtempSync(join(tmpdir(), 'credit-supervised-'));
const events: { at: number; e: LocalSystemEvent }[] = [];
const SERVICES = ['legacy', 'credit', ...DEPARTMENT_REGISTRY.map((d) => d.subgraph), 'gateway'];
let system: LocalSystem;
let gatewayUrl: string;
const pids: Record<string, number> = {};

beforeAll(async () => {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATASET_SIZE: '200',
    AUDIT_LOG_PATH: join(dir, 'audit.log'),
    CREDIT_JOURNAL_DIR: join(dir, 'credit'),
    LOG_LEVEL: 'warn',
  };
  // As `npm start` is run: no secret given, so the run makes its own. No legacy URL points elsewhere.
  delete env.SUBGRAPH_SHARED_SECRET;
  for (const d of DEPARTMENT_REGISTRY) delete env[`${d.envPrefix}_LEGACY_URL`];
  system = createLocalSystem({
    env,
    ports: 'ephemeral',
    // The first restart waits 3 s, so the check below is made while economy is surely down.
    backoff: { initialMs: 3000 },
    probeIntervalMs: 250,
    log: (e) => events.push({ at: Date.now(), e }),
  });
  gatewayUrl = await system.start();
  for (const s of SERVICES) pids[s] = system.pid(s)!;
}, 120_000);

afterAll(async () => {
  try {
    await system?.stop();
    for (const [s, pid] of Object.entries(pids)) expect(alive(pid), `${s} still running`).toBe(false);
    expect(system.pid('economy')).toBeUndefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const clean = loadGoldenCases(chinaDate(new Date())).find((c) => c.id === 'clean')!.uscc;
interface Answer {
  status: number;
  data?: { enterprise: { economy: { source: { status: string } } | null; creditCheck: { verdict: string; missingSources: string[] } } };
  errors?: { path?: string[]; extensions: { code: string; serviceName?: string } }[];
}
async function check(): Promise<Answer> {
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer dev-service-hall', 'x-query-purpose': 'ADMINISTRATIVE_LICENSING' },
    body: JSON.stringify({
      query: `query($u: String!) { enterprise(uscc: $u) { economy { source { status } } creditCheck(scenario: BIDDING) { verdict missingSources } } }`,
      variables: { u: clean },
    }),
  });
  return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
}

function nextEvent(test: (e: LocalSystemEvent) => boolean, after: number, timeoutMs: number): Promise<{ at: number; e: LocalSystemEvent }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const found = events.slice(after).find((x) => test(x.e));
      if (found) {
        clearInterval(poll);
        resolve(found);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`event not seen in ${timeoutMs} ms; last: ${JSON.stringify(events.slice(-5))}`));
      }
    }, 20);
  });
}

describe('npm start, supervised', () => {
  it('signs subgraph requests with a secret of its own: the published development secret is refused', async () => {
    const body = JSON.stringify({ query: '{ _service { sdl } }' });
    const res = await fetch(system.url('market')!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signRequest(DEV_SUBGRAPH_SECRET, body) },
      body,
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as Answer).errors![0]!.extensions.code).toBe('SIGNATURE_MISMATCH');
  });

  it('the economy subgraph killed with SIGKILL: INCOMPLETE naming ECONOMY_IT meanwhile, complete again after its restart', async () => {
    const before = await check();
    expect(before.status).toBe(200);
    expect(before.data!.enterprise.creditCheck.missingSources).toEqual([]);
    expect(before.data!.enterprise.economy!.source.status).toBe('OK');
    const mark = events.length;

    process.kill(pids.economy!, 'SIGKILL');
    const exited = await nextEvent((e) => e.kind === 'exited' && e.service === 'economy', mark, 10_000);
    expect(exited.e).toMatchObject({ signal: 'SIGKILL', restart: { attempt: 2, delayMs: 3000 } });

    const during = await check();
    const answeredAt = Date.now();
    expect(during.status).toBe(200);
    expect(during.data!.enterprise.creditCheck).toEqual({ verdict: 'INCOMPLETE', missingSources: ['ECONOMY_IT'] });
    expect(during.data!.enterprise.economy).toBeNull();
    expect(during.errors).toContainEqual(
      expect.objectContaining({
        path: ['enterprise', 'economy'],
        extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'economy' }),
      }),
    );

    const back = await nextEvent((e) => e.kind === 'ready' && e.service === 'economy', mark, 60_000);
    // The INCOMPLETE answer above came while economy was down, not after it was back.
    expect(answeredAt).toBeLessThan(back.at);
    await nextEvent((e) => e.kind === 'system-ready', mark, 60_000);

    const after = await check();
    expect(after.status).toBe(200);
    expect(after.errors).toBeUndefined();
    expect(after.data!.enterprise.creditCheck.missingSources).toEqual([]);
    expect(after.data!.enterprise.creditCheck.verdict).toBe(before.data!.enterprise.creditCheck.verdict);
    expect(after.data!.enterprise.economy!.source.status).toBe('OK');

    // Only economy stopped and started again.
    expect(system.pid('economy')).not.toBe(pids.economy);
    for (const s of SERVICES.filter((s) => s !== 'economy')) expect(system.pid(s), s).toBe(pids[s]);
    expect(events.filter((x) => x.e.kind === 'exited').map((x) => (x.e as { service: string }).service)).toEqual(['economy']);
  }, 90_000);
});
