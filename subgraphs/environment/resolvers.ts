import type DataLoader from 'dataloader';
import { explainInvalid, parseUscc } from '../../common/uscc/index.js';
import type { Lookup } from '../shared/index.js';
import type { EnvironmentLegacyRecord } from './legacy-client.js';
import { environmentRecordOf, type EnvironmentRecordView } from './normalize.js';
import { graphQLError } from '../../common/error-codes.js';

/** Per-request context: one loader set per request, and today's date for finding states. */
export interface EnvironmentContext {
  loader: DataLoader<string, Lookup<EnvironmentLegacyRecord>>;
  /** Today in China time, YYYY-MM-DD. */
  today: string;
}

/** What `__resolveReference` hands to the field resolvers. */
type EnterpriseRef =
  | { uscc: string; lookup: Lookup<EnvironmentLegacyRecord> }
  | { uscc: string; invalid: string };

export const resolvers = {
  Enterprise: {
    async __resolveReference(ref: { uscc?: unknown }, ctx: EnvironmentContext): Promise<EnterpriseRef> {
      const raw = typeof ref.uscc === 'string' ? ref.uscc : '';
      const parsed = parseUscc(raw);
      // An invalid code never reaches the legacy platform; the field explains why.
      if (!parsed.valid) return { uscc: raw, invalid: explainInvalid(parsed) };
      return { uscc: raw, lookup: await ctx.loader.load(parsed.info.uscc) };
    },
    environment(parent: EnterpriseRef, _args: unknown, ctx: EnvironmentContext): EnvironmentRecordView {
      if ('invalid' in parent) {
        throw graphQLError('BAD_USER_INPUT', `Invalid unified social credit code: ${parent.invalid}`);
      }
      return environmentRecordOf(parent.lookup, ctx.today);
    },
  },
};
