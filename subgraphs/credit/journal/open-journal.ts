import { createSharedPool, migrate } from '../../../common/engines/index.js';
import { openCheckJournal, type CheckJournal } from './check-journal.js';
import { openPostgresJournal, type PostgresJournalOptions } from './postgres-journal.js';

export interface JournalSettings {
  /** The file journal's directory (`CREDIT_JOURNAL_DIR`): used when there is no database. */
  journalDir: string;
  /** `DATABASE_URL`: the journal in PostgreSQL, shared by every credit replica. */
  engines: { databaseUrl: string | null };
}

/**
 * The credit subgraph's check journal: in PostgreSQL when `DATABASE_URL` is set (every replica
 * shares it; the schema is brought up to date first, under the migrator's lock, so replicas starting
 * together are safe), otherwise month files in `journalDir`, exactly as one process always kept it.
 * A database that cannot be reached or migrated stops the start, naming it: a replica that started
 * with a journal of its own would hide its checks from the others.
 */
export async function openJournal(settings: JournalSettings, options: PostgresJournalOptions = {}): Promise<CheckJournal> {
  const url = settings.engines.databaseUrl;
  if (!url) return openCheckJournal(settings.journalDir);
  // Short waits: an answer waits for its check's row (postgres-journal.ts), never for long.
  const pool = createSharedPool(url, { name: 'credit-subgraph', max: 5, connectionTimeoutMs: 1000, statementTimeoutMs: 5000 });
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`the credit subgraph cannot prepare its check journal in PostgreSQL (DATABASE_URL ${redact(url)}): ${(err as Error).message}`, {
      cause: err,
    });
  }
  const journal = openPostgresJournal(pool, options);
  return {
    recordCheck: (e) => journal.recordCheck(e),
    findCheck: (id) => journal.findCheck(id),
    recordFeedback: (e) => journal.recordFeedback(e),
    month: (m) => journal.month(m),
    async close() {
      await journal.close();
      await pool.end();
    },
  };
}

/** The URL without its password, for a message. */
function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
