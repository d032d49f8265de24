import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUscc } from '../../common/uscc/index.js';
import { datasetFromRecords } from '../dataset/in-memory.js';
import type { EnterpriseTruth } from '../dataset/types.js';
import { createHrssSimulator, EXPORT_CORRUPTIONS, type HrssSimulator } from './index.js';

const TODAY = '2024-06-15';
const LISTED = buildUscc('9', '1', '420502', 'MH000001');
const CLEAN = buildUscc('9', '1', '420502', 'MH000002');

const truth = (uscc: string, hrss: EnterpriseTruth['hrss']): EnterpriseTruth => ({
  uscc,
  market: null,
  tax: null,
  courts: null,
  environment: null,
  economy: null,
  hrss,
});

const RECORDS: EnterpriseTruth[] = [
  truth(LISTED, {
    wageArrearsDishonest: [
      {
        reference: '宜西人社失信〔2024〕3号',
        authority: '宜昌市西陵区人力资源和社会保障局',
        reason: '拖欠农民工工资',
        listedOn: '2024-01-10',
        publicUntil: '2027-01-09',
        amountYuan: 120000,
        workers: 12,
        underObjection: true,
      },
      {
        reference: '宜西人社失信〔2020〕1号',
        authority: '宜昌市西陵区人力资源和社会保障局',
        reason: '拖欠农民工工资',
        listedOn: '2020-03-01',
        publicUntil: '2023-02-28',
        amountYuan: 56000.5,
        workers: 5,
      },
      {
        reference: '宜西人社失信〔2023〕9号',
        authority: '宜昌市西陵区人力资源和社会保障局',
        reason: '拖欠农民工工资',
        listedOn: '2023-01-05',
        publicUntil: '2026-01-04',
        removedOn: '2023-09-01',
        removal: 'REPAIRED',
        amountYuan: 30000,
        workers: 3,
      },
    ],
    socialInsuranceArrears: [
      {
        reference: '宜社保欠核〔2024〕0007号',
        authority: '宜昌市社会保险事业管理局',
        insuranceTypes: ['企业职工基本养老保险', '工伤保险'],
        amountYuan: 8123.4,
        since: '2023-10-01',
        establishedOn: '2024-02-01',
      },
    ],
  }),
  truth(CLEAN, null),
];

const KEY = 'hrss-test-key';

async function get(url: string, key = KEY): Promise<Response> {
  return fetch(url, { headers: { 'X-Hrss-Api-Key': key } });
}

/** The newest export's pointer and its file, decompressed and split into header and record lines. */
async function readExport(base: string) {
  const latest = (await (await get(`${base}/exports/latest`)).json()) as {
    name: string;
    file: string;
    exportedAt: string;
    recordCount: number;
    bytes: number;
  };
  const res = await get(base + latest.file);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/gzip');
  const gz = Buffer.from(await res.arrayBuffer());
  return { latest, gz };
}

function split(gz: Buffer) {
  const text = gunzipSync(gz);
  const nl = text.indexOf(0x0a);
  return { header: JSON.parse(text.subarray(0, nl).toString('utf8')) as Record<string, unknown>, rest: text.subarray(nl + 1) };
}

