/**
 * A subgraph given as several replicas: requests spread over them, a failure before any answer is
 * sent to another replica (any operation when nothing was sent, only a read when it may have run),
 * each attempt signed with its own nonce, a replica that failed passed over for a while, and — when
 * every replica fails — the one answer a single replica would have given. Real HTTP servers on
 * loopback; counts, never durations (the cooldown runs on an injected clock).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { createMemoryNonceStore, SIGNATURE_HEADER, verifyRequest } from '../common/http/index.js';
import { SubgraphDataSource, type ReplicaAttempt, type RequestLimits } from './subgraph-data-source.js';

const SECRET = 's'.repeat(32);
type Behaviour = 'answer' | 'reset' | 'http-502' | 'http-503' | 'http-500' | 'hold' | 'silent';

interface Replica {
  url: string;
  behaviour: Behaviour;
  /** Requests it received (whole bodies), with their signature headers. */
  received: { body: string; signature: string }[];
  /** Resolves the next time it receives a request. */
  nextRequest(): Promise<void>;
  /** Answer every held request now. */
  release(): void;
  close(): Promise<void>;
}

const open: { close(): Promise<void> }[] = [];
const sources: SubgraphDataSource[] = [];
afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.close()));
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A replica on an ephemeral loopback port that answers `{ data: { who: <name> } }` or fails as told. */
async function replica(name: string, behaviour: Behaviour = 'answer'): Promise<Replica> {
  const held: (() => void)[] = [];
  const waiting: (() => void)[] = [];
  const r: Replica = {
    url: '',
    behaviour,
    received: [],
    nextRequest: () => new Promise<void>((resolve) => waiting.push(resolve)),
    release: () => held.splice(0).forEach((f) => f()),
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      r.received.push({ body: Buffer.concat(chunks).toString(), signature: String(req.headers[SIGNATURE_HEADER]) });
      waiting.splice(0).forEach((f) => f());
      const answer = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { who: name } }));
      };
      switch (r.behaviour) {
        case 'answer':
          return answer();
        case 'hold':
          return void held.push(answer);
        case 'reset':
          // Killed mid-request: the request arrived (and may have run), no answer comes.
          return void req.socket.destroy();
        case 'http-502':
        case 'http-503':
        case 'http-500':
          res.writeHead(Number(r.behaviour.slice(5)), { 'content-type': 'text/html' });
          return void res.end('<html><body>Bad Gateway</body></html>');
        case 'silent':
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  r.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  open.push(r);
  return r;
}

/** A URL whose port refuses connections (a replica that is down). */
async function refusing(): Promise<string> {
  const r = await replica('gone');
  await r.close();
  return r.url;
}

function source(urls: string[], extra: { timeoutMs?: number; clock?: () => number; cooldownMs?: number } = {}) {
  const attempts: ReplicaAttempt[] = [];
  const ds = new SubgraphDataSource({
    name: 'pricing',
    url: urls,
    timeoutMs: extra.timeoutMs ?? 2000,
    sharedSecret: SECRET,
    clock: extra.clock,
    replicaCooldownMs: extra.cooldownMs ?? 60_000,
    // The first request to the first replica, so that the order of the turns is known.
    firstReplica: 0,
    onAttempt: (a) => attempts.push(a),
  });
  sources.push(ds);
  return { ds, attempts };
}

function request(operation: 'query' | 'mutation' = 'query', context: RequestLimits = {}) {
  const query = operation === 'query' ? '{ who }' : 'mutation { who }';
  return { request: { query, variables: {} }, document: parse(query), context } as unknown as GraphQLDataSourceProcessOptions;
}

const outcomes = (attempts: ReplicaAttempt[], url: string) => attempts.filter((a) => a.replica === url).map((a) => a.outcome);

