import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';

/** The repository's migrations: `schema/migrations/NNN_name.sql`, applied in order. */
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'migrations');

const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

export interface MigrationResult {
  /** Versions applied by this call. */
  applied: number[];
  /** The database's version afterwards. */
  version: number;
}

/** The migration files, in order of their number; a misnamed file or a repeated number is an error, not something skipped. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const out: Migration[] = [];
  for (const file of (await readdir(dir)).sort()) {
    if (!file.endsWith('.sql')) continue;
    const m = FILE.exec(file);
    if (!m) throw new Error(`migration ${file} is not named NNN_name.sql`);
    const sql = await readFile(join(dir, file), 'utf8');
    out.push({ version: Number(m[1]), name: m[2]!, sql, sha256: createHash('sha256').update(sql).digest('hex') });
  }
  out.forEach((mig, i) => {
    if (i > 0 && mig.version === out[i - 1]!.version) throw new Error(`two migrations are numbered ${String(mig.version).padStart(3, '0')}`);
  });
  return out;
}

/** An advisory lock key of our own, so that replicas starting together apply each migration once. */
const LOCK = 7_202_611;

/**
 * Bring the database to the repository's schema: each migration not yet recorded in
 * `schema_migrations` runs in its own transaction, in order, under an advisory lock (replicas that
 * start at once wait for each other). A recorded migration whose file has changed stops the start:
 * the database was built by different SQL than the repository holds. Versions newer than this
 * code knows (a newer replica already migrated) are accepted: migrations only add.
 */
export async function migrate(pool: Pool, migrations?: Migration[]): Promise<MigrationResult> {
  const list = migrations ?? (await readMigrations());
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY,
           name text NOT NULL,
           sha256 text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const { rows } = await client.query<{ version: number; name: string; sha256: string }>(
        'SELECT version, name, sha256 FROM schema_migrations ORDER BY version',
      );
      const known = new Map(rows.map((r) => [r.version, r]));
      for (const mig of list) {
        const done = known.get(mig.version);
        if (done && done.sha256 !== mig.sha256) {
          throw new Error(
            `migration ${String(mig.version).padStart(3, '0')}_${mig.name}.sql differs from the one applied to this database on its first start (sha256 ${done.sha256.slice(0, 12)}…): never edit an applied migration, add a new one`,
          );
        }
      }
      const applied: number[] = [];
      for (const mig of list) {
        if (known.has(mig.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(mig.sql);
          await client.query('INSERT INTO schema_migrations (version, name, sha256) VALUES ($1, $2, $3)', [mig.version, mig.name, mig.sha256]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new Error(`migration ${String(mig.version).padStart(3, '0')}_${mig.name}.sql failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(mig.version);
      }
      const version = Math.max(0, ...rows.map((r) => r.version), ...list.map((m) => m.version));
      return { applied, version };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
