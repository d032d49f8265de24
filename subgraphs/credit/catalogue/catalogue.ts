import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { lintCatalogue } from './wording.js';
import { DEPARTMENT_REGISTRY, findingKindEntries, findingKindsOf, type DepartmentEntry, type FindingKindName } from '../../../common/departments.js';
import { PENALTY_CATEGORIES, type PenaltyCategory } from '../../shared/index.js';

/** The 信用记录类别 a measure can be triggered by: every kind the department registry introduces (the shared SDL's `FindingKind` is generated from the same list). */
export const FINDING_KINDS: readonly FindingKind[] = findingKindEntries().map((k) => k.kind as FindingKind);
export type FindingKind = FindingKindName;

/** 处罚种类 after normalisation (行政处罚法 第九条), as the departments' findings carry them. */
export { PENALTY_CATEGORIES, type PenaltyCategory };

export const SCENARIOS = [
  'BIDDING',
  'GOVERNMENT_PROCUREMENT',
  'FISCAL_FUNDS',
  'ADMINISTRATIVE_LICENSING',
  'HONORS',
  'STATE_LAND_TRANSFER',
  'GENERAL',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const MEASURE_KINDS = ['PROHIBIT', 'RESTRICT', 'STRICT_SUPERVISION', 'INCENTIVE'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** What a measure is, in law: a 失信惩戒 measure, or a statutory qualification a participant must meet (资格条件). */
export const MEASURE_CATEGORIES = ['PUNISHMENT', 'QUALIFICATION', 'INCENTIVE'] as const;

const POSITIVE_KINDS = new Set<FindingKind>(
  findingKindEntries()
    .filter((k) => k.positive)
    .map((k) => k.kind as FindingKind),
);
const PENALTY_KINDS = new Set<FindingKind>(['ADMINISTRATIVE_PENALTY', 'SEVERE_ADMINISTRATIVE_PENALTY']);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date');
const chinese = (what: string) => z.string().regex(/[\u4e00-\u9fff]/, `${what} must be written in Chinese`);
const bilingual = z.strictObject({ zh: chinese('zh').min(2), en: z.string().min(2) });

/**
 * 文件 — a law, regulation or policy document, once, with the days it is in force. A document
 * that was replaced names its successor; `effectiveUntil` is the last day it applied.
 */
const documentSchema = z
  .strictObject({
    title: chinese('title').min(4),
    documentNumber: z.string().min(2).nullable(),
    issuer: z.string().min(2),
    effectiveFrom: isoDate,
    effectiveUntil: isoDate.nullable(),
    supersededBy: z.string().min(2).nullable(),
  })
  .superRefine((d, ctx) => {
    if (d.effectiveUntil && d.effectiveUntil < d.effectiveFrom)
      ctx.addIssue({ code: 'custom', path: ['effectiveUntil'], message: 'ends before it starts' });
    if (d.supersededBy && !d.effectiveUntil)
      ctx.addIssue({ code: 'custom', path: ['effectiveUntil'], message: 'a superseded document needs the last day it applied' });
  });

/**
 * 核对状态 — CONFIRMED: the wording was read in the official text or a reproduction of it (named in
 * `source`, on `readOn`); UNCONFIRMED: not found in any text; the level may then be no harsher than
 * RESTRICT (see wording.ts).
 */
const verificationSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('CONFIRMED'), source: z.string().min(4), readOn: isoDate }),
  z.strictObject({ state: z.literal('UNCONFIRMED'), source: z.string().min(4).nullable(), readOn: isoDate.nullable() }),
]);

/** 依据 — one article of one document, with its operative wording quoted in Chinese. */
const basisSchema = z.strictObject({
  document: z.string().min(1),
  article: z.string().min(1),
  wording: chinese('wording').min(4),
  verification: verificationSchema,
});

/**
 * 触发条件 — one kind of record that triggers the measure, on the bases that say so. A flag cites
 * the bases of the trigger that fired, never those of the measure's other triggers.
 */