describe('SubgraphDataSource with replicas', () => {
  it('requests one after another take the replicas in turn', async () => {
    const rs = await Promise.all(['a', 'b', 'c'].map((n) => replica(n)));
    const { ds } = source(rs.map((r) => r.url));
    const who: string[] = [];
    for (let i = 0; i < 30; i++) who.push(((await ds.process(request())).data as { who: string }).who);
    expect(rs.map((r) => r.received.length)).toEqual([10, 10, 10]);
    expect(who.slice(0, 6)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('a replica with a request in flight is passed by while another has none', async () => {
    const [slow, quick] = await Promise.all([replica('slow', 'hold'), replica('quick')]);
    const { ds } = source([slow.url, quick.url]);
    const arrived = slow.nextRequest();
    const first = ds.process(request());
    await arrived;
    // Four more while the slow one holds the first: each goes to the one with nothing in flight.
    for (let i = 0; i < 4; i++) expect((await ds.process(request())).data).toEqual({ who: 'quick' });
    slow.release();
    expect((await first).data).toEqual({ who: 'slow' });
    expect([slow.received.length, quick.received.length]).toEqual([1, 4]);
  });

  it('a refused connection goes to another replica; the refusing one is passed over until its cooldown ends', async () => {
    let now = 1_000_000;
    const dead = await refusing();
    const live = await replica('live');
    const { ds, attempts } = source([dead, live.url], { clock: () => now, cooldownMs: 5000 });
    for (let i = 0; i < 10; i++) {
      const r = await ds.process(request());
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual({ who: 'live' });
    }
    expect(live.received).toHaveLength(10);
    // Tried once, then passed over: no request waits on a replica known to be down.
    expect(outcomes(attempts, dead)).toEqual(['retried']);
    expect(ds.replicaStates()).toEqual([
      { url: dead, inFlight: 0, skipped: true },
      { url: live.url, inFlight: 0, skipped: false },
    ]);
    // Once the cooldown is over it is tried again (and, still down, passed over again).
    now += 5001;
    for (let i = 0; i < 4; i++) expect((await ds.process(request())).data).toEqual({ who: 'live' });
    expect(outcomes(attempts, dead)).toEqual(['retried', 'retried']);
    expect(live.received).toHaveLength(14);
  });

  it('a refused connection is retried for a mutation too: nothing was sent', async () => {
    const dead = await refusing();
    const live = await replica('live');
    const { ds, attempts } = source([dead, live.url]);
    const r = await ds.process(request('mutation'));
    expect(r.data).toEqual({ who: 'live' });
    expect(outcomes(attempts, dead)).toEqual(['retried']);
  });

  it.each([
    ['reset', 'unreachable'],
    ['http-502', 'answered HTTP 502'],
    ['http-503', 'answered HTTP 503'],
  ] as const)('%s after the request arrived: a read goes to another replica, a mutation does not', async (behaviour, message) => {
    const broken = await replica('broken', behaviour);
    const live = await replica('live');
    // The read: answered by the live replica.
    const read = source([broken.url, live.url]);
    const r = await read.ds.process(request('query'));
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ who: 'live' });
    expect(outcomes(read.attempts, broken.url)).toEqual(['retried']);
    expect(outcomes(read.attempts, live.url)).toEqual(['answered']);
    // The mutation may have run on the broken replica: it is never run a second time.
    const write = source([broken.url, live.url]);
    const before = live.received.length;
    const w = await write.ds.process(request('mutation'));
    expect(live.received.length).toBe(before);
    expect(outcomes(write.attempts, broken.url)).toEqual(['failed']);
    expect(w.data).toEqual({ who: null });
    expect(w.errors).toEqual([
      {
        message: `The pricing service could not be read: ${message}.`,
        path: ['who'],
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'pricing' },
      },
    ]);
  });

  it('a retry carries a fresh signature: a shared nonce store accepts both attempts, neither is a replay', async () => {
    const broken = await replica('broken', 'reset');
    const live = await replica('live');
    const { ds } = source([broken.url, live.url]);
    expect((await ds.process(request())).data).toEqual({ who: 'live' });
    const [first] = broken.received;
    const [second] = live.received;
    // The same body both times …
    expect(second!.body).toBe(first!.body);
    expect(second!.signature).not.toBe(first!.signature);
    // … and, checked against one store as replicas sharing Redis do, the retry is not REPLAYED.
    const nonces = createMemoryNonceStore();
    expect(await verifyRequest(SECRET, first!.signature, Buffer.from(first!.body), { nonces })).toEqual({ ok: true });
    expect(await verifyRequest(SECRET, second!.signature, Buffer.from(second!.body), { nonces })).toEqual({ ok: true });
  });

  it.each([['http-500'], ['silent']] as const)('%s is the answer: not sent to another replica', async (behaviour) => {
    const bad = await replica('bad', behaviour);
    const live = await replica('live');
    const { ds, attempts } = source([bad.url, live.url], { timeoutMs: 300 });
    const r = await ds.process(request());
    expect(live.received).toHaveLength(0);
    expect(outcomes(attempts, bad.url)).toEqual(['failed']);
    expect(r.errors![0]!.extensions).toEqual({
      code: behaviour === 'silent' ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE',
      serviceName: 'pricing',
    });
    // A slow or failing subgraph answer is not the replica's fault: it is not passed over.
    expect(ds.replicaStates().every((s) => !s.skipped)).toBe(true);
  });

  it('a client that went away is not retried', async () => {
    const broken = await replica('broken', 'hold');
    const live = await replica('live');
    const { ds, attempts } = source([broken.url, live.url]);
    const controller = new AbortController();
    const arrived = broken.nextRequest();
    const pending = ds.process(request('query', { signal: controller.signal }));
    await arrived;
    controller.abort();
    const r = await pending;
    expect(r.errors![0]!.message).toBe('The pricing service could not be read: the client went away.');
    expect(live.received).toHaveLength(0);
    expect(outcomes(attempts, broken.url)).toEqual(['failed']);
    broken.release();
  });

  it('every replica failing gives exactly the answer one failing replica gives', async () => {
    const [dead1, dead2] = [await refusing(), await refusing()];
    const one = await source([dead1]).ds.process(request());
    const { ds, attempts } = source([dead1, dead2]);
    const both = await ds.process(request());
    expect(both).toEqual(one);
    expect(both.errors).toEqual([
      {
        message: 'The pricing service could not be read: unreachable.',
        path: ['who'],
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'pricing' },
      },
    ]);
    expect(attempts.map((a) => a.outcome)).toEqual(['retried', 'failed']);
    // Both passed over now; the next request still tries them (one may be back) rather than failing unasked.
    const again = await ds.process(request());
    expect(again).toEqual(one);
    expect(attempts).toHaveLength(4);
  });

  it('the same URL given twice is one replica', async () => {
    const a = await replica('a');
    const { ds } = source([a.url, a.url]);
    expect(ds.replicaStates()).toHaveLength(1);
  });
});
