import { open, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { canonicalJson } from './canonical-json.js';
import { GENESIS_HASH } from './chain.js';

/**
 * The head of the chain, kept outside the log: the log's last acknowledged record as of the last
 * group commit. A hash chain shows changes inside the file but not records cut from its end; the
 * anchor does, as long as it is not rewritten together with the log (ship it elsewhere too: it is
 * on `/metrics` as `credit_gateway_audit_anchor_seq` / `credit_gateway_audit_anchor_info`).
 */
export interface AuditAnchor {
  /** `seq` of the record (0: the log had no record yet). */
  seq: number;
  /** That record's `hash` (64 zeros for seq 0). */
  hash: string;
  /** When the anchor was written. */
  at: string;
}

/** `<log>.head`, beside the log. */
export function anchorPathFor(logPath: string): string {
  return `${logPath}.head`;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** The anchor's file content (canonical JSON and a newline). */
export function formatAnchor(anchor: AuditAnchor): Buffer {
  return Buffer.from(canonicalJson({ at: anchor.at, hash: anchor.hash, seq: anchor.seq }) + '\n', 'utf8');
}

/**
 * Read the anchor: `null` when the file does not exist. Throws when it exists but is not an anchor
 * (it is only ever replaced by rename, so a crash cannot leave it half written: someone edited it).
 */
export async function readAnchor(path: string): Promise<AuditAnchor | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`the audit anchor ${path} is not JSON: it was modified`);
  }
  const a = value as Partial<AuditAnchor> | null;
  if (
    typeof a !== 'object' ||
    a === null ||
    typeof a.seq !== 'number' ||
    !Number.isSafeInteger(a.seq) ||
    a.seq < 0 ||
    typeof a.hash !== 'string' ||
    !HEX64.test(a.hash) ||
    typeof a.at !== 'string' ||
    (a.seq === 0 && a.hash !== GENESIS_HASH)
  ) {
    throw new Error(`the audit anchor ${path} is not {seq, hash, at}: it was modified`);
  }
  return { seq: a.seq, hash: a.hash, at: a.at };
}

/**
 * Replace `path` atomically and durably: write `<path>.tmp`, fsync it, rename it over `path`,
 * fsync the directory. A crash leaves the old content or the new one, never a mix.
 */
export async function replaceFileDurably(path: string, data: Buffer): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp`);
  const fh = await open(tmp, 'w', 0o600);
  try {
    let off = 0;
    while (off < data.length) {
      const { bytesWritten } = await fh.write(data, off, data.length - off);
      if (bytesWritten <= 0) throw new Error('write made no progress');
      off += bytesWritten;
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync().catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EINVAL' && err.code !== 'ENOTSUP') throw err;
    });
  } finally {
    await dir.close();
  }
}