const triggerSchema = z
  .strictObject({
    // A kind no registered department introduces reads like one no department supplies (see below).
    kind: z.string().refine((k): k is FindingKind => (FINDING_KINDS as readonly string[]).includes(k), {
      error: (issue) => `no registered department supplies ${String(issue.input)} (register the department, or remove the trigger)`,
    }),
    /** For penalty kinds: the decision must be one of these categories, or carry a fine of at least this much (either suffices). */
    penalty: z
      .strictObject({
        categoriesAny: z.array(z.enum(PENALTY_CATEGORIES)).default([]),
        fineYuanAtLeast: z.number().positive().nullable().default(null),
        description: bilingual,
      })
      .optional(),
    /** A trigger may start or end apart from its documents (e.g. a threshold set later). */
    effectiveFrom: isoDate.optional(),
    effectiveUntil: isoDate.optional(),
    bases: z.array(basisSchema).min(1, 'every trigger needs at least one legal basis'),
    /** 本地适用选择 — shown to users beside the basis: how this layer reads the basis where the text leaves a choice. */
    localChoice: bilingual.optional(),
  })
  .superRefine((t, ctx) => {
    if (t.penalty && !PENALTY_KINDS.has(t.kind))
      ctx.addIssue({
        code: 'custom',
        path: ['penalty'],
        message: `a penalty condition only applies to ADMINISTRATIVE_PENALTY / SEVERE_ADMINISTRATIVE_PENALTY, not ${t.kind}`,
      });
    if (t.penalty && t.penalty.categoriesAny.length === 0 && t.penalty.fineYuanAtLeast === null)
      ctx.addIssue({ code: 'custom', path: ['penalty'], message: 'a penalty condition needs categoriesAny or fineYuanAtLeast' });
  });

const measureSchema = z
  .strictObject({
    code: z.string().regex(/^[A-Z0-9-]+$/, 'upper-case letters, digits and hyphens'),
    nameZh: chinese('nameZh').min(2),
    name: z.string().min(2),
    kind: z.enum(MEASURE_KINDS),
    category: z.enum(MEASURE_CATEGORIES),
    appliesTo: z.enum(['ENTERPRISE', 'LEGAL_REPRESENTATIVE']),
    scenarios: z.array(z.enum(SCENARIOS)).min(1),
    /** 适用范围 — where the basis limits the measure within a scenario (e.g. 依法必须进行招标的工程建设项目). */
    scope: bilingual.nullable().default(null),
    triggers: z.array(triggerSchema).min(1, 'every measure needs at least one trigger'),
    implementedBy: chinese('implementedBy').min(2),
    duration: z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('RECORD_WINDOW') }),
      z.strictObject({
        type: z.literal('FIXED_TERM'),
        months: z.number().int().positive().max(120),
        from: z.enum(['DECISION_DATE', 'LISTING_DATE']),
      }),
    ]),
    /** The measure as a whole may be adopted or withdrawn locally apart from its documents. */
    effectiveFrom: isoDate.optional(),
    effectiveUntil: isoDate.optional(),
    /** For the credit office only: never shown to users, never served by the API. */
    officeNote: z.string().optional(),
  })
  .superRefine((m, ctx) => {
    m.triggers.forEach((t, i) => {
      const positive = POSITIVE_KINDS.has(t.kind);
      if (m.kind === 'INCENTIVE' && !positive)
        ctx.addIssue({
          code: 'custom',
          path: ['triggers', i, 'kind'],
          message: `an INCENTIVE may only be triggered by positive records (TAX_CREDIT_A, ENVIRONMENT_CREDIT_GREEN, HONOR), not ${t.kind}`,
        });
      if (m.kind !== 'INCENTIVE' && positive)
        ctx.addIssue({
          code: 'custom',
          path: ['triggers', i, 'kind'],
          message: `a ${m.kind} measure cannot be triggered by a positive record (${t.kind})`,
        });
    });
    if ((m.kind === 'INCENTIVE') !== (m.category === 'INCENTIVE'))
      ctx.addIssue({ code: 'custom', path: ['category'], message: 'category INCENTIVE goes with kind INCENTIVE, and only with it' });
    if (m.effectiveFrom && m.effectiveUntil && m.effectiveUntil < m.effectiveFrom)
      ctx.addIssue({ code: 'custom', path: ['effectiveUntil'], message: 'ends before it starts' });
  });

