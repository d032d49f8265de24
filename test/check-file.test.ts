/**
 * `npm run check-file` with an .xlsx written by LibreOffice, against a real stack on loopback, with
 * no --key (the development key npm start accepts): one bulk check job followed live, with the valid
 * codes only (a code the spreadsheet stored as a number is reported, never sent), the results as .xlsx
 * and as CSV — read back by LibreOffice with every code intact and the verdicts the golden file
 * expects — and the CSV taken again as a bidders file gives the same bidders.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckFile, type CheckFileIo } from '../gateway/console/check-file-cli.js';
import { CODE_LOST_MESSAGE, readBiddersFile } from '../gateway/console/files.js';
import { VERDICT_LABELS } from '../gateway/console/public/assets/lib/i18n.js';
import { startStack, type Stack } from './support/stack.js';
import { textCodesWorkbook, type WorkbookLine } from './support/bidder-workbooks.js';
import { libreOfficeCsv, readCsvRows } from './support/libreoffice.js';

const TENDER = 'HBZB-2026-0815';
const INVALID = '91440300708461136X';

let stack: Stack;
let dir: string;
let lines: WorkbookLine[];
let workbook: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'check-file-'));
  stack = await startStack({ datasetSize: 50 });
  const line = (id: string, extra: Partial<WorkbookLine> = {}): WorkbookLine => {
    const g = stack.goldenCase(id);
    return { code: g.uscc, name: g.truth.market?.registration.name ?? g.titleZh, consortium: '', ...extra };
  };
  lines = [
    line('clean'),
    line('dishonest-debtor', { consortium: '联合体一' }),
    line('a-level-taxpayer', { consortium: '联合体一' }),
    line('serious-illegal'),
    line('abnormal-operations', { asNumber: true }),
    { code: INVALID, name: '代码录入有误的公司', consortium: '' },
  ];
  workbook = path.join(dir, '投标人名单.xlsx');
  writeFileSync(workbook, await textCodesWorkbook(lines));
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Run the tool as `npm run check-file` does, watching (not replacing) what it sends. */
async function checkFile(args: string[]) {
  const err: string[] = [];
  const sent: { headers: Record<string, string>; usccs: string[] }[] = [];
  const streams: string[] = [];
  const io: CheckFileIo = {
    stdout: { write: () => true },
    stderr: { write: (c) => err.push(c), isTTY: false },
    env: {},
    fetch: (async (url: string, init: RequestInit) => {
      if (init.method === 'POST') {
        const body = JSON.parse(String(init.body)) as { variables: { input?: { codes: string[]; consortia: { members: string[] }[] } } };
        const input = body.variables.input;
        // What a job submission sends: the codes (an invalid one empty) and the consortium members.
        if (input)
          sent.push({ headers: init.headers as Record<string, string>, usccs: [...input.codes, ...input.consortia.flatMap((c) => c.members)] });
      } else streams.push(url);
      return fetch(url, init);
    }) as typeof fetch,
  };
  const status = await runCheckFile(args, io);
  return { status, err: err.join(''), sent, streams };
}

const expected = (id: string) => (stack.goldenCase(id).raw['expected'] as Record<string, { verdict: string; flags: string[] }>)['BIDDING']!;

/** The table of a results CSV as LibreOffice wrote it, keyed by heading. */
function table(rows: string[][]) {
  const h = rows.findIndex((r) => r.includes('统一社会信用代码'));
  const header = rows[h]!;
  return rows
    .slice(h + 1)
    .filter((r) => r.some(Boolean))
    .map((r) => Object.fromEntries(header.map((k, i) => [k, r[i] ?? ''])));
}

