/**
 * Operator tokens (X-Operator-Token) are checked with jose against the identity provider's keys,
 * from a JWKS file or a JWKS URL. The tests make their own provider: RS256 and ES256 key pairs,
 * their JWKS written to a file or served by a loopback server, tokens signed with them.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, base64url, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorTokenVerifier, jwksProblems, readJwksFile, type OperatorTokenConfig, type OperatorTokenVerifier } from './index.js';
import {
  createTestIdentityProvider,
  makeKey,
  startJwksServer,
  type JwksServer,
  type TestIdentityProvider,
} from '../../test/support/identity-provider.js';

/** The verifier's clock: tokens are dated relative to it, so no test depends on the wall clock. */
const NOW = new Date('2026-03-02T09:30:00+08:00');
const now = () => NOW;
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

let dir: string;
let idp: TestIdentityProvider;
let jwksPath: string;
let fileVerifier: OperatorTokenVerifier;

const configFor = (jwks: OperatorTokenConfig['jwks'], extra: Partial<OperatorTokenConfig> = {}): OperatorTokenConfig => ({
  jwks,
  issuer: idp.issuer,
  audience: idp.audience,
  idClaim: 'sub',
  nameClaim: 'name',
  clockToleranceSeconds: 30,
  ...extra,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'operator-token-'));
  idp = await createTestIdentityProvider();
  jwksPath = join(dir, 'jwks.json');
  idp.writeJwks(jwksPath);
  fileVerifier = createOperatorTokenVerifier(configFor({ kind: 'file', path: jwksPath }), { now });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a token from a JWKS file', () => {
  const claims = { sub: 'HB0451', name: '张三' };
  const cases: Array<[string, () => Promise<string>, object]> = [
    ['RS256', () => idp.sign(claims, { issuedAt: NOW }), { ok: true, operator: { id: 'HB0451', name: '张三', how: 'verified' } }],
    ['ES256', () => idp.sign(claims, { issuedAt: NOW, key: idp.ec }), { ok: true, operator: { id: 'HB0451', name: '张三', how: 'verified' } }],
    [
      'issued a minute ago, without a name',
      () => idp.sign({ sub: 'HB0452' }, { issuedAt: minutes(-1) }),
      { ok: true, operator: { id: 'HB0452', name: null, how: 'verified' } },
    ],
    ['audience among several', () => idp.sign(claims, { issuedAt: NOW, audience: ['portal', idp.audience] }), { ok: true }],
    [
      'wrong issuer',
      () => idp.sign(claims, { issuedAt: NOW, issuer: 'https://idp.example.gov.cn/realms/hunan' }),
      { ok: false, reason: 'WRONG_ISSUER' },
    ],
    ['no issuer', () => idp.sign(claims, { issuedAt: NOW, issuer: null }), { ok: false, reason: 'WRONG_ISSUER' }],
    ['wrong audience', () => idp.sign(claims, { issuedAt: NOW, audience: 'another-platform' }), { ok: false, reason: 'WRONG_AUDIENCE' }],
    ['no audience', () => idp.sign(claims, { issuedAt: NOW, audience: null }), { ok: false, reason: 'WRONG_AUDIENCE' }],
    ['expired an hour ago', () => idp.sign(claims, { issuedAt: minutes(-70), expiresIn: 600 }), { ok: false, reason: 'EXPIRED' }],
    [
      'expired a minute ago (beyond the 30 s tolerance)',
      () => idp.sign(claims, { issuedAt: minutes(-11), expiresIn: 600 }),
      { ok: false, reason: 'EXPIRED' },
    ],
    ['no exp', () => idp.sign(claims, { issuedAt: NOW, expiresIn: null }), { ok: false, reason: 'INVALID_CLAIMS' }],
    ['not valid for another hour (nbf)', () => idp.sign(claims, { issuedAt: NOW, notBefore: minutes(60) }), { ok: false, reason: 'NOT_YET_VALID' }],
    ['unknown kid', () => idp.sign(claims, { issuedAt: NOW, kid: 'rsa-9' }), { ok: false, reason: 'UNKNOWN_KEY' }],
    [
      'signed with the EC key but naming the RSA kid',
      () => idp.sign(claims, { issuedAt: NOW, key: idp.ec, kid: 'rsa-1' }),
      { ok: false, reason: 'UNKNOWN_KEY' },
    ],
    ['no sub', () => idp.sign({ name: '张三' }, { issuedAt: NOW }), { ok: false, reason: 'MISSING_CLAIM' }],
    ['a sub that is no acceptable id', () => idp.sign({ sub: 'HB 0451\n' }, { issuedAt: NOW }), { ok: false, reason: 'MISSING_CLAIM' }],
    [
      'a name with control characters is kept without them',
      () => idp.sign({ sub: 'HB0451', name: '张\u0000三\u202e' }, { issuedAt: NOW }),
      { ok: true, operator: { id: 'HB0451', name: '张三' } },
    ],
    [
      'a name of 100 characters is cut to 64',
      () => idp.sign({ sub: 'HB0451', name: '张'.repeat(100) }, { issuedAt: NOW }),
      { ok: true, operator: { name: `${'张'.repeat(63)}…` } },
    ],
    [
      'payload changed after signing',
      async () => {
        const [h, , s] = (await idp.sign(claims, { issuedAt: NOW })).split('.');
        const forged = base64url.encode(JSON.stringify({ sub: 'HB9999', iss: idp.issuer, aud: idp.audience, exp: NOW.getTime() / 1000 + 600 }));
        return `${h}.${forged}.${s}`;
      },
      { ok: false, reason: 'BAD_SIGNATURE' },
    ],
    [
      'signed by another key under a known kid',
      async () => idp.sign(claims, { issuedAt: NOW, key: await makeKey('RS256', 'rsa-1') }),
      { ok: false, reason: 'BAD_SIGNATURE' },
    ],
    [
      'HS256 with the RSA public key as the secret (key confusion)',
      async () =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
          .setIssuer(idp.issuer)
          .setAudience(idp.audience)
          .setIssuedAt(NOW)
          .setExpirationTime(NOW.getTime() / 1000 + 600)
          .sign(new TextEncoder().encode(JSON.stringify(idp.rsa.publicJwk))),
      { ok: false, reason: 'ALGORITHM_NOT_ALLOWED' },
    ],
    [
      'alg none',
      async () => {
        const h = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
        const p = base64url.encode(JSON.stringify({ ...claims, iss: idp.issuer, aud: idp.audience, exp: NOW.getTime() / 1000 + 600 }));
        return `${h}.${p}.AAAA`;
      },
      { ok: false, reason: 'ALGORITHM_NOT_ALLOWED' },
    ],
    ['not a JWT', async () => 'HB0451', { ok: false, reason: 'MALFORMED' }],
    ['three parts of garbage', async () => 'abc.def.ghi', { ok: false, reason: 'MALFORMED' }],
    ['longer than 8,192 characters', async () => `${'a'.repeat(8000)}.${'b'.repeat(200)}.c`, { ok: false, reason: 'MALFORMED' }],
  ];
  it.each(cases)('%s', async (_name, token, expected) => {
    expect(await fileVerifier.verify(await token())).toMatchObject(expected);
  });

  it('takes the id and the name from the configured claims (a numeric employee number too)', async () => {
    const v = createOperatorTokenVerifier(configFor({ kind: 'file', path: jwksPath }, { idClaim: 'employee_no', nameClaim: 'display_name' }), {
      now,
    });
    const token = await idp.sign({ sub: 'f3a9c2e0-uuid', employee_no: 4510, display_name: '李四', name: 'not this' }, { issuedAt: NOW, key: idp.ec });
    expect(await v.verify(token)).toEqual({ ok: true, operator: { id: '4510', name: '李四', how: 'verified' } });
    expect(await v.verify(await idp.sign({ sub: 'HB0451' }, { issuedAt: NOW }))).toEqual({ ok: false, reason: 'MISSING_CLAIM' });
  });

  it('re-reads the file when a token names a key it lacks and the file has changed (key rotation)', async () => {
    const path = join(dir, 'rotating.json');
    idp.writeJwks(path, [idp.rsa]);
    utimesSync(path, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    const v = createOperatorTokenVerifier(configFor({ kind: 'file', path }), { now });
    const next = await makeKey('ES256', 'ec-2');
    const token = await idp.sign({ sub: 'HB0451' }, { issuedAt: NOW, key: next });
    expect(await v.verify(token)).toEqual({ ok: false, reason: 'UNKNOWN_KEY' });
    idp.writeJwks(path, [idp.rsa, next]);
    utimesSync(path, new Date('2026-02-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'));
    expect(await v.verify(token)).toMatchObject({ ok: true, operator: { id: 'HB0451' } });
    // The old key still works, and a file broken mid-rotation leaves the keys in use.
    expect(await v.verify(await idp.sign({ sub: 'HB0452' }, { issuedAt: NOW }))).toMatchObject({ ok: true });
    writeFileSync(path, '{"keys": [');
    utimesSync(path, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'));
    expect(await v.verify(await idp.sign({ sub: 'HB0453' }, { issuedAt: NOW, kid: 'ec-3', key: idp.ec }))).toEqual({
      ok: false,
      reason: 'KEYS_UNAVAILABLE',
    });
    expect(await v.verify(await idp.sign({ sub: 'HB0452' }, { issuedAt: NOW, key: next }))).toMatchObject({ ok: true });
  });
});

