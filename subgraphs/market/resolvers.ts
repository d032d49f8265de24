import type DataLoader from 'dataloader';
import { explainInvalid, parseUscc } from '../../common/uscc/index.js';
import { chinaDate, createBatchLookupLoader, type LegacyCache, type Lookup } from '../shared/index.js';
import type { MarketLegacyClient } from './legacy-client.js';
import { MARKET_LEGACY_BATCH_LIMIT } from './legacy-client.js';
import type { MarketLegacyRecord } from './legacy-models.js';
import { marketRecordOf, type MarketRegulationRecord } from './normalize.js';
import { graphQLError } from '../../common/error-codes.js';

/** Per-request context: one loader set per request, and the day finding states are computed on. */
export interface MarketContext {
  loader: DataLoader<string, Lookup<MarketLegacyRecord>>;
  /** Today in China time, YYYY-MM-DD. */
  today: string;
}

/** What `__resolveReference` hands to the field resolvers of `Enterprise`. */
type EnterpriseParent =
  | { uscc: string; kind: 'looked-up'; lookup: Lookup<MarketLegacyRecord> }
  | { uscc: string; kind: 'invalid'; message: string };

/** Builds the context factory: a fresh DataLoader per request, batching up to the platform's limit. */
export function marketContextFactory(
  client: MarketLegacyClient,
  batchSize: number,
  clock: () => Date,
  cache?: LegacyCache<MarketLegacyRecord>,
): () => MarketContext {
  // The platform rejects more than 100 codes per call, whatever the configuration says.
  const maxBatch = Math.max(1, Math.min(batchSize, MARKET_LEGACY_BATCH_LIMIT));
  return () => ({
    loader: createBatchLookupLoader(maxBatch, (codes) => client.fetchBatch(codes), clock, cache),
    today: chinaDate(clock()),
  });
}

export const marketResolvers = {
  Enterprise: {
    async __resolveReference(ref: { uscc?: unknown }, ctx: MarketContext): Promise<EnterpriseParent> {
      const raw = typeof ref.uscc === 'string' ? ref.uscc : '';
      const parsed = parseUscc(raw);
      if (!parsed.valid) {
        // Never sent to the legacy system; the field resolver reports it.
        return { uscc: raw, kind: 'invalid', message: `Invalid unified social credit code: ${explainInvalid(parsed)}` };
      }
      return { uscc: raw, kind: 'looked-up', lookup: await ctx.loader.load(parsed.info.uscc) };
    },
    marketRegulation(parent: EnterpriseParent, _args: unknown, ctx: MarketContext): MarketRegulationRecord {
      if (parent.kind === 'invalid') {
        throw graphQLError('BAD_USER_INPUT', parent.message);
      }
      return marketRecordOf(parent.lookup, ctx.today);
    },
  },
};
