import { normalizeUscc } from '../../common/uscc/index.js';
import type { ChainFields } from './chain.js';

/**
 * The fields of a record that the database copies into columns of their own, for the indexes that
 * serve `/audit` and `/verify/<number>`. Derived here, in one place, both when a record is written
 * and when the verifier checks that the columns still say what the hashed record says (a column
 * changed alone would hide a record from an auditor's query without breaking the chain).
 */
export interface RecordColumns {
  seq: number;
  hash: string;
  prevHash: string;
  /** Epoch milliseconds of `at`. */
  atMs: number;
  callerId: string | null;
  operatorId: string | null;
  reportNumber: string | null;
  /** `codes.list`, normalised as `/audit?uscc=` matches them, first occurrence order, no repeats. */
  codes: string[];
}

const stringOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * A record's `codes.list` as `/audit?uscc=` matches it: each code in its normal form (older records
 * kept codes as typed), in first-occurrence order, without repeats; nothing but strings.
 */
export function recordCodes(record: Record<string, unknown>): string[] {
  const list = (record.codes as { list?: unknown } | undefined)?.list;
  if (!Array.isArray(list)) return [];
  const codes = new Set<string>();
  for (const c of list) if (typeof c === 'string') codes.add(normalizeUscc(c));
  return [...codes];
}

export function recordColumns(record: ChainFields): RecordColumns {
  const caller = record.caller as { id?: unknown } | null | undefined;
  const operator = record.operator as { id?: unknown } | null | undefined;
  const report = record.report as { number?: unknown } | undefined;
  const codes = recordCodes(record);
  return {
    seq: record.seq,
    hash: record.hash,
    prevHash: record.prevHash,
    atMs: Date.parse(record.at),
    callerId: stringOrNull(caller?.id),
    operatorId: stringOrNull(operator?.id),
    reportNumber: stringOrNull(report?.number),
    codes,
  };
}
