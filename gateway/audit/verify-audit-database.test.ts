/**
 * `verifyAuditDatabase` and `npm run verify-audit -- --database <url>` on a real PostgreSQL: an
 * intact chain passes; each way of tampering with the tables is reported at its seq (exit 1); the
 * append-only triggers refuse changes made without disabling them; a store will not write after
 * tampering.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../../test/support/engines.js';
import { canonicalJson } from './canonical-json.js';
import { computeRecordHash } from './chain.js';
import { formatAnchor } from './audit-anchor.js';
import { openPostgresAuditStore, verifyAuditDatabase, type AuditAnchor, type AuditStore } from './index.js';
import { sampleEntry } from './fixtures/sample-entry.js';
import { tamper, testPools } from './fixtures/postgres.js';
import type { Pool } from '../../common/engines/index.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(repoRoot, 'node_modules/.bin/tsx');

let server: PostgresServer;
let dir: string;
beforeAll(async () => {
  server = await startPostgres();
  dir = await mkdtemp(join(tmpdir(), 'audit-verify-db-'));
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});
const pools = testPools(() => server);
const stores: AuditStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
  await pools.end();
});

/** A database holding a good chain of ten records written by a store; the head as it then was. */
async function tenRecords(): Promise<{ url: string; admin: Pool; store: AuditStore; head: AuditAnchor }> {
  const { url, admin } = await pools.database();
  const store = await openPostgresAuditStore({ pool: pools.pool(url, 'replica-a'), writer: 'replica-a' });
  stores.push(store);
  for (let i = 1; i <= 10; i++) await store.append(sampleEntry(i));
  return { url, admin, store, head: store.anchor() };
}

const hashAt = async (admin: Pool, seq: number) =>
  (await admin.query<{ hash: string }>('SELECT hash FROM audit_record WHERE seq = $1', [seq])).rows[0]!.hash;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return run(tsx, ['scripts/verify-audit.ts', ...args], { cwd: repoRoot, env }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );
}

