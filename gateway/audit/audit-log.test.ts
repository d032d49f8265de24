import { mkdtemp, readFile, rm, appendFile, copyFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditEntryError, AuditWriteError, openAuditLog, verifyAuditLog, type AuditRecord } from './index.js';
import { nodeAuditIo, type AuditIo } from './audit-file.js';
import { GENESIS_HASH, recomputeHash } from './chain.js';
import { sampleEntry } from './fixtures/sample-entry.js';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-log-'));
  path = join(dir, 'sub', 'audit.log');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readRecords(p: string): Promise<AuditRecord[]> {
  const text = await readFile(p, 'utf8');
  const records: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    try {
      records.push(JSON.parse(line) as AuditRecord);
    } catch {
      // torn line
    }
  }
  return records;
}

/** node:fs with switchable faults: fail writes, or write only part of a buffer and then fail. */
function faultyIo() {
  const state = { failWrites: false, partialThenFail: false, partialBytes: null as number | null, failSync: false, failAnchor: false };
  const io: AuditIo = {
    async replaceFile(p, data) {
      if (state.failAnchor) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      const { replaceFileDurably } = await import('./audit-anchor.js');
      return replaceFileDurably(p, data);
    },
    async open(p) {
      const file = await nodeAuditIo.open(p);
      return {
        ...file,
        async write(buffer) {
          if (state.partialThenFail) {
            state.partialThenFail = false;
            state.failWrites = true;
            return file.write(buffer.subarray(0, state.partialBytes ?? Math.floor(buffer.length * 0.6)));
          }
          if (state.failWrites) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
          return file.write(buffer);
        },
        async sync() {
          if (state.failSync) throw Object.assign(new Error('i/o error'), { code: 'EIO' });
          return file.sync();
        },
      };
    },
  };
  return { io, state };
}

