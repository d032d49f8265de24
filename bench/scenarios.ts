/**
 * The scenarios. Each returns plain figures; report.ts judges them against the targets.
 * Every request asks about codes no earlier request of the run asked about (the legacy cache is off
 * too), so that each figure includes real legacy calls.
 */
import { isDeepStrictEqual } from 'node:util';
import { createDataset, type Dataset } from '../legacy/dataset/index.js';
import { chinaDate } from '../subgraphs/shared/index.js';
import type { CallStats } from './legacy.js';
import { biddersBody, checkBody } from './load.js';
import { ResourceWatch, type UsageReport } from './processes.js';
import {
  COURTS_RATE_PER_SECOND,
  DATASET_SEED,
  DATASET_SIZE,
  DEPARTMENTS,
  idealLatency,
  LATENCY_PROFILE,
  minimumCalls,
  type Department,
  type Ideal,
} from './profile.js';
import type { LoadResult, SingleResult } from './protocol.js';
import type { System } from './system.js';

/** Per process: peak RSS and CPU over a scenario; and the CPU taken by other processes meanwhile. */
export type Usage = UsageReport;

/** 查询事由 (the purpose the gateway's callers must give): a counter's check, a tender's bidders. */
const CHECK_PURPOSE = 'ADMINISTRATIVE_LICENSING' as const;
const BIDDING_PURPOSE = 'BIDDER_CHECK' as const;

/** Distinct codes of enterprises the simulators know (same seed, size and day as theirs). */
export class CodePool {
  private readonly dataset: Dataset;
  private next = 0;
  constructor() {
    this.dataset = createDataset({ seed: DATASET_SEED, size: DATASET_SIZE, today: chinaDate(new Date()) });
  }
  take(n: number): string[] {
    if (this.next + n > DATASET_SIZE) throw new Error(`the bench needs more than ${DATASET_SIZE} distinct codes; raise DATASET_SIZE`);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.dataset.at(this.next++).uscc);
    return out;
  }
  get used(): number {
    return this.next;
  }
}

export interface Ctx {
  sys: System;
  codes: CodePool;
  progress: (s: string) => void;
  /** How long the system took to answer a clean check again after each load phase stopped. */
  recoveries: Recovery[];
}

export interface Recovery {
  after: string;
  /** From the end of the load until the first clean check (ms); null if none within the limit. */
  ms: number | null;
  /** Checks it took (the first one clean = 1). */
  attempts: number;
  /** Why the last unclean check was not clean (sources that failed). */
  lastProblem?: string;
}

const RECOVERY_LIMIT_MS = 20_000;

/**
 * After load stops, wait until a check is clean again, and record how long that took. Stopping
 * autocannon drops its in-flight requests at once; a system that takes that badly (e.g. counts the
 * aborted legacy calls as failures of the legacy system) should not spoil the next scenario's
 * figures, and the time it needs is itself a finding.
 */
async function settle(ctx: Ctx, after: string): Promise<void> {
  const { sys } = ctx;
  const started = performance.now();
  let lastProblem: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const r = await sys.driver.single({ headers: sys.clientHeaders(CHECK_PURPOSE), url: sys.gatewayUrl, body: checkBody(ctx.codes.take(1)[0]!) });
    const clean = r.status === 200 && r.errors === 0 && r.results === 1 && !r.verdicts.INCOMPLETE && !r.verdicts.NONE;
    const elapsed = performance.now() - started;
    if (clean) {
      ctx.recoveries.push({ after, ms: Math.round(elapsed), attempts: attempt, lastProblem });
      if (attempt > 1) ctx.progress(`  after ${after}: checks were INCOMPLETE for ${Math.round(elapsed)} ms after the load stopped (${lastProblem})`);
      return;
    }
    const missing = (r.data as { enterprise?: { creditCheck?: { missingSources?: string[] } } } | undefined)?.enterprise?.creditCheck?.missingSources;
    lastProblem = missing?.length ? `missing ${missing.join(', ')}` : (r.firstError ?? `HTTP ${r.status}`);
    if (elapsed > RECOVERY_LIMIT_MS) {
      ctx.recoveries.push({ after, ms: null, attempts: attempt, lastProblem });
      ctx.progress(`  after ${after}: still no clean check ${RECOVERY_LIMIT_MS} ms after the load stopped (${lastProblem})`);
      return;
    }
    await sleep(200);
  }
}

