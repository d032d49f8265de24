import { assertNever } from '../../common/assert-never.js';
import { findingStatusOn, type CreditFinding } from '../shared/index.js';
import type { PlatformCommitment, PlatformHonor, PlatformRecord, PlatformSafetyEntry } from './legacy-models.js';

const DEPARTMENT = 'ECONOMY_IT' as const;

/**
 * The platform does not say who a commitment was made to: it is the economy & IT authority that
 * accepted it (承诺受理部门), so the finding names the department generically.
 */
export const COMMITMENT_AUTHORITY = '经济和信息化主管部门';

/** GraphQL `EconomyHonor`. */
export interface EconomyHonor {
  title: string;
  year: number;
  authority: string;
  awardedOn: string;
  validUntil: string | null;
}

/** GraphQL `EconomyCreditCommitment`. */
export interface EconomyCreditCommitment {
  reference: string;
  matter: string;
  madeOn: string;
  status: 'FULFILLED' | 'PENDING' | 'BREACHED';
  checkedOn: string | null;
}

/** GraphQL `EconomyRecord` (without `source`, which comes from the lookup). */
export interface EconomySections {
  honors: EconomyHonor[];
  commitments: EconomyCreditCommitment[];
  findings: CreditFinding[];
}

/** The record's sections and findings, with finding states as of `today` (YYYY-MM-DD). */
export function normalizeEconomyRecord(record: PlatformRecord, today: string): EconomySections {
  return {
    honors: record.honors.map((h) => ({ ...h })),
    commitments: record.commitments.map((c) => ({ ...c })),
    findings: [
      ...record.honors.map((h) => honorFinding(h, today)),
      ...record.safetyDishonesty.map((s) => safetyFinding(s, today)),
      ...record.commitments.flatMap((c) => commitmentFindings(c, today)),
    ],
  };
}

/** 守信荣誉: in force from the award to 有效期至 (dates.md), then EXPIRED. */
export function honorFinding(h: PlatformHonor, today: string): CreditFinding {
  // Honours carry no certificate number on the platform; title and year identify one.
  const reference = `${h.title}（${h.year}年度）`;
  return {
    id: `${DEPARTMENT}:HONOR:${reference}`,
    department: DEPARTMENT,
    kind: 'HONOR',
    status: findingStatusOn({ publicUntil: h.validUntil }, today),
    listedOn: h.awardedOn,
    removedOn: null,
    publicUntil: h.validUntil,
    reference,
    authority: h.authority,
    reason: h.title,
    underObjection: false,
    penalty: null,
  };
}

/**
 * 安全生产严重失信 (民爆 / 危化). The platform's nightly job marks an entry whose window ran out as
 * removed with the reason 期满; that is the end of publicity (EXPIRED), not a removal decision, so
 * it yields no `removedOn`. 信用修复 → REPAIRED; 撤销 and other reasons → REMOVED.
 */
export function safetyFinding(s: PlatformSafetyEntry, today: string): CreditFinding {
  let removedOn: string | null = null;
  let repaired = false;
  let publicUntil = s.publicUntil;
  if (s.removal) {
    switch (s.removal.reason) {
      case 'PERIOD_ENDED':
        publicUntil ??= dayBefore(s.removal.on);
        break;
      case 'CREDIT_REPAIR':
        removedOn = s.removal.on;
        repaired = true;
        break;
      case 'REVOKED':
      case 'OTHER':
        removedOn = s.removal.on;
        break;
      default:
        assertNever(s.removal.reason);
    }
  }
  return {
    id: `${DEPARTMENT}:SAFETY_PRODUCTION_DISHONEST:${s.reference}`,
    department: DEPARTMENT,
    kind: 'SAFETY_PRODUCTION_DISHONEST',
    status: findingStatusOn({ removedOn, repaired, publicUntil }, today),
    listedOn: s.listedOn,
    removedOn,
    publicUntil,
    reference: s.reference,
    authority: s.authority,
    reason: s.conduct === '' ? null : s.conduct,
    underObjection: s.underObjection,
    penalty: null,
  };
}

/** 信用承诺未履行: only a BREACHED commitment is a finding, dated by its check (核查), else by the commitment. */
export function commitmentFindings(c: PlatformCommitment, today: string): CreditFinding[] {
  switch (c.status) {
    case 'FULFILLED':
    case 'PENDING':
      return [];
    case 'BREACHED':
      return [
        {
          id: `${DEPARTMENT}:CREDIT_COMMITMENT_BREACH:${c.reference}`,
          department: DEPARTMENT,
          kind: 'CREDIT_COMMITMENT_BREACH',
          status: findingStatusOn({}, today),
          listedOn: c.checkedOn ?? c.madeOn,
          removedOn: null,
          publicUntil: null,
          reference: c.reference,
          authority: COMMITMENT_AUTHORITY,
          reason: c.matter === '' ? null : c.matter,
          underObjection: false,
          penalty: null,
        },
      ];
    default:
      return assertNever(c.status);
  }
}

function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
