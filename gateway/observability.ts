import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { pino, type Logger } from 'pino';
import { request } from 'undici';
import type { AuditAnchor } from './audit/index.js';

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
  return {
    registry,
    record(o: { status: number; outcome: string; refusalCode: string | null; durationMs: number }) {
      requests.inc({ outcome: o.outcome, status: String(o.status), code: o.refusalCode ?? '' });
      seconds.observe({ outcome: o.outcome }, o.durationMs / 1000);
    },
  };
}

/** Structured JSON logs (pino); `LOG_LEVEL` sets the level (default info; `silent` in tests). */
export function createLogger(level = 'info'): Logger {
  return pino({ level, base: { service: 'gateway' }, timestamp: pino.stdTimeFunctions.isoTime });
}

export interface ReadinessReport {
  ready: boolean;
  subgraphs: Record<string, { ready: boolean; detail: unknown }>;
}

/** `/readyz`: every subgraph answers its own `/readyz` (which checks its legacy system). */
export async function checkReadiness(subgraphUrls: Record<string, string>, timeoutMs = 1500): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(subgraphUrls).map(async ([name, url]) => {
      try {
        const res = await request(new URL('/readyz', url), { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
        const body = (await res.body.json()) as { checks?: unknown };
        return [name, { ready: res.statusCode === 200, detail: body.checks ?? [] }] as const;
      } catch {
        return [name, { ready: false, detail: 'unreachable' }] as const;
      }
    }),
  );
  const subgraphs = Object.fromEntries(entries);
  return { ready: entries.every(([, r]) => r.ready), subgraphs };
}
