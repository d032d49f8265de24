import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The 信用记录类别 a measure can be triggered by (must match `FindingKind` in the shared SDL). */
export const FINDING_KINDS = [
  'ABNORMAL_OPERATIONS',
  'SERIOUS_ILLEGAL_DISHONEST',
  'ADMINISTRATIVE_PENALTY',
  'SEVERE_ADMINISTRATIVE_PENALTY',
  'MAJOR_TAX_VIOLATION',
  'TAX_CREDIT_A',
  'TAX_CREDIT_D',
  'TAX_ARREARS',
  'DISHONEST_DEBTOR',
  'CONSUMPTION_RESTRICTION',
  'ENVIRONMENT_CREDIT_GREEN',
  'ENVIRONMENT_CREDIT_YELLOW',
  'ENVIRONMENT_CREDIT_RED',
  'SAFETY_PRODUCTION_DISHONEST',
  'CREDIT_COMMITMENT_BREACH',
  'HONOR',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

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

const negativeKinds = new Set<FindingKind>(['TAX_CREDIT_A', 'ENVIRONMENT_CREDIT_GREEN', 'HONOR']);

const legalBasisSchema = z.strictObject({
  document: z.string().min(2),
  documentNumber: z.string().min(2).optional(),
  article: z.string().min(1),
  issuer: z.string().min(2),
  articleVerified: z.boolean(),
});

const measureSchema = z
  .strictObject({
    code: z.string().regex(/^[A-Z0-9-]+$/, 'upper-case letters, digits and hyphens'),
    nameZh: z.string().min(2),
    name: z.string().min(2),
    kind: z.enum(MEASURE_KINDS),
    appliesTo: z.enum(['ENTERPRISE', 'LEGAL_REPRESENTATIVE']),
    triggers: z.array(z.enum(FINDING_KINDS)).min(1),
    scenarios: z.array(z.enum(SCENARIOS)).min(1),
    legalBasis: z.array(legalBasisSchema).min(1, 'every measure needs at least one legal basis'),
    implementedBy: z.string().min(2),
    duration: z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('RECORD_WINDOW') }),
      z.strictObject({ type: z.literal('FIXED_TERM'), months: z.number().int().positive().max(120) }),
    ]),
    origin: z.enum(['OFFICIAL_TEXT', 'LOCAL_CHOICE']),
    note: z.string().optional(),
  })
  .superRefine((m, ctx) => {
    const positive = m.triggers.filter((t) => negativeKinds.has(t));
    if (m.kind === 'INCENTIVE' && positive.length !== m.triggers.length) {
      ctx.addIssue({ code: 'custom', message: 'an INCENTIVE may only be triggered by positive records (TAX_CREDIT_A, ENVIRONMENT_CREDIT_GREEN, HONOR)' });
    }
    if (m.kind !== 'INCENTIVE' && positive.length > 0) {
      ctx.addIssue({ code: 'custom', message: `a ${m.kind} measure cannot be triggered by a positive record (${positive.join(', ')})` });
    }
    if (m.origin === 'LOCAL_CHOICE' && !m.note) {
      ctx.addIssue({ code: 'custom', message: 'a LOCAL_CHOICE measure must explain the choice in `note`' });
    }
  });

export const catalogueSchema = z
  .object({
    version: z.string().min(1),
    title: z.string(),
    basis: z.string(),
    measures: z.array(measureSchema).min(1),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.measures.forEach((m, i) => {
      if (seen.has(m.code)) ctx.addIssue({ code: 'custom', path: ['measures', i, 'code'], message: `duplicate measure code ${m.code}` });
      seen.add(m.code);
    });
  });

export type Catalogue = z.infer<typeof catalogueSchema>;
export type Measure = Catalogue['measures'][number];

export const DEFAULT_CATALOGUE_URL = new URL('./measures.json', import.meta.url);

/**
 * Read and validate a measures catalogue. A bad catalogue throws one message that lists every
 * problem with its path, so the credit subgraph refuses to start rather than apply wrong rules.
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

export function parseCatalogue(json: unknown, name = 'catalogue'): Catalogue {
  const r = catalogueSchema.safeParse(json);
  if (!r.success) {
    throw new Error(`The measures catalogue ${name} is invalid; the credit subgraph will not start:\n${z.prettifyError(r.error)}`);
  }
  return r.data;
}
