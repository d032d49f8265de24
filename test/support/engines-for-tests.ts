/**
 * One engine server per test file — started before its tests, stopped after. For Redis also
 * connections made as a service makes them (`createSharedRedis`), each ready before it is used and
 * closed at the end. A separate file from engines.ts, which the bench imports too: this one
 * registers vitest hooks.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createSharedRedis, redisReady } from '../../common/engines/index.js';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from './engines.js';

export interface RedisForTests {
  /** The server (e.g. `kill()` for an outage, `start()` to bring it back). */
  server(): RedisServer;
  /** A new connection named `name`, ready. */
  connection(name: string): Promise<Redis>;
}

export function redisForTests(): RedisForTests {
  let server: RedisServer | undefined;
  const connections: Redis[] = [];
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const c of connections) c.disconnect();
    await server?.stop();
  });
  return {
    server() {
      if (!server) throw new Error('redis-server is started in beforeAll');
      return server;
    },
    async connection(name) {
      const redis = createSharedRedis(this.server().url, { name });
      connections.push(redis);
      if (!(await redisReady(redis))) throw new Error(`the connection ${name} to ${this.server().url} did not become ready`);
      return redis;
    },
  };
}

/** A PostgreSQL server for the test file; `createDatabase()` on it gives each test its own database. */
export function postgresForTests(): () => PostgresServer {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('PostgreSQL is started in beforeAll');
    return server;
  };
}