/** Drive `url` with checks from `connections` clients, then wait for the system to settle. */
async function checkLoad(ctx: Ctx, after: string, url: string, connections: number, durationSec: number, bodies: string[]): Promise<LoadResult> {
  const load = await ctx.sys.driver.load({ headers: ctx.sys.clientHeaders(CHECK_PURPOSE), url, connections, durationSec, bodies });
  await settle(ctx, after);
  return load;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

function describeLoad(l: LoadResult): string {
  const bad = l.non2xx + l.errors + l.timeouts + l.graphqlErrors + l.incomplete + l.noVerdict;
  return `${Math.round(l.rps)} req/s, p50 ${l.latency.p50} ms, p99 ${l.latency.p99} ms, ${l.requests} answers${bad ? `, ${bad} NOT CLEAN` : ''}`;
}

/** One answer must be a clean check (every department read), else the figures would mean nothing. */
function assertCleanCheck(label: string, r: SingleResult) {
  if (r.status !== 200 || r.errors > 0 || r.results === 0 || r.verdicts.INCOMPLETE || r.verdicts.NONE) {
    throw new Error(
      `${label}: the system does not answer a clean check (HTTP ${r.status}, verdicts ${JSON.stringify(r.verdicts)}, ${r.errors} errors${r.firstError ? `: ${r.firstError}` : ''}; data ${JSON.stringify(r.data)?.slice(0, 300)})`,
    );
  }
}

export async function preflight(ctx: Ctx): Promise<void> {
  const { sys } = ctx;
  const [code] = ctx.codes.take(1);
  const one = await sys.driver.single({ headers: sys.clientHeaders(CHECK_PURPOSE), url: sys.gatewayUrl, body: checkBody(code!) });
  assertCleanCheck('preflight check', one);
  const many = await sys.driver.single({ headers: sys.clientHeaders(BIDDING_PURPOSE), url: sys.gatewayUrl, body: biddersBody(ctx.codes.take(20)) });
  assertCleanCheck('preflight bidders', many);
}

// ---------------------------------------------------------------- check-1 / check-50

export interface CheckResult {
  load: LoadResult;
  usage: Usage;
}

export interface CheckOneResult extends CheckResult {
  ideal: Ideal;
  /** p50 / ideal. */
  ratio: number;
}

export async function checkOne(ctx: Ctx, durationSec: number): Promise<CheckOneResult> {
  const { sys } = ctx;
  ctx.progress('check-1: warm-up 3 s');
  await checkLoad(ctx, 'check-1 warm-up', sys.gatewayUrl, 4, 3, ctx.codes.take(400).map(checkBody));
  ctx.progress(`check-1: 1 client, ${durationSec} s`);
  const watch = new ResourceWatch(sys.measured()).start();
  const load = await sys.driver.load({
    headers: sys.clientHeaders(CHECK_PURPOSE),
    url: sys.gatewayUrl,
    connections: 1,
    durationSec,
    bodies: ctx.codes.take(1000).map(checkBody),
  });
  const usage = watch.stop();
  await settle(ctx, 'check-1');
  sys.group.assertAlive();
  const ideal = idealLatency(1);
  ctx.progress(`check-1: ${describeLoad(load)}`);
  return { load, usage, ideal, ratio: load.latency.p50 / ideal.ms };
}

export async function checkFifty(ctx: Ctx, durationSec: number): Promise<CheckResult> {
  const { sys } = ctx;
  ctx.progress(`check-50: 50 clients, ${durationSec} s`);
  const watch = new ResourceWatch(sys.measured()).start();
  const load = await sys.driver.load({
    headers: sys.clientHeaders(CHECK_PURPOSE),
    url: sys.gatewayUrl,
    connections: 50,
    durationSec,
    bodies: ctx.codes.take(5000).map(checkBody),
  });
  const usage = watch.stop();
  await settle(ctx, 'check-50');
  sys.group.assertAlive();
  ctx.progress(`check-50: ${describeLoad(load)}`);
  return { load, usage };
}

// ---------------------------------------------------------------- bidders

export interface BiddersRun {
  latencyMs: number;
  calls: Record<Department, CallStats>;
  /** Courts calls refused with 429 (a courts call that is answered asks about one code; a refused one about none). */
  courtsRefused: number;
  verdicts: Record<string, number>;
  results: number;
  errors: number;
  firstError?: string;
}

export interface BiddersPoint {
  n: number;
  runs: BiddersRun[];
  /** Median latency of the runs. */
  latencyMs: number;
  ideal: Ideal;
  ratio: number;
  minimum: Record<Department, number>;
  /** Most legacy calls any run made, per department. */
  maxCalls: Record<Department, number>;
  /** Every run made exactly the minimum number of calls to every department. */
  callsAtMinimum: boolean;
  /** Some run made fewer calls than the minimum: some codes were never asked (their checks are INCOMPLETE). */
  callsBelowMinimum: boolean;
  /** Every run answered N clean checks. */
  clean: boolean;
}

/**
 * `enterprises(usccs: [N codes])` → `creditCheck(scenario: BIDDING)`, `reps` times, each with fresh
 * codes and the simulators' call counters reset just before. A pause before each run lets the
 * courts system's one-second rate window and the subgraph's token bucket start afresh, as for a
 * tender checked on its own.
 */
async function bidders(ctx: Ctx, n: number, reps: number): Promise<BiddersPoint> {
  const { sys } = ctx;
  const runs: BiddersRun[] = [];
  for (let i = 0; i < reps; i++) {
    await sleep(1100);
    await sys.legacy.resetStats();
    const r = await sys.driver.single({ headers: sys.clientHeaders(BIDDING_PURPOSE), url: sys.gatewayUrl, body: biddersBody(ctx.codes.take(n)) });
    const calls = await sys.legacy.stats();
    runs.push({
      latencyMs: round1(r.latencyMs),
      calls,
      courtsRefused: calls.courts.calls - calls.courts.codes,
      verdicts: r.verdicts,
      results: r.results,
      errors: r.errors,
      firstError: r.firstError,
    });
  }
  const ideal = idealLatency(n);
  const minimum = minimumCalls(n);
  const maxCalls = Object.fromEntries(DEPARTMENTS.map((d) => [d, Math.max(...runs.map((r) => r.calls[d].calls))])) as Record<Department, number>;
  const latencyMs = median(runs.map((r) => r.latencyMs));
  const point: BiddersPoint = {
    n,
    runs,
    latencyMs,
    ideal,
    ratio: latencyMs / ideal.ms,
    minimum,
    maxCalls,
    callsAtMinimum: runs.every((r) => DEPARTMENTS.every((d) => r.calls[d].calls === minimum[d])),
    callsBelowMinimum: runs.some((r) => DEPARTMENTS.some((d) => r.calls[d].calls < minimum[d])),
    clean: runs.every((r) => r.results === n && r.errors === 0 && !r.verdicts.INCOMPLETE && !r.verdicts.NONE),
  };
  const refused = runs.reduce((s, r) => s + r.courtsRefused, 0);
  const calls = DEPARTMENTS.map((d) => `${d} ${maxCalls[d]}/${minimum[d]}`).join(', ') + (refused ? ` (courts refused ${refused} with 429)` : '');
  ctx.progress(
    `  N=${n}: ${runs.map((r) => Math.round(r.latencyMs)).join(' / ')} ms (ideal ${Math.round(ideal.ms)} ms, ${ideal.bound}); calls/min: ${calls}${point.clean ? '' : `; NOT CLEAN: ${runs.map((r) => `${JSON.stringify(r.verdicts)} ${r.errors} errors ${r.firstError ?? ''}`).join('; ')}`}`,
  );
  return point;
}

export interface BiddersResult {
  point: BiddersPoint;
  usage: Usage;
}

export async function biddersFiveHundred(ctx: Ctx, reps: number): Promise<BiddersResult> {
  const { sys } = ctx;
  ctx.progress(`bidders-500: warm-up, then ${reps} runs`);
  await sys.driver.single({ headers: sys.clientHeaders(BIDDING_PURPOSE), url: sys.gatewayUrl, body: biddersBody(ctx.codes.take(500)) });
  const watch = new ResourceWatch(sys.measured()).start();
  const point = await bidders(ctx, 500, reps);
  const usage = watch.stop();
  sys.group.assertAlive();
  return { point, usage };
}

export interface ScaleResult {
  points: BiddersPoint[];
  usage: Usage;
}

export async function scale(ctx: Ctx, sizes: number[], reps: number): Promise<ScaleResult> {
  const { sys } = ctx;
  ctx.progress(`scale: N = ${sizes.join(', ')}, ${reps} runs each`);
  const watch = new ResourceWatch(sys.measured()).start();
  const points: BiddersPoint[] = [];
  for (const n of sizes) points.push(await bidders(ctx, n, reps));
  const usage = watch.stop();
  sys.group.assertAlive();
  return { points, usage };
}

// ---------------------------------------------------------------- overhead

export interface OverheadRound {
  gateway: 'ours' | 'hive';
  round: number;
  load: LoadResult;
  /** Calls per second the courts system took in the round: near its 300/s limit, both gateways are capped by it. */
  courtsCallsPerSecond: number;
}

export interface OverheadSide {
  /** Mean of the counted rounds' req/s. */
  rps: number;
  /** Median of the counted rounds' p99 (ms). */
  p99: number;
  p50: number;
  /** Answers that were not clean, over all rounds. */
  notClean: number;
  /** Rounds counted: those with at least 99 % clean answers (fast INCOMPLETE answers would flatter req/s and p99). */
  roundsCounted: number;
  rounds: number;
}

export interface OverheadResult {
  /**
   * One client, legacy latency 0: what a check costs on its own in each stack (gateway, subgraphs,
   * simulators' processing, loopback) — the part of check-1's latency that is not the legacy systems.
   */
  floor: { ours: LoadResult; hive: LoadResult };
  sameData: boolean;
  difference?: string;
  rounds: OverheadRound[];
  ours: OverheadSide;
  hive: OverheadSide;
  /** ours / hive: ≥ 1 means we serve at least as many requests. */
  rpsRatio: number;
  /** ours / hive: ≤ 1 means our tail latency is no worse. */
  p99Ratio: number;
  /** Our gateway, the subgraphs and Hive Gateway, over all the rounds (the gateways take turns). */
  usage: Usage;
}

/** A short account of where two JSON values first differ. */
function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path}: ours ${JSON.stringify(a)?.slice(0, 200)} vs hive ${JSON.stringify(b)?.slice(0, 200)}`;
}

/**
 * Legacy latency 0, 50 clients: our gateway vs Hive Gateway over the same subgraph processes,
 * alternating A B A B … so that drift (JIT, GC, a noisy neighbour) hits both alike. Both are warmed
 * up first, and both are checked to answer the same data for the same query. Before the rounds,
 * each is also measured with one client (the fixed cost of a check, see `floor`).
 */
export async function overhead(ctx: Ctx, rounds: number, roundSec: number, floorSec: number, goldenCodes: string[]): Promise<OverheadResult> {
  const { sys } = ctx;
  ctx.progress('overhead: legacy latency 0; starting Hive Gateway over the same subgraphs');
  await sys.legacy.setLatency(Object.fromEntries(DEPARTMENTS.map((d) => [d, 0])) as Record<Department, number>);
  const hive = await sys.startHive();
  try {
    // Same query, same data: the golden cases (every kind of record) and a few synthetic codes.
    let difference: string | undefined;
    for (const code of [...goldenCodes, ...ctx.codes.take(5)]) {
      const body = checkBody(code);
      const headers = sys.clientHeaders(CHECK_PURPOSE);
      const [a, b] = await Promise.all([
        sys.driver.single({ headers, url: sys.gatewayUrl, body }),
        sys.driver.single({ headers, url: hive.url, body }),
      ]);
      if (a.errors || b.errors) difference ??= `${code}: errors ours ${a.firstError ?? 'none'} / hive ${b.firstError ?? 'none'}`;
      const d = firstDifference(a.data, b.data);
      if (d) difference ??= `${code}: ${d}`;
    }
    ctx.progress(difference ? `overhead: the two gateways' answers DIFFER — ${difference}` : 'overhead: both gateways answer the same data');

    const bodies = ctx.codes.take(5000).map(checkBody);
    const targets = { ours: sys.gatewayUrl, hive: hive.url } as const;
    for (const g of ['ours', 'hive'] as const) {
      ctx.progress(`overhead: warm-up ${g} 3 s`);
      await checkLoad(ctx, `overhead warm-up ${g}`, targets[g], 50, 3, bodies);
    }
    const floorBodies = ctx.codes.take(1000).map(checkBody);
    const floor = {} as OverheadResult['floor'];
    for (const g of ['ours', 'hive'] as const) {
      floor[g] = await checkLoad(ctx, `overhead 1 client ${g}`, targets[g], 1, floorSec, floorBodies);
      ctx.progress(`overhead: 1 client ${g.padEnd(4)} ${describeLoad(floor[g])}`);
    }
    const watch = new ResourceWatch([...sys.measured(), { name: 'hive-gateway', pid: hive.pid }]).start();
    const results: OverheadRound[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const g of ['ours', 'hive'] as const) {
        await sys.legacy.resetStats();
        const load = await sys.driver.load({
          headers: sys.clientHeaders(CHECK_PURPOSE),
          url: targets[g],
          connections: 50,
          durationSec: roundSec,
          bodies,
        });
        const stats = await sys.legacy.stats();
        // Each round starts on a settled system: what the previous round's dropped requests did must not count against the next gateway.
        await settle(ctx, `overhead round ${round} ${g}`);
        const courtsCallsPerSecond = stats.courts.calls / load.durationSec;
        results.push({ gateway: g, round, load, courtsCallsPerSecond });
        ctx.progress(`overhead: round ${round} ${g.padEnd(4)} ${describeLoad(load)}; courts ${Math.round(courtsCallsPerSecond)} calls/s`);
        sys.group.assertAlive();
      }
    }
    const usage = watch.stop();
    const notClean = (l: LoadResult) => l.non2xx + l.errors + l.timeouts + l.graphqlErrors + l.incomplete + l.noVerdict;
    const side = (g: 'ours' | 'hive'): OverheadSide => {
      const all = results.filter((r) => r.gateway === g).map((r) => r.load);
      const clean = all.filter((l) => notClean(l) <= 0.01 * l.requests);
      // If no round was clean, the figures are kept but flagged by roundsCounted = 0.
      const rs = clean.length > 0 ? clean : all;
      return {
        rps: rs.reduce((s, l) => s + l.rps, 0) / rs.length,
        p99: median(rs.map((l) => l.latency.p99)),
        p50: median(rs.map((l) => l.latency.p50)),
        notClean: all.reduce((s, l) => s + notClean(l), 0),
        roundsCounted: clean.length,
        rounds: all.length,
      };
    };
    const ours = side('ours');
    const hiveSide = side('hive');
    return {
      floor,
      sameData: difference === undefined,
      difference,
      rounds: results,
      ours,
      hive: hiveSide,
      rpsRatio: ours.rps / hiveSide.rps,
      p99Ratio: ours.p99 / hiveSide.p99,
      usage,
    };
  } finally {
    await sys.stopHive();
    await sys.legacy.setLatency(LATENCY_PROFILE);
  }
}

