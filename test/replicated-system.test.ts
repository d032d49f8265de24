/**
 * `createLocalSystem` with replicas (issue 11), through the multi-replica test helper: two gateways,
 * two courts and two tax replicas, a real Redis and PostgreSQL. Each replica is its own process on
 * its own port and is told what it needs — the engines, its replica count, every replica of each
 * subgraph (gateways), a file of its own where two processes would otherwise share one — and each
 * gateway spreads its requests over both replicas of a subgraph. One replica of a subgraph or of the
 * gateway can be killed (SIGKILL), held down, and restarted on the same address while the rest answer.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_REGISTRY } from '../common/departments.js';
import { chinaDate } from '../common/china-date.js';
import { createDataset, loadGoldenCases } from '../legacy/dataset/index.js';
import { loadLegacyConfig } from '../legacy/config.js';
import { environ, startReplicatedSystem, type ReplicatedSystem } from './support/replicated-system.js';

let rs: ReplicatedSystem;

beforeAll(async () => {
  rs = await startReplicatedSystem();
}, 240_000);

afterAll(async () => {
  await rs?.stop();
}, 60_000);

/** The dataset the simulators run (the helper's DATASET_SIZE, 200): the same enterprises, made the same way. */
const today = chinaDate(new Date());
const dataset = createDataset({ ...loadLegacyConfig({ DATASET_SIZE: '200' }).dataset, today });
let next = 0;
/** Codes not asked before in this file: each costs the replica that serves it a legacy call. */
const freshCodes = (n: number) => Array.from({ length: n }, () => dataset.at(next++).uscc);

