/**
 * The `replicas` scenario (scale-out): two gateways, two courts and two tax subgraph replicas (one
 * of every other subgraph), one Redis and one PostgreSQL, all real processes on loopback; two
 * trading platforms each check 500 bidders at once, through different gateways, 200 codes in common.
 *
 * On two cores the latencies are reported, not targeted (eleven node processes, Redis and PostgreSQL
 * share them). The properties are what replicas must keep:
 * - the courts system's rate is never exceeded: its simulator answered no 429 (it counts calls in
 *   fixed one-second windows, so no 429 means no window over 300);
 * - no code fetched twice from a legacy system across replicas (the simulators count lookups of a
 *   code already looked up), and the legacy calls at the minimum for two requests arriving together
 *   (`minimumCallsTogether`: each code once, each request's batches its own);
 * - audit records = answers: every answer the platforms received has its record in the one chain,
 *   which verifies.
 */
import { cpus } from 'node:os';
import { DEPARTMENTS, idealLatency, minimumCallsTogether, type Department } from './profile.js';
import type { CallStats } from './legacy.js';
import { biddersBody } from './load.js';
import { ResourceWatch, type UsageReport } from './processes.js';
import type { SingleResult } from './protocol.js';
import type { CodePool } from './scenarios.js';
import type { System } from './system.js';

export interface ReplicasRun {
  /** Each platform's request: latency, results, verdicts. */
  platforms: { latencyMs: number; results: number; verdicts: Record<string, number>; errors: number; firstError?: string }[];
  /** Both requests done (ms from the first sent). */
  wallMs: number;
  calls: Record<Department, CallStats>;
}

export interface ReplicasResult {
  runs: ReplicasRun[];
  /** Codes per platform and in common. */
  perPlatform: number;
  common: number;
  /** Distinct codes in a run. */
  distinct: number;
  /** The ideal latency of one platform's answer were it alone with all the distinct codes (courts-bound: ⌈distinct⌉ calls at 300/s). */
  idealMs: number;
  cpus: number;
  /** Per department: ⌈500 ÷ batch limit⌉ + ⌈300 ÷ batch limit⌉ — the two requests' own batches, each code once (courts and finance: distinct; 人社: 0). See `minimumCallsTogether`. */
  minimum: Record<Department, number>;
  /** Courts calls refused with 429 over all runs. */
  courtsRateLimited: number;
  /** Lookups of a code already looked up, per department, over all runs. */
  repeated: Record<Department, number>;
  /** Most calls any run made, per department. */
  maxCalls: Record<Department, number>;
  /** Every run asked each department for each distinct code once, in the minimum of calls. */
  callsAtMinimum: boolean;
  /** Every answer was N clean checks. */
  clean: boolean;
  /** GraphQL requests the bench sent to the gateways in this scenario (all answered), and the audit records written for them. */
  answers: number;
  auditRecords: number;
  /** The chain verified (`npm run verify-audit` against the database). */
  auditVerified: boolean;
  auditDetail: string;
  usage: UsageReport;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Platform `p`'s 500 codes of a run: the first `common` are the same for both. */
export function platformCodes(codes: CodePool, perPlatform: number, common: number): [string[], string[]] {
  const shared = codes.take(common);
  return [
    [...shared, ...codes.take(perPlatform - common)],
    [...codes.take(perPlatform - common), ...shared],
  ];
}

export interface AuditCheck {
  /** Records in the chain now. */
  count(): Promise<number>;
  /** Verify the whole chain; `ok` and a one-line account. */
  verify(): Promise<{ ok: boolean; detail: string }>;
}

export async function replicasScenario(
  sys: System,
  codes: CodePool,
  audit: AuditCheck,
  reps: number,
  progress: (s: string) => void,
  perPlatform = 500,
  common = 200,
): Promise<ReplicasResult> {
  if (sys.gatewayUrls.length < 2) throw new Error('the replicas scenario needs two gateways');
  const headers = [sys.platformHeaders(0, 'BENCH-REPLICAS-A'), sys.platformHeaders(1, 'BENCH-REPLICAS-B')] as const;
  const recordsBefore = await audit.count();
  let answers = 0;
  // Warm-up, as a deployment that has served before: each gateway and replica has connected,
  // planned and compiled its paths (the first large list after a start is slower by a second).
  const warm = platformCodes(codes, 200, 80);
  await Promise.all([0, 1].map((p) => sys.driver.single({ headers: headers[p as 0 | 1], url: sys.gatewayUrls[p]!, body: biddersBody(warm[p]!) })));
  answers += 2;
  const watch = new ResourceWatch(sys.measured()).start();
  const runs: ReplicasRun[] = [];
  for (let i = 0; i < reps; i++) {
    // A fresh courts rate window, and counters from zero.
    await sleep(1100);
    await sys.legacy.resetStats();
    const [a, b] = platformCodes(codes, perPlatform, common);
    const t0 = performance.now();
    const results: SingleResult[] = await Promise.all(
      [a, b].map((list, p) => sys.driver.single({ headers: headers[p as 0 | 1], url: sys.gatewayUrls[p]!, body: biddersBody(list) })),
    );
    const wallMs = performance.now() - t0;
    answers += results.filter((r) => r.status === 200).length;
    const calls = await sys.legacy.stats();
    runs.push({
      platforms: results.map((r) => ({
        latencyMs: Math.round(r.latencyMs),
        results: r.results,
        verdicts: r.verdicts,
        errors: r.errors,
        firstError: r.firstError,
      })),
      wallMs: Math.round(wallMs),
      calls,
    });
    progress(
      `  run ${i + 1}: platforms ${results.map((r) => Math.round(r.latencyMs)).join(' / ')} ms; courts ${calls.courts.calls} calls, ${calls.courts.rateLimited} × 429, ${calls.courts.repeatedCodes} codes again; tax ${calls.tax.calls} calls, ${calls.tax.repeatedCodes} codes again`,
    );
  }
  const usage = watch.stop();
  sys.group.assertAlive();
  const distinct = 2 * perPlatform - common;
  const minimum = minimumCallsTogether([perPlatform, perPlatform - common]);
  const maxCalls = Object.fromEntries(DEPARTMENTS.map((d) => [d, Math.max(...runs.map((r) => r.calls[d].calls))])) as Record<Department, number>;
  const repeated = Object.fromEntries(DEPARTMENTS.map((d) => [d, runs.reduce((s, r) => s + r.calls[d].repeatedCodes, 0)])) as Record<
    Department,
    number
  >;
  const verified = await audit.verify();
  const auditRecords = (await audit.count()) - recordsBefore;
  return {
    runs,
    perPlatform,
    common,
    distinct,
    idealMs: idealLatency(distinct).ms,
    cpus: cpus().length,
    minimum,
    courtsRateLimited: runs.reduce((s, r) => s + r.calls.courts.rateLimited, 0),
    repeated,
    maxCalls,
    callsAtMinimum: runs.every((r) => DEPARTMENTS.every((d) => r.calls[d].calls === minimum[d])),
    clean: runs.every((r) => r.platforms.every((p) => p.results === perPlatform && p.errors === 0 && !p.verdicts.INCOMPLETE && !p.verdicts.NONE)),
    answers,
    auditRecords,
    auditVerified: verified.ok,
    auditDetail: verified.detail,
    usage,
  };
}
