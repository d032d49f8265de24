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
let anchor: string; // its anchor file (seq 10)
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-verify-'));
  const log = await openAuditLog({ path: join(dir, 'good.log') });
  for (let i = 1; i <= 10; i++) await log.append(sampleEntry(i));
  await log.close();
  original = (await readFile(join(dir, 'good.log'), 'utf8')).split('\n').slice(0, -1);
  anchor = await readFile(join(dir, 'good.log.head'), 'utf8');
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
/** The same, with the good log's anchor (or another one) beside it as `<path>.head`. */
async function anchoredFileOf(lines: string[], tail = '\n', head = anchor): Promise<string> {
  const p = await fileOf(lines, tail);
  await writeFile(`${p}.head`, head);
  return p;
}
const headOf = (seq: number, hash: string) => JSON.stringify({ at: '2024-05-06T07:08:09.000Z', hash, seq });
const hashOf = (k: number) => (JSON.parse(original[k - 1]!) as { hash: string }).hash;
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
    [
      'a nested field of record 7 changed',
      () => edit(7, (r) => ((r.caller as { id: string }).id = 'someone-else')),
      { brokenAt: 7, reason: 'HASH_MISMATCH', records: 6 },
    ],
    ['record 1 changed', () => edit(1, (r) => (r.durationMs = 0.5)), { brokenAt: 1, reason: 'HASH_MISMATCH', records: 0 }],
    [
      'the time of record 10 changed',
      () => edit(10, (r) => (r.at = '2020-01-01T00:00:00.000Z')),
      { brokenAt: 10, reason: 'HASH_MISMATCH', records: 9 },
    ],
    ['record 5 deleted', () => original.filter((_, i) => i !== 4), { brokenAt: 6, reason: 'PREV_HASH_MISMATCH', records: 4 }],
    ['record 1 deleted', () => original.slice(1), { brokenAt: 2, reason: 'PREV_HASH_MISMATCH', records: 0 }],
    [
      'records 3 and 4 swapped',
      () => [...original.slice(0, 2), original[3]!, original[2]!, ...original.slice(4)],
      { brokenAt: 4, reason: 'PREV_HASH_MISMATCH', records: 2 },
    ],
    [
      'record 2 duplicated',
      () => [...original.slice(0, 2), original[1]!, ...original.slice(2)],
      { brokenAt: 2, reason: 'PREV_HASH_MISMATCH', records: 2 },
    ],
    [
      'a garbage line inserted after record 6',
      () => [...original.slice(0, 6), 'not a record', ...original.slice(6)],
      { brokenAt: 7, reason: 'UNEXPLAINED_BYTES', records: 6 },
    ],
    ['the hash field removed from record 5', () => edit(5, (r) => delete r.hash), { brokenAt: 5, reason: 'MALFORMED_RECORD', records: 4 }],
    [
      'record 8 replaced by other JSON',
      () => original.map((l, i) => (i === 7 ? '{"note":"nothing here"}' : l)),
      { brokenAt: 8, reason: 'MALFORMED_RECORD', records: 7 },
    ],
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
    const torn = await anchoredFileOf(original, '\n{"seq":11,"at":"2024');
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
    const good = await anchoredFileOf(original);
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

