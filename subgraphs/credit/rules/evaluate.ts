import { createHash } from 'node:crypto';
import { chinaDate } from '../../../common/china-date.js';
import { DEPARTMENT_NAMES, departmentEntry, departmentsSupplying, type DepartmentName } from '../../../common/departments.js';
import {
  basesInForce,
  FINDING_KINDS,
  type Catalogue,
  type CitedBasis,
  type FindingKind,
  type Measure,
  type MeasureKind,
  type PenaltyCategory,
  type Scenario,
  type Trigger,
} from '../catalogue/catalogue.js';
import { assertNever } from '../../../common/assert-never.js';

export type { DepartmentName } from '../../../common/departments.js';
export const DEPARTMENTS: readonly DepartmentName[] = DEPARTMENT_NAMES;

/** Which department's system holds each kind of record (from the department registry). */
export const KIND_DEPARTMENTS: Readonly<Record<FindingKind, readonly DepartmentName[]>> = Object.fromEntries(
  FINDING_KINDS.map((k) => [k, departmentsSupplying(k)]),
) as Record<FindingKind, DepartmentName[]>;

export type SourceState = 'OK' | 'UNAVAILABLE' | 'TIMEOUT' | 'RATE_LIMITED' | 'BAD_RESPONSE' | 'OUTDATED';

export interface SourceStatus {
  department: DepartmentName;
  status: SourceState;
  asOf: string | null;
  found: boolean | null;
  fromCache: boolean;
  stale: boolean;
  message: string | null;
}

export interface Finding {
  id: string;
  department: DepartmentName;
  kind: FindingKind;
  status: 'ACTIVE' | 'REMOVED' | 'REPAIRED' | 'EXPIRED';
  listedOn: string;
  removedOn: string | null;
  publicUntil: string | null;
  reference: string;
  authority: string;
  reason: string | null;
  underObjection: boolean;
  /** For penalty findings: the decision's date, normalised categories and fine (absent from older departments: null). */
  penalty?: PenaltyDetail | null;
}

export interface PenaltyDetail {
  decidedOn: string;
  penaltyType: string;
  categories: PenaltyCategory[];
  fineYuan: number | null;
}

/** One department's section as the rules receive it through `@requires`; null when it could not be read at all. */
export type Section = { source: SourceStatus; findings: Finding[] } | null | undefined;

export type Verdict = 'INACTIVE' | 'PROHIBITED' | 'RESTRICTED' | 'CAUTION' | 'CLEAR' | 'INCOMPLETE' | 'NOT_FOUND';

/**
 * The order in which verdicts are decided, strictest first — for one enterprise (`evaluate`) and for
 * a consortium, whose whole takes the first of its members' verdicts in this order.
 *
 * INACTIVE and NOT_FOUND exclude each other (the one needs market regulation to know the entity, the
 * other that it does not). INACTIVE comes before PROHIBITED: an entity that was deregistered or whose
 * licence was revoked cannot be a party to the matter at all, whatever measures its records carry
 * (they are still listed). PROHIBITED stays before NOT_FOUND: a code market regulation does not hold
 * (an entity another authority registers, say) with a prohibiting record elsewhere is prohibited.
 */
export const VERDICT_ORDER: readonly Verdict[] = ['INACTIVE', 'PROHIBITED', 'NOT_FOUND', 'INCOMPLETE', 'RESTRICTED', 'CAUTION', 'CLEAR'];

export interface Flag {
  measure: Measure;
  finding: Finding;
  /** The triggers of the measure this record met (usually one). */
  triggers: Trigger[];
  /** The bases of those triggers in force on the day checked — what the flag cites, and nothing else. */
  basis: CitedBasis[];
  appliesFrom: string;
  appliesUntil: string | null;
  underObjection: boolean;
}

export interface CreditCheckResult {
  uscc: string;
  scenario: Scenario;
  verdict: Verdict;
  asOf: string;
  checkedAt: string;
  checkId: string;
  catalogueVersion: string;
  /** Departments that matter for the scenario and could not be read. */
  missingSources: DepartmentName[];
  /** Every department's source status, in registry order (synthesised when a section is missing). */
  sources: SourceStatus[];
  /** Departments whose records can trigger a measure in this scenario. */
  relevantSources: DepartmentName[];
  flags: Flag[];
  incentives: Flag[];
  summary: string;
  summaryZh: string;
  registrationStatus: RegistrationStatus | null;
  /** Not credit measures, but what the counter must know (e.g. deregistered). */
  warnings: string[];
  /** What this scenario's rules would also need and no connected department holds (未核查事项). */
  notChecked: { zh: string; en: string }[];
}

