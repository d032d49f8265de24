import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildUscc } from '../../common/uscc/index.js';
import type { Simulator } from '../sim/index.js';
import { ABSENT_USCC, CLEAN_USCC, economyFixtureDataset, RICH_USCC, UNKNOWN_USCC } from '../../test/fixtures/legacy/economy.js';
import { createEconomySimulator } from './index.js';
import { writeChineseNumeralDate } from './render.js';

const KEY = 'economy-dev-key';

describe('economy & IT platform simulator', () => {
  let sim: Simulator;
  let url: string;

  beforeAll(async () => {
    sim = createEconomySimulator({ dataset: economyFixtureDataset(), malformedStyle: 'alternate' });
    url = await sim.listen(0);
  });
  afterAll(() => sim.close());
  afterEach(() => {
    sim.setFault('none');
    sim.resetStats();
  });

  const query = (body: unknown, key: string | null = KEY, path = '/openapi/v1/credit/batchQuery') =>
    fetch(url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { 'X-App-Key': key }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('answers items in the platform format and lists unknown codes in notFound', async () => {
    const res = await query({ xydmList: [RICH_USCC, CLEAN_USCC, UNKNOWN_USCC, ABSENT_USCC] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      resultCode: string;
      resultMsg: string;
      resultData: { items: Record<string, unknown>[]; notFound: string[] };
    };
    expect(body.resultCode).toBe('200');
    expect(body.resultMsg).toBe('查询成功');
    expect(body.resultData.notFound).toEqual([UNKNOWN_USCC, ABSENT_USCC]);
    expect(body.resultData.items).toHaveLength(2);
    const [rich, clean] = body.resultData.items;
    expect(clean).toEqual({ xydm: CLEAN_USCC, qymc: '', rychList: [], aqscsxList: [], xycnList: [] });
    expect(rich).toMatchObject({ xydm: RICH_USCC, qymc: '深圳鹏程民爆器材有限公司' });
    expect(rich!.rychList).toEqual([
      { rymc: '诚信示范企业', rynd: '2023年度', bfdw: '广东省工业和信息化厅', bfrq: '2023年03月15日', yxqz: '2026年03月14日' },
      // Hand-keyed record: no zero padding.
      { rymc: '专精特新“小巨人”企业', rynd: '2020年度', bfdw: '工业和信息化部', bfrq: '2020年12月1日', yxqz: '2023年11月30日' },
      { rymc: '守合同重信用企业', rynd: '2022年度', bfdw: '深圳市工业和信息化局', bfrq: '2022年05月09日', yxqz: '长期' },
    ]);
    expect(rich!.aqscsxList).toEqual([
      expect.objectContaining({ rdwh: '粤工信民爆失信〔2024〕3号', rdrq: '2024年01月10日', gsjzrq: '2027年01月09日', ycrq: '', ycyy: '', yyzt: '1' }),
      expect.objectContaining({ rdwh: '粤工信民爆失信〔2022〕7号', rdrq: '2022年4月1日', ycrq: '2023年5月20日', ycyy: '信用修复', yyzt: '0' }),
      // Window ended without a removal: the platform shows it moved off the next day, reason 期满.
      expect.objectContaining({ rdwh: '深工信危化失信〔2019〕2号', gsjzrq: '2022年02月28日', ycrq: '2022年03月01日', ycyy: '期满' }),
      expect.objectContaining({ rdwh: '深工信危化失信〔2023〕5号', ycrq: '2023年10月12日', ycyy: '撤销' }),
    ]);
    expect(rich!.xycnList).toEqual([
      { cnbh: 'XYCN-2023-0001', cnsx: '民用爆炸物品生产许可告知承诺', cnrq: '2023年02月01日', lyzt: '已履约', hcrq: '2023年08月01日' },
      { cnbh: 'XYCN-2024-0102', cnsx: '危险化学品安全生产许可容缺受理承诺', cnrq: '2024年03月05日', lyzt: '履约中', hcrq: '' },
      { cnbh: 'XYCN-2022-0318', cnsx: '工业企业技术改造专项资金申报信用承诺', cnrq: '2022年6月20日', lyzt: '未履约', hcrq: '2023年1月16日' },
      { cnbh: 'XYCN-2021-0042', cnsx: '涉企统计数据填报真实性承诺', cnrq: '2021年09月03日', lyzt: '未履约', hcrq: '' },
    ]);
    expect(sim.stats()).toEqual({ calls: 1, codes: 4 });
  });

  it.each([
    ['no key', null],
    ['a wrong key', 'not-the-key'],
  ])('refuses %s with resultCode 401 inside HTTP 200', async (_label, key) => {
    const res = await query({ xydmList: [RICH_USCC] }, key);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ resultCode: '401', resultMsg: '应用密钥无效或已过期', resultData: null });
  });

  it('refuses more than 100 codes with resultCode 413, and counts the codes asked for', async () => {
    const codes = Array.from({ length: 101 }, (_, i) => buildUscc('9', '1', '110000', `MB${String(i).padStart(6, '0')}`));
    const res = await query({ xydmList: codes });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ resultCode: '413', resultData: null });
    expect(sim.stats()).toEqual({ calls: 1, codes: 101 });
    const ok = await query({ xydmList: codes.slice(0, 100) });
    expect(await ok.json()).toMatchObject({ resultCode: '200' });
  });

  it('answers resultCode 400 to a body it cannot read, and HTTP 404 off its path', async () => {
    expect(await (await query('{"xydm":')).json()).toMatchObject({ resultCode: '400' });
    expect(await (await query({ xydmList: [1, 2] })).json()).toMatchObject({ resultCode: '400' });
    const off = await query({ xydmList: [] }, KEY, '/openapi/v2/other');
    expect(off.status).toBe(404);
    expect(await off.json()).toMatchObject({ resultCode: '404' });
  });

  it('malformed fault alternates truncated JSON and dates in Chinese numerals', async () => {
    sim.setFault('malformed');
    const first = await (await query({ xydmList: [RICH_USCC] })).text();
    expect(() => JSON.parse(first)).toThrow();
    const second = JSON.parse(await (await query({ xydmList: [RICH_USCC] })).text()) as {
      resultData: { items: { rychList: { bfrq: string }[] }[] };
    };
    expect(second.resultData.items[0]!.rychList[0]!.bfrq).toBe('二〇二三年三月十五日');
    // With nothing dated to break, the bad-date style falls back to a truncated body.
    await query({ xydmList: [CLEAN_USCC] }); // truncated turn
    const undated = await (await query({ xydmList: [CLEAN_USCC] })).text();
    expect(() => JSON.parse(undated)).toThrow();
  });

  it.each([
    ['2023-03-15', '二〇二三年三月十五日'],
    ['2020-12-01', '二〇二〇年十二月一日'],
    ['2021-10-20', '二〇二一年十月二十日'],
    ['2022-01-31', '二〇二二年一月三十一日'],
  ])('writes %s in Chinese numerals as %s', (iso, expected) => {
    expect(writeChineseNumeralDate(iso, 'k')).toBe(expected);
  });
});
