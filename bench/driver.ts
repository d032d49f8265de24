/**
 * The load driver: a separate process (forked by the bench with an IPC channel) so that the load
 * generator's own work is not done inside the bench's process. It runs autocannon for load
 * scenarios and times single requests (the bidders checks) with fetch, both over loopback only.
 */
import autocannon from 'autocannon';
import type { Envelope, LoadCommand, LoadResult, Reply, SingleCommand, SingleResult, StopResult } from './protocol.js';

/** Loads under way, so that a `stop` command can end them before their duration is up. */
const running = new Set<{ stop(): void }>();

function assertLoopback(url: string) {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') throw new Error(`refusing to load a non-loopback address: ${host}`);
}

async function load(c: LoadCommand): Promise<LoadResult> {
  assertLoopback(c.url);
  if (c.bodies.length === 0) throw new Error('no request bodies');
  // One counter for every connection, so that concurrent clients never send the same code at once.
  let next = 0;
  let graphqlErrors = 0;
  let incomplete = 0;
  let noVerdict = 0;
  const badSamples = new Map<string, string>();
  const bad = (kind: string, body: string) => {
    if (!badSamples.has(kind)) badSamples.set(kind, body.slice(0, 600));
    return false;
  };
  const u = new URL(c.url);
  const instance = autocannon({
    url: u.origin,
    connections: c.connections,
    duration: c.durationSec,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: u.pathname,
        headers: { ...c.headers, 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: c.bodies[next++ % c.bodies.length]! }),
      },
    ],
    // Called for every answer: a 200 with a GraphQL error or an INCOMPLETE verdict is not a success.
    verifyBody: (body) => {
      if (body.includes('"errors"')) {
        graphqlErrors++;
        return bad('errors', body);
      }
      if (body.includes('"verdict":"INCOMPLETE"')) {
        incomplete++;
        return bad('incomplete', body);
      }
      if (!body.includes('"verdict"')) {
        noVerdict++;
        return bad('noVerdict', body);
      }
      return true;
    },
  });
  running.add(instance);
  let r: Awaited<typeof instance>;
  try {
    r = await instance;
  } finally {
    running.delete(instance);
  }
  return {
    durationSec: r.duration,
    connections: c.connections,
    requests: r.requests.total,
    rps: r.requests.average,
    latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.mean },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    graphqlErrors,
    incomplete,
    noVerdict,
    badSamples: [...badSamples.entries()].map(([k, v]) => `${k}: ${v}`),
  };
}

interface CheckShape {
  creditCheck?: { verdict?: string } | null;
}

async function single(c: SingleCommand): Promise<SingleResult> {
  assertLoopback(c.url);
  const started = performance.now();
  const res = await fetch(c.url, {
    method: 'POST',
    headers: { ...c.headers, 'content-type': 'application/json' },
    body: c.body,
    signal: AbortSignal.timeout(c.timeoutMs),
  });
  const text = await res.text();
  const latencyMs = performance.now() - started;
  let parsed: { data?: { enterprise?: CheckShape | null; enterprises?: (CheckShape | null)[] } | null; errors?: { message: string }[] } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return { status: res.status, latencyMs, bytes: text.length, results: 0, verdicts: {}, errors: 1, firstError: `not JSON: ${text.slice(0, 200)}` };
  }
  const list = parsed.data?.enterprises ?? (parsed.data?.enterprise !== undefined ? [parsed.data.enterprise] : []);
  const verdicts: Record<string, number> = {};
  for (const e of list) {
    const v = e?.creditCheck?.verdict ?? 'NONE';
    verdicts[v] = (verdicts[v] ?? 0) + 1;
  }
  return {
    status: res.status,
    latencyMs,
    bytes: Buffer.byteLength(text),
    results: list.length,
    verdicts,
    errors: parsed.errors?.length ?? 0,
    firstError: parsed.errors?.[0]?.message,
    data: parsed.data,
  };
}

function stop(): Promise<StopResult> {
  const stopped = running.size;
  for (const instance of running) instance.stop();
  return Promise.resolve({ stopped });
}

process.on('message', (m: Envelope) => {
  const c = m.command;
  const run = c.kind === 'load' ? load(c) : c.kind === 'single' ? single(c) : stop();
  run.then(
    (result) => process.send!({ id: m.id, ok: true, result } satisfies Reply),
    (err: unknown) => process.send!({ id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies Reply),
  );
});
// The bench going away closes the channel: leave with it.
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
