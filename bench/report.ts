/** The targets (reported, not asserted), the printed table and the JSON files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COURTS_RATE_PER_SECOND, DEPARTMENTS, type Department } from './profile.js';
import type { ReplicasResult } from './replicas.js';
import type {
  BiddersPoint,
  BiddersResult,
  BulkUnderLoadResult,
  CheckOneResult,
  CheckResult,
  OverheadResult,
  Recovery,
  ScaleResult,
  Usage,
} from './scenarios.js';

export interface BenchResults {
  meta: {
    startedAt: string;
    wallTimeSec: number;
    node: string;
    cpus: number;
    /** 1, 5 and 15 minute load averages when the bench started: above ~0.5, something else was running. */
    loadAverageAtStart: number[];
    commit?: string;
    latencyProfileMs: Record<Department, number>;
    jitter: number;
    courtsRatePerSecond: number;
    datasetSize: number;
    codesUsed: number;
  };
  checkOne?: CheckOneResult;
  checkFifty?: CheckResult;
  bidders500?: BiddersResult;
  scale?: ScaleResult;
  overhead?: OverheadResult;
  bulkUnderLoad?: BulkUnderLoadResult;
  /** Two gateways, two courts and tax replicas, Redis and PostgreSQL (run last, on its own system). */
  replicas?: ReplicasResult;
  /** After each load phase: how long until a check was clean again. */
  recoveries?: Recovery[];
  /** Scenarios that could not be measured, and why. */
  failures: Record<string, string>;
}

export interface Target {
  id: string;
  what: string;
  measured: string;
  limit: string;
  pass: boolean;
  /** A figure reported against a reference, with no limit set: printed without PASS/MISS. */
  reported?: boolean;
}

export const GATEWAY_RSS_LIMIT_MB = 300;

const f0 = (x: number) => String(Math.round(x));
const f2 = (x: number) => x.toFixed(2);
const calls = (c: Record<Department, number>) => DEPARTMENTS.map((d) => c[d]).join('/');
const notCleanOf = (l: { non2xx: number; errors: number; timeouts: number; graphqlErrors: number; incomplete: number; noVerdict: number }) =>
  l.non2xx + l.errors + l.timeouts + l.graphqlErrors + l.incomplete + l.noVerdict;

/** Peak RSS of the gateway in each scenario that ran. */
function gatewayPeaks(r: BenchResults): [string, number][] {
  // Our gateway's processes: `gateway`, and in `replicas` also `gateway-2` (not `hive-gateway`).
  const ours = (u: Usage) => Object.entries(u.processes).filter(([name]) => name === 'gateway' || /^gateway-\d+$/.test(name));
  return usageByScenario(r)
    .filter(([, u]) => ours(u).length > 0)
    .map(([s, u]) => [s, Math.max(...ours(u).map(([, p]) => p!.peakMb))]);
}

/** The scenarios run on the single system, each of which the memory target needs. */
const SINGLE_SYSTEM_SCENARIOS = ['check-1', 'check-50', 'bidders-500', 'scale', 'overhead', 'bulk-under-load'];

function usageByScenario(r: BenchResults): [string, Usage][] {
  const all: [string, Usage | undefined][] = [
    ['check-1', r.checkOne?.usage],
    ['check-50', r.checkFifty?.usage],
    ['bidders-500', r.bidders500?.usage],
    ['scale', r.scale?.usage],
    ['overhead', r.overhead?.usage],
    ['bulk-under-load', r.bulkUnderLoad?.usage],
    ['replicas', r.replicas?.usage],
  ];
  return all.filter((e): e is [string, Usage] => e[1] !== undefined);
}

