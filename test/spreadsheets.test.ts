/**
 * Bidder files and results files against a real spreadsheet program. The .xlsx fixtures are
 * written by LibreOffice (headless) from sources made here, and what the console writes is read
 * back by LibreOffice — not only by the library that wrote it:
 * - a workbook with a title row, the heading on row 3, codes in text cells and a second sheet is
 *   read from its first sheet, every code, name and consortium exact, with the sheet's row numbers;
 * - a workbook where the spreadsheet stored the codes as numbers (a CSV opened with the default
 *   column types and saved), and the CSV saved from such a sheet (9.14205030428615E+17,
 *   914205030428615000), give the clear message about lost digits, never a guess or
 *   "第2位字符'.'不合法";
 * - the results .xlsx and CSV keep every code as text when LibreOffice opens them, and read back
 *   into the same bidders;
 * - the sample bidder files in docs/samples hold the same bidders, and the .xlsx was written by LibreOffice.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGoldenCases } from '../legacy/dataset/index.js';
import { chinaDate } from '../subgraphs/shared/index.js';
import {
  bidderCode,
  CODE_LOST_MESSAGE,
  ExcelJS,
  pendingResults,
  readBiddersFile,
  resultsCsvBytes,
  resultsXlsxBytes,
  type BidderResult,
} from '../gateway/console/files.js';
import { FIRST_BIDDER_ROW, numberCodesWorkbook, textCodesWorkbook, type WorkbookLine } from './support/bidder-workbooks.js';
import { convertWithLibreOffice, fods, libreOfficeCsv, readCsvRows } from './support/libreoffice.js';

const golden = loadGoldenCases(chinaDate(new Date()));
const g = (id: string) => {
  const c = golden.find((x) => x.id === id)!;
  return { code: c.uscc, name: c.truth.market?.registration.name ?? c.titleZh };
};

/** Codes of digits only (the ones a spreadsheet turns into numbers) and codes with a letter. */
const LINES: WorkbookLine[] = [
  { ...g('clean'), consortium: '' },
  { ...g('dishonest-debtor'), consortium: '联合体一' },
  { ...g('a-level-taxpayer'), consortium: '联合体一' },
  { ...g('deregistered'), consortium: '' },
  { ...g('serious-illegal'), consortium: '' },
  { ...g('abnormal-operations'), consortium: '' },
  { code: '91440300708461136X', name: '代码有误的投标人', consortium: '' },
];
const digitsOnly = (code: string) => /^\d{18}$/.test(code);

let textXlsx: Buffer;
let numbersXlsx: Buffer;

beforeAll(async () => {
  expect(LINES.filter((l) => digitsOnly(l.code)).length).toBeGreaterThanOrEqual(4);
  expect(LINES.filter((l) => !digitsOnly(l.code)).length).toBeGreaterThanOrEqual(2);
  [textXlsx, numbersXlsx] = await Promise.all([textCodesWorkbook(LINES), numberCodesWorkbook(LINES)]);
}, 180_000);