describe('check-file with an .xlsx bidders file', { timeout: 120_000 }, () => {
  it('checks the valid codes with the development key, reports the one stored as a number, and writes an .xlsx LibreOffice reads intact', async () => {
    const out = path.join(dir, 'results.xlsx');
    const run = await checkFile([workbook, '--tender', TENDER, '--url', stack.gatewayUrl, '--out', out]);
    expect(run.err).toContain('using the development key dev-trading-platform');
    expect(run.status, run.err).toBe(0);
    expect(run.err).toContain(
      `${lines.length} bidders (XLSX, sheet "投标人" (the first of 2), header on row 3), 2 invalid codes, 1 consortia (2 member rows)`,
    );
    expect(run.err).toContain('1 codes were turned into numbers by a spreadsheet');
    // One job, followed live; every bidder has its row (an invalid code's is empty: nothing of it is sent).
    expect(run.sent).toHaveLength(1);
    expect(run.sent[0]!.usccs.slice(0, lines.length).map((c) => c === '')).toEqual(lines.map((l) => !!l.asNumber || l.code === INVALID));
    expect(run.streams).toHaveLength(1);
    expect(run.streams[0]).toMatch(/\/jobs\/[0-9a-f-]{36}\/events$/);
    expect(run.err).toMatch(/Job [0-9a-f-]{36} submitted/);
    // The job's rows: one per bidder, one for the consortium as a whole.
    expect(run.err).toContain(`checked ${lines.length + 1}/${lines.length + 1} (100%)`);
    const sentCodes = run.sent.flatMap((s) => s.usccs).filter(Boolean);
    const lost = lines.find((l) => l.asNumber)!;
    expect(sentCodes).not.toContain(lost.code);
    expect(sentCodes.some((c) => c.startsWith(lost.code.slice(0, 12)))).toBe(false); // no guess sent either
    expect(new Set(sentCodes)).toEqual(new Set(lines.filter((l) => !l.asNumber && l.code !== INVALID).map((l) => l.code)));
    for (const s of run.sent)
      expect(s.headers).toMatchObject({
        Authorization: 'Bearer dev-trading-platform',
        'X-Query-Purpose': 'BIDDER_CHECK',
        'X-Query-Reference': TENDER,
      });

    const rows = readCsvRows(await libreOfficeCsv({ name: 'results.xlsx', data: readFileSync(out) }));
    expect(rows[0]![0]).toBe('投标人信用核查结果');
    const info = Object.fromEntries(rows.slice(1, 8).map((r) => [r[0], r[2]]));
    expect(info['招标项目编号']).toBe(TENDER);
    expect(info['办理场景']).toBe('招标投标');
    expect(info['核查时间（北京时间）']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(info['投标人名单文件']).toBe('投标人名单.xlsx');
    const body = table(rows);
    expect(body).toHaveLength(lines.length);
    for (const [i, l] of lines.entries()) {
      const r = body[i]!;
      expect(r['行号']).toBe(String(4 + i));
      expect(r['填报名称']).toBe(l.name);
      if (l.asNumber) {
        expect(r['核查结论']).toBe('代码无效');
        expect(r['备注']).toBe(CODE_LOST_MESSAGE.zh);
        expect(r['统一社会信用代码']).toMatch(/^\d{15}000$/); // what the sheet held, shown as text, not repaired
      } else {
        expect(r['统一社会信用代码']).toBe(l.code);
      }
    }
    for (const id of ['clean', 'dishonest-debtor', 'serious-illegal']) {
      const r = body.find((x) => x['统一社会信用代码'] === stack.goldenCase(id).uscc)!;
      expect(r['结论编码'], id).toBe(expected(id).verdict);
      expect(r['核查结论']).toBe(VERDICT_LABELS[expected(id).verdict]!.zh);
      expect(r['核查编号']).toMatch(/^CHK-/);
      expect(r['措施编码']!.split('\n').filter(Boolean).sort()).toEqual([...new Set(expected(id).flags)].sort());
    }
    const debtor = body.find((x) => x['统一社会信用代码'] === stack.goldenCase('dishonest-debtor').uscc)!;
    expect(debtor['适用的惩戒措施（名单；案号或文号；认定机关）']).toContain('失信被执行人');
    expect(debtor['适用的惩戒措施（名单；案号或文号；认定机关）']).toMatch(/[\u4e00-\u9fff]+（失信被执行人；[^；]+；[^）]*法院）/);
    expect(debtor['联合体']).toBe('联合体一');
    expect(debtor['联合体结论']).toBe(VERDICT_LABELS[expected('dishonest-debtor').verdict]!.zh);
    expect(body.find((x) => x['统一社会信用代码'] === INVALID)!['核查结论']).toBe('代码无效');
  });

  it('writes a CSV that LibreOffice reads intact and that check-file takes again as the same bidders', async () => {
    const out = path.join(dir, 'results.csv');
    const first = await checkFile([workbook, '--tender', TENDER, '--url', stack.gatewayUrl, '--out', out]);
    expect(first.status, first.err).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = table(readCsvRows(await libreOfficeCsv({ name: 'results.csv', data: bytes })));
    expect(body.filter((r) => r['核查结论'] !== '代码无效').map((r) => r['统一社会信用代码'])).toEqual(
      lines.filter((l) => !l.asNumber && l.code !== INVALID).map((l) => l.code),
    );

    const again = await checkFile([out, '--tender', TENDER, '--url', stack.gatewayUrl, '--out', path.join(dir, 'again.csv')]);
    expect(again.status, again.err).toBe(0);
    expect(again.err).toContain(`${lines.length} bidders (UTF-8-BOM, header on record 9), 2 invalid codes, 1 consortia`);
    expect(again.sent.flatMap((s) => s.usccs)).toEqual(first.sent.flatMap((s) => s.usccs));
    const reread = await readBiddersFile(bytes);
    const original = await readBiddersFile(readFileSync(workbook));
    expect(reread.bidders.map((b) => [b.nameGiven, b.consortiumGiven])).toEqual(original.bidders.map((b) => [b.nameGiven, b.consortiumGiven]));
    expect(reread.bidders.map((b) => b.codeGiven)).toEqual(original.bidders.map((b) => b.codeGiven));
  });
});
