import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { assertNever } from '../../common/assert-never.js';

/**
 * The common machinery of every legacy simulator: latency with jitter, injectable faults,
 * call counters, an optional rate limit, and the two control endpoints.
 *
 *   POST /__control  {"fault": "none"|"down"|"hang"|"slow"|"error500"|"malformed"|"ratelimit", "latencyMs"?: n}
 *   GET  /__stats    → {"calls": n, "codes": n, "rateLimited": n, "distinctCodes": n, "repeatedCodes": n}
 *                      (since start or the last reset; see `SimulatorStats`)
 *   POST /__stats/reset
 *
 * A department's simulator only supplies `handle` (its protocol) and `malformed` (what a
 * broken answer of its protocol looks like).
 */

/**
 * The faults a simulator can play: the seven, plus two that real systems show too —
 * `hang-body` (headers sent, then no body) and `wrongtype` (HTTP 200 with an HTML login page).
 */
export const FAULTS = ['none', 'down', 'hang', 'slow', 'error500', 'malformed', 'ratelimit', 'hang-body', 'wrongtype'] as const;
export type Fault = (typeof FAULTS)[number];

const controlSchema = z.strictObject({
  fault: z.enum(FAULTS).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
});

export interface SimRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
  /** How many enterprise codes this call asked for (for `/__stats`). */
  codes: number;
  /**
   * Which codes this call looked up, where the protocol says (for `distinctCodes`/`repeatedCodes`):
   * a successful lookup's codes; a paged system names the code on its first page only, the later
   * pages being the same lookup.
   */
  asked?: readonly string[];
}

/** A simulator's call counters since start or the last reset. */
export interface SimulatorStats {
  /** Calls received (every call, refused or not). */
  calls: number;
  /** Enterprise codes the calls asked for. */
  codes: number;
}

/** What the calls since start or the last reset looked up, and how many the rate limit refused. */
export interface SimulatorLookups {
  /** Calls answered 429 because they came past the rate limit (not the `ratelimit` fault). */
  rateLimited: number;
  /** Codes looked up at least once (protocols that name them: see `SimResponse.asked`). */
  distinctCodes: number;
  /** Lookups of a code already looked up since the reset: a cache or single-flight that held would make this 0. */
  repeatedCodes: number;
}

export interface SimulatorOptions {
  /** Department name, used in logs and error bodies. */
  name: string;
  /** Base latency per call in ms. Default 0. */
  latencyMs?: number;
  /** Relative jitter (0.1 = ±10 %). Default 0.1. */
  jitter?: number;
  /** Calls per second before the simulator answers 429 with `Retry-After`. Default: unlimited. */
  rateLimitPerSecond?: number;
  /** Latency used by the "slow" fault when none is given. Default 5000 ms. */
  slowLatencyMs?: number;
  /** The department's protocol. Throwing answers 500. */
  handle(req: SimRequest): Promise<SimResponse> | SimResponse;
  /** A broken answer in this department's format (truncated XML, garbage CSV, …). */
  malformed(req: SimRequest): SimResponse;
}

export interface Simulator {
  readonly server: http.Server;
  /** Listen on 127.0.0.1 by default; resolves to the base URL, e.g. `http://127.0.0.1:4102`. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** Counters since start or last reset. */
  stats(): SimulatorStats;
  /** Lookups and rate-limit refusals since start or last reset. */
  lookups(): SimulatorLookups;
  /** Calls received and not yet answered or abandoned by the caller. */
  pending(): number;
  resetStats(): void;
  setFault(fault: Fault, latencyMs?: number): void;
}

