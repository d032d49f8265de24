import { explainInvalid, parseUscc, type UsccInfo, type UsccResult } from '../../common/uscc/index.js';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { CreditConfig } from './config.js';
import {
  allBases,
  measurePeriod,
  measuresInForce,
  type Catalogue,
  type CitedBasis,
  type Measure,
  type Scenario,
  type Trigger,
} from './catalogue/catalogue.js';
import { evaluate, type CreditCheckResult, type DepartmentName, type Flag } from './rules/evaluate.js';
import { readRegistration, readSections } from './rules/sections.js';
import { combineConsortium } from './rules/consortium.js';
import type { CheckJournal } from './journal/check-journal.js';
import { caseReport } from './journal/case-report.js';
import { chinaDate } from '../shared/index.js';
import { graphQLError } from '../../common/error-codes.js';

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
  if (!r.valid) throw graphQLError('BAD_USER_INPUT', explainInvalid(r), { reason: r.reason });
  return r.info;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseAsOf(asOf: string | null | undefined, today: string): string {
  if (asOf === null || asOf === undefined) return today;
  const m = ISO_DATE.exec(asOf);
  const valid = m && new Date(`${asOf}T00:00:00Z`).toISOString().slice(0, 10) === asOf;
  if (!valid) {
    throw graphQLError('BAD_USER_INPUT', `asOf must be a date written YYYY-MM-DD; got "${asOf}" (日期格式应为YYYY-MM-DD).`, { argument: 'asOf' });
  }
  return asOf;
}

/** GraphQL `LegalBasis`: the document spelled out beside the article and its wording. */
function legalBasisView(b: CitedBasis) {
  return {
    document: b.document.title,
    documentNumber: b.document.documentNumber,
    issuer: b.document.issuer,
    article: b.article,
    wording: b.wording,
    effectiveFrom: b.document.effectiveFrom,
    effectiveUntil: b.document.effectiveUntil,
    supersededBy: b.document.supersededBy,
    verification: b.verification,
    articleVerified: b.verification.state === 'CONFIRMED',
  };
}

function joinZh(parts: (string | undefined | null)[]): string | null {
  const unique = [...new Set(parts.filter((p): p is string => !!p))];
  return unique.length ? unique.join('；') : null;
}

function flagView(f: Flag) {
  return {
    ...f,
    basis: f.basis.map(legalBasisView),
    condition: joinZh(f.triggers.map((t) => t.penalty?.description.zh)),
    localChoice: joinZh(f.triggers.map((t) => t.localChoice?.zh)),
  };
}

/** Members of one consortium (联合体): at least two, and a bound a bidding file never needs. */
const CONSORTIUM_MEMBERS = { min: 2, max: 20 };

interface ConsortiumRef {
  __typename: 'Consortium';
  id: string;
  members?: (Record<string, unknown> | null)[];
}

