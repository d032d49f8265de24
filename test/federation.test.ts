/**
 * The federated credit view end to end: legacy simulators, six subgraphs and the gateway, all on
 * loopback with ephemeral ports. Every golden case is read through the gateway and compared with
 * what the departments hold for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnterpriseTruth } from '../legacy/dataset/index.js';
import { startStack, type Stack } from './support/stack.js';

const FULL_VIEW = /* GraphQL */ `
  query View($uscc: String!) {
    enterprise(uscc: $uscc) {
      uscc
      organizationCode
      marketRegulation {
        source {
          department
          status
          asOf
          found
        }
        registration {
          name
          status
          legalRepresentative {
            name
            idNumberMasked
          }
        }
        findings {
          kind
          status
          listedOn
          removedOn
          reference
          authority
        }
      }
      tax {
        source {
          department
          status
          asOf
          found
        }
        creditRatings {
          year
          level
        }
        findings {
          kind
          status
          listedOn
          reference
          authority
        }
      }
      judicial {
        source {
          department
          status
          asOf
          found
        }
        findings {
          kind
          status
          listedOn
          removedOn
          reference
          authority
        }
      }
      environment {
        source {
          department
          status
          asOf
          found
        }
        rating {
          level
          year
        }
        findings {
          kind
          status
          listedOn
          reference
          authority
        }
      }
      economy {
        source {
          department
          status
          asOf
          found
        }
        honors {
          title
          year
        }
        findings {
          kind
          status
          listedOn
          reference
          authority
        }
      }
    }
  }
`;

