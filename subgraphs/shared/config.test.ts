import { describe, expect, it } from 'vitest';
import { DEPARTMENT_REGISTRY } from '../../common/departments.js';
import { loadDepartmentConfig } from './config.js';

const SECRET = 's'.repeat(32);

describe('loadDepartmentConfig', () => {
  it.each(DEPARTMENT_REGISTRY.map((d) => [d.name, d] as const))('%s: the published development key is refused in production', (_name, d) => {
    expect(() => loadDepartmentConfig({ NODE_ENV: 'production', SUBGRAPH_SHARED_SECRET: SECRET }, d)).toThrow(
      new RegExp(`${d.envPrefix}_LEGACY_KEY: the development key is refused when NODE_ENV=production`),
    );
    expect(() =>
      loadDepartmentConfig({ NODE_ENV: 'production', SUBGRAPH_SHARED_SECRET: SECRET, [`${d.envPrefix}_LEGACY_KEY`]: d.legacyKey }, d),
    ).toThrow(/the development key is refused/);
    const real = loadDepartmentConfig(
      { NODE_ENV: 'production', SUBGRAPH_SHARED_SECRET: SECRET, [`${d.envPrefix}_LEGACY_KEY`]: 'the-real-systems-key' },
      d,
    );
    expect(real.legacy.key).toBe('the-real-systems-key');
    // Outside production the simulator's key is the default.
    expect(loadDepartmentConfig({}, d).legacy.key).toBe(d.legacyKey);
  });

  it('refuses a batch size above the system limit, naming the variable', () => {
    const d = DEPARTMENT_REGISTRY.find((x) => x.name === 'TAX')!;
    expect(() => loadDepartmentConfig({ TAX_LEGACY_BATCH_SIZE: '51' }, d)).toThrow(
      /TAX_LEGACY_BATCH_SIZE: the legacy system accepts at most 50 codes per call/,
    );
  });
});
