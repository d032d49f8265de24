/**
 * The gateway over subgraphs given as several replicas (issue 11): requests are spread over the
 * replicas; a replica killed with SIGKILL under load loses no query — each is answered, through the
 * other replica; and a request that a replica ran before its connection broke is sent again under a
 * fresh signature, which the subgraph does not refuse as a replay. Counts only: legacy calls each
 * replica made (its own /metrics), requests the proxy saw, attempts the gateway reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SUBGRAPH_SECRET } from '../common/http/index.js';
import { startStack, type Stack } from './support/stack.js';
import { startSubgraphProcess, type SubgraphProcess } from './support/subgraph-process.js';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.js';

let stack: Stack;
/** The second courts replica, its own process (the first is the stack's, in this process). */
let courtsB: SubgraphProcess;
/** In front of the stack's tax subgraph: forwards each request, then drops the connection unanswered. */
let taxBreaking: FaultProxy;

beforeAll(async () => {
  stack = await startStack({
    datasetSize: 200,
    gatewayUrlOverride: async (name, url, { legacyUrls }) => {
      if (name === 'courts') {
        courtsB = await startSubgraphProcess('courts', {
          COURTS_LEGACY_URL: legacyUrls.courts,
          SUBGRAPH_SHARED_SECRET: DEV_SUBGRAPH_SECRET,
          // As the stack's own replica: every code is a legacy call (counted), the breaker stays shut.
          COURTS_CACHE_TTL_MS: '0',
          COURTS_BREAKER_THRESHOLD: '1000000',
        });
        return [url, courtsB.url];
      }
      if (name === 'tax') {
        taxBreaking = await startFaultProxy(url, 'reset-after-forward');
        // Both "replicas" are the one tax subgraph: the one behind the proxy has seen the first nonce.
        return [taxBreaking.url, url];
      }
      return url;
    },
  });
}, 120_000);

afterAll(async () => {
  await courtsB?.kill();
  await taxBreaking?.close();
  await stack?.stop();
});

type Section = { source: { status: string } } | null;
interface Answer {
  status: number;
  data?: { enterprise: Record<string, Section> } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

const ask = (field: 'judicial' | 'tax', uscc: string) =>
  stack.query(`query($u: String!) { enterprise(uscc: $u) { ${field} { source { status } } } }`, { u: uscc }) as Promise<Answer>;

let next = 0;
/** Codes not asked before in this file: with the cache off, each costs its replica one legacy call. */
const freshCodes = (n: number) => Array.from({ length: n }, () => stack.dataset.at(next++).uscc);

/** `credit_legacy_calls_total{system="courts legacy system",outcome="ok"}` of the replica at `url`. */
async function courtsCalls(url: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('credit_legacy_calls_total{') && l.includes('system="courts legacy system"') && l.includes('outcome="ok"'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** The gateway's attempts on one replica of a subgraph, by outcome. */
async function attempts(subgraph: string, replica: string): Promise<Record<string, number>> {
  const text = await (await fetch(new URL('/metrics', stack.gatewayUrl))).text();
  const out: Record<string, number> = {};
  for (const l of text.split('\n')) {
    if (!l.startsWith('credit_gateway_subgraph_attempts_total{') || !l.includes(`subgraph="${subgraph}"`) || !l.includes(`replica="${replica}"`))
      continue;
    out[/outcome="(\w+)"/.exec(l)![1]!] = Number(l.split(' ').at(-1));
  }
  return out;
}

const expectOk = (answers: Answer[], field: 'judicial' | 'tax') => {
  for (const a of answers) {
    expect(a.status).toBe(200);
    expect(a.errors).toBeUndefined();
    expect(a.data!.enterprise[field]!.source.status).toBe('OK');
  }
};

describe('a subgraph as two replicas', () => {
  it('requests one after another alternate between the replicas', async () => {
    const courtsA = stack.subgraphs.courts!.url;
    const before = [await courtsCalls(courtsA), await courtsCalls(courtsB.url)];
    stack.resetStats();
    const answers: Answer[] = [];
    for (const u of freshCodes(20)) answers.push(await ask('judicial', u));
    expectOk(answers, 'judicial');
    const a = (await courtsCalls(courtsA)) - before[0]!;
    const b = (await courtsCalls(courtsB.url)) - before[1]!;
    // Ten codes each, and every legacy call the courts system saw was made by one of the two.
    expect(a).toBeGreaterThan(0);
    expect(a).toBe(b);
    expect(a + b).toBe(stack.stats().courts.calls);
    expect(await attempts('courts', courtsB.url)).toEqual({ answered: 10 });
  });

  it('a request the first replica ran before its connection broke is sent again, re-signed: not refused as a replay', async () => {
    const answers: Answer[] = [];
    for (const u of freshCodes(6)) answers.push(await ask('tax', u));
    expectOk(answers, 'tax');
    // The proxy's replica was tried (then passed over for a while), and the tax subgraph ran each
    // request it forwarded — so it had accepted that signature's nonce before the retry came.
    expect(taxBreaking.requests).toBeGreaterThanOrEqual(1);
    expect(taxBreaking.upstreamStatuses).toEqual(Array(taxBreaking.requests).fill(200));
    expect(await attempts('tax', taxBreaking.url)).toEqual({ retried: taxBreaking.requests });
    expect((await attempts('tax', stack.subgraphs.tax!.url)).answered).toBe(6);
  });

  it('one replica killed with SIGKILL under load: every query is answered, by the other', async () => {
    const courtsA = stack.subgraphs.courts!.url;
    const codes = freshCodes(60);
    const answers: Answer[] = [];
    let killed: Promise<void> | undefined;
    // Four callers at a time; the replica is killed once a fifth of the answers are in, the rest still to come.
    const queue = [...codes];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let u = queue.shift(); u !== undefined; u = queue.shift()) {
          answers.push(await ask('judicial', u));
          if (answers.length === 12) killed = courtsB.kill('SIGKILL');
        }
      }),
    );
    await killed;
    expect(courtsB.running).toBe(false);
    expect(answers).toHaveLength(60);
    expectOk(answers, 'judicial');
    // The dead replica was met at least once (a broken or refused connection) and the request went on.
    expect((await attempts('courts', courtsB.url)).retried).toBeGreaterThanOrEqual(1);

    // From now on the live replica answers everything: every legacy call is its own.
    const before = await courtsCalls(courtsA);
    stack.resetStats();
    const after: Answer[] = [];
    for (const u of freshCodes(10)) after.push(await ask('judicial', u));
    expectOk(after, 'judicial');
    expect((await courtsCalls(courtsA)) - before).toBe(stack.stats().courts.calls);
    expect(stack.stats().courts.calls).toBeGreaterThanOrEqual(10);
  });
});
