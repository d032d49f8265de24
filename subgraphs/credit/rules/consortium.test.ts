import { describe, expect, it } from 'vitest';
import { combineConsortium, type MemberCheck } from './consortium.js';
import type { CreditCheckResult, Verdict } from './evaluate.js';

/** A member's check with just what the consortium reads (its verdict and check id). */
function member(position: number, verdict: Verdict): MemberCheck {
  const uscc = `M${position}`;
  return { uscc, position, check: { verdict, checkId: `CHK-${position}` } as CreditCheckResult };
}

const combine = (...verdicts: Verdict[]) =>
  combineConsortium(
    verdicts.map((v, i) => member(i + 1, v)),
    'BIDDING',
    '2026-11-22',
    new Date('2026-11-22T02:00:00Z'),
    'test',
  );

describe('a consortium is as strict as its strictest member', () => {
  it.each<[Verdict[], Verdict, string[]]>([
    [['CLEAR', 'INACTIVE', 'PROHIBITED'], 'INACTIVE', ['M2']],
    [['NOT_FOUND', 'INACTIVE'], 'INACTIVE', ['M2']],
    [['PROHIBITED', 'NOT_FOUND'], 'PROHIBITED', ['M1']],
    [['INCOMPLETE', 'NOT_FOUND'], 'NOT_FOUND', ['M2']],
    [['RESTRICTED', 'INCOMPLETE'], 'INCOMPLETE', ['M2']],
    [['CAUTION', 'RESTRICTED', 'RESTRICTED'], 'RESTRICTED', ['M2', 'M3']],
    [['CLEAR', 'CLEAR'], 'CLEAR', ['M1', 'M2']],
  ])('%j → %s', (verdicts, verdict, deciding) => {
    const r = combine(...verdicts);
    expect(r.verdict).toBe(verdict);
    expect(r.decidingMembers).toEqual(deciding);
  });

  it('says a deregistered or revoked member decides it', () => {
    const r = combine('PROHIBITED', 'INACTIVE');
    expect(r.summaryZh).toBe('联合体整体不能作为当事人（有成员已注销或吊销）：由成员2的核查结论决定（共2家成员，逐一核查）。');
    expect(r.summary).toBe('The consortium as a whole is INACTIVE: decided by member 2 (2 members, each checked).');
  });
});
