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

/**
 * What a complete line is:
 * - `record`: has the chain fields (whether it belongs in the chain is the caller's question);
 * - `torn`: not JSON at all. The writer only ever leaves a strict prefix of `{…}` (never valid
 *   JSON) or, after a power cut on some file systems, NUL bytes;
 * - `malformed`: valid JSON that is not a record. No crash produces that: someone edited the file.
 */
export type LineKind = { kind: 'record'; record: ChainFields } | { kind: 'torn' } | { kind: 'malformed' };

export function classifyLine(line: Buffer): LineKind {
  let value: unknown;
  try {
    value = JSON.parse(line.toString('utf8'));
  } catch {
    return { kind: 'torn' };
  }
  const record = asRecord(value);
  return record ? { kind: 'record', record } : { kind: 'malformed' };
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
