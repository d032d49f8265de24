import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createSharedPool } from '../../common/engines/index.js';
import { freePort } from '../../test/support/engines.js';
import { openAuditLog } from '../audit/index.js';
import type { AdmittedRequest } from '../subgraph-data-source.js';
import { BulkJobs } from './bulk-jobs.js';
import { PgJobStore } from './pg-job-store.js';

const dir = mkdtempSync(join(tmpdir(), 'bulk-jobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const admitted: AdmittedRequest = {
  requestId: 'r-1',
  caller: { id: 'dev-trading-platform', name: 'platform', kind: 'TRADING_PLATFORM', scopes: ['bulk:read'] },
  operator: null,
  purpose: 'BIDDER_CHECK',
  reference: 'T-2026-011',
  releasedCodes: [],
};

async function codeOf(p: Promise<unknown>): Promise<unknown> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphQLError);
  return (err as GraphQLError).extensions.code;
}

describe('BulkJobs while its database cannot be reached', () => {
  it('accepts no job and records nothing of it, and says the store is away rather than that a job does not exist', async () => {
    // A port nothing listens on: every connection is refused.
    const pool = createSharedPool(`postgres://credit@127.0.0.1:${await freePort()}/none`, { name: 'test', connectionTimeoutMs: 500 });
    const auditPath = join(dir, 'audit.log');
    const audit = await openAuditLog({ path: auditPath });
    const jobs = new BulkJobs({ store: new PgJobStore(pool, { migrate: false }), audit });
    try {
      expect(await codeOf(jobs.submit(admitted, { codes: ['914205020361824755'], scenario: 'BIDDING' }))).toBe('JOB_STORE_UNAVAILABLE');
      expect(await codeOf(jobs.read(admitted, randomUUID()))).toBe('JOB_STORE_UNAVAILABLE');
      // An id that is not one is still not found (no database needed to say so).
      expect(await codeOf(jobs.read(admitted, 'nope'))).toBe('JOB_NOT_FOUND');
      // No submission record: the job was never accepted.
      expect(readFileSync(auditPath, 'utf8')).not.toMatch(/submitBulkCheck/);
    } finally {
      await jobs.stop();
      await audit.close();
      await pool.end();
    }
  });
});
