/** CSV reading and writing, encoding detection, bidder rows and the results file. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  decodeCsvBytes,
  decodeCsvFile,
  detectDelimiter,
  escapeCell,
  excelText,
  codeLostToSpreadsheet,
  CODE_LOST_MESSAGE,
  pendingResults,
  parseCsv,
  readBiddersFile,
  readBidderRows,
  resultsCsvBytes,
  resultsSheet,
  toCsv,
  unwrapExcelText,
  type BidderResult,
} from './files.js';

const NASTY = [
  ['914205020361824755', '宜昌华盛建筑工程有限公司'],
  ['91610112072613949C', '西安"秦川"食品有限公司'],
  ['91420506017539264P', '恒远机械, 制造（湖北）股份有限公司'],
  ['91430104051397423C', '多行\r\n名称 "带引号", 和逗号'],
  ['914205030428615383', ' 前后空格 '],
];

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, quotes and line breaks', () => {
    const text = 'code,name\r\n1,"a, b"\r\n2,"say ""hi"""\n3,"two\nlines"\r4,plain\n';
    expect(parseCsv(text)).toEqual([
      ['code', 'name'],
      ['1', 'a, b'],
      ['2', 'say "hi"'],
      ['3', 'two\nlines'],
      ['4', 'plain'],
    ]);
  });

  it('skips empty lines, keeps empty cells, strips a BOM, tolerates stray quotes', () => {
    expect(parseCsv('\ufeffa,b\n\n\n,x\ny,\n')).toEqual([
      ['a', 'b'],
      ['', 'x'],
      ['y', ''],
    ]);
    expect(parseCsv('a,b"c"d,"e"f\n"unterminated,x')).toEqual([['a', 'b"c"d', 'ef'], ['unterminated,x']]);
    expect(parseCsv('"",""\n')).toEqual([['', '']]);
  });

  it('detects semicolon and tab delimiters', () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('a\tb\n')).toBe('\t');
    expect(detectDelimiter('"x;y;z",b\n')).toBe(',');
    expect(parseCsv('代码;名称\n914205020361824755;"甲, 乙"\n')).toEqual([
      ['代码', '名称'],
      ['914205020361824755', '甲, 乙'],
    ]);
    expect(parseCsv('代码\t名称\r\n914205020361824755\t甲;乙\r\n')).toEqual([
      ['代码', '名称'],
      ['914205020361824755', '甲;乙'],
    ]);
  });
});

describe('writing CSV', () => {
  it('quotes what needs quoting and neutralises formulas', () => {
    expect(escapeCell('plain')).toBe('plain');
    expect(escapeCell('a,b')).toBe('"a,b"');
    expect(escapeCell('say "hi"')).toBe('"say ""hi"""');
    expect(escapeCell('two\nlines')).toBe('"two\nlines"');
    expect(escapeCell(' padded ')).toBe('" padded "');
    expect(escapeCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(escapeCell('+1')).toBe("'+1");
    expect(escapeCell('-1')).toBe("'-1");
    expect(escapeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(escapeCell(null)).toBe('');
    expect(escapeCell(12)).toBe('12');
  });

  it('writes a BOM and CRLF, and reads back what it wrote', () => {
    const csv = toCsv(NASTY);
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual(NASTY);
    expect(toCsv([], { bom: false })).toBe('');
  });
});

describe('encodings', () => {
  const text = toCsv(NASTY, { bom: false });

  it('reads UTF-8 without and with BOM', () => {
    expect(decodeCsvFile(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'UTF-8' });
    expect(decodeCsvFile(Buffer.from(`\ufeff${text}`, 'utf8'))).toEqual({ text, encoding: 'UTF-8-BOM' });
  });

  it('reads GBK, as Chinese Excel exports it (iconv-lite in Node, the WHATWG decoder by default)', () => {
    const gbk = iconv.encode(text, 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    expect(decodeCsvFile(gbk)).toEqual({ text, encoding: 'GBK' });
    expect(decodeCsvBytes(new Uint8Array(gbk))).toEqual({ text, encoding: 'GBK' });
    expect(parseCsv(decodeCsvFile(gbk).text)).toEqual(NASTY);
  });

  it('reads UTF-16 with a BOM (Excel "Unicode text")', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeCsvFile(le)).toEqual({ text, encoding: 'UTF-16LE' });
  });

  it('round-trips a bidder file through GBK', async () => {
    const file = iconv.encode(toCsv([['统一社会信用代码', '投标人名称'], ...NASTY], { bom: false }), 'gbk');
    const read = await readBiddersFile(file);
    expect(read.encoding).toBe('GBK');
    expect(read.hasHeader).toBe(true);
    expect(read.bidders.map((b) => [b.codeGiven, b.nameGiven])).toEqual(NASTY.map(([c, n]) => [c, n!.trim()]));
  });
});

describe('readBidderRows', () => {
  it('takes code and name from the first two columns when there is no header', () => {
    const r = readBidderRows([
      ['914205020361824755', '甲公司'],
      ['91610112072613949C', '乙公司'],
    ]);
    expect(r).toMatchObject({ hasHeader: false, codeColumn: 0, nameColumn: 1 });
    expect(r.bidders).toEqual([
      { row: 1, codeGiven: '914205020361824755', nameGiven: '甲公司' },
      { row: 2, codeGiven: '91610112072613949C', nameGiven: '乙公司' },
    ]);
  });

  it('finds columns by header name, in any order, and keeps file row numbers', () => {
    const r = readBidderRows([
      ['序号', '投标人名称', '统一社会信用代码', '备注'],
      ['1', '甲公司', '914205020361824755', ''],
      ['', '', '', ''],
      ['2', '乙公司', 'bad', 'x'],
    ]);
    expect(r).toMatchObject({ hasHeader: true, codeColumn: 2, nameColumn: 1 });
    expect(r.bidders).toEqual([
      { row: 2, codeGiven: '914205020361824755', nameGiven: '甲公司' },
      { row: 4, codeGiven: 'bad', nameGiven: '乙公司' },
    ]);
  });

  it('recognises a header that holds digits by its column names', () => {
    const r = readBidderRows([
      ['序号', '投标人名称（2026年）', '统一社会信用代码'],
      ['1', '甲公司', '914205020361824755'],
    ]);
    expect(r).toMatchObject({ hasHeader: true, codeColumn: 2, nameColumn: 1 });
    expect(r.bidders).toEqual([{ row: 2, codeGiven: '914205020361824755', nameGiven: '甲公司' }]);
  });

  it('accepts English headers and a code-only file', () => {
    expect(
      readBidderRows([
        ['name', 'code'],
        ['A', '914205020361824755'],
      ]).bidders,
    ).toEqual([{ row: 2, codeGiven: '914205020361824755', nameGiven: 'A' }]);
    expect(readBidderRows([['uscc'], ['914205020361824755']]).bidders).toEqual([{ row: 2, codeGiven: '914205020361824755', nameGiven: '' }]);
    expect(readBidderRows([['914205020361824755'], ['91610112072613949C']]).bidders.map((b) => b.codeGiven)).toEqual([
      '914205020361824755',
      '91610112072613949C',
    ]);
  });

  it('notices a headerless file with the name first', () => {
    const r = readBidderRows([
      ['甲公司', '914205020361824755'],
      ['乙公司', '91610112072613949C'],
    ]);
    expect(r).toMatchObject({ codeColumn: 1, nameColumn: 0 });
    expect(r.bidders[0]).toEqual({ row: 1, codeGiven: '914205020361824755', nameGiven: '甲公司' });
  });
});

describe('codes a spreadsheet turned into numbers', () => {
  it.each([
    ['9.14205E+17', false, true],
    ['9,14205E+17', false, true],
    ['9.14205030428615E+017', false, true],
    ['914205030428615000', false, true],
    ['914205030428615000.0', false, true],
    ['9142050304286150', false, true],
    ['914205030428615383', false, false], // the code itself
    ['914205030465293800', false, false], // a valid code that ends in zeros
    ['91420506017539264P', false, false],
    ['914205030428615384', false, false], // mistyped, but not by a spreadsheet
    ['123', false, false],
    ['914205030428615000', true, true],
    ['914205020361824800', true, true], // a number cell cannot hold 18 digits, even when they pass
    ['1e+21', true, true],
    ['12345', true, false],
  ])('%s (number cell: %s) → lost: %s', (cell, isNumber, lost) => {
    expect(codeLostToSpreadsheet(cell, isNumber)).toBe(lost);
  });

  it('a headerless file of such codes is not taken for one with a header', () => {
    const r = readBidderRows([
      ['9.14205E+17', '甲公司'],
      ['9.14205E+17', '乙公司'],
    ]);
    expect(r).toMatchObject({ hasHeader: false, codeColumn: 0 });
    expect(pendingResults(r.bidders).map((x) => [x.verdict, x.message])).toEqual([
      ['INVALID_CODE', CODE_LOST_MESSAGE.zh],
      ['INVALID_CODE', CODE_LOST_MESSAGE.zh],
    ]);
  });
});

describe('the heading below a title', () => {
  it('skips a title and blank rows above the heading, and prefers 统一社会信用代码 to another 代码 column', () => {
    const r = readBidderRows([
      ['某某工程投标人名单（2026年）'],
      [],
      ['序号', '组织机构代码', '投标人名称', '统一社会信用代码'],
      ['1', '03612475-5', '甲公司', '914205020361824755'],
    ]);
    expect(r).toMatchObject({ hasHeader: true, headerRow: 3, skippedRows: 1, codeColumn: 3, nameColumn: 2 });
    expect(r.bidders).toEqual([{ row: 4, codeGiven: '914205020361824755', nameGiven: '甲公司' }]);
  });

  it('reads an English results file back', async () => {
    const result: BidderResult = {
      row: 2,
      codeGiven: '914205020361824755',
      nameGiven: '甲',
      code: '914205020361824755',
      nameRegistered: null,
      verdict: 'CLEAR',
      flags: [],
      missingSources: [],
      checkId: null,
      warnings: [],
      message: null,
      nameMismatch: false,
      duplicateOf: null,
    };
    const read = await readBiddersFile(resultsCsvBytes([result], { scenario: 'BIDDING', checkedAt: new Date() }, 'en'));
    expect(read).toMatchObject({ hasHeader: true, codeColumn: 1, nameColumn: 2 });
    expect(read.bidders.map((b) => [b.codeGiven, b.nameGiven])).toEqual([['914205020361824755', '甲']]);
  });
});

describe('the results file', () => {
  const base: BidderResult = {
    row: 2,
    codeGiven: '914205020361824755',
    nameGiven: '宜昌华盛, "建筑"',
    code: '914205020361824755',
    nameRegistered: '宜昌华盛建筑工程有限公司',
    verdict: 'PROHIBITED',
    flags: ['BAN-BID-DISHONEST-DEBTOR', 'KEY-SUPERVISION'],
    flagDetails: [
      {
        code: 'BAN-BID-DISHONEST-DEBTOR',
        name: 'Barred from bidding',
        nameZh: '禁止参与招标投标',
        list: 'DISHONEST_DEBTOR',
        department: 'COURTS',
        reference: '(2026)鄂0502执123号',
        authority: '宜昌市西陵区人民法院',
        underObjection: false,
      },
      {
        code: 'KEY-SUPERVISION',
        name: 'Key supervision',
        nameZh: '列为重点监管对象',
        list: 'ENVIRONMENT_CREDIT_RED',
        department: 'ENVIRONMENT',
        reference: '宜环信〔2026〕3号',
        authority: '宜昌市生态环境局',
        underObjection: true,
      },
    ],
    missingSources: ['TAX', 'COURTS'],
    checkId: 'CHK-20261122-ABCDEF0123456789',
    checkedAt: '2026-11-25T23:33:05.000Z',
    warnings: [],
    message: null,
    nameMismatch: true,
    duplicateOf: null,
  };
  const invalid: BidderResult = {
    ...base,
    row: 3,
    codeGiven: 'abc',
    code: 'ABC',
    nameGiven: '=cmd|',
    nameRegistered: null,
    verdict: 'INVALID_CODE',
    flags: [],
    flagDetails: [],
    missingSources: [],
    checkId: null,
    checkedAt: null,
    message: '统一社会信用代码应为18位，当前为3位。',
    nameMismatch: false,
    duplicateOf: null,
  };
  const meta = { tender: 'HBZB-2026-0815', scenario: 'BIDDING', asOf: null, checkedAt: new Date('2026-11-25T23:33:05Z'), source: '投标人名单.xlsx' };

  it('has a header block, Chinese headings and one row per bidder with the measures in words', () => {
    const sheet = resultsSheet([base, invalid], meta);
    expect(sheet.title).toBe('投标人信用核查结果');
    // 23:33 UTC on the 25th is 07:33 on the 26th in China.
    expect(sheet.info).toEqual([
      ['招标项目编号', 'HBZB-2026-0815'],
      ['办理场景', '招标投标'],
      ['核查基准日', '2026-11-26（核查当日）'],
      ['核查时间（北京时间）', '2026-11-26 07:33:05'],
      ['投标人名单文件', '投标人名单.xlsx'],
      ['结果汇总', '投标人 2 个：禁止 1，代码无效 1'],
    ]);
    expect(sheet.columns.map((c) => c.header)).toEqual([
      '行号',
      '统一社会信用代码',
      '填报名称',
      '登记名称',
      '核查结论',
      '适用的惩戒措施（名单；案号或文号；认定机关）',
      '未能读取的部门',
      '核查编号',
      '备注',
      '结论编码',
      '措施编码',
    ]);
    expect(sheet.columns.filter((c) => c.text).map((c) => c.key)).toEqual(['code']);
    expect(sheet.columns.find((c) => c.key === 'note')!.width).toBeGreaterThanOrEqual(60);
    expect(sheet.rows[0]).toEqual([
      '2',
      '914205020361824755',
      '宜昌华盛, "建筑"',
      '宜昌华盛建筑工程有限公司',
      '禁止',
      '禁止参与招标投标（失信被执行人；(2026)鄂0502执123号；宜昌市西陵区人民法院）\n列为重点监管对象（环境信用评价红色（不良）；宜环信〔2026〕3号；宜昌市生态环境局）【异议处理中，措施仍适用】',
      '税务、法院',
      'CHK-20261122-ABCDEF0123456789',
      '未能读取：税务、法院（信息不完整，须人工核实）；填报名称与登记名称不一致（登记名称：宜昌华盛建筑工程有限公司）',
      'PROHIBITED',
      'BAN-BID-DISHONEST-DEBTOR\nKEY-SUPERVISION',
    ]);
    expect(sheet.rows[1]!.slice(0, 5)).toEqual(['3', 'abc', '=cmd|', '', '代码无效']);
    expect(sheet.rows[1]![8]).toBe('统一社会信用代码应为18位，当前为3位。');
    expect(sheet.verdicts).toEqual(['PROHIBITED', 'INVALID_CODE']);
  });

  it('gives the operator, the day asked for and English when asked', () => {
    const sheet = resultsSheet([base], { ...meta, asOf: '2026-03-01', operator: '0815 张三', tender: '' }, 'en');
    expect(sheet.info).toEqual([
      ['Tender number', '(not given)'],
      ['Scenario', 'Bidding in public tenders'],
      ['Checked as of', '2026-03-01'],
      ['Time of check (China time, UTC+8)', '2026-11-26 07:33:05'],
      ['Operator', '0815 张三'],
      ['Bidders file', '投标人名单.xlsx'],
      ['Summary', '1 bidders: Prohibited 1'],
    ]);
    expect(sheet.columns[1]!.header).toBe('Unified social credit code');
    expect(sheet.rows[0]![5]).toContain(
      'Barred from bidding (禁止参与招标投标) (Dishonest judgment debtor; (2026)鄂0502执123号; 宜昌市西陵区人民法院)',
    );
    expect(sheet.rows[0]![8]).toContain('Not read: Tax, Courts');
    // No operator line when nobody is known.
    expect(resultsSheet([base], meta).info.map(([k]) => k)).not.toContain('经办人');
  });

  it("writes the API's bilingual warnings in the file's language only", () => {
    const warned: BidderResult = {
      ...base,
      nameMismatch: false,
      missingSources: [],
      warnings: ['已注销（2026-06-29）：主体资格已终止，不能作为新申请的当事人。 Deregistered since 2026-06-29: the entity no longer exists.'],
    };
    const note = (lang: 'zh' | 'en') => resultsSheet([warned], meta, lang).rows[0]![8];
    expect(note('zh')).toBe('已注销（2026-06-29）：主体资格已终止，不能作为新申请的当事人。');
    expect(note('en')).toBe('Deregistered since 2026-06-29: the entity no longer exists.');
  });

  it('is UTF-8 with BOM, codes written so Excel keeps them as text, formulas neutralised', () => {
    const bytes = resultsCsvBytes([base, invalid], meta);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = decodeCsvFile(bytes).text;
    expect(text).toContain('\r\n2,"=""914205020361824755""",');
    expect(text).toContain('核查时间（北京时间）,"=""2026-11-26 07:33:05"""');
    const back = parseCsv(text);
    expect(back[0]).toEqual(['投标人信用核查结果']);
    const header = back.findIndex((r) => r[1] === '统一社会信用代码');
    expect(header).toBe(7);
    expect(back[header + 1]![1]).toBe('="914205020361824755"');
    expect(back[header + 1]![2]).toBe('宜昌华盛, "建筑"');
    expect(back[header + 2]![1]).toBe('="abc"');
    expect(back[header + 2]![2]).toBe("'=cmd|");
  });

  it('reads back into the same bidders (our own page and CLI take the results file as a bidders file)', async () => {
    const nasty = NASTY.map(([c, n], i): BidderResult => ({ ...base, row: i + 2, code: c!, codeGiven: c!, nameGiven: n!.trim() }));
    const withFormula: BidderResult = { ...invalid, row: 7, nameGiven: '-开头的名称' };
    const read = await readBiddersFile(resultsCsvBytes([...nasty, withFormula, invalid], meta));
    expect(read).toMatchObject({
      format: 'CSV',
      encoding: 'UTF-8-BOM',
      hasHeader: true,
      headerRow: 9,
      codeColumn: 1,
      nameColumn: 2,
      consortiumColumn: null,
    });
    expect(read.bidders.map((b) => [b.codeGiven, b.nameGiven])).toEqual([
      ...NASTY.map(([c, n]) => [c, n!.trim()]),
      ['abc', '-开头的名称'],
      ['abc', '=cmd|'],
    ]);
    // Row numbers as a spreadsheet shows them: title, six lines, a blank line, the heading on row 9.
    expect(read.bidders.map((b) => b.row)).toEqual([10, 11, 12, 13, 14, 15, 16]);
  });
});

describe('cells Excel keeps as text', () => {
  it.each([
    ['914205030428615383', '"=""914205030428615383"""'],
    ['91420506017539264P', '"=""91420506017539264P"""'],
    ['say "hi"', '"=""say """"hi"""""""'],
    ['', ''],
  ])('writes %s as ="…"', (value, cell) => {
    expect(escapeCell(excelText(value))).toBe(cell);
    expect(unwrapExcelText(parseCsv(`${cell}\r\n`)[0]?.[0] ?? '')).toBe(value);
  });

  it('writes a long or multi-line text as a plain cell', () => {
    expect(escapeCell(excelText('x'.repeat(256)))).toBe('x'.repeat(256));
    expect(escapeCell(excelText('a\nb'))).toBe('"a\nb"');
  });

  it('leaves other cells as they are', () => {
    for (const cell of ['914205030428615383', '=SUM(A1)', "'abc", '="unterminated']) expect(unwrapExcelText(cell)).toBe(cell);
    expect(unwrapExcelText("'=SUM(A1)")).toBe('=SUM(A1)');
  });
});
