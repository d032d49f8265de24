import DataLoader from 'dataloader';
import { currentRequestScope, lookupThroughCache, type LegacyCache, type Lookup } from '../shared/index.js';
import type { CourtsLegacyClient } from './legacy-client.js';
import type { CourtsLegacyRecord } from './legacy-models.js';

export type JudicialLookup = Lookup<CourtsLegacyRecord[]>;

/**
 * The per-request loader, keyed by organisation code `XXXXXXXX-X` (what the courts system keys on,
 * so two spellings of one enterprise cost one call). The system has no batch endpoint: each
 * distinct code is one call (plus one per extra page), all started at once and paced by the
 * client's shared gate. Each code gets its own outcome: one refused or failed code does not spoil
 * the others. The request's deadline is `timeoutMs` from its first lookup.
 */
export function createJudicialLoader(
  client: CourtsLegacyClient,
  timeoutMs: number,
  clock: () => Date,
  cache?: LegacyCache<CourtsLegacyRecord[]>,
): DataLoader<string, JudicialLookup> {
  let deadlineAt: number | undefined;
  return new DataLoader<string, JudicialLookup>(async (codes) => {
    // The gateway's deadline for the whole request when there is one (a long bidder list needs it:
    // 1,000 codes at 300 calls/s take 3.4 s), else `timeoutMs` from the first lookup.
    // (The gateway's deadline is wall-clock time; the client's clock is monotonic.)
    const gatewayDeadline = currentRequestScope()?.deadlineAt;
    deadlineAt ??= client.now() + (gatewayDeadline !== undefined ? gatewayDeadline - Date.now() : timeoutMs);
    const at = deadlineAt;
    return Promise.all(
      codes.map((code) =>
        // The system answers `total: 0` both for a code it never saw and for one with nothing on file.
        lookupThroughCache(cache, code, clock, async () => {
          const records = await client.fetchRecords(code, at);
          return records.length === 0 ? null : records;
        }),
      ),
    );
  });
}
