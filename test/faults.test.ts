/**
 * Never a false "clear": every way a department can fail — its legacy system down, hanging,
 * answering 500, malformed or rate limited; its subgraph process stopped; its subgraph answering
 * null entities, the wrong number of entities or garbage — turns an otherwise CLEAR check into
 * INCOMPLETE naming the department, with the failure attributed and no internal address shown.
 * A prohibiting record found elsewhere still prohibits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../legacy/sim/index.js';
import type { LegacySystemName } from '../legacy/systems.js';
import { DEPARTMENT_REGISTRY, type DepartmentEntry } from '../common/departments.js';
import { startStack, type Stack } from './support/stack.js';
import { startFaultProxy, type FaultProxy, type ProxyMode } from './support/fault-proxy.js';

const DEPARTMENT_OF = Object.fromEntries(DEPARTMENT_REGISTRY.map((d) => [d.subgraph, d.name])) as Record<LegacySystemName, string>;
const FIELD_OF = Object.fromEntries(DEPARTMENT_REGISTRY.map((d) => [d.subgraph, d.sectionField])) as Record<LegacySystemName, string>;
const NAMES = DEPARTMENT_REGISTRY.map((d) => d.subgraph) as LegacySystemName[];
/**
 * The departments whose legacy system is called while a check waits. A department that holds a
 * daily export in memory (`local`) answers from it whatever its system does meanwhile; an export
 * too old is its failure (the golden case `stale-export`, where there is one).
 */
const CALLED = (DEPARTMENT_REGISTRY as readonly DepartmentEntry[])
  .filter((d) => d.legacyKind !== 'local')
  .map((d) => d.subgraph) as LegacySystemName[];

/** Short legacy deadlines, and no cache to stand in for a failed system. */
const FAST_FAIL_ENV: Record<string, string> = Object.fromEntries(
  NAMES.flatMap((n) => [
    [`${n.toUpperCase()}_LEGACY_TIMEOUT_MS`, '600'],
    [`${n.toUpperCase()}_CACHE_TTL_MS`, '0'],
  ]),
);

const CHECK = `query($u: String!) { enterprise(uscc: $u) {
  creditCheck(scenario: GOVERNMENT_PROCUREMENT) { verdict missingSources flags { measure { code } } sources { department status } }
} }`;

const CHECK_PROCUREMENT = CHECK;
/** A golden case that is PROHIBITED in government procurement by a department other than the one down. */
const prohibitedWithout = (name: string) =>
  name === 'tax'
    ? { id: 'major-fine-30-months', measure: 'BAN-PROCUREMENT-MAJOR-VIOLATION-3Y' }
    : { id: 'major-tax-violation', measure: 'BAN-PROCUREMENT-MAJOR-TAX' };

interface CheckResult {
  enterprise: {
    creditCheck: {
      verdict: string;
      missingSources: string[];
      flags: { measure: { code: string } }[];
      sources: { department: string; status: string }[];
    } | null;
  } | null;
}

function expectNoInternals(body: unknown) {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|http:\/\/|NullPointer|jdbc|stack/i);
}

