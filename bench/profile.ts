/**
 * The benchmark's fixed inputs: the legacy latency profile, the ports it runs on, and the
 * "ideal" — what the wrapped legacy systems themselves make the fastest possible answer.
 */
import { LEGACY_SYSTEMS, LEGACY_SYSTEM_NAMES, type LegacySystemName } from '../legacy/systems.js';
import { DEPARTMENT_REGISTRY, type DepartmentEntry } from '../common/departments.js';

export type Department = LegacySystemName;
export const DEPARTMENTS: readonly Department[] = LEGACY_SYSTEM_NAMES;

/** Realistic per-call latency of each department's system (ms), before the simulators' ±10 % jitter. */
export const LATENCY_PROFILE: Record<Department, number> = Object.fromEntries(
  (DEPARTMENT_REGISTRY as readonly DepartmentEntry[]).map((d) => [d.subgraph, d.benchLatencyMs]),
) as Record<Department, number>;

/** The simulators' default jitter (not configurable by env; stated for the report). */
export const JITTER = 0.1;

/** Calls per second the courts system accepts before HTTP 429 (its fixed one-second window). */
export const COURTS_RATE_PER_SECOND = 300;

/** Synthetic enterprises in the simulators; the bench draws its distinct codes from the same dataset. */
export const DATASET_SIZE = 30_000;
export const DATASET_SEED = 'credit-federation';

/** Codes per legacy call (the systems' own limits; courts has no batch endpoint). */
export const BATCH_LIMIT: Record<Department, number> = Object.fromEntries(DEPARTMENTS.map((d) => [d, LEGACY_SYSTEMS[d].batchLimit])) as Record<
  Department,
  number
>;

/**
 * Ports, away from the defaults (4000–4099, 4100–4199) so that a running `npm start` does not
 * clash: each service's default port moved by `base − 4000`. `BENCH_BASE_PORT` moves the whole block.
 */
export function benchPorts(base = Number(process.env.BENCH_BASE_PORT ?? 4500)) {
  const entries = DEPARTMENT_REGISTRY as readonly DepartmentEntry[];
  return {
    gateway: base,
    hive: base + 10,
    subgraphs: {
      credit: base + 1,
      ...(Object.fromEntries(entries.map((d) => [d.subgraph, base + d.port - 4000])) as Record<Department, number>),
    } as Record<'credit' | Department, number>,
    simulators: Object.fromEntries(entries.map((d) => [d.subgraph, base + d.legacyPort - 4000])) as Record<Department, number>,
  };
}
export type BenchPorts = ReturnType<typeof benchPorts>;
export type SubgraphName = keyof BenchPorts['subgraphs'];
export const SUBGRAPH_NAMES = Object.keys(benchPorts().subgraphs) as SubgraphName[];

/** Departments answered from an export held in memory: no legacy call per request, no legacy latency. */
const LOCAL = new Set<Department>(
  (DEPARTMENT_REGISTRY as readonly DepartmentEntry[]).filter((d) => d.legacyKind === 'local').map((d) => d.subgraph as Department),
);

/** Departments without a batch endpoint (one call per code). */
const PER_CODE = new Set<Department>(
  (DEPARTMENT_REGISTRY as readonly DepartmentEntry[]).filter((d) => d.legacyKind === 'per-code').map((d) => d.subgraph as Department),
);

/** Fewest legacy calls that can answer N codes: ⌈N / batch limit⌉ per department (courts: N). */
export function minimumCalls(n: number): Record<Department, number> {
  return Object.fromEntries(DEPARTMENTS.map((d) => [d, LOCAL.has(d) ? 0 : Math.ceil(n / BATCH_LIMIT[d])])) as Record<Department, number>;
}

/**
 * Fewest legacy calls for requests that arrive together, each code fetched once: the first asks for
 * its codes, each next one only for the codes no earlier one asked (in-flight codes are awaited, not
 * fetched again). Each request's batches are its own — a batch is not held open for another request's
 * codes, which would delay the first request's answer — so a batching department needs the sum of
 * ⌈new codes ÷ limit⌉ over the requests, not ⌈all distinct codes ÷ limit⌉.
 */
export function minimumCallsTogether(newCodesPerRequest: readonly number[]): Record<Department, number> {
  const per = newCodesPerRequest.map(minimumCalls);
  return Object.fromEntries(DEPARTMENTS.map((d) => [d, per.reduce((s, m) => s + m[d], 0)])) as Record<Department, number>;
}

export interface Ideal {
  /** The physical lower bound of the answer's latency (ms), from the profile and limits alone. */
  ms: number;
  /** The department that sets it. */
  bound: Department;
  perDepartment: Record<Department, number>;
}

/**
 * The ideal latency for N codes: max over the departments of ⌈N/limit⌉ rounds × latency, and for
 * courts (one code per call, a rate limit) the last of N calls spaced 1/rate apart, plus one latency:
 * (N−1)/rate + latency — which is max(latency, ≈N/rate) for N = 1 and ≈ N/300 s + one latency for
 * large N. Counting batches as sequential rounds is deliberately generous: a subgraph that sends its
 * batches in parallel can beat it (ratio < 1) for departments other than courts. A department without
 * a batch endpoint or a rate limit (finance) could at best be asked for every code at once: one
 * latency. A department answered from an export held in memory (人社) adds nothing.
 */
export function idealLatency(n: number, profile: Record<Department, number> = LATENCY_PROFILE): Ideal {
  const perDepartment = Object.fromEntries(
    DEPARTMENTS.map((d) => [
      d,
      d === 'courts'
        ? (Math.max(0, n - 1) / COURTS_RATE_PER_SECOND) * 1000 + profile.courts
        : LOCAL.has(d)
          ? 0
          : PER_CODE.has(d)
            ? profile[d] // one call per code, no rate limit: at best all at once
            : Math.ceil(n / BATCH_LIMIT[d]) * profile[d],
    ]),
  ) as Record<Department, number>;
  let bound: Department = DEPARTMENTS[0]!;
  for (const d of DEPARTMENTS) if (perDepartment[d] > perDepartment[bound]) bound = d;
  return { ms: perDepartment[bound], bound, perDepartment };
}
