/** The identity provider for operator tokens (经办人令牌) in the gateway's configuration. */
import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from './config.js';

const IDP = { OPERATOR_JWT_ISSUER: 'https://idp.hubei.gov.cn/realms/gov', OPERATOR_JWT_AUDIENCE: 'credit-platform' };

describe('operator tokens in the gateway configuration', () => {
  it('are off unless an identity provider is configured', () => {
    expect(loadGatewayConfig({}).operatorTokens).toBeNull();
  });

  it('from a JWKS file, with the default claims, timeout and clock tolerance', () => {
    expect(loadGatewayConfig({ OPERATOR_JWKS_FILE: '/etc/credit/idp-jwks.json', ...IDP }).operatorTokens).toEqual({
      jwks: { kind: 'file', path: '/etc/credit/idp-jwks.json' },
      issuer: IDP.OPERATOR_JWT_ISSUER,
      audience: IDP.OPERATOR_JWT_AUDIENCE,
      idClaim: 'sub',
      nameClaim: 'name',
      clockToleranceSeconds: 30,
    });
  });

  it('from a JWKS URL, with other claims', () => {
    const c = loadGatewayConfig({
      OPERATOR_JWKS_URL: 'https://idp.hubei.gov.cn/realms/gov/protocol/openid-connect/certs',
      OPERATOR_ID_CLAIM: 'employee_no',
      OPERATOR_NAME_CLAIM: 'display_name',
      OPERATOR_JWKS_TIMEOUT_MS: '1500',
      NODE_ENV: 'development',
      ...IDP,
    });
    expect(c.operatorTokens).toMatchObject({
      jwks: { kind: 'url', url: 'https://idp.hubei.gov.cn/realms/gov/protocol/openid-connect/certs', timeoutMs: 1500 },
      idClaim: 'employee_no',
      nameClaim: 'display_name',
    });
  });

  it.each<[string, Record<string, string>, RegExp[]]>([
    [
      'both a file and a URL',
      { OPERATOR_JWKS_FILE: '/x.json', OPERATOR_JWKS_URL: 'https://idp/certs', ...IDP },
      [/OPERATOR_JWKS_URL: set OPERATOR_JWKS_FILE or OPERATOR_JWKS_URL, not both/],
    ],
    [
      'keys without issuer and audience',
      { OPERATOR_JWKS_FILE: '/x.json' },
      [/OPERATOR_JWT_ISSUER: required with OPERATOR_JWKS_\*/, /OPERATOR_JWT_AUDIENCE: required with OPERATOR_JWKS_\*/],
    ],
    ['issuer and audience without keys', { ...IDP }, [/OPERATOR_JWKS_FILE: the identity provider's public keys are needed/]],
    ['a URL that is not http(s)', { OPERATOR_JWKS_URL: 'ftp://idp/certs', ...IDP }, [/OPERATOR_JWKS_URL: must be an http\(s\) URL/]],
    [
      'plain http in production',
      { OPERATOR_JWKS_URL: 'http://idp.intranet/certs', NODE_ENV: 'production', SUBGRAPH_SHARED_SECRET: 's'.repeat(32), ...IDP },
      [/OPERATOR_JWKS_URL: must be https with NODE_ENV=production/],
    ],
    [
      'a claim name with a space',
      { OPERATOR_JWKS_FILE: '/x.json', OPERATOR_ID_CLAIM: 'employee no', ...IDP },
      [/OPERATOR_ID_CLAIM: must be a claim name/],
    ],
    ['a misspelt variable', { OPERATOR_JWT_AUDIENCES: 'credit-platform' }, [/OPERATOR_JWT_AUDIENCES: .*did you mean OPERATOR_JWT_AUDIENCE\?/]],
  ])('refuses %s, naming every variable to fix', (_name, env, messages) => {
    let message = '';
    try {
      loadGatewayConfig(env);
    } catch (err) {
      message = (err as Error).message;
    }
    for (const m of messages) expect(message).toMatch(m);
  });
});

describe('bulk check jobs in the gateway configuration', () => {
  it('bound the live progress streams per caller: 4 by default, BULK_JOB_EVENTS_PER_CALLER otherwise', () => {
    expect(loadGatewayConfig({}).jobs.eventsPerCaller).toBe(4);
    expect(loadGatewayConfig({ BULK_JOB_EVENTS_PER_CALLER: '2' }).jobs.eventsPerCaller).toBe(2);
    expect(() => loadGatewayConfig({ BULK_JOB_EVENTS_PER_CALLER: '0' })).toThrow(/BULK_JOB_EVENTS_PER_CALLER/);
  });

  it('names the replica in the shared state only when REPLICA_NAME is given, and refuses names that could not be told apart in a log', () => {
    expect(loadGatewayConfig({}).replicaName).toBeUndefined();
    expect(loadGatewayConfig({ REPLICA_NAME: 'gateway-2' }).replicaName).toBe('gateway-2');
    expect(() => loadGatewayConfig({ REPLICA_NAME: 'gateway 2' })).toThrow(/REPLICA_NAME/);
    expect(() => loadGatewayConfig({ REPLICA_NAME: '' })).toThrow(/REPLICA_NAME/);
  });

  it('hold a job on a shared database for 15 s unrenewed by default, BULK_JOB_LEASE_MS otherwise (at least 1 s)', () => {
    expect(loadGatewayConfig({}).jobs.leaseMs).toBe(15_000);
    expect(loadGatewayConfig({ BULK_JOB_LEASE_MS: '3000' }).jobs.leaseMs).toBe(3000);
    expect(() => loadGatewayConfig({ BULK_JOB_LEASE_MS: '100' })).toThrow(/BULK_JOB_LEASE_MS/);
  });
});

describe('subgraph URLs: one, or one per replica', () => {
  it('one URL stays valid; unset is the default port on this host', () => {
    const c = loadGatewayConfig({ TAX_SUBGRAPH_URL: 'http://tax:4003/' });
    expect(c.subgraphUrls.tax).toEqual(['http://tax:4003/']);
    expect(c.subgraphUrls.courts).toEqual(['http://127.0.0.1:4004/']);
  });

  it('several, comma-separated (spaces allowed), in the order given, a repeated one once', () => {
    const c = loadGatewayConfig({ COURTS_SUBGRAPH_URL: 'http://courts-1:4004/, http://courts-2:4004/,http://courts-1:4004' });
    expect(c.subgraphUrls.courts).toEqual(['http://courts-1:4004/', 'http://courts-2:4004/']);
  });

  it.each<[string, string, RegExp]>([
    ['not a URL', 'courts-1:4004', /COURTS_SUBGRAPH_URL: "courts-1:4004" is not an http\(s\) URL: give the subgraph's URL, or one URL per replica/],
    ['a bad second entry', 'http://courts-1:4004/,htp//courts-2', /COURTS_SUBGRAPH_URL: entry 2 of 2 \("htp\/\/courts-2"\) is not a URL/],
    ['an empty entry', 'http://courts-1:4004/,,http://courts-2:4004/', /COURTS_SUBGRAPH_URL: entry 2 of 3 \(""\) is empty/],
    ['another scheme', 'ftp://courts-1/', /COURTS_SUBGRAPH_URL: "ftp:\/\/courts-1\/" is not an http\(s\) URL/],
  ])('refuses %s, naming the variable and the entry', (_name, value, message) => {
    expect(() => loadGatewayConfig({ COURTS_SUBGRAPH_URL: value })).toThrow(message);
  });
});
