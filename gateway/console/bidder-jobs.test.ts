/**
 * A bidder list as a bulk check job (bidder-jobs.js): what is submitted (row i is bidder i, an invalid
 * code empty, consortia with their members), the job's rows onto the table, a list rebuilt from the
 * rows of a reopened job, and a re-check laid over only the rows that were INCOMPLETE.
 */
import { describe, expect, it } from 'vitest';
import { buildUscc } from '../../common/uscc/index.js';
import { applyJobRows, biddersFromRows, jobInput, overlayRecheck, recheckInput, type JobRowData } from './public/assets/lib/bidder-jobs.js';
import { pendingResults, type BidderInput } from './files.js';

const code = (i: number) => buildUscc('9', '1', '420502', String(i).padStart(8, '0'));
const bidder = (row: number, codeGiven: string, consortiumGiven = ''): BidderInput => ({ row, codeGiven, nameGiven: `公司${row}`, consortiumGiven });

const enterprise = (index: number, uscc: string, verdict: string, extra: JobRowData = {}): JobRowData => ({
  index,
  kind: 'ENTERPRISE',
  input: uscc,
  uscc,
  invalidReason: null,
  registeredName: `公司${index + 2}`,
  verdict,
  checkId: `CHK-${index}`,
  checkedAt: '2026-11-26T01:00:00.000Z',
  missingSources: verdict === 'INCOMPLETE' ? ['ENVIRONMENT'] : [],
  warnings: [],
  flags:
    verdict === 'RESTRICTED' ? [{ measureCode: 'M1', measureName: 'm', measureNameZh: '措施', kind: 'DISHONEST_DEBTOR', underObjection: false }] : [],
  members: null,
  decidingMembers: null,
  note: verdict === 'INCOMPLETE' ? 'deadline passed' : null,
  ...extra,
});

const bidders = [bidder(2, code(1)), bidder(3, '123'), bidder(4, code(2), '联合体A'), bidder(5, code(3), '联合体A'), bidder(6, code(1))];

describe('a bidder list as a job', () => {
  it('submits one row per bidder in file order, an invalid code empty, then the consortia', () => {
    expect(jobInput(bidders, { scenario: 'BIDDING', asOf: '2026-12-01', tenderReference: ' T-1 ' })).toEqual({
      codes: [code(1), '', code(2), code(3), code(1)],
      scenario: 'BIDDING',
      asOf: '2026-12-01',
      tenderReference: 'T-1',
      consortia: [{ label: '联合体A', members: [code(2), code(3)] }],
    });
  });

  it('puts the rows on the table, keeps the local reason of an invalid code, and re-checks only the INCOMPLETE rows', () => {
    const results = pendingResults(bidders);
    const rows = [
      enterprise(0, code(1), 'INCOMPLETE'),
      { ...enterprise(1, '', 'x'), uscc: null, verdict: null, invalidReason: 'EMPTY', invalidMessage: 'empty' },
      enterprise(2, code(2), 'CLEAR'),
      enterprise(3, code(3), 'RESTRICTED'),
      enterprise(4, code(1), 'INCOMPLETE'),
      {
        ...enterprise(5, '', 'RESTRICTED'),
        kind: 'CONSORTIUM',
        input: '联合体A',
        uscc: null,
        members: [code(2), code(3)],
        decidingMembers: [code(3)],
      },
    ];
    applyJobRows(results, rows, bidders);
    expect(results.map((r) => r.verdict)).toEqual(['INCOMPLETE', 'INVALID_CODE', 'CLEAR', 'RESTRICTED', 'INCOMPLETE']);
    expect(results[1]!.message).not.toBe('empty'); // the page's own explanation of the code
    expect(results[0]!.missingSources).toEqual(['ENVIRONMENT']);
    expect(results[3]!.flagDetails).toMatchObject([{ code: 'M1', nameZh: '措施', list: 'DISHONEST_DEBTOR' }]);
    expect(results[2]!.consortium).toMatchObject({ verdict: 'RESTRICTED', decidedBy: [2], id: `${code(2)},${code(3)}` });

    const again = recheckInput(results, { scenario: 'BIDDING' });
    expect(again).toMatchObject({ codes: [code(1)], consortia: [] });
    const changed = overlayRecheck(results, [enterprise(0, code(1), 'CLEAR'), enterprise(1, code(3), 'CLEAR')]);
    // Both rows with the re-checked code; the RESTRICTED row of code(3) stays as it was.
    expect(changed).toBe(2);
    expect(results.map((r) => r.verdict)).toEqual(['CLEAR', 'INVALID_CODE', 'CLEAR', 'RESTRICTED', 'CLEAR']);
    expect(results[0]!.missingSources).toEqual([]);
    expect(results[0]!.message).toBeNull();
    expect(recheckInput(results, { scenario: 'BIDDING' })).toBeNull();
  });

  it('rebuilds the list of a reopened job from its rows, consortium members marked', () => {
    const rows = [
      enterprise(0, code(1), 'CLEAR'),
      enterprise(1, code(2), 'CLEAR'),
      enterprise(2, code(3), 'CLEAR'),
      { ...enterprise(3, '', 'CLEAR'), kind: 'CONSORTIUM', input: '联合体A', uscc: null, members: [code(2), code(3)], decidingMembers: [] },
    ];
    const list = biddersFromRows(rows);
    expect(list).toEqual([
      { row: 1, codeGiven: code(1), nameGiven: '', consortiumGiven: '' },
      { row: 2, codeGiven: code(2), nameGiven: '', consortiumGiven: '联合体A' },
      { row: 3, codeGiven: code(3), nameGiven: '', consortiumGiven: '联合体A' },
    ]);
    const results = pendingResults(list);
    applyJobRows(results, rows, list);
    expect(results.map((r) => [r.verdict, r.consortium?.verdict ?? null, r.nameRegistered])).toEqual([
      ['CLEAR', null, '公司2'],
      ['CLEAR', 'CLEAR', '公司3'],
      ['CLEAR', 'CLEAR', '公司4'],
    ]);
  });
});
