/**
 * 联合奖惩 through the real gateway: every golden case × every scenario against the verdicts and
 * measures written down in test/golden/cases.json (`expected`), so a domain expert can review the
 * table without reading code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../subgraphs/credit/catalogue/catalogue.js';
import { startStack, type Stack, type StackOptions } from './support/stack.js';
import casesFile from './golden/cases.json' with { type: 'json' };

interface Expected {
  verdict: string;
  flags: string[];
  incentives: string[];
  /** Departments the check must name as not read (default none). */
  missingSources?: string[];
}
interface ExpectedAsOf extends Expected {
  asOf: string;
  scenario: string;
}
/**
 * `legacyOptions`: the legacy systems' state this case needs (e.g. an export older than allowed), by
 * system — such a case is checked on a stack of its own, started with those options.
 */
type GoldenLegacyOptions = StackOptions['legacy'];
const cases = (
  casesFile as { cases: { id: string; expected?: Record<string, Expected>; expectedAsOf?: ExpectedAsOf[]; legacyOptions?: GoldenLegacyOptions }[] }
).cases;

interface Check {
  verdict: string;
  checkId: string;
  checkedAt: string;
  asOf: string;
  missingSources: string[];
  registrationStatus: string | null;
  warnings: string[];
  flags: {
    measure: { code: string; kind: string; legalBasis: { document: string; article: string; issuer: string }[]; implementedBy: string };
    finding: {
      department: string;
      kind: string;
      reference: string;
      authority: string;
      listedOn: string;
      publicUntil: string | null;
      underObjection: boolean;
      status: string;
    };
    appliesFrom: string;
    appliesUntil: string | null;
    underObjection: boolean;
  }[];
  incentives: { measure: { code: string }; finding: { department: string; kind: string } }[];
}

export const CHECK_FIELDS = `verdict checkId checkedAt asOf missingSources registrationStatus warnings
  flags { measure { code kind legalBasis { document article issuer } implementedBy }
          finding { department kind reference authority listedOn publicUntil underObjection status }
          appliesFrom appliesUntil underObjection }
  incentives { measure { code } finding { department kind } }`;

let stack: Stack;
/** Stacks for cases with their own `legacyOptions`, by those options. */
const caseStacks = new Map<string, Promise<Stack>>();
beforeAll(async () => {
  stack = await startStack({ datasetSize: 200 });
});
afterAll(async () => {
  await stack?.stop();
  await Promise.all([...caseStacks.values()].map(async (s) => (await s).stop()));
});

function stackFor(legacy: GoldenLegacyOptions | undefined): Promise<Stack> {
  if (!legacy) return Promise.resolve(stack);
  const key = JSON.stringify(legacy);
  let s = caseStacks.get(key);
  if (!s) caseStacks.set(key, (s = startStack({ datasetSize: 200, legacy })));
  return s;
}

async function checksFor(uscc: string, on: Stack = stack): Promise<Record<string, Check>> {
  const fields = SCENARIOS.map((s) => `${s}: creditCheck(scenario: ${s}) { ${CHECK_FIELDS} }`).join('\n');
  const r = await on.query<{ enterprise: Record<string, Check> }>(`query($u: String!) { enterprise(uscc: $u) { ${fields} } }`, { u: uscc });
  expect(r.errors).toBeUndefined();
  return r.data!.enterprise;
}