describe('legacy system faults', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ datasetSize: 50, env: FAST_FAIL_ENV });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const faults: Fault[] = ['down', 'hang', 'hang-body', 'error500', 'malformed', 'wrongtype', 'ratelimit'];
  const table = CALLED.flatMap((n) => faults.map((f) => [n, f] as const));

  it.each(table)('%s %s → clean is INCOMPLETE, naming the department', async (name, fault) => {
    const sim = stack.legacy.simulators[name]!;
    sim.setFault(fault);
    try {
      const r = await stack.query<CheckResult>(CHECK, { u: stack.goldenCase('clean').uscc });
      const check = r.data!.enterprise!.creditCheck!;
      expect(check.verdict).toBe('INCOMPLETE');
      expect(check.missingSources).toEqual([DEPARTMENT_OF[name]]);
      expect(check.sources.find((s) => s.department === DEPARTMENT_OF[name])!.status).not.toBe('OK');
      expectNoInternals(r);
    } finally {
      sim.setFault('none');
    }
  });

  it.each<LegacySystemName>(CALLED)('a procurement prohibition is still PROHIBITED with %s down', async (name) => {
    stack.legacy.simulators[name]!.setFault('down');
    try {
      const p = prohibitedWithout(name);
      const r = await stack.query<CheckResult>(CHECK_PROCUREMENT, { u: stack.goldenCase(p.id).uscc });
      const check = r.data!.enterprise!.creditCheck!;
      expect(check.verdict).toBe('PROHIBITED');
      expect(check.missingSources).toEqual([DEPARTMENT_OF[name]]);
      expect(check.flags.map((f) => f.measure.code)).toContain(p.measure);
    } finally {
      stack.legacy.simulators[name]!.setFault('none');
    }
  });

  it('a deregistered enterprise with market regulation down is INCOMPLETE naming it — not INACTIVE, not CLEAR', async () => {
    const deregistered = stack.goldenCase('deregistered').uscc;
    const fields = `creditCheck(scenario: BIDDING) { verdict missingSources registrationStatus warnings flags { measure { code } } sources { department status } }`;
    const before = await stack.query<{ enterprise: { creditCheck: { verdict: string } } }>(
      `query($u: String!) { enterprise(uscc: $u) { ${fields} } }`,
      { u: deregistered },
    );
    expect(before.data!.enterprise.creditCheck.verdict).toBe('INACTIVE');
    stack.legacy.simulators.market!.setFault('down');
    try {
      const r = await stack.query<{
        enterprise: { creditCheck: { verdict: string; missingSources: string[]; registrationStatus: string | null; warnings: string[] } };
      }>(`query($u: String!) { enterprise(uscc: $u) { ${fields} } }`, { u: deregistered });
      const check = r.data!.enterprise.creditCheck;
      expect(check.verdict).toBe('INCOMPLETE');
      expect(check.missingSources).toEqual(['MARKET_REGULATION']);
      expect(check.registrationStatus).toBeNull();
      expect(check.warnings).toEqual([]);
    } finally {
      stack.legacy.simulators.market!.setFault('none');
    }
  });

  it('with every legacy system down, nothing is CLEAR for any golden case', async () => {
    for (const n of NAMES) stack.legacy.simulators[n]!.setFault('down');
    try {
      const codes = stack.golden.map((g) => g.uscc);
      const r = await stack.query<{ enterprises: { creditCheck: { verdict: string } }[] }>(
        `query($u: [String!]!) { enterprises(usccs: $u) { ... on Enterprise { creditCheck(scenario: GENERAL) { verdict } } } }`,
        { u: codes },
      );
      for (const e of r.data!.enterprises) expect(e.creditCheck.verdict).toBe('INCOMPLETE');
    } finally {
      for (const n of NAMES) stack.legacy.simulators[n]!.setFault('none');
    }
  });
});

describe('a department subgraph process stopped', () => {
  it.each(NAMES)('%s stopped → INCOMPLETE, the error attributed to it and to the field', async (name) => {
    const stack = await startStack({ datasetSize: 20 });
    try {
      await stack.stopSubgraph(name);
      const g = stack.goldenCase('clean');
      const r = await stack.query<CheckResult & { enterprise: Record<string, unknown> }>(
        `query($u: String!) { enterprise(uscc: $u) { uscc ${FIELD_OF[name]} { source { status } }
          creditCheck(scenario: GOVERNMENT_PROCUREMENT) { verdict missingSources flags { measure { code } } sources { department status } } } }`,
        { u: g.uscc },
      );
      const e = r.data!.enterprise!;
      expect(e[FIELD_OF[name]]).toBeNull();
      expect(e.creditCheck!.verdict).toBe('INCOMPLETE');
      expect(e.creditCheck!.missingSources).toEqual([DEPARTMENT_OF[name]]);
      const err = r.errors!.find((x) => x.extensions?.serviceName === name)!;
      expect(err.extensions!.code).toBe('SUBGRAPH_UNAVAILABLE');
      expect(err.path).toEqual(['enterprise', FIELD_OF[name]]);
      expectNoInternals(r.errors);

      const d = await stack.query<CheckResult>(CHECK_PROCUREMENT, { u: stack.goldenCase(prohibitedWithout(name).id).uscc });
      expect(d.data!.enterprise!.creditCheck!.verdict).toBe('PROHIBITED');
    } finally {
      await stack.stop();
    }
  });

  it('credit stopped → the enterprise is null with an attributed error, never a verdict', async () => {
    const stack = await startStack({ datasetSize: 20 });
    try {
      await stack.stopSubgraph('credit');
      const r = await stack.query<CheckResult>(CHECK, { u: stack.goldenCase('clean').uscc });
      expect(r.data?.enterprise ?? null).toBeNull();
      expect(r.errors![0]!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'credit' });
      expect(r.errors![0]!.path).toEqual(['enterprise']);
      expectNoInternals(r.errors);
    } finally {
      await stack.stop();
    }
  });
});

