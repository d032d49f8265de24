import type DataLoader from 'dataloader';
import { explainInvalid, parseUscc } from '../../common/uscc/index.js';
import {
  chinaDate,
  createBatchLookupLoader,
  type LegacyCache,
  sourceStatusOf,
  type Lookup,
  type SourceStatus,
} from '../shared/index.js';
import type { EconomyLegacyClient } from './legacy-client.js';
import type { PlatformRecord } from './legacy-models.js';
import { normalizeEconomyRecord, type EconomySections } from './normalize.js';
import { assertNever } from '../../common/assert-never.js';
import { graphQLError } from '../../common/error-codes.js';

/** Per-request context: one DataLoader set per request. */
export interface EconomyContext {
  records: DataLoader<string, Lookup<PlatformRecord>>;
}

/** A resolved `Enterprise` reference: either a lookup of a valid code or why the code is invalid. */
type EnterpriseRef =
  | { uscc: string; kind: 'valid'; lookup: Lookup<PlatformRecord> }
  | { uscc: string; kind: 'invalid'; message: string };

/** GraphQL `EconomyRecord`. */
export interface EconomyRecordView extends EconomySections {
  source: SourceStatus;
}

/** A context factory: a fresh loader per request, batching up to the platform's limit. */
export function createEconomyContext(client: EconomyLegacyClient, batchSize: number, clock: () => Date, cache?: LegacyCache<PlatformRecord>) {
  return (): EconomyContext => ({
    records: createBatchLookupLoader(batchSize, (codes) => client.fetchRecords(codes), clock, cache),
  });
}

/** The record for a lookup: a failed or missing lookup holds nothing, so it never looks clean. */
export function economyRecordOf(lookup: Lookup<PlatformRecord>, today: string): EconomyRecordView {
  const source = sourceStatusOf('ECONOMY_IT', lookup);
  switch (lookup.kind) {
    case 'found':
      return { source, ...normalizeEconomyRecord(lookup.record, today) };
    case 'missing':
    case 'failed':
      return { source, honors: [], commitments: [], findings: [] };
    default: {
      return assertNever(lookup);
    }
  }
}

export function createEconomyResolvers(clock: () => Date) {
  return {
    Enterprise: {
      async __resolveReference(ref: { uscc?: unknown }, ctx: EconomyContext): Promise<EnterpriseRef> {
        const raw = typeof ref.uscc === 'string' ? ref.uscc : '';
        const parsed = parseUscc(raw);
        if (!parsed.valid) return { uscc: raw, kind: 'invalid', message: explainInvalid(parsed) };
        // Invalid codes never reach the platform; valid ones are batched by the request's loader.
        return { uscc: raw, kind: 'valid', lookup: await ctx.records.load(parsed.info.uscc) };
      },
      economy(parent: EnterpriseRef): EconomyRecordView {
        if (parent.kind === 'invalid') {
          throw graphQLError('BAD_USER_INPUT', `Invalid unified social credit code: ${parent.message}`);
        }
        return economyRecordOf(parent.lookup, chinaDate(clock()));
      },
    },
  };
}
