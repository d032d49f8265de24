import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** `prevHash` of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

const HEX64 = /^[0-9a-f]{64}$/;

/** The fields every line must have to count as a record (the rest is checked by the hash). */
export interface ChainFields {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
  recovery?: { skippedBytes?: unknown; skippedSha256?: unknown };
  [key: string]: unknown;
}

/** sha256(prevHash + canonicalJson(record without hash)). */
export function computeRecordHash(withoutHash: { prevHash: string } & Record<string, unknown>): string {
  return createHash('sha256').update(withoutHash.prevHash).update(canonicalJson(withoutHash)).digest('hex');
}

/** `hash` recomputed from the record's own content (ignores the link to the previous record). */
export function recomputeHash(record: ChainFields): string {
  const { hash: _hash, ...rest } = record;
  return computeRecordHash(rest);
}

/** How a record fails to continue the chain (the first of these checks that fails). */
export interface LinkBreak {
  reason: 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'SEQ_GAP';
  detail: string;
}

/**
 * Does `record` continue the chain after the record `prevSeq` whose hash is `prevHash` (0 and
 * `GENESIS_HASH` at the start)? The one check every store's verifier makes on every record, in
 * this order: its own hash, its link to the previous record, its seq.
 */
export function checkLink(record: ChainFields, prevSeq: number, prevHash: string): LinkBreak | null {
  if (recomputeHash(record) !== record.hash) {
    return { reason: 'HASH_MISMATCH', detail: `record ${record.seq} does not match its hash: its content was changed` };
  }
  if (record.prevHash !== prevHash) {
    return {
      reason: 'PREV_HASH_MISMATCH',
      detail: `record ${record.seq} does not follow ${prevSeq === 0 ? 'the start of the log' : `record ${prevSeq}`}: a record was deleted, inserted or moved`,
    };
  }
  if (record.seq !== prevSeq + 1) return { reason: 'SEQ_GAP', detail: `record ${record.seq} follows record ${prevSeq}` };
  return null;
}

/** What a text (a line of the log, a row's `record` in the database) is: a record, not JSON (`torn`), or other JSON (`malformed`). */
export function parseRecordText(text: string): LineKind {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'torn' };
  }
  const record = asRecord(value);
  return record ? { kind: 'record', record } : { kind: 'malformed' };
}

/**
 * What a complete line is:
 * - `record`: has the chain fields (whether it belongs in the chain is the caller's question);
 * - `torn`: not JSON at all. The writer only ever leaves a strict prefix of `{…}` (never valid
 *   JSON) or, after a power cut on some file systems, NUL bytes;
 * - `malformed`: valid JSON that is not a record. No crash produces that: someone edited the file.
 */
export type LineKind = { kind: 'record'; record: ChainFields } | { kind: 'torn' } | { kind: 'malformed' };

export function classifyLine(line: Buffer): LineKind {
  return parseRecordText(line.toString('utf8'));
}

/** The line as a record, or `null` when it is not one (torn, garbage, other JSON). */
export function parseRecordLine(line: Buffer): ChainFields | null {
  const c = classifyLine(line);
  return c.kind === 'record' ? c.record : null;
}

function asRecord(value: unknown): ChainFields | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const r = value as Record<string, unknown>;
  if (typeof r.seq !== 'number' || !Number.isSafeInteger(r.seq) || r.seq < 1) return null;
  if (typeof r.at !== 'string' || typeof r.prevHash !== 'string' || typeof r.hash !== 'string') return null;
  if (!HEX64.test(r.prevHash) || !HEX64.test(r.hash)) return null;
  return r as ChainFields;
}
