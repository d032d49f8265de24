import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourtsSimulator } from '../../legacy/courts/index.js';
import { courtsProtocol } from '../../legacy/courts/courts-protocol.js';
import { DEBTOR, MANY_CASES, SIMPLE, UNKNOWN, fixtureClock, fixtureDataset, orgCodeOf } from '../../test/fixtures/legacy/courts.js';
import { createSimulator, type Simulator } from '../../legacy/sim/index.js';
import {
  LegacyBadResponseError,
  LegacyRateLimitedError,
  LegacyTimeoutError,
  LegacyUnavailableError,
  sourceStatusOf,
  createLegacySystem,
  createPerCodeLookupLoader,
  createSubgraphMetrics,
  type Lookup,
} from '../shared/index.js';
import { courtsSource } from './courts-subgraph.js';
import type { CourtsLegacyRecord } from './legacy-models.js';
import type { CourtsConfig } from './config.js';

type JudicialLookup = Lookup<CourtsLegacyRecord[]>;
import { createCourtsLegacyClient, type CourtsLegacyClient } from './legacy-client.js';

const KEY = 'courts-test-key';
const dataset = fixtureDataset();
let sim: Simulator;
let url: string;

const legacyConfig = (base: string, over: Partial<CourtsConfig['legacy']> = {}): CourtsConfig['legacy'] => ({
  url: base,
  key: KEY,
  batchSize: 1,
  timeoutMs: 3000,
  connectTimeoutMs: 500,
  connections: 32,
  breakerThreshold: 1_000_000,
  breakerHalfOpenMs: 5000,
  concurrency: 16,
  ratePerSecond: 300,
  ...over,
});

async function withClient<T>(config: CourtsConfig['legacy'], fn: (c: CourtsLegacyClient) => Promise<T>): Promise<T> {
  const legacy = createLegacySystem({
    name: 'courts legacy system',
    url: config.url,
    metrics: createSubgraphMetrics(),
    connectTimeoutMs: config.connectTimeoutMs,
    headersTimeoutMs: config.timeoutMs,
    bodyTimeoutMs: config.timeoutMs,
    resilience: { retryRateLimited: false, breakerThreshold: config.breakerThreshold },
  });
  const client = createCourtsLegacyClient(config, legacy);
  try {
    return await fn(client);
  } finally {
    await legacy.close();
  }
}

/** Look every code up through one request's loader, as the resolvers do. */
async function lookUp(config: CourtsConfig['legacy'], codes: string[]): Promise<JudicialLookup[]> {
  return withClient(config, async (client) => {
    const loader = createPerCodeLookupLoader(courtsSource(client).fetchOne, config.timeoutMs, fixtureClock);
    return Promise.all(codes.map((c) => loader.load(c)));
  });
}

const stateOf = (l: JudicialLookup) => sourceStatusOf('COURTS', l).status;

beforeAll(async () => {
  sim = createCourtsSimulator({ dataset, key: KEY, rateLimitPerSecond: 10_000 });
  url = await sim.listen(0);
});
afterAll(() => sim.close());

