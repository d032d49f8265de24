import { assertNever } from '../../common/assert-never.js';
import { findingStatusOn, sourceStatusOf, type CreditFinding, type FindingStatus, type Lookup, type SourceStatus } from '../shared/index.js';
import type { FinanceLegacyRecord } from './legacy-models.js';

/** GraphQL `ProcurementDishonestEntry`. */
export interface ProcurementDishonestEntry {
  reference: string;
  authority: string;
  facts: string;
  legalBasis: string | null;
  penaltyResult: string;
  banYears: number | null;
  fineYuan: number | null;
  decidedOn: string;
  publishedOn: string;
  banFrom: string;
  banUntil: string;
  status: FindingStatus;
}

/** GraphQL `FinanceRecord`. */
export interface FinanceRecord {
  source: SourceStatus;
  findings: CreditFinding[];
  procurementDishonestEntries: ProcurementDishonestEntry[];
}

const CHINESE_DIGITS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3 };

/**
 * The length of the bar as 处罚结果 words it: `一年内禁止参加政府采购活动`, `3年内禁止…` → years;
 * null when the result states no bar in years (政府采购法 第七十七条 sets one to three years).
 */
export function banYearsOf(penaltyResult: string): number | null {
  const m = /([一二两三]|\d)年内禁止参加政府采购活动/.exec(penaltyResult);
  if (!m) return null;
  return CHINESE_DIGITS[m[1]!] ?? Number(m[1]);
}

/** The fine as 处罚结果 words it: `罚款人民币12000元`, `罚款1.2万元` → yuan; null when there is none. */
export function fineYuanOf(penaltyResult: string): number | null {
  const m = /罚款(?:人民币)?(\d+(?:\.\d+)?)(万)?元/.exec(penaltyResult);
  if (!m) return null;
  return Math.round(Number(m[1]) * (m[2] ? 10_000 : 1) * 100) / 100;
}

/**
 * A listing's state on `today`: ACTIVE until the last day of 处罚期限 (inclusive), EXPIRED after it.
 * A listing published before its bar begins is ACTIVE too: the supplier is on the list (财库〔2016〕125号
 * looks at the list, not at the bar's first day).
 */
export function entryStatusOn(r: Pick<FinanceLegacyRecord, 'banUntil'>, today: string): FindingStatus {
  return findingStatusOn({ publicUntil: r.banUntil }, today);
}

/**
 * One PROCUREMENT_DISHONEST finding per listing, expired ones included (history): listed on its
 * publication date, in force to the end of 处罚期限. The rules decide what they mean.
 */
export function findingsOf(records: readonly FinanceLegacyRecord[], today: string): CreditFinding[] {
  const seen = new Map<string, number>();
  return records.map((r) => {
    const baseId = `FINANCE:PROCUREMENT_DISHONEST:${r.reference}`;
    const n = (seen.get(baseId) ?? 0) + 1;
    seen.set(baseId, n);
    return {
      id: n === 1 ? baseId : `${baseId}#${n}`,
      department: 'FINANCE',
      kind: 'PROCUREMENT_DISHONEST',
      status: entryStatusOn(r, today),
      listedOn: r.publishedOn,
      removedOn: null,
      publicUntil: r.banUntil,
      reference: r.reference,
      authority: r.authority,
      reason: r.facts,
      underObjection: false,
      penalty: null,
    };
  });
}

export function entriesOf(records: readonly FinanceLegacyRecord[], today: string): ProcurementDishonestEntry[] {
  return records.map((r) => ({
    reference: r.reference,
    authority: r.authority,
    facts: r.facts,
    legalBasis: r.legalBasis,
    penaltyResult: r.penaltyResult,
    banYears: banYearsOf(r.penaltyResult),
    fineYuan: fineYuanOf(r.penaltyResult),
    decidedOn: r.decidedOn,
    publishedOn: r.publishedOn,
    banFrom: r.banFrom,
    banUntil: r.banUntil,
    status: entryStatusOn(r, today),
  }));
}

/** The `FinanceRecord` for one lookup. A failed lookup holds nothing: it never looks clean. */
export function financeRecordOf(lookup: Lookup<FinanceLegacyRecord[]>, today: string): FinanceRecord {
  const source = sourceStatusOf('FINANCE', lookup);
  switch (lookup.kind) {
    case 'found':
      return { source, findings: findingsOf(lookup.record, today), procurementDishonestEntries: entriesOf(lookup.record, today) };
    case 'missing':
    case 'failed':
      return { source, findings: [], procurementDishonestEntries: [] };
    default:
      return assertNever(lookup);
  }
}
