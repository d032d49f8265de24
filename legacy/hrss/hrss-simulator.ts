import { z } from 'zod';
import type { Dataset } from '../dataset/types.js';
import { createSimulator, type SimRequest, type SimResponse, type Simulator } from '../sim/index.js';
import type { CommonSimulatorOptions } from '../simulator-options.js';
import { buildExport, EXPORT_CORRUPTIONS, type BuiltExport, type ExportCorruption } from './export-file.js';

/** Where the platform says which export is the newest. */
export const HRSS_LATEST_PATH = '/exports/latest';
/** Prefix of the export files' paths: `/exports/<name>.jsonl.gz`. */
export const HRSS_EXPORTS_PREFIX = '/exports/';
/** Header the platform reads the key from. */
export const HRSS_KEY_HEADER = 'X-Hrss-Api-Key';

/** A day: a new export is made once the last one is this old (the platform exports daily). */
const DAY_MS = 24 * 3600 * 1000;

/**
 * The simulator's own settings (`HRSS_SIMULATOR_SETTINGS`, or a golden case's `legacyOptions.hrss.settings`).
 * - `exportAgeHours` (default 2): how old the served export is when it is made;
 * - `exportedAt` (ISO 8601): the export time itself, instead of an age (tests with a fixed clock);
 * - `corrupt` (default `none`): serve a spoiled export — `checksum` (header digest wrong),
 *   `truncated` (gzip cut off), `bad-line` (a record line that is not JSON), `count` (header count wrong).
 */
export const hrssSettingsSchema = z.strictObject({
  exportAgeHours: z
    .number()
    .min(0)
    .max(24 * 365)
    .default(2),
  exportedAt: z.iso.datetime({ offset: true }).optional(),
  corrupt: z.enum(EXPORT_CORRUPTIONS).default('none'),
});
export type HrssExportSettings = z.input<typeof hrssSettingsSchema>;

export interface HrssSimulatorOptions extends Omit<CommonSimulatorOptions, 'key'> {
  /** The key callers must send in `X-Hrss-Api-Key`. Default `hrss-dev-key`. */
  key?: string;
}

/** The platform, plus what tests change while it runs: the next export's settings. */
export interface HrssSimulator extends Simulator {
  /** Make a new export (a new name) with these settings, replacing the served one. */
  setExport(settings: HrssExportSettings): void;
  /** The export being served: its name, time and record count (made now if there is none yet). */
  currentExport(): { name: string; exportedAt: string; recordCount: number };
}

const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };
const json = (status: number, body: unknown): SimResponse => ({ status, headers: JSON_HEADERS, body: JSON.stringify(body), codes: 0 });

function parseSettings(settings: unknown): z.output<typeof hrssSettingsSchema> {
  const parsed = hrssSettingsSchema.safeParse(settings ?? {});
  if (!parsed.success) throw new Error(`hrss simulator settings are invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * A stand-in for the human resources & social security credit platform (人社信用信息平台). It has
 * no lookup: it publishes a daily full export (see `export-file.ts` for the format).
 *
 *   GET /exports/latest                  header `X-Hrss-Api-Key: <key>`
 *   → 200 {"name":"hrss-credit-full-20261126T020000Z-1","file":"/exports/hrss-credit-full-20261126T020000Z-1.jsonl.gz",
 *          "exportedAt":"2026-11-26T02:00:00.000Z","recordCount":123,"bytes":4567}
 *   GET /exports/<name>.jsonl.gz         header `X-Hrss-Api-Key: <key>`   → 200 application/gzip
 *
 * A wrong or missing key is HTTP 401, a file that is not (or no longer) served 404, any other
 * method 405. The export is made from the dataset when the platform starts listening (or on the
 * first request) and again once it is a day old.
 */
export function createHrssSimulator(options: HrssSimulatorOptions): HrssSimulator {
  const dataset: Dataset = options.dataset;
  const key = options.key ?? 'hrss-dev-key';
  let settings = parseSettings(options.settings);
  let generation = 0;
  let served: (BuiltExport & { madeAt: number }) | undefined;

  const exportTime = (now: number) => (settings.exportedAt ? new Date(settings.exportedAt) : new Date(now - settings.exportAgeHours * 3600 * 1000));

  function current(): BuiltExport {
    const now = Date.now();
    if (!served || now - served.madeAt >= DAY_MS) {
      generation++;
      served = { ...buildExport(dataset, exportTime(now), generation, settings.corrupt as ExportCorruption), madeAt: now };
    }
    return served;
  }

  const fileOf = (e: BuiltExport) => `${HRSS_EXPORTS_PREFIX}${e.name}.jsonl.gz`;

  function handle(req: SimRequest): SimResponse {
    const path = req.url.pathname;
    if (!path.startsWith(HRSS_EXPORTS_PREFIX)) return json(404, { code: 404, message: '接口不存在' });
    if (req.method !== 'GET') return json(405, { code: 405, message: '请求方法不支持' });
    if (req.headers[HRSS_KEY_HEADER.toLowerCase()] !== key) return json(401, { code: 401, message: '接口密钥无效' });
    const e = current();
    if (path === HRSS_LATEST_PATH) {
      return json(200, { name: e.name, file: fileOf(e), exportedAt: e.exportedAt.toISOString(), recordCount: e.recordCount, bytes: e.body.length });
    }
    if (path === fileOf(e)) {
      return { status: 200, headers: { 'content-type': 'application/gzip', 'content-length': String(e.body.length) }, body: e.body, codes: 0 };
    }
    return json(404, { code: 404, message: '导出文件不存在或已过期' });
  }

  /** The `malformed` fault: a pointer that is not JSON, or a file whose gzip is cut off. */
  function malformed(req: SimRequest): SimResponse {
    const e = current();
    if (req.url.pathname === HRSS_LATEST_PATH) return { status: 200, headers: JSON_HEADERS, body: `{"name":"${e.name}","file":`, codes: 0 };
    return { status: 200, headers: { 'content-type': 'application/gzip' }, body: e.body.subarray(0, Math.floor(e.body.length / 2)), codes: 0 };
  }

  const sim = createSimulator({
    name: 'hrss',
    latencyMs: options.latencyMs,
    jitter: options.jitter,
    rateLimitPerSecond: options.rateLimitPerSecond,
    handle,
    malformed,
  });
  const listen = sim.listen.bind(sim);
  return Object.assign(sim, {
    // The export is made before the platform listens: the first call should not wait for it (it
    // takes seconds for a large dataset) and time out.
    listen(port?: number, host?: string) {
      current();
      return listen(port, host);
    },
    setExport(next: HrssExportSettings) {
      settings = parseSettings(next);
      served = undefined;
    },
    currentExport() {
      const e = current();
      return { name: e.name, exportedAt: e.exportedAt.toISOString(), recordCount: e.recordCount };
    },
  });
}
