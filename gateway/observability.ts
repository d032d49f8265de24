import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { pino, type Logger } from 'pino';
import { request } from 'undici';
import type { AuditAnchor } from './audit/index.js';
import type { ReplicaAttempt, ReplicaState } from './subgraph-data-source.js';

export interface GatewayMetricsOptions {
  /**
   * The audit log's anchor (`AuditLog.anchor`), read at each scrape. Scraped into a time series
   * it is the copy of the chain's head kept outside the gateway's disk: compare it with
   * `npm run verify-audit` to show records cut from the end of the log. Default: not exposed.
   */
  auditAnchor?: () => AuditAnchor;
}

/** The gateway's own metrics (a registry of its own, so tests can build several gateways). */
export function createGatewayMetrics(options: GatewayMetricsOptions = {}) {
  const registry = new Registry();
  const { auditAnchor } = options;
  if (auditAnchor) {
    new Gauge({
      name: 'credit_gateway_audit_anchor_seq',
      help: "seq of the last audit record anchored (written, fsync'd and acknowledged by the last group commit).",
      registers: [registry],
      collect() {
        this.set(auditAnchor().seq);
      },
    });
    new Gauge({
      name: 'credit_gateway_audit_anchor_info',
      help: "The audit chain's head as anchored: hash of record seq, and when the anchor was written (always 1).",
      labelNames: ['seq', 'hash', 'at'] as const,
      registers: [registry],
      collect() {
        const a = auditAnchor();
        this.reset();
        this.set({ seq: String(a.seq), hash: a.hash, at: a.at }, 1);
      },
    });
  }
  collectDefaultMetrics({ register: registry, prefix: 'credit_gateway_' });
  const requests = new Counter({
    name: 'credit_gateway_requests_total',
    help: 'GraphQL requests by outcome (ANSWERED, PARTIAL, REFUSED, INVALID, ERROR), HTTP status and refusal code.',
    labelNames: ['outcome', 'status', 'code'] as const,
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'credit_gateway_request_duration_seconds',
    help: 'Time from request to answer, including the audit record.',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [registry],
  });
  // Per replica of each subgraph: where requests went, which failed over, and which are passed over now.
  const attempts = new Counter({
    name: 'credit_gateway_subgraph_attempts_total',
    help: 'Requests to one replica of a subgraph: answered (its answer was used), retried (it failed and the request went to another replica), failed (its failure was the answer).',
    labelNames: ['subgraph', 'replica', 'outcome'] as const,
    registers: [registry],
  });
  const watched = new Set<{ name: string; replicaStates(): ReplicaState[] }>();
  new Gauge({
    name: 'credit_gateway_subgraph_replica_skipped',
    help: 'Whether the gateway passes over a replica of a subgraph after a failure (1) or sends it requests (0).',
    labelNames: ['subgraph', 'replica'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of watched) for (const r of s.replicaStates()) this.set({ subgraph: s.name, replica: r.url }, r.skipped ? 1 : 0);
    },
  });
  new Gauge({
    name: 'credit_gateway_subgraph_replica_in_flight',
    help: 'Requests on their way to a replica of a subgraph or waiting for its answer.',
    labelNames: ['subgraph', 'replica'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of watched) for (const r of s.replicaStates()) this.set({ subgraph: s.name, replica: r.url }, r.inFlight);
    },
  });
  return {
    registry,
    /** Count one attempt on a subgraph replica (`SubgraphDataSourceOptions.onAttempt`). */
    recordAttempt(a: ReplicaAttempt) {
      attempts.inc({ subgraph: a.subgraph, replica: a.replica, outcome: a.outcome });
    },
    /** Report a data source's replicas in the gauges, read at each scrape. */
    watchReplicas(source: { name: string; replicaStates(): ReplicaState[] }) {
      watched.add(source);
    },
    record(o: { status: number; outcome: string; refusalCode: string | null; durationMs: number }) {
      requests.inc({ outcome: o.outcome, status: String(o.status), code: o.refusalCode ?? '' });
      seconds.observe({ outcome: o.outcome }, o.durationMs / 1000);
    },
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;

/** Structured JSON logs (pino); `LOG_LEVEL` sets the level (default info; `silent` in tests). */
export function createLogger(level = 'info'): Logger {
  return pino({ level, base: { service: 'gateway' }, timestamp: pino.stdTimeFunctions.isoTime });
}

export interface ReadinessReport {
  ready: boolean;
  subgraphs: Record<string, SubgraphReadiness>;
}

export interface SubgraphReadiness {
  /** At least one replica is ready. */
  ready: boolean;
  /** What the (first ready, else first) replica's `/readyz` reported, or `unreachable`. */
  detail: unknown;
  /** Each replica, in the configured order, when the subgraph has more than one (no URL: the report is public). */
  replicas?: { ready: boolean; detail: unknown }[];
}

/**
 * `/readyz`: every subgraph has a replica that answers its own `/readyz` (which checks its legacy
 * system). One ready replica is enough: the data source sends requests to the replicas that answer,
 * so the gateway can serve every department; a load balancer should not take it out of rotation for
 * a subgraph replica that is restarting.
 */
export async function checkReadiness(subgraphUrls: Record<string, string | readonly string[]>, timeoutMs = 1500): Promise<ReadinessReport> {
  const one = async (url: string): Promise<{ ready: boolean; detail: unknown }> => {
    try {
      const res = await request(new URL('/readyz', url), { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
      const body = (await res.body.json()) as { checks?: unknown };
      return { ready: res.statusCode === 200, detail: body.checks ?? [] };
    } catch {
      return { ready: false, detail: 'unreachable' };
    }
  };
  const entries = await Promise.all(
    Object.entries(subgraphUrls).map(async ([name, given]) => {
      const urls = typeof given === 'string' ? [given] : [...given];
      const replicas = await Promise.all(urls.map(one));
      const shown = replicas.find((r) => r.ready) ?? replicas[0] ?? { ready: false, detail: 'no URL' };
      const report: SubgraphReadiness = { ready: shown.ready, detail: shown.detail, ...(replicas.length > 1 ? { replicas } : {}) };
      return [name, report] as const;
    }),
  );
  const subgraphs = Object.fromEntries(entries);
  return { ready: entries.every(([, r]) => r.ready), subgraphs };
}
