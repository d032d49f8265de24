import {
  findingStatusOn,
  penaltyDetailOf,
  sourceStatusOf,
  type CreditFinding,
  type FindingStatus,
  type Lookup,
  type SourceStatus,
} from '../shared/index.js';
import type { LegacyListing, LegacyPenalty, MarketLegacyRecord } from './legacy-models.js';

/** GraphQL `MarketRegistration`: the registration as the platform holds it. */
export type MarketRegistration = NonNullable<MarketLegacyRecord['registration']>;

/** GraphQL `MarketPenalty`. */
export interface MarketPenalty {
  reference: string;
  penaltyType: string;
  fineYuan: number | null;
  severe: boolean;
  decidedOn: string;
  authority: string;
  reason: string | null;
  status: FindingStatus;
  publicUntil: string | null;
  removedOn: string | null;
  underObjection: boolean;
}

/** GraphQL `MarketRegulationRecord`. */
export interface MarketRegulationRecord {
  source: SourceStatus;
  registration: MarketRegistration | null;
  penalties: MarketPenalty[];
  findings: CreditFinding[];
}

/** The market-regulation FindingKinds. */
export type MarketFindingKind = 'ABNORMAL_OPERATIONS' | 'SERIOUS_ILLEGAL_DISHONEST' | 'ADMINISTRATIVE_PENALTY' | 'SEVERE_ADMINISTRATIVE_PENALTY';

const DEPARTMENT = 'MARKET_REGULATION' as const;

function findingId(kind: MarketFindingKind, reference: string): string {
  return `MARKET:${kind}:${reference}`;
}

/** A 经营异常名录 or 严重违法失信名单 entry as a finding. */
export function listingFinding(kind: 'ABNORMAL_OPERATIONS' | 'SERIOUS_ILLEGAL_DISHONEST', e: LegacyListing, today: string): CreditFinding {
  return {
    id: findingId(kind, e.reference),
    department: DEPARTMENT,
    kind,
    status: findingStatusOn({ removedOn: e.removedOn, repaired: e.repaired, publicUntil: e.publicUntil }, today),
    listedOn: e.listedOn,
    removedOn: e.removedOn,
    publicUntil: e.publicUntil,
    reference: e.reference,
    authority: e.authority,
    reason: e.reason,
    underObjection: e.underObjection,
    penalty: null,
  };
}

/** A penalty decision as a finding: 较重 → SEVERE_ADMINISTRATIVE_PENALTY, else ADMINISTRATIVE_PENALTY. */
export function penaltyFinding(p: LegacyPenalty, today: string): CreditFinding {
  const kind: MarketFindingKind = p.severe ? 'SEVERE_ADMINISTRATIVE_PENALTY' : 'ADMINISTRATIVE_PENALTY';
  return {
    id: findingId(kind, p.reference),
    department: DEPARTMENT,
    kind,
    status: penaltyStatus(p, today),
    listedOn: p.decidedOn,
    removedOn: p.stoppedOn,
    publicUntil: p.publicUntil,
    reference: p.reference,
    authority: p.authority,
    reason: p.reason,
    underObjection: p.underObjection,
    penalty: penaltyDetailOf(p),
  };
}

function penaltyStatus(p: LegacyPenalty, today: string): FindingStatus {
  return findingStatusOn({ removedOn: p.stoppedOn, repaired: p.repaired, publicUntil: p.publicUntil }, today);
}

export function penaltyOf(p: LegacyPenalty, today: string): MarketPenalty {
  return {
    reference: p.reference,
    penaltyType: p.penaltyType,
    fineYuan: p.fineYuan,
    severe: p.severe,
    decidedOn: p.decidedOn,
    authority: p.authority,
    reason: p.reason,
    status: penaltyStatus(p, today),
    publicUntil: p.publicUntil,
    removedOn: p.stoppedOn,
    underObjection: p.underObjection,
  };
}

/** Every finding of one enterprise: abnormal operations, serious illegal list, then penalties (legacy order within each). */
export function findingsOf(r: MarketLegacyRecord, today: string): CreditFinding[] {
  return [
    ...r.abnormalOperations.map((e) => listingFinding('ABNORMAL_OPERATIONS', e, today)),
    ...r.seriousIllegal.map((e) => listingFinding('SERIOUS_ILLEGAL_DISHONEST', e, today)),
    ...r.penalties.map((p) => penaltyFinding(p, today)),
  ];
}

/**
 * The GraphQL record for one lookup. A failed or missing lookup holds no registration, no
 * penalties and no findings: the source status says why, and nothing pretends the enterprise is clean.
 */
export function marketRecordOf(lookup: Lookup<MarketLegacyRecord>, today: string): MarketRegulationRecord {
  const source = sourceStatusOf(DEPARTMENT, lookup);
  if (lookup.kind !== 'found') return { source, registration: null, penalties: [], findings: [] };
  const r = lookup.record;
  return {
    source,
    registration: { ...r.registration },
    penalties: r.penalties.map((p) => penaltyOf(p, today)),
    findings: findingsOf(r, today),
  };
}
