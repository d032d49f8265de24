/**
 * 只看需关注的: which bidder rows the filter keeps — every verdict but CLEAR (a deregistered or revoked
 * bidder, INACTIVE, among them), a name that is not the registered one, and both rows of a repeated
 * code — checked end to end through `checkBidders` against a fake gateway.
 */
import { describe, expect, it } from 'vitest';
import { buildUscc } from '../../common/uscc/index.js';
import { BIDDERS_QUERY, checkBidders, needsAttention, resultNote, type BidderInput, type GraphqlRequest } from './files.js';

const code = (i: number) => buildUscc('9', '1', '420502', String(i).padStart(8, '0'));
const bidder = (row: number, codeGiven: string, nameGiven: string): BidderInput => ({ row, codeGiven, nameGiven });

/** Registered as 登记<last 4>; the verdict by the last digit of the organisation body: 7 INACTIVE, 1 RESTRICTED, else CLEAR. */
const request: GraphqlRequest = async (query, variables) => {
  expect(query).toBe(BIDDERS_QUERY);
  const { usccs } = variables as { usccs: string[] };
  const enterprises = usccs.map((uscc) => {
    const digit = uscc[15];
    const verdict = digit === '7' ? 'INACTIVE' : digit === '1' ? 'RESTRICTED' : 'CLEAR';
    return {
      __typename: 'Enterprise',
      uscc,
      marketRegulation: { registration: { name: `登记${uscc.slice(-4)}`, status: verdict === 'INACTIVE' ? 'DEREGISTERED' : 'OPERATING' } },
      creditCheck: {
        checkId: `CHK-${uscc}`,
        verdict,
        missingSources: [],
        warnings:
          verdict === 'INACTIVE'
            ? ['已注销（2026-06-29）：主体资格已终止，不能作为新申请的当事人。 Deregistered since 2026-06-29: the entity no longer exists.']
            : [],
        flags: verdict === 'RESTRICTED' ? [{ measure: { code: 'RESTRICT-BID-DISHONEST-DEBTOR' } }] : [],
      },
    };
  });
  return { data: { enterprises }, errors: [] };
};

const registered = (i: number) => `登记${code(i).slice(-4)}`;

describe('只看需关注的 (needsAttention)', () => {
  it('keeps INACTIVE, restricted, a differing name and both rows of a repeated code; leaves clear rows out', async () => {
    const bidders = [
      bidder(2, code(10), registered(10)), // clear, name as registered
      bidder(3, code(17), registered(17)), // deregistered: INACTIVE
      bidder(4, code(21), registered(21)), // restricted
      bidder(5, code(30), '另一家公司'), // clear, but the name given is not the registered one
      bidder(6, code(40), registered(40)), // clear, its code repeated below
      bidder(7, code(50), registered(50)), // clear
      bidder(8, code(40), registered(40)), // the repeat of row 6
    ];
    const results = await checkBidders({ bidders, scenario: 'BIDDING', request });
    expect(results.map((r) => r.verdict)).toEqual(['CLEAR', 'INACTIVE', 'RESTRICTED', 'CLEAR', 'CLEAR', 'CLEAR', 'CLEAR']);
    expect(results.map((r) => r.nameMismatch)).toEqual([false, false, false, true, false, false, false]);
    expect(results.filter(needsAttention).map((r) => r.row)).toEqual([3, 4, 5, 6, 8]);
    // Without the list a row cannot know it was repeated later; the repeat itself always can.
    expect(needsAttention(results[4]!)).toBe(false);
    expect(needsAttention(results[6]!)).toBe(true);
    expect(resultNote(results[1]!, 'zh')).toContain('已注销');
    expect(resultNote(results[6]!, 'zh')).toContain('与第6行代码重复');
  });
});