interface Finding {
  kind: string;
  status: string;
  listedOn: string;
  removedOn?: string | null;
  reference: string;
  authority: string;
}
interface Section {
  source: { department: string; status: string; asOf: string | null; found: boolean | null };
  findings: Finding[];
}
interface View {
  enterprise: {
    uscc: string;
    organizationCode: string;
    marketRegulation: Section & {
      registration: { name: string; status: string; legalRepresentative: { name: string; idNumberMasked: string } } | null;
    };
    tax: Section & { creditRatings: { year: number; level: string }[] };
    judicial: Section;
    environment: Section & { rating: { level: string; year: number } | null };
    economy: Section & { honors: { title: string; year: number }[] };
  } | null;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const refs = (s: Section, kind: string) =>
  s.findings
    .filter((f) => f.kind === kind)
    .map((f) => f.reference)
    .sort();
const sorted = (xs: string[]) => [...xs].sort();

function expectSectionMatches(section: Section, department: string, truth: unknown) {
  expect(section.source.department).toBe(department);
  expect(section.source.status).toBe('OK');
  expect(section.source.asOf).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  expect(section.source.found).toBe(truth !== null);
  if (truth === null) expect(section.findings).toEqual([]);
}

describe('every golden case through the gateway', () => {
  it('has the golden cases', () => {
    expect(stack.golden.length).toBeGreaterThanOrEqual(20);
  });

  it.each([
    'clean',
    'a-level-taxpayer',
    'dishonest-debtor',
    'dishonest-debtor-fulfilled',
    'consumption-restricted',
    'abnormal-operations',
    'abnormal-operations-removed',
    'serious-illegal',
    'major-tax-violation',
    'major-tax-violation-expired',
    'tax-d-level',
    'environment-red',
    'environment-green',
    'safety-blacklist',
    'repaired',
    'under-objection',
    'deregistered',
    'legacy-taxpayer-id',
    'multi-list',
    'unknown',
    'tax-d-level-2024',
    'major-fine-30-months',
    'major-fine-37-months',
  ])('%s', async (id) => {
    const golden = stack.goldenCase(id);
    const t: EnterpriseTruth = golden.truth;
    const r = await stack.query<View>(FULL_VIEW, { uscc: golden.uscc });
    expect(r.errors).toBeUndefined();
    const e = r.data!.enterprise!;
    expect(e.uscc).toBe(golden.uscc);
    expect(e.organizationCode).toBe(`${golden.uscc.slice(8, 16)}-${golden.uscc[16]}`);

    expectSectionMatches(e.marketRegulation, 'MARKET_REGULATION', t.market);
    expectSectionMatches(e.tax, 'TAX', t.tax);
    // The courts system keys on the organisation code and answers `total: 0` alike for an enterprise it
    // never saw and one with nothing on file: "found" there means "has court records".
    const courtRecords = t.courts && t.courts.dishonestDebtor.length + t.courts.consumptionRestrictions.length + t.courts.enforcementCases.length > 0;
    expectSectionMatches(e.judicial, 'COURTS', courtRecords ? t.courts : null);
    expectSectionMatches(e.environment, 'ENVIRONMENT', t.environment);
    expectSectionMatches(e.economy, 'ECONOMY_IT', t.economy);

    if (t.market) {
      const reg = e.marketRegulation.registration!;
      expect(reg.name).toBe(t.market.registration.name);
      expect(reg.status).toBe(t.market.registration.status);
      expect(reg.legalRepresentative.name).toBe(t.market.registration.legalRepresentative.name);
      const id = t.market.registration.legalRepresentative.idNumber;
      expect(reg.legalRepresentative.idNumberMasked).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
      expect(JSON.stringify(r.data)).not.toContain(id);
      expect(refs(e.marketRegulation, 'ABNORMAL_OPERATIONS')).toEqual(sorted(t.market.abnormalOperations.map((x) => x.reference)));
      expect(refs(e.marketRegulation, 'SERIOUS_ILLEGAL_DISHONEST')).toEqual(sorted(t.market.seriousIllegal.map((x) => x.reference)));
      expect(sorted([...refs(e.marketRegulation, 'ADMINISTRATIVE_PENALTY'), ...refs(e.marketRegulation, 'SEVERE_ADMINISTRATIVE_PENALTY')])).toEqual(
        sorted(t.market.penalties.map((x) => x.reference)),
      );
    } else {
      expect(e.marketRegulation.registration).toBeNull();
    }
    if (t.tax) {
      expect(e.tax.creditRatings.map((x) => `${x.year}${x.level}`).sort()).toEqual(t.tax.ratings.map((x) => `${x.year}${x.level}`).sort());
      expect(refs(e.tax, 'MAJOR_TAX_VIOLATION')).toEqual(sorted(t.tax.majorViolations.map((x) => x.reference)));
    }
    if (t.courts) {
      expect(refs(e.judicial, 'DISHONEST_DEBTOR')).toEqual(sorted(t.courts.dishonestDebtor.map((x) => x.reference)));
      expect(refs(e.judicial, 'CONSUMPTION_RESTRICTION')).toEqual(sorted(t.courts.consumptionRestrictions.map((x) => x.reference)));
    }
    if (t.economy) {
      expect(e.economy.honors.map((h) => `${h.year}${h.title}`).sort()).toEqual(t.economy.honors.map((h) => `${h.year}${h.title}`).sort());
      expect(refs(e.economy, 'SAFETY_PRODUCTION_DISHONEST')).toEqual(sorted(t.economy.safetyDishonesty.map((x) => x.reference)));
    }
    if (t.environment) {
      const levels = t.environment.ratings.map((x) => x.level);
      if (levels.length === 0) expect(e.environment.rating).toBeNull();
      else expect(levels).toContain(e.environment.rating?.level);
    }
  });

  it.each<[string, string, string]>([
    ['dishonest-debtor', 'judicial', 'DISHONEST_DEBTOR'],
    ['abnormal-operations', 'marketRegulation', 'ABNORMAL_OPERATIONS'],
    ['serious-illegal', 'marketRegulation', 'SERIOUS_ILLEGAL_DISHONEST'],
    ['major-tax-violation', 'tax', 'MAJOR_TAX_VIOLATION'],
    ['safety-blacklist', 'economy', 'SAFETY_PRODUCTION_DISHONEST'],
    ['consumption-restricted', 'judicial', 'CONSUMPTION_RESTRICTION'],
    ['tax-d-level', 'tax', 'TAX_CREDIT_D'],
    ['environment-red', 'environment', 'ENVIRONMENT_CREDIT_RED'],
    ['environment-green', 'environment', 'ENVIRONMENT_CREDIT_GREEN'],
    ['a-level-taxpayer', 'tax', 'TAX_CREDIT_A'],
    ['a-level-taxpayer', 'economy', 'HONOR'],
  ])('%s holds an ACTIVE %s finding of kind %s', async (id, field, kind) => {
    const r = await stack.query<View>(FULL_VIEW, { uscc: stack.goldenCase(id).uscc });
    const section = (r.data!.enterprise as unknown as Record<string, Section>)[field]!;
    expect(section.findings.filter((f) => f.kind === kind).map((f) => f.status)).toContain('ACTIVE');
  });

  it.each<[string, string, string, string]>([
    ['dishonest-debtor-fulfilled', 'judicial', 'DISHONEST_DEBTOR', 'REMOVED'],
    ['abnormal-operations-removed', 'marketRegulation', 'ABNORMAL_OPERATIONS', 'REMOVED'],
    ['major-tax-violation-expired', 'tax', 'MAJOR_TAX_VIOLATION', 'EXPIRED'],
    ['repaired', 'marketRegulation', 'SEVERE_ADMINISTRATIVE_PENALTY', 'REPAIRED'],
  ])('%s: its %s %s finding is %s, not active', async (id, field, kind, status) => {
    const r = await stack.query<View>(FULL_VIEW, { uscc: stack.goldenCase(id).uscc });
    const section = (r.data!.enterprise as unknown as Record<string, Section>)[field]!;
    const states = section.findings.filter((f) => f.kind === kind).map((f) => f.status);
    expect(states).toContain(status);
    expect(states).not.toContain('ACTIVE');
  });

  it('reads the legacy taxpayer known only by its 15-digit number', async () => {
    const g = stack.goldenCase('legacy-taxpayer-id');
    expect(g.truth.tax!.taxpayerId).toBe(g.uscc.slice(2, 8) + g.uscc.slice(8, 17));
    const r = await stack.query<{ enterprise: { tax: { source: { found: boolean }; taxpayerId: string } } }>(
      `query($u: String!) { enterprise(uscc: $u) { tax { source { found } taxpayerId } } }`,
      { u: g.uscc },
    );
    expect(r.data!.enterprise.tax).toEqual({ source: { found: true }, taxpayerId: g.truth.tax!.taxpayerId });
  });
});

describe('codes', () => {
  it('an invalid code is BAD_USER_INPUT with its reason, and no department is called', async () => {
    stack.resetStats();
    const r = await stack.query(FULL_VIEW, { uscc: '91440300708461136X' });
    expect(r.data?.enterprise ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions?.reason).toBe('CHECK_CHARACTER_FAILED');
    expect(r.errors?.[0]?.message).toContain('fails its check');
    // Never the character that would make it pass: "fixing" a typo that way could name another enterprise.
    expect(r.errors?.[0]?.message).not.toMatch(/'T'|“T”/);
    expect(r.errors?.[0]?.extensions).not.toHaveProperty('expectedCheck');
    for (const s of Object.values(stack.stats())) expect(s.calls).toBe(0);
  });

  it('normalises full-width and lower-case input', async () => {
    const g = stack.goldenCase('clean');
    const wide = [...g.uscc.toLowerCase()].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
    const r = await stack.query<{ enterprise: { uscc: string } }>(`query($u: String!) { enterprise(uscc: $u) { uscc } }`, { u: `  ${wide} ` });
    expect(r.data!.enterprise.uscc).toBe(g.uscc);
  });

  it('enterprises: one result per input, in order, invalid codes as InvalidCode', async () => {
    const a = stack.goldenCase('clean').uscc;
    const b = stack.goldenCase('dishonest-debtor').uscc;
    const r = await stack.query<{ enterprises: Record<string, unknown>[] }>(
      `query($u: [String!]!) { enterprises(usccs: $u) { __typename ... on Enterprise { uscc } ... on InvalidCode { input reason position } } }`,
      { u: [a, '9144030070846113', b, '91440300I08461136T', a] },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.enterprises).toEqual([
      { __typename: 'Enterprise', uscc: a },
      { __typename: 'InvalidCode', input: '9144030070846113', reason: 'WRONG_LENGTH', position: null },
      { __typename: 'Enterprise', uscc: b },
      { __typename: 'InvalidCode', input: '91440300I08461136T', reason: 'ILLEGAL_CHARACTER', position: 9 },
      { __typename: 'Enterprise', uscc: a },
    ]);
  });

  it('more than 1,000 codes is refused with the limit named, before any department is called', async () => {
    stack.resetStats();
    const codes = Array.from({ length: 1001 }, (_, i) => stack.dataset.at(i).uscc);
    const r = await stack.query(`query($u: [String!]!) { enterprises(usccs: $u) { __typename } }`, { u: codes });
    // The gateway's per-request budget refuses it before planning (the credit subgraph's own bound is a second line).
    expect(r.errors?.[0]?.extensions?.code).toBe('TOO_MANY_CODES');
    expect(r.errors?.[0]?.message).toContain('1000');
    for (const s of Object.values(stack.stats())) expect(s.calls).toBe(0);
  });
});

describe('batching', () => {
  it('250 codes: each batching department receives ⌈N / limit⌉ calls, courts one per code', async () => {
    // Codes no earlier test has read, so no cached answer hides a call.
    const codes = Array.from({ length: 250 }, (_, i) => stack.dataset.at(1500 - i).uscc);
    stack.resetStats();
    const r = await stack.query<{
      enterprises: { marketRegulation: Section; tax: Section; judicial: Section; environment: Section; economy: Section }[];
    }>(
      `query($u: [String!]!) { enterprises(usccs: $u) { ... on Enterprise {
        marketRegulation { source { status } } tax { source { status } } judicial { source { status } }
        environment { source { status } } economy { source { status } } } } }`,
      { u: [...codes, ...codes.slice(0, 40)] },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.enterprises).toHaveLength(290);
    for (const e of r.data!.enterprises) {
      for (const s of [e.marketRegulation, e.tax, e.judicial, e.environment, e.economy]) expect(s.source.status).toBe('OK');
    }
    const stats = stack.stats();
    expect(stats.market.calls).toBe(3);
    expect(stats.tax.calls).toBe(5);
    expect(stats.environment.calls).toBe(2);
    expect(stats.economy.calls).toBe(3);
    expect(stats.courts.calls).toBe(250);
    expect(stats.market.codes).toBe(250);
  });
});

describe('a department down', () => {
  it('the other four still answer and the down one says UNAVAILABLE', async () => {
    const g = stack.goldenCase('dishonest-debtor');
    stack.legacy.simulators.tax!.setFault('down');
    try {
      const r = await stack.query<View>(FULL_VIEW, { uscc: g.uscc });
      expect(r.errors).toBeUndefined();
      const e = r.data!.enterprise!;
      expect(e.tax.source.status).toBe('UNAVAILABLE');
      expect(e.tax.source.found).toBeNull();
      expect(e.tax.findings).toEqual([]);
      expect(e.tax.creditRatings).toEqual([]);
      for (const s of [e.marketRegulation, e.judicial, e.environment, e.economy]) expect(s.source.status).toBe('OK');
      expect(e.judicial.findings.map((f) => f.kind)).toContain('DISHONEST_DEBTOR');
    } finally {
      stack.legacy.simulators.tax!.setFault('none');
    }
  });
});