export function creditResolvers(config: CreditConfig, catalogue: Catalogue, journal: CheckJournal): GraphQLResolverMap<CreditContext> {
  const evaluateFor = (
    ent: EnterpriseRef,
    scenario: Scenario,
    asOf: string | null | undefined,
    ctx: CreditContext,
    now = ctx.clock(),
  ): CreditCheckResult => {
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
  /**
   * A check the client receives (with its checkId): recorded in the case journal before it is
   * answered where the journal is shared (PostgreSQL), so that feedback sent to another replica
   * finds it; the journal never holds an answer back for long, nor fails it (check-journal.ts).
   */
  const check = async (
    ent: EnterpriseRef,
    scenario: Scenario,
    asOf: string | null | undefined,
    ctx: CreditContext,
    now?: Date,
  ): Promise<CreditCheckResult> => {
    const result = evaluateFor(ent, scenario, asOf, ctx, now);
    await journal.recordCheck({
      checkId: result.checkId,
      uscc: result.uscc,
      scenario: result.scenario,
      verdict: result.verdict,
      asOf: result.asOf,
      checkedAt: result.checkedAt,
      catalogueVersion: result.catalogueVersion,
      flags: [...new Set(result.flags.map((f) => f.measure.code))],
      incentives: [...new Set(result.incentives.map((f) => f.measure.code))],
    });
    return result;
  };
  /** A journal read or write that failed: said as such (retry), not as an internal error or a missing check. */
  const fromJournal = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      // The cause stays in the service's log: a database error names hosts and addresses.
      process.stderr.write(`credit journal: could not ${what}: ${(err as Error).message}\n`);
      throw graphQLError('JOURNAL_UNAVAILABLE', `The check journal could not ${what}; retry later (核查案例库暂时无法读写，请稍后重试).`);
    }
  };
  const complete = (result: CreditCheckResult): CreditCheckResult => {
    if (result.missingSources.length > 0) {
      throw graphQLError(
        'SOURCES_INCOMPLETE',
        `Not every department that matters could be read (${result.missingSources.join(', ')}); the list would be incomplete. Use creditCheck for a verdict.`,
        { missingSources: result.missingSources satisfies DepartmentName[] },
      );
    }
    return result;
  };
  const byCode = new Map(catalogue.measures.map((m) => [m.code, m]));
  const original = (m: Measure): Measure => byCode.get(m.code) ?? m;
  return {
    Query: {
      measuresCatalogue(_: unknown, args: { asOf?: string | null }, ctx: CreditContext) {
        if (args.asOf === null || args.asOf === undefined) return { ...catalogue, asOf: null };
        const asOf = parseAsOf(args.asOf, chinaDate(ctx.clock()));
        return { ...catalogue, asOf, measures: measuresInForce(catalogue, asOf) };
      },
      async caseRecords(_: unknown, args: { month: string }, ctx: CreditContext) {
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(args.month)) {
          throw graphQLError('BAD_USER_INPUT', `month must be written YYYY-MM; got "${args.month}" (月份格式应为YYYY-MM).`, { argument: 'month' });
        }
        return caseReport(args.month, await fromJournal('be read', () => journal.month(args.month)), catalogue, ctx.clock());
      },
      enterprise(_: unknown, args: { uscc: string }) {
        const r = parseUscc(args.uscc);
        if (!r.valid) {
          const inv = invalidCode(r);
          // Not the expected check character: a mistyped code "fixed" to pass can name another enterprise.
          throw graphQLError('BAD_USER_INPUT', inv.message, { reason: inv.reason, position: inv.position });
        }
        return enterpriseRef(r.info);
      },
      consortium(_: unknown, args: { usccs: string[] }) {
        const n = args.usccs.length;
        if (n < CONSORTIUM_MEMBERS.min || n > CONSORTIUM_MEMBERS.max) {
          throw graphQLError(
            'BAD_USER_INPUT',
            `A consortium has ${CONSORTIUM_MEMBERS.min} to ${CONSORTIUM_MEMBERS.max} members; this one has ${n} (联合体成员应为${CONSORTIUM_MEMBERS.min}至${CONSORTIUM_MEMBERS.max}家).`,
            { argument: 'usccs' },
          );
        }
        const infos = args.usccs.map((code, i) => {
          const r = parseUscc(code);
          if (!r.valid) {
            const inv = invalidCode(r);
            throw graphQLError('BAD_USER_INPUT', `Consortium member ${i + 1}: ${inv.message}`, {
              argument: 'usccs',
              member: i + 1,
              reason: inv.reason,
              position: inv.position,
            });
          }
          return r.info;
        });
        const seen = new Map<string, number>();
        infos.forEach((info, i) => {
          const first = seen.get(info.uscc);
          if (first !== undefined) {
            throw graphQLError(
              'BAD_USER_INPUT',
              `Consortium members ${first + 1} and ${i + 1} are the same enterprise ${info.uscc} (联合体成员重复).`,
              { argument: 'usccs', member: i + 1 },
            );
          }
          seen.set(info.uscc, i);
        });
        return { __typename: 'Consortium', id: infos.map((x) => x.uscc).join(','), members: infos.map(enterpriseRef) };
      },
      enterprises(_: unknown, args: { usccs: string[] }) {
        if (args.usccs.length > config.maxCodesPerRequest) {
          throw graphQLError(
            'BAD_USER_INPUT',
            `At most ${config.maxCodesPerRequest} codes per request; this one has ${args.usccs.length}. Split the list (每次最多查询${config.maxCodesPerRequest}个代码).`,
            { limit: config.maxCodesPerRequest },
          );
        }
        return args.usccs.map((code) => {
          const r = parseUscc(code);
          return r.valid ? enterpriseRef(r.info) : invalidCode(r);
        });
      },
    },
    Mutation: {
      async reportCheckOutcome(
        _: unknown,
        {
          input,
        }: {
          input: {
            checkId: string;
            applied: boolean;
            measureCodes: string[];
            reason: string;
            handledBy?: string | null;
            caseReference?: string | null;
          };
        },
        ctx: CreditContext,
      ) {
        const found = await fromJournal('be read', () => journal.findCheck(input.checkId));
        if (!found) {
          throw graphQLError('CHECK_NOT_FOUND', `No check ${input.checkId} is known (核查编号不存在).`);
        }
        const reason = input.reason.trim();
        if (reason.length === 0 || reason.length > 500) {
          throw graphQLError('BAD_USER_INPUT', 'reason must be 1–500 characters (理由应为1至500字).', { argument: 'reason' });
        }
        const known = new Set([...found.flags, ...found.incentives]);
        const unknown = input.measureCodes.filter((c) => !known.has(c));
        if (unknown.length > 0) {
          throw graphQLError('BAD_USER_INPUT', `Measures ${unknown.join(', ')} were not found by check ${input.checkId} (该核查未涉及这些措施).`, {
            argument: 'measureCodes',
            unknown,
          });
        }
        if (input.applied && input.measureCodes.length === 0) {
          throw graphQLError('BAD_USER_INPUT', 'Name the measures applied (measureCodes) when applied is true.', { argument: 'measureCodes' });
        }
        const entry = {
          checkId: input.checkId,
          applied: input.applied,
          measureCodes: input.measureCodes,
          reason,
          handledBy: input.handledBy?.slice(0, 200) ?? null,
          caseReference: input.caseReference?.slice(0, 64) ?? null,
          reportedAt: ctx.clock().toISOString(),
        };
        await fromJournal('record the feedback', () => journal.recordFeedback(entry));
        return entry;
      },
    },
    CreditCheck: {
      flags: (r: CreditCheckResult) => r.flags.map(flagView),
      incentives: (r: CreditCheckResult) => r.incentives.map(flagView),
    },
    Measure: {
      triggers: (m: Measure) => [...new Set(m.triggers.map((t) => t.kind))],
      triggerRules: (m: Measure) => m.triggers,
      scope: (m: Measure) => m.scope?.zh ?? null,
      legalBasis: (m: Measure) => allBases(catalogue, m).map(legalBasisView),
      origin: (m: Measure) => (m.triggers.some((t) => t.localChoice) ? 'LOCAL_CHOICE' : 'OFFICIAL_TEXT'),
      // The whole measure's span, also when the listing holds only what was in force on one day.
      effectiveFrom: (m: Measure) => measurePeriod(catalogue, original(m)).from,
      effectiveUntil: (m: Measure) => measurePeriod(catalogue, original(m)).until,
      note: (m: Measure) => joinZh(m.triggers.map((t) => t.localChoice?.zh)),
    },
    MeasureTrigger: {
      condition: (t: Trigger) => t.penalty?.description.zh ?? null,
      effectiveFrom: (t: Trigger) => t.effectiveFrom ?? null,
      effectiveUntil: (t: Trigger) => t.effectiveUntil ?? null,
      legalBasis: (t: Trigger) =>
        t.bases.map((b) =>
          legalBasisView({
            documentId: b.document,
            document: catalogue.documents[b.document]!,
            article: b.article,
            wording: b.wording,
            verification: b.verification,
          }),
        ),
      localChoice: (t: Trigger) => t.localChoice?.zh ?? null,
    },
    MeasureDuration: {
      months: (d: Measure['duration']) => (d.type === 'FIXED_TERM' ? d.months : null),
      from: (d: Measure['duration']) => (d.type === 'FIXED_TERM' ? d.from : null),
    },
    Consortium: {
      __resolveReference(ref: ConsortiumRef) {
        return ref;
      },
      members(c: ConsortiumRef) {
        return c.id.split(',').map((uscc) => enterpriseRef(infoOf({ uscc })));
      },
      async creditCheck(c: ConsortiumRef, args: { scenario: Scenario; asOf?: string | null }, ctx: CreditContext) {
        const now = ctx.clock();
        const codes = c.id.split(',');
        // A member the federation could not resolve at all arrives as null: every section unread,
        // so its own check is INCOMPLETE (or PROHIBITED by nothing) — never a clean member.
        const members = await Promise.all(
          codes.map(async (uscc, i) => {
            const raw = c.members?.[i] ?? {};
            const ent = { ...raw, ...enterpriseRef(infoOf({ uscc })) };
            return { uscc, position: i + 1, check: await check(ent, args.scenario, args.asOf, ctx, now) };
          }),
        );
        const first = members[0]!.check;
        return combineConsortium(members, args.scenario, first.asOf, now, first.catalogueVersion);
      },
    },
    ConsortiumMemberCheck: {
      check: (m: { check: CreditCheckResult }) => m.check,
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
        return complete(evaluateFor(ent, args.scenario, null, ctx)).flags.map(flagView);
      },
      incentives(ent: EnterpriseRef, args: { scenario: Scenario }, ctx: CreditContext) {
        return complete(evaluateFor(ent, args.scenario, null, ctx)).incentives.map(flagView);
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
