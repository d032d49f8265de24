/**
 * Consortium bidders (联合体) in a bidder file: the consortium column, grouping rows into
 * consortia (lead member first, a lone row, an invalid or repeated member named), one
 * `consortium(usccs:)` request per group against a fake gateway, and the results file's columns.
 */
import { describe, expect, it } from 'vitest';
import { buildUscc } from '../../common/uscc/index.js';
import {
  BIDDERS_QUERY,
  CONSORTIUM_BIDDER_QUERY,
  checkBidders,
  countConsortia,
  groupConsortia,
  needsAttention,
  pendingResults,
  readBidderRows,
  resultsSheet,
  type BidderInput,
  type GraphqlRequest,
} from './files.js';

const code = (i: number) => buildUscc('9', '1', '420502', String(i).padStart(8, '0'));
const bidder = (row: number, codeGiven: string, consortiumGiven = '', nameGiven = `公司${row}`): BidderInput => ({
  row,
  codeGiven,
  nameGiven,
  consortiumGiven,
});

/** Verdict by the last digit of the organisation body, as in bidders.test.ts: 1 PROHIBITED, 3 RESTRICTED, 2 INCOMPLETE, else CLEAR. */
const verdictOf = (uscc: string) => ({ '1': 'PROHIBITED', '2': 'INCOMPLETE', '3': 'RESTRICTED' })[uscc[15]!] ?? 'CLEAR';
const STRICTNESS = ['PROHIBITED', 'NOT_FOUND', 'INCOMPLETE', 'RESTRICTED', 'CAUTION', 'CLEAR'];

function check(uscc: string) {
  const verdict = verdictOf(uscc);
  return {
    checkId: `CHK-${uscc}`,
    verdict,
    missingSources: verdict === 'INCOMPLETE' ? ['TAX'] : [],
    warnings: [],
    flags: verdict === 'RESTRICTED' ? [{ measure: { code: 'LIMIT-BID' } }] : [],
  };
}

/** A fake gateway answering `enterprises` and `consortium`. */
function fakeGateway(options: { failConsortium?: string; nullConsortiumCheck?: boolean } = {}) {
  const calls: { query: string; usccs: string[] }[] = [];
  const request: GraphqlRequest = async (query, variables) => {
    const v = variables as { usccs: string[]; scenario: string };
    calls.push({ query, usccs: v.usccs });
    if (query === BIDDERS_QUERY) {
      return {
        data: {
          enterprises: v.usccs.map((uscc) => ({
            __typename: 'Enterprise',
            uscc,
            marketRegulation: { registration: { name: `公司${uscc}` } },
            creditCheck: check(uscc),
          })),
        },
        errors: [],
      };
    }
    expect(query).toBe(CONSORTIUM_BIDDER_QUERY);
    if (options.failConsortium) {
      const { GraphqlRequestError } = await import('./files.js');
      throw new GraphqlRequestError('Consortium member 2: bad', { code: options.failConsortium });
    }
    const members = v.usccs.map((uscc, i) => ({ uscc, position: i + 1, check: check(uscc) }));
    const verdict = STRICTNESS.find((s) => members.some((m) => m.check.verdict === s)) ?? 'CLEAR';
    return {
      data: {
        consortium: {
          id: v.usccs.join(','),
          members: v.usccs.map((uscc) => ({ uscc, marketRegulation: { registration: { name: `登记${uscc.slice(-4)}` } } })),
          creditCheck: options.nullConsortiumCheck
            ? null
            : { checkId: 'CHK-CONSORTIUM', verdict, decidingMembers: members.filter((m) => m.check.verdict === verdict).map((m) => m.uscc), members },
        },
      },
      errors: options.nullConsortiumCheck
        ? [{ message: 'courts timed out', path: ['consortium', 'creditCheck'], extensions: { code: 'SUBGRAPH_TIMEOUT' } }]
        : [],
    };
  };
  return { request, calls };
}