describe('verifyAuditDatabase', () => {
  it('accepts an empty trail and an intact one; the head names the last record', async () => {
    const { admin } = await pools.database();
    expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: true, records: 0, lastSeq: null, head: { seq: 0 } });
    const good = await tenRecords();
    expect(await verifyAuditDatabase(good.admin, { pageSize: 3 })).toMatchObject({
      ok: true,
      records: 10,
      lastSeq: 10,
      lastHash: good.head.hash,
      head: { seq: 10, hash: good.head.hash },
      anchor: { kind: 'none' },
    });
  });

  /** [what was done, the SQL of it (triggers off), what the verifier says]. */
  const tampering: Array<[string, (admin: Pool) => Promise<void>, { reason: string; brokenAt: number; records: number }]> = [
    [
      'a field of record 4 UPDATEd',
      (admin) => tamper(admin, `UPDATE audit_record SET record = replace(record, '"outcome":"ANSWERED"', '"outcome":"REFUSED"') WHERE seq = 4`),
      { reason: 'HASH_MISMATCH', brokenAt: 4, records: 3 },
    ],
    [
      'record 4 rewritten with its own hash recomputed (and its hash column)',
      async (admin) => {
        const { rows } = await admin.query<{ record: string }>('SELECT record FROM audit_record WHERE seq = 4');
        const { hash: _h, ...rest } = JSON.parse(rows[0]!.record) as { hash: string; prevHash: string } & Record<string, unknown>;
        rest.outcome = 'REFUSED';
        rest.refusalCode = 'FORBIDDEN';
        const hash = computeRecordHash(rest);
        await tamper(admin, 'UPDATE audit_record SET record = $1, hash = $2 WHERE seq = 4', [canonicalJson({ ...rest, hash }), hash]);
      },
      { reason: 'PREV_HASH_MISMATCH', brokenAt: 5, records: 4 },
    ],
    [
      'record 5 DELETEd',
      (admin) => tamper(admin, 'DELETE FROM audit_record WHERE seq = 5'),
      { reason: 'PREV_HASH_MISMATCH', brokenAt: 6, records: 4 },
    ],
    [
      'record 1 DELETEd',
      (admin) => tamper(admin, 'DELETE FROM audit_record WHERE seq = 1'),
      { reason: 'PREV_HASH_MISMATCH', brokenAt: 2, records: 0 },
    ],
    [
      'records 9 and 10 cut from the end',
      (admin) => tamper(admin, 'DELETE FROM audit_record WHERE seq > 8'),
      { reason: 'HEAD_AHEAD', brokenAt: 9, records: 8 },
    ],
    ['every record cut', (admin) => tamper(admin, 'DELETE FROM audit_record'), { reason: 'HEAD_AHEAD', brokenAt: 1, records: 0 }],
    [
      'the head rewritten with another hash',
      (admin) => tamper(admin, `UPDATE audit_head SET hash = repeat('e', 64)`),
      { reason: 'HEAD_MISMATCH', brokenAt: 10, records: 10 },
    ],
    [
      'the head moved back (records left after it)',
      async (admin) => tamper(admin, 'UPDATE audit_head SET seq = 7, hash = $1', [await hashAt(admin, 7)]),
      { reason: 'HEAD_BEHIND', brokenAt: 8, records: 10 },
    ],
    ['the head row DELETEd', (admin) => tamper(admin, 'DELETE FROM audit_head'), { reason: 'HEAD_MISSING', brokenAt: 11, records: 10 }],
    [
      'the caller column of record 3 changed (hiding it from /audit?callerId=)',
      (admin) => tamper(admin, `UPDATE audit_record SET caller_id = 'someone-else' WHERE seq = 3`),
      { reason: 'COLUMN_MISMATCH', brokenAt: 3, records: 2 },
    ],
    [
      'the codes column of record 6 emptied (hiding it from /audit?uscc=)',
      (admin) => tamper(admin, `UPDATE audit_record SET codes = '{}' WHERE seq = 6`),
      { reason: 'COLUMN_MISMATCH', brokenAt: 6, records: 5 },
    ],
    [
      'record 8 replaced by other JSON',
      (admin) => tamper(admin, `UPDATE audit_record SET record = '{"note":"nothing here"}' WHERE seq = 8`),
      { reason: 'MALFORMED_RECORD', brokenAt: 8, records: 7 },
    ],
    [
      'record 2 cut short (not JSON)',
      (admin) => tamper(admin, 'UPDATE audit_record SET record = left(record, 40) WHERE seq = 2'),
      { reason: 'MALFORMED_RECORD', brokenAt: 2, records: 1 },
    ],
  ];
  it.each(tampering)('%s → broken at that seq, and the CLI exits 1 naming it', async (_name, act, expected) => {
    const { url, admin } = await tenRecords();
    await act(admin);
    expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: false, ...expected });
    const out = await cli('--database', url);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`record seq ${expected.brokenAt}: ${expected.reason}`);
  });

  it('names the missing record when one was deleted from the middle', async () => {
    const { admin } = await tenRecords();
    await tamper(admin, 'DELETE FROM audit_record WHERE seq IN (5, 6)');
    expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: false, brokenAt: 7, detail: expect.stringMatching(/no record 5–6 in the table/) });
  });

  it('records cut from the end with the head moved back pass the database alone, but not a copy of the head kept elsewhere', async () => {
    const { url, admin, head } = await tenRecords();
    await tamper(admin, 'DELETE FROM audit_record WHERE seq > 8');
    await tamper(admin, 'UPDATE audit_head SET seq = 8, hash = $1', [await hashAt(admin, 8)]);
    expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: true, records: 8 });
    expect(await verifyAuditDatabase(admin, { anchor: head })).toMatchObject({ ok: false, reason: 'BEHIND_ANCHOR', brokenAt: 9, records: 8 });
    const copy = join(dir, 'scraped.head');
    await writeFile(copy, formatAnchor(head));
    const out = await cli('--database', url, '--anchor', copy);
    expect(out).toMatchObject({ code: 1, stderr: expect.stringMatching(/record seq 9: BEHIND_ANCHOR/) });
  });

  it('a copy of the head whose record was replaced is ANCHOR_MISMATCH', async () => {
    const { admin, head } = await tenRecords();
    expect(await verifyAuditDatabase(admin, { anchor: { ...head, seq: 6, hash: 'f'.repeat(64) } })).toMatchObject({
      ok: false,
      reason: 'ANCHOR_MISMATCH',
      brokenAt: 6,
    });
    expect(await verifyAuditDatabase(admin, { anchor: { ...head, seq: 6, hash: await hashAt(admin, 6) } })).toMatchObject({
      ok: true,
      anchor: { kind: 'matched', recordsAfter: 4 },
    });
  });
});

