import { DEV_SUBGRAPH_SECRET } from '../../common/http/index.js';
import { describe, expect, it } from 'vitest';
import { loadCourtsConfig } from './config.js';

describe('loadCourtsConfig', () => {
  it('has the courts defaults', () => {
    expect(loadCourtsConfig({})).toEqual({
      http: { port: 4004, host: '127.0.0.1', sharedSecret: DEV_SUBGRAPH_SECRET },
      legacy: {
        url: 'http://127.0.0.1:4104',
        key: 'courts-dev-key',
        batchSize: 1,
        timeoutMs: 3000,
        connectTimeoutMs: 1000,
        connections: 32,
        breakerThreshold: 5,
        breakerHalfOpenMs: 5000,
        concurrency: 16,
        ratePerSecond: 300,
      },
      cache: { ttlMs: 60000, staleIfErrorMs: 300000, max: 50000 },
      engines: { redisUrl: null, databaseUrl: null, replicas: 1 },
    });
  });

  it('reads the courts variables', () => {
    const c = loadCourtsConfig({
      COURTS_SUBGRAPH_PORT: '5004',
      COURTS_LEGACY_URL: 'http://courts.internal:8080/',
      COURTS_LEGACY_KEY: 'k',
      COURTS_LEGACY_CONCURRENCY: '4',
      COURTS_LEGACY_RATE_PER_SECOND: '12.5',
    });
    expect(c.http.port).toBe(5004);
    expect(c.legacy).toMatchObject({ url: 'http://courts.internal:8080', key: 'k', concurrency: 4, ratePerSecond: 12.5 });
  });

  it('names every bad variable, base and courts-specific, in one message', () => {
    let message = '';
    try {
      loadCourtsConfig({ COURTS_SUBGRAPH_PORT: 'x', COURTS_LEGACY_CONCURRENCY: '0', COURTS_LEGACY_RATE_PER_SECOND: '-1' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration for the courts subgraph:/);
    expect(message).toContain('COURTS_SUBGRAPH_PORT');
    expect(message).toContain('COURTS_LEGACY_CONCURRENCY');
    expect(message).toContain('COURTS_LEGACY_RATE_PER_SECOND');
    expect(message.match(/Invalid configuration/g)).toHaveLength(1);
  });

  it.each([
    [{ COURTS_LEGACY_CONCURRENCY: '2.5' }, 'COURTS_LEGACY_CONCURRENCY'],
    [{ COURTS_LEGACY_RATE_PER_SECOND: 'fast' }, 'COURTS_LEGACY_RATE_PER_SECOND'],
    [{ COURTS_LEGACY_TIMEOUT_MS: '0' }, 'COURTS_LEGACY_TIMEOUT_MS'],
  ])('rejects %j', (env, name) => {
    expect(() => loadCourtsConfig(env)).toThrow(name);
  });
});