describe('the consortium column', () => {
  it.each([
    [['统一社会信用代码', '投标人名称', '联合体'], 2, 0, 1],
    [['联合体编号', '代码', '名称'], 0, 1, 2],
    [['code', 'name', 'Consortium'], 2, 0, 1],
    [['联合体名称', '投标人', '统一社会信用代码'], 0, 2, 1], // 联合体名称 is the consortium, not the bidder's name
    [['代码', 'consortium_id'], 1, 0, null],
  ] as [string[], number, number, number | null][])(
    '%j: consortium column %i, code %i, name %s',
    (header, consortiumColumn, codeColumn, nameColumn) => {
      const cells = header.map((h) => (/联合体|consortium/i.test(h) ? 'A' : /代码|code/i.test(h) ? code(1) : '甲公司'));
      const r = readBidderRows([header, cells]);
      expect(r).toMatchObject({ hasHeader: true, consortiumColumn, codeColumn, nameColumn });
      expect(r.bidders[0]).toMatchObject({ row: 2, codeGiven: code(1), consortiumGiven: 'A' });
    },
  );

  it('is not there in a file without one (and 联合体成员代码 is a code column)', () => {
    expect(
      readBidderRows([
        ['代码', '名称'],
        [code(1), '甲'],
      ]),
    ).toMatchObject({ consortiumColumn: null, bidders: [{ row: 2, codeGiven: code(1), nameGiven: '甲' }] });
    expect(
      readBidderRows([
        ['联合体成员代码', '名称'],
        [code(1), '甲'],
      ]),
    ).toMatchObject({ consortiumColumn: null, codeColumn: 0 });
    expect(readBidderRows([[code(1), 'A']]).consortiumColumn).toBeNull();
  });
});

describe('groupConsortia', () => {
  it('groups rows by the consortium cell in file order (lead first, rows need not be adjacent); a lone row is an individual bidder', () => {
    const bidders = [
      bidder(2, code(10), 'A'),
      bidder(3, code(11)),
      bidder(4, code(12), 'B'),
      bidder(5, code(13), ' A '),
      bidder(6, code(14), 'C'),
      bidder(7, code(15), 'B'),
    ];
    const { groups, lone } = groupConsortia(bidders);
    expect(groups).toEqual([
      { label: 'A', indexes: [0, 3], codes: [code(10), code(13)], problem: null },
      { label: 'B', indexes: [2, 5], codes: [code(12), code(15)], problem: null },
    ]);
    expect([...lone]).toEqual([[4, 'C']]);
  });

  it.each([
    ['an invalid member', [bidder(2, code(1), 'A'), bidder(3, '9142', 'A')], '成员2（第3行）代码无效'],
    ['a repeated member', [bidder(2, code(1), 'A'), bidder(3, code(2), 'A'), bidder(4, code(1).toLowerCase(), 'A')], '成员3（第4行）与成员1代码相同'],
    ['21 members', Array.from({ length: 21 }, (_, i) => bidder(i + 2, code(i), 'A')), '联合体有21个成员，最多20个'],
  ] as [string, BidderInput[], string][])('keeps a group with %s, naming the problem', (_name, bidders, problem) => {
    const { groups } = groupConsortia(bidders);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.indexes).toHaveLength(bidders.length);
    expect(groups[0]!.problem).toContain(problem);
  });

  it('names the member in English too', () => {
    expect(groupConsortia([bidder(2, code(1), 'A'), bidder(3, 'x', 'A')], 'en').groups[0]!.problem).toMatch(
      /^Member 2 \(row 3\) has an invalid code/,
    );
  });

  it('marks the rows before the run', () => {
    const results = pendingResults([bidder(2, code(1), 'A'), bidder(3, 'x', 'A'), bidder(4, code(3), 'B')]);
    expect(results.map((r) => [r.verdict, r.consortium?.verdict ?? null, r.consortium?.position ?? null, r.loneConsortium])).toEqual([
      ['PENDING', 'INVALID_CODE', 1, null],
      ['INVALID_CODE', 'INVALID_CODE', 2, null],
      ['PENDING', null, null, 'B'],
    ]);
  });
});

