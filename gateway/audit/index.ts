export { openAuditLog, type AuditLog, type AuditLogOptions, type AuditLogStats } from './audit-log.js';
export {
  auditEntrySchema,
  capCodes,
  hashResult,
  AUDIT_CODES_CAP,
  type AuditEntry,
  type AuditOutcome,
  type AuditRecord,
  type AuditRecovery,
  type AuditReceipt,
} from './audit-entry.js';
export { AuditError, AuditWriteError, AuditEntryError, type AuditErrorCode } from './audit-errors.js';
export {
  verifyAuditLog,
  initAuditAnchor,
  type AuditVerifyResult,
  type AuditBreakReason,
  type AuditAnchorCheck,
  type VerifyAuditLogOptions,
} from './verify-audit-log.js';
export { anchorPathFor, readAnchor, type AuditAnchor } from './audit-anchor.js';
export {
  queryAuditLog,
  parseAuditQueryFilter,
  type AuditQueryFilter,
  type AuditQueryResult,
  type ParsedAuditQueryFilter,
} from './query-audit-log.js';
export { openFileAuditStore, type AuditStore, type AuditReportLookup } from './audit-store.js';
export { openPostgresAuditStore, auditQuerySql, type PostgresAuditStoreOptions } from './postgres-audit-store.js';
export {
  verifyAuditDatabase,
  type AuditDatabaseVerifyResult,
  type AuditDatabaseBreakReason,
  type VerifyAuditDatabaseOptions,
} from './verify-audit-database.js';
export type { AuditIo, AuditFile } from './audit-file.js';
export { AuditCodeIndex } from './code-index.js';
