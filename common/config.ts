import { z } from 'zod';
import { DEV_SUBGRAPH_SECRET } from './http/index.js';

/**
 * Configuration helpers every service shares: one error format that names every bad variable, and
 * the secret between the gateway and the subgraphs.
 */

/** A configuration that cannot be used; `issues` lets a caller merge it with its own problems. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Turn a zod failure into one message that names every variable to fix. */
export function configError(service: string, error: z.ZodError): ConfigError {
  const lines = error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  return new ConfigError(
    `Invalid configuration for ${service}:\n${lines.join('\n')}\nSet the variables above to valid values (see README → Configuration).`,
    error.issues,
  );
}

type Parsed<T extends readonly z.ZodType[]> = { [K in keyof T]: z.infer<T[K]> };

/**
 * Read `env` with each schema; if any fails, throw one `configError` listing the problems of all of
 * them, so a bad deployment is fixed in one go.
 */
export function parseEnv<const T extends readonly z.ZodType[]>(service: string, env: Record<string, string | undefined>, ...schemas: T): Parsed<T> {
  const results = schemas.map((s) => s.safeParse(env));
  const issues: z.core.$ZodIssue[] = [...results.flatMap((r) => (r.success ? [] : r.error.issues)), ...misspelt(env, schemas)];
  if (issues.length > 0) throw configError(service, new z.ZodError(issues));
  return results.map((r) => r.data) as Parsed<T>;
}

/**
 * `SUBGRAPH_SHARED_SECRET`, shared by the gateway and every subgraph. The development default only
 * outside production: a production deployment must set its own.
 */
export const sharedSecretSchema = z
  .object({ SUBGRAPH_SHARED_SECRET: z.string().min(16, 'at least 16 characters').default(DEV_SUBGRAPH_SECRET), NODE_ENV: z.string().optional() })
  .refine((e) => !(e.NODE_ENV === 'production' && e.SUBGRAPH_SHARED_SECRET === DEV_SUBGRAPH_SECRET), {
    message: 'the development secret is refused when NODE_ENV=production: set your own',
    path: ['SUBGRAPH_SHARED_SECRET'],
  });

/** The variable names a schema reads (the keys of a zod object, through refinements). */
function keysOf(schema: z.ZodType): string[] {
  const def = (schema as unknown as { def?: { shape?: Record<string, unknown>; in?: z.ZodType; schema?: z.ZodType } }).def;
  if (def?.shape) return Object.keys(def.shape);
  if (def?.in) return keysOf(def.in);
  if (def?.schema) return keysOf(def.schema);
  return [];
}

/** Edit distance counting an adjacent swap as one edit (optimal string alignment). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * A variable that looks like one of this service's but is not (`TAX_LEGACY_TIMEOUT` for
 * `TAX_LEGACY_TIMEOUT_MS`) would otherwise be ignored without a word and its default used. It is
 * reported with the name it probably meant: same first two words, and a small edit or a missing or
 * extra last word. Other services' variables (`TAX_SUBGRAPH_URL` for the gateway) do not look close.
 */
function misspelt(env: Record<string, string | undefined>, schemas: readonly z.ZodType[]): z.core.$ZodIssue[] {
  const known = new Set(schemas.flatMap(keysOf));
  const head = (k: string) => k.split('_').slice(0, 2).join('_');
  const out: z.core.$ZodIssue[] = [];
  for (const name of Object.keys(env)) {
    if (known.has(name) || env[name] === undefined || !/^[A-Z][A-Z0-9_]*$/.test(name)) continue;
    // The closest known name that looks like it (a unit or word added or dropped counts as close).
    const meant = [...known]
      .filter((k) => head(k) === head(name) && name.includes('_'))
      .map((k) => ({ k, d: k.startsWith(`${name}_`) || name.startsWith(`${k}_`) ? 1 : distance(k, name) }))
      .filter((c) => c.d <= 2)
      .sort((x, y) => x.d - y.d)[0]?.k;
    if (meant)
      out.push({
        code: 'custom',
        path: [name],
        message: `not a setting of this service: did you mean ${meant}?`,
        input: env[name],
      } as z.core.$ZodIssue);
  }
  return out;
}
