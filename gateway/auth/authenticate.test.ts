import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, generateApiKey, hasScope, loadCallersConfig, signToken, type CallersConfig } from './index.js';

const dev = loadCallersConfig({});
let dir: string;
let fileConfig: CallersConfig;
const hallKey = generateApiKey();
const rotatedKey = generateApiKey();
const SECRET = 'x'.repeat(40);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'auth-'));
  const file = join(dir, 'callers.json');
  await writeFile(
    file,
    JSON.stringify({
      callers: [
        {
          id: 'hall-wuhan',
          name: '武汉市民之家',
          kind: 'SERVICE_HALL',
          keyHashes: [hallKey.keyHash, rotatedKey.keyHash],
          scopes: ['credit:read', 'pii:id-number'],
          purposes: ['ADMINISTRATIVE_LICENSING'],
        },
        {
          id: 'old-platform',
          name: '旧平台',
          kind: 'TRADING_PLATFORM',
          keyHashes: [generateApiKey().keyHash],
          scopes: ['credit:read'],
          purposes: [],
          disabled: true,
        },
      ],
    }),
  );
  fileConfig = loadCallersConfig({ CALLERS_FILE: file, AUTH_TOKEN_SECRET: SECRET });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('authenticate with the development callers', () => {
  const cases: Array<[string, Record<string, string | string[] | undefined>, string | { reason: string }]> = [
    ['no header', {}, { reason: 'MISSING' }],
    ['empty header', { authorization: '  ' }, { reason: 'MISSING' }],
    ['undefined header', { authorization: undefined }, { reason: 'MISSING' }],
    ['Basic scheme', { authorization: 'Basic ZGV2OmRldg==' }, { reason: 'WRONG_SCHEME' }],
    ['key without scheme', { authorization: 'dev-service-hall' }, { reason: 'WRONG_SCHEME' }],
    ['Bearer without key', { authorization: 'Bearer' }, { reason: 'MALFORMED' }],
    ['Bearer with two keys', { authorization: 'Bearer dev-auditor dev-service-hall' }, { reason: 'MALFORMED' }],
    ['Bearer with illegal characters', { authorization: 'Bearer dev-auditor;drop' }, { reason: 'MALFORMED' }],
    ['header sent twice', { authorization: ['Bearer dev-auditor', 'Bearer dev-auditor'] }, { reason: 'MALFORMED' }],
    ['unknown key', { authorization: 'Bearer dev-service-hal' }, { reason: 'INVALID_CREDENTIALS' }],
    ['key with a different case', { authorization: 'Bearer DEV-SERVICE-HALL' }, { reason: 'INVALID_CREDENTIALS' }],
    ['service hall', { authorization: 'Bearer dev-service-hall' }, 'dev-service-hall'],
    ['trading platform', { authorization: 'Bearer dev-trading-platform' }, 'dev-trading-platform'],
    ['report developer', { authorization: 'Bearer dev-report-developer' }, 'dev-report-developer'],
    ['auditor', { authorization: 'Bearer dev-auditor' }, 'dev-auditor'],
    ['lower-case scheme, mixed-case header name', { Authorization: 'bearer dev-auditor' }, 'dev-auditor'],
  ];
  it.each(cases)('%s', (_name, headers, expected) => {
    const r = authenticate(headers, dev);
    if (typeof expected === 'string') {
      expect(r).toMatchObject({ ok: true, caller: { id: expected, via: 'API_KEY' } });
    } else {
      expect(r).toMatchObject({ ok: false, code: 'UNAUTHENTICATED', ...expected });
      if (!r.ok) {
        expect(r.message).toMatch(/[A-Za-z].* \/ .*[\u4e00-\u9fff]/); // English / 中文
        expect(r.message).not.toMatch(/dev-|ZGV2|drop/); // never echoes the credential
      }
    }
  });

  it('gives the development callers the documented scopes, and nobody pii:id-number', () => {
    const scopes = (key: string) => {
      const r = authenticate({ authorization: `Bearer ${key}` }, dev);
      return r.ok ? [...r.caller.scopes].sort() : null;
    };
    expect(scopes('dev-service-hall')).toEqual(['credit:read', 'history:read']);
    expect(scopes('dev-trading-platform')).toEqual(['bulk:read', 'credit:read']);
    expect(scopes('dev-report-developer')).toEqual(['bulk:read', 'credit:read', 'history:read']);
    expect(scopes('dev-auditor')).toEqual(['audit:read', 'credit:read', 'history:read']);
  });

  it('does not expose key hashes on the authenticated caller', () => {
    const r = authenticate({ authorization: 'Bearer dev-auditor' }, dev);
    expect(r.ok && Object.keys(r.caller).sort()).toEqual(['id', 'kind', 'name', 'operator', 'purposes', 'scopes', 'via']);
  });
});