export type RegistrationStatus = 'OPERATING' | 'DEREGISTERED' | 'REVOKED';

export interface EvaluateInput {
  uscc: string;
  scenario: Scenario;
  sections: Partial<Record<DepartmentName, Section>>;
  /** The day the answer should hold for (YYYY-MM-DD). */
  asOf: string;
  /** Today in China (YYYY-MM-DD): the records' `status` describes this day. */
  today: string;
  checkedAt: Date;
  catalogue: Catalogue;
  /** Market regulation's registration status, when it answered and knows the enterprise. */
  registration?: { status: RegistrationStatus; closedOn: string | null } | null;
}

const STRENGTH: Record<Exclude<MeasureKind, 'INCENTIVE'>, number> = { PROHIBIT: 3, RESTRICT: 2, STRICT_SUPERVISION: 1 };

/**
 * Whether a finding was in force on `asOf`. Its dates decide for past days; for today and later
 * the department's own status must also say ACTIVE (a record removed, repaired or expired today
 * triggers nothing, whatever its dates say). A non-active record without the date that ended it
 * cannot be placed in time and triggers nothing.
 */
export function activeOn(f: Finding, asOf: string, today: string): boolean {
  if (f.listedOn > asOf) return false;
  if (f.removedOn && f.removedOn <= asOf) return false;
  if (f.publicUntil && f.publicUntil < asOf) return false;
  if (f.status !== 'ACTIVE') {
    if (asOf >= today) return false;
    if (!f.removedOn && !f.publicUntil) return false;
  }
  return true;
}

/**
 * Whether a decision still counts on `asOf` for a term counted from the decision itself (e.g.
 * 政府采购法 第二十二条（五）: three years before taking part). The end of its publicity does not
 * end such a term — the law counts from the decision — but removal or repair does: a decision
 * revoked, or whose publicity was stopped by 信用修复, triggers nothing from that day on.
 */
function decisionCountsOn(f: Finding, start: string, asOf: string, today: string): boolean {
  if (start > asOf) return false;
  if (f.removedOn && f.removedOn <= asOf) return false;
  if (f.status === 'REMOVED' || f.status === 'REPAIRED') {
    if (asOf >= today) return false;
    if (!f.removedOn) return false;
  }
  return true;
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 + months, d));
  // A day past the end of the month clamps to its last day (2023-03-31 + 1 month → 2023-04-30).
  if (t.getUTCDate() !== d) t.setUTCDate(0);
  return t.toISOString().slice(0, 10);
}

/** The window in which a measure applies to a record, or null when the record does not count on `asOf`. */
function windowOn(measure: Measure, f: Finding, asOf: string, today: string): { from: string; until: string | null } | null {
  switch (measure.duration.type) {
    case 'RECORD_WINDOW':
      if (!activeOn(f, asOf, today)) return null;
      return { from: f.listedOn, until: f.removedOn ? minDate(f.publicUntil, dayBefore(f.removedOn)) : f.publicUntil };
    case 'FIXED_TERM': {
      const { months, from } = measure.duration;
      const start = from === 'DECISION_DATE' ? (f.penalty?.decidedOn ?? f.listedOn) : f.listedOn;
      // Last day of the term: the day before the same date `months` later.
      const end = dayBefore(addMonths(start, months));
      if (from === 'DECISION_DATE') {
        if (!decisionCountsOn(f, start, asOf, today)) return null;
        return { from: start, until: minDate(end, f.removedOn ? dayBefore(f.removedOn) : null) };
      }
      if (!activeOn(f, asOf, today)) return null;
      return { from: start, until: minDate(end, f.removedOn ? dayBefore(f.removedOn) : f.publicUntil) };
    }
    default: {
      return assertNever(measure.duration);
    }
  }
}

