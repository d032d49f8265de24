import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, CallersConfigError, DEFAULT_PURPOSES, generateApiKey, hashApiKey, loadCallersConfig } from './index.js';

let dir: string;
let n = 0;
async function callersFile(content: unknown): Promise<string> {
  const p = join(dir, `callers-${++n}.json`);
  await writeFile(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}
function problemsOf(f: () => unknown): readonly string[] {
  try {
    f();
  } catch (err) {
    if (err instanceof CallersConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a CallersConfigError');
}
const good = (over: object = {}) => ({
  id: 'hall-wuhan',
  name: '武汉市民之家',
  kind: 'SERVICE_HALL',
  keyHashes: [generateApiKey().keyHash],
  scopes: ['credit:read'],
  purposes: ['ADMINISTRATIVE_LICENSING'],
  ...over,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'callers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadCallersConfig', () => {
  it('embeds a development default: one caller of each kind, the purposes, and a loud warning', () => {
    const c = loadCallersConfig({});
    expect(c.development).toBe(true);
    expect(c.callers.map((x) => x.kind).sort()).toEqual(['AUDITOR', 'REPORT_DEVELOPER', 'SERVICE_HALL', 'TRADING_PLATFORM']);
    expect(c.purposes.map((p) => p.code)).toEqual(
      expect.arrayContaining(['ADMINISTRATIVE_LICENSING', 'BIDDER_CHECK', 'GOVERNMENT_PROCUREMENT', 'CREDIT_REPORT', 'AUDIT']),
    );
    for (const p of c.purposes) {
      expect(p.nameZh).toMatch(/[\u4e00-\u9fff]/);
      expect(p.nameEn).toMatch(/^[A-Z]/);
    }
    const byId = Object.fromEntries(c.callers.map((x) => [x.id, [...x.purposes].sort()]));
    expect(byId['dev-trading-platform']).toEqual(['BIDDER_CHECK', 'GOVERNMENT_PROCUREMENT']);
    expect(byId['dev-report-developer']).toEqual(['CREDIT_REPORT']);
    expect(byId['dev-auditor']).toEqual(['AUDIT']);
    expect(byId['dev-service-hall']).toEqual(expect.arrayContaining(['ADMINISTRATIVE_LICENSING', 'GOVERNMENT_PROCUREMENT']));
    expect(c.callers.some((x) => x.scopes.includes('pii:id-number'))).toBe(false);
    expect(c.warning()).toMatch(/DEVELOPMENT API KEYS IN USE[\s\S]*开发用[\s\S]*dev-service-hall, dev-trading-platform/);
    expect(c.warning()).not.toMatch(/Bearer/);
    expect(c.tokens).toBeNull();
  });

  it('stores development keys hashed too', () => {
    const c = loadCallersConfig({});
    expect(JSON.stringify(c.callers)).not.toContain('"dev-auditor"]');
    expect(c.callers.find((x) => x.id === 'dev-auditor')?.keyHashes).toEqual([hashApiKey('dev-auditor')]);
  });

  it('lets DEV_KEY_* override each development key', () => {
    const c = loadCallersConfig({ DEV_KEY_SERVICE_HALL: 'my-local-hall-key', DEV_KEY_AUDITOR: 'my-local-auditor-key' });
    const who = (k: string) => {
      const r = authenticate({ authorization: `Bearer ${k}` }, c);
      return r.ok ? r.caller.id : null;
    };
    expect(who('my-local-hall-key')).toBe('dev-service-hall');
    expect(who('dev-service-hall')).toBeNull();
    expect(who('my-local-auditor-key')).toBe('dev-auditor');
    expect(who('dev-trading-platform')).toBe('dev-trading-platform');
    expect(c.development).toBe(true);
  });

  it('refuses a too-short override', () => {
    expect(problemsOf(() => loadCallersConfig({ DEV_KEY_AUDITOR: 'short' }))).toEqual([expect.stringMatching(/^DEV_KEY_AUDITOR: .*8/)]);
  });

  it('reads a callers file with hashed keys: not development, no warning, default purposes', async () => {
    const c = loadCallersConfig({ CALLERS_FILE: await callersFile({ callers: [good()] }), NODE_ENV: 'production' });
    expect(c.development).toBe(false);
    expect(c.warning()).toBeNull();
    expect(c.purposes).toEqual(DEFAULT_PURPOSES);
    expect(c.callers).toHaveLength(1);
  });

  it('takes purposes from the file when given', async () => {
    const file = await callersFile({
      purposes: [{ code: 'PERMIT', nameZh: '许可', nameEn: 'Permit', referenceRequired: true }],
      callers: [good({ purposes: ['PERMIT'] })],
    });
    expect(loadCallersConfig({ CALLERS_FILE: file }).purposes).toEqual([
      { code: 'PERMIT', nameZh: '许可', nameEn: 'Permit', referenceRequired: true },
    ]);
  });

  it('lists every problem of a bad file at once', async () => {
    const file = await callersFile({
      callers: [
        good({ keyHashes: ['dev-service-hall'], scopes: ['credit:read', 'everything'], kind: 'BANK' }),
        good({ id: 'Bad Id', purposes: [] }),
        { id: 'x', name: 'X', kind: 'AUDITOR', keyHashes: [], scopes: ['audit:read'], purposes: [], scope: 'typo' },
      ],
    });
    const problems = problemsOf(() => loadCallersConfig({ CALLERS_FILE: file }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^callers\.0\.kind: /),
        expect.stringMatching(/^callers\.0\.keyHashes\.0: must be 'sha256:'/),
        expect.stringMatching(/^callers\.0\.scopes\.1: /),
        expect.stringMatching(/^callers\.1\.id: /),
        expect.stringMatching(/^callers\.2: .*scope/),
      ]),
    );
    expect(problems).toHaveLength(5);
    expect(() => loadCallersConfig({ CALLERS_FILE: file })).toThrow(/Invalid callers configuration:\n {2}- callers\.0/);
  });

  it('lists cross-reference problems: duplicate ids, shared keys, unknown purposes', async () => {
    const shared = generateApiKey().keyHash;
    const file = await callersFile({
      callers: [good({ keyHashes: [shared] }), good({ keyHashes: [shared], purposes: ['CURIOSITY'] })],
    });
    const problems = problemsOf(() => loadCallersConfig({ CALLERS_FILE: file }));
    expect(problems).toEqual([
      expect.stringMatching(/^callers\.1\.id: hall-wuhan is used by another caller/),
      expect.stringMatching(/^callers\.1\.purposes\.0: CURIOSITY is not a configured purpose/),
      expect.stringMatching(/^callers\.1\.keyHashes\.0: the same key is also given to hall-wuhan/),
    ]);
  });

  it.each([
    ['a missing file', async () => join(dir, 'nope.json'), /cannot read .*ENOENT/],
    ['a file that is not JSON', async () => callersFile('{ callers: '), /is not valid JSON/],
    ['an empty caller list', async () => callersFile({ callers: [] }), /^callers: /],
  ])('reports %s', async (_name, make, pattern) => {
    const file = await make();
    expect(problemsOf(() => loadCallersConfig({ CALLERS_FILE: file }))).toEqual([expect.stringMatching(pattern)]);
  });

  it('with NODE_ENV=production refuses the embedded development callers', () => {
    expect(problemsOf(() => loadCallersConfig({ NODE_ENV: 'production' }))).toEqual([expect.stringMatching(/^CALLERS_FILE: not set.*production/)]);
    expect(() => loadCallersConfig({ NODE_ENV: 'production', DEV_KEY_SERVICE_HALL: 'a-long-override-key' })).toThrow(CallersConfigError);
  });

  it('with NODE_ENV=production refuses a file key equal to a development key (default or override)', async () => {
    const file = await callersFile({
      callers: [good({ keyHashes: [hashApiKey('dev-auditor')] }), good({ id: 'other', keyHashes: [hashApiKey('my-override-key')] })],
    });
    const problems = problemsOf(() => loadCallersConfig({ CALLERS_FILE: file, NODE_ENV: 'production', DEV_KEY_TRADING_PLATFORM: 'my-override-key' }));
    expect(problems).toEqual([
      expect.stringMatching(/^callers\.0\.keyHashes\.0: hall-wuhan uses a development key/),
      expect.stringMatching(/^callers\.1\.keyHashes\.0: other uses a development key/),
    ]);
    // Outside production the same file loads, flagged as development, with the warning.
    const c = loadCallersConfig({ CALLERS_FILE: file });
    expect(c.development).toBe(true);
    expect(c.warning()).toMatch(/Callers: hall-wuhan$/m);
  });

  it('accepts AUTH_TOKEN_SECRET of at least 32 characters only', () => {
    expect(loadCallersConfig({ AUTH_TOKEN_SECRET: 's'.repeat(32) }).tokens).toEqual({ secret: 's'.repeat(32) });
    expect(problemsOf(() => loadCallersConfig({ AUTH_TOKEN_SECRET: 'short' }))).toEqual([expect.stringMatching(/^AUTH_TOKEN_SECRET: /)]);
  });

  it('reads what each caller must say about its operator (经办人): optional by default, required or verified', async () => {
    const file = await callersFile({
      callers: [
        good(),
        good({ id: 'hall-yichang', keyHashes: [generateApiKey().keyHash], operator: 'required' }),
        good({ id: 'platform', keyHashes: [generateApiKey().keyHash], operator: 'verified' }),
      ],
    });
    expect(Object.fromEntries(loadCallersConfig({ CALLERS_FILE: file }).callers.map((c) => [c.id, c.operator]))).toEqual({
      'hall-wuhan': 'optional',
      'hall-yichang': 'required',
      platform: 'verified',
    });
    expect(loadCallersConfig({}).callers.every((c) => c.operator === 'optional')).toBe(true);
    const bad = await callersFile({ callers: [good({ operator: 'asserted' })] });
    expect(problemsOf(() => loadCallersConfig({ CALLERS_FILE: bad }))).toEqual([expect.stringMatching(/^callers\.0\.operator: /)]);
  });
});