describe('the JWKS file is checked at start', () => {
  it.each<[string, string, RegExp]>([
    ['missing', '(none)', /OPERATOR_JWKS_FILE: cannot read .*ENOENT/],
    ['not JSON', 'keys: []', /is not valid JSON/],
    ['no keys array', '{"kid": "x"}', /expected \{ "keys"/],
    ['an empty key set', '{"keys": []}', /"keys" is empty/],
    [
      'only an Ed25519 key',
      '{"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}',
      /no RSA or P-256 EC public key/,
    ],
  ])('%s is refused', (_name, content, message) => {
    const path = join(dir, `bad-${_name.replace(/\W+/g, '-')}.json`);
    if (content !== '(none)') writeFileSync(path, content);
    expect(() => readJwksFile(path)).toThrow(message);
  });

  it('refuses a private key in the file, naming its kid', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const leaked = { ...(await exportJWK(privateKey)), kid: 'ec-leaked' };
    expect(jwksProblems({ keys: [idp.rsa.publicJwk, leaked] })).toEqual([
      expect.stringMatching(/keys\.1 \(kid ec-leaked\): holds private or symmetric key material \(d\)/),
    ]);
    const path = join(dir, 'leaked.json');
    writeFileSync(path, JSON.stringify({ keys: [leaked] }));
    expect(() => createOperatorTokenVerifier(configFor({ kind: 'file', path }))).toThrow(/private or symmetric key material/);
  });

  it('accepts the provider’s public keys', () => {
    expect(readJwksFile(jwksPath).keys.map((k) => k.kid)).toEqual(['rsa-1', 'ec-1']);
  });
});

