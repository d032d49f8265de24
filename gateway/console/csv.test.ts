/** CSV reading and writing, encoding detection, bidder rows and the results file. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  decodeCsvBytes,
  decodeCsvFile,
  detectDelimiter,
  escapeCell,
  parseCsv,
  readBiddersFile,
  readBidderRows,
  resultsCsvBytes,
  resultsToRows,
  RESULT_COLUMNS,
  toCsv,
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
    expect(parseCsv('a,b"c"d,"e"f\n"unterminated,x')).toEqual([
      ['a', 'b"c"d', 'ef'],
      ['unterminated,x'],
    ]);
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

  it('round-trips a bidder file through GBK', () => {
    const file = iconv.encode(toCsv([['统一社会信用代码', '投标人名称'], ...NASTY], { bom: false }), 'gbk');
    const read = readBiddersFile(file);
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
    expect(readBidderRows([['name', 'code'], ['A', '914205020361824755']]).bidders).toEqual([{ row: 2, codeGiven: '914205020361824755', nameGiven: 'A' }]);
    expect(readBidderRows([['uscc'], ['914205020361824755']]).bidders).toEqual([{ row: 2, codeGiven: '914205020361824755', nameGiven: '' }]);
    expect(readBidderRows([['914205020361824755'], ['91610112072613949C']]).bidders.map((b) => b.codeGiven)).toEqual(['914205020361824755', '91610112072613949C']);
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

describe('the results file', () => {
  const base: BidderResult = {
    row: 2,
    codeGiven: '914205020361824755',
    nameGiven: '宜昌华盛, "建筑"',
    code: '914205020361824755',
    nameRegistered: '宜昌华盛建筑工程有限公司',
    verdict: 'PROHIBITED',
    flags: ['BAN-BID-DISHONEST-DEBTOR', 'KEY-SUPERVISION'],
    missingSources: ['TAX', 'COURTS'],
    checkId: 'CHK-20261122-ABCDEF0123456789',
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
    missingSources: [],
    checkId: null,
    message: '统一社会信用代码应为18位，当前为3位。',
    nameMismatch: false,
    duplicateOf: null,
  };

  it('has one row per bidder with the agreed columns', () => {
    const rows = resultsToRows([base, invalid]);
    expect(rows[0]).toEqual([...RESULT_COLUMNS]);
    expect(rows[1]).toEqual([
      '2',
      '914205020361824755',
      '宜昌华盛建筑工程有限公司',
      '宜昌华盛, "建筑"',
      'PROHIBITED',
      '禁止',
      'BAN-BID-DISHONEST-DEBTOR;KEY-SUPERVISION',
      'TAX;COURTS',
      'CHK-20261122-ABCDEF0123456789',
      '未能读取：税务、法院（信息不完整，须人工核实）；填报名称与登记名称不一致（登记名称：宜昌华盛建筑工程有限公司）',
    ]);
    expect(rows[2]!.slice(0, 6)).toEqual(['3', 'abc', '', '=cmd|', 'INVALID_CODE', '代码无效']);
    expect(rows[2]![9]).toBe('统一社会信用代码应为18位，当前为3位。');
    expect(resultsToRows([base], 'en')[1]![9]).toContain('Not read: Tax, Courts');
  });

  it('is UTF-8 with BOM that reads back, formulas neutralised', () => {
    const bytes = resultsCsvBytes([base, invalid]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const back = parseCsv(decodeCsvFile(bytes).text);
    expect(back).toHaveLength(3);
    expect(back[1]![3]).toBe('宜昌华盛, "建筑"');
    expect(back[2]![3]).toBe("'=cmd|");
  });
});
