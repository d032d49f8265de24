import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, ExportFormatError, parseExport } from './legacy-models.js';

const HEADER = EXPORT_COLUMNS.join(',');
const CODE = '91320100134790861X';
const gbk = (s: string) => iconv.encode(s, 'gbk');
const file = (...rows: string[]) => gbk([HEADER, ...rows].join('\r\n') + '\r\n');
const empty = (n: number) => ','.repeat(n);

const ratingLine = (word: string, date = '2025/1/10') => `${CODE},某公司,信用评价,2024,${word},江苏省生态环境厅,${date}${empty(11)}`;
const penaltyLine = (o: Partial<Record<'fine' | 'status' | 'objection' | 'changed' | 'tier' | 'until', string>> = {}) =>
  [
    CODE,
    '某公司',
    '行政处罚',
    '',
    '',
    '',
    '',
    '宁环罚〔2025〕8号',
    '罚款',
    o.fine ?? '1250000.50',
    '"排放""超标""废水,且拒不改正"',
    '2025/1/20',
    o.until ?? '2028/1/19',
    '南京市生态环境局',
    o.status ?? '公示中',
    o.objection ?? '无',
    o.changed ?? '',
    o.tier ?? '一般',
  ].join(',');

describe('parseExport: rating levels in both vocabularies', () => {
  it.each([
    ['绿色', 'GREEN'],
    ['诚信', 'GREEN'],
    ['蓝色', 'BLUE'],
    ['良好', 'BLUE'],
    ['黄色', 'YELLOW'],
    ['警示', 'YELLOW'],
    ['红色', 'RED'],
    ['不良', 'RED'],
  ])('%s → %s', (word, level) => {
    expect(parseExport(file(ratingLine(word)))).toEqual([
      { kind: 'rating', uscc: CODE, name: '某公司', year: 2024, level, authority: '江苏省生态环境厅', ratedOn: '2025-01-10' },
    ]);
  });
});

describe('parseExport: penalties', () => {
  it('reads a published penalty with quoted facts', () => {
    expect(parseExport(file(penaltyLine()))).toEqual([
      {
        kind: 'penalty',
        uscc: CODE,
        name: '某公司',
        reference: '宁环罚〔2025〕8号',
        penaltyType: '罚款',
        fineYuan: 1250000.5,
        facts: '排放"超标"废水,且拒不改正',
        decidedOn: '2025-01-20',
        publicUntil: '2028-01-19',
        authority: '南京市生态环境局',
        removal: null,
        removedOn: null,
        underObjection: false,
        severe: false,
      },
    ]);
  });

  it.each([
    [
      { status: '已修复', changed: '2025/3/1' },
      { removal: 'REPAIRED', removedOn: '2025-03-01' },
    ],
    [
      { status: '已撤销', changed: '2025/12/31' },
      { removal: 'REVOKED', removedOn: '2025-12-31' },
    ],
    [
      { status: '已停止公示', changed: '2025/2/3' },
      { removal: 'WITHDRAWN', removedOn: '2025-02-03' },
    ],
    [{ status: '公示期满' }, { removal: null, removedOn: null }],
    [{ objection: '异议处理中' }, { underObjection: true }],
    [{ objection: '' }, { underObjection: false }],
    [{ tier: '较重' }, { severe: true }],
    [{ fine: '' }, { fineYuan: null }],
    [{ fine: '800' }, { fineYuan: 800 }],
    [{ until: '' }, { publicUntil: null }],
  ])('%j → %j', (cells, expected) => {
    const [row] = parseExport(file(penaltyLine(cells)));
    expect(row).toMatchObject(expected);
  });
});

describe('parseExport: what counts as a readable export', () => {
  it('reads the enterprise row, an empty export, and tolerates extra blank lines at the end', () => {
    expect(parseExport(file(`${CODE},"某公司,分公司",企业信息${empty(15)}`))).toEqual([{ kind: 'enterprise', uscc: CODE, name: '某公司,分公司' }]);
    expect(parseExport(gbk(HEADER + '\r\n'))).toEqual([]);
    expect(parseExport(gbk(HEADER + '\r\n\r\n'))).toEqual([]);
    expect(parseExport(gbk(HEADER))).toEqual([]);
  });

  it.each<[string, Buffer]>([
    ['an empty body', Buffer.alloc(0)],
    ['another report’s header', gbk('统一社会信用代码,单位名称,许可证编号\r\n')],
    ['a header missing a column', gbk(EXPORT_COLUMNS.slice(0, -1).join(',') + '\r\n')],
    ['an HTML page', gbk('<html><body>系统维护中</body></html>\r\n')],
    ['bytes that are not GBK', Buffer.concat([gbk(HEADER + '\r\n'), Buffer.from([0xaf, 0xff, 0x0d, 0x0a])])],
    [
      'a well-shaped row whose name is not GBK',
      Buffer.concat([gbk(`${HEADER}\r\n${CODE},`), Buffer.from([0xc4, 0xb3, 0xaf, 0xff]), gbk(`,企业信息${empty(15)}\r\n`)]),
    ],
    ['UTF-8 text', Buffer.from(HEADER + '\r\n', 'utf8')],
    ['a ragged row', file(`${CODE},某公司,企业信息`)],
    ['a cut-off quoted field', gbk(`${HEADER}\r\n${CODE},"某公司`)],
    ['a blank line between rows', file(`${CODE},某公司,企业信息${empty(15)}`, '', `${CODE},某公司,企业信息${empty(15)}`)],
    ['an unknown record type', file(`${CODE},某公司,排污许可${empty(15)}`)],
    ['an unknown level word', file(ratingLine('紫色'))],
    ['a zero-padded ISO date', file(ratingLine('绿色', '2025-01-10'))],
    ['an impossible date', file(ratingLine('绿色', '2025/2/30'))],
    ['an unknown publicity word', file(penaltyLine({ status: '已删除' }))],
    ['a repaired penalty without its date', file(penaltyLine({ status: '已修复' }))],
    ['an amount with a thousands separator', file(penaltyLine({ fine: '"1,250,000.50"' }))],
    ['a bad code', file(`9132010013479086,某公司,企业信息${empty(15)}`)],
  ])('rejects %s', (_name, body) => {
    expect(() => parseExport(body)).toThrow(ExportFormatError);
  });

  it('never puts cell values into the error message', () => {
    try {
      parseExport(file(ratingLine('机密等级')));
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toBe('row 1 does not match the export model (评价等级)');
      expect((err as Error).message).not.toContain('机密');
    }
  });
});