/** Whether a record meets a trigger: its kind, and for penalty conditions its categories or fine. */
export function meetsTrigger(t: Trigger, f: Finding): boolean {
  if (t.kind !== f.kind) return false;
  if (!t.penalty) return true;
  // A penalty finding without detail (an older department) cannot be shown to meet the condition.
  const p = f.penalty;
  if (!p) return false;
  if (t.penalty.categoriesAny.some((c) => p.categories.includes(c))) return true;
  return t.penalty.fineYuanAtLeast !== null && p.fineYuan !== null && p.fineYuan >= t.penalty.fineYuanAtLeast;
}

function dayBefore(date: string): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

function minDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

function missingStatus(department: DepartmentName): SourceStatus {
  return {
    department,
    status: 'UNAVAILABLE',
    asOf: null,
    found: null,
    fromCache: false,
    stale: false,
    message: 'The department could not be read through the federation (its service failed).',
  };
}

/**
 * Departments whose records can trigger a restriction in the scenario under the rules in force on
 * `asOf`; market regulation always (existence).
 */
export function relevantDepartments(catalogue: Catalogue, scenario: Scenario, asOf: string): DepartmentName[] {
  const set = new Set<DepartmentName>(['MARKET_REGULATION']);
  for (const m of catalogue.measures) {
    if (m.kind === 'INCENTIVE' || !m.scenarios.includes(scenario)) continue;
    for (const t of m.triggers) {
      if (basesInForce(catalogue, m, t, asOf).length === 0) continue;
      for (const d of KIND_DEPARTMENTS[t.kind]) set.add(d);
    }
  }
  return DEPARTMENTS.filter((d) => set.has(d));
}

/**
 * The 联合奖惩 rules in one place: which measures the records trigger in a scenario on a day,
 * and the verdict (in the order of `VERDICT_ORDER`).
 *
 * - INACTIVE if market regulation answered, knows the enterprise, and holds it deregistered (注销) or
 *   its licence revoked (吊销) on `asOf`: it cannot be a party, whatever else applies (flags are
 *   still listed). When market regulation could not be read this cannot be known, and the check is
 *   INCOMPLETE (or PROHIBITED) as for any other missing department;
 * - otherwise PROHIBITED if any prohibiting measure applies, whatever else is missing;
 * - otherwise NOT_FOUND if market regulation answered and does not know the enterprise;
 * - otherwise INCOMPLETE if a department that matters for the scenario was not read OK;
 * - otherwise RESTRICTED / CAUTION / CLEAR by the strongest measure.
 * Incentives are given only with a CLEAR verdict (a local choice: 守信激励 is for those with no
 * restriction, and an incomplete picture cannot establish that).
 */
