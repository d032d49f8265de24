import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import {
  LegacyBadResponseError,
  LegacyRateLimitedError,
  LegacyTimeoutError,
  LegacyUnavailableError,
  type LegacyError,
} from './legacy-errors.js';

export interface LegacyDispatcherOptions {
  /** TCP connect timeout. Default 1000 ms. */
  connectTimeoutMs?: number;
  /** Time to the response headers. Default 5000 ms. */
  headersTimeoutMs?: number;
  /** Time between body chunks. Default 5000 ms. */
  bodyTimeoutMs?: number;
  /** Keep-alive connections per origin. Default 32. */
  connections?: number;
}

/** A keep-alive undici Agent with explicit timeouts, one per legacy system. */
export function createLegacyDispatcher(o: LegacyDispatcherOptions = {}): Dispatcher {
  return new Agent({
    connect: { timeout: o.connectTimeoutMs ?? 1000 },
    headersTimeout: o.headersTimeoutMs ?? 5000,
    bodyTimeout: o.bodyTimeoutMs ?? 5000,
    connections: o.connections ?? 32,
    keepAliveTimeout: 10_000,
    pipelining: 1,
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

/**
 * One HTTP exchange with a legacy system. Transport failures and non-2xx statuses become typed
 * errors; the caller parses `body` with its zod model. The URL never enters an error message.
 */
export async function legacyRequest(dispatcher: Dispatcher, call: LegacyCall, system: string): Promise<LegacyAnswer> {
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
  if (res.statusCode >= 500) throw new LegacyUnavailableError(`${system} answered HTTP ${res.statusCode}`);
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
  return new LegacyUnavailableError(`${system} could not be reached`, { cause: err });
}