describe('a token from a JWKS URL (a loopback server)', () => {
  let server: JwksServer;
  let verifier: OperatorTokenVerifier;
  beforeAll(async () => {
    server = await startJwksServer(idp);
    verifier = createOperatorTokenVerifier(configFor({ kind: 'url', url: server.url, timeoutMs: 2000 }), { now });
  });
  afterAll(async () => {
    await server.close();
  });

  it('fetches the keys once and verifies RS256 and ES256 tokens with them', async () => {
    expect(server.requests).toBe(0); // nothing fetched before the first token
    expect(await verifier.verify(await idp.sign({ sub: 'HB0451', name: '张三' }, { issuedAt: NOW }))).toEqual({
      ok: true,
      operator: { id: 'HB0451', name: '张三', how: 'verified' },
    });
    expect(await verifier.verify(await idp.sign({ sub: 'HB0452' }, { issuedAt: NOW, key: idp.ec }))).toMatchObject({
      ok: true,
      operator: { id: 'HB0452' },
    });
    expect(server.requests).toBe(1);
  });

  it.each<[string, () => Promise<string>, string]>([
    ['wrong issuer', () => idp.sign({ sub: 'HB0451' }, { issuedAt: NOW, issuer: 'https://elsewhere.example' }), 'WRONG_ISSUER'],
    ['wrong audience', () => idp.sign({ sub: 'HB0451' }, { issuedAt: NOW, audience: 'someone-else' }), 'WRONG_AUDIENCE'],
    ['expired', () => idp.sign({ sub: 'HB0451' }, { issuedAt: minutes(-120), expiresIn: 3600 }), 'EXPIRED'],
    ['unknown kid', () => idp.sign({ sub: 'HB0451' }, { issuedAt: NOW, kid: 'rsa-404' }), 'UNKNOWN_KEY'],
  ])('refuses %s', async (_name, token, reason) => {
    expect(await verifier.verify(await token())).toEqual({ ok: false, reason });
  });

  it.each<['http-500' | 'garbage' | 'hang' | 'closed']>([['http-500'], ['garbage'], ['hang'], ['closed']])(
    'says the keys are unavailable — not that the token is bad — when the JWKS endpoint answers %s',
    async (mode) => {
      const broken = await startJwksServer(idp);
      if (mode === 'closed') await broken.close();
      else broken.mode = mode;
      const v = createOperatorTokenVerifier(configFor({ kind: 'url', url: broken.url, timeoutMs: 300 }), { now });
      expect(await v.verify(await idp.sign({ sub: 'HB0451' }, { issuedAt: NOW }))).toEqual({ ok: false, reason: 'KEYS_UNAVAILABLE' });
      if (mode !== 'closed') await broken.close();
    },
  );
});
