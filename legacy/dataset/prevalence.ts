/**
 * Measures how often each condition occurs among the first n synthetic enterprises of a dataset —
 * used by the tests (sensible ranges) and printable with `tsx legacy/dataset/prevalence.ts`.
 */
import { pathToFileURL } from 'node:url';
import { addYears, taxRatingYearInForce } from './dates.js';
import type { Dataset, EnterpriseTruth, EnvironmentLevel, IsoDate, ListEntry, TaxLevel } from './types.js';

export function isActiveOn(e: ListEntry, today: IsoDate): boolean {
  return !(e.removedOn && e.removedOn <= today) && !(e.publicUntil && e.publicUntil < today);
}

/** The tax credit level in force on `today`, if the enterprise was rated that year. */
export function taxLevelInForce(t: EnterpriseTruth, today: IsoDate): TaxLevel | undefined {
  const year = taxRatingYearInForce(today);
  return t.tax?.ratings.find((r) => r.year === year)?.level;
}

/** The environmental credit level in force: the latest rating within a year of its ratedOn. */
export function environmentLevelInForce(t: EnterpriseTruth, today: IsoDate): EnvironmentLevel | undefined {
  const rated = (t.environment?.ratings ?? []).filter((r) => r.ratedOn <= today).sort((a, b) => (a.ratedOn < b.ratedOn ? -1 : 1));
  const latest = rated[rated.length - 1];
  if (!latest) return undefined;
  // In force from ratedOn until ratedOn + 1 year - 1 day.
  return addYears(latest.ratedOn, 1) > today ? latest.level : undefined;
}

export interface Prevalence {
  n: number;
  /** Share of enterprises (0–1) per condition. */
  share: Record<string, number>;
  /** Distribution of the tax level in force among enterprises rated for that year. */
  taxLevels: Record<TaxLevel, number>;
  /** Distribution of the environmental level in force among enterprises with one. */
  environmentLevels: Record<EnvironmentLevel, number>;
  /** Share of active list entries (all lists) that are under objection. */
  underObjectionAmongActive: number;
  /** Share of old (pre-2015 organisation code) enterprises keyed by their 15-digit number in tax. */
  legacyTaxpayerIdAmongOld: number;
}

export function measurePrevalence(ds: Dataset, n = Math.min(ds.size, 20_000)): Prevalence {
  const today = ds.today;
  const counts = new Map<string, number>();
  const bump = (k: string, yes: boolean) => {
    if (yes) counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  const taxLevels: Record<TaxLevel, number> = { A: 0, B: 0, M: 0, C: 0, D: 0 };
  const envLevels: Record<EnvironmentLevel, number> = { GREEN: 0, BLUE: 0, YELLOW: 0, RED: 0 };
  let active = 0;
  let objected = 0;
  let old = 0;
  let legacyId = 0;

  for (let i = 0; i < n; i++) {
    const t = ds.at(i);
    const m = t.market!;
    const tax = t.tax!;
    const c = t.courts!;
    const e = t.environment;
    const ec = t.economy!;
    const act = (xs: readonly ListEntry[]) => xs.some((x) => isActiveOn(x, today));
    for (const x of [
      ...m.penalties,
      ...m.abnormalOperations,
      ...m.seriousIllegal,
      ...tax.majorViolations,
      ...c.dishonestDebtor,
      ...c.consumptionRestrictions,
      ...(e?.penalties ?? []),
      ...ec.safetyDishonesty,
    ]) {
      if (isActiveOn(x, today)) {
        active++;
        if (x.underObjection) objected++;
      }
    }
    if (/^\d{8}$/.test(t.uscc.slice(8, 16))) {
      // a pre-2015 numeric organisation code
      old++;
      if (tax.taxpayerId.length === 15) legacyId++;
    }
    bump('operating', m.registration.status === 'OPERATING');
    bump('deregistered', m.registration.status === 'DEREGISTERED');
    bump('revoked', m.registration.status === 'REVOKED');
    bump('marketPenaltyAny', m.penalties.length > 0);
    bump('marketPenaltyActive', act(m.penalties));
    bump(
      'marketPenaltySevere',
      m.penalties.some((p) => p.severe),
    );
    bump(
      'marketPenaltyRepaired',
      m.penalties.some((p) => p.removal === 'REPAIRED'),
    );
    bump('abnormalActive', act(m.abnormalOperations));
    bump(
      'abnormalCured',
      m.abnormalOperations.some((x) => x.removal === 'CURED'),
    );
    bump('seriousIllegalActive', act(m.seriousIllegal));
    const level = taxLevelInForce(t, today);
    if (level) taxLevels[level]++;
    bump('taxRatedInForce', level !== undefined);
    bump('majorTaxActive', act(tax.majorViolations));
    bump(
      'majorTaxExpired',
      tax.majorViolations.some((x) => !x.removedOn && x.publicUntil! < today),
    );
    bump(
      'majorTaxRepaired',
      tax.majorViolations.some((x) => x.removal === 'REPAIRED'),
    );
    bump('arrears', tax.arrears.length > 0);
    bump('dishonestActive', act(c.dishonestDebtor));
    bump(
      'dishonestRemoved',
      c.dishonestDebtor.some((x) => x.removedOn !== undefined),
    );
    bump('restrictionActive', act(c.consumptionRestrictions));
    bump('enforcementCase', c.enforcementCases.length > 0);
    bump('environmentKnown', e !== null);
    const env = environmentLevelInForce(t, today);
    if (env) envLevels[env]++;
    bump('environmentRatedInForce', env !== undefined);
    bump('environmentPenalty', (e?.penalties.length ?? 0) > 0);
    bump('honor', ec.honors.length > 0);
    bump('safetyDishonestyActive', act(ec.safetyDishonesty));
    bump('commitment', ec.commitments.length > 0);
    bump(
      'commitmentBreached',
      ec.commitments.some((x) => x.status === 'BREACHED'),
    );
  }
  const share: Record<string, number> = {};
  for (const [k, v] of counts) share[k] = v / n;
  const norm = <K extends string>(r: Record<K, number>): Record<K, number> => {
    const total = Object.values<number>(r).reduce((a, b) => a + b, 0) || 1;
    return Object.fromEntries(Object.entries<number>(r).map(([k, v]) => [k, v / total])) as Record<K, number>;
  };
  return {
    n,
    share,
    taxLevels: norm(taxLevels),
    environmentLevels: norm(envLevels),
    underObjectionAmongActive: active ? objected / active : 0,
    legacyTaxpayerIdAmongOld: old ? legacyId / old : 0,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { createDataset } = await import('./generator.js');
  const today = process.argv[2] ?? new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const n = Number(process.argv[3] ?? 20_000);
  const p = measurePrevalence(createDataset({ today, size: n, golden: false }), n);
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  console.log(`today ${today}, first ${p.n} enterprises`);
  for (const [k, v] of Object.entries(p.share)) console.log(`${k.padEnd(26)} ${pct(v)}`);
  console.log(
    'tax level in force        ',
    Object.entries(p.taxLevels)
      .map(([k, v]) => `${k} ${pct(v)}`)
      .join(', '),
  );
  console.log(
    'environment level in force',
    Object.entries(p.environmentLevels)
      .map(([k, v]) => `${k} ${pct(v)}`)
      .join(', '),
  );
  console.log('under objection / active  ', pct(p.underObjectionAmongActive));
  console.log('15-digit tax id / old     ', pct(p.legacyTaxpayerIdAmongOld));
}
