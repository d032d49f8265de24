import { Counter, Gauge } from 'prom-client';
import { z } from 'zod';
import {
  asLegacyError,
  LegacyBadResponseError,
  LegacyUnavailableError,
  type LegacyError,
  type LegacySystem,
  type LocalSource,
  type Lookup,
  type Readiness,
  type SubgraphMetrics,
} from '../shared/index.js';
import type { HrssConfig } from './config.js';
import { parseExport } from './export-parser.js';
import { latestExportModel, type HrssRecord } from './legacy-models.js';

/** Where the platform says which export is the newest, and the header its key goes in. */
const LATEST_PATH = '/exports/latest';
const KEY_HEADER = 'x-hrss-api-key';

/** The export in use. */
export interface LoadedExport {
  name: string;
  exportedAt: Date;
  recordCount: number;
  loadedAt: Date;
}

/** What one look for a newer export did. */
export type RefreshOutcome =
  | { kind: 'loaded'; name: string; recordCount: number }
  /** The newest export is the one in use. */
  | { kind: 'unchanged'; name: string }
  /** The newest export is one already rejected: not downloaded again. */
  | { kind: 'skipped'; name: string }
  | { kind: 'failed'; error: LegacyError };

export interface ExportSourceOptions {
  legacy: LegacySystem;
  /** The legacy system's address, key and call timeout, and the export settings. */
  config: Pick<HrssConfig, 'legacy' | 'export'>;
  metrics: SubgraphMetrics;
  clock: () => Date;
  /** Where a rejected export or an unreachable platform is reported. Default `console.warn`. */
  log?: (message: string) => void;
}

/** The export as a `local` department source, with what its owner (and tests) may drive. */
export interface ExportSource extends LocalSource<HrssRecord> {
  /** Settles once the first attempt to load an export has ended, loaded or not. */
  readonly firstAttempt: Promise<void>;
  /** Look for a newer export now and load it (concurrent calls share one attempt). */
  refresh(): Promise<RefreshOutcome>;
  /** The export in use, or null before one has loaded. */
  current(): LoadedExport | null;
  /** Stop looking for exports and abandon a download under way. */
  close(): Promise<void>;
}

interface Index extends LoadedExport {
  records: Map<string, HrssRecord>;
}

/**
 * The 人社 platform's daily full export, held in memory: loaded at start, looked for again every
 * `export.refreshMs` (sooner, backing off from `export.retryMs`, while attempts fail).
 *
 * Queries read the index in use and never wait for a refresh; a new export replaces it in one
 * assignment once it has been downloaded, decompressed, parsed and verified to its last byte. An
 * export that fails any of that is logged, counted (`credit_hrss_export_refreshes_total{outcome="failed"}`)
 * and dropped: the last good one stays in use, and the rejected file is not downloaded again.
 *
 * Lookups answer with `asOf` = the export time, marked `outdated` when the export is older than
 * `export.maxAgeHours` (OUTDATED: shown, never counted as read). Before any export has loaded they
 * fail (UNAVAILABLE), and readiness is false.
 */