describe('verifyAuditLog: the end of the log and its anchor', () => {
  const tsx = join(repoRoot, 'node_modules/.bin/tsx');
  const cli = (...args: string[]) =>
    run(tsx, ['scripts/verify-audit.ts', ...args], { cwd: repoRoot }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
  const rewriteLast = (f: (line: string) => string) => [...original.slice(0, -1), f(original.at(-1)!)];

  it('accepts the untouched log with its anchor: the anchor names the last record', async () => {
    const p = await anchoredFileOf(original);
    expect(await verifyAuditLog(p)).toMatchObject({
      ok: true,
      records: 10,
      anchor: { kind: 'matched', recordsAfter: 0, anchor: { seq: 10, hash: hashOf(10) } },
    });
    expect(await cli(p)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK .*\nanchor .* names the last record/) });
  });

  // The finding: a complete last line whose `}` was rewritten used to verify as "OK … torn tail".
  const rewrites: Array<[string, (line: string) => string]> = [
    ['final } replaced by a space', (l) => l.slice(0, -1) + ' '],
    ['final } deleted', (l) => l.slice(0, -1)],
    ['final } replaced by ]', (l) => l.slice(0, -1) + ']'],
    ['cut to its first 40 bytes', (l) => l.slice(0, 40)],
  ];
  it.each(rewrites)('a last record with its %s (newline kept) is tampering, with or without the anchor', async (_name, f) => {
    const expected = { ok: false, reason: 'DAMAGED_LAST_LINE', brokenAt: 10, line: 10, records: 9 };
    expect(await verifyAuditLog(await fileOf(rewriteLast(f)))).toMatchObject(expected);
    const p = await anchoredFileOf(rewriteLast(f));
    expect(await verifyAuditLog(p)).toMatchObject(expected);
    const out = await cli(p);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/BROKEN .*record seq 10 \(line 10\): DAMAGED_LAST_LINE\n .*line 10 ends with a newline but is not a valid record/);
  });

  it('a last record rewritten and its newline removed looks like a torn tail: only the anchor shows it', async () => {
    const lines = rewriteLast((l) => l.slice(0, -1));
    expect(await verifyAuditLog(await fileOf(lines, ''))).toMatchObject({ ok: true, records: 9, tornTail: { line: 10 } });
    expect(await verifyAuditLog(await anchoredFileOf(lines, ''))).toMatchObject({ ok: false, reason: 'BEHIND_ANCHOR', brokenAt: 10, line: 10 });
  });

  it.each([
    ['the last record', 9],
    ['the last three records', 7],
    ['every record', 0],
  ])('%s cut from the end (whole lines) is detected through the anchor', async (_name, keep) => {
    const p = await anchoredFileOf(original.slice(0, keep), keep === 0 ? '' : '\n');
    expect(await verifyAuditLog(p)).toMatchObject({ ok: false, reason: 'BEHIND_ANCHOR', brokenAt: keep + 1, line: keep + 1, records: keep });
    // Without the anchor the chain alone cannot tell.
    expect(await verifyAuditLog(p, { anchorPath: false })).toMatchObject({ ok: true, records: keep });
    const out = await cli(p);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/BEHIND_ANCHOR\n .*says record 10 was written: records were cut from the end/);
  });

  it('an anchor that lags (a crash between the fsync and the anchor write) is accepted: the log may be ahead, never behind', async () => {
    const p = await anchoredFileOf(original, '\n', headOf(8, hashOf(8)));
    expect(await verifyAuditLog(p)).toMatchObject({ ok: true, records: 10, anchor: { kind: 'matched', anchor: { seq: 8 }, recordsAfter: 2 } });
    expect((await cli(p)).stdout).toMatch(/names record 8; the 2 records after it were written by a group commit whose anchor write a crash cut off/);
  });

  it('the record at the anchor seq with another hash (a replaced tail that chains) is ANCHOR_MISMATCH', async () => {
    const p = await anchoredFileOf(original, '\n', headOf(8, hashOf(7)));
    expect(await verifyAuditLog(p)).toMatchObject({ ok: false, reason: 'ANCHOR_MISMATCH', brokenAt: 8, line: 8 });
  });

  it('a copy of the anchor kept elsewhere can be given with --anchor', async () => {
    const p = await fileOf(original.slice(0, 9));
    const copy = join(dir, `kept-${n}.head`);
    await writeFile(copy, anchor);
    expect(await verifyAuditLog(p, { anchorPath: copy })).toMatchObject({ ok: false, reason: 'BEHIND_ANCHOR' });
    expect(await cli(p, '--anchor', copy)).toMatchObject({ code: 1, stderr: expect.stringMatching(/BEHIND_ANCHOR/) });
  });

  it('a complete non-record line after the last record passes only when the anchor names that record (a second crash in the recovery write)', async () => {
    const tail = '\n{"at":"2024-05-06T07:08:09.000Z","cal\n{"at":"2024';
    expect(await verifyAuditLog(await anchoredFileOf(original, tail))).toMatchObject({ ok: true, records: 10, tornTail: { line: 11 } });
    expect(await verifyAuditLog(await fileOf(original, tail))).toMatchObject({ ok: false, reason: 'DAMAGED_LAST_LINE', line: 11 });
    expect(await verifyAuditLog(await anchoredFileOf(original, tail, headOf(9, hashOf(9))))).toMatchObject({
      ok: false,
      reason: 'DAMAGED_LAST_LINE',
    });
  });

  it('no anchor: the function says so, the CLI exits 1 (UNANCHORED) until --init-anchor anchors the verified log', async () => {
    const p = await fileOf(original);
    expect(await verifyAuditLog(p)).toMatchObject({ ok: true, anchor: { kind: 'missing', path: `${p}.head` } });
    const out = await cli(p);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^UNANCHORED .*: 10 records, chain intact .*--init-anchor/s);
    expect(await cli('--init-anchor', p)).toMatchObject({ code: 0, stdout: expect.stringMatching(`ANCHORED .*: seq 10, hash ${hashOf(10)}`) });
    expect(await cli(p)).toMatchObject({ code: 0 });
    expect(await cli('--init-anchor', await fileOf(edit(4, (r) => (r.outcome = 'REFUSED'))))).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/chain is broken at record 4/),
    });
    // An empty log (no gateway has opened it yet) needs no anchor.
    expect(await cli(await fileOf([], ''))).toMatchObject({ code: 0 });
  });

  it('an anchor file that is not an anchor is an error, not a pass', async () => {
    const p = await anchoredFileOf(original, '\n', '{"seq":10,"hash":"nope"}');
    await expect(verifyAuditLog(p)).rejects.toThrow(/is not \{seq, hash, at\}/);
    expect(await cli(p)).toMatchObject({ code: 1, stderr: expect.stringMatching(/cannot verify/) });
  });
});