// ---------------------------------------------------------------- bulk-under-load

/** What a platform reads while its job runs, and at the end the rows (page by page). */
const JOB_FIELDS = 'id status total done incomplete retrying submittedAt finishedAt';
const SUBMIT_JOB = `mutation BenchSubmit($input: BulkCheckInput!) { submitBulkCheck(input: $input) { ${JOB_FIELDS} } }`;
const READ_JOB = `query BenchJob($id: ID!) { bulkCheck(id: $id) { ${JOB_FIELDS} } }`;
const READ_ROWS = `query BenchRows($id: ID!, $offset: Int, $limit: Int) { bulkCheck(id: $id) {
  rows(offset: $offset, limit: $limit) { items { index verdict missingSources attempts } } } }`;

interface JobView {
  id: string;
  status: string;
  total: number;
  done: number;
  incomplete: number;
  retrying: number;
  submittedAt: string;
  finishedAt: string | null;
}

export interface BulkJobRun {
  platform: number;
  id: string;
  status: string;
  total: number;
  /** Rows with their final result, and those INCOMPLETE, as the job reports them. */
  done: number;
  incomplete: number;
  /** Rows read back page by page once the job was DONE. */
  rowsRead: number;
  /** Rows read back that are not a complete check: INCOMPLETE, no verdict, or a department missing. */
  rowsNotComplete: number;
  /** Sum of the rows' attempts (more than the rows when a department failed and was retried). */
  attempts: number;
  /** The gateway's finishedAt − submittedAt (ms); null if it was not DONE when the bench gave up. */
  completionMs: number | null;
}