describe('openAuditLog', () => {
  it('writes a hash chain that verifies, starting from 64 zeros, and continues it after reopening', async () => {
    const clock = () => new Date('2024-05-06T07:08:09.000Z');
    const log = await openAuditLog({ path, clock });
    const r1 = await log.append(sampleEntry(1));
    const r2 = await log.append(sampleEntry(2, { outcome: 'REFUSED', refusalCode: 'PURPOSE_REQUIRED', purpose: null }));
    await log.close();

    const reopened = await openAuditLog({ path, clock });
    const r3 = await reopened.append(sampleEntry(3));
    await reopened.close();

    expect([r1.seq, r2.seq, r3.seq]).toEqual([1, 2, 3]);
    const records = await readRecords(path);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(records[0]!.prevHash).toBe(GENESIS_HASH);
    expect(records[1]!.prevHash).toBe(records[0]!.hash);
    expect(records[2]!.prevHash).toBe(r2.hash);
    expect(records[2]!.hash).toBe(r3.hash);
    expect(records[0]!.at).toBe('2024-05-06T07:08:09.000Z');
    expect(records[1]).toMatchObject({ outcome: 'REFUSED', refusalCode: 'PURPOSE_REQUIRED', purpose: null });
    for (const r of records) expect(recomputeHash(r as never)).toBe(r.hash);
    expect(records.some((r) => 'recovery' in r)).toBe(false);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 3, lastSeq: 3, lastHash: r3.hash, tornTail: null });
  });

  it('group-commits 2,000 concurrent appends: all present, in seq order, chain valid, fewer fsyncs than records', async () => {
    const log = await openAuditLog({ path });
    const receipts = await Promise.all(Array.from({ length: 2000 }, (_, i) => log.append(sampleEntry(i))));
    const stats = log.stats();
    await log.close();

    expect(receipts.map((r) => r.seq)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    const records = await readRecords(path);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    // Appends keep their call order: record i holds request i.
    expect(records.map((r) => r.requestId)).toEqual(Array.from({ length: 2000 }, (_, i) => `req-${i}`));
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 2000 });
    expect(stats.records).toBe(2000);
    expect(stats.fsyncs).toBeGreaterThan(0);
    expect(stats.fsyncs).toBeLessThan(stats.records);
    console.log(`group commit: ${stats.records} records, ${stats.fsyncs} fsyncs`);
  });

  it('group-commits appends that arrive while an fsync runs (staggered load)', async () => {
    const log = await openAuditLog({ path });
    const all: Promise<unknown>[] = [];
    for (let wave = 0; wave < 20; wave++) {
      for (let i = 0; i < 25; i++) all.push(log.append(sampleEntry(wave * 25 + i)));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    const stats = log.stats();
    await log.close();
    expect(stats.records).toBe(500);
    expect(stats.fsyncs).toBeGreaterThan(1);
    expect(stats.fsyncs).toBeLessThan(500);
    console.log(`group commit (20 waves of 25): ${stats.records} records, ${stats.fsyncs} fsyncs`);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 500 });
  });

  it('group-commits under closed-loop load: 50 workers each appending 40 records one after another', async () => {
    const log = await openAuditLog({ path });
    const acked: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, async (_, w) => {
        for (let i = 0; i < 40; i++) acked.push((await log.append(sampleEntry(w * 40 + i))).seq);
      }),
    );
    const stats = log.stats();
    await log.close();
    expect(acked).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1)); // acknowledged in seq order
    expect(stats.records).toBe(2000);
    expect(stats.fsyncs).toBeLessThan(2000 / 10);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 2000 });
    console.log(`group commit (50 workers × 40): ${stats.records} records, ${stats.fsyncs} fsyncs`);
  });

  it('fails closed when the disk is full (/dev/full: every write is ENOSPC)', async () => {
    const log = await openAuditLog({ path: '/dev/full', anchorPath: join(dir, 'full.head') });
    const results = await Promise.allSettled([log.append(sampleEntry(1)), log.append(sampleEntry(2))]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const err = (r as PromiseRejectedResult).reason as AuditWriteError;
      expect(err).toBeInstanceOf(AuditWriteError);
      expect(err.code).toBe('AUDIT_UNAVAILABLE');
      expect(err.errno).toBe('ENOSPC');
    }
    // It keeps trying for later records rather than giving up for good.
    await expect(log.append(sampleEntry(3))).rejects.toBeInstanceOf(AuditWriteError);
    expect(log.stats()).toMatchObject({ records: 0, fsyncs: 0, failedAppends: 3 });
    await log.close();
  });

  it('fails closed when the log cannot be opened', async () => {
    await expect(openAuditLog({ path: '/proc/version/audit.log' })).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
  });

  it('recovers when the disk comes back: later records are written, in order, with a recovery note', async () => {
    const { io, state } = faultyIo();
    const log = await openAuditLog({ path, io });
    await log.append(sampleEntry(1));
    state.failWrites = true;
    await expect(log.append(sampleEntry(2))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', errno: 'ENOSPC' });
    await expect(log.append(sampleEntry(3))).rejects.toBeInstanceOf(AuditWriteError);
    state.failWrites = false;
    const r4 = await log.append(sampleEntry(4));
    const r5 = await log.append(sampleEntry(5));
    await log.close();

    expect([r4.seq, r5.seq]).toEqual([2, 3]);
    const records = await readRecords(path);
    expect(records.map((r) => r.requestId)).toEqual(['req-1', 'req-4', 'req-5']);
    expect(records[1]!.recovery).toEqual({
      reason: 'WRITE_FAILED',
      skippedBytes: 0,
      skippedSha256: null,
      failedAppends: 2,
      lastError: 'ENOSPC',
      unacknowledged: null,
    });
    expect(records[2]!.recovery).toBeUndefined();
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 3 });
  });

  it('after a write cut short mid-round, continues from the last whole record and accounts for the torn bytes', async () => {
    const { io, state } = faultyIo();
    const log = await openAuditLog({ path, io });
    await log.append(sampleEntry(1));
    state.partialThenFail = true; // 60% of the round's buffer reaches the file, then ENOSPC
    const round = await Promise.allSettled([2, 3, 4].map((i) => log.append(sampleEntry(i))));
    expect(round.every((r) => r.status === 'rejected')).toBe(true);
    state.failWrites = false;
    const after = await log.append(sampleEntry(5));
    await log.close();

    const records = await readRecords(path);
    // 60% of three records: record 2 is whole (written, not acknowledged), record 3 is torn.
    expect(records.map((r) => r.requestId)).toEqual(['req-1', 'req-2', 'req-5']);
    expect(after.seq).toBe(3);
    const recovery = records[2]!.recovery!;
    expect(recovery).toMatchObject({ reason: 'WRITE_FAILED', failedAppends: 3, lastError: 'ENOSPC', unacknowledged: { fromSeq: 2, toSeq: 2 } });
    expect(recovery.skippedBytes).toBeGreaterThan(0);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 3, tornTail: null });
  });

  it('rejects appends whose fsync fails', async () => {
    const { io, state } = faultyIo();
    const log = await openAuditLog({ path, io });
    state.failSync = true;
    await expect(log.append(sampleEntry(1))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', errno: 'EIO' });
    state.failSync = false;
    await log.append(sampleEntry(2));
    await log.close();
    const records = await readRecords(path);
    // Record 1 reached the file but was never acknowledged: the next record says so.
    expect(records.map((r) => r.requestId)).toEqual(['req-1', 'req-2']);
    expect(records[1]!.recovery).toMatchObject({ reason: 'WRITE_FAILED', unacknowledged: { fromSeq: 1, toSeq: 1 } });
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 2 });
  });

  it('starts a new line after a torn tail and records it in the next record', async () => {
    const log = await openAuditLog({ path });
    await log.append(sampleEntry(1));
    await log.close();
    const torn = '{"caller":{"id":"hall-wu';
    await appendFile(path, torn);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 1, tornTail: { line: 2, bytes: torn.length } });

    const reopened = await openAuditLog({ path });
    const r = await reopened.append(sampleEntry(2));
    await reopened.close();
    expect(r.seq).toBe(2);
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines[1]).toBe(torn);
    const rec = JSON.parse(lines[2]!) as AuditRecord;
    expect(rec.recovery).toMatchObject({ reason: 'TORN_TAIL', skippedBytes: torn.length + 1, failedAppends: 0, unacknowledged: null });
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 2, tornTail: null });
  });

  it('refuses to continue a log whose last record was modified', async () => {
    const log = await openAuditLog({ path });
    await log.append(sampleEntry(1));
    await log.close();
    const text = await readFile(path, 'utf8');
    await rm(path);
    await appendFile(path, text.replace('"outcome":"ANSWERED"', '"outcome":"REFUSED"'));
    await expect(openAuditLog({ path })).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
  });

  it('refuses to continue a log whose tail is JSON but not a record', async () => {
    const log = await openAuditLog({ path });
    await log.append(sampleEntry(1));
    await log.close();
    await appendFile(path, '{"note":"added by hand"}\n');
    await expect(openAuditLog({ path })).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', message: /JSON but not a record/ });
  });

  it('rejects an invalid entry with AUDIT_ENTRY_INVALID and writes nothing', async () => {
    const log = await openAuditLog({ path });
    const cases: unknown[] = [
      { ...sampleEntry(1), resultHash: 'nope' },
      { ...sampleEntry(1), variables: { idNumber: '420502199001011234' } }, // unknown field
      { ...sampleEntry(1), caller: null }, // only a REFUSED record may lack a caller
      { ...sampleEntry(1), outcome: 'REFUSED', refusalCode: null },
      { ...sampleEntry(1), codes: { list: ['A', 'B'], total: 1 } },
      { ...sampleEntry(1), operator: { id: 'HB0451', name: null, how: 'claimed' } }, // asserted or verified only
      { ...sampleEntry(1), operator: { id: 'HB0451', name: null, how: 'asserted', phone: '13800000000' } }, // nothing else about the person
      { ...sampleEntry(1), operator: { id: '', name: null, how: 'asserted' } },
    ];
    for (const c of cases) {
      await expect(log.append(c as never)).rejects.toBeInstanceOf(AuditEntryError);
    }
    await log.append(sampleEntry(2, { caller: null, outcome: 'REFUSED', refusalCode: 'UNAUTHENTICATED' }));
    await log.close();
    expect((await readRecords(path)).map((r) => r.seq)).toEqual([1]);
  });

  it('refuses new appends once closed and when too many are waiting', async () => {
    const log = await openAuditLog({ path, maxPending: 3 });
    const settled = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => log.append(sampleEntry(i))));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    await log.close();
    await expect(log.append(sampleEntry(9))).rejects.toBeInstanceOf(AuditWriteError);
  });
});

