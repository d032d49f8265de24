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
  const issues = results.flatMap((r) => (r.success ? [] : r.error.issues));
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