describe('npm run verify-audit against the database', () => {
  it('prints OK (exit 0) with --database, and with DATABASE_URL when no path is given', async () => {
    const { url, head } = await tenRecords();
    const ok = await cli('--database', url);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      new RegExp(`^OK postgres://credit@127\\.0\\.0\\.1:\\d+/\\w+: 10 records, chain intact \\(last seq 10, hash ${head.hash}\\)`),
    );
    expect(ok.stdout).toMatch(/head \(moved .*\) names the last record/);
    const env = { ...process.env, DATABASE_URL: url };
    const viaEnv = await run(tsx, ['scripts/verify-audit.ts'], { cwd: repoRoot, env });
    expect(viaEnv.stdout).toMatch(/^OK .*: 10 records/);
  });

  it('exits 1 when the database cannot be reached, without printing its password', async () => {
    const out = await cli('--database', `postgres://credit:secret@127.0.0.1:${server.port}/no_such_database`);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^cannot verify postgres:\/\/credit:\*\*\*@127/);
    expect(out.stderr).not.toContain('secret');
  });
});

describe('append-only in the database', () => {
  it.each([
    ['UPDATE of a record', 'UPDATE audit_record SET writer = $$x$$ WHERE seq = 2'],
    ['DELETE of a record', 'DELETE FROM audit_record WHERE seq = 10'],
    ['TRUNCATE', 'TRUNCATE audit_record'],
    ['the head moved back', 'UPDATE audit_head SET seq = 3'],
    ['the head moved onto a record that is not there', `UPDATE audit_head SET seq = 11, hash = repeat('a', 64)`],
    ['the head DELETEd', 'DELETE FROM audit_head'],
  ])('%s is refused unless the triggers are disabled', async (_name, sql) => {
    const { admin } = await tenRecords();
    await expect(admin.query(sql)).rejects.toThrow(/append-only|only moves forward|must name a record/);
    expect(await verifyAuditDatabase(admin)).toMatchObject({ ok: true, records: 10 });
  });

  it('a store does not open on, nor write after, a tampered trail: fail closed rather than chain over it', async () => {
    const { url, admin, store } = await tenRecords();
    await tamper(admin, 'DELETE FROM audit_record WHERE seq = 10');
    await expect(store.append(sampleEntry(11))).rejects.toMatchObject({
      code: 'AUDIT_UNAVAILABLE',
      message: expect.stringMatching(/names record 10, which is not in audit_record.*npm run verify-audit/),
    });
    await expect(openPostgresAuditStore({ pool: pools.pool(url, 'replica-b') })).rejects.toMatchObject({
      code: 'AUDIT_UNAVAILABLE',
      message: expect.stringMatching(/cannot continue the audit trail/),
    });
    expect((await admin.query('SELECT count(*)::int AS n FROM audit_record')).rows[0].n).toBe(9);
  });
});
