import { z } from 'zod';
import { FINDING_KINDS, PENALTY_CATEGORIES } from '../catalogue/catalogue.js';
import { DEPARTMENTS, type DepartmentName, type Section } from './evaluate.js';
import { departmentEntry } from '../../../common/departments.js';

/** The entity field that carries each department's section (from the department registry). */
export const SECTION_FIELDS: Readonly<Record<DepartmentName, string>> = Object.fromEntries(
  DEPARTMENTS.map((d) => [d, departmentEntry(d).sectionField]),
) as Record<DepartmentName, string>;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const department = z.enum(DEPARTMENTS as [DepartmentName, ...DepartmentName[]]);

const sectionSchema = z.object({
  source: z.object({
    department,
    status: z.enum(['OK', 'UNAVAILABLE', 'TIMEOUT', 'RATE_LIMITED', 'BAD_RESPONSE', 'OUTDATED']),
    asOf: z.string().nullable(),
    found: z.boolean().nullable(),
    fromCache: z.boolean(),
    stale: z.boolean(),
    message: z.string().nullable(),
  }),
  findings: z.array(
    z.object({
      id: z.string(),
      department,
      kind: z.enum(FINDING_KINDS),
      status: z.enum(['ACTIVE', 'REMOVED', 'REPAIRED', 'EXPIRED']),
      listedOn: date,
      removedOn: date.nullable(),
      publicUntil: date.nullable(),
      reference: z.string(),
      authority: z.string(),
      reason: z.string().nullable(),
      underObjection: z.boolean(),
      penalty: z
        .object({
          decidedOn: date,
          penaltyType: z.string(),
          categories: z.array(z.enum(PENALTY_CATEGORIES)),
          fineYuan: z.number().nonnegative().nullable(),
        })
        .nullable()
        .optional(),
    }),
  ),
});

const registrationSchema = z.object({ status: z.enum(['OPERATING', 'DEREGISTERED', 'REVOKED']), closedOn: date.nullable() }).nullable();

/** Market regulation's registration status from the representation, or null when absent or malformed. */
export function readRegistration(
  representation: Record<string, unknown>,
): { status: 'OPERATING' | 'DEREGISTERED' | 'REVOKED'; closedOn: string | null } | null {
  const market = representation[SECTION_FIELDS.MARKET_REGULATION] as { registration?: unknown } | null | undefined;
  const r = registrationSchema.safeParse(market?.registration ?? null);
  return r.success ? r.data : null;
}

/**
 * Read the five sections the gateway passed in the entity representation (`@requires`).
 * A section that is absent or null could not be read; one that does not match the model, or that
 * claims another department, is treated as a bad response — never as an empty record.
 */
export function readSections(representation: Record<string, unknown>): Partial<Record<DepartmentName, Section>> {
  const out: Partial<Record<DepartmentName, Section>> = {};
  for (const d of DEPARTMENTS) {
    const raw = representation[SECTION_FIELDS[d]];
    if (raw === null || raw === undefined) {
      out[d] = null;
      continue;
    }
    const parsed = sectionSchema.safeParse(raw);
    if (!parsed.success || parsed.data.source.department !== d || parsed.data.findings.some((f) => f.department !== d)) {
      out[d] = {
        source: {
          department: d,
          status: 'BAD_RESPONSE',
          asOf: null,
          found: null,
          fromCache: false,
          stale: false,
          message: 'The department section did not match the expected model.',
        },
        findings: [],
      };
      continue;
    }
    out[d] = parsed.data;
  }
  return out;
}
