import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog, verifyAuditLog } from './index.js';
import { sampleEntry } from './fixtures/sample-entry.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

let dir: string;
let original: string[]; // the lines of a good 10-record log
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-verify-'));
  const log = await openAuditLog({ path: join(dir, 'good.log') });
  for (let i = 1; i <= 10; i++) await log.append(sampleEntry(i));
  await log.close();
  original = (await readFile(join(dir, 'good.log'), 'utf8')).split('\n').slice(0, -1);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
async function fileOf(lines: string[], tail = '\n'): Promise<string> {
  const p = join(dir, `case-${++n}.log`);
  await writeFile(p, lines.join('\n') + tail);
  return p;
}
const edit = (k: number, f: (r: Record<string, unknown>) => void) =>
  original.map((l, i) => {
    if (i !== k - 1) return l;
    const r = JSON.parse(l) as Record<string, unknown>;
    f(r);
    return JSON.stringify(r);
  });

describe('verifyAuditLog', () => {
  it('accepts the untouched log', async () => {
    expect(await verifyAuditLog(await fileOf(original))).toMatchObject({ ok: true, records: 10, lastSeq: 10, tornTail: null });
  });

  it('accepts an empty log', async () => {
    expect(await verifyAuditLog(await fileOf([], ''))).toMatchObject({ ok: true, records: 0, lastSeq: null });
  });

  const tampering: Array<[string, () => string[], { brokenAt: number; reason: string; records: number }]> = [
    ['one field of record 4 changed', () => edit(4, (r) => (r.outcome = 'REFUSED')), { brokenAt: 4, reason: 'HASH_MISMATCH', records: 3 }],
    ['a nested field of record 7 changed', () => edit(7, (r) => ((r.caller as { id: string }).id = 'someone-else')), { brokenAt: 7, reason: 'HASH_MISMATCH', records: 6 }],
    ['record 1 changed', () => edit(1, (r) => (r.durationMs = 0.5)), { brokenAt: 1, reason: 'HASH_MISMATCH', records: 0 }],
    ['the time of record 10 changed', () => edit(10, (r) => (r.at = '2020-01-01T00:00:00.000Z')), { brokenAt: 10, reason: 'HASH_MISMATCH', records: 9 }],
    ['record 5 deleted', () => original.filter((_, i) => i !== 4), { brokenAt: 6, reason: 'PREV_HASH_MISMATCH', records: 4 }],
    ['record 1 deleted', () => original.slice(1), { brokenAt: 2, reason: 'PREV_HASH_MISMATCH', records: 0 }],
    ['records 3 and 4 swapped', () => [...original.slice(0, 2), original[3]!, original[2]!, ...original.slice(4)], { brokenAt: 4, reason: 'PREV_HASH_MISMATCH', records: 2 }],
    ['record 2 duplicated', () => [...original.slice(0, 2), original[1]!, ...original.slice(2)], { brokenAt: 2, reason: 'PREV_HASH_MISMATCH', records: 2 }],
    ['a garbage line inserted after record 6', () => [...original.slice(0, 6), 'not a record', ...original.slice(6)], { brokenAt: 7, reason: 'UNEXPLAINED_BYTES', records: 6 }],
    ['the hash field removed from record 5', () => edit(5, (r) => delete r.hash), { brokenAt: 5, reason: 'MALFORMED_RECORD', records: 4 }],
    ['record 8 replaced by other JSON', () => original.map((l, i) => (i === 7 ? '{"note":"nothing here"}' : l)), { brokenAt: 8, reason: 'MALFORMED_RECORD', records: 7 }],
    ['record 3 emptied', () => original.map((l, i) => (i === 2 ? '' : l)), { brokenAt: 4, reason: 'PREV_HASH_MISMATCH', records: 2 }],
  ];
  it.each(tampering)('%s → broken at that record', async (_name, lines, expected) => {
    expect(await verifyAuditLog(await fileOf(lines()))).toMatchObject({ ok: false, ...expected });
  });

  it('a forged record with a recomputed own hash still breaks the chain at the next record', async () => {
    const { createHash } = await import('node:crypto');
    const { canonicalJson } = await import('./canonical-json.js');
    const r5 = JSON.parse(original[4]!) as Record<string, unknown>;
    const { hash: _h, ...rest } = r5;
    rest.outcome = 'REFUSED';
    rest.refusalCode = 'FORBIDDEN';
    const forgedHash = createHash('sha256').update(String(rest.prevHash)).update(canonicalJson(rest)).digest('hex');
    const lines = original.map((l, i) => (i === 4 ? canonicalJson({ ...rest, hash: forgedHash }) : l));
    expect(await verifyAuditLog(await fileOf(lines))).toMatchObject({ ok: false, brokenAt: 6, reason: 'PREV_HASH_MISMATCH' });
  });

  it('reports a torn tail without failing, and catches torn bytes swapped after recovery', async () => {
    const torn = await fileOf(original, '\n{"seq":11,"at":"2024');
    expect(await verifyAuditLog(torn)).toMatchObject({ ok: true, records: 10, tornTail: { line: 11, bytes: 20 } });

    const log = await openAuditLog({ path: torn });
    await log.append(sampleEntry(11));
    await log.close();
    expect(await verifyAuditLog(torn)).toMatchObject({ ok: true, records: 11, tornTail: null });

    const text = await readFile(torn, 'utf8');
    const swapped = await fileOf([text.replace('{"seq":11,"at":"2024', '{"seq":11,"at":"2099')], '');
    expect(await verifyAuditLog(swapped)).toMatchObject({ ok: false, brokenAt: 11, reason: 'UNEXPLAINED_BYTES' });
  });

  it('scripts/verify-audit.ts prints OK (exit 0) or the broken record (exit 1)', async () => {
    const good = await fileOf(original);
    const bad = await fileOf(edit(3, (r) => (r.purpose = 'AUDIT')));
    const tsx = join(repoRoot, 'node_modules/.bin/tsx');
    const ok = await run(tsx, ['scripts/verify-audit.ts', good], { cwd: repoRoot });
    expect(ok.stdout).toMatch(/^OK .*: 10 records/);
    const viaEnv = await run(tsx, ['scripts/verify-audit.ts'], { cwd: repoRoot, env: { ...process.env, AUDIT_LOG_PATH: good } });
    expect(viaEnv.stdout).toMatch(/^OK .*: 10 records/);
    const failed = await run(tsx, ['scripts/verify-audit.ts', bad], { cwd: repoRoot }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/BROKEN .*record seq 3 \(line 3\): HASH_MISMATCH/);
    await appendFile(good, ''); // keep `good` intact for the other tests
  });
});
