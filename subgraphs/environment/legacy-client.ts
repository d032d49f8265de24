import { LegacyBadResponseError, type LegacySystem } from '../shared/index.js';
import { ExportFormatError, parseExport, type EnvironmentLegacyRow, type EnvironmentLevel, type EnvironmentPenaltyRemoval } from './legacy-models.js';
import { assertNever } from '../../common/assert-never.js';

/** The system name used in error messages. */
const SYSTEM = 'environment credit platform';
/** Where the platform serves its export. */
const EXPORT_PATH = '/export/credit.csv';

export type { EnvironmentLevel, EnvironmentPenaltyRemoval };

/** One rating as the platform holds it (dates ISO). */
export interface EnvironmentLegacyRating {
  year: number;
  level: EnvironmentLevel;
  authority: string;
  ratedOn: string;
}

/** One environmental administrative penalty as the platform holds it (dates ISO): its export row without the row's framing. */
export type EnvironmentLegacyPenalty = Omit<Extract<EnvironmentLegacyRow, { kind: 'penalty' }>, 'kind' | 'uscc' | 'name'>;

/** Everything the platform holds for one enterprise it knows. */
export interface EnvironmentLegacyRecord {
  uscc: string;
  /** 企业名称 as the platform records it ('' when it has none). */
  name: string;
  ratings: EnvironmentLegacyRating[];
  penalties: EnvironmentLegacyPenalty[];
}

export interface EnvironmentLegacyClientOptions {
  /** Base URL of the platform, e.g. `http://127.0.0.1:4105`. */
  url: string;
  /** The export token. */
  key: string;
  /** Most codes per export call (the platform refuses more than 200). */
  batchSize: number;
  /** Deadline of one call in ms. */
  timeoutMs: number;
  /** The platform as this service reaches it (dispatcher, breaker, metrics). */
  legacy: LegacySystem;
}

export interface EnvironmentLegacyClient {
  /**
   * Export the records of `codes` (valid, normalised USCCs). Codes above the batch size are
   * split into calls issued in parallel. Enterprises the platform does not know are absent from
   * the map. Throws a typed `LegacyError` when any call fails.
   */
  fetch(codes: readonly string[]): Promise<Map<string, EnvironmentLegacyRecord>>;
}

export function createEnvironmentLegacyClient(o: EnvironmentLegacyClientOptions): EnvironmentLegacyClient {
  const endpoint = o.url.replace(/\/$/, '') + EXPORT_PATH;

  async function exportBatch(codes: readonly string[]): Promise<EnvironmentLegacyRow[]> {
    // The form body is ASCII: codes are [0-9A-Z] and the comma is percent-encoded.
    const body = new URLSearchParams({ codes: codes.join(','), token: o.key }).toString();
    const answer = await o.legacy.request({
      method: 'POST',
      url: endpoint,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/csv' },
      body,
      timeoutMs: o.timeoutMs,
    });
    try {
      return parseExport(answer.body);
    } catch (err) {
      if (err instanceof ExportFormatError) {
        // The detail (which row, which column) stays in `cause` for logs; clients get the fact.
        throw new LegacyBadResponseError(`${SYSTEM} sent an export that could not be read`, { cause: err });
      }
      throw err;
    }
  }

  return {
    async fetch(codes) {
      const unique = [...new Set(codes)];
      const batches: string[][] = [];
      for (let i = 0; i < unique.length; i += o.batchSize) batches.push(unique.slice(i, i + o.batchSize));
      const results = await Promise.all(batches.map(exportBatch));
      const asked = new Set(unique);
      const records = new Map<string, EnvironmentLegacyRecord>();
      for (const row of results.flat()) {
        // Rows for a code nobody asked for are ignored rather than attributed to anyone.
        if (!asked.has(row.uscc)) continue;
        let rec = records.get(row.uscc);
        if (!rec) {
          rec = { uscc: row.uscc, name: row.name, ratings: [], penalties: [] };
          records.set(row.uscc, rec);
        }
        if (!rec.name && row.name) rec.name = row.name;
        switch (row.kind) {
          case 'enterprise':
            break;
          case 'rating': {
            const { kind: _k, uscc: _u, name: _n, ...rating } = row;
            rec.ratings.push(rating);
            break;
          }
          case 'penalty': {
            const { kind: _k, uscc: _u, name: _n, ...penalty } = row;
            rec.penalties.push(penalty);
            break;
          }
          default: {
            return assertNever(row);
          }
        }
      }
      return records;
    },
  };
}