export function evaluateTargets(r: BenchResults): Target[] {
  const t: Target[] = [];
  const missing = (id: string, what: string, limit: string) => t.push({ id, what, measured: 'not measured', limit, pass: false });

  if (r.checkOne) {
    const c = r.checkOne;
    t.push({
      id: 'check-1',
      what: 'p50 ÷ ideal',
      measured: `${c.load.latency.p50} ms ÷ ${f0(c.ideal.ms)} ms = ${f2(c.ratio)}`,
      limit: '≤ 1.15',
      pass: c.ratio <= 1.15,
    });
  } else missing('check-1', 'p50 ÷ ideal', '≤ 1.15');

  if (r.bidders500) {
    const p = r.bidders500.point;
    t.push({
      id: 'bidders-500',
      what: 'legacy calls per department = minimum',
      measured: calls(p.maxCalls),
      limit: `= ${calls(p.minimum)}`,
      pass: p.callsAtMinimum,
    });
    // A fast answer that left checks INCOMPLETE does not count.
    t.push({
      id: 'bidders-500',
      what: 'latency ÷ ideal',
      measured: `${f0(p.latencyMs)} ms ÷ ${f0(p.ideal.ms)} ms = ${f2(p.ratio)}${p.clean ? '' : ' (NOT CLEAN)'}`,
      limit: '≤ 1.25',
      pass: p.clean && p.ratio <= 1.25,
    });
  } else {
    missing('bidders-500', 'legacy calls per department = minimum', '= minimum');
    missing('bidders-500', 'latency ÷ ideal', '≤ 1.25');
  }

  if (r.overhead) {
    const o = r.overhead;
    // Without a clean round on either side there is nothing fair to compare.
    const valid = o.ours.roundsCounted > 0 && o.hive.roundsCounted > 0;
    const note = valid ? '' : ' (no clean round to compare)';
    t.push({
      id: 'overhead',
      what: 'req/s ours ÷ Hive Gateway',
      measured: `${f0(o.ours.rps)} ÷ ${f0(o.hive.rps)} = ${f2(o.rpsRatio)}${note}`,
      limit: '≥ 1.00',
      pass: valid && o.rpsRatio >= 1,
    });
    t.push({
      id: 'overhead',
      what: 'p99 ours ÷ Hive Gateway',
      measured: `${o.ours.p99} ms ÷ ${o.hive.p99} ms = ${f2(o.p99Ratio)}${note}`,
      limit: '≤ 1.00',
      pass: valid && o.p99Ratio <= 1,
    });
  } else {
    missing('overhead', 'req/s ours ÷ Hive Gateway', '≥ 1.00');
    missing('overhead', 'p99 ours ÷ Hive Gateway', '≤ 1.00');
  }

  if (r.bulkUnderLoad) {
    const b = r.bulkUnderLoad;
    const rows = b.jobs.reduce((s, j) => s + j.total, 0);
    const read = b.jobs.reduce((s, j) => s + j.rowsRead, 0);
    const notComplete = b.jobs.reduce((s, j) => s + j.rowsNotComplete, 0);
    const unfinished = b.jobs.filter((j) => j.status !== 'DONE').length;
    t.push({
      id: 'bulk-under-load',
      what: 'job rows not complete (INCOMPLETE)',
      measured: `${notComplete} of ${rows}${unfinished ? ` (${unfinished} job(s) not DONE, ${rows - read} rows unread)` : ''}`,
      limit: '= 0, every job DONE',
      pass: unfinished === 0 && read === rows && notComplete === 0,
    });
    // Fast answers that are INCOMPLETE would flatter the ratio: they do not count.
    const bad = notCleanOf(b.loaded) + notCleanOf(b.unloaded);
    t.push({
      id: 'bulk-under-load',
      what: 'counter p99 during jobs ÷ alone',
      measured: `${b.loaded.latency.p99} ms ÷ ${b.unloaded.latency.p99} ms = ${f2(b.p99Ratio)}${bad ? ` (${bad} answers NOT CLEAN)` : ''}`,
      limit: '≤ 2.00',
      pass: bad === 0 && b.p99Ratio <= 2,
    });
    t.push({
      id: 'bulk-under-load',
      what: 'jobs done ÷ codes/(courts − counters)',
      measured: b.completionMs === null ? 'not finished' : `${f0(b.completionMs)} ms ÷ ${f0(b.expectedMs)} ms = ${f2(b.completionRatio!)}`,
      limit: 'reported, no limit',
      pass: b.completionMs !== null,
      reported: true,
    });
  } else {
    missing('bulk-under-load', 'job rows not complete (INCOMPLETE)', '= 0, every job DONE');
    missing('bulk-under-load', 'counter p99 during jobs ÷ alone', '≤ 2.00');
  }

  const peaks = gatewayPeaks(r);
  const worst = peaks.reduce((m, [, v]) => Math.max(m, v), 0);
  t.push({
    id: 'memory',
    what: 'gateway peak RSS, every scenario',
    measured: peaks.length ? `max ${f0(worst)} MB (${peaks.map(([s, v]) => `${s} ${f0(v)}`).join(', ')})` : 'not measured',
    limit: `≤ ${GATEWAY_RSS_LIMIT_MB} MB`,
    pass: SINGLE_SYSTEM_SCENARIOS.every((x) => peaks.some(([s]) => s === x)) && worst <= GATEWAY_RSS_LIMIT_MB,
  });

  // The replicas scenario: properties, not latencies (on two cores those are reported only).
  if (r.replicas) {
    const x = r.replicas;
    t.push({
      id: 'replicas',
      what: 'courts 429s (rate kept by all replicas together)',
      measured: String(x.courtsRateLimited),
      limit: '= 0',
      pass: x.courtsRateLimited === 0,
    });
    const repeated = DEPARTMENTS.filter((d) => x.repeated[d] > 0);
    t.push({
      id: 'replicas',
      what: 'codes fetched twice across replicas',
      measured: repeated.length ? repeated.map((d) => `${d} ${x.repeated[d]}`).join(', ') : '0',
      limit: '= 0',
      pass: repeated.length === 0,
    });
    t.push({
      id: 'replicas',
      what: `legacy calls per department = minimum (${x.perPlatform} + ${x.perPlatform - x.common} new codes)`,
      measured: calls(x.maxCalls),
      limit: `= ${calls(x.minimum)}`,
      pass: x.callsAtMinimum,
    });
    t.push({
      id: 'replicas',
      what: 'audit records = answers; the chain verifies',
      measured: `${x.auditRecords} = ${x.answers}; ${x.auditVerified ? 'verifies' : `DOES NOT VERIFY: ${x.auditDetail}`}`,
      limit: 'equal; verifies',
      pass: x.auditRecords === x.answers && x.auditVerified,
    });
    t.push({
      id: 'replicas',
      what: 'answers clean (no INCOMPLETE)',
      measured: x.clean ? 'all clean' : 'NOT CLEAN',
      limit: 'all clean',
      pass: x.clean,
    });
  } else {
    missing('replicas', 'courts 429s (rate kept by all replicas together)', '= 0');
    missing('replicas', 'codes fetched twice across replicas', '= 0');
    missing('replicas', 'legacy calls per department = minimum', '= minimum');
    missing('replicas', 'audit records = answers; the chain verifies', 'equal; verifies');
  }
  return t;
}

