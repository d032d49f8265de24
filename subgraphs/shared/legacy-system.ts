import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import { currentRequestScope } from './request-scope.js';
import type { SubgraphMetrics } from './metrics.js';
import { legacyReadiness, type Readiness } from './readiness.js';
import { LegacyResilience, type BreakerState, type ResilienceOptions } from './legacy-resilience.js';
import { LegacyBadResponseError, LegacyError, LegacyRateLimitedError, LegacyTimeoutError, LegacyUnavailableError } from './legacy-errors.js';

/** How a legacy system is reached: timeouts, connections and resilience. */
export interface LegacySystemOptions {
  /** Name of the legacy system, for messages, metrics and readiness (`tax legacy system`). */
  name: string;
  /** Its base URL (the readiness probe asks its origin). */
  url: string;
  /** The service's metrics: calls, latency and breaker state are counted there. */
  metrics: SubgraphMetrics;
  /**
   * The undici dispatcher to send through. Default: a keep-alive Agent built from the timeouts
   * below, owned (and closed) by the system. An injected dispatcher is left for its owner to close.
   */
  dispatcher?: Dispatcher;
  /** TCP connect timeout. Default 1000 ms. */
  connectTimeoutMs?: number;
  /** Time to the response headers. Default 5000 ms. */
  headersTimeoutMs?: number;
  /** Time between body chunks. Default 5000 ms. */
  bodyTimeoutMs?: number;
  /** Keep-alive connections per origin. Default 32 (also the bulkhead's limit). */
  connections?: number;
  /** Retry, circuit breaker and bulkhead settings (see `ResilienceOptions`). */
  resilience?: ResilienceOptions;
  /**
   * How long a readiness probe's answer stands for the next `/readyz` (probes meanwhile share it).
   * Default 0: every `/readyz` asks. A system that counts every call against a rate limit (courts)
   * wants a floor: each probe is a call it counts, and health checks from every gateway and load
   * balancer every 250 ms, times the replicas, would spend the margin its budget keeps. An open
   * circuit breaker is reported at once whatever this says.
   */
  readinessProbeEveryMs?: number;
}

/**
 * One department's legacy system as this process reaches it: its dispatcher, its circuit breaker
 * and bulkhead, its metrics, its readiness — one object, passed explicitly to the protocol client.
 */
export interface LegacySystem {
  readonly name: string;
  readonly url: string;
  /** One HTTP exchange through the system's policies (see `legacyRequest`). */
  request(call: LegacyCall): Promise<LegacyAnswer>;
  /** The circuit breaker's state. */
  readonly state: BreakerState;
  /** Whether the system can be reached (for `/readyz`). */
  readiness(): Promise<Readiness>;
  /** Close the dispatcher if the system owns it. */
  close(): Promise<void>;
}

export function createLegacySystem(o: LegacySystemOptions): LegacySystem {
  const connections = o.connections ?? 32;
  const owned = o.dispatcher === undefined;
  const dispatcher =
    o.dispatcher ??
    new Agent({
      connect: { timeout: o.connectTimeoutMs ?? 1000 },
      headersTimeout: o.headersTimeoutMs ?? 5000,
      bodyTimeout: o.bodyTimeoutMs ?? 5000,
      connections,
      keepAliveTimeout: 10_000,
      pipelining: 1,
    });
  const policy = new LegacyResilience(o.name, { maxConcurrent: connections, ...o.resilience });
  const probeEveryMs = o.readinessProbeEveryMs ?? 0;
  let lastProbe: { at: number; result: Readiness } | null = null;
  let probing: Promise<Readiness> | null = null;
  const readiness = (): Promise<Readiness> => {
    if (probeEveryMs <= 0 || policy.state === 'open' || policy.state === 'isolated') return legacyReadiness(o.url, o.name, policy.state);
    if (lastProbe && performance.now() - lastProbe.at < probeEveryMs) return Promise.resolve(lastProbe.result);
    probing ??= legacyReadiness(o.url, o.name, policy.state)
      .then((result) => {
        lastProbe = { at: performance.now(), result };
        return result;
      })
      .finally(() => {
        probing = null;
      });
    return probing;
  };
  const system: LegacySystem = {
    name: o.name,
    url: o.url,
    request: (call) => legacyRequest({ dispatcher, policy, metrics: o.metrics, name: o.name }, call),
    get state() {
      return policy.state;
    },
    readiness: () => readiness(),
    close: async () => {
      if (owned) await dispatcher.close();
    },
  };
  o.metrics.watchBreaker(system);
  return system;
}