describe('golden cases × scenarios', () => {
  it('every golden case has an expectation for every scenario', () => {
    for (const c of cases) expect(Object.keys(c.expected ?? {}).sort(), c.id).toEqual([...SCENARIOS].sort());
  });

  it.each(cases.map((c) => [c.id] as const))('%s', async (id) => {
    const g = stack.goldenCase(id);
    const golden = cases.find((c) => c.id === id)!;
    const expected = golden.expected!;
    const checks = await checksFor(g.uscc, await stackFor(golden.legacyOptions));
    for (const scenario of SCENARIOS) {
      const c = checks[scenario]!;
      const e = expected[scenario]!;
      expect({ scenario, verdict: c.verdict }).toEqual({ scenario, verdict: e.verdict });
      expect({ scenario, flags: [...new Set(c.flags.map((f) => f.measure.code))].sort() }).toEqual({ scenario, flags: [...e.flags].sort() });
      expect({ scenario, incentives: [...new Set(c.incentives.map((f) => f.measure.code))].sort() }).toEqual({
        scenario,
        incentives: [...e.incentives].sort(),
      });
      for (const f of c.flags) {
        expect(f.measure.legalBasis.length).toBeGreaterThan(0);
        expect(f.finding.status).toBe('ACTIVE');
        expect(f.finding.reference.length).toBeGreaterThan(0);
      }
      expect({ scenario, missingSources: c.missingSources }).toEqual({ scenario, missingSources: e.missingSources ?? [] });
      expect(c.checkId).toMatch(/^CHK-\d{8}-[0-9A-F]{16}$/);
    }
  });

  it('a flag under objection says so', async () => {
    const checks = await checksFor(stack.goldenCase('under-objection').uscc);
    const flags = checks.BIDDING!.flags;
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.every((f) => f.underObjection && f.finding.underObjection)).toBe(true);
  });

  it('a deregistered enterprise is INACTIVE in every scenario, never CLEAR, and carries a warning', async () => {
    const checks = await checksFor(stack.goldenCase('deregistered').uscc);
    for (const scenario of SCENARIOS) {
      const c = checks[scenario]!;
      expect({ scenario, verdict: c.verdict }).toEqual({ scenario, verdict: 'INACTIVE' });
      expect(c.registrationStatus).toBe('DEREGISTERED');
      expect(c.warnings.join(' ')).toContain('已注销');
      expect(c.incentives).toEqual([]);
    }
    const summary = await stack.query<{ enterprise: { creditCheck: { summaryZh: string; summary: string } } }>(
      `query($u: String!) { enterprise(uscc: $u) { creditCheck(scenario: BIDDING) { summaryZh summary } } }`,
      { u: stack.goldenCase('deregistered').uscc },
    );
    expect(summary.data!.enterprise.creditCheck.summaryZh).toMatch(/^主体已注销（\d{4}-\d{2}-\d{2}），不能作为本事项的当事人。$/);
    expect(summary.data!.enterprise.creditCheck.summary).toMatch(/^Inactive — Deregistered on \d{4}-\d{2}-\d{2}: it cannot be a party/);
  });

  it('check ids differ between checks', async () => {
    const u = stack.goldenCase('clean').uscc;
    const a = await checksFor(u);
    await new Promise((r) => setTimeout(r, 5));
    const b = await checksFor(u);
    expect(a.GENERAL!.checkId).not.toBe(b.GENERAL!.checkId);
    expect(a.GENERAL!.checkId).not.toBe(a.BIDDING!.checkId);
  });
});

