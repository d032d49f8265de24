export { enginesEnvSchema, enginesConfig, type EnginesConfig } from './config.js';
export { createSharedRedis, redisReady, type SharedRedisOptions } from './redis.js';
export { createSharedPool, type SharedPoolOptions, type Pool, type PoolClient } from './postgres.js';
export { migrate, readMigrations, MIGRATIONS_DIR, type Migration, type MigrationResult } from './migrate.js';