/** `credit_legacy_calls_total{system="courts legacy system",outcome="ok"}` of courts replica `i`. */
async function courtsCalls(i: number): Promise<number> {
  const text = await (await fetch(new URL('/metrics', rs.system.url('courts', i)))).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('credit_legacy_calls_total{') && l.includes('system="courts legacy system"') && l.includes('outcome="ok"'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

type Judicial = { enterprise: { judicial: { source: { status: string } } | null } };
async function judicialOk(gateway: number, codes: string[]): Promise<void> {
  for (const u of codes) {
    const r = await rs.query<Judicial>(gateway, `query($u: String!) { enterprise(uscc: $u) { judicial { source { status } } } }`, { u });
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data!.enterprise.judicial!.source.status).toBe('OK');
  }
}

describe('the replicated system', () => {
  it('every replica is its own process and is told the engines, its replica count and where every replica of each subgraph is', async () => {
    const { system } = rs;
    expect(rs.gatewayUrls).toHaveLength(2);
    expect(new Set([system.url('gateway', 0), system.url('gateway', 1), system.url('courts', 0), system.url('courts', 1)]).size).toBe(4);
    expect([system.instance('courts', 1), system.instance('market'), system.replicas('tax'), system.replicas('credit')]).toEqual([
      'courts#1',
      'market',
      2,
      1,
    ]);
    expect(() => system.pid('market', 1)).toThrow('market runs 1 replica (numbered from 0): there is no replica 1');

    const pids = new Set<number>();
    for (const service of ['legacy', 'credit', ...DEPARTMENT_REGISTRY.map((d) => d.subgraph), 'gateway']) {
      for (let i = 0; i < system.replicas(service); i++) {
        const pid = system.pid(service, i)!;
        pids.add(pid);
        const env = environ(pid);
        expect(env.REDIS_URL, service).toBe(rs.redis!.url);
        expect(env.DATABASE_URL, service).toBe(rs.databaseUrl);
        if (service !== 'legacy') expect(env.REPLICAS, `${service} ${i}`).toBe(String(system.replicas(service)));
      }
    }
    // legacy, credit, seven departments with courts and tax twice, and two gateways.
    expect(pids.size).toBe(1 + 1 + DEPARTMENT_REGISTRY.length + 2 + 2);

    for (const g of [0, 1]) {
      const env = environ(system.pid('gateway', g)!);
      expect(env.COURTS_SUBGRAPH_URL).toBe(`${system.url('courts', 0)},${system.url('courts', 1)}`);
      expect(env.TAX_SUBGRAPH_URL).toBe(`${system.url('tax', 0)},${system.url('tax', 1)}`);
      expect(env.MARKET_SUBGRAPH_URL).toBe(system.url('market'));
      // Never two writers on one file: the second gateway has an audit file and a jobs folder of its own.
      expect(env.AUDIT_LOG_PATH).toBe(rs.auditLogPath(g));
      expect(env.BULK_JOBS_DIR).toBe(g === 0 ? undefined : join(rs.dir, 'jobs-1'));
    }
  });

  it('each gateway answers a complete check, and spreads its courts requests over both courts replicas', async () => {
    const clean = loadGoldenCases(today).find((c) => c.id === 'clean')!.uscc;
    for (const g of [0, 1]) {
      const r = await rs.query<{ enterprise: { creditCheck: { verdict: string; missingSources: string[] } } }>(
        g,
        `{ enterprise(uscc: "${clean}") { creditCheck(scenario: BIDDING) { verdict missingSources } } }`,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data!.enterprise.creditCheck).toEqual({ verdict: 'CLEAR', missingSources: [] });
    }
    for (const g of [0, 1]) {
      await rs.resetLegacyStats('courts');
      const before = [await courtsCalls(0), await courtsCalls(1)];
      await judicialOk(g, freshCodes(10));
      const a = (await courtsCalls(0)) - before[0]!;
      const b = (await courtsCalls(1)) - before[1]!;
      expect(a).toBeGreaterThan(0);
      expect(a).toBe(b);
      expect(a + b).toBe((await rs.legacyStats('courts')).calls);
    }
  });

  it('a courts replica killed and held down: both gateways answer every query through the other; restarted, it is back on its address', async () => {
    const url = rs.system.url('courts', 1);
    const pid = rs.system.pid('courts', 1)!;
    await rs.system.kill('courts', 1, { hold: true });
    expect(rs.system.pid('courts', 1)).toBeUndefined();
    expect(() => process.kill(pid, 0)).toThrow();
    await rs.resetLegacyStats('courts');
    const before = await courtsCalls(0);
    await judicialOk(0, freshCodes(6));
    await judicialOk(1, freshCodes(6));
    expect((await courtsCalls(0)) - before).toBe((await rs.legacyStats('courts')).calls);
    // Each gateway is still ready: one courts replica of two is.
    const ready = await fetch(new URL('/readyz', rs.system.url('gateway', 1)));
    expect(ready.status).toBe(200);
    const report = (await ready.json()) as { subgraphs: { courts: { ready: boolean; replicas: { ready: boolean }[] } } };
    expect(report.subgraphs.courts.ready).toBe(true);
    expect(report.subgraphs.courts.replicas.map((r) => r.ready)).toEqual([true, false]);

    await rs.system.restart('courts', 1);
    expect(rs.system.url('courts', 1)).toBe(url);
    expect(rs.system.pid('courts', 1)).not.toBe(pid);
    await rs.system.whenReady();
    // Gateway 0 passes over a replica that failed for a while (its cooldown): it comes back to it
    // after that, whatever the order. Checks until it does (bounded), each answered in full.
    const after = await courtsCalls(1);
    let checks = 0;
    while ((await courtsCalls(1)) === after && checks < 120) {
      await judicialOk(0, freshCodes(1));
      checks++;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await courtsCalls(1)).toBeGreaterThan(after);
  }, 120_000);

  it('a gateway replica killed: the other answers; restarted, it answers again on its address', async () => {
    const url = rs.system.url('gateway', 1)!;
    await rs.system.kill('gateway', 1, { hold: true });
    await expect(fetch(url, { method: 'POST' })).rejects.toThrow();
    await judicialOk(0, freshCodes(2));
    await rs.system.restart('gateway', 1);
    expect(rs.system.url('gateway', 1)).toBe(url);
    await judicialOk(1, freshCodes(2));
    await rs.system.whenReady();
  }, 120_000);
});
