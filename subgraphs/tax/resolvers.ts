import type DataLoader from 'dataloader';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { explainInvalid, parseUscc, type UsccInvalidReason } from '../../common/uscc/index.js';
import type { Lookup } from '../shared/index.js';
import type { TaxpayerAnswer } from './legacy-models.js';
import { toTaxRecord, type TaxRecordObject } from './normalize.js';
import { graphQLError } from '../../common/error-codes.js';

/** Per-request context: one loader set per request, and "today" fixed for the whole request. */
export interface TaxContext {
  taxpayers: DataLoader<string, Lookup<TaxpayerAnswer>>;
  /** Today in China Standard Time, YYYY-MM-DD. */
  today: string;
}

/** The entity as `__resolveReference` hands it to the field resolvers. */
type EnterpriseRef =
  | { uscc: string; taxLookup: { kind: 'invalid'; reason: UsccInvalidReason } }
  | { uscc: string; taxLookup: { kind: 'lookup'; lookup: Lookup<TaxpayerAnswer> } };

export const taxResolvers: GraphQLResolverMap<TaxContext> = {
  Enterprise: {
    async __resolveReference(ref: { uscc: unknown }, ctx: TaxContext): Promise<EnterpriseRef> {
      const uscc = typeof ref.uscc === 'string' ? ref.uscc : String(ref.uscc ?? '');
      const parsed = parseUscc(uscc);
      // An invalid code is never sent to the tax system; `tax` reports why.
      if (!parsed.valid) return { uscc, taxLookup: { kind: 'invalid', reason: parsed } };
      return { uscc, taxLookup: { kind: 'lookup', lookup: await ctx.taxpayers.load(parsed.info.uscc) } };
    },
    tax(parent: EnterpriseRef, _args: unknown, ctx: TaxContext): TaxRecordObject {
      if (parent.taxLookup.kind === 'invalid') {
        const reason = parent.taxLookup.reason;
        throw graphQLError('BAD_USER_INPUT', explainInvalid(reason), { reason: reason.reason });
      }
      return toTaxRecord(parent.taxLookup.lookup, ctx.today);
    },
  },
};
