import { describe, expect, it } from 'vitest';
import { loadHrssConfig } from './config.js';

describe('loadHrssConfig', () => {
  it('has the hrss defaults: refresh every 10 minutes, outdated after 48 hours', () => {
    const c = loadHrssConfig({});
    expect(c.http.port).toBe(4007);
    expect(c.legacy).toMatchObject({ url: 'http://127.0.0.1:4107', key: 'hrss-dev-key', batchSize: 1 });
    expect(c.export).toEqual({ refreshMs: 600_000, retryMs: 5000, maxAgeHours: 48, downloadTimeoutMs: 120_000, maxBytes: 256 * 1024 * 1024 });
  });

  it('reads the export variables', () => {
    const c = loadHrssConfig({
      HRSS_EXPORT_REFRESH_MS: '60000',
      HRSS_EXPORT_MAX_AGE_HOURS: '24.5',
      HRSS_EXPORT_RETRY_MS: '90000',
      HRSS_EXPORT_MAX_BYTES: '2048',
    });
    // The first retry never waits longer than the schedule itself.
    expect(c.export).toMatchObject({ refreshMs: 60_000, maxAgeHours: 24.5, retryMs: 60_000, maxBytes: 2048 });
  });

  it('names every bad variable, shared and export, in one message, and a near miss by the name it meant', () => {
    let message = '';
    try {
      loadHrssConfig({ HRSS_SUBGRAPH_PORT: 'x', HRSS_EXPORT_REFRESH_MS: '10', HRSS_EXPORT_MAX_AGE_HOURS: '0', HRSS_EXPORT_MAX_AGE: '12' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration for the hrss subgraph:/);
    expect(message).toContain('HRSS_SUBGRAPH_PORT');
    expect(message).toContain('HRSS_EXPORT_REFRESH_MS');
    expect(message).toContain('HRSS_EXPORT_MAX_AGE_HOURS');
    expect(message).toMatch(/HRSS_EXPORT_MAX_AGE\b[^_][\s\S]*HRSS_EXPORT_MAX_AGE_HOURS/);
    expect(message.match(/Invalid configuration/g)).toHaveLength(1);
  });
});