describe('an .xlsx bidders file written by LibreOffice', () => {
  it('is read from its first sheet under its heading: every code, name and consortium exact', async () => {
    const read = await readBiddersFile(textXlsx);
    expect(read).toMatchObject({
      format: 'XLSX',
      sheetName: '投标人',
      sheetNames: ['投标人', '说明'],
      hasHeader: true,
      headerRow: 3,
      skippedRows: 1,
      codeColumn: 2,
      nameColumn: 1,
      consortiumColumn: 3,
    });
    expect(read.bidders).toEqual(
      LINES.map((l, i) => ({ row: FIRST_BIDDER_ROW + i, codeGiven: l.code, nameGiven: l.name, consortiumGiven: l.consortium })),
    );
    const results = pendingResults(read.bidders);
    expect(results.map((r) => r.verdict)).toEqual(LINES.map((l) => (l.code === '91440300708461136X' ? 'INVALID_CODE' : 'PENDING')));
    expect(results.every((r) => !r.codeLostToSpreadsheet)).toBe(true);
  });

  it('where the spreadsheet stored the codes as numbers: the digits are lost, said so in Chinese and English, never guessed', async () => {
    const read = await readBiddersFile(numbersXlsx);
    expect(read).toMatchObject({ format: 'XLSX', headerRow: 1, codeColumn: 2 });
    expect(read.bidders).toHaveLength(LINES.length);
    for (const [i, b] of read.bidders.entries()) {
      const line = LINES[i]!;
      if (digitsOnly(line.code)) {
        expect(b.codeIsNumber, line.code).toBe(true);
        // 15 significant digits are all a spreadsheet keeps: the rest are zeros, the 15th rounded.
        expect(b.codeGiven).toMatch(/^\d{15}000$/);
        expect(Math.abs(Number(b.codeGiven) - Number(line.code))).toBeLessThanOrEqual(1000);
        expect(b.codeGiven).not.toBe(line.code);
      } else {
        expect(b.codeGiven).toBe(line.code);
        expect(b.codeIsNumber).toBeUndefined();
      }
    }
    for (const lang of ['zh', 'en'] as const) {
      const results = pendingResults(read.bidders, lang);
      for (const [i, r] of results.entries()) {
        if (!digitsOnly(LINES[i]!.code)) continue;
        expect(r.verdict).toBe('INVALID_CODE');
        expect(r.codeLostToSpreadsheet).toBe(true);
        expect(r.message).toBe(CODE_LOST_MESSAGE[lang]);
        // Never "repaired": no valid code is made of it, and it is not sent.
        expect(r.code).not.toBe(LINES[i]!.code);
      }
    }
    expect(CODE_LOST_MESSAGE.zh).toContain('存成了数字');
    expect(CODE_LOST_MESSAGE.zh).toContain('“文本”格式');
    expect(CODE_LOST_MESSAGE.en).toContain('stored this code as a number');
    expect(CODE_LOST_MESSAGE.en).toContain('Format the code column as Text');
    // The consortium with a lost member is not sent, and says which member.
    const consortium = pendingResults(read.bidders).find((r) => r.consortium)!.consortium!;
    expect(consortium.verdict).toBe('INVALID_CODE');
    expect(consortium.message).toContain(`成员1（第${read.bidders[1]!.row}行）代码无效：${CODE_LOST_MESSAGE.zh}`);
  });

  it('saved as CSV by the spreadsheet (9.14205030428615E+17, or 914205030428615000 under the format 0): the same message', async () => {
    const wholeFods = fods([
      {
        name: '投标人',
        rows: [
          ['投标人名称', '统一社会信用代码'],
          ...LINES.map((l) => [l.name, digitsOnly(l.code) ? { number: l.code, digits: 'all' as const } : l.code]),
        ],
      },
    ]);
    const [generalCsv, wholeCsv] = await Promise.all([
      libreOfficeCsv({ name: 'numbers.xlsx', data: numbersXlsx }),
      libreOfficeCsv({ name: 'whole.fods', data: wholeFods }),
    ]);
    expect(generalCsv).toMatch(/9\.14205\d*E\+0?17/);
    expect(wholeCsv).toMatch(/\b914205\d{9}000\b/);
    for (const csv of [generalCsv, wholeCsv]) {
      const read = await readBiddersFile(Buffer.from(csv, 'utf8'));
      expect(read.bidders).toHaveLength(LINES.length);
      const results = pendingResults(read.bidders);
      for (const [i, r] of results.entries()) {
        const line = LINES[i]!;
        if (digitsOnly(line.code)) {
          expect(r.codeLostToSpreadsheet, r.codeGiven).toBe(true);
          expect(r.message).toBe(CODE_LOST_MESSAGE.zh);
          expect(r.message).not.toMatch(/第\d+位字符/);
        } else {
          expect(r.codeGiven).toBe(line.code);
        }
      }
    }
  });

  it('a valid code that happens to end in zeros is still a code (only an invalid one is taken for a lost number)', () => {
    const deregistered = g('deregistered').code; // 914205030465293800
    expect(deregistered.endsWith('00')).toBe(true);
    expect(bidderCode({ row: 2, codeGiven: deregistered, nameGiven: '' })).toEqual({ valid: true, code: deregistered });
    expect(bidderCode({ row: 2, codeGiven: deregistered, nameGiven: '', codeIsNumber: true })).toMatchObject({
      valid: false,
      lostToSpreadsheet: true,
    });
  });
});

