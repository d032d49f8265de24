/**
 * Properties over generated enterprises, checked through the real gateway with departments
 * failing in turn: no flag without a legal basis, no flag from a record that is not active, no
 * CLEAR with a missing source — and, against the generator's own truth, an active dishonest debtor
 * is restricted in bidding (never CLEAR, the restriction listed) whenever the courts answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_REGISTRY } from '../common/departments.js';
import { SCENARIOS } from '../subgraphs/credit/catalogue/catalogue.js';
import { chinaDate } from '../subgraphs/shared/index.js';
import type { Fault } from '../legacy/sim/index.js';
import type { LegacySystemName } from '../legacy/systems.js';
import type { EnterpriseTruth } from '../legacy/dataset/index.js';
import { startStack, type Stack } from './support/stack.js';

interface Check {
  verdict: string;
  missingSources: string[];
  sources: { department: string; status: string }[];
  flags: {
    measure: { code: string; kind: string; legalBasis: { document: string; article: string }[] };
    finding: { kind: string; status: string; listedOn: string; removedOn: string | null; publicUntil: string | null };
  }[];
  incentives: { measure: { code: string } }[];
}

const FIELDS = SCENARIOS.map(
  (s) => `${s}: creditCheck(scenario: ${s}) { verdict missingSources sources { department status }
    flags { measure { code kind legalBasis { document article } } finding { kind status listedOn removedOn publicUntil } }
    incentives { measure { code } } }`,
).join('\n');

const ROUNDS: [string, LegacySystemName | null, Fault | null][] = [
  ['all healthy', null, null],
  ['tax down', 'tax', 'down'],
  ['courts answering 500', 'courts', 'error500'],
  ['environment malformed', 'environment', 'malformed'],
  ['economy rate limited', 'economy', 'ratelimit'],
  ['market down', 'market', 'down'],
];

function activeDebtor(t: EnterpriseTruth, today: string): boolean {
  return (t.courts?.dishonestDebtor ?? []).some(
    (e) => e.listedOn <= today && !(e.removedOn && e.removedOn <= today) && !(e.publicUntil && e.publicUntil < today),
  );
}

/** Whether market regulation holds the enterprise deregistered or revoked on or before `today`. */
function closedBy(t: EnterpriseTruth, today: string): boolean {
  const r = t.market?.registration;
  if (!r || r.status === 'OPERATING') return false;
  return !r.closedOn || r.closedOn <= today;
}

let stack: Stack;
const SIZE = 6000;
// Every 37th enterprise: 160 codes spread over the dataset, plus every golden case.
const indices = Array.from({ length: 160 }, (_, i) => (i * 37) % SIZE);

beforeAll(async () => {
  stack = await startStack({
    datasetSize: SIZE,
    env: Object.fromEntries(DEPARTMENT_REGISTRY.map((d) => [`${d.envPrefix}_CACHE_TTL_MS`, '0'])),
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe('properties over generated enterprises', () => {
  it.each(ROUNDS)('%s', async (_name, system, fault) => {
    const truths = [...indices.map((i) => stack.dataset.at(i)), ...stack.golden.map((g) => g.truth)];
    const today = chinaDate(new Date());
    if (system && fault) stack.legacy.simulators[system]!.setFault(fault);
    try {
      const r = await stack.query<{ enterprises: Record<string, Check>[] }>(
        `query($u: [String!]!) { enterprises(usccs: $u) { ... on Enterprise { ${FIELDS} } } }`,
        { u: truths.map((t) => t.uscc) },
      );
      expect(r.data!.enterprises).toHaveLength(truths.length);
      let prohibitedDebtors = 0;
      let inactive = 0;
      r.data!.enterprises.forEach((e, i) => {
        const truth = truths[i]!;
        for (const scenario of SCENARIOS) {
          const c = e[scenario]!;
          for (const f of c.flags) {
            expect(f.measure.legalBasis.length, `${truth.uscc} ${scenario} ${f.measure.code}`).toBeGreaterThan(0);
            expect(f.finding.status).toBe('ACTIVE');
            expect(f.finding.listedOn <= today).toBe(true);
            if (f.finding.publicUntil) expect(f.finding.publicUntil >= today).toBe(true);
          }
          if (c.missingSources.length > 0) expect(c.verdict).not.toBe('CLEAR');
          if (c.verdict === 'CLEAR') {
            expect(c.flags).toEqual([]);
            expect(
              c.sources.filter((s) => s.status !== 'OK'),
              `${truth.uscc} ${scenario}`,
            ).toEqual([]);
          } else expect(c.incentives).toEqual([]);
          if (system) expect(c.missingSources).toContain(c.sources.find((s) => s.status !== 'OK')?.department);
        }
        // Deregistered or revoked (注销/吊销) by today: INACTIVE in every scenario when market regulation
        // answered; when it did not, that cannot be known and nothing says INACTIVE.
        const marketAnswered = e.BIDDING!.sources.find((s) => s.department === 'MARKET_REGULATION')!.status === 'OK';
        const closed = closedBy(truth, today);
        for (const scenario of SCENARIOS) {
          if (closed && marketAnswered) expect(e[scenario]!.verdict, `${truth.uscc} ${scenario}`).toBe('INACTIVE');
          else expect(e[scenario]!.verdict, `${truth.uscc} ${scenario}`).not.toBe('INACTIVE');
        }
        if (closed) inactive++;
        const courtsAnswered = e.BIDDING!.sources.find((s) => s.department === 'COURTS')!.status === 'OK';
        if (courtsAnswered && truth.market && activeDebtor(truth, today)) {
          // 法〔2016〕285号: 依法予以限制 — never CLEAR, and the restriction is always listed (a closed
          // enterprise is INACTIVE, stricter still).
          expect(closed && marketAnswered ? ['INACTIVE'] : ['PROHIBITED', 'RESTRICTED', 'INCOMPLETE'], truth.uscc).toContain(e.BIDDING!.verdict);
          expect(
            e.BIDDING!.flags.map((f) => f.measure.code),
            truth.uscc,
          ).toContain('RESTRICT-BID-DISHONEST-DEBTOR');
          prohibitedDebtors++;
        }
      });
      // The sample really contains dishonest debtors (else the last property says nothing).
      if (system !== 'courts') expect(prohibitedDebtors).toBeGreaterThan(1);
      // …and deregistered or revoked enterprises (else the INACTIVE property says nothing).
      expect(inactive).toBeGreaterThan(1);
    } finally {
      if (system) stack.legacy.simulators[system]!.setFault('none');
    }
  });
});
