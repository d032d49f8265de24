import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { parseEnv, sharedSecretSchema } from '../../common/config.js';
import type { SubgraphHttpConfig } from '../shared/index.js';
import { enginesConfig, enginesEnvSchema, type EnginesConfig } from '../../common/engines/index.js';

export interface CreditConfig {
  http: SubgraphHttpConfig;
  /** Most codes one `enterprises` call may carry. */
  maxCodesPerRequest: number;
  /** The measures catalogue (`CREDIT_CATALOGUE_PATH`, default the checked-in `catalogue/measures.json`). */
  catalogueUrl: URL;
  /** Where the case journal (checks with measures, feedback) is kept (`CREDIT_JOURNAL_DIR`, default `./data/credit`). */
  journalDir: string;
  /** `DATABASE_URL` (the journal in PostgreSQL instead of `journalDir`), `REDIS_URL`, `REPLICAS`. */
  engines: EnginesConfig;
}

/** `CREDIT_SUBGRAPH_PORT` (default 4001), `HOST`, `CREDIT_MAX_CODES` (default 1000), `CREDIT_CATALOGUE_PATH`. */
export function loadCreditConfig(env: Record<string, string | undefined>): CreditConfig {
  const schema = z.object({
    CREDIT_SUBGRAPH_PORT: z.coerce.number().int().min(0).max(65535).default(4001),
    HOST: z.string().min(1).default('127.0.0.1'),
    CREDIT_MAX_CODES: z.coerce.number().int().positive().max(100_000).default(1000),
    CREDIT_CATALOGUE_PATH: z.string().min(1).optional(),
    CREDIT_JOURNAL_DIR: z.string().min(1).default('./data/credit'),
  });
  const [d, secret, e] = parseEnv('the credit subgraph', env, schema, sharedSecretSchema, enginesEnvSchema);
  return {
    http: { port: d.CREDIT_SUBGRAPH_PORT, host: d.HOST, sharedSecret: secret.SUBGRAPH_SHARED_SECRET },
    maxCodesPerRequest: d.CREDIT_MAX_CODES,
    catalogueUrl: d.CREDIT_CATALOGUE_PATH ? pathToFileURL(d.CREDIT_CATALOGUE_PATH) : new URL('./catalogue/measures.json', import.meta.url),
    journalDir: d.CREDIT_JOURNAL_DIR,
    engines: enginesConfig(e),
  };
}