function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  const line = (row: string[]) =>
    row
      .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}

function bidderRows(label: string, p: BiddersPoint): string[][] {
  const incomplete = p.runs.reduce((s, r) => s + (r.verdicts.INCOMPLETE ?? 0) + (r.verdicts.NONE ?? 0), 0);
  const notes = p.clean ? '' : ` NOT CLEAN: ${incomplete} of ${p.n * p.runs.length} checks INCOMPLETE`;
  const refused = p.runs.reduce((s, r) => s + r.courtsRefused, 0);
  let callNote = refused ? `; courts refused ${refused} with 429` : '';
  if (p.callsBelowMinimum) callNote += '  ← BELOW MINIMUM: codes never asked';
  else if (!p.callsAtMinimum) callNote += '  ← ABOVE MINIMUM';
  return [
    [
      label,
      `latency, median of ${p.runs.length}`,
      `${f0(p.latencyMs)} ms (${p.runs.map((r) => f0(r.latencyMs)).join(', ')})`,
      `ideal ${f0(p.ideal.ms)} ms (${p.ideal.bound}); ratio ${f2(p.ratio)}${notes}`,
    ],
    ['', 'legacy calls (max of runs)', calls(p.maxCalls), `minimum ${calls(p.minimum)}${callNote}`],
  ];
}