describe('authenticate with a file config', () => {
  it('accepts a generated key by its stored hash, and the second key during rotation', () => {
    for (const k of [hallKey.key, rotatedKey.key]) {
      const r = authenticate({ authorization: `Bearer ${k}` }, fileConfig);
      expect(r).toMatchObject({ ok: true, caller: { id: 'hall-wuhan', name: '武汉市民之家', kind: 'SERVICE_HALL' } });
      expect(r.ok && hasScope(r.caller, 'pii:id-number')).toBe(true);
      expect(r.ok && hasScope(r.caller, 'bulk:read')).toBe(false);
    }
  });

  it('refuses the stored hash itself, development keys and disabled callers', () => {
    for (const k of [hallKey.keyHash.slice(7), 'dev-service-hall', hallKey.key.slice(0, -1)]) {
      expect(authenticate({ authorization: `Bearer ${k}` }, fileConfig)).toMatchObject({ ok: false, reason: 'INVALID_CREDENTIALS' });
    }
  });

  describe('signed tokens', () => {
    const now = new Date('2024-06-01T00:00:00Z');
    const sec = now.getTime() / 1000;
    const cases: Array<[string, () => string, object]> = [
      [
        'valid',
        () => signToken({ sub: 'hall-wuhan', exp: sec + 60 }, SECRET),
        { ok: true, caller: { id: 'hall-wuhan', via: 'TOKEN', scopes: ['credit:read', 'pii:id-number'] } },
      ],
      [
        'narrowed scopes',
        () => signToken({ sub: 'hall-wuhan', exp: sec + 60, scopes: ['credit:read', 'bulk:read'] }, SECRET),
        { ok: true, caller: { scopes: ['credit:read'] } },
      ],
      ['expired', () => signToken({ sub: 'hall-wuhan', exp: sec }, SECRET), { ok: false, reason: 'EXPIRED_TOKEN' }],
      ['wrong secret', () => signToken({ sub: 'hall-wuhan', exp: sec + 60 }, 'y'.repeat(40)), { ok: false, reason: 'INVALID_CREDENTIALS' }],
      ['unknown subject', () => signToken({ sub: 'nobody', exp: sec + 60 }, SECRET), { ok: false, reason: 'INVALID_CREDENTIALS' }],
      ['disabled subject', () => signToken({ sub: 'old-platform', exp: sec + 60 }, SECRET), { ok: false, reason: 'INVALID_CREDENTIALS' }],
      [
        'payload changed after signing',
        () => {
          const [h, , s] = signToken({ sub: 'hall-wuhan', exp: sec + 60 }, SECRET).split('.');
          return `${h}.${Buffer.from(JSON.stringify({ sub: 'hall-wuhan', exp: sec + 6e6 })).toString('base64url')}.${s}`;
        },
        { ok: false, reason: 'INVALID_CREDENTIALS' },
      ],
      [
        'alg none',
        () => {
          const h = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
          const p = Buffer.from(JSON.stringify({ sub: 'hall-wuhan', exp: sec + 60 })).toString('base64url');
          return `${h}.${p}.AAAA`;
        },
        { ok: false, reason: 'INVALID_CREDENTIALS' },
      ],
    ];
    it.each(cases)('%s', (_name, token, expected) => {
      expect(authenticate({ authorization: `Bearer ${token()}` }, fileConfig, now)).toMatchObject(expected);
    });

    it('are not accepted when no AUTH_TOKEN_SECRET is configured', () => {
      const token = signToken({ sub: 'dev-auditor', exp: Date.now() / 1000 + 60 }, SECRET);
      expect(authenticate({ authorization: `Bearer ${token}` }, dev)).toMatchObject({ ok: false, reason: 'INVALID_CREDENTIALS' });
    });
  });
});
