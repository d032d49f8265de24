export { enginesEnvSchema, enginesConfig, type EnginesConfig } from './config.js';
export { createSharedRedis, redisReady, closeSharedRedis, type SharedRedisOptions } from './redis.js';
export { createSharedPool, type SharedPoolOptions, type Pool, type PoolClient } from './postgres.js';
export { migrate, readMigrations, MIGRATIONS_DIR, type Migration, type MigrationResult } from './migrate.js';
export { RedisScript } from './redis-script.js';
export { RedisGuard, type RedisGuardOptions } from './redis-guard.js';
export { SharedRateBudget, type SharedRateBudgetOptions, type BudgetAnswer } from './redis-rate-budget.js';
