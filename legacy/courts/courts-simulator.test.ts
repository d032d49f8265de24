import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourtsSimulator } from './index.js';
import { DEBTOR, MANY_CASES, UNKNOWN, fixtureDataset, orgCodeOf } from '../../test/fixtures/legacy/courts.js';
import type { Simulator } from '../sim/index.js';

const KEY = 'courts-test-key';
let sim: Simulator;
let base: string;

const get = async (path: string, key: string | null = KEY) => {
  const res = await fetch(base + path, { headers: key === null ? {} : { appKey: key } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const records = (org: string, query = 'pageNo=1&pageSize=20') => `/zxgk/api/v1/subjects/${org}/records?${query}`;

beforeAll(async () => {
  sim = createCourtsSimulator({ dataset: fixtureDataset(), key: KEY });
  base = await sim.listen(0);
});
afterAll(() => sim.close());

describe('courts simulator', () => {
  it('renders the three record kinds in the legacy fields', async () => {
    const { status, body } = await get(records(orgCodeOf(DEBTOR)));
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, total: 6, pageNo: 1, pageSize: 20 });
    const list = body.list as Record<string, unknown>[];
    expect(list.map((r) => r.lx)).toEqual(['SX', 'SX', 'XG', 'XG', 'ZX', 'ZX']);
    expect(list[0]).toEqual({
      lx: 'SX',
      ah: '(2024)京0105执1234号',
      zxfy: '北京市朝阳区人民法院',
      lasj: '2024-01-15',
      fbsj: '2024-03-05',
      gsjzrq: '2026-03-05',
      pbrq: null,
      pbyy: '',
      yyzt: '1',
      fddbr: '张三',
      zxyj: '',
      yw: '支付货款人民币350000元及利息',
      lxqk: '全部未履行',
      sxqx: '有履行能力而拒不履行生效法律文书确定义务',
    });
    expect(list[1]).toMatchObject({ pbrq: '2023-11-20', pbyy: '已履行', yyzt: '0' });
    expect(list[3]).toMatchObject({ lx: 'XG', ah: '(2022)京0108执88号', pbrq: '2024-01-10', pbyy: '信用修复', lasj: null });
    expect(list[5]).toEqual({
      lx: 'ZX',
      ah: '(2023)京0105执567号',
      zxfy: '北京市朝阳区人民法院',
      lasj: '2023-02-01',
      zxbd: '120000.50',
      jarq: '2023-11-20',
      fddbr: '张三',
    });
    expect(sim.stats().codes).toBeGreaterThan(0);
  });

  it('pages 20 records at a time', async () => {
    const org = orgCodeOf(MANY_CASES);
    const pages = await Promise.all([1, 2, 3, 4].map((p) => get(records(org, `pageNo=${p}&pageSize=20`))));
    expect(pages.map((p) => p.body.total)).toEqual([45, 45, 45, 45]);
    expect(pages.map((p) => (p.body.list as unknown[]).length)).toEqual([20, 20, 5, 0]);
    expect((pages[2]!.body.list as { ah: string }[])[4]!.ah).toBe('(2024)粤0304执1044号');
  });

  it('answers total 0 for an unknown organisation code', async () => {
    expect((await get(records(orgCodeOf(UNKNOWN)))).body).toMatchObject({ success: true, total: 0, list: [] });
    expect((await get(records('MA1K3BTP-2'))).body).toMatchObject({ success: true, total: 0, list: [] });
  });

  it.each([
    ['pageSize above 20', records(orgCodeOf(DEBTOR), 'pageNo=1&pageSize=21'), KEY, 400, '10004'],
    ['a malformed organisation code', records('100000011'), KEY, 400, '10002'],
    ['a bad page number', records(orgCodeOf(DEBTOR), 'pageNo=0'), KEY, 400, '10003'],
    ['a wrong key', records(orgCodeOf(DEBTOR)), 'wrong', 401, '10001'],
    ['no key', records(orgCodeOf(DEBTOR)), null, 401, '10001'],
    ['an unknown path', '/zxgk/api/v1/batch', KEY, 404, '404'],
  ])('refuses %s', async (_, path, key, status, code) => {
    const r = await get(path, key);
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({ success: false, code });
  });

  it('counts one code per call', async () => {
    sim.resetStats();
    await get(records(orgCodeOf(DEBTOR)));
    await get(records(orgCodeOf(MANY_CASES), 'pageNo=2&pageSize=20'));
    expect(sim.stats()).toEqual({ calls: 2, codes: 2 });
  });

  it('counts a code looked up again, but not the later pages of one lookup', async () => {
    sim.resetStats();
    await get(records(orgCodeOf(MANY_CASES)));
    await get(records(orgCodeOf(MANY_CASES), 'pageNo=2&pageSize=20'));
    expect(sim.lookups()).toEqual({ rateLimited: 0, distinctCodes: 1, repeatedCodes: 0 });
    await get(records(orgCodeOf(DEBTOR)));
    await get(records(orgCodeOf(MANY_CASES)));
    expect(sim.lookups()).toEqual({ rateLimited: 0, distinctCodes: 2, repeatedCodes: 1 });
    const over = await fetch(base + '/__stats').then((r) => r.json());
    expect(over).toEqual({ calls: 4, codes: 4, rateLimited: 0, distinctCodes: 2, repeatedCodes: 1 });
    sim.resetStats();
    expect(sim.lookups()).toEqual({ rateLimited: 0, distinctCodes: 0, repeatedCodes: 0 });
  });

  it('answers 429 with Retry-After past its rate', async () => {
    const limited = createCourtsSimulator({ dataset: fixtureDataset(), key: KEY, rateLimitPerSecond: 3 });
    const url = await limited.listen(0);
    try {
      const res = await Promise.all(Array.from({ length: 5 }, () => fetch(url + records(orgCodeOf(DEBTOR)), { headers: { appKey: KEY } })));
      const statuses = res.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(res.find((r) => r.status === 429)!.headers.get('retry-after')).toBe('1');
      // The refused calls are counted, and the three answered ones were three lookups of one code.
      expect(limited.lookups()).toEqual({ rateLimited: 2, distinctCodes: 1, repeatedCodes: 2 });
      await Promise.all(res.map((r) => r.arrayBuffer()));
    } finally {
      await limited.close();
    }
  });

  it('breaks its answers two ways under the malformed fault', async () => {
    sim.setFault('malformed');
    try {
      const a = await fetch(base + records(orgCodeOf(DEBTOR)), { headers: { appKey: KEY } }).then((r) => r.text());
      const b = await fetch(base + records(orgCodeOf(DEBTOR)), { headers: { appKey: KEY } }).then((r) => r.text());
      const parses = (t: string) => {
        try {
          return JSON.parse(t) as Record<string, unknown>;
        } catch {
          return undefined;
        }
      };
      // One is cut off mid-stream, the other is JSON without the protocol's `total` and `list`.
      const parsed = [a, b].map(parses);
      expect(parsed.filter((p) => p === undefined)).toHaveLength(1);
      expect(parsed.find((p) => p !== undefined)).not.toHaveProperty('list');
    } finally {
      sim.setFault('none');
    }
  });
});
