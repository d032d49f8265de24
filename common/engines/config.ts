import { z } from 'zod';

/**
 * The shared engines a service may be given (issue: past one machine). Neither is required: without
 * `REDIS_URL` a service keeps its state in its own process, without `DATABASE_URL` in files, exactly
 * as one process on one machine always has.
 *
 * - `REDIS_URL` (`redis://[:password@]host:port[/db]`): the courts call budget, the signature nonces
 *   and the legacy-answer cache tier shared by every replica.
 * - `DATABASE_URL` (`postgres://user[:password]@host:port/database`): the audit trail, the check
 *   journal and feedback, and bulk jobs, shared by every replica.
 * - `REPLICAS` (default 1): how many replicas of this service run. When Redis cannot be reached, a
 *   replica falls back to its own share of a shared budget (the budget ÷ `REPLICAS`), so that the
 *   replicas together still stay within it.
 */
export const enginesEnvSchema = z.object({
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  REPLICAS: z.coerce.number().int().min(1).max(64).default(1),
});

export interface EnginesConfig {
  /** Shared Redis, or null: in-process state. */
  redisUrl: string | null;
  /** Shared PostgreSQL, or null: files. */
  databaseUrl: string | null;
  /** Replicas of this service (for a budget's per-replica share when Redis is out). */
  replicas: number;
}

export function enginesConfig(e: z.infer<typeof enginesEnvSchema>): EnginesConfig {
  return { redisUrl: e.REDIS_URL ?? null, databaseUrl: e.DATABASE_URL ?? null, replicas: e.REPLICAS };
}