describe('law in force on the day checked', () => {
  const withAsOf = cases.flatMap((c) => (c.expectedAsOf ?? []).map((e) => [c.id, e] as const));
  it('some golden case is checked on absolute days', () => expect(withAsOf.length).toBeGreaterThan(0));

  it.each(withAsOf.map(([id, e]) => [`${id} ${e.scenario} as of ${e.asOf}`, id, e] as const))('%s', async (_name, id, e) => {
    const r = await stack.query<{ enterprise: { creditCheck: Check } }>(
      `query($u: String!, $d: String!, $s: Scenario!) { enterprise(uscc: $u) { creditCheck(scenario: $s, asOf: $d) { ${CHECK_FIELDS} } } }`,
      { u: stack.goldenCase(id).uscc, d: e.asOf, s: e.scenario },
    );
    expect(r.errors).toBeUndefined();
    const c = r.data!.enterprise.creditCheck;
    expect(c.verdict).toBe(e.verdict);
    expect([...new Set(c.flags.map((f) => f.measure.code))].sort()).toEqual([...e.flags].sort());
  });

  it('every flag of every golden case × scenario cites only bases of the trigger its record met, in force that day', async () => {
    const fields = SCENARIOS.map(
      (s) => `${s}: creditCheck(scenario: ${s}) { asOf flags { finding { kind reference authority listedOn }
        basis { documentNumber document article wording effectiveFrom effectiveUntil verification { state } }
        measure { code triggerRules { kind legalBasis { documentNumber document article } } } } }`,
    );
    let flags = 0;
    for (const c of cases) {
      const r = await stack.query<{ enterprise: Record<string, { asOf: string; flags: BasisFlag[] }> }>(
        `query($u: String!) { enterprise(uscc: $u) { ${fields.join('\n')} } }`,
        {
          u: stack.goldenCase(c.id).uscc,
        },
      );
      expect(r.errors).toBeUndefined();
      for (const scenario of SCENARIOS) {
        const check = r.data!.enterprise[scenario]!;
        for (const f of check.flags) {
          flags++;
          const own = f.measure.triggerRules
            .filter((t) => t.kind === f.finding.kind)
            .flatMap((t) => t.legalBasis.map((b) => `${b.document}|${b.article}`));
          expect(f.basis.length, `${c.id} ${scenario} ${f.measure.code}`).toBeGreaterThan(0);
          for (const b of f.basis) {
            expect(own, `${c.id} ${scenario} ${f.measure.code}: ${b.document} ${b.article}`).toContain(`${b.document}|${b.article}`);
            expect(
              b.effectiveFrom <= check.asOf && (b.effectiveUntil === null || check.asOf <= b.effectiveUntil),
              `${b.document} in force on ${check.asOf}`,
            ).toBe(true);
            expect(b.wording.length).toBeGreaterThan(3);
          }
          // The flag names the record: its list, number, authority and date.
          expect(f.finding.reference.length * f.finding.authority.length).toBeGreaterThan(0);
        }
      }
    }
    expect(flags).toBeGreaterThan(50);
  });

  it("a dishonest debtor in bidding is RESTRICTED and cites 285号's wording", async () => {
    const r = await stack.query<{ enterprise: { creditCheck: { verdict: string; flags: BasisFlag[] } } }>(
      `query($u: String!) { enterprise(uscc: $u) { creditCheck(scenario: BIDDING) { verdict flags { finding { kind reference authority listedOn }
        basis { documentNumber document article wording effectiveFrom effectiveUntil verification { state } } measure { code triggerRules { kind legalBasis { documentNumber document article } } } } } } }`,
      { u: stack.goldenCase('dishonest-debtor').uscc },
    );
    const check = r.data!.enterprise.creditCheck;
    expect(check.verdict).toBe('RESTRICTED');
    const basis = check.flags[0]!.basis.find((b) => b.documentNumber === '法〔2016〕285号')!;
    expect(basis.wording).toContain('对属于失信被执行人的投标活动依法予以限制');
    expect(basis.verification.state).toBe('CONFIRMED');
  });

  it('procurement says what it could not check', async () => {
    const r = await stack.query<{ enterprise: { creditCheck: { verdict: string; notChecked: { zh: string; en: string }[] } } }>(
      `query($u: String!) { enterprise(uscc: $u) { creditCheck(scenario: GOVERNMENT_PROCUREMENT) { verdict notChecked { zh en } } } }`,
      { u: stack.goldenCase('clean').uscc },
    );
    expect(r.data!.enterprise.creditCheck.verdict).toBe('CLEAR');
    expect(r.data!.enterprise.creditCheck.notChecked.map((n) => n.zh).join('')).toContain('刑事处罚');
  });

  it('the catalogue as of a day lists only what was in force', async () => {
    const r = await stack.query<{ before: { asOf: string; measures: { code: string }[] }; after: { measures: { code: string }[] } }>(
      `{ before: measuresCatalogue(asOf: "2025-06-30") { asOf measures { code } } after: measuresCatalogue(asOf: "2025-07-01") { measures { code } } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.before.asOf).toBe('2025-06-30');
    expect(r.data!.before.measures.map((m) => m.code)).toContain('RESTRICT-TAX-D-2014');
    expect(r.data!.after.measures.map((m) => m.code)).not.toContain('RESTRICT-TAX-D-2014');
  });
});

interface BasisFlag {
  finding: { kind: string; reference: string; authority: string; listedOn: string };
  basis: {
    documentNumber: string | null;
    document: string;
    article: string;
    wording: string;
    effectiveFrom: string;
    effectiveUntil: string | null;
    verification: { state: string };
  }[];
  measure: { code: string; triggerRules: { kind: string; legalBasis: { documentNumber: string | null; document: string; article: string }[] }[] };
}

describe('asOf', () => {
  it('answers as of a past day: a debtor removed after performance was prohibited before its removal', async () => {
    const g = stack.goldenCase('dishonest-debtor-fulfilled');
    const entry = g.truth.courts!.dishonestDebtor[0]!;
    const before = entry.removedOn!;
    const dayBefore = new Date(new Date(`${before}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
    const r = await stack.query<{ enterprise: { then: Check; now: Check } }>(
      `query($u: String!, $d: String!) { enterprise(uscc: $u) {
        then: creditCheck(scenario: BIDDING, asOf: $d) { ${CHECK_FIELDS} }
        now: creditCheck(scenario: BIDDING) { ${CHECK_FIELDS} } } }`,
      { u: g.uscc, d: dayBefore },
    );
    expect(r.data!.enterprise.then.verdict).toBe('RESTRICTED');
    expect(r.data!.enterprise.then.flags.map((f) => f.measure.code)).toEqual(['RESTRICT-BID-DISHONEST-DEBTOR']);
    expect(r.data!.enterprise.then.asOf).toBe(dayBefore);
    expect(r.data!.enterprise.now.verdict).toBe('CLEAR');
  });

  it('before a record was listed it did not apply', async () => {
    const g = stack.goldenCase('dishonest-debtor');
    const listed = g.truth.courts!.dishonestDebtor[0]!.listedOn;
    const dayBefore = new Date(new Date(`${listed}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
    const r = await stack.query<{ enterprise: { creditCheck: Check } }>(
      `query($u: String!, $d: String!) { enterprise(uscc: $u) { creditCheck(scenario: BIDDING, asOf: $d) { verdict } } }`,
      { u: g.uscc, d: dayBefore },
    );
    expect(r.data!.enterprise.creditCheck.verdict).toBe('CLEAR');
  });

  it.each(['2026-02-30', '20260101', 'yesterday'])('refuses asOf %s with BAD_USER_INPUT', async (asOf) => {
    const r = await stack.query(`query($u: String!, $d: String!) { enterprise(uscc: $u) { creditCheck(scenario: GENERAL, asOf: $d) { verdict } } }`, {
      u: stack.goldenCase('clean').uscc,
      d: asOf,
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((r.data as { enterprise: { creditCheck: unknown } } | null)?.enterprise?.creditCheck ?? null).toBeNull();
  });
});

describe('restrictions and incentives fields', () => {
  it('list the same measures as the check', async () => {
    const r = await stack.query<{ enterprise: { restrictions: { measure: { code: string } }[]; incentives: { measure: { code: string } }[] } }>(
      `query($u: String!) { enterprise(uscc: $u) { restrictions(scenario: BIDDING) { measure { code } } incentives(scenario: ADMINISTRATIVE_LICENSING) { measure { code } } } }`,
      { u: stack.goldenCase('multi-list').uscc },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.enterprise.restrictions.map((f) => f.measure.code)).toContain('RESTRICT-BID-DISHONEST-DEBTOR');
    expect(r.data!.enterprise.incentives).toEqual([]);
  });

  it('with a department down the lists are null with SOURCES_INCOMPLETE, never an empty (clean-looking) list', async () => {
    stack.legacy.simulators.tax!.setFault('down');
    try {
      const r = await stack.query<{ enterprise: { restrictions: unknown; incentives: unknown } }>(
        `query($u: String!) { enterprise(uscc: $u) { restrictions(scenario: BIDDING) { measure { code } } incentives(scenario: GENERAL) { measure { code } } } }`,
        { u: stack.goldenCase('clean').uscc },
      );
      expect(r.data!.enterprise.restrictions).toBeNull();
      expect(r.data!.enterprise.incentives).toBeNull();
      expect(r.errors!.map((e) => e.extensions?.code)).toEqual(['SOURCES_INCOMPLETE', 'SOURCES_INCOMPLETE']);
      expect(r.errors![0]!.extensions!.missingSources).toEqual(['TAX']);
    } finally {
      stack.legacy.simulators.tax!.setFault('none');
    }
  });

  it('an A-level taxpayer gets its incentives', async () => {
    const r = await stack.query<{ enterprise: { incentives: { measure: { code: string } }[] } }>(
      `query($u: String!) { enterprise(uscc: $u) { incentives(scenario: ADMINISTRATIVE_LICENSING) { measure { code } } } }`,
      { u: stack.goldenCase('a-level-taxpayer').uscc },
    );
    expect(r.data!.enterprise.incentives.map((f) => f.measure.code).sort()).toEqual(['INCENTIVE-A-TAXPAYER', 'INCENTIVE-HONOUR-GREEN-CHANNEL']);
  });

  it('the catalogue is queryable', async () => {
    const r = await stack.query<{ measuresCatalogue: { version: string; measures: { code: string; legalBasis: unknown[] }[] } }>(
      `{ measuresCatalogue { version measures { code legalBasis { document article issuer } } } }`,
    );
    expect(r.data!.measuresCatalogue.measures.length).toBeGreaterThanOrEqual(15);
    for (const m of r.data!.measuresCatalogue.measures) expect(m.legalBasis.length).toBeGreaterThan(0);
  });
});

describe('many bidders', () => {
  it('enterprises → creditCheck(BIDDING) gives one verdict per code, in order', async () => {
    const ids = ['dishonest-debtor', 'clean', 'unknown', 'serious-illegal'];
    const codes = ids.map((id) => stack.goldenCase(id).uscc);
    const r = await stack.query<{ enterprises: { uscc?: string; reason?: string; creditCheck?: { verdict: string } }[] }>(
      `query($u: [String!]!) { enterprises(usccs: $u) { ... on Enterprise { uscc creditCheck(scenario: BIDDING) { verdict } } ... on InvalidCode { reason } } }`,
      { u: [...codes, '123'] },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.enterprises.map((e) => e.creditCheck?.verdict ?? e.reason)).toEqual([
      'RESTRICTED',
      'CLEAR',
      'NOT_FOUND',
      'RESTRICTED',
      'WRONG_LENGTH',
    ]);
  });
});

describe('consortium bids (联合体)', () => {
  interface ConsortiumAnswer {
    consortium: {
      id: string;
      creditCheck: {
        verdict: string;
        checkId: string;
        decidingMembers: string[];
        summaryZh: string;
        members: { uscc: string; position: number; check: { verdict: string; checkId: string; flags: { measure: { code: string } }[] } }[];
      };
    };
  }
  const CONSORTIUM = `query($u: [String!]!, $s: Scenario!) { consortium(usccs: $u) { id creditCheck(scenario: $s) {
    verdict checkId decidingMembers summaryZh members { uscc position check { verdict checkId flags { measure { code } } } } } } }`;
  const consortia = (
    casesFile as unknown as { consortia: { id: string; members: string[]; expected: Record<string, { verdict: string; deciding: string[] }> }[] }
  ).consortia;

  it.each(consortia.flatMap((c) => Object.entries(c.expected).map(([s, e]) => [`${c.id} ${s}`, c, s, e] as const)))(
    '%s',
    async (_n, c, scenario, e) => {
      const codes = c.members.map((id) => stack.goldenCase(id).uscc);
      const r = await stack.query<ConsortiumAnswer>(CONSORTIUM, { u: codes, s: scenario });
      expect(r.errors).toBeUndefined();
      const check = r.data!.consortium.creditCheck;
      expect(check.verdict).toBe(e.verdict);
      expect(check.decidingMembers).toEqual(e.deciding.map((id) => stack.goldenCase(id).uscc));
      // Each member is checked and shown, in order, with its own citable check.
      expect(check.members.map((m) => [m.uscc, m.position])).toEqual(codes.map((u, i) => [u, i + 1]));
      for (const m of check.members) expect(m.check.checkId).toMatch(/^CHK-/);
      expect(check.checkId).toMatch(/^CNS-\d{8}-[0-9A-F]{16}$/);
      // A member's own verdict is the one creditCheck gives it alone.
      for (const [i, m] of check.members.entries()) {
        const alone = await stack.query<{ enterprise: { creditCheck: { verdict: string } } }>(
          `query($u: String!, $s: Scenario!) { enterprise(uscc: $u) { creditCheck(scenario: $s) { verdict } } }`,
          { u: codes[i], s: scenario },
        );
        expect(m.check.verdict).toBe(alone.data!.enterprise.creditCheck.verdict);
      }
    },
  );

  it('a member that cannot be read makes the whole INCOMPLETE, unless another member prohibits', async () => {
    stack.legacy.simulators.courts!.setFault('down');
    try {
      const clean = [stack.goldenCase('clean').uscc, stack.goldenCase('a-level-taxpayer').uscc];
      const a = await stack.query<ConsortiumAnswer>(CONSORTIUM, { u: clean, s: 'BIDDING' });
      expect(a.data!.consortium.creditCheck.verdict).toBe('INCOMPLETE');
      const withTax = [stack.goldenCase('clean').uscc, stack.goldenCase('major-tax-violation').uscc];
      const b = await stack.query<ConsortiumAnswer>(CONSORTIUM, { u: withTax, s: 'GOVERNMENT_PROCUREMENT' });
      expect(b.data!.consortium.creditCheck.verdict).toBe('PROHIBITED');
      expect(b.data!.consortium.creditCheck.members.map((m) => m.check.verdict)).toEqual(['INCOMPLETE', 'PROHIBITED']);
    } finally {
      stack.legacy.simulators.courts!.setFault('none');
    }
  });

  it.each<[string, string[], RegExp]>([
    ['one member', ['914205020361824755'], /2 to 20 members/],
    ['an invalid member, named by its position', ['914205020361824755', '91420506017539264Q'], /Consortium member 2/],
    [
      'the same enterprise twice (full-width and half-width)',
      ['914205020361824755', '９１４２０５０２０３６１８２４７５５'],
      /members 1 and 2 are the same enterprise/,
    ],
  ])('refuses %s with BAD_USER_INPUT', async (_n, codes, message) => {
    const r = await stack.query(CONSORTIUM, { u: codes, s: 'BIDDING' });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(message);
  });
});

describe('the catalogue listed for one day', () => {
  it("gives each measure's whole span, not only that of the bases in force that day", async () => {
    const r = await stack.query<{ measuresCatalogue: { measures: { code: string; effectiveFrom: string }[] } }>(
      `{ measuresCatalogue(asOf: "2025-06-30") { measures { code effectiveFrom } } }`,
    );
    // 企业信息公示暂行条例 (2014 text, in force from 2014-10-01) is a basis of this measure.
    expect(r.data!.measuresCatalogue.measures.find((m) => m.code === 'RESTRICT-PUBLIC-RESOURCES-LISTED')!.effectiveFrom).toBe('2014-10-01');
  });
});