export function evaluate(input: EvaluateInput): CreditCheckResult {
  const { catalogue, scenario, asOf, today } = input;
  const sources = DEPARTMENTS.map((d) => input.sections[d]?.source ?? missingStatus(d));
  const relevant = relevantDepartments(catalogue, scenario, asOf);
  const missing = relevant.filter((d) => {
    const s = input.sections[d];
    return !s || s.source.status !== 'OK';
  });

  const findings: Finding[] = [];
  for (const d of DEPARTMENTS) {
    const s = input.sections[d];
    // Only a section read OK counts: a failed one carries no findings, and an outdated export's
    // records (shown as of the export) may have been removed since.
    if (s && s.source.status === 'OK') findings.push(...s.findings);
  }
  const flags: Flag[] = [];
  const incentiveFlags: Flag[] = [];
  for (const measure of catalogue.measures) {
    if (!measure.scenarios.includes(scenario)) continue;
    for (const f of findings) {
      // The triggers this record meets whose bases are in force on the day: a flag cites only these.
      const met = measure.triggers.filter((t) => meetsTrigger(t, f)).map((t) => ({ t, basis: basesInForce(catalogue, measure, t, asOf) }));
      const inForce = met.filter((x) => x.basis.length > 0);
      if (inForce.length === 0) continue;
      const w = windowOn(measure, f, asOf, today);
      if (!w || (w.until !== null && w.until < asOf)) continue;
      const basis = dedupeBases(inForce.flatMap((x) => x.basis));
      const flag: Flag = {
        measure,
        finding: f,
        triggers: inForce.map((x) => x.t),
        basis,
        appliesFrom: w.from,
        appliesUntil: w.until,
        underObjection: f.underObjection,
      };
      (measure.kind === 'INCENTIVE' ? incentiveFlags : flags).push(flag);
    }
  }
  flags.sort((a, b) => strength(b) - strength(a) || a.measure.code.localeCompare(b.measure.code) || a.finding.id.localeCompare(b.finding.id));

  const strongest = flags.reduce((max, f) => Math.max(max, strength(f)), 0);
  const market = input.sections.MARKET_REGULATION;
  const closed = market && market.source.status === 'OK' && market.source.found !== false ? inactiveOn(input.registration ?? null, asOf) : null;
  let verdict: Verdict;
  if (closed) verdict = 'INACTIVE';
  else if (strongest === STRENGTH.PROHIBIT) verdict = 'PROHIBITED';
  else if (market && market.source.status === 'OK' && market.source.found === false) verdict = 'NOT_FOUND';
  else if (missing.length > 0) verdict = 'INCOMPLETE';
  else if (strongest === STRENGTH.RESTRICT) verdict = 'RESTRICTED';
  else if (strongest === STRENGTH.STRICT_SUPERVISION) verdict = 'CAUTION';
  else verdict = 'CLEAR';

  const incentives = verdict === 'CLEAR' ? incentiveFlags : [];
  const checkedAt = input.checkedAt.toISOString();
  const registration = market?.source.status === 'OK' ? (input.registration ?? null) : null;
  const checkId = makeCheckId(input.uscc, scenario, asOf, checkedAt, catalogue.version, findings, sources, registration);
  const summaries = summarise(verdict, flags, missing, closed);
  const stale = sources.filter((s) => s.status === 'OK' && s.stale).map((s) => s.department);
  // A stale answer (served from cache while the legacy system failed) is used, but never silently.
  const summary = stale.length ? `${summaries.summary} Stale (cached) answers from: ${stale.map((d) => DEPT_EN(d)).join(', ')}.` : summaries.summary;
  const summaryZh = stale.length ? `${summaries.summaryZh}（${stale.map((d) => DEPT_ZH(d)).join('、')}数据来自缓存，非最新）` : summaries.summaryZh;
  return {
    registrationStatus: registration?.status ?? null,
    warnings: registrationWarnings(registration),
    uscc: input.uscc,
    scenario,
    verdict,
    asOf,
    checkedAt,
    checkId,
    catalogueVersion: catalogue.version,
    missingSources: missing,
    notChecked: catalogue.notChecked.filter((n) => n.scenarios.includes(scenario)).map((n) => ({ zh: n.zh, en: n.en })),
    sources,
    relevantSources: relevant,
    flags,
    incentives,
    summary,
    summaryZh,
  };
}

