import { readFileSync } from 'node:fs';
import { LocalGraphQLDataSource } from '@apollo/gateway';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { Kind, parse, print, type DocumentNode } from 'graphql';
import { graphQLError } from '../../common/error-codes.js';
import type { RequestLimits } from '../subgraph-data-source.js';
import type { BulkJobs, SubmitInput } from './bulk-jobs.js';
import type { JobView as StoredJob } from './job-store.js';

/** The subgraph's name in the supergraph. It runs inside the gateway process (no port of its own). */
export const JOBS_SUBGRAPH = 'jobs';

const OWN_SDL = new URL('./schema.graphql', import.meta.url);
const CREDIT_SDL = new URL('../../subgraphs/credit/schema.graphql', import.meta.url);

/**
 * The jobs subgraph's SDL: its own types, plus the credit subgraph's `Scenario` enum exactly as the
 * rules define it (read from their schema, so the two never differ).
 */
export function jobsSdl(): string {
  const credit = parse(readFileSync(CREDIT_SDL, 'utf8'));
  const scenario = credit.definitions.find((d) => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'Scenario');
  if (!scenario) throw new Error('the credit subgraph defines no Scenario enum');
  return `${readFileSync(OWN_SDL, 'utf8')}\n${print(scenario)}\n`;
}

function admittedOf(ctx: RequestLimits) {
  if (!ctx.admitted) throw graphQLError('UNAUTHENTICATED', 'Bulk check jobs are reached through the gateway only.');
  return ctx.admitted;
}

/** What a `BulkCheckJob` resolves from. */
interface JobView {
  job: StoredJob;
  ctx: RequestLimits;
}

function resolvers(jobs: BulkJobs): GraphQLResolverMap<RequestLimits> {
  return {
    Query: {
      async bulkCheck(_: unknown, args: { id: string }, ctx: RequestLimits): Promise<JobView> {
        return { job: await jobs.read(admittedOf(ctx), args.id), ctx };
      },
    },
    Mutation: {
      async submitBulkCheck(_: unknown, args: { input: SubmitInput }, ctx: RequestLimits): Promise<JobView> {
        return { job: await jobs.submit(admittedOf(ctx), args.input), ctx };
      },
    },
    BulkCheckJob: {
      id: (v: JobView) => v.job.id,
      status: (v: JobView) => v.job.state.status,
      submittedAt: (v: JobView) => v.job.submission.submittedAt,
      finishedAt: (v: JobView) => v.job.state.finishedAt,
      deadlineAt: (v: JobView) => new Date(v.job.submission.deadlineAt).toISOString(),
      scenario: (v: JobView) => v.job.submission.scenario,
      asOf: (v: JobView) => v.job.submission.asOf,
      tenderReference: (v: JobView) => v.job.submission.tenderReference,
      purpose: (v: JobView) => v.job.submission.purpose,
      total: (v: JobView) => v.job.total,
      done: (v: JobView) => v.job.done,
      incomplete: (v: JobView) => v.job.state.incomplete,
      retrying: (v: JobView) => (v.job.state.status === 'DONE' ? 0 : v.job.retrying),
      departments: (v: JobView) =>
        Object.entries(v.job.state.departments).map(([department, d]) => ({
          department,
          waiting: d.waiting,
          failed: d.failed,
          state: d.failed > 0 ? 'FAILED' : d.waiting > 0 ? 'RETRYING' : 'OK',
        })),
      async rows(v: JobView, args: { offset?: number | null; limit?: number | null }) {
        const offset = args.offset ?? 0;
        const limit = args.limit ?? 100;
        if (!Number.isInteger(offset) || offset < 0)
          throw graphQLError('BAD_USER_INPUT', 'offset must be 0 or more (起始位置不能为负).', { argument: 'offset' });
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
          throw graphQLError('BAD_USER_INPUT', 'limit must be 1 to 1,000 (每页行数应为1至1000).', { argument: 'limit' });
        }
        const items = await v.job.readRows(offset, limit).catch(() => {
          throw graphQLError(
            'JOB_STORE_UNAVAILABLE',
            'The bulk job store cannot be reached, so the rows cannot be read now. Try again later (批量任务存储暂时无法访问，请稍后重试).',
          );
        });
        // Every code whose result leaves the gateway is in this read's audit record.
        v.ctx.admitted?.releasedCodes.push(...items.flatMap((r) => (r.kind === 'CONSORTIUM' ? (r.members ?? []) : [r.uscc ?? r.input])));
        return { offset, limit, total: v.job.total, items };
      },
    },
  } as GraphQLResolverMap<RequestLimits>;
}

/** The jobs subgraph as an in-process data source for the gateway's query planner. */
export function jobsDataSource(jobs: BulkJobs): LocalGraphQLDataSource {
  const typeDefs: DocumentNode = parse(jobsSdl());
  return new LocalGraphQLDataSource(buildSubgraphSchema({ typeDefs, resolvers: resolvers(jobs) as GraphQLResolverMap<unknown> }));
}