describe('checkBidders with consortia', () => {
  it('checks each consortium with one consortium request, individuals with enterprises; the whole on every member row', async () => {
    const gw = fakeGateway();
    // Names as registered (the fake gateway's: 公司<code> alone, 登记<last 4> in a consortium), so only verdicts draw attention.
    const inConsortium = (i: number) => `登记${code(i).slice(-4)}`;
    const alone = (i: number) => `公司${code(i)}`;
    const bidders = [
      bidder(2, code(10), 'A', inConsortium(10)),
      bidder(3, code(20), '', alone(20)),
      bidder(4, code(13), 'A', inConsortium(13)),
      bidder(5, code(30), 'B', inConsortium(30)),
      bidder(6, code(40), 'B', inConsortium(40)),
      bidder(7, code(50), 'C', alone(50)),
    ];
    const results = await checkBidders({ bidders, scenario: 'BIDDING', request: gw.request });
    const consortiumCalls = gw.calls.filter((c) => c.query === CONSORTIUM_BIDDER_QUERY).map((c) => c.usccs);
    expect(consortiumCalls.sort()).toEqual(
      [
        [code(10), code(13)],
        [code(30), code(40)],
      ].sort(),
    );
    expect(
      gw.calls
        .filter((c) => c.query === BIDDERS_QUERY)
        .flatMap((c) => c.usccs)
        .sort(),
    ).toEqual([code(20), code(50)].sort());

    const [lead, single, member, b1, b2, lone] = results;
    // Consortium A: the clear lead keeps its own CLEAR; the whole is RESTRICTED, decided by member 2.
    expect(lead).toMatchObject({
      verdict: 'CLEAR',
      nameRegistered: `登记${code(10).slice(-4)}`,
      consortium: {
        label: 'A',
        position: 1,
        size: 2,
        verdict: 'RESTRICTED',
        decidedBy: [2],
        id: `${code(10)},${code(13)}`,
        checkId: 'CHK-CONSORTIUM',
      },
    });
    expect(member).toMatchObject({
      verdict: 'RESTRICTED',
      flags: ['LIMIT-BID'],
      checkId: `CHK-${code(13)}`,
      consortium: { position: 2, verdict: 'RESTRICTED' },
    });
    expect(single).toMatchObject({ verdict: 'CLEAR', consortium: null });
    expect([b1!.consortium!.verdict, b2!.consortium!.verdict]).toEqual(['CLEAR', 'CLEAR']);
    expect(lone).toMatchObject({ verdict: 'CLEAR', consortium: null, loneConsortium: 'C' });
    expect(results.map(needsAttention)).toEqual([true, false, true, false, false, false]);
    expect(countConsortia(results)).toEqual({ RESTRICTED: 1, CLEAR: 1 });
  });

  it('does not send a consortium with an invalid member: marked INVALID_CODE naming it, its valid members checked alone', async () => {
    const gw = fakeGateway();
    const results = await checkBidders({
      bidders: [bidder(2, code(10), 'A'), bidder(3, '91420502000000', 'A')],
      scenario: 'BIDDING',
      request: gw.request,
    });
    expect(gw.calls.map((c) => c.query)).toEqual([BIDDERS_QUERY]);
    expect(results[0]).toMatchObject({ verdict: 'CLEAR', consortium: { verdict: 'INVALID_CODE' } });
    expect(results[0]!.consortium!.message).toContain('成员2（第3行）代码无效');
    expect(results[1]).toMatchObject({ verdict: 'INVALID_CODE', consortium: { verdict: 'INVALID_CODE', position: 2 } });
    expect(needsAttention(results[0]!)).toBe(true);
  });

  it('a consortium refused as input is not retried; one whose check failed is ERROR on every member row', async () => {
    const refused = fakeGateway({ failConsortium: 'BAD_USER_INPUT' });
    const r1 = await checkBidders({
      bidders: [bidder(2, code(10), 'A'), bidder(3, code(11), 'A')],
      scenario: 'BIDDING',
      request: refused.request,
      retryDelayMs: 1,
    });
    expect(refused.calls).toHaveLength(1);
    expect(r1.map((r) => [r.verdict, r.consortium!.verdict])).toEqual([
      ['ERROR', 'INVALID_CODE'],
      ['ERROR', 'INVALID_CODE'],
    ]);
    expect(r1[0]!.consortium!.message).toBe('BAD_USER_INPUT: Consortium member 2: bad');

    const nulled = await checkBidders({
      bidders: [bidder(2, code(10), 'A'), bidder(3, code(11), 'A')],
      scenario: 'BIDDING',
      request: fakeGateway({ nullConsortiumCheck: true }).request,
    });
    expect(nulled.map((r) => [r.verdict, r.consortium!.verdict, r.message])).toEqual([
      ['ERROR', 'ERROR', 'SUBGRAPH_TIMEOUT: courts timed out'],
      ['ERROR', 'ERROR', 'SUBGRAPH_TIMEOUT: courts timed out'],
    ]);
  });

  it('counts progress per row, consortium rows when their consortium is answered', async () => {
    const progress: number[] = [];
    await checkBidders({
      bidders: [bidder(2, code(10), 'A'), bidder(3, code(11), 'A'), bidder(4, code(12))],
      scenario: 'BIDDING',
      request: fakeGateway().request,
      concurrency: 1,
      onProgress: (p) => progress.push(p.done),
    });
    expect(progress).toEqual([0, 2, 3]);
  });
});

