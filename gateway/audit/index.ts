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
export { queryAuditLog, type AuditQueryFilter, type AuditQueryResult } from './query-audit-log.js';
export type { AuditIo, AuditFile } from './audit-file.js';
export { AuditCodeIndex } from './code-index.js';
