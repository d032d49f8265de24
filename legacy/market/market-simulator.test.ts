import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { datasetFromRecords } from '../dataset/in-memory.js';
import type { Simulator } from '../sim/index.js';
import { createMarketSimulator } from './index.js';
import { FIXTURE_RECORDS, FIXTURE_TODAY, USCC } from '../../test/fixtures/legacy/market.js';

const KEY = 'market-dev-key';
let sim: Simulator;
let base: string;

beforeAll(async () => {
  sim = createMarketSimulator({ dataset: datasetFromRecords(FIXTURE_RECORDS, FIXTURE_TODAY) });
  base = await sim.listen(0);
});
afterAll(() => sim.close());
afterEach(() => {
  sim.setFault('none');
  sim.resetStats();
});

async function batch(body: unknown, key: string | null = KEY): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['x-api-key'] = key;
  const res = await fetch(`${base}/api/v2/qyxx/batch`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: JSON.parse(await res.text()) };
}

describe('market simulator protocol', () => {
  it('renders a known enterprise with pinyin field names, legacy dates and string amounts', async () => {
    const { status, json } = await batch({ tyshxydmList: [USCC.busy] });
    expect(status).toBe(200);
    expect(json.code).toBe('0000');
    expect(json.msg).toBe('成功');
    expect(json.data).toHaveLength(1);
    const r = json.data[0];
    expect(r).toMatchObject({
      tyshxydm: USCC.busy,
      qymc: '武汉繁星商贸有限公司',
      fddbr: '李娜',
      fddbrzjhm: '42010619850615002x',
      djzt: '存续（在营、开业、在册）',
      clrq: '2016-03-08 00:00:00',
      zxrq: '',
      dxrq: '',
      zczb: '1234.500000',
      djjg: '武汉东湖新技术开发区市场监督管理局',
    });
    expect(r.xzcf).toHaveLength(4);
    expect(r.xzcf[0]).toMatchObject({ cf_wsh: '武东市监处罚〔2024〕118号', cf_nr_fk: '0.500000', sfjzcf: '否', yyzt: '' });
    expect(r.xzcf[1]).toMatchObject({ cf_nr_fk: '28.654321', sfjzcf: '是', yyzt: '异议处理中' });
    expect(r.xzcf[2]).toMatchObject({ tzgsyy: '信用修复' });
    expect(r.xzcf[2].tzgsrq).toMatch(/^2024-02-01 \d{2}:\d{2}:\d{2}$/);
    expect(r.xzcf[3]).toMatchObject({ cf_cflb: '警告', cf_nr_fk: '' });
    expect(r.jyyc).toHaveLength(3);
    expect(r.jyyc[0].ycyy).toContain('补报未报年份的年度报告');
    expect(r.jyyc[1].ycyy).toContain('信用修复');
    expect(r.jyyc[2]).toMatchObject({ ycrq: '', ycyy: '', yyzt: '异议处理中' });
    expect(r.jyyc[2].lrrq).toMatch(/^2025-03-01 \d{2}:\d{2}:\d{2}$/);
    expect(r.yzwf).toHaveLength(2);
    expect(r.yzwf[0]).toMatchObject({ gsjzrq: '2027-07-31 00:00:00', ycrq: '' });
    expect(r.yzwf[1].ycyy).toContain('撤销');
    expect(r.yzwf[1].ycyy).not.toContain('信用修复');
  });

  it('words each registration status the way the registry does', async () => {
    const { json } = await batch({ tyshxydmList: [USCC.clean, USCC.deregistered, USCC.revoked] });
    const by = new Map<string, any>(json.data.map((r: any) => [r.tyshxydm, r]));
    expect(by.get(USCC.clean)).toMatchObject({ djzt: '存续（在营、开业、在册）', zxrq: '', dxrq: '' });
    expect(by.get(USCC.deregistered)).toMatchObject({ djzt: '注销', zxrq: '2023-12-28 00:00:00', dxrq: '' });
    expect(by.get(USCC.revoked)).toMatchObject({ djzt: '吊销，未注销', zxrq: '', dxrq: '2020-10-16 00:00:00' });
  });

  it('leaves unknown codes out of data and counts every code asked for', async () => {
    const { json } = await batch({ tyshxydmList: [USCC.absent, USCC.unknownToMarket, USCC.clean, 'NOT-A-CODE'] });
    expect(json.code).toBe('0000');
    expect(json.data.map((r: any) => r.tyshxydm)).toEqual([USCC.clean]);
    expect(sim.stats()).toEqual({ calls: 1, codes: 4 });
  });

  it('answers the single-code GET with an object, or data null when unknown', async () => {
    const found = await (await fetch(`${base}/api/v2/qyxx/${USCC.revoked}`, { headers: { 'x-api-key': KEY } })).json();
    expect(found).toMatchObject({ code: '0000', data: { tyshxydm: USCC.revoked, djzt: '吊销，未注销' } });
    const missing = await (await fetch(`${base}/api/v2/qyxx/${USCC.absent}`, { headers: { 'x-api-key': KEY } })).json();
    expect(missing).toEqual({ code: '0000', msg: '查询无结果', data: null });
  });

  it.each([
    ['no key', null],
    ['a wrong key', 'stolen-key'],
  ])('answers HTTP 200 with envelope E401 for %s', async (_label, key) => {
    const { status, json } = await batch({ tyshxydmList: [USCC.busy] }, key);
    expect(status).toBe(200);
    expect(json.code).toBe('E401');
    expect(json.data).toBeUndefined();
  });

  it('rejects more than 100 codes with E413, and 100 is fine', async () => {
    const codes = Array.from({ length: 101 }, () => USCC.clean);
    const over = await batch({ tyshxydmList: codes });
    expect(over.status).toBe(200);
    expect(over.json.code).toBe('E413');
    const at = await batch({ tyshxydmList: codes.slice(0, 100) });
    expect(at.json.code).toBe('0000');
    expect(at.json.data).toHaveLength(1);
  });

  it.each([
    ['an empty list', { tyshxydmList: [] }],
    ['a missing list', { codes: [USCC.clean] }],
    ['a body that is not JSON', '{"tyshxydmList":'],
  ])('rejects %s with E400', async (_label, body) => {
    const { json } = await batch(body);
    expect(json.code).toBe('E400');
  });

  it('answers a malformed fault with truncated JSON', async () => {
    sim.setFault('malformed');
    const res = await fetch(`${base}/api/v2/qyxx/batch`, {
      method: 'POST',
      headers: { 'x-api-key': KEY },
      body: JSON.stringify({ tyshxydmList: [USCC.busy] }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
  });
});