describe('hrss simulator: the daily full export', () => {
  let sim: HrssSimulator;
  let base: string;
  beforeAll(async () => {
    sim = createHrssSimulator({ dataset: datasetFromRecords(RECORDS, TODAY), key: KEY, settings: { exportedAt: '2024-06-15T01:30:00Z' } });
    base = await sim.listen(0);
  });
  afterAll(() => sim.close());

  it('points to the newest export and serves it, its header holding time, count and checksum', async () => {
    const { latest, gz } = await readExport(base);
    expect(latest).toEqual({
      name: 'hrss-credit-full-20240615T013000Z-1',
      file: '/exports/hrss-credit-full-20240615T013000Z-1.jsonl.gz',
      exportedAt: '2024-06-15T01:30:00.000Z',
      recordCount: 1,
      bytes: gz.length,
    });
    const { header, rest } = split(gz);
    expect(header).toEqual({
      exportType: 'HRSS_CREDIT_FULL',
      version: 1,
      exportedAt: '2024-06-15T01:30:00.000Z',
      recordCount: 1,
      sha256: createHash('sha256').update(rest).digest('hex'),
    });
    // Only employers with a record are exported; every line ends with a newline.
    const lines = rest.toString('utf8').split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual({
      tyshxydm: LISTED,
      dwmc: '',
      qxmd: [
        {
          lrjdswh: '宜西人社失信〔2024〕3号',
          rdbm: '宜昌市西陵区人力资源和社会保障局',
          lrsy: '拖欠农民工工资',
          lrrq: '2024-01-10',
          qxjzrq: '2027-01-09',
          ycrq: null,
          ycyy: '',
          qxje: '120000.00',
          sjrs: 12,
          yyzt: '1',
        },
        // The nightly job writes the end of the three years as a removal the day after.
        {
          lrjdswh: '宜西人社失信〔2020〕1号',
          rdbm: '宜昌市西陵区人力资源和社会保障局',
          lrsy: '拖欠农民工工资',
          lrrq: '2020-03-01',
          qxjzrq: '2023-02-28',
          ycrq: '2023-03-01',
          ycyy: '期满移出',
          qxje: '56000.50',
          sjrs: 5,
          yyzt: '0',
        },
        {
          lrjdswh: '宜西人社失信〔2023〕9号',
          rdbm: '宜昌市西陵区人力资源和社会保障局',
          lrsy: '拖欠农民工工资',
          lrrq: '2023-01-05',
          qxjzrq: '2026-01-04',
          ycrq: '2023-09-01',
          ycyy: '提前移出',
          qxje: '30000.00',
          sjrs: 3,
          yyzt: '0',
        },
      ],
      sbqf: [
        {
          hdswh: '宜社保欠核〔2024〕0007号',
          jbjg: '宜昌市社会保险事业管理局',
          qfxz: '企业职工基本养老保险、工伤保险',
          qfje: '8123.40',
          qfqsny: '202310',
          rdrq: '2024-02-01',
          bjrq: null,
        },
      ],
    });
  });

  it('refuses a wrong key (401), an unknown file (404) and other methods (405)', async () => {
    expect((await get(`${base}/exports/latest`, 'wrong')).status).toBe(401);
    expect((await get(`${base}/exports/latest`, '')).status).toBe(401);
    expect((await get(`${base}/exports/hrss-credit-full-20200101T000000Z-1.jsonl.gz`)).status).toBe(404);
    expect((await get(`${base}/query`)).status).toBe(404);
    expect((await fetch(`${base}/exports/latest`, { method: 'POST', headers: { 'X-Hrss-Api-Key': KEY } })).status).toBe(405);
  });

  it('makes a new export, under a new name, when its settings change', async () => {
    const before = sim.currentExport().name;
    sim.setExport({ exportedAt: '2024-06-16T01:30:00Z' });
    const { latest } = await readExport(base);
    expect(latest.name).not.toBe(before);
    expect(latest.exportedAt).toBe('2024-06-16T01:30:00.000Z');
    expect((await get(`${base}/exports/${before}.jsonl.gz`)).status).toBe(404);
  });

  it('makes the export as old as exportAgeHours says', async () => {
    const from = Date.now();
    sim.setExport({ exportAgeHours: 72 });
    const at = Date.parse(sim.currentExport().exportedAt);
    const to = Date.now();
    expect(at).toBeGreaterThanOrEqual(from - 72 * 3600_000);
    expect(at).toBeLessThanOrEqual(to - 72 * 3600_000);
  });

  it.each(EXPORT_CORRUPTIONS.filter((c) => c !== 'none'))('serves a %s export when told to', async (corrupt) => {
    sim.setExport({ exportedAt: '2024-06-15T01:30:00Z', corrupt });
    const { gz } = await readExport(base);
    if (corrupt === 'truncated') {
      expect(() => gunzipSync(gz)).toThrow();
      return;
    }
    const { header, rest } = split(gz);
    const lines = rest.toString('utf8').split('\n').slice(0, -1);
    const digest = createHash('sha256').update(rest).digest('hex');
    switch (corrupt) {
      case 'checksum':
        expect(header.sha256).not.toBe(digest);
        expect(header.recordCount).toBe(lines.length);
        break;
      case 'count':
        expect(header.sha256).toBe(digest);
        expect(header.recordCount).toBe(lines.length + 1);
        break;
      case 'bad-line':
        expect(header.sha256).toBe(digest);
        expect(lines.filter((l) => !isJson(l))).toHaveLength(1);
        break;
      default:
        throw new Error(`unexpected ${corrupt}`);
    }
  });

  it('refuses settings it does not know, naming them', () => {
    const make = (settings: Record<string, string | number | boolean>) => () =>
      createHrssSimulator({ dataset: datasetFromRecords(RECORDS, TODAY), settings });
    expect(make({ exportAgeHours: -1 })).toThrow(/hrss simulator settings are invalid[\s\S]*exportAgeHours/);
    expect(make({ corrupt: 'zip' })).toThrow(/corrupt/);
    expect(make({ exportAgeHour: 3 })).toThrow(/exportAgeHour/);
  });
});

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