const anchorOf = async (p: string) => JSON.parse(await readFile(`${p}.head`, 'utf8')) as { seq: number; hash: string; at: string };

describe('openAuditLog and the end of the file (tail integrity, anchor)', () => {
  async function logOf(n: number): Promise<string[]> {
    const log = await openAuditLog({ path });
    for (let i = 1; i <= n; i++) await log.append(sampleEntry(i));
    await log.close();
    return (await readFile(path, 'utf8')).split('\n').slice(0, -1);
  }

  it('anchors the head after every group commit: <log>.head = {seq, hash, at} of the last acknowledged record', async () => {
    const log = await openAuditLog({ path });
    expect(await anchorOf(path)).toMatchObject({ seq: 0, hash: GENESIS_HASH }); // first start
    const r1 = await log.append(sampleEntry(1));
    // Written beside the next round, not before the acknowledgement: it follows within moments.
    await vi.waitFor(async () => expect(await anchorOf(path)).toMatchObject({ seq: 1, hash: r1.hash }));
    const receipts = await Promise.all([2, 3, 4].map((i) => log.append(sampleEntry(i))));
    // The next round waits for the previous round's anchor: it never lags more than one round.
    const r5 = await log.append(sampleEntry(5));
    expect((await anchorOf(path)).seq).toBeGreaterThanOrEqual(4);
    await vi.waitFor(async () => expect(await anchorOf(path)).toMatchObject({ seq: 5, hash: r5.hash }));
    expect(receipts[2]!.seq).toBe(4);
    // What the log says it anchored is what the file holds, once that write has settled.
    await vi.waitFor(async () => expect(log.anchor()).toEqual(await anchorOf(path)));
    await log.close();
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, anchor: { kind: 'matched', recordsAfter: 0, anchor: { seq: 5 } } });
  });

  // The finding: the last record's final `}` replaced (newline kept) used to pass as a torn tail,
  // and the recovery record written at the next open chained over it.
  const rewrites: Array<[string, (line: string) => string]> = [
    ['its final } replaced by a space', (l) => l.slice(0, -1) + ' '],
    ['its final } deleted', (l) => l.slice(0, -1)],
    ['cut in half', (l) => l.slice(0, Math.floor(l.length / 2))],
    ['its final } replaced by ]', (l) => l.slice(0, -1) + ']'],
  ];
  it.each(rewrites)(
    'refuses to open a log whose last complete line was rewritten (%s), names the line and writes nothing',
    async (_name, rewrite) => {
      const lines = await logOf(3);
      const tampered = [...lines.slice(0, 2), rewrite(lines[2]!)].join('\n') + '\n';
      await writeFile(path, tampered);
      const open = openAuditLog({ path });
      await expect(open).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
      await expect(open).rejects.toThrow(/line 3 ends with a newline but is not a valid audit record \(record 3 would be here\)/);
      expect(await readFile(path, 'utf8')).toBe(tampered); // no recovery record laundered it
      expect(await anchorOf(path)).toMatchObject({ seq: 3 });
      expect(await verifyAuditLog(path)).toMatchObject({ ok: false, reason: 'DAMAGED_LAST_LINE', brokenAt: 3, line: 3 });
    },
  );

  it('refuses a rewritten last record even without its newline, through the anchor (a crash cannot cut an acknowledged record)', async () => {
    const lines = await logOf(3);
    await writeFile(path, [...lines.slice(0, 2), lines[2]!.slice(0, -1)].join('\n'));
    await expect(openAuditLog({ path })).rejects.toThrow(/line 3 is where the log ends, after record 2, but its anchor .* says record 3 was written/);
  });

  it('still recovers a genuinely torn tail (a partial line without its newline), and re-anchors', async () => {
    const lines = await logOf(2);
    await appendFile(path, '{"at":"2024-05-06T07:08:09.000Z","caller":{"id":"hall');
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 2, tornTail: { line: 3 } });
    const log = await openAuditLog({ path });
    const r = await log.append(sampleEntry(3));
    await log.close();
    expect(r.seq).toBe(3);
    expect(JSON.parse((await readFile(path, 'utf8')).split('\n')[3]!)).toMatchObject({ seq: 3, recovery: { reason: 'TORN_TAIL' } });
    expect(await anchorOf(path)).toMatchObject({ seq: 3, hash: r.hash });
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 3, tornTail: null, anchor: { kind: 'matched', recordsAfter: 0 } });
    expect(lines).toHaveLength(2);
  });

  it('accepts a second crash during the recovery write (a complete non-record line) only because the anchor names the last record', async () => {
    await logOf(2);
    // Crash 1 left a partial record; the restart's recovery write began with `\n` and crash 2 cut it.
    await appendFile(path, '{"at":"2024-05-06T07:08:09.000Z","cal\n{"at":"2024-05-06T07:08:10');
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 2, tornTail: { line: 3 } });
    const log = await openAuditLog({ path });
    await log.append(sampleEntry(3));
    await log.close();
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 3, tornTail: null });

    // The same bytes after a record the anchor does not name (the record before was cut): refused.
    const lines = (await readFile(path, 'utf8')).split('\n');
    await writeFile(path, lines.slice(0, 2).join('\n') + '\n{"at":"2024-05-06T07:08:09.000Z","cal\n{"at"');
    await expect(openAuditLog({ path })).rejects.toThrow(/line 3 ends with a newline but is not a valid audit record/);
  });

  it('refuses a log with whole records cut from the end (the anchor is ahead)', async () => {
    const lines = await logOf(5);
    await writeFile(path, lines.slice(0, 3).join('\n') + '\n');
    await expect(openAuditLog({ path })).rejects.toThrow(
      /line 4 is where the log ends, after record 3, but its anchor .* says record 5 was written: records were cut from the end/,
    );
    await writeFile(path, '');
    await expect(openAuditLog({ path })).rejects.toThrow(/after record 0, but its anchor .* says record 5/);
    await rm(path);
    await expect(openAuditLog({ path })).rejects.toThrow(/says record 5/); // the log deleted: not a first start
  });

  it('refuses a log whose tail was replaced by a chain that verifies but does not contain the anchored record', async () => {
    await logOf(3);
    const other = join(dir, 'other.log');
    const log = await openAuditLog({ path: other });
    for (let i = 1; i <= 4; i++) await log.append(sampleEntry(i, { reference: 'forged' }));
    await log.close();
    await copyFile(other, path); // a valid chain, but record 3 is not the anchored record 3
    await expect(openAuditLog({ path })).rejects.toThrow(/record seq 3, whose hash is not the one in the anchor/);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: false, reason: 'ANCHOR_MISMATCH', brokenAt: 3 });
  });

  it('accepts an anchor that lags by the group commit a crash cut off (log ahead of anchor), and catches up', async () => {
    await logOf(2);
    const lagging = await readFile(`${path}.head`);
    const log = await openAuditLog({ path });
    const r = await Promise.all([3, 4].map((i) => log.append(sampleEntry(i))));
    await log.close();
    await writeFile(`${path}.head`, lagging); // as if the crash came between the fsync and the anchor write
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 4, anchor: { kind: 'matched', anchor: { seq: 2 }, recordsAfter: 2 } });
    const reopened = await openAuditLog({ path });
    expect(reopened.anchor()).toMatchObject({ seq: 4, hash: r[1]!.hash });
    await reopened.close();
    expect(await anchorOf(path)).toMatchObject({ seq: 4 });
  });

  it('anchor missing: a first start creates it; a log with records refuses to open until the operator anchors it', async () => {
    await logOf(2);
    await rm(`${path}.head`);
    await expect(openAuditLog({ path })).rejects.toThrow(/anchor .*\.head is missing but the log holds records up to seq 2 .*--init-anchor/);
    const { initAuditAnchor } = await import('./index.js');
    expect(await initAuditAnchor(path)).toMatchObject({ seq: 2 });
    await expect(initAuditAnchor(path)).rejects.toThrow(/exists already/);
    const log = await openAuditLog({ path });
    await log.append(sampleEntry(3));
    await log.close();
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 3, anchor: { kind: 'matched', recordsAfter: 0 } });
  });

  it('refuses an anchor that is not {seq, hash, at}', async () => {
    await logOf(1);
    await writeFile(`${path}.head`, '{"seq":1}');
    await expect(openAuditLog({ path })).rejects.toThrow(/is not \{seq, hash, at\}/);
  });

  it('an anchor that cannot be written fails the next round closed, before it writes anything; the round after writes it first', async () => {
    const { io, state } = faultyIo();
    const log = await openAuditLog({ path, io });
    await log.append(sampleEntry(1));
    await vi.waitFor(() => expect(log.anchor()).toMatchObject({ seq: 1 }));
    state.failAnchor = true;
    // Record 2 is durable and acknowledged; its anchor cannot be written beside it.
    const r2 = await log.append(sampleEntry(2));
    expect(r2.seq).toBe(2);
    // The next round must anchor record 2 first: it cannot, so it writes nothing and fails closed.
    await expect(log.append(sampleEntry(3))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', errno: 'ENOSPC' });
    expect(log.anchor()).toMatchObject({ seq: 1 });
    state.failAnchor = false;
    const r4 = await log.append(sampleEntry(4));
    await log.close();
    const records = await readRecords(path);
    expect(records.map((r) => r.requestId)).toEqual(['req-1', 'req-2', 'req-4']);
    expect(records[2]!.recovery).toMatchObject({ reason: 'WRITE_FAILED', failedAppends: 1, unacknowledged: null });
    expect(await anchorOf(path)).toMatchObject({ seq: 3, hash: r4.hash });
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 3 });
  });

  it('in process, a failed recovery write that ends right after its newline is its own damage, not tampering', async () => {
    await logOf(1);
    const { io, state } = faultyIo();
    const log = await openAuditLog({ path, io });
    state.partialThenFail = true; // 60%: record 2 whole (not acknowledged, not anchored), record 3 torn
    const round = await Promise.allSettled([2, 3, 4].map((i) => log.append(sampleEntry(i))));
    expect(round.every((r) => r.status === 'rejected')).toBe(true);
    state.failWrites = false;
    state.partialThenFail = true;
    state.partialBytes = 1; // only the `\n` that ends the torn line reaches the file
    await expect(log.append(sampleEntry(5))).rejects.toBeInstanceOf(AuditWriteError);
    expect((await readFile(path, 'utf8')).endsWith('\n')).toBe(true); // a complete non-record last line
    expect(log.anchor()).toMatchObject({ seq: 1 }); // behind record 2: the anchor does not vouch for it
    state.failWrites = false;
    const r = await log.append(sampleEntry(6));
    await log.close();
    expect(r.seq).toBe(3);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, records: 3, tornTail: null, anchor: { kind: 'matched', recordsAfter: 0 } });
  });
});