export function renderReport(r: BenchResults, targets: Target[]): string {
  const out: string[] = [];
  const rows: string[][] = [['scenario', 'figure', 'measured', 'ideal / note']];
  const clean = (l: {
    non2xx: number;
    errors: number;
    timeouts: number;
    graphqlErrors: number;
    incomplete: number;
    noVerdict: number;
    requests: number;
  }) => {
    const bad = l.non2xx + l.errors + l.timeouts + l.graphqlErrors + l.incomplete + l.noVerdict;
    return bad
      ? `${bad} of ${l.requests} answers not clean (non-2xx ${l.non2xx}, errors ${l.errors + l.timeouts}, GraphQL errors ${l.graphqlErrors}, INCOMPLETE ${l.incomplete})`
      : `${l.requests} answers, all clean`;
  };
  if (r.checkOne) {
    const c = r.checkOne;
    rows.push([
      'check-1',
      'p50 / p99',
      `${c.load.latency.p50} / ${c.load.latency.p99} ms`,
      `ideal ${f0(c.ideal.ms)} ms (${c.ideal.bound}); p50 ratio ${f2(c.ratio)}`,
    ]);
    rows.push(['', 'req/s; answers', f0(c.load.rps), clean(c.load)]);
  }
  if (r.checkFifty) {
    const l = r.checkFifty.load;
    rows.push(['check-50', 'req/s / p50 / p99', `${f0(l.rps)} / ${l.latency.p50} / ${l.latency.p99} ms`, clean(l)]);
  }
  if (r.bidders500) rows.push(...bidderRows('bidders-500', r.bidders500.point));
  if (r.scale) for (const p of r.scale.points) rows.push(...bidderRows(`scale N=${p.n}`, p));
  if (r.overhead) {
    const o = r.overhead;
    rows.push([
      'overhead',
      '1 client p50 ours / Hive',
      `${o.floor.ours.latency.p50} / ${o.floor.hive.latency.p50} ms`,
      'legacy latency 0: the fixed cost of one check',
    ]);
    const perRound = (g: 'ours' | 'hive') =>
      o.rounds
        .filter((x) => x.gateway === g)
        .map((x) => f0(x.load.rps))
        .join(', ');
    rows.push([
      '',
      'req/s ours / Hive (mean)',
      `${f0(o.ours.rps)} / ${f0(o.hive.rps)}`,
      `ratio ${f2(o.rpsRatio)}; rounds ours ${perRound('ours')}, Hive ${perRound('hive')}`,
    ]);
    rows.push(['', 'p50 ours / Hive (median)', `${o.ours.p50} / ${o.hive.p50} ms`, '']);
    const p99Round = (g: 'ours' | 'hive') =>
      o.rounds
        .filter((x) => x.gateway === g)
        .map((x) => x.load.latency.p99)
        .join(', ');
    rows.push([
      '',
      'p99 ours / Hive (median)',
      `${o.ours.p99} / ${o.hive.p99} ms`,
      `ratio ${f2(o.p99Ratio)}; rounds ours ${p99Round('ours')}, Hive ${p99Round('hive')}`,
    ]);
    rows.push(['', 'same data', o.sameData ? 'yes' : 'NO', o.difference ?? '']);
    const courts = Math.max(...o.rounds.map((x) => x.courtsCallsPerSecond));
    rows.push([
      '',
      'courts calls/s (max round)',
      f0(courts),
      courts > 0.9 * COURTS_RATE_PER_SECOND
        ? `near the courts ${COURTS_RATE_PER_SECOND}/s limit: both gateways capped by it`
        : `below the courts ${COURTS_RATE_PER_SECOND}/s limit`,
    ]);
    if (o.ours.notClean || o.hive.notClean) {
      rows.push([
        '',
        'answers not clean',
        `ours ${o.ours.notClean}, Hive ${o.hive.notClean}`,
        `rounds counted (≥ 99 % clean): ours ${o.ours.roundsCounted} of ${o.ours.rounds}, Hive ${o.hive.roundsCounted} of ${o.hive.rounds}`,
      ]);
    }
  }
  if (r.replicas) {
    const x = r.replicas;
    const single = r.bidders500?.point.latencyMs;
    const latencies = x.runs.map((run) => run.platforms.map((p) => f0(p.latencyMs)).join(' + ')).join('; ');
    rows.push([
      'replicas',
      `2 platforms × ${x.perPlatform} bidders at once (${x.common} in common), per run`,
      `${latencies} ms`,
      `reported, not targeted (2 gateways, 2 courts and tax replicas, Redis, PostgreSQL on ${x.cpus} cores); single replica bidders-500: ${single === undefined ? 'not measured' : `${f0(single)} ms`}; ideal for ${x.distinct} courts calls ${f0(x.idealMs)} ms`,
    ]);
    rows.push(['', 'legacy calls (max run) / minimum', calls(x.maxCalls), `minimum ${calls(x.minimum)}`]);
    rows.push([
      '',
      'courts 429s; codes fetched twice',
      `${x.courtsRateLimited}; ${DEPARTMENTS.map((d) => x.repeated[d]).reduce((a, b) => a + b, 0)}`,
      'the courts simulator counts calls in one-second windows (300 each); it and tax count codes looked up again',
    ]);
    rows.push([
      '',
      'audit records / answers',
      `${x.auditRecords} / ${x.answers}`,
      x.auditVerified ? 'one chain, verifies' : `DOES NOT VERIFY: ${x.auditDetail}`,
    ]);
  }
  if (r.bulkUnderLoad) {
    const b = r.bulkUnderLoad;
    rows.push([
      'bulk-under-load',
      `${b.counters} counters alone: req/s / p50 / p99`,
      `${f0(b.unloaded.rps)} / ${b.unloaded.latency.p50} / ${b.unloaded.latency.p99} ms`,
      `${clean(b.unloaded)}; courts ${f0(b.unloadedCourtsPerSecond)} calls/s`,
    ]);
    rows.push([
      '',
      'the same during the jobs',
      `${f0(b.loaded.rps)} / ${b.loaded.latency.p50} / ${b.loaded.latency.p99} ms`,
      `${clean(b.loaded)}; p99 ratio ${f2(b.p99Ratio)}; ${f0(b.loaded.durationSec)} s`,
    ]);
    for (const j of b.jobs) {
      rows.push([
        '',
        `job ${j.platform} (${j.total} codes, BIDDING)`,
        j.completionMs === null ? `${j.status} ${j.done}/${j.total}` : `${f0(j.completionMs)} ms`,
        `${j.rowsNotComplete} of ${j.rowsRead} rows read not complete; ${j.incomplete} INCOMPLETE; ${j.attempts} attempts`,
      ]);
    }
    rows.push([
      '',
      'both jobs, submission to last row',
      b.completionMs === null ? 'not finished' : `${f0(b.completionMs)} ms`,
      `reference ${b.jobs.reduce((s, j) => s + j.total, 0)} codes ÷ (${COURTS_RATE_PER_SECOND} − ${f0(b.countersCourtsPerSecond)} counters' courts calls/s) = ${f0(b.expectedMs)} ms; ratio ${b.completionRatio === null ? '—' : f2(b.completionRatio)}`,
    ]);
    rows.push([
      '',
      'courts calls during the jobs',
      `${b.courtsAnswered} answered${b.courtsRefused ? `, ${b.courtsRefused} refused (429)` : ''}`,
      `jobs' rows ${b.jobCourtsCalls} (attempts), counters the rest: ${f2(b.countersCourtsPerSecond)}/s (their answers ${f0(b.loaded.rps)}/s)`,
    ]);
  }
  const slow = (r.recoveries ?? []).filter((x) => x.attempts > 1);
  if (r.recoveries?.length) {
    rows.push([
      'recovery',
      'INCOMPLETE checks after load stops',
      slow.length ? `${slow.length} of ${r.recoveries.length} load phases` : `none (${r.recoveries.length} load phases)`,
      slow.length
        ? `up to ${Math.max(...slow.map((x) => x.ms ?? Infinity))} ms, e.g. after ${slow[0]!.after}: ${slow[0]!.lastProblem ?? ''}`
        : 'the first check after each load phase was clean',
    ]);
  }
  out.push(`legacy calls are ${DEPARTMENTS.join('/')}`);
  out.push(table(rows));

  // Peak RSS and CPU per process and scenario (CPU in % of one core, over the scenario's window).
  const procs = ['gateway', 'credit', ...DEPARTMENTS, 'hive-gateway', 'legacy', 'driver'];
  const scenarios = usageByScenario(r);
  if (scenarios.length > 0) {
    const cellMb = (u: Usage, k: string) => (u.processes[k] ? `${f0(u.processes[k]!.peakMb)} (${f0(u.processes[k]!.endMb)})` : '');
    const cellCpu = (u: Usage, k: string) => (u.processes[k] && Number.isFinite(u.processes[k]!.cpuPercent) ? f0(u.processes[k]!.cpuPercent) : '');
    out.push('', table([['RSS MB: peak (end)', ...procs], ...scenarios.map(([name, u]) => [name, ...procs.map((k) => cellMb(u, k))])]));
    out.push(
      '',
      table([
        ['CPU (% of a core)', ...procs, 'not the bench'],
        ...scenarios.map(([name, u]) => [
          name,
          ...procs.map((k) => cellCpu(u, k)),
          Number.isFinite(u.outsideCpuPercent) ? f0(u.outsideCpuPercent) : '',
        ]),
      ]),
    );
    const noisy = scenarios.filter(([, u]) => u.outsideCpuPercent > 15);
    if (noisy.length) {
      out.push(
        `WARNING: other processes used the CPU during ${noisy.map(([n, u]) => `${n} (${f0(u.outsideCpuPercent)} % of a core)`).join(', ')}: those figures are noisy; rerun on a quiet machine.`,
      );
    }
  }

  out.push(
    '',
    table([
      ['target', 'figure', 'measured', 'limit', ''],
      ...targets.map((t) => [t.id, t.what, t.measured, t.limit, t.reported ? '' : t.pass ? 'PASS' : 'MISS']),
    ]),
  );
  for (const [s, why] of Object.entries(r.failures)) out.push(`\n${s} FAILED: ${why}`);
  return out.join('\n');
}

/** `latest.json` and a dated copy in `dir` (git-ignored). Returns the paths written. */
export function writeResults(dir: string, r: BenchResults, targets: Target[]): string[] {
  mkdirSync(dir, { recursive: true });
  const body = JSON.stringify({ ...r, targets }, null, 2) + '\n';
  const stamp = r.meta.startedAt.replace(/[:.]/g, '-');
  const paths = [join(dir, 'latest.json'), join(dir, `bench-${stamp}.json`)];
  for (const p of paths) writeFileSync(p, body);
  return paths;
}