describe('a department subgraph answering badly', () => {
  const proxies = new Map<string, FaultProxy>();
  let stack: Stack;
  beforeAll(async () => {
    // Every department subgraph behind a proxy whose behaviour each test switches.
    stack = await startStack({
      datasetSize: 40,
      gatewayUrlOverride: async (name, url) => {
        if (name === 'credit') return url;
        const proxy = await startFaultProxy(url);
        proxies.set(name, proxy);
        return proxy.url;
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    for (const p of proxies.values()) await p.close();
  });

  const modes: ProxyMode[] = ['null-entities', 'wrong-count', 'garbage', 'http-502'];
  const table = NAMES.flatMap((n) => modes.map((m) => [n, m] as const));

  it('passes answers through unchanged when healthy', async () => {
    const r = await stack.query<CheckResult>(CHECK, { u: stack.goldenCase('clean').uscc });
    expect(r.errors).toBeUndefined();
    expect(r.data!.enterprise!.creditCheck!.verdict).toBe('CLEAR');
  });

  it.each(table)('%s answering %s → INCOMPLETE with an attributed error', async (name, mode) => {
    const proxy = proxies.get(name)!;
    proxy.mode = mode;
    try {
      const r = await stack.query<CheckResult & { enterprise: Record<string, unknown> }>(
        `query($u: String!) { enterprise(uscc: $u) { uscc ${FIELD_OF[name]} { source { status } }
          creditCheck(scenario: GOVERNMENT_PROCUREMENT) { verdict missingSources flags { measure { code } } sources { department status } } } }`,
        { u: stack.goldenCase('clean').uscc },
      );
      const e = r.data!.enterprise!;
      expect(e[FIELD_OF[name]]).toBeNull();
      expect(e.creditCheck!.verdict).toBe('INCOMPLETE');
      expect(e.creditCheck!.missingSources).toEqual([DEPARTMENT_OF[name]]);
      const err = r.errors!.find((x) => x.extensions?.serviceName === name)!;
      expect(err.extensions!.code).toBe(mode === 'http-502' ? 'SUBGRAPH_UNAVAILABLE' : 'SUBGRAPH_BAD_RESPONSE');
      expect(err.path).toEqual(['enterprise', FIELD_OF[name]]);
      expectNoInternals(r.errors);
    } finally {
      proxy.mode = 'pass';
    }
  });

  it('null entities in a 30-bidder list: every bidder INCOMPLETE, each error on its own path', async () => {
    const proxy = proxies.get('environment')!;
    proxy.mode = 'null-entities';
    try {
      const truths = Array.from({ length: 30 }, (_, i) => stack.dataset.at(i));
      const codes = truths.map((t) => t.uscc);
      const r = await stack.query<{ enterprises: { creditCheck: { verdict: string; missingSources: string[] } | null }[] }>(
        `query($u: [String!]!) { enterprises(usccs: $u) { ... on Enterprise { creditCheck(scenario: BIDDING) { verdict missingSources } } } }`,
        { u: codes },
      );
      r.data!.enterprises.forEach((e, i) => {
        // Market regulation answered: a deregistered or revoked bidder is INACTIVE, the others cannot pass.
        const closed = (truths[i]!.market?.registration.status ?? 'OPERATING') !== 'OPERATING';
        expect(closed ? ['INACTIVE'] : ['INCOMPLETE', 'PROHIBITED'], codes[i]).toContain(e.creditCheck!.verdict);
        expect(e.creditCheck!.missingSources).toEqual(['ENVIRONMENT']);
      });
      const paths = r.errors!.filter((x) => x.extensions?.serviceName === 'environment').map((x) => JSON.stringify(x.path));
      expect(new Set(paths).size).toBe(30);
      for (let i = 0; i < 30; i++) expect(paths).toContain(JSON.stringify(['enterprises', i, 'environment']));
    } finally {
      proxy.mode = 'pass';
    }
  });
});