export interface BulkUnderLoadResult {
  counters: number;
  codesPerJob: number;
  /** The counters alone, just before the jobs. */
  unloaded: LoadResult;
  /** Courts calls per second the counters made alone (simulator counter ÷ duration). */
  unloadedCourtsPerSecond: number;
  /** The same counters from the jobs' submission until both were DONE. */
  loaded: LoadResult;
  /** Courts calls answered and refused (429) while the jobs ran (simulator counters). */
  courtsAnswered: number;
  courtsRefused: number;
  /** Courts calls the jobs' rows made (sum of their attempts: one courts call per attempt). */
  jobCourtsCalls: number;
  /** (courts calls answered − the jobs') ÷ the loaded window: what the counters took of the courts budget. */
  countersCourtsPerSecond: number;
  jobs: BulkJobRun[];
  /** From the first submission to the last job's finish (gateway clock, ms); null if a job did not finish. */
  completionMs: number | null;
  /** All jobs' codes ÷ (courts rate − the counters' courts calls/s), in ms. */
  expectedMs: number;
  /** completionMs ÷ expectedMs (reported against, no limit). */
  completionRatio: number | null;
  /** Counters' p99 during the jobs ÷ unloaded. */
  p99Ratio: number;
  usage: Usage;
}

const notCleanCount = (l: LoadResult) => l.non2xx + l.errors + l.timeouts + l.graphqlErrors + l.incomplete + l.noVerdict;