/** 未核查事项 — what a scenario's rules would also need and no connected department holds; said in every answer. */
const notCheckedSchema = z.strictObject({ scenarios: z.array(z.enum(SCENARIOS)).min(1), zh: chinese('zh').min(4), en: z.string().min(4) });

export const catalogueSchema = z
  .strictObject({
    version: z.string().min(1),
    title: z.string().min(2),
    basis: z.string().min(2),
    documents: z.record(z.string().regex(/^[A-Z0-9-]+$/, 'document ids are upper-case letters, digits and hyphens'), documentSchema),
    measures: z.array(measureSchema).min(1),
    notChecked: z.array(notCheckedSchema).default([]),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.measures.forEach((m, i) => {
      if (seen.has(m.code)) ctx.addIssue({ code: 'custom', path: ['measures', i, 'code'], message: `duplicate measure code ${m.code}` });
      seen.add(m.code);
      m.triggers.forEach((t, j) =>
        t.bases.forEach((b, k) => {
          if (!c.documents[b.document]) {
            ctx.addIssue({
              code: 'custom',
              path: ['measures', i, 'triggers', j, 'bases', k, 'document'],
              message: `${m.code}: unknown document id "${b.document}" (add it to documents)`,
            });
          }
        }),
      );
    });
  });

export type Catalogue = z.infer<typeof catalogueSchema>;
export type Measure = Catalogue['measures'][number];
export type Trigger = Measure['triggers'][number];
export type Basis = Trigger['bases'][number];
export type LegalDocument = Catalogue['documents'][string];

/** A basis with its document spelled out, as users see it. */
export interface CitedBasis {
  documentId: string;
  document: LegalDocument;
  article: string;
  wording: string;
  verification: Basis['verification'];
}

export const DEFAULT_CATALOGUE_URL = new URL('./measures.json', import.meta.url);

/**
 * Read and validate a measures catalogue. A bad catalogue throws one message that lists every
 * problem with the measure code and the field, so the credit subgraph refuses to start rather
 * than apply wrong rules.
 */
export function loadCatalogue(source: URL | string = DEFAULT_CATALOGUE_URL): Catalogue {
  const text = readFileSync(source, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`The measures catalogue ${String(source)} is not valid JSON: ${(err as Error).message}`);
  }
  return parseCatalogue(json, String(source));
}