describe('verifyAuditLog: records from before operators were kept', () => {
  it('verifies a log whose older records have no operator and newer ones do (npm run verify-audit too); a changed operator breaks it', async () => {
    const p = join(dir, 'operators.log');
    // Written by a gateway that did not keep operators: no `operator` field at all.
    const before = await openAuditLog({ path: p });
    for (let i = 1; i <= 3; i++) await before.append(sampleEntry(i));
    await before.close();
    const after = await openAuditLog({ path: p });
    await after.append({ ...sampleEntry(4), operator: { id: 'HB0451', name: '张三', how: 'asserted' } });
    await after.append({ ...sampleEntry(5), operator: { id: 'HB0452', name: null, how: 'verified' } });
    await after.append({ ...sampleEntry(6), operator: null });
    await after.close();
    const lines = (await readFile(p, 'utf8')).split('\n').slice(0, -1);
    expect(lines.map((l) => (JSON.parse(l) as { operator?: unknown }).operator)).toEqual([
      undefined,
      undefined,
      undefined,
      { id: 'HB0451', name: '张三', how: 'asserted' },
      { id: 'HB0452', name: null, how: 'verified' },
      null,
    ]);
    expect(await verifyAuditLog(p)).toMatchObject({ ok: true, records: 6, lastSeq: 6 });
    const tsx = join(repoRoot, 'node_modules/.bin/tsx');
    expect((await run(tsx, ['scripts/verify-audit.ts', p], { cwd: repoRoot })).stdout).toMatch(/^OK .*: 6 records/);

    const asVerified = lines.map((l, i) => (i === 3 ? l.replace('"how":"asserted"', '"how":"verified"') : l));
    expect(asVerified[3]).toContain('"how":"verified"');
    expect(await verifyAuditLog(await fileOf(asVerified))).toMatchObject({ ok: false, brokenAt: 4, reason: 'HASH_MISMATCH' });
    const added = lines.map((l, i) => (i === 1 ? l.replace('"caller":', '"operator":{"how":"verified","id":"HB0999","name":null},"caller":') : l));
    expect(await verifyAuditLog(await fileOf(added))).toMatchObject({ ok: false, brokenAt: 2, reason: 'HASH_MISMATCH' });
  });
});
