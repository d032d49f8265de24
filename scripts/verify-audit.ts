/**
 * Verify the 查询留痕 audit log's hash chain.
 *
 *   tsx scripts/verify-audit.ts [path]     (default: $AUDIT_LOG_PATH, else ./data/audit.log)
 *
 * Prints `OK` with the record count (and a note when a crash left a torn tail), or the first
 * broken record and why, and exits 1.
 */
import { verifyAuditLog } from '../gateway/audit/index.js';

const path = process.argv[2] ?? process.env.AUDIT_LOG_PATH ?? './data/audit.log';

try {
  const result = await verifyAuditLog(path);
  if (result.ok) {
    console.log(`OK ${path}: ${result.records} records, chain intact${result.lastSeq === null ? '' : ` (last seq ${result.lastSeq}, hash ${result.lastHash})`}`);
    if (result.tornTail) {
      console.log(
        `note: ${result.tornTail.bytes} bytes from line ${result.tornTail.line} are a torn tail (a write cut off by a crash); the next start of the gateway records them in the chain`,
      );
    }
  } else {
    console.error(`BROKEN ${path}: ${result.records} valid records, then record seq ${result.brokenAt} (line ${result.line}): ${result.reason}`);
    console.error(`  ${result.detail}`);
    process.exitCode = 1;
  }
} catch (err) {
  console.error(`cannot verify ${path}: ${(err as Error).message}`);
  process.exitCode = 1;
}
