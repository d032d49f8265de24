/**
 * `npm run bench`: start the system on the bench's ports with a realistic legacy latency profile,
 * drive it from a separate process, print a table with PASS/MISS per target and write
 * bench/results/latest.json plus a dated copy. See bench/README.md.
 *
 * `BENCH_QUICK=1` shortens every scenario (a smoke run of the bench itself; its figures are noisy).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGoldenCases } from '../legacy/dataset/index.js';
import { chinaDate } from '../subgraphs/shared/index.js';
import { ProcessGroup } from './processes.js';
import { benchPorts, COURTS_RATE_PER_SECOND, DATASET_SIZE, JITTER, LATENCY_PROFILE } from './profile.js';
import { evaluateTargets, renderReport, writeResults, type BenchResults } from './report.js';
import { biddersFiveHundred, bulkUnderLoad, checkFifty, checkOne, CodePool, overhead, preflight, scale, type Ctx } from './scenarios.js';
import { startSystem } from './system.js';
import { replicasScenario } from './replicas.js';
import { createSharedPool } from '../common/engines/index.js';
import { verifyAuditDatabase } from '../gateway/audit/index.js';
import { startPostgres, startRedis } from '../test/support/engines.js';

const quick = process.env.BENCH_QUICK === '1';
/** `BENCH_ONLY=replicas`: only the replicas scenario (its own system), e.g. while working on scale-out. */
const only = process.env.BENCH_ONLY;
if (only !== undefined && only !== 'replicas') {
  console.error(`BENCH_ONLY=${only}: the only scenario that runs alone is replicas`);
  process.exit(2);
}
const PLAN = quick
  ? { checkSec: 5, bidderReps: 1, scaleReps: 1, rounds: 1, roundSec: 3, floorSec: 2, countersAloneSec: 5 }
  : // 5 rounds rather than 3: at 50 clients on 2 cores a round's p99 swings by 2× (GC pauses), and the median of 5 steadies it.
    { checkSec: 20, bidderReps: 3, scaleReps: 3, rounds: 5, roundSec: 10, floorSec: 5, countersAloneSec: 15 };
/** replicas: runs of two platforms × 500 bidders (200 in common). */
const REPLICA_RUNS = quick ? 1 : 3;
/** bulk-under-load: 20 counters, two 2,000-code jobs; the counters stop when both jobs are done, or after this long. */
const BULK = { counters: 20, codesPerJob: 2000, maxSec: 180 };
/** Hard stop: the bench is bounded in time whatever happens to the system under test. */
const WATCHDOG_MS = 12 * 60_000;

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(root, 'bench/results');
const started = new Date();
const t0 = performance.now();
let stopping = false;
// Once interrupted, the scenarios still under way fail as their processes go: say nothing more.
const progress = (s: string) => {
  if (!stopping) console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${s}`);
};

const group = new ProcessGroup(root, join(resultsDir, 'logs'));
async function abort(why: string, code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.error(why);
    await group.stopAll();
  }
  process.exit(code);
}
process.once('SIGINT', () => void abort('interrupted: stopping every process the bench started', 130));
process.once('SIGTERM', () => void abort('terminated: stopping every process the bench started', 143));
// Whatever path leads out, no child outlives the bench.
process.on('exit', () => group.killAllNow());
setTimeout(() => void abort(`the bench ran past ${WATCHDOG_MS / 60_000} minutes: stopping`, 2), WATCHDOG_MS).unref();

function commit(): string | undefined {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${hash}+uncommitted changes` : hash;
  } catch {
    return undefined;
  }
}

const results: BenchResults = {
  meta: {
    startedAt: started.toISOString(),
    wallTimeSec: 0,
    node: process.version,
    cpus: cpus().length,
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    commit: commit(),
    latencyProfileMs: LATENCY_PROFILE,
    jitter: JITTER,
    courtsRatePerSecond: COURTS_RATE_PER_SECOND,
    datasetSize: DATASET_SIZE,
    codesUsed: 0,
  },
  failures: {},
};

/**
 * The `replicas` scenario on its own system (ports 200 above the single system's): engines started
 * here (real redis-server and PostgreSQL on loopback), every service given them, the legacy cache on
 * (sharing it is what is measured), then `replicasScenario`.
 */
