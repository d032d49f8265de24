import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../sim/index.js';
import { EXPORT_COLUMNS, csvField, legacyDate, levelWord, renderCsv } from './csv-export.js';
import { createEnvironmentSimulator, EXPORT_PATH } from './environment-simulator.js';
import {
  fixtureDataset,
  manyCodes,
  SEVERE_PENALTY,
  USCC_GREEN,
  USCC_NO_ENV,
  USCC_NOTHING,
  USCC_RED,
  USCC_UNKNOWN,
} from '../../test/fixtures/legacy/environment.js';

const KEY = 'environment-dev-key';
const HEADER = EXPORT_COLUMNS.join(',');

let sim: Simulator;
let base: string;

beforeAll(async () => {
  sim = createEnvironmentSimulator({ dataset: fixtureDataset(), jitter: 0 });
  base = await sim.listen(0);
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setFault('none');
  sim.resetStats();
});

async function post(form: Record<string, string>) {
  const res = await fetch(base + EXPORT_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), bytes, text: iconv.decode(bytes, 'gbk') };
}

describe('environment simulator: the CSV export', () => {
  it('writes GBK CSV with the Chinese header, quoted fields and a trailing line end', async () => {
    const r = await post({ codes: [USCC_GREEN, USCC_NOTHING].join(','), token: KEY });
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/csv; charset=GBK');
    // GBK, not UTF-8, and no BOM.
    expect(r.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(r.bytes.equals(iconv.encode(r.text, 'gbk'))).toBe(true);
    expect(r.bytes.includes(Buffer.from('统一社会信用代码', 'utf8'))).toBe(false);
    const lines = r.text.split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines.at(-1)).toBe('');
    const quotedName = '"南京""绿源""环保科技有限公司,江宁分公司"';
    expect(lines[1]).toBe(`${USCC_GREEN},${quotedName},企业信息${','.repeat(15)}`);
    // Ratings oldest first, dates without zero padding.
    expect(lines[2]).toBe(
      `${USCC_GREEN},${quotedName},信用评价,2023,${levelWord(USCC_GREEN, 2023, 'GREEN')},江苏省生态环境厅,2024/3/5${','.repeat(11)}`,
    );
    expect(lines[3]).toBe(
      `${USCC_GREEN},${quotedName},信用评价,2024,${levelWord(USCC_GREEN, 2024, 'GREEN')},江苏省生态环境厅,2025/3/20${','.repeat(11)}`,
    );
    expect(lines[4]).toBe(`${USCC_NOTHING},南京栖霞物流有限公司,企业信息${','.repeat(15)}`);
    expect(lines).toHaveLength(6);
    expect(sim.stats()).toEqual({ calls: 1, codes: 2 });
  });

  it('writes penalties with publicity and objection words, amounts and quoted facts', async () => {
    const r = await post({ codes: USCC_RED, token: KEY });
    expect(r.status).toBe(200);
    const body = r.text;
    const severe = [
      USCC_RED,
      '南京长江化工（集团）有限公司',
      '行政处罚',
      '',
      '',
      '',
      '',
      '宁环罚〔2025〕8号',
      '责令停产整治',
      '1250000.50',
      csvField(SEVERE_PENALTY.reason),
      '2025/1/20',
      '2028/1/19',
      '南京市生态环境局',
      '公示中',
      '异议处理中',
      '',
      '较重',
    ].join(',');
    expect(body).toContain(severe + '\r\n');
    expect(body).toContain(',200000.00,未按规定安装大气污染物排放自动监测设备,2023/6/1,2026/5/31,南京市生态环境局,已修复,无,2024/7/15,一般\r\n');
    expect(body).toContain(',50000.00,危险废物贮存场所未设置识别标志,2024/2/2,2027/2/1,江苏省生态环境厅,已撤销,无,2024/9/30,一般\r\n');
    expect(body).toContain(',宁环罚〔2021〕7号,警告,,未及时公开环境信息,2021/3/5,2024/3/4,南京市生态环境局,公示期满,无,,一般\r\n');
  });

  it('answers GET with query parameters the same way', async () => {
    const res = await fetch(`${base}${EXPORT_PATH}?codes=${USCC_NOTHING}&token=${KEY}`);
    const text = iconv.decode(Buffer.from(await res.arrayBuffer()), 'gbk');
    expect(res.status).toBe(200);
    expect(text).toBe(`${HEADER}\r\n${USCC_NOTHING},南京栖霞物流有限公司,企业信息${','.repeat(15)}\r\n`);
  });

  it('has no rows for unknown codes, nor for enterprises only other departments know', async () => {
    const r = await post({ codes: `${USCC_UNKNOWN},${USCC_NO_ENV}`, token: KEY });
    expect(r.status).toBe(200);
    expect(r.text).toBe(HEADER + '\r\n');
  });

  it('refuses a wrong or missing token with 403 and a GBK message', async () => {
    for (const form of [{ codes: USCC_RED, token: 'wrong' }, { codes: USCC_RED }] as Record<string, string>[]) {
      const r = await post(form);
      expect(r.status).toBe(403);
      expect(r.type).toBe('text/plain; charset=GBK');
      expect(r.text).toBe('访问令牌无效或已过期，拒绝访问。');
    }
  });

  it('accepts 200 codes and refuses 201 with 400 and a GBK message', async () => {
    const ok = await post({ codes: manyCodes(200).join(','), token: KEY });
    expect(ok.status).toBe(200);
    const tooMany = await post({ codes: manyCodes(201).join(','), token: KEY });
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toBe('参数错误：单次导出不得超过200个统一社会信用代码，本次201个。');
    const none = await post({ codes: '', token: KEY });
    expect(none.status).toBe(400);
    expect(sim.stats()).toEqual({ calls: 3, codes: 401 });
  });

  it('answers 404 elsewhere', async () => {
    const res = await fetch(`${base}/export/other.csv?codes=${USCC_RED}&token=${KEY}`);
    expect(res.status).toBe(404);
  });

  it('serves three kinds of broken export under the malformed fault', async () => {
    sim.setFault('malformed');
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push(await post({ codes: USCC_RED, token: KEY }));
    expect(bodies.map((b) => b.status)).toEqual([200, 200, 200]);
    expect(bodies[0]!.text.startsWith('统一社会信用代码,单位名称,')).toBe(true);
    expect(bodies[1]!.text.startsWith(HEADER + '\r\n')).toBe(true);
    expect(bodies[1]!.text.endsWith('"超标排放废水，COD浓度')).toBe(true);
    expect(bodies[2]!.text).toContain('\uFFFD');
  });
});

describe('environment export rendering', () => {
  it.each([
    ['2024-03-05', '2024/3/5'],
    ['2024-12-31', '2024/12/31'],
    ['2025-01-01', '2025/1/1'],
    [undefined, ''],
  ])('legacyDate(%s) = %s', (iso, expected) => {
    expect(legacyDate(iso)).toBe(expected);
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['', ''],
  ])('csvField(%j) = %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('writes both rating vocabularies across enterprises, stably', () => {
    const words = new Set(manyCodes(30).map((c) => levelWord(c, 2024, 'RED')));
    expect(words).toEqual(new Set(['红色', '不良']));
    expect(levelWord(USCC_GREEN, 2024, 'GREEN')).toBe(levelWord(USCC_GREEN, 2024, 'GREEN'));
  });

  it('renders only a header for no rows', () => {
    expect(renderCsv([])).toBe(HEADER + '\r\n');
  });
});
