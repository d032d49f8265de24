import type DataLoader from 'dataloader';
import { explainInvalid, parseUscc } from '../../common/uscc/index.js';
import type { JudicialLookup } from './judicial-loader.js';
import { judicialRecordOf, type JudicialRecord } from './normalize.js';
import { graphQLError } from '../../common/error-codes.js';

/** Per-request context: one loader per request, and today's date for finding states. */
export interface CourtsContext {
  /** Keyed by organisation code `XXXXXXXX-X`. */
  loader: DataLoader<string, JudicialLookup>;
  /** Today in China time, YYYY-MM-DD. */
  today: string;
}

/** What `__resolveReference` hands to the field resolvers. */
type EnterpriseRef = { uscc: string; lookup: JudicialLookup } | { uscc: string; invalid: string };

export const resolvers = {
  Enterprise: {
    async __resolveReference(ref: { uscc?: unknown }, ctx: CourtsContext): Promise<EnterpriseRef> {
      const raw = typeof ref.uscc === 'string' ? ref.uscc : '';
      const parsed = parseUscc(raw);
      // An invalid code never reaches the courts system; the field says why.
      if (!parsed.valid) return { uscc: raw, invalid: explainInvalid(parsed) };
      return { uscc: raw, lookup: await ctx.loader.load(parsed.info.organizationCode) };
    },
    judicial(parent: EnterpriseRef, _args: unknown, ctx: CourtsContext): JudicialRecord {
      if ('invalid' in parent) {
        throw graphQLError('BAD_USER_INPUT', `Invalid unified social credit code: ${parent.invalid}`);
      }
      return judicialRecordOf(parent.lookup, ctx.today);
    },
  },
};