function dedupeBases(bases: CitedBasis[]): CitedBasis[] {
  const seen = new Set<string>();
  return bases.filter((b) => {
    const key = `${b.documentId}|${b.article}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function strength(f: Flag): number {
  return f.measure.kind === 'INCENTIVE' ? 0 : STRENGTH[f.measure.kind];
}

/**
 * A citable identifier: a digest of everything the verdict was computed from, so the same
 * check can be recognised (and re-derived from an audit record) later.
 */
function makeCheckId(
  uscc: string,
  scenario: string,
  asOf: string,
  checkedAt: string,
  version: string,
  findings: Finding[],
  sources: SourceStatus[],
  registration: { status: RegistrationStatus; closedOn: string | null } | null,
): string {
  const h = createHash('sha256');
  h.update([uscc, scenario, asOf, checkedAt, version].join('|'));
  // The registration decides INACTIVE, so it is part of what the verdict was computed from.
  if (registration) h.update(`|registration:${registration.status}:${registration.closedOn ?? ''}`);
  for (const s of sources) h.update(`|${s.department}:${s.status}:${s.asOf ?? ''}`);
  for (const f of [...findings].sort((a, b) => a.id.localeCompare(b.id))) h.update(`|${f.id}:${f.status}`);
  // The date a clerk reads in the number is the day in China (a check at 07:33 on the 26th is 20261126).
  return `CHK-${chinaDate(new Date(checkedAt)).replace(/-/g, '')}-${h.digest('hex').slice(0, 16).toUpperCase()}`;
}

const DEPT_EN = (d: DepartmentName) => departmentEntry(d).labelEn;
const DEPT_ZH = (d: DepartmentName) => departmentEntry(d).labelZh;

/**
 * The registration that makes an enterprise INACTIVE on `asOf`: deregistered or revoked on or before
 * that day (a bid-opening day before the enterprise was closed finds it operating), or null.
 */
function inactiveOn(
  r: { status: RegistrationStatus; closedOn: string | null } | null,
  asOf: string,
): { status: 'DEREGISTERED' | 'REVOKED'; closedOn: string | null } | null {
  if (!r) return null;
  switch (r.status) {
    case 'OPERATING':
      return null;
    case 'DEREGISTERED':
    case 'REVOKED':
      // Without the day it was closed, the status as market regulation holds it today is all there is.
      if (r.closedOn !== null && r.closedOn > asOf) return null;
      return { status: r.status, closedOn: r.closedOn };
    default:
      return assertNever(r.status);
  }
}

function summarise(
  verdict: Verdict,
  flags: Flag[],
  missing: DepartmentName[],
  closed: { status: 'DEREGISTERED' | 'REVOKED'; closedOn: string | null } | null,
): { summary: string; summaryZh: string } {
  const measures = [...new Set(flags.map((f) => f.measure.code))];
  const zhMeasures = [...new Set(flags.map((f) => f.measure.nameZh))];
  const missingZh = missing.map((d) => DEPT_ZH(d)).join('、');
  const missingEn = missing.map((d) => DEPT_EN(d)).join(', ');
  switch (verdict) {
    case 'INACTIVE': {
      const revoked = closed?.status === 'REVOKED';
      const on = closed?.closedOn ?? null;
      const zh = revoked ? `营业执照已被吊销${on ? `（${on}）` : ''}` : `主体已注销${on ? `（${on}）` : ''}`;
      const en = revoked ? `Business licence revoked${on ? ` on ${on}` : ''}` : `Deregistered${on ? ` on ${on}` : ''}`;
      return {
        summary: `Inactive — ${en}: it cannot be a party to this matter.${measures.length ? ` Also: ${measures.join(', ')}.` : ''}`,
        summaryZh: `${zh}，不能作为本事项的当事人。${zhMeasures.length ? `另有失信惩戒措施：${zhMeasures.join('；')}。` : ''}`,
      };
    }
    case 'PROHIBITED':
      return {
        summary: `Prohibited: ${measures.join(', ')}.${missing.length ? ` (Not read: ${missingEn}.)` : ''}`,
        summaryZh: `禁止：${zhMeasures.join('；')}。${missing.length ? `（未能读取：${missingZh}）` : ''}`,
      };
    case 'NOT_FOUND':
      return { summary: 'Market regulation knows no enterprise with this code.', summaryZh: '市场监管部门无此主体登记信息。' };
    case 'INCOMPLETE':
      return {
        summary: `Incomplete — not a pass: ${missingEn} could not be read.`,
        summaryZh: `信息不完整，不能视为通过：未能读取${missingZh}数据。`,
      };
    case 'RESTRICTED':
      return { summary: `Restricted: ${measures.join(', ')}.`, summaryZh: `限制：${zhMeasures.join('；')}。` };
    case 'CAUTION':
      return { summary: `Caution (key supervision): ${measures.join(', ')}.`, summaryZh: `审慎：${zhMeasures.join('；')}。` };
    case 'CLEAR':
      return { summary: 'Clear: no restriction applies in this scenario.', summaryZh: '未发现本场景适用的失信惩戒措施。' };
    default: {
      return assertNever(verdict);
    }
  }
}

/** A deregistered or revoked enterprise is no credit measure, but no counter may treat it as an ordinary applicant. */
function registrationWarnings(r: { status: RegistrationStatus; closedOn: string | null } | null): string[] {
  if (!r) return [];
  const since = r.closedOn ? ` since ${r.closedOn}` : '';
  const sinceZh = r.closedOn ? `（${r.closedOn}）` : '';
  switch (r.status) {
    case 'OPERATING':
      return [];
    case 'DEREGISTERED':
      return [
        `已注销${sinceZh}：主体资格已终止，不能作为新申请的当事人。 Deregistered${since}: the entity no longer exists and cannot be a party to a new application.`,
      ];
    case 'REVOKED':
      return [`营业执照已被吊销${sinceZh}，尚未注销：不得从事经营活动。 Business licence revoked${since}, not yet deregistered: it may not trade.`];
    default: {
      return assertNever(r.status);
    }
  }
}