export function createSimulator(options: SimulatorOptions): Simulator {
  let fault: Fault = 'none';
  let latencyMs = options.latencyMs ?? 0;
  let slowLatencyMs = options.slowLatencyMs ?? 5000;
  const jitter = options.jitter ?? 0.1;
  let calls = 0;
  let codes = 0;
  let rateLimited = 0;
  let repeatedCodes = 0;
  const lookedUp = new Set<string>();
  let inProgress = 0;
  const resetStats = () => {
    calls = 0;
    codes = 0;
    rateLimited = 0;
    repeatedCodes = 0;
    lookedUp.clear();
  };
  const lookups = (): SimulatorLookups => ({ rateLimited, distinctCodes: lookedUp.size, repeatedCodes });
  const hanging = new Set<http.ServerResponse>();
  // Fixed one-second window: simple, and what the departments' gateways actually do.
  let windowStart = 0;
  let windowCount = 0;

  const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  const jittered = (base: number) => (base <= 0 ? 0 : base * (1 + (Math.random() * 2 - 1) * jitter));

  const send = (res: http.ServerResponse, r: SimResponse) => {
    for (const code of r.asked ?? []) {
      if (lookedUp.has(code)) repeatedCodes++;
      else lookedUp.add(code);
    }
    if (res.destroyed) return;
    res.writeHead(r.status, r.headers ?? {});
    res.end(r.body);
  };

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void serve(req, res, Buffer.concat(chunks)).catch((err: unknown) => {
        if (!res.headersSent) json(res, 500, { error: `${options.name} simulator failure`, detail: String(err) });
        else res.destroy();
      });
    });
  });
  server.keepAliveTimeout = 30_000;

  async function serve(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname === '/__control' && req.method === 'POST') {
      let parsed;
      try {
        parsed = controlSchema.safeParse(JSON.parse(body.toString('utf8') || '{}'));
      } catch {
        return json(res, 400, { error: 'body is not JSON' });
      }
      if (!parsed.success) return json(res, 400, { error: z.prettifyError(parsed.error) });
      if (parsed.data.fault) fault = parsed.data.fault;
      if (parsed.data.latencyMs !== undefined) {
        if (fault === 'slow' && parsed.data.fault === 'slow') slowLatencyMs = parsed.data.latencyMs;
        else latencyMs = parsed.data.latencyMs;
      }
      if (fault !== 'hang' && fault !== 'hang-body') releaseHanging();
      return json(res, 200, { fault, latencyMs, slowLatencyMs });
    }
    if (url.pathname === '/__stats' && req.method === 'GET') return json(res, 200, { calls, codes, ...lookups() });
    if (url.pathname === '/__stats/reset' && req.method === 'POST') {
      resetStats();
      return json(res, 200, { calls, codes, ...lookups() });
    }

    calls++;
    inProgress++;
    let counted = true;
    const done = () => {
      if (counted) {
        counted = false;
        inProgress--;
      }
    };
    res.on('close', done);
    const simReq: SimRequest = { method: req.method ?? 'GET', url, headers: req.headers, body };
    switch (fault) {
      case 'down':
        // A dead upstream: the connection is closed without an answer.
        req.socket.destroy();
        return;
      case 'hang':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      case 'error500':
        await delay(jittered(latencyMs));
        return send(res, {
          status: 500,
          headers: { 'content-type': 'text/html' },
          body: `<html><body><h1>500 Internal Server Error</h1><pre>java.lang.NullPointerException\n\tat gov.${options.name}.CreditService.query(CreditService.java:217)\n\tat jdbc:oracle:thin:@10.12.3.4:1521/CREDIT</pre></body></html>`,
          codes: 0,
        });
      case 'hang-body':
        // Headers sent, then nothing: only a body timeout ends this.
        res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
        res.write(' ');
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      case 'wrongtype':
        await delay(jittered(latencyMs));
        return send(res, {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: '<!DOCTYPE html><html><head><title>统一身份认证</title></head><body>会话已过期，请重新登录</body></html>',
          codes: 0,
        });
      case 'ratelimit':
        return send(res, { status: 429, headers: { 'retry-after': '1', 'content-type': 'text/plain' }, body: 'Too Many Requests', codes: 0 });
      case 'malformed': {
        await delay(jittered(latencyMs));
        const r = options.malformed(simReq);
        codes += r.codes;
        return send(res, r);
      }
      case 'slow':
      case 'none':
        break;
      default: {
        return assertNever(fault);
      }
    }
    if (options.rateLimitPerSecond !== undefined) {
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        windowCount = 0;
      }
      if (++windowCount > options.rateLimitPerSecond) {
        const retryAfter = Math.max(1, Math.ceil((windowStart + 1000 - now) / 1000));
        rateLimited++;
        return send(res, {
          status: 429,
          headers: { 'retry-after': String(retryAfter), 'content-type': 'text/plain' },
          body: 'Too Many Requests',
          codes: 0,
        });
      }
    }
    await delay(jittered(fault === 'slow' ? slowLatencyMs : latencyMs));
    const r = await options.handle(simReq);
    codes += r.codes;
    send(res, r);
  }

  function releaseHanging() {
    for (const res of hanging) res.destroy();
    hanging.clear();
  }

  return {
    server,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const a = server.address() as AddressInfo;
          resolve(`http://${host}:${a.port}`);
        });
      });
    },
    close() {
      releaseHanging();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
    stats: () => ({ calls, codes }),
    lookups,
    pending: () => inProgress,
    resetStats,
    setFault(f, ms) {
      fault = f;
      if (ms !== undefined) {
        if (f === 'slow') slowLatencyMs = ms;
        else latencyMs = ms;
      }
      if (f !== 'hang' && f !== 'hang-body') releaseHanging();
    },
  };
}