/** Results for the bidders of the text workbook, with verdicts and flags as a check would give them. */
async function sampleResults(): Promise<BidderResult[]> {
  const results = pendingResults((await readBiddersFile(textXlsx)).bidders);
  for (const r of results) {
    if (r.verdict !== 'PENDING') continue;
    r.verdict = r.code === g('dishonest-debtor').code ? 'RESTRICTED' : 'CLEAR';
    r.checkId = `CHK-20261126-${r.code}`;
    r.checkedAt = '2026-11-25T23:33:05.000Z';
    if (r.verdict === 'RESTRICTED') {
      r.flags = ['RESTRICT-BID-DISHONEST-DEBTOR'];
      r.flagDetails = [
        {
          code: 'RESTRICT-BID-DISHONEST-DEBTOR',
          name: 'Restricted in bidding',
          nameZh: '限制参与招标投标',
          list: 'DISHONEST_DEBTOR',
          department: 'COURTS',
          reference: '(2026)鄂0503执77号',
          authority: '宜昌市伍家岗区人民法院',
          underObjection: false,
        },
      ];
    }
  }
  return results;
}
const META = {
  tender: 'HBZB-2026-0815',
  scenario: 'BIDDING',
  asOf: '2026-12-01',
  checkedAt: new Date('2026-11-25T23:33:05Z'),
  source: '投标人名单.xlsx',
};

/** The table part of a CSV as LibreOffice wrote it: rows keyed by heading. */
function table(rows: string[][]): Record<string, string>[] {
  const h = rows.findIndex((r) => r.includes('统一社会信用代码'));
  expect(h).toBeGreaterThan(0);
  const header = rows[h]!;
  return rows
    .slice(h + 1)
    .filter((r) => r.some((c) => c !== ''))
    .map((r) => Object.fromEntries(header.map((k, i) => [k, r[i] ?? ''])));
}

