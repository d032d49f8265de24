import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAuditLog, verifyAuditLog } from './index.js';
import { parseRecordLine } from './chain.js';
import { sampleEntry } from './fixtures/sample-entry.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-crash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Run the append loop in a child and SIGKILL it after `acks` acknowledged records. */
function killAfter(path: string, acks: number): Promise<number[]> {
  const script = fileURLToPath(new URL('./fixtures/append-loop.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, path], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: number[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const l of lines) acked.push(Number(l));
      if (acked.length >= acks && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    // 'close' comes after the exit and after stdout is drained: lines already in the pipe were
    // acknowledged before the kill too.
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`append loop exited early (${code}): ${stderr}`));
      else resolve(acked);
    });
  });
}

it('a writer killed with SIGKILL under load loses no acknowledged record; reopening continues the chain', async () => {
  const path = join(dir, 'audit.log');
  let recordsBefore = 0;
  for (const round of [1, 2]) {
    const acked = await killAfter(path, 300 * round);
    expect(acked.length).toBeGreaterThanOrEqual(300);

    const text = await readFile(path);
    const inFile = new Set<number>();
    for (const line of text.toString('utf8').split('\n')) {
      const r = parseRecordLine(Buffer.from(line));
      if (r) inFile.add(r.seq);
    }
    const lost = acked.filter((seq) => !inFile.has(seq));
    expect(lost).toEqual([]);
    const verified = await verifyAuditLog(path);
    expect(verified).toMatchObject({ ok: true, anchor: { kind: 'matched' } });
    if (!verified.ok || verified.anchor.kind !== 'matched') return;
    expect(verified.records).toBeGreaterThanOrEqual(Math.max(...acked));
    // The anchor is written beside the next round, and every round waits for the previous
    // anchor: it covers every acknowledged record but those of the last round (at most
    // IN_FLIGHT = 32 records, the append loop's concurrency). The log may be ahead of it, never behind.
    expect(verified.anchor.anchor.seq).toBeGreaterThanOrEqual(Math.max(...acked) - 32);
    expect(verified.anchor.anchor.seq).toBeLessThanOrEqual(verified.records);
    expect(verified.anchor.recordsAfter).toBeGreaterThanOrEqual(0);
    // The second round reopened the log the first left behind and continued its chain.
    expect(Math.min(...acked)).toBe(recordsBefore + 1);
    recordsBefore = verified.records;
    expect(round).toBeGreaterThan(0);
  }

  const before = await verifyAuditLog(path);
  const log = await openAuditLog({ path });
  const receipt = await log.append(sampleEntry(0));
  await log.close();
  const after = await verifyAuditLog(path);
  expect(before.ok && after.ok).toBe(true);
  if (before.ok && after.ok) {
    expect(receipt.seq).toBe(before.records + 1);
    expect(after).toMatchObject({ records: before.records + 1, lastHash: receipt.hash, tornTail: null });
  }
});