async function runReplicas(codes: CodePool) {
  progress('replicas: starting Redis and PostgreSQL');
  const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  const databaseUrl = await postgres.createDatabase('bench_replicas');
  const pool = createSharedPool(databaseUrl, { name: 'bench' });
  try {
    const ports = benchPorts(Number(process.env.BENCH_BASE_PORT ?? 4500) + 200);
    const sys = await startSystem(group, root, join(resultsDir, 'replicas'), ports, progress, {
      replicas: { gateway: 2, courts: 2, tax: 2 },
      engines: { redisUrl: redis.url, databaseUrl },
      cacheTtlMs: null,
    });
    progress(`replicas: ${REPLICA_RUNS} run(s) of two platforms × 500 bidders at once, 200 in common, one through each gateway`);
    const audit = {
      count: async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM audit_record')).rows[0]!.n),
      verify: async () => {
        const v = await verifyAuditDatabase(pool);
        return { ok: v.ok, detail: v.ok ? `${v.records} records` : JSON.stringify(v) };
      },
    };
    return await replicasScenario(sys, codes, audit, REPLICA_RUNS, progress);
  } finally {
    await group.stopAll();
    await pool.end();
    await Promise.allSettled([redis.stop(), postgres.stop()]);
  }
}

let exitCode = 0;
try {
  progress(
    `bench${quick ? ' (QUICK: short runs, noisy figures)' : ''}: legacy latency ${Object.entries(LATENCY_PROFILE)
      .map(([d, ms]) => `${d} ${ms}`)
      .join(', ')} ms ±${JITTER * 100} %`,
  );
  const codes = new CodePool();
  /** Run one scenario; a failure is recorded and the next scenario still runs, unless a process died. */
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T | undefined> => {
    if (stopping) return undefined;
    if (group.crashed) {
      results.failures[name] = `not run: ${group.crashed.split('\n')[0]}`;
      return undefined;
    }
    try {
      return await fn();
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      results.failures[name] = msg;
      progress(`${name} FAILED: ${msg}`);
      return undefined;
    }
  };
  if (only === undefined) {
    const sys = await startSystem(group, root, resultsDir, benchPorts(), progress);
    const ctx: Ctx = { sys, codes, progress, recoveries: [] };
    results.recoveries = ctx.recoveries;
    progress('system ready; preflight');
    await preflight(ctx);

    results.checkOne = await step('check-1', () => checkOne(ctx, PLAN.checkSec));
    results.checkFifty = await step('check-50', () => checkFifty(ctx, PLAN.checkSec));
    results.bidders500 = await step('bidders-500', () => biddersFiveHundred(ctx, PLAN.bidderReps));
    results.scale = await step('scale', () => scale(ctx, [1, 10, 100, 1000], PLAN.scaleReps));
    const golden = loadGoldenCases(chinaDate(new Date())).map((g) => g.uscc);
    results.overhead = await step('overhead', () => overhead(ctx, PLAN.rounds, PLAN.roundSec, PLAN.floorSec, golden));
    // Last: a job the bench gave up on would go on using the courts budget under a later scenario.
    results.bulkUnderLoad = await step('bulk-under-load', () =>
      bulkUnderLoad(ctx, BULK.counters, BULK.codesPerJob, PLAN.countersAloneSec, BULK.maxSec),
    );
  }

  // Last, on a system of its own: two gateways, two courts and tax replicas, Redis and PostgreSQL.
  await group.stopAll();
  results.replicas = await step('replicas', () => runReplicas(codes));
  results.meta.codesUsed = codes.used;
} catch (err) {
  results.failures.setup = err instanceof Error ? err.message : String(err);
  progress(`FAILED: ${results.failures.setup}`);
} finally {
  progress('stopping every process the bench started');
  await group.stopAll();
}
// Interrupted: abort() exits once everything is stopped; no partial results are written.
if (stopping) await new Promise(() => {});

results.meta.wallTimeSec = Math.round((performance.now() - t0) / 100) / 10;
const targets = evaluateTargets(results);
console.log('\n' + renderReport(results, targets));
const written = writeResults(resultsDir, results, targets);
console.log(
  `\nwall time ${results.meta.wallTimeSec} s; results in ${written.map((p) => p.slice(root.length)).join(' and ')}; service logs in bench/results/logs/`,
);
if (Object.keys(results.failures).length > 0) exitCode = 1;
process.exit(exitCode);