describe('the results files, opened by LibreOffice', () => {
  it('the .xlsx: header block and every code as text, as LibreOffice reads it', async () => {
    const results = await sampleResults();
    const xlsx = await resultsXlsxBytes(results, META);
    const rows = readCsvRows(await libreOfficeCsv({ name: 'results.xlsx', data: xlsx }));
    expect(rows[0]![0]).toBe('投标人信用核查结果');
    const info = Object.fromEntries(rows.slice(1, 8).map((r) => [r[0], r[2]]));
    expect(info).toMatchObject({
      招标项目编号: 'HBZB-2026-0815',
      办理场景: '招标投标',
      核查基准日: '2026-12-01',
      '核查时间（北京时间）': '2026-11-26 07:33:05',
      投标人名单文件: '投标人名单.xlsx',
    });
    const body = table(rows);
    expect(body.map((r) => r['统一社会信用代码'])).toEqual(LINES.map((l) => l.code));
    expect(body.map((r) => r['填报名称'])).toEqual(LINES.map((l) => l.name));
    const debtor = body.find((r) => r['统一社会信用代码'] === g('dishonest-debtor').code)!;
    expect(debtor['核查结论']).toBe('限制');
    expect(debtor['适用的惩戒措施（名单；案号或文号；认定机关）']).toBe(
      '限制参与招标投标（失信被执行人；(2026)鄂0503执77号；宜昌市伍家岗区人民法院）',
    );
    expect(debtor['联合体']).toBe('联合体一');

    // Written as text cells with the text format, column widths set, the heading row frozen.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as never);
    const ws = wb.worksheets[0]!;
    const headerRow = ws.getColumn(2).values.indexOf('统一社会信用代码');
    for (let r = headerRow + 1; r <= headerRow + LINES.length; r++) {
      expect(ws.getCell(r, 2).type).toBe(ExcelJS.ValueType.String);
      expect(ws.getCell(r, 2).numFmt).toBe('@');
    }
    const widths = Object.fromEntries(ws.columns.map((c, i) => [String(ws.getCell(headerRow, i + 1).value), c.width]));
    expect(widths['统一社会信用代码']).toBeGreaterThanOrEqual(20);
    expect(widths['备注']).toBeGreaterThanOrEqual(60);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
  });

  it('the CSV: LibreOffice reads every code as text (="…"), and converting it to .xlsx stores no code as a number', async () => {
    const results = await sampleResults();
    const csv = resultsCsvBytes(results, META);
    const [asCsv, [xlsx]] = await Promise.all([
      libreOfficeCsv({ name: 'results.csv', data: csv }),
      convertWithLibreOffice([{ name: 'results.csv', data: csv }], 'xlsx'),
    ]);
    const rows = readCsvRows(asCsv);
    expect(rows[0]![0]).toBe('投标人信用核查结果');
    expect(rows.find((r) => r[0] === '核查时间（北京时间）')![1]).toBe('2026-11-26 07:33:05');
    expect(table(rows).map((r) => r['统一社会信用代码'])).toEqual(LINES.map((l) => l.code));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx! as never);
    const ws = wb.worksheets[0]!;
    const headerRow = ws.getColumn(2).values.indexOf('统一社会信用代码');
    expect(headerRow).toBeGreaterThan(0);
    for (let r = headerRow + 1; r <= headerRow + LINES.length; r++) {
      const v = ws.getCell(r, 2).value;
      const text = typeof v === 'object' && v !== null && 'result' in v ? v.result : v;
      expect(typeof text, `row ${r}`).toBe('string');
      expect(text).toBe(LINES[r - headerRow - 1]!.code);
    }
  });

  it('both read back into the same bidders (our page and CLI take a results file as a bidders file)', async () => {
    const results = await sampleResults();
    const original = (await readBiddersFile(textXlsx)).bidders.map((b) => [b.codeGiven, b.nameGiven, b.consortiumGiven]);
    for (const bytes of [await resultsXlsxBytes(results, META), resultsCsvBytes(results, META)]) {
      const read = await readBiddersFile(bytes);
      expect(read.consortiumColumn).not.toBeNull();
      expect(read.bidders.map((b) => [b.codeGiven, b.nameGiven, b.consortiumGiven])).toEqual(original);
    }
  });
});

describe('the sample bidder files (docs/samples)', () => {
  it('hold the same bidders, with codes as text in the workbook', async () => {
    const csv = await readBiddersFile(readFileSync(new URL('../docs/samples/bidders-sample.csv', import.meta.url)));
    const xlsxBytes = readFileSync(new URL('../docs/samples/bidders-sample.xlsx', import.meta.url));
    const xlsx = await readBiddersFile(xlsxBytes);
    expect(xlsx.bidders.map(({ codeGiven, nameGiven, consortiumGiven }) => ({ codeGiven, nameGiven, consortiumGiven }))).toEqual(
      csv.bidders.map(({ codeGiven, nameGiven, consortiumGiven }) => ({ codeGiven, nameGiven, consortiumGiven })),
    );
    expect(xlsx.bidders.every((b) => !b.codeIsNumber)).toBe(true);
    // Every bidder but the one with a typing error has a valid code; one consortium of two.
    const invalid = pendingResults(csv.bidders).filter((r) => r.verdict === 'INVALID_CODE');
    expect(invalid).toHaveLength(1);
    expect(csv.consortiumColumn).not.toBeNull();
    expect(new Set(csv.bidders.map((b) => b.consortiumGiven).filter(Boolean)).size).toBe(1);
  });
});
