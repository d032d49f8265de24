import pg from 'pg';

export interface SharedPoolOptions {
  /** Who connects (PostgreSQL's `application_name`), e.g. `gateway`. */
  name: string;
  /** Most connections this process holds. Default 10. */
  max?: number;
  /** Longest wait for a connection. Default 5,000 ms. */
  connectionTimeoutMs?: number;
  /** Longest statement. Default 10,000 ms. */
  statementTimeoutMs?: number;
  /** Told when an idle connection fails (the pool drops it and opens another when needed). */
  onError?: (err: Error) => void;
}

/** A connection pool to the shared PostgreSQL. */
export function createSharedPool(url: string, options: SharedPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    application_name: options.name,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client's error (the server restarted) must not take the process down.
  pool.on('error', (err) => options.onError?.(err));
  return pool;
}

export type { Pool, PoolClient } from 'pg';
