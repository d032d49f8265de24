import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from '../../test/support/engines.js';
import { enginesConfig, enginesEnvSchema } from './config.js';
import { migrate, readMigrations } from './migrate.js';
import { createSharedPool } from './postgres.js';
import { createSharedRedis, redisReady } from './redis.js';

let pgServer: PostgresServer;
let redisServer: RedisServer;
beforeAll(async () => {
  [pgServer, redisServer] = await Promise.all([startPostgres(), startRedis()]);
});
afterAll(async () => {
  await Promise.all([pgServer?.stop(), redisServer?.stop()]);
});

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'credit-migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

describe('engines configuration', () => {
  it.each([
    [{}, { redisUrl: null, databaseUrl: null, replicas: 1 }],
    [
      { REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://u@db:5432/credit', REPLICAS: '2' },
      { redisUrl: 'redis://127.0.0.1:6379', databaseUrl: 'postgres://u@db:5432/credit', replicas: 2 },
    ],
  ])('%o → %o', (env, expected) => {
    expect(enginesConfig(enginesEnvSchema.parse(env))).toEqual(expected);
  });

  it.each([
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REPLICAS: '0' }, 'REPLICAS'],
  ])('refuses %o', (env, key) => {
    const r = enginesEnvSchema.safeParse(env);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path[0])).toContain(key);
  });
});

describe('migrations', () => {
  it("the repository's migrations apply once, in order, and again is a no-op", async () => {
    const pool = createSharedPool(await pgServer.createDatabase(), { name: 'test' });
    try {
      const list = await readMigrations();
      const first = await migrate(pool);
      expect(first.applied).toEqual(list.map((m) => m.version));
      const again = await migrate(pool);
      expect(again.applied).toEqual([]);
      expect(again.version).toBe(first.version);
    } finally {
      await pool.end();
    }
  });

  it('replicas starting at once apply each migration exactly once', async () => {
    const url = await pgServer.createDatabase();
    const dir = migrationsDir({ '001_a.sql': 'CREATE TABLE a (x int);', '002_b.sql': 'CREATE TABLE b (y int); INSERT INTO b VALUES (1);' });
    const list = await readMigrations(dir);
    const pools = [1, 2, 3].map((i) => createSharedPool(url, { name: `replica-${i}` }));
    try {
      const results = await Promise.all(pools.map((p) => migrate(p, list)));
      expect(results.flatMap((r) => r.applied).sort()).toEqual([1, 2]);
      expect((await pools[0]!.query('SELECT count(*)::int AS n FROM b')).rows[0].n).toBe(1);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('an applied migration whose file changed stops the start; a failing one is rolled back', async () => {
    const url = await pgServer.createDatabase();
    const pool = createSharedPool(url, { name: 'test' });
    try {
      await migrate(pool, await readMigrations(migrationsDir({ '001_a.sql': 'CREATE TABLE a (x int);' })));
      await expect(migrate(pool, await readMigrations(migrationsDir({ '001_a.sql': 'CREATE TABLE a (x bigint);' })))).rejects.toThrow(
        /never edit an applied migration/,
      );
      const bad = await readMigrations(
        migrationsDir({ '001_a.sql': 'CREATE TABLE a (x int);', '002_bad.sql': 'CREATE TABLE c (z int); SELECT nope;' }),
      );
      await expect(migrate(pool, bad)).rejects.toThrow(/002_bad\.sql failed/);
      expect((await pool.query("SELECT to_regclass('c') AS t")).rows[0].t).toBeNull();
      expect((await pool.query('SELECT max(version) AS v FROM schema_migrations')).rows[0].v).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('misnamed or twice-numbered files are refused', async () => {
    await expect(readMigrations(migrationsDir({ '1_a.sql': '' }))).rejects.toThrow(/NNN_name\.sql/);
    await expect(readMigrations(migrationsDir({ '001_a.sql': '', '001_b.sql': '' }))).rejects.toThrow(/two migrations are numbered 001/);
  });
});

describe('shared Redis connection', () => {
  it('fails fast while Redis is down and recovers when it is back', async () => {
    const changes: boolean[] = [];
    const redis = createSharedRedis(redisServer.url, { name: 'test', onStateChange: (up) => changes.push(up) });
    try {
      expect(await redisReady(redis)).toBe(true);
      expect(await redis.ping()).toBe('PONG');
      await redisServer.kill();
      await expect(redis.ping()).rejects.toThrow();
      await redisServer.start();
      expect(await redisReady(redis, 5000)).toBe(true);
      expect(await redis.ping()).toBe('PONG');
      expect(changes).toEqual([true, false, true]);
    } finally {
      redis.disconnect();
    }
  });
});
