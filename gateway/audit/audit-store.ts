import { openAuditLog, type AuditLog, type AuditLogOptions } from './audit-log.js';
import type { ChainFields } from './chain.js';
import { AuditCodeIndex } from './code-index.js';
import { queryAuditLog, type AuditQueryFilter, type AuditQueryResult } from './query-audit-log.js';

/** Finds the audit record that issued a report (`GET /verify/<number>`). */
export interface AuditReportLookup {
  /**
   * The record whose `report.number` is `number` (the first one, should a number ever repeat), or
   * null when none is. Throws when the record cannot be read or is no longer a record; the caller
   * checks its hash before vouching for it.
   */
  findReport(number: string): Promise<ChainFields | null>;
}

/**
 * The gateway's 查询留痕 trail, wherever it is kept. Everything the gateway does with it goes
 * through this: `append` before an answer leaves (it rejects → fail closed), `query` for
 * `/audit`, `findReport` for `/verify/<number>`, `anchor` for `/metrics`.
 *
 * - `file` (`openFileAuditStore`): one JSON-lines file per gateway process, as it always was.
 * - `postgres` (`openPostgresAuditStore`): one chain in PostgreSQL shared by every gateway replica.
 *
 * Both write the same records (the same fields, `seq`, `prevHash`, `hash` computed the same way),
 * so one verifier logic (`checkLink`) serves both.
 */
export interface AuditStore extends AuditLog, AuditReportLookup {
  readonly kind: 'file' | 'postgres';
  /**
   * The auditors' search, oldest first (`/audit`). Throws a `ZodError` for a bad filter, another
   * error when the trail cannot be read.
   */
  query(filter: AuditQueryFilter): Promise<AuditQueryResult>;
}

/**
 * The file store: the append-only log (`openAuditLog`) with its in-memory code index for `/audit?uscc=`
 * and report numbers. The index is built in the background from now on, so that the first lookup
 * does not wait for it.
 */
export async function openFileAuditStore(options: AuditLogOptions): Promise<AuditStore> {
  const log = await openAuditLog(options);
  const index = new AuditCodeIndex(options.path);
  index.linesFor('').catch(() => undefined);
  return {
    kind: 'file',
    append: (entry) => log.append(entry),
    stats: () => log.stats(),
    anchor: () => log.anchor(),
    close: () => log.close(),
    query: (filter) => queryAuditLog(options.path, filter, index),
    findReport: (number) => index.findReport(number),
  };
}
