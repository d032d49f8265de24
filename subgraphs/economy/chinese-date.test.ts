import { describe, expect, it } from 'vitest';
import { LegacyBadResponseError } from '../shared/index.js';
import { parseChineseDate, parseChineseYear } from './chinese-date.js';
import { parseBatchAnswer } from './legacy-client.js';

const USCC = '91440300MA5G00019N';

/** [platform text, ISO date or null when it is not a date of the protocol] */
const DATES: [string, string | null][] = [
  ['2023年05月01日', '2023-05-01'],
  ['2023年12月31日', '2023-12-31'],
  ['2023年5月1日', '2023-05-01'],
  ['2023年5月01日', '2023-05-01'],
  ['2023年05月1日', '2023-05-01'],
  ['2023年10月9日', '2023-10-09'],
  [' 2023年05月01日 ', '2023-05-01'],
  ['2024年02月29日', '2024-02-29'],
  ['2023年02月29日', null],
  ['2023年02月30日', null],
  ['2023年04月31日', null],
  ['2023年13月01日', null],
  ['2023年00月10日', null],
  ['2023年05月00日', null],
  ['2023-05-01', null],
  ['2023/5/1', null],
  ['二〇二三年五月一日', null],
  ['23年05月01日', null],
  ['2023年05月01', null],
  ['2023年05月', null],
  ['2023年005月01日', null],
  ['', null],
];

/** A one-honour answer whose award date is `bfrq`. */
const answerWithDate = (bfrq: string) =>
  JSON.stringify({
    resultCode: '200',
    resultMsg: '查询成功',
    resultData: {
      items: [
        {
          xydm: USCC,
          qymc: '',
          rychList: [{ rymc: '诚信示范企业', rynd: '2023年度', bfdw: '广东省工业和信息化厅', bfrq, yxqz: '长期' }],
          aqscsxList: [],
          xycnList: [],
        },
      ],
      notFound: [],
    },
  });

describe('Chinese dates (YYYY年MM月DD日)', () => {
  it.each(DATES)('%j → %j', (text, iso) => {
    expect(parseChineseDate(text)).toBe(iso);
  });

  it.each(DATES)('an answer dated %j parses to %j, or is a BAD_RESPONSE', (text, iso) => {
    if (iso === null) {
      const attempt = () => parseBatchAnswer(answerWithDate(text), [USCC]);
      expect(attempt).toThrow(LegacyBadResponseError);
      expect(attempt).toThrow(expect.objectContaining({ code: 'LEGACY_BAD_RESPONSE' }));
    } else {
      expect(parseBatchAnswer(answerWithDate(text), [USCC]).get(USCC)?.honors[0]?.awardedOn).toBe(iso);
    }
  });

  it.each([
    ['2024年度', 2024],
    ['2024年', 2024],
    ['2024', 2024],
    ['24年度', null],
    ['2024年度上半年', null],
    ['', null],
  ] as const)('year %j → %j', (text, year) => {
    expect(parseChineseYear(text)).toBe(year);
  });
});
