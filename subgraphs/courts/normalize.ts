import { assertNever } from '../../common/assert-never.js';
import { findingStatusOn, sourceStatusOf, type CreditFinding, type FindingStatus, type Lookup, type SourceStatus } from '../shared/index.js';
import type {
  CourtsDishonestRecord,
  CourtsEnforcementRecord,
  CourtsLegacyRecord,
  CourtsObjectionState,
  CourtsRestrictionRecord,
} from './legacy-models.js';

/** GraphQL `CourtRemovalReason`. */
export type CourtRemovalReason = 'PERFORMED' | 'SETTLED' | 'CREDITOR_REQUEST' | 'REVOKED' | 'CREDIT_REPAIR' | 'OTHER';

/** GraphQL `CourtEnforcementCase`. */
export interface CourtEnforcementCase {
  caseNumber: string;
  court: string;
  filedOn: string;
  amountYuan: number;
  closedOn: string | null;
}

/** GraphQL `CourtDishonestDebtorEntry`. */
export interface CourtDishonestDebtorEntry {
  caseNumber: string;
  court: string;
  filedOn: string | null;
  publishedOn: string;
  publicUntil: string | null;
  enforcementBasis: string | null;
  obligation: string | null;
  performance: string | null;
  circumstances: string | null;
  legalRepresentative: string | null;
  removedOn: string | null;
  removalReason: CourtRemovalReason | null;
  removalReasonText: string | null;
  underObjection: boolean;
  status: FindingStatus;
}

/** GraphQL `JudicialRecord`. */
export interface JudicialRecord {
  source: SourceStatus;
  findings: CreditFinding[];
  enforcementCases: CourtEnforcementCase[];
  dishonestDebtorEntries: CourtDishonestDebtorEntry[];
}

/**
 * The removal reason as the courts word it (法释〔2017〕7号 第十条: 全部履行, 和解并履行完毕,
 * 申请执行人申请删除, 执行依据撤销/不予执行; and 信用修复 where a court runs one).
 */
export function removalReasonOf(text: string | null): CourtRemovalReason | null {
  if (text === null) return null;
  if (text.includes('信用修复')) return 'CREDIT_REPAIR';
  if (text.includes('和解')) return 'SETTLED';
  if (text.includes('申请执行人') || text.includes('申请删除')) return 'CREDITOR_REQUEST';
  if (text.includes('撤销') || text.includes('不予执行')) return 'REVOKED';
  if (text.includes('履行')) return 'PERFORMED';
  return 'OTHER';
}

const underObjection = (s: CourtsObjectionState): boolean => s === 'PENDING';

type Listed = CourtsDishonestRecord | CourtsRestrictionRecord;

function statusOf(r: Listed, today: string): FindingStatus {
  return findingStatusOn(
    { removedOn: r.removedOn, repaired: removalReasonOf(r.removalReason) === 'CREDIT_REPAIR', publicUntil: r.publicUntil },
    today,
  );
}

/**
 * One finding per listing: 失信被执行人 → DISHONEST_DEBTOR, 限制消费 → CONSUMPTION_RESTRICTION. Enforcement
 * cases (被执行人) are not a list and make no finding. Removed, repaired and expired entries stay
 * (history); the rules layer decides what they mean.
 */
export function findingsOf(records: readonly CourtsLegacyRecord[], today: string): CreditFinding[] {
  const findings: CreditFinding[] = [];
  const seen = new Map<string, number>();
  for (const r of records) {
    let kind: 'DISHONEST_DEBTOR' | 'CONSUMPTION_RESTRICTION';
    let reason: string | null;
    switch (r.type) {
      case 'DISHONEST_DEBTOR':
        kind = 'DISHONEST_DEBTOR';
        reason = r.circumstances;
        break;
      case 'CONSUMPTION_RESTRICTION':
        kind = 'CONSUMPTION_RESTRICTION';
        reason = r.reason;
        break;
      case 'ENFORCEMENT_CASE':
        continue;
      default:
        return assertNever(r);
    }
    // A case can be listed more than once (listed, removed, listed again): keep ids unique.
    const baseId = `COURTS:${kind}:${r.caseNumber}`;
    const n = (seen.get(baseId) ?? 0) + 1;
    seen.set(baseId, n);
    findings.push({
      id: n === 1 ? baseId : `${baseId}#${n}`,
      department: 'COURTS',
      kind,
      status: statusOf(r, today),
      listedOn: r.publishedOn,
      removedOn: r.removedOn,
      publicUntil: r.publicUntil,
      reference: r.caseNumber,
      authority: r.court,
      reason,
      underObjection: underObjection(r.objection),
      penalty: null,
    });
  }
  return findings;
}

export function enforcementCasesOf(records: readonly CourtsLegacyRecord[]): CourtEnforcementCase[] {
  return records
    .filter((r): r is CourtsEnforcementRecord => r.type === 'ENFORCEMENT_CASE')
    .map((r) => ({ caseNumber: r.caseNumber, court: r.court, filedOn: r.filedOn, amountYuan: r.amountYuan, closedOn: r.closedOn }));
}

export function dishonestDebtorEntriesOf(records: readonly CourtsLegacyRecord[], today: string): CourtDishonestDebtorEntry[] {
  return records
    .filter((r): r is CourtsDishonestRecord => r.type === 'DISHONEST_DEBTOR')
    .map((r) => ({
      caseNumber: r.caseNumber,
      court: r.court,
      filedOn: r.filedOn,
      publishedOn: r.publishedOn,
      publicUntil: r.publicUntil,
      enforcementBasis: r.enforcementBasis,
      obligation: r.obligation,
      performance: r.performance,
      circumstances: r.circumstances,
      legalRepresentative: r.legalRepresentative,
      removedOn: r.removedOn,
      removalReason: removalReasonOf(r.removalReason),
      removalReasonText: r.removalReason,
      underObjection: underObjection(r.objection),
      status: statusOf(r, today),
    }));
}

/** The `JudicialRecord` for one lookup. A failed lookup holds nothing: it never looks clean. */
export function judicialRecordOf(lookup: Lookup<CourtsLegacyRecord[]>, today: string): JudicialRecord {
  const source = sourceStatusOf('COURTS', lookup);
  switch (lookup.kind) {
    case 'found':
      return {
        source,
        findings: findingsOf(lookup.record, today),
        enforcementCases: enforcementCasesOf(lookup.record),
        dishonestDebtorEntries: dishonestDebtorEntriesOf(lookup.record, today),
      };
    case 'missing':
    case 'failed':
      return { source, findings: [], enforcementCases: [], dishonestDebtorEntries: [] };
    default:
      return assertNever(lookup);
  }
}
