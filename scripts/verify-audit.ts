/**
 * Verify the 查询留痕 audit trail's hash chain and compare its end with the anchor (file) or the
 * head row (database).
 *
 *   tsx scripts/verify-audit.ts [path] [--anchor <file>]   (default path: $AUDIT_LOG_PATH, else ./data/audit.log;
 *                                                          default anchor: <path>.head)
 *   tsx scripts/verify-audit.ts --init-anchor [path]       anchor a log that has no anchor (see below)
 *   tsx scripts/verify-audit.ts --database <url> [--anchor <file>]
 *                                                          the trail in PostgreSQL (also when no path is
 *                                                          given and $DATABASE_URL is set, as the gateway
 *                                                          then writes there)
 *
 * Exit 0: `OK`, the chain is intact up to the anchor's record or beyond it (a note when a crash
 * left a torn tail, or records written after the last anchor write). Exit 1: the first broken
 * record and why (`BROKEN`) — including a rewritten last line and records cut from the end — or
 * `UNANCHORED`: the log holds records but has no anchor, so a cut could not be detected; or the
 * trail could not be read.
 *
 * `--anchor` takes a copy of the anchor kept elsewhere (e.g. rebuilt from the /metrics history);
 * for the database it is what shows records cut from the end together with the head row.
 * `--init-anchor` writes `<path>.head` from the last record of a verified log that has none: the
 * one-off step for a log written before anchors existed. Compare the printed seq and hash with a
 * copy kept elsewhere before trusting it.
 */
import { parseArgs } from 'node:util';
import { createSharedPool } from '../common/engines/index.js';
import { initAuditAnchor, readAnchor, verifyAuditDatabase, verifyAuditLog } from '../gateway/audit/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { anchor: { type: 'string' }, 'init-anchor': { type: 'boolean', default: false }, database: { type: 'string' } },
});
const databaseUrl = values.database ?? (positionals[0] === undefined && !values['init-anchor'] ? process.env.DATABASE_URL : undefined);

if (databaseUrl !== undefined && databaseUrl !== '') await verifyDatabase(databaseUrl);
else await verifyFile(positionals[0] ?? process.env.AUDIT_LOG_PATH ?? './data/audit.log');

/** The URL as printed: without its password. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(the database URL)';
  }
}

async function verifyDatabase(url: string): Promise<void> {
  const name = shown(url);
  const pool = createSharedPool(url, { name: 'verify-audit', max: 1, statementTimeoutMs: 120_000 });
  try {
    let anchor;
    if (values.anchor !== undefined) {
      anchor = await readAnchor(values.anchor);
      if (anchor === null) throw new Error(`no anchor copy ${values.anchor}`);
    }
    const result = await verifyAuditDatabase(pool, anchor ? { anchor } : {});
    if (!result.ok) {
      console.error(`BROKEN ${name}: ${result.records} valid records, then record seq ${result.brokenAt}: ${result.reason}`);
      console.error(`  ${result.detail}`);
      process.exitCode = 1;
      return;
    }
    console.log(
      `OK ${name}: ${result.records} records, chain intact${result.lastSeq === null ? '' : ` (last seq ${result.lastSeq}, hash ${result.lastHash})`}`,
    );
    console.log(`head (moved ${result.head.at}) names the last record`);
    if (result.anchor.kind === 'matched') {
      const { anchor: a, recordsAfter } = result.anchor;
      console.log(`anchor copy ${values.anchor} (written ${a.at}) names record ${a.seq}; ${recordsAfter} records follow it`);
    } else {
      console.log(
        'note: the head row is in the same database as the records; compare the last seq and hash with a copy kept elsewhere (credit_gateway_audit_anchor_info in the /metrics history, or --anchor <file>)',
      );
    }
  } catch (err) {
    console.error(`cannot verify ${name}: ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    await pool.end().catch(() => undefined);
  }
}

async function verifyFile(path: string): Promise<void> {
  try {
    if (values['init-anchor']) {
      const anchor = await initAuditAnchor(path);
      console.log(`ANCHORED ${path}: seq ${anchor.seq}, hash ${anchor.hash} (compare them with your own copy)`);
    } else {
      const result = await verifyAuditLog(path, values.anchor === undefined ? {} : { anchorPath: values.anchor });
      if (!result.ok) {
        console.error(`BROKEN ${path}: ${result.records} valid records, then record seq ${result.brokenAt} (line ${result.line}): ${result.reason}`);
        console.error(`  ${result.detail}`);
        process.exitCode = 1;
      } else if (result.anchor.kind === 'missing' && result.records > 0) {
        console.error(
          `UNANCHORED ${path}: ${result.records} records, chain intact (last seq ${result.lastSeq}, hash ${result.lastHash}), but no anchor ${result.anchor.path}: records cut from the end cannot be detected`,
        );
        console.error(
          `  if the log predates anchors, compare that seq and hash with your own copy, then run: npm run verify-audit -- --init-anchor ${path}`,
        );
        process.exitCode = 1;
      } else {
        console.log(
          `OK ${path}: ${result.records} records, chain intact${result.lastSeq === null ? '' : ` (last seq ${result.lastSeq}, hash ${result.lastHash})`}`,
        );
        if (result.anchor.kind === 'matched') {
          const { anchor, recordsAfter } = result.anchor;
          console.log(
            recordsAfter === 0
              ? `anchor ${result.anchor.path} (written ${anchor.at}) names the last record`
              : `anchor ${result.anchor.path} (written ${anchor.at}) names record ${anchor.seq}; the ${recordsAfter} records after it were written by a group commit whose anchor write a crash cut off (never acknowledged)`,
          );
        } else {
          console.log(`note: no anchor ${result.anchor.path} (an empty log that no gateway has opened yet)`);
        }
        if (result.tornTail) {
          console.log(
            `note: ${result.tornTail.bytes} bytes from line ${result.tornTail.line} are a torn tail (a write cut off by a crash); the next start of the gateway records them in the chain`,
          );
        }
      }
    }
  } catch (err) {
    console.error(`cannot verify ${path}: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
