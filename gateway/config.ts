import { z } from 'zod';

/** The subgraphs the gateway joins, with their default addresses. */
export const SUBGRAPHS = {
  credit: 4001,
  market: 4002,
  tax: 4003,
  courts: 4004,
  environment: 4005,
  economy: 4006,
} as const;
export type SubgraphName = keyof typeof SUBGRAPHS;

export interface GatewayConfig {
  http: { port: number; host: string };
  /** Where each subgraph is (`<NAME>_SUBGRAPH_URL`). */
  subgraphUrls: Record<SubgraphName, string>;
  /** Per-subgraph call timeout (`SUBGRAPH_TIMEOUT_MS`, default 4500). */
  subgraphTimeoutMs: number;
  /** Largest request body accepted (`MAX_BODY_BYTES`, default 256 KiB). */
  maxBodyBytes: number;
}

const url = (port: number) => z.url().default(`http://127.0.0.1:${port}/`);

/**
 * Gateway configuration from the environment: `PORT` (4000), `HOST` (127.0.0.1),
 * `CREDIT_SUBGRAPH_URL` … `ECONOMY_SUBGRAPH_URL`, `SUBGRAPH_TIMEOUT_MS`, `MAX_BODY_BYTES`.
 * Pure; throws one message naming every bad variable.
 */
export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  const schema = z.object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    CREDIT_SUBGRAPH_URL: url(SUBGRAPHS.credit),
    MARKET_SUBGRAPH_URL: url(SUBGRAPHS.market),
    TAX_SUBGRAPH_URL: url(SUBGRAPHS.tax),
    COURTS_SUBGRAPH_URL: url(SUBGRAPHS.courts),
    ENVIRONMENT_SUBGRAPH_URL: url(SUBGRAPHS.environment),
    ECONOMY_SUBGRAPH_URL: url(SUBGRAPHS.economy),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(4500),
    MAX_BODY_BYTES: z.coerce.number().int().positive().default(256 * 1024),
  });
  const r = schema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration for the gateway:\n${lines.join('\n')}\nSet the variables above to valid values (see README → Configuration).`);
  }
  const d = r.data;
  return {
    http: { port: d.PORT, host: d.HOST },
    subgraphUrls: {
      credit: d.CREDIT_SUBGRAPH_URL,
      market: d.MARKET_SUBGRAPH_URL,
      tax: d.TAX_SUBGRAPH_URL,
      courts: d.COURTS_SUBGRAPH_URL,
      environment: d.ENVIRONMENT_SUBGRAPH_URL,
      economy: d.ECONOMY_SUBGRAPH_URL,
    },
    subgraphTimeoutMs: d.SUBGRAPH_TIMEOUT_MS,
    maxBodyBytes: d.MAX_BODY_BYTES,
  };
}
