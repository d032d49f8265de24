import { assertNever } from '../../common/assert-never.js';
import {
  findingStatusOn,
  penaltyDetailOf,
  sourceStatusOf,
  type CreditFinding,
  type FindingStatus,
  type Lookup,
  type SourceStatus,
} from '../shared/index.js';
import type { EnvironmentLegacyPenalty, EnvironmentLegacyRating, EnvironmentLegacyRecord, EnvironmentLevel } from './legacy-client.js';

/** GraphQL `EnvironmentRating`. */
export interface EnvironmentRatingView {
  year: number;
  level: EnvironmentLevel;
  authority: string;
  ratedOn: string;
  /** Last day in force: ratedOn + 1 year − 1 day, or the day before a later rating. */
  validUntil: string;
}

/** GraphQL `EnvironmentPenalty`: the platform's penalty with its state today. */
export type EnvironmentPenaltyView = EnvironmentLegacyPenalty & { status: FindingStatus };

/** GraphQL `EnvironmentRecord`. */
export interface EnvironmentRecordView {
  source: SourceStatus;
  enterpriseName: string | null;
  rating: EnvironmentRatingView | null;
  ratings: EnvironmentRatingView[];
  penalties: EnvironmentPenaltyView[];
  findings: CreditFinding[];
}

const DEPARTMENT = 'ENVIRONMENT' as const;

/** The day `days` after an ISO date. */
function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * ratedOn + 1 year − 1 day (2024-03-05 → 2025-03-04). Adding the year clamps to the month's end
 * (2024-02-29 + 1 year = 2025-02-28, so the last day is 2025-02-27), as the dataset's calendar does.
 */
export function oneYearWindowEnd(ratedOn: string): string {
  const [y, m, d] = ratedOn.split('-').map(Number) as [number, number, number];
  const lastOfMonth = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
  return addDays(new Date(Date.UTC(y + 1, m - 1, Math.min(d, lastOfMonth))).toISOString().slice(0, 10), -1);
}

/**
 * Each rating with its window: in force from `ratedOn` to `ratedOn + 1 year − 1 day`, cut short
 * the day before a later rating of the same enterprise is made. Newest first.
 */
export function ratingWindows(ratings: readonly EnvironmentLegacyRating[]): EnvironmentRatingView[] {
  const byDate = [...ratings].sort((a, b) => a.ratedOn.localeCompare(b.ratedOn) || a.year - b.year);
  const views = byDate.map((r): EnvironmentRatingView => {
    const natural = oneYearWindowEnd(r.ratedOn);
    const later = byDate.find((o) => o.ratedOn > r.ratedOn);
    const cut = later ? addDays(later.ratedOn, -1) : null;
    return {
      year: r.year,
      level: r.level,
      authority: r.authority,
      ratedOn: r.ratedOn,
      validUntil: cut !== null && cut < natural ? cut : natural,
    };
  });
  return views.reverse();
}

/** The rating in force on `today`, or null. */
export function ratingInForce(windows: readonly EnvironmentRatingView[], today: string): EnvironmentRatingView | null {
  let best: EnvironmentRatingView | null = null;
  for (const w of windows) {
    if (w.ratedOn <= today && today <= w.validUntil && (!best || w.ratedOn > best.ratedOn)) best = w;
  }
  return best;
}

const LEVEL_TEXT: Record<EnvironmentLevel, string> = {
  GREEN: '绿色（诚信）',
  BLUE: '蓝色（良好）',
  YELLOW: '黄色（警示）',
  RED: '红色（不良）',
};

/** The finding kind of a rating level; BLUE (良好) is the ordinary level and bears on nothing. */
function ratingKind(level: EnvironmentLevel): string | null {
  switch (level) {
    case 'GREEN':
      return 'ENVIRONMENT_CREDIT_GREEN';
    case 'YELLOW':
      return 'ENVIRONMENT_CREDIT_YELLOW';
    case 'RED':
      return 'ENVIRONMENT_CREDIT_RED';
    case 'BLUE':
      return null;
    default:
      return assertNever(level);
  }
}

export function ratingFinding(uscc: string, r: EnvironmentRatingView, today: string): CreditFinding | null {
  const kind = ratingKind(r.level);
  if (kind === null) return null;
  return {
    id: `${DEPARTMENT}:${kind}:${uscc}:${r.year}`,
    department: DEPARTMENT,
    kind,
    status: findingStatusOn({ publicUntil: r.validUntil }, today),
    listedOn: r.ratedOn,
    removedOn: null,
    publicUntil: r.validUntil,
    reference: `${r.year}年度环境信用评价`,
    authority: r.authority,
    reason: `${r.year}年度企业环境信用评价等级：${LEVEL_TEXT[r.level]}`,
    underObjection: false,
    penalty: null,
  };
}

export function penaltyView(p: EnvironmentLegacyPenalty, today: string): EnvironmentPenaltyView {
  return {
    ...p,
    status: findingStatusOn({ removedOn: p.removedOn, repaired: p.removal === 'REPAIRED', publicUntil: p.publicUntil }, today),
  };
}

export function penaltyFinding(p: EnvironmentPenaltyView): CreditFinding {
  const kind = p.severe ? 'SEVERE_ADMINISTRATIVE_PENALTY' : 'ADMINISTRATIVE_PENALTY';
  return {
    id: `${DEPARTMENT}:${kind}:${p.reference}`,
    department: DEPARTMENT,
    kind,
    status: p.status,
    listedOn: p.decidedOn,
    removedOn: p.removedOn,
    publicUntil: p.publicUntil,
    reference: p.reference,
    authority: p.authority,
    reason: p.facts || null,
    underObjection: p.underObjection,
    penalty: penaltyDetailOf(p),
  };
}

/** The GraphQL record for one lookup, with finding states on `today` (YYYY-MM-DD, China time). */
export function environmentRecordOf(lookup: Lookup<EnvironmentLegacyRecord>, today: string): EnvironmentRecordView {
  const source = sourceStatusOf(DEPARTMENT, lookup);
  switch (lookup.kind) {
    case 'missing':
    case 'failed':
      // Unknown or unreadable: no sections, no findings — never a clean record.
      return { source, enterpriseName: null, rating: null, ratings: [], penalties: [], findings: [] };
    case 'found': {
      const rec = lookup.record;
      const ratings = ratingWindows(rec.ratings);
      const penalties = [...rec.penalties]
        .sort((a, b) => b.decidedOn.localeCompare(a.decidedOn) || a.reference.localeCompare(b.reference))
        .map((p) => penaltyView(p, today));
      const findings = [
        ...ratings.map((r) => ratingFinding(rec.uscc, r, today)).filter((f): f is CreditFinding => f !== null),
        ...penalties.map(penaltyFinding),
      ];
      return {
        source,
        enterpriseName: rec.name || null,
        rating: ratingInForce(ratings, today),
        ratings,
        penalties,
        findings,
      };
    }
    default:
      return assertNever(lookup);
  }
}