export function createExportSource(o: ExportSourceOptions): ExportSource {
  const { legacy, clock } = o;
  const { refreshMs, retryMs, maxAgeHours, downloadTimeoutMs, maxBytes } = o.config.export;
  const base = o.config.legacy.url;
  const headers = { [KEY_HEADER]: o.config.legacy.key, accept: 'application/json, application/gzip' };
  const maxAgeMs = maxAgeHours * 3600 * 1000;
  const log = o.log ?? ((m: string) => console.warn(m));

  let index: Index | null = null;
  let lastError: LegacyError | null = null;
  let rejectedName: string | null = null;
  let inFlight: Promise<RefreshOutcome> | null = null;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const abort = new AbortController();

  const refreshes = new Counter({
    name: 'credit_hrss_export_refreshes_total',
    help: 'Looks for a newer 人社 export: loaded, unchanged, skipped (the newest was rejected before) or failed (unreachable, or rejected: the last good export stays in use).',
    labelNames: ['outcome'] as const,
    registers: [o.metrics.registry],
  });
  new Gauge({
    name: 'credit_hrss_export_age_seconds',
    help: 'Age of the 人社 export in use (absent before one has loaded).',
    registers: [o.metrics.registry],
    collect() {
      this.reset();
      if (index) this.set((clock().getTime() - index.exportedAt.getTime()) / 1000);
    },
  });
  new Gauge({
    name: 'credit_hrss_export_records',
    help: 'Employers in the 人社 export in use.',
    registers: [o.metrics.registry],
    collect() {
      this.reset();
      if (index) this.set(index.recordCount);
    },
  });

  async function load(): Promise<RefreshOutcome> {
    const latestAnswer = await legacy.request({
      method: 'GET',
      url: base + LATEST_PATH,
      headers,
      timeoutMs: o.config.legacy.timeoutMs,
      signal: abort.signal,
    });
    let pointer: unknown;
    try {
      pointer = JSON.parse(latestAnswer.body.toString('utf8'));
    } catch (err) {
      throw new LegacyBadResponseError('hrss legacy system: the newest-export answer is not JSON', { cause: err });
    }
    const latest = latestExportModel.safeParse(pointer);
    if (!latest.success)
      throw new LegacyBadResponseError(`hrss legacy system: the newest-export answer is not understood: ${z.prettifyError(latest.error)}`);
    const { name, path, bytes } = latest.data;
    if (index?.name === name) return { kind: 'unchanged', name };
    if (rejectedName === name) return { kind: 'skipped', name };
    if (bytes > maxBytes) {
      rejectedName = name;
      throw new LegacyBadResponseError(`hrss export ${name}: ${bytes} bytes, more than the ${maxBytes} allowed`);
    }
    // A failed download (unreachable, refused, cut short) says nothing about the file: tried again next time.
    const file = await legacy.request({ method: 'GET', url: base + path, headers, timeoutMs: downloadTimeoutMs, signal: abort.signal });
    try {
      if (file.body.length > maxBytes)
        throw new LegacyBadResponseError(`hrss export ${name}: ${file.body.length} bytes, more than the ${maxBytes} allowed`);
      const parsed = await parseExport(file.body, { maxBytes, label: name });
      if (index && parsed.exportedAt < index.exportedAt) {
        throw new LegacyBadResponseError(
          `hrss export ${name} of ${parsed.exportedAt.toISOString()} is older than the export in use (${index.exportedAt.toISOString()})`,
        );
      }
      // The one step queries can see: the new index replaces the old one whole.
      index = { name, exportedAt: parsed.exportedAt, recordCount: parsed.recordCount, records: parsed.records, loadedAt: clock() };
      return { kind: 'loaded', name, recordCount: parsed.recordCount };
    } catch (err) {
      // A file that was downloaded and does not verify will not verify next time: wait for the platform's next one.
      if (err instanceof LegacyBadResponseError) rejectedName = name;
      throw err;
    }
  }

  function refresh(): Promise<RefreshOutcome> {
    inFlight ??= load()
      .catch((err: unknown): RefreshOutcome => ({ kind: 'failed', error: asLegacyError(err) }))
      .then((outcome) => {
        inFlight = null;
        refreshes.inc({ outcome: outcome.kind });
        if (outcome.kind === 'failed') {
          lastError = outcome.error;
          if (!closed) {
            const keeping = index
              ? `keeping the export ${index.name} of ${index.exportedAt.toISOString()}`
              : 'no export is loaded: 人社 lookups are UNAVAILABLE';
            log(`hrss export not loaded (${outcome.error.code}): ${outcome.error.message}; ${keeping}`);
          }
        } else if (outcome.kind === 'loaded') {
          lastError = null;
        }
        return outcome;
      });
    return inFlight;
  }

  function schedule(outcome: RefreshOutcome) {
    if (closed) return;
    if (outcome.kind === 'failed' || outcome.kind === 'skipped') failures++;
    else failures = 0;
    // While attempts fail, try again sooner than the schedule: retryMs, doubling up to refreshMs.
    const wait = failures === 0 ? refreshMs : Math.min(refreshMs, retryMs * 2 ** Math.min(failures - 1, 30));
    timer = setTimeout(() => void refresh().then(schedule), wait);
    timer.unref();
  }

  const firstAttempt = refresh().then((outcome) => schedule(outcome));

  function lookup(uscc: string): Lookup<HrssRecord> {
    const current = index;
    if (!current) {
      const why = lastError ? `: ${lastError.message}` : '';
      return { kind: 'failed', error: new LegacyUnavailableError(`hrss legacy system: no export has been loaded yet${why}`) };
    }
    const asOf = current.exportedAt.toISOString();
    const outdated = clock().getTime() - current.exportedAt.getTime() > maxAgeMs;
    const record = current.records.get(uscc);
    const mark = outdated ? { outdated: true } : {};
    return record ? { kind: 'found', record, asOf, ...mark } : { kind: 'missing', asOf, ...mark };
  }

  async function readiness(): Promise<Readiness> {
    const name = 'hrss export';
    const current = index;
    if (!current) {
      return { ready: false, checks: [{ name, ready: false, detail: `no export loaded yet${lastError ? ` (${lastError.code})` : ''}` }] };
    }
    const outdated = clock().getTime() - current.exportedAt.getTime() > maxAgeMs;
    const detail = `export ${current.name} of ${current.exportedAt.toISOString()} (${current.recordCount} records)${outdated ? `, older than ${maxAgeHours} h: OUTDATED` : ''}`;
    return { ready: true, checks: [{ name, ready: true, detail }] };
  }

  return {
    kind: 'local',
    lookup,
    readiness,
    refresh,
    firstAttempt,
    current: () => (index ? { name: index.name, exportedAt: index.exportedAt, recordCount: index.recordCount, loadedAt: index.loadedAt } : null),
    async close() {
      closed = true;
      clearTimeout(timer);
      abort.abort();
      await inFlight?.catch(() => undefined);
    },
  };
}
