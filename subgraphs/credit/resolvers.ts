import { GraphQLError } from 'graphql';
import { explainInvalid, parseUscc, type UsccInfo, type UsccResult } from '../../common/uscc/index.js';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { CreditConfig } from './config.js';
import type { Catalogue, Scenario } from './catalogue/catalogue.js';
import { evaluate, type CreditCheckResult, type DepartmentName } from './rules/evaluate.js';
import { readRegistration, readSections } from './rules/sections.js';
import { chinaDate } from '../shared/index.js';

export interface CreditContext {
  clock: () => Date;
}

/** The entity the credit subgraph hands to the gateway: only the key and what the code itself says. */
interface EnterpriseRef {
  __typename: 'Enterprise';
  uscc: string;
  info: UsccInfo;
  /** The departments' sections, present when the gateway resolves a `@requires` field. */
  [section: string]: unknown;
}

function enterpriseRef(info: UsccInfo): EnterpriseRef {
  return { __typename: 'Enterprise', uscc: info.uscc, info };
}

function invalidCode(r: Extract<UsccResult, { valid: false }>) {
  return {
    __typename: 'InvalidCode' as const,
    input: r.input,
    normalized: r.normalized,
    reason: r.reason,
    message: explainInvalid(r),
    position: r.reason === 'ILLEGAL_CHARACTER' ? r.position : null,
    expectedCheck: r.reason === 'ORGANIZATION_CODE_CHECK_FAILED' || r.reason === 'CHECK_CHARACTER_FAILED' ? r.expectedCheck : null,
  };
}

/** The representation's key may come from anywhere; re-validate it rather than trust it. */
function infoOf(ref: { uscc: string; info?: UsccInfo }): UsccInfo {
  if (ref.info) return ref.info;
  const r = parseUscc(ref.uscc);
  if (!r.valid) throw new GraphQLError(explainInvalid(r), { extensions: { code: 'BAD_USER_INPUT', reason: r.reason } });
  return r.info;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseAsOf(asOf: string | null | undefined, today: string): string {
  if (asOf === null || asOf === undefined) return today;
  const m = ISO_DATE.exec(asOf);
  const valid = m && new Date(`${asOf}T00:00:00Z`).toISOString().slice(0, 10) === asOf;
  if (!valid) {
    throw new GraphQLError(`asOf must be a date written YYYY-MM-DD; got "${asOf}" (日期格式应为YYYY-MM-DD).`, {
      extensions: { code: 'BAD_USER_INPUT', argument: 'asOf' },
    });
  }
  return asOf;
}

export function creditResolvers(config: CreditConfig, catalogue: Catalogue): GraphQLResolverMap<CreditContext> {
  const check = (ent: EnterpriseRef, scenario: Scenario, asOf: string | null | undefined, ctx: CreditContext): CreditCheckResult => {
    const now = ctx.clock();
    const today = chinaDate(now);
    return evaluate({
      uscc: ent.uscc,
      scenario,
      sections: readSections(ent),
      registration: readRegistration(ent),
      asOf: parseAsOf(asOf, today),
      today,
      checkedAt: now,
      catalogue,
    });
  };
  const complete = (result: CreditCheckResult): CreditCheckResult => {
    if (result.missingSources.length > 0) {
      throw new GraphQLError(
        `Not every department that matters could be read (${result.missingSources.join(', ')}); the list would be incomplete. Use creditCheck for a verdict.`,
        { extensions: { code: 'SOURCES_INCOMPLETE', missingSources: result.missingSources satisfies DepartmentName[] } },
      );
    }
    return result;
  };
  return {
    Query: {
      measuresCatalogue() {
        return catalogue;
      },
      enterprise(_: unknown, args: { uscc: string }) {
        const r = parseUscc(args.uscc);
        if (!r.valid) {
          const inv = invalidCode(r);
          throw new GraphQLError(inv.message, {
            extensions: { code: 'BAD_USER_INPUT', reason: inv.reason, position: inv.position, expectedCheck: inv.expectedCheck },
          });
        }
        return enterpriseRef(r.info);
      },
      enterprises(_: unknown, args: { usccs: string[] }) {
        if (args.usccs.length > config.maxCodesPerRequest) {
          throw new GraphQLError(
            `At most ${config.maxCodesPerRequest} codes per request; this one has ${args.usccs.length}. Split the list (每次最多查询${config.maxCodesPerRequest}个代码).`,
            { extensions: { code: 'BAD_USER_INPUT', limit: config.maxCodesPerRequest } },
          );
        }
        return args.usccs.map((code) => {
          const r = parseUscc(code);
          return r.valid ? enterpriseRef(r.info) : invalidCode(r);
        });
      },
    },
    EnterpriseLookup: {
      __resolveType(obj: { __typename: string }) {
        return obj.__typename;
      },
    },
    Enterprise: {
      __resolveReference(ref: { uscc: string } & Record<string, unknown>) {
        return { ...ref, ...enterpriseRef(infoOf(ref)) };
      },
      creditCheck(ent: EnterpriseRef, args: { scenario: Scenario; asOf?: string | null }, ctx: CreditContext) {
        return check(ent, args.scenario, args.asOf, ctx);
      },
      restrictions(ent: EnterpriseRef, args: { scenario: Scenario }, ctx: CreditContext) {
        return complete(check(ent, args.scenario, null, ctx)).flags;
      },
      incentives(ent: EnterpriseRef, args: { scenario: Scenario }, ctx: CreditContext) {
        return complete(check(ent, args.scenario, null, ctx)).incentives;
      },
      organizationCode(ent: EnterpriseRef) {
        return infoOf(ent).organizationCode;
      },
      codeInfo(ent: EnterpriseRef) {
        const info = infoOf(ent);
        return {
          registeringAuthorityCode: info.registeringAuthority.code,
          registeringAuthority: info.registeringAuthority.name,
          entityTypeCode: info.entityType.code,
          entityType: info.entityType.name,
          division: info.division,
        };
      },
    },
  } as GraphQLResolverMap<CreditContext>;
}
