import { assertNever } from '../../common/assert-never.js';
import { findingStatusOn, sourceStatusOf, type CreditFinding, type Lookup, type SourceStatus } from '../shared/index.js';
import type { HrssArrears, HrssRecord, HrssWageListing, WageListRemovalReason } from './legacy-models.js';

const DEPARTMENT = 'HUMAN_RESOURCES' as const;

/** GraphQL `HrssWageArrearsListing`. */
export interface HrssWageArrearsListingView {
  reference: string;
  authority: string;
  reason: string | null;
  listedOn: string;
  listUntil: string | null;
  removedOn: string | null;
  removalReason: WageListRemovalReason | null;
  amountYuan: number;
  workers: number;
  underObjection: boolean;
}

/** GraphQL `HrssSocialInsuranceArrears`. */
export interface HrssSocialInsuranceArrearsView {
  reference: string;
  authority: string;
  insuranceTypes: string[];
  amountYuan: number;
  sinceMonth: string;
  establishedOn: string;
  settledOn: string | null;
}

/** GraphQL `HumanResourcesRecord`. */
export interface HumanResourcesRecordView {
  source: SourceStatus;
  wageArrearsListings: HrssWageArrearsListingView[];
  socialInsuranceArrears: HrssSocialInsuranceArrearsView[];
  findings: CreditFinding[];
}

/**
 * The section for one lookup. A failed lookup holds nothing; a found one — also from an OUTDATED
 * export, whose records are shown as of the export but not counted by the rules — holds the
 * employer's records and findings with their states as of `today`.
 */
export function humanResourcesRecordOf(lookup: Lookup<HrssRecord>, today: string): HumanResourcesRecordView {
  const source = sourceStatusOf(DEPARTMENT, lookup);
  switch (lookup.kind) {
    case 'found': {
      const r = lookup.record;
      return {
        source,
        wageArrearsListings: r.wageArrearsListings.map(listingView),
        socialInsuranceArrears: r.socialInsuranceArrears.map((a) => ({ ...a, insuranceTypes: [...a.insuranceTypes] })),
        findings: [
          ...r.wageArrearsListings.map((l) => wageArrearsFinding(l, today)),
          ...r.socialInsuranceArrears.map((a) => socialInsuranceFinding(a, today)),
        ],
      };
    }
    case 'missing':
    case 'failed':
      return { source, wageArrearsListings: [], socialInsuranceArrears: [], findings: [] };
    default:
      return assertNever(lookup);
  }
}

function listingView(l: HrssWageListing): HrssWageArrearsListingView {
  return {
    reference: l.reference,
    authority: l.authority,
    reason: l.reason === '' ? null : l.reason,
    listedOn: l.listedOn,
    listUntil: l.publicUntil,
    removedOn: l.removal?.on ?? null,
    removalReason: l.removal?.reason ?? null,
    amountYuan: l.amountYuan,
    workers: l.workers,
    underObjection: l.underObjection,
  };
}

/**
 * 拖欠农民工工资失信联合惩戒对象名单: listed for three years from the decision (人社部令第45号).
 * The platform's nightly job writes the end of those three years as a removal (`期满移出`); that is
 * the end of the listing (EXPIRED), not a removal decision, so it gives no `removedOn`. `提前移出`
 * (wages paid, credit repaired) → REPAIRED; `撤销` (decision revoked) → REMOVED.
 */
export function wageArrearsFinding(l: HrssWageListing, today: string): CreditFinding {
  let removedOn: string | null = null;
  let repaired = false;
  let publicUntil = l.publicUntil;
  if (l.removal) {
    switch (l.removal.reason) {
      case 'PERIOD_ENDED':
        publicUntil ??= dayBefore(l.removal.on);
        break;
      case 'EARLY_REMOVAL':
        removedOn = l.removal.on;
        repaired = true;
        break;
      case 'REVOKED':
        removedOn = l.removal.on;
        break;
      default:
        assertNever(l.removal.reason);
    }
  }
  return {
    id: `${DEPARTMENT}:WAGE_ARREARS_DISHONEST:${l.reference}`,
    department: DEPARTMENT,
    kind: 'WAGE_ARREARS_DISHONEST',
    status: findingStatusOn({ removedOn, repaired, publicUntil }, today),
    listedOn: l.listedOn,
    removedOn,
    publicUntil,
    reference: l.reference,
    authority: l.authority,
    reason: `${l.reason === '' ? '拖欠农民工工资' : l.reason}（涉及农民工${l.workers}人，拖欠工资${l.amountYuan.toFixed(2)}元）`,
    underObjection: l.underObjection,
    penalty: null,
  };
}

/** 社会保险费欠缴: a finding from the day the arrears were established until they were paid (then REMOVED). */
export function socialInsuranceFinding(a: HrssArrears, today: string): CreditFinding {
  const [year, month] = a.sinceMonth.split('-');
  return {
    id: `${DEPARTMENT}:SOCIAL_INSURANCE_ARREARS:${a.reference}`,
    department: DEPARTMENT,
    kind: 'SOCIAL_INSURANCE_ARREARS',
    status: findingStatusOn({ removedOn: a.settledOn }, today),
    listedOn: a.establishedOn,
    removedOn: a.settledOn,
    publicUntil: null,
    reference: a.reference,
    authority: a.authority,
    reason: `自${year}年${Number(month)}月起欠缴${a.insuranceTypes.join('、')}费${a.amountYuan.toFixed(2)}元`,
    underObjection: false,
    penalty: null,
  };
}

function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