export function parseCatalogue(json: unknown, name = 'catalogue', departments: readonly DepartmentEntry[] = DEPARTMENT_REGISTRY): Catalogue {
  const r = catalogueSchema.safeParse(json);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ✖ ${describePath(json, i.path)}: ${i.message}`);
    throw new Error(`The measures catalogue ${name} is invalid; the credit subgraph will not start:\n${lines.join('\n')}`);
  }
  // No false CLEAR from configuration: a trigger no registered department supplies would never
  // fire and never make a check INCOMPLETE. A department goes only together with its measures.
  const supplied = new Set(departments.flatMap((d) => findingKindsOf(d)));
  const orphans = r.data.measures.flatMap((m) =>
    m.triggers.flatMap((t, i) =>
      supplied.has(t.kind)
        ? []
        : [
            `  ✖ measure ${m.code}, field triggers[${i}].kind: no registered department supplies ${t.kind} (register the department, or remove the trigger)`,
          ],
    ),
  );
  if (orphans.length > 0) {
    throw new Error(
      `The measures catalogue ${name} names records no department supplies; the credit subgraph will not start:\n${orphans.join('\n')}`,
    );
  }
  const problems = lintCatalogue(r.data);
  if (problems.length > 0) {
    throw new Error(
      `The measures catalogue ${name} states a level its wording does not support; the credit subgraph will not start:\n${problems.map((p) => `  ✖ ${p.message}`).join('\n')}`,
    );
  }
  return r.data;
}

/** `measures[3].triggers[0].bases[1].wording` → `measure BAN-X, triggers[0].bases[1].wording`. */
function describePath(json: unknown, path: PropertyKey[]): string {
  const text = path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  if (path[0] === 'measures' && typeof path[1] === 'number') {
    const code = (json as { measures?: { code?: unknown }[] })?.measures?.[path[1]]?.code;
    const rest = path
      .slice(2)
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    return `measure ${typeof code === 'string' ? code : `#${path[1] + 1}`}${rest ? `, field ${rest}` : ''}`;
  }
  return text || '(the file)';
}

/** Whether a day falls in [from, until] (either end open when absent). */
export function inForce(day: string, from: string | null | undefined, until: string | null | undefined): boolean {
  return (!from || from <= day) && (!until || day <= until);
}

/** The bases of a trigger in force on `day`: its documents in force, the trigger and its measure too. */
export function basesInForce(c: Catalogue, m: Measure, t: Trigger, day: string): CitedBasis[] {
  if (!inForce(day, m.effectiveFrom, m.effectiveUntil) || !inForce(day, t.effectiveFrom, t.effectiveUntil)) return [];
  return t.bases.flatMap((b) => {
    const document = c.documents[b.document]!;
    return inForce(day, document.effectiveFrom, document.effectiveUntil)
      ? [{ documentId: b.document, document, article: b.article, wording: b.wording, verification: b.verification }]
      : [];
  });
}

/** The measures with at least one trigger in force on `day`, each with only those triggers and their bases in force. */
export function measuresInForce(c: Catalogue, day: string): Measure[] {
  return c.measures.flatMap((m) => {
    const triggers = m.triggers.flatMap((t) => {
      const inForceIds = new Set(basesInForce(c, m, t, day).map((b) => `${b.documentId}|${b.article}`));
      const bases = t.bases.filter((b) => inForceIds.has(`${b.document}|${b.article}`));
      return bases.length ? [{ ...t, bases }] : [];
    });
    return triggers.length ? [{ ...m, triggers }] : [];
  });
}

/** The days a trigger applies: its own dates, its measure's, and the span of its documents. */
export function triggerPeriod(c: Catalogue, m: Measure, t: Trigger): { from: string; until: string | null } {
  const docs = t.bases.map((b) => c.documents[b.document]!);
  const docFrom = docs.map((d) => d.effectiveFrom).sort()[0]!;
  const docUntil = docs.some((d) => d.effectiveUntil === null)
    ? null
    : docs
        .map((d) => d.effectiveUntil!)
        .sort()
        .at(-1)!;
  const from = [docFrom, m.effectiveFrom, t.effectiveFrom]
    .filter((x): x is string => !!x)
    .sort()
    .at(-1)!;
  const untils = [docUntil, m.effectiveUntil ?? null, t.effectiveUntil ?? null].filter((x): x is string => !!x).sort();
  return { from, until: untils[0] ?? null };
}

/** The days a measure applies: from its first trigger's start to its last trigger's end (null: open). */
export function measurePeriod(c: Catalogue, m: Measure): { from: string; until: string | null } {
  const periods = m.triggers.map((t) => triggerPeriod(c, m, t));
  const from = periods.map((p) => p.from).sort()[0]!;
  const until = periods.some((p) => p.until === null)
    ? null
    : periods
        .map((p) => p.until!)
        .sort()
        .at(-1)!;
  return { from, until };
}

/** Every basis of a measure, documents spelled out, once each (for the catalogue's listing). */
export function allBases(c: Catalogue, m: Measure): CitedBasis[] {
  const seen = new Set<string>();
  const out: CitedBasis[] = [];
  for (const t of m.triggers) {
    for (const b of t.bases) {
      const key = `${b.document}|${b.article}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ documentId: b.document, document: c.documents[b.document]!, article: b.article, wording: b.wording, verification: b.verification });
    }
  }
  return out;
}
