import { assertNever } from '../../common/assert-never.js';
import { findingStatusOn, sourceStatusOf, type CreditFinding, type FindingStatus, type Lookup, type SourceStatus } from '../shared/index.js';
import type { TaxLevel, TaxMajorCaseAnswer, TaxStopReason, TaxpayerAnswer } from './legacy-models.js';

/** GraphQL `TaxCreditRating`. */
export interface TaxCreditRatingObject {
  year: number;
  level: TaxLevel;
  publishedOn: string;
  inForceUntil: string;
}

/** GraphQL `TaxMajorViolation`. */
export interface TaxMajorViolationObject {
  caseNumber: string;
  authority: string;
  facts: string;
  amountYuan: number | null;
  publishedOn: string;
  publicUntil: string | null;
  stoppedOn: string | null;
  stopReason: TaxStopReason | null;
  stopReasonText: string | null;
  underObjection: boolean;
  status: FindingStatus;
}

/** GraphQL `TaxArrears`. */
export interface TaxArrearsObject {
  taxType: string;
  amountYuan: number;
  since: string;
  authority: string;
}

export type TaxpayerIdType = 'UNIFIED_SOCIAL_CREDIT_CODE' | 'LEGACY_15_DIGIT';

/** GraphQL `TaxRecord`. */
export interface TaxRecordObject {
  source: SourceStatus;
  taxpayerId: string | null;
  taxpayerIdType: TaxpayerIdType | null;
  creditRatings: TaxCreditRatingObject[];
  currentCreditRating: TaxCreditRatingObject | null;
  majorViolations: TaxMajorViolationObject[];
  arrears: TaxArrearsObject[];
  findings: CreditFinding[];
}

/**
 * When a rating for assessment year `year` is public: published on (Y+1)-04-01, in force until the
 * next one replaces it on (Y+2)-04-01, i.e. through (Y+2)-03-31.
 */
export function ratingWindow(year: number): { publishedOn: string; inForceUntil: string } {
  return { publishedOn: `${year + 1}-04-01`, inForceUntil: `${year + 2}-03-31` };
}

/** The assessment year whose rating is in force on `today` (YYYY-MM-DD). */
export function ratingYearInForce(today: string): number {
  const year = Number(today.slice(0, 4));
  return today >= `${year}-04-01` ? year - 1 : year - 2;
}

export function majorViolationStatus(c: TaxMajorCaseAnswer, today: string): FindingStatus {
  return findingStatusOn({ removedOn: c.stoppedOn, repaired: c.stopReason === 'CREDIT_REPAIR', publicUntil: c.publicUntil }, today);
}

const findingId = (kind: string, taxpayerId: string, reference: string) => `TAX:${kind}:${taxpayerId}:${reference}`;

function ratingFinding(t: TaxpayerAnswer, r: { year: number; level: TaxLevel }, today: string): CreditFinding | null {
  let kind: 'TAX_CREDIT_A' | 'TAX_CREDIT_D';
  switch (r.level) {
    case 'A':
      kind = 'TAX_CREDIT_A';
      break;
    case 'D':
      kind = 'TAX_CREDIT_D';
      break;
    // B, M and C are not published as lists: no finding.
    case 'B':
    case 'M':
    case 'C':
      return null;
    default:
      return assertNever(r.level);
  }
  const { publishedOn, inForceUntil } = ratingWindow(r.year);
  const reference = `纳税信用评价${r.year}`;
  return {
    id: findingId(kind, t.taxpayerId, reference),
    department: 'TAX',
    kind,
    status: findingStatusOn({ publicUntil: inForceUntil }, today),
    listedOn: publishedOn,
    removedOn: null,
    publicUntil: inForceUntil,
    reference,
    authority: '税务机关',
    reason: `${r.year}年度纳税信用等级${r.level}级`,
    underObjection: false,
    penalty: null,
  };
}

/**
 * The credit findings of one taxpayer on `today`: A and D ratings (the public ones), major tax
 * violation cases (停止公布 after 信用修复 → REPAIRED, other stops → REMOVED), and tax arrears notices.
 * History (expired, removed, repaired) stays in the list.
 */
export function taxFindings(t: TaxpayerAnswer, today: string): CreditFinding[] {
  const findings: CreditFinding[] = [];
  for (const r of [...t.ratings].sort((a, b) => b.year - a.year)) {
    const f = ratingFinding(t, r, today);
    if (f) findings.push(f);
  }
  for (const c of t.majorViolations) {
    findings.push({
      id: findingId('MAJOR_TAX_VIOLATION', t.taxpayerId, c.caseNumber),
      department: 'TAX',
      kind: 'MAJOR_TAX_VIOLATION',
      status: majorViolationStatus(c, today),
      listedOn: c.publishedOn,
      removedOn: c.stoppedOn,
      publicUntil: c.publicUntil,
      reference: c.caseNumber,
      authority: c.authority,
      reason: c.facts,
      underObjection: c.underObjection,
      penalty: null,
    });
  }
  for (const a of t.arrears) {
    // 欠税公告 carry no number of their own: the tax type and the date make them unique.
    const reference = `欠税公告-${a.taxType}-${a.since.replaceAll('-', '')}`;
    findings.push({
      id: findingId('TAX_ARREARS', t.taxpayerId, reference),
      department: 'TAX',
      kind: 'TAX_ARREARS',
      status: 'ACTIVE',
      listedOn: a.since,
      removedOn: null,
      publicUntil: null,
      reference,
      authority: a.authority,
      reason: `欠缴${a.taxType}${a.amountYuan.toFixed(2)}元`,
      underObjection: false,
      penalty: null,
    });
  }
  return findings;
}

/** The GraphQL `TaxRecord` for one lookup. A failed or empty lookup holds no data and no findings. */
export function toTaxRecord(lookup: Lookup<TaxpayerAnswer>, today: string): TaxRecordObject {
  const source = sourceStatusOf('TAX', lookup);
  if (lookup.kind !== 'found') {
    return {
      source,
      taxpayerId: null,
      taxpayerIdType: null,
      creditRatings: [],
      currentCreditRating: null,
      majorViolations: [],
      arrears: [],
      findings: [],
    };
  }
  const t = lookup.record;
  const creditRatings = [...t.ratings].sort((a, b) => b.year - a.year).map((r) => ({ ...r, ...ratingWindow(r.year) }));
  const inForce = ratingYearInForce(today);
  return {
    source,
    taxpayerId: t.taxpayerId,
    taxpayerIdType: t.taxpayerId.length === 15 ? 'LEGACY_15_DIGIT' : 'UNIFIED_SOCIAL_CREDIT_CODE',
    creditRatings,
    currentCreditRating: creditRatings.find((r) => r.year === inForce) ?? null,
    majorViolations: t.majorViolations.map((c) => ({
      caseNumber: c.caseNumber,
      authority: c.authority,
      facts: c.facts,
      amountYuan: c.amountYuan,
      publishedOn: c.publishedOn,
      publicUntil: c.publicUntil,
      stoppedOn: c.stoppedOn,
      stopReason: c.stopReason,
      stopReasonText: c.stopReasonText,
      underObjection: c.underObjection,
      status: majorViolationStatus(c, today),
    })),
    arrears: t.arrears.map((a) => ({ ...a })),
    findings: taxFindings(t, today),
  };
}