/**
 * A department's legacy system from its configuration: the configured timeouts and connections,
 * the breaker settings, and the system's name for messages and metrics.
 */
export function legacySystemFor(
  legacy: { url: string; connectTimeoutMs: number; timeoutMs: number; connections: number; breakerThreshold: number; breakerHalfOpenMs: number },
  o: {
    name: string;
    metrics: SubgraphMetrics;
    dispatcher?: Dispatcher;
    resilience?: Omit<ResilienceOptions, 'breakerThreshold' | 'breakerHalfOpenAfterMs'>;
    readinessProbeEveryMs?: number;
  },
): LegacySystem {
  return createLegacySystem({
    name: o.name,
    url: legacy.url,
    metrics: o.metrics,
    dispatcher: o.dispatcher,
    connectTimeoutMs: legacy.connectTimeoutMs,
    headersTimeoutMs: legacy.timeoutMs,
    bodyTimeoutMs: legacy.timeoutMs,
    connections: legacy.connections,
    resilience: { breakerThreshold: legacy.breakerThreshold, breakerHalfOpenAfterMs: legacy.breakerHalfOpenMs, ...o.resilience },
    readinessProbeEveryMs: o.readinessProbeEveryMs,
  });
}

export interface LegacyCall {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Abort after this many ms (the request's remaining deadline). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface LegacyAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Time below which a retry is not worth starting. */
const MIN_USEFUL_MS = 50;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * One HTTP exchange with a legacy system. Transport failures and non-2xx statuses become typed
 * errors; the caller parses `body` with its zod model. The URL never enters an error message.
 *
 * The call never outlasts the request it serves: its time is the smaller of `call.timeoutMs` and
 * what is left of the gateway's deadline, and it is abandoned when the gateway stops waiting. It
 * runs through the system's circuit breaker and bulkhead, and a transient failure (connection
 * reset, 502/503/504, 429 honouring `Retry-After`) is retried once, with jitter, when the retry
 * still fits in that time.
 */
interface Channel {
  dispatcher: Dispatcher;
  policy: LegacyResilience;
  metrics: SubgraphMetrics;
  name: string;
}

async function legacyRequest(channel: Channel, call: LegacyCall): Promise<LegacyAnswer> {
  const { policy, name: system } = channel;
  const scope = currentRequestScope();
  const startedAt = Date.now();
  const budgets = [call.timeoutMs, scope?.deadlineAt !== undefined ? scope.deadlineAt - startedAt : undefined].filter(
    (x): x is number => x !== undefined,
  );
  const budget = budgets.length ? Math.min(...budgets) : undefined;
  if (budget !== undefined && budget <= 0) throw new LegacyTimeoutError(`${system}: no time left in the request's deadline`);
  const signal = scope?.signal && call.signal ? AbortSignal.any([scope.signal, call.signal]) : (scope?.signal ?? call.signal);
  const attempt = (timeoutMs: number | undefined) => {
    // Cut short by the request's deadline (or abandoned by the client) rather than by the system's
    // own timeout: such a timeout is not the system's fault and must not count for the breaker.
    const cut = timeoutMs !== undefined && (call.timeoutMs === undefined || timeoutMs < call.timeoutMs);
    const once = () =>
      exchange(channel, { ...call, timeoutMs, signal }).catch((err: unknown) => {
        if (err instanceof LegacyTimeoutError && (signal?.aborted || cut)) {
          throw new LegacyTimeoutError(err.message, { cause: err, systemFault: false });
        }
        throw err;
      });
    return policy.execute(once);
  };
  try {
    return await attempt(budget);
  } catch (err) {
    if (!policy.retryable(err)) throw err;
    const wait =
      err instanceof LegacyRateLimitedError && err.retryAfterMs !== undefined ? err.retryAfterMs + Math.random() * 50 : 25 + Math.random() * 75;
    const left = budget === undefined ? Infinity : budget - (Date.now() - startedAt) - wait;
    if (left < MIN_USEFUL_MS || signal?.aborted) throw err;
    await sleep(wait);
    return attempt(Number.isFinite(left) ? Math.floor(left) : undefined);
  }
}

/** One attempt, counted in the service's metrics under the system's name. */
async function exchange(channel: Channel, call: LegacyCall): Promise<LegacyAnswer> {
  const { metrics, name } = channel;
  const end = metrics.legacyCallSeconds.startTimer({ system: name });
  try {
    const answer = await exchangeOnce(channel.dispatcher, call, name);
    metrics.legacyCalls.inc({ system: name, outcome: 'ok' });
    return answer;
  } catch (err) {
    metrics.legacyCalls.inc({ system: name, outcome: err instanceof LegacyError ? err.code : 'error' });
    throw err;
  } finally {
    end();
  }
}

async function exchangeOnce(dispatcher: Dispatcher, call: LegacyCall, system: string): Promise<LegacyAnswer> {
  const signals: AbortSignal[] = [];
  if (call.signal) signals.push(call.signal);
  if (call.timeoutMs !== undefined) signals.push(AbortSignal.timeout(call.timeoutMs));
  let res: Dispatcher.ResponseData;
  try {
    res = await dispatcher.request({
      origin: new URL(call.url).origin,
      path: new URL(call.url).pathname + new URL(call.url).search,
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal: signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals),
    });
  } catch (err) {
    throw transportError(err, system);
  }
  let body: Buffer;
  try {
    body = Buffer.from(await res.body.arrayBuffer());
  } catch (err) {
    throw transportError(err, system);
  }
  if (res.statusCode === 429) {
    throw new LegacyRateLimitedError(`${system} rate limit reached`, parseRetryAfter(res.headers['retry-after']));
  }
  if (res.statusCode >= 500) {
    throw new LegacyUnavailableError(`${system} answered HTTP ${res.statusCode}`, { transient: [502, 503, 504].includes(res.statusCode) });
  }
  if (res.statusCode < 200 || res.statusCode >= 300) {
    throw new LegacyBadResponseError(`${system} answered HTTP ${res.statusCode}`);
  }
  return { status: res.statusCode, headers: res.headers, body };
}

function parseRetryAfter(v: string | string[] | undefined): number | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  const secs = Number(s);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const when = Date.parse(s);
  return Number.isNaN(when) ? undefined : Math.max(0, when - Date.now());
}

function transportError(err: unknown, system: string): LegacyError {
  const e = err as { name?: string; code?: string } | undefined;
  if (
    err instanceof undiciErrors.ConnectTimeoutError ||
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.BodyTimeoutError ||
    e?.name === 'TimeoutError'
  ) {
    return new LegacyTimeoutError(`${system} did not answer in time`, { cause: err });
  }
  if (e?.name === 'AbortError' || err instanceof undiciErrors.RequestAbortedError) {
    return new LegacyTimeoutError(`${system} call was aborted`, { cause: err });
  }
  // A reset or a socket closed under us may be a stale keep-alive connection: worth one retry.
  const code = (err as { code?: string } | undefined)?.code;
  const transient = code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
  return new LegacyUnavailableError(`${system} could not be reached`, { cause: err, transient });
}