describe('the results file with consortia', () => {
  it('adds the consortium columns after the check number, on every member row, and notes a lone row', async () => {
    const results = await checkBidders({
      bidders: [bidder(2, code(10), '联合体甲'), bidder(3, code(13), '联合体甲'), bidder(4, code(20), '乙')],
      scenario: 'BIDDING',
      request: fakeGateway().request,
    });
    const sheet = resultsSheet(results, { scenario: 'BIDDING', checkedAt: '2026-11-26T02:00:00Z' });
    expect(sheet.columns.map((c) => c.header)).toEqual([
      '行号',
      '统一社会信用代码',
      '填报名称',
      '登记名称',
      '核查结论',
      '适用的惩戒措施（名单；案号或文号；认定机关）',
      '未能读取的部门',
      '核查编号',
      '联合体',
      '联合体成员',
      '联合体结论',
      '决定联合体结论的成员',
      '联合体核查编号',
      '备注',
      '结论编码',
      '措施编码',
      '联合体结论编码',
      '联合体标识',
    ]);
    const record = (i: number) => Object.fromEntries(sheet.columns.map((c, j) => [c.key, sheet.rows[i]![j]]));
    expect(record(0)).toMatchObject({
      verdict: '未见限制',
      verdictCode: 'CLEAR',
      consortium: '联合体甲',
      consortiumId: `${code(10)},${code(13)}`,
      memberRole: '牵头人（共2家）',
      consortiumVerdict: '限制',
      consortiumVerdictCode: 'RESTRICTED',
      consortiumDecidedBy: '成员2（第3行）',
      consortiumCheckId: 'CHK-CONSORTIUM',
    });
    expect(record(0)['note']).toContain('联合体结论由成员2（第3行）决定');
    expect(record(1)).toMatchObject({ verdictCode: 'RESTRICTED', memberRole: '成员2（共2家）', consortiumVerdictCode: 'RESTRICTED' });
    expect(record(2)).toMatchObject({ consortium: '乙', consortiumId: '', consortiumVerdict: '', memberRole: '' });
    expect(record(2)['note']).toContain('联合体“乙”只有这一行，按单独投标人核查');
    expect(sheet.info.find(([k]) => k === '结果汇总')![1]).toBe('投标人 3 个：限制 1，未见限制 2；联合体：限制 1');
    // A file without consortia has no consortium columns.
    expect(
      resultsSheet(
        results.slice(2).map((r) => ({ ...r, loneConsortium: null })),
        { scenario: 'BIDDING', checkedAt: new Date() },
      ).columns.map((c) => c.key),
    ).not.toContain('consortium');
  });
});
