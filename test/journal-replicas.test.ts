/**
 * 自动反馈 across credit replicas: with `DATABASE_URL`, a check answered through the gateway by one
 * credit subgraph is found by another credit subgraph on the same database, so the handling system's
 * feedback may reach either replica; and either replica's case report holds it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pgClient from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { creditSubgraph } from '../subgraphs/credit/index.js';
import type { RunningServer } from '../subgraphs/shared/index.js';
import { startPostgres, type PostgresServer } from './support/engines.js';
import { signedFetch } from './support/signed-fetch.js';
import { startStack, type AsCaller, type Stack } from './support/stack.js';

const HALL: AsCaller = { key: 'dev-service-hall', purpose: 'ADMINISTRATIVE_LICENSING' };
let pg: PostgresServer;
let databaseUrl: string;
let stack: Stack;
/** A second credit replica on the same database, reached directly as the gateway would. */
let replicaB: RunningServer;

beforeAll(async () => {
  pg = await startPostgres();
  databaseUrl = await pg.createDatabase();
  stack = await startStack({ datasetSize: 20, env: { DATABASE_URL: databaseUrl } });
  replicaB = await creditSubgraph.start(
    creditSubgraph.loadConfig({
      CREDIT_SUBGRAPH_PORT: '0',
      DATABASE_URL: databaseUrl,
      CREDIT_JOURNAL_DIR: mkdtempSync(join(tmpdir(), 'credit-b-')),
    }),
  );
});
afterAll(async () => {
  await replicaB?.stop();
  await stack?.stop();
  await pg?.stop();
});

async function throughB<T>(query: string, variables: Record<string, unknown>): Promise<{ data?: T; errors?: { extensions?: { code?: string } }[] }> {
  const res = await signedFetch(replicaB.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as never;
}

async function checkThroughGateway(id: string, scenario: string) {
  const r = await stack.query<{ enterprise: { creditCheck: { checkId: string; checkedAt: string; flags: { measure: { code: string } }[] } } }>(
    `{ enterprise(uscc: "${stack.goldenCase(id).uscc}") { creditCheck(scenario: ${scenario}) { checkId checkedAt flags { measure { code } } } } }`,
    {},
    HALL,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.enterprise.creditCheck;
}

const REPORT = `mutation($i: CheckOutcomeInput!) { reportCheckOutcome(input: $i) { checkId applied measureCodes } }`;

describe('feedback through another credit replica', () => {
  it('is accepted for a check with measures and for a clear one, and is in the case report of both replicas', async () => {
    const flagged = await checkThroughGateway('dishonest-debtor', 'BIDDING');
    expect(flagged.flags.map((f) => f.measure.code)).toContain('RESTRICT-BID-DISHONEST-DEBTOR');
    const clean = await checkThroughGateway('clean', 'BIDDING');
    expect(clean.flags).toEqual([]);

    const onFlagged = await throughB(REPORT, {
      i: { checkId: flagged.checkId, applied: true, measureCodes: ['RESTRICT-BID-DISHONEST-DEBTOR'], reason: '按招标文件规定的处理方法限制' },
    });
    expect(onFlagged.errors).toBeUndefined();
    // A clear check is known to B too: feedback on it does not depend on the replica it reaches.
    const onClean = await throughB(REPORT, { i: { checkId: clean.checkId, applied: false, measureCodes: [], reason: '无惩戒措施，正常受理' } });
    expect(onClean.errors).toBeUndefined();
    // B still checks what the check found: a measure it did not find is refused.
    const wrong = await throughB(REPORT, {
      i: { checkId: clean.checkId, applied: true, measureCodes: ['RESTRICT-BID-DISHONEST-DEBTOR'], reason: 'x' },
    });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await throughB(REPORT, { i: { checkId: 'CHK-20260101-0000000000000000', applied: false, measureCodes: [], reason: 'x' } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('CHECK_NOT_FOUND');

    type Report = { caseRecords: { records: { checkId: string; feedback: { applied: boolean } | null }[] } };
    const q = `query($m: String!) { caseRecords(month: $m) { records { checkId feedback { applied } } } }`;
    const month = flagged.checkedAt.slice(0, 7);
    const viaGateway = await stack.query<Report>(q, { m: month }, HALL);
    const viaB = await throughB<Report>(q, { m: month });
    expect(viaB.data).toEqual(viaGateway.data);
    const records = viaB.data!.caseRecords.records;
    expect(records.find((r) => r.checkId === flagged.checkId)?.feedback).toEqual({ applied: true });
    expect(records.map((r) => r.checkId)).not.toContain(clean.checkId);
  });
});

describe('while PostgreSQL refuses connections', () => {
  /** The database refuses new connections and its open ones are ended (a stopped or failed-over server). */
  async function database(allow: boolean): Promise<void> {
    const name = new URL(databaseUrl).pathname.slice(1);
    const admin = new pgClient.Client({ connectionString: pg.url });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS ${allow}`);
      if (!allow) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    } finally {
      await admin.end();
    }
  }

  it('checks are still answered (and journaled when it is back); feedback is refused with JOURNAL_UNAVAILABLE', async () => {
    await database(false);
    let during: Awaited<ReturnType<typeof checkThroughGateway>>;
    try {
      during = await checkThroughGateway('serious-illegal', 'BIDDING');
      expect(during.flags.length).toBeGreaterThan(0);
      const refused = await throughB(REPORT, { i: { checkId: during.checkId, applied: false, measureCodes: [], reason: '稍后处理' } });
      expect(refused.errors?.[0]?.extensions?.code).toBe('JOURNAL_UNAVAILABLE');
      // Nothing about the database reaches the caller.
      expect(JSON.stringify(refused)).not.toMatch(/127\.0\.0\.1|5432|postgres|connection/i);
    } finally {
      await database(true);
    }
    // Replica A writes what it kept; then B finds the check made during the outage.
    await vi.waitFor(
      async () => {
        const r = await throughB(REPORT, { i: { checkId: during.checkId, applied: false, measureCodes: [], reason: '异议复核中' } });
        expect(r.errors).toBeUndefined();
      },
      { timeout: 20_000, interval: 200 },
    );
  });
});
