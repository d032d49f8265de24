import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { pino, type Logger } from 'pino';
import { request } from 'undici';

/** The gateway's own metrics (a registry of its own, so tests can build several gateways). */
export function createGatewayMetrics() {
  const registry = new Registry();
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
