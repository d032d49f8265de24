/**
 * A stand-in for the province's identity provider (统一身份认证平台), for tests: its own RS256 and
 * ES256 key pairs made with jose, its JWKS as a file or served by a loopback server, and tokens
 * signed the way a provider signs them. Nothing here is the gateway's code: the gateway verifies
 * what this signs exactly as it would verify the real provider's tokens.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export type TestAlg = 'RS256' | 'ES256';

export interface TestKey {
  kid: string;
  alg: TestAlg;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A key pair for `alg` with id `kid`; its public JWK carries `kid`, `alg` and `use: sig`. */
export async function makeKey(alg: TestAlg, kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

export interface SignOptions {
  /** Default the provider's issuer. */
  issuer?: string | null;
  /** Default the provider's audience. */
  audience?: string | string[] | null;
  /** The time the token is issued (`iat`); default `now`. */
  issuedAt?: Date;
  /** Seconds from `issuedAt` to `exp`; default 600; `null` = no `exp`. */
  expiresIn?: number | null;
  /** `nbf`, if any. */
  notBefore?: Date;
  /** Sign with this key (default the provider's RSA key). */
  key?: TestKey;
  /** Header `kid` (default the key's own). */
  kid?: string;
}

export interface TestIdentityProvider {
  issuer: string;
  audience: string;
  rsa: TestKey;
  ec: TestKey;
  /** `{ keys: [...] }` of the given keys (default: the RSA and EC keys). */
  jwks(keys?: TestKey[]): { keys: JWK[] };
  /** Write the JWKS to `path`. */
  writeJwks(path: string, keys?: TestKey[]): void;
  /** A signed token with `claims` (e.g. `{ sub: 'HB0451', name: '张三' }`). */
  sign(claims: JWTPayload, options?: SignOptions): Promise<string>;
}

/** A provider with a fresh RSA key (`rsa-1`) and a fresh P-256 key (`ec-1`). */
export async function createTestIdentityProvider(
  issuer = 'https://idp.example.gov.cn/realms/hubei',
  audience = 'credit-platform',
): Promise<TestIdentityProvider> {
  const rsa = await makeKey('RS256', 'rsa-1');
  const ec = await makeKey('ES256', 'ec-1');
  const jwks = (keys: TestKey[] = [rsa, ec]) => ({ keys: keys.map((k) => k.publicJwk) });
  return {
    issuer,
    audience,
    rsa,
    ec,
    jwks,
    writeJwks(path, keys) {
      writeFileSync(path, JSON.stringify(jwks(keys)));
    },
    async sign(claims, options = {}) {
      const key = options.key ?? rsa;
      const issuedAt = options.issuedAt ?? new Date();
      let jwt = new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: 'JWT' }).setIssuedAt(issuedAt);
      const iss = options.issuer === undefined ? issuer : options.issuer;
      if (iss !== null) jwt = jwt.setIssuer(iss);
      const aud = options.audience === undefined ? audience : options.audience;
      if (aud !== null) jwt = jwt.setAudience(aud);
      const expiresIn = options.expiresIn === undefined ? 600 : options.expiresIn;
      if (expiresIn !== null) jwt = jwt.setExpirationTime(Math.floor(issuedAt.getTime() / 1000) + expiresIn);
      if (options.notBefore) jwt = jwt.setNotBefore(options.notBefore);
      return jwt.sign(key.privateKey);
    },
  };
}

/** How the JWKS server answers: the keys, an error status, a body that is not JSON, or no answer until closed. */
export type JwksServerMode = 'serve' | 'http-500' | 'garbage' | 'hang';

export interface JwksServer {
  url: string;
  mode: JwksServerMode;
  /** The keys it serves now. */
  keys: TestKey[];
  /** How many times it was asked for the keys. */
  requests: number;
  close(): Promise<void>;
}

/** The provider's JWKS endpoint on 127.0.0.1 (ephemeral port), at `/protocol/openid-connect/certs`. */
export async function startJwksServer(idp: TestIdentityProvider, keys: TestKey[] = [idp.rsa, idp.ec]): Promise<JwksServer> {
  const hanging = new Set<http.ServerResponse>();
  const state: JwksServer = { url: '', mode: 'serve', keys, requests: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    state.requests++;
    if (req.url !== '/protocol/openid-connect/certs') {
      res.writeHead(404).end();
      return;
    }
    switch (state.mode) {
      case 'serve':
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(idp.jwks(state.keys)));
        return;
      case 'http-500':
        res.writeHead(500, { 'content-type': 'text/html' }).end('<html>Internal Server Error</html>');
        return;
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": [');
        return;
      case 'hang':
        hanging.add(res);
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}/protocol/openid-connect/certs`;
  state.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