describe('courts legacy client', () => {
  it('reads every record of a subject in one call', async () => {
    sim.resetStats();
    const records = await withClient(legacyConfig(url), (c) => c.fetchRecords(orgCodeOf(DEBTOR), c.now() + 3000));
    expect(sim.stats()).toEqual({ calls: 1, codes: 1 });
    expect(records.map((r) => [r.type, r.caseNumber])).toEqual([
      ['DISHONEST_DEBTOR', '(2024)京0105执1234号'],
      ['DISHONEST_DEBTOR', '(2023)京0105执567号'],
      ['CONSUMPTION_RESTRICTION', '(2024)京0105执1234号'],
      ['CONSUMPTION_RESTRICTION', '(2022)京0108执88号'],
      ['ENFORCEMENT_CASE', '(2024)京0105执1234号'],
      ['ENFORCEMENT_CASE', '(2023)京0105执567号'],
    ]);
    expect(records[0]).toMatchObject({ objection: 'PENDING', legalRepresentative: '张三', obligation: '支付货款人民币350000元及利息' });
    expect(records[5]).toMatchObject({ amountYuan: 120000.5, closedOn: '2023-11-20', filedOn: '2023-02-01' });
  });

  it('follows the pages of a subject with 45 records: 3 calls', async () => {
    sim.resetStats();
    const records = await withClient(legacyConfig(url), (c) => c.fetchRecords(orgCodeOf(MANY_CASES), c.now() + 3000));
    expect(sim.stats()).toEqual({ calls: 3, codes: 3 });
    expect(records).toHaveLength(45);
    expect(records.map((r) => r.caseNumber)).toEqual(MANY_CASES.courts!.enforcementCases.map((c) => c.caseNumber));
  });

  it('makes exactly one call per distinct code; duplicates are free', async () => {
    sim.resetStats();
    const codes = SIMPLE.slice(0, 12).map(orgCodeOf);
    const lookups = await lookUp(legacyConfig(url), [...codes, codes[0]!, codes[5]!, orgCodeOf(UNKNOWN), orgCodeOf(UNKNOWN)]);
    expect(sim.stats()).toEqual({ calls: 13, codes: 13 });
    expect(lookups.map((l) => l.kind)).toEqual([...codes.map(() => 'found'), 'found', 'found', 'missing', 'missing']);
    const first = lookups[0]!;
    expect(first.kind === 'found' && first.record).toEqual([
      {
        type: 'ENFORCEMENT_CASE',
        caseNumber: '(2025)浙0106执1号',
        court: '杭州市西湖区人民法院',
        filedOn: '2025-02-03',
        amountYuan: 5000,
        closedOn: null,
        legalRepresentative: null,
      },
    ]);
  });

  it.each([
    { fault: 'down', errorClass: LegacyUnavailableError, state: 'UNAVAILABLE' },
    { fault: 'error500', errorClass: LegacyUnavailableError, state: 'UNAVAILABLE' },
    { fault: 'malformed', errorClass: LegacyBadResponseError, state: 'BAD_RESPONSE' },
    { fault: 'ratelimit', errorClass: LegacyRateLimitedError, state: 'RATE_LIMITED' },
    { fault: 'hang', errorClass: LegacyTimeoutError, state: 'TIMEOUT' },
  ] as const)('fault $fault → $errorClass.name / $state', async ({ fault, errorClass, state }) => {
    // 'ratelimit' answers Retry-After: 1 s, longer than this deadline: no retry, no wait.
    const config = legacyConfig(url, { timeoutMs: 300 });
    sim.setFault(fault);
    try {
      sim.resetStats();
      const err = await withClient(config, (c) => c.fetchRecords(orgCodeOf(DEBTOR), c.now() + config.timeoutMs)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(errorClass);
      expect((err as Error).message).not.toContain('127.0.0.1');
      // A closed connection may be a stale keep-alive socket: it is retried once, within the deadline.
      expect(sim.stats().calls).toBe(fault === 'down' ? 2 : 1);
      const [lookup] = await lookUp(config, [orgCodeOf(DEBTOR)]);
      expect(stateOf(lookup!)).toBe(state);
    } finally {
      sim.setFault('none');
    }
  });

  it('rejects both kinds of malformed answer', async () => {
    sim.setFault('malformed');
    try {
      const [a, b] = await lookUp(legacyConfig(url, { concurrency: 1 }), [orgCodeOf(DEBTOR), orgCodeOf(MANY_CASES)]);
      expect([a, b].map((l) => l!.kind === 'failed' && l!.error.message).sort()).toEqual([
        'courts legacy system answered in an unexpected shape',
        'courts legacy system answered with invalid JSON',
      ]);
    } finally {
      sim.setFault('none');
    }
  });

  it('treats a refused key as a failure, never as "not found"', async () => {
    const [lookup] = await lookUp(legacyConfig(url, { key: 'wrong-key' }), [orgCodeOf(DEBTOR)]);
    expect(lookup).toMatchObject({ kind: 'failed', error: { code: 'LEGACY_BAD_RESPONSE', message: 'courts legacy system answered HTTP 401' } });
  });
});

describe('courts legacy client against the system rate limit (5 calls/s)', () => {
  let limited: Simulator;
  const codes = SIMPLE.slice(0, 12).map(orgCodeOf);

  beforeAll(() => {
    limited = createCourtsSimulator({ dataset, key: KEY, rateLimitPerSecond: 5 });
  });

  it('answers all 12 codes after backing off, within a generous deadline', async () => {
    const base = await limited.listen(0);
    try {
      const lookups = await lookUp(legacyConfig(base, { timeoutMs: 8000 }), codes);
      expect(lookups.map((l) => l.kind)).toEqual(codes.map(() => 'found'));
      const { calls, codes: served } = limited.stats();
      expect(served).toBe(12);
      // 5 served in the first second; the 7 refused were retried after Retry-After.
      expect(calls).toBeGreaterThanOrEqual(19);
    } finally {
      await limited.close();
    }
  });

  it('gives RATE_LIMITED for the codes it could not retry before a short deadline', async () => {
    const again = createCourtsSimulator({ dataset, key: KEY, rateLimitPerSecond: 5 });
    const base = await again.listen(0);
    try {
      const lookups = await lookUp(legacyConfig(base, { timeoutMs: 600 }), codes);
      const states = lookups.map(stateOf);
      expect(states.filter((s) => s === 'OK')).toHaveLength(5);
      expect(states.filter((s) => s === 'RATE_LIMITED')).toHaveLength(7);
      // Retry-After (1 s) is past the deadline: the refused calls are not retried.
      expect(again.stats()).toEqual({ calls: 12, codes: 5 });
    } finally {
      await again.close();
    }
  });
});

describe('courts legacy client rate (client side)', () => {
  it('spends only the tokens the bucket has before the deadline, and refuses the rest at once', async () => {
    sim.resetStats();
    // 5 calls/s with a burst of 1: calls may start at 0, 200 and 400 ms; the 600 ms deadline stops the 4th.
    const codes = SIMPLE.slice(0, 12).map(orgCodeOf);
    const lookups = await lookUp(legacyConfig(url, { ratePerSecond: 5, timeoutMs: 600 }), codes);
    expect(lookups.map(stateOf)).toEqual([...Array(3).fill('OK'), ...Array(9).fill('RATE_LIMITED')]);
    expect(sim.stats()).toEqual({ calls: 3, codes: 3 });
  });
});

describe('courts legacy client concurrency', () => {
  it('never has more than COURTS_LEGACY_CONCURRENCY calls in flight', async () => {
    const protocol = courtsProtocol({ dataset, key: KEY });
    let inFlight = 0;
    let maxInFlight = 0;
    const counting = createSimulator({
      name: 'courts',
      malformed: protocol.malformed,
      async handle(req) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          // Hold the call open so that calls overlap whenever the client lets them.
          await new Promise((r) => setTimeout(r, 25));
          return protocol.handle(req);
        } finally {
          inFlight--;
        }
      },
    });
    const base = await counting.listen(0);
    try {
      const codes = [...SIMPLE.slice(0, 20).map(orgCodeOf), orgCodeOf(MANY_CASES)];
      const lookups = await lookUp(legacyConfig(base, { concurrency: 3 }), codes);
      expect(lookups.every((l) => l.kind === 'found')).toBe(true);
      expect(counting.stats()).toEqual({ calls: 23, codes: 23 });
      expect(maxInFlight).toBe(3);
    } finally {
      await counting.close();
    }
  });
});