async function jobQuery<T>(ctx: Ctx, headers: Record<string, string>, query: string, variables: Record<string, unknown>): Promise<T> {
  const r = await ctx.sys.driver.single({ headers, url: ctx.sys.gatewayUrl, body: JSON.stringify({ query, variables }) });
  if (r.status !== 200 || r.errors > 0 || !r.data) throw new Error(`HTTP ${r.status}: ${r.firstError ?? JSON.stringify(r.data)?.slice(0, 300)}`);
  return r.data as T;
}

/**
 * Two trading platforms (each its own caller with `bulk:read`) submit a job of `codesPerJob`
 * distinct codes each while `counters` counters of one service hall send single checks without
 * pause. The same counters are measured alone just before, so their p99 under the jobs compares
 * with their own unloaded p99 in the same run. The counters stop once both jobs are DONE (or at
 * `maxSec`); every row is then read back.
 */
export async function bulkUnderLoad(
  ctx: Ctx,
  counters: number,
  codesPerJob: number,
  unloadedSec: number,
  maxSec: number,
): Promise<BulkUnderLoadResult> {
  const { sys } = ctx;
  const hall = sys.hallHeaders();
  // A warm-up first (as check-1 has): the hall's first requests must not inflate the baseline p99,
  // which would flatter the ratio.
  ctx.progress(`bulk-under-load: warm-up 3 s, then ${counters} counters alone, ${unloadedSec} s`);
  await sys.driver.load({ headers: hall, url: sys.gatewayUrl, connections: counters, durationSec: 3, bodies: ctx.codes.take(300).map(checkBody) });
  await settle(ctx, 'bulk-under-load warm-up');
  await sys.legacy.resetStats();
  const unloaded = await sys.driver.load({
    headers: hall,
    url: sys.gatewayUrl,
    connections: counters,
    durationSec: unloadedSec,
    bodies: ctx.codes.take(1500).map(checkBody),
  });
  const alone = await sys.legacy.stats();
  const unloadedCourtsPerSecond = alone.courts.codes / unloaded.durationSec;
  await settle(ctx, 'bulk-under-load counters alone');
  ctx.progress(`bulk-under-load: counters alone ${describeLoad(unloaded)}; courts ${Math.round(unloadedCourtsPerSecond)} calls/s`);

  const jobCodes = [ctx.codes.take(codesPerJob), ctx.codes.take(codesPerJob)] as const;
  const platform = (i: 0 | 1) => sys.platformHeaders(i, `BENCH-BULK-${i + 1}`);
  ctx.progress(`bulk-under-load: ${counters} counters, and 2 platforms submit ${codesPerJob}-code jobs (BIDDING)`);
  const watch = new ResourceWatch(sys.measured()).start();
  await sys.legacy.resetStats();
  const loadDone = sys.driver.load({
    headers: hall,
    url: sys.gatewayUrl,
    connections: counters,
    durationSec: maxSec,
    bodies: ctx.codes.take(3000).map(checkBody),
  });
  // Awaited below; this only keeps a failure of the driver from going unhandled while a submission fails.
  loadDone.catch(() => undefined);
  let views: JobView[] = [];
  try {
    views = await Promise.all(
      ([0, 1] as const).map(async (i) => {
        const d = await jobQuery<{ submitBulkCheck: JobView }>(ctx, platform(i), SUBMIT_JOB, {
          input: { codes: jobCodes[i], scenario: 'BIDDING', tenderReference: `BENCH-BULK-${i + 1}` },
        });
        return d.submitBulkCheck;
      }),
    );
    const started = performance.now();
    let lastNote = 0;
    while (views.some((v) => v.status !== 'DONE') && performance.now() - started < maxSec * 1000) {
      await sleep(500);
      views = await Promise.all(
        views.map(async (v, i) => (await jobQuery<{ bulkCheck: JobView }>(ctx, platform(i as 0 | 1), READ_JOB, { id: v.id })).bulkCheck),
      );
      if (performance.now() - lastNote > 5000) {
        lastNote = performance.now();
        ctx.progress(`bulk-under-load: jobs ${views.map((v) => `${v.done}/${v.total}${v.retrying ? ` (${v.retrying} retrying)` : ''}`).join(', ')}`);
      }
      sys.group.assertAlive();
    }
  } finally {
    // The counters measure "during the jobs": they stop as soon as both are done.
    await sys.driver.stopLoads();
  }
  const loaded = await loadDone;
  const during = await sys.legacy.stats();
  const usage = watch.stop();
  await settle(ctx, 'bulk-under-load');
  ctx.progress(`bulk-under-load: counters during the jobs ${describeLoad(loaded)}`);

  const jobs: BulkJobRun[] = [];
  for (const [i, v] of views.entries()) {
    let rowsRead = 0;
    let rowsNotComplete = 0;
    let attempts = 0;
    if (v.status === 'DONE') {
      for (let offset = 0; offset < v.total; offset += 1000) {
        const d = await jobQuery<{ bulkCheck: { rows: { items: { verdict: string | null; missingSources: string[]; attempts: number }[] } } }>(
          ctx,
          platform(i as 0 | 1),
          READ_ROWS,
          { id: v.id, offset, limit: 1000 },
        );
        for (const row of d.bulkCheck.rows.items) {
          rowsRead++;
          attempts += row.attempts;
          if (row.verdict === null || row.verdict === 'INCOMPLETE' || row.missingSources.length > 0) rowsNotComplete++;
        }
      }
    }
    const completionMs = v.finishedAt ? Date.parse(v.finishedAt) - Date.parse(v.submittedAt) : null;
    jobs.push({
      platform: i + 1,
      id: v.id,
      status: v.status,
      total: v.total,
      done: v.done,
      incomplete: v.incomplete,
      rowsRead,
      rowsNotComplete,
      attempts,
      completionMs,
    });
  }
  const allDone = jobs.every((j) => j.completionMs !== null);
  const completionMs = allDone
    ? Math.max(...views.map((v) => Date.parse(v.finishedAt!))) - Math.min(...views.map((v) => Date.parse(v.submittedAt)))
    : null;
  // Rows not read back (a job not DONE) count one courts call each: the least they needed.
  const jobCourtsCalls = jobs.reduce((s, j) => s + (j.rowsRead === j.total ? j.attempts : j.total), 0);
  const countersCourtsPerSecond = Math.max(0, during.courts.codes - jobCourtsCalls) / loaded.durationSec;
  const totalCodes = jobCodes[0].length + jobCodes[1].length;
  const expectedMs = (totalCodes / (COURTS_RATE_PER_SECOND - countersCourtsPerSecond)) * 1000;
  const result: BulkUnderLoadResult = {
    counters,
    codesPerJob,
    unloaded,
    unloadedCourtsPerSecond,
    loaded,
    courtsAnswered: during.courts.codes,
    courtsRefused: during.courts.calls - during.courts.codes,
    jobCourtsCalls,
    countersCourtsPerSecond,
    jobs,
    completionMs,
    expectedMs,
    completionRatio: completionMs === null ? null : completionMs / expectedMs,
    p99Ratio: loaded.latency.p99 / unloaded.latency.p99,
    usage,
  };
  ctx.progress(
    `bulk-under-load: jobs ${jobs.map((j) => `${j.status} ${j.done}/${j.total}, ${j.rowsNotComplete} not complete, ${j.completionMs ?? '—'} ms`).join('; ')}; ` +
      `both in ${completionMs ?? '—'} ms vs ${Math.round(expectedMs)} ms expected (counters took ${round1(countersCourtsPerSecond)} courts calls/s)`,
  );
  if (notCleanCount(loaded)) ctx.progress(`  counters' answers not clean during the jobs: ${loaded.badSamples.join(' | ').slice(0, 400)}`);
  sys.group.assertAlive();
  return result;
}
