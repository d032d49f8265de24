/**
 * 经办人: `X-Operator` is bounded and validated (asserted), `X-Operator-Token` is verified and never
 * silently downgraded to asserted, and a caller's policy says what it must send.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkOperatorPolicy,
  createOperatorTokenVerifier,
  identifyOperator,
  readOperatorHeader,
  type Operator,
  type OperatorPolicy,
  type OperatorTokenVerifier,
} from './index.js';
import { createTestIdentityProvider, type TestIdentityProvider } from '../../test/support/identity-provider.js';

const zhang = encodeURIComponent('张三');

describe('X-Operator (asserted)', () => {
  const cases: Array<[string, string | string[] | undefined, Operator | null | string]> = [
    ['absent', undefined, null],
    ['blank', '   ', null],
    ['an id', 'HB0451', { id: 'HB0451', name: null, how: 'asserted' }],
    ['id and percent-encoded Chinese name', `HB0451;${zhang}`, { id: 'HB0451', name: '张三', how: 'asserted' }],
    ['spaces around the parts', `  HB0451 ; ${zhang} `, { id: 'HB0451', name: '张三', how: 'asserted' }],
    ['an e-mail address as id, an English name', 'li.si@hall.wuhan.gov.cn;Li Si', { id: 'li.si@hall.wuhan.gov.cn', name: 'Li Si', how: 'asserted' }],
    [
      'a transliterated name with the middle dot',
      `0451;${encodeURIComponent('阿卜杜拉·买买提')}`,
      { id: '0451', name: '阿卜杜拉·买买提', how: 'asserted' },
    ],
    ['an encoded Chinese id', encodeURIComponent('鄂0451'), { id: '鄂0451', name: null, how: 'asserted' }],
    ['128-character id', 'A'.repeat(128), { id: 'A'.repeat(128), name: null, how: 'asserted' }],
    ['64-character name', `HB1;${encodeURIComponent('张'.repeat(64))}`, { id: 'HB1', name: '张'.repeat(64), how: 'asserted' }],
    ['sent twice', ['HB0451', 'HB0452'], 'SENT_TWICE'],
    ['longer than 2,048 bytes', `HB1;${encodeURIComponent('张'.repeat(60))}${'x'.repeat(1600)}`, 'TOO_LONG'],
    ['129-character id', 'A'.repeat(129), 'BAD_ID'],
    ['65-character name', `HB1;${encodeURIComponent('张'.repeat(65))}`, 'BAD_NAME'],
    ['raw UTF-8 read as Latin-1', `HB0451;${Buffer.from('张三', 'utf8').toString('latin1')}`, 'NOT_ENCODED'],
    ['a tab', 'HB\t0451', 'NOT_ENCODED'],
    ['an encoded newline in the name', `HB0451;Li%0ASi`, 'NOT_ENCODED'],
    ['an encoded NUL in the id', 'HB%000451', 'NOT_ENCODED'],
    ['an encoded right-to-left override', `HB0451;${encodeURIComponent('张\u202e三')}`, 'NOT_ENCODED'],
    ['broken percent-encoding', 'HB0451;%E5%BC', 'BAD_ENCODING'],
    ['no id before the name', `;${zhang}`, 'BAD_ID'],
    ['a space inside the id', 'HB 0451', 'BAD_ID'],
    ['an id starting with punctuation', '-0451', 'BAD_ID'],
    ['an empty name after the separator', 'HB0451;', 'BAD_NAME'],
    ['a name with digits only', 'HB0451;12345', 'BAD_NAME'],
    ['a name with markup', 'HB0451;<script>', 'BAD_NAME'],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    const r = readOperatorHeader({ 'x-operator': value });
    if (typeof expected === 'string') {
      expect(r).toMatchObject({ ok: false, code: 'BAD_OPERATOR', reason: expected });
      if (!r.ok) expect(r.message).toMatch(/[A-Za-z].* \/ .*[\u4e00-\u9fff]/); // English / 中文
    } else expect(r).toEqual({ ok: true, operator: expected });
  });

  it('matches the header name in any case', () => {
    expect(readOperatorHeader({ 'X-Operator': 'HB0451' })).toEqual({ ok: true, operator: { id: 'HB0451', name: null, how: 'asserted' } });
  });
});

describe('identifyOperator', () => {
  let dir: string;
  let idp: TestIdentityProvider;
  let tokens: OperatorTokenVerifier;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'operator-'));
    idp = await createTestIdentityProvider();
    idp.writeJwks(join(dir, 'jwks.json'));
    tokens = createOperatorTokenVerifier({
      jwks: { kind: 'file', path: join(dir, 'jwks.json') },
      issuer: idp.issuer,
      audience: idp.audience,
      idClaim: 'sub',
      nameClaim: 'name',
      clockToleranceSeconds: 30,
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a valid token makes the operator verified, with the name the provider gives', async () => {
    const token = await idp.sign({ sub: 'HB0451', name: '张三' });
    expect(await identifyOperator({ 'x-operator-token': token }, tokens)).toEqual({
      ok: true,
      operator: { id: 'HB0451', name: '张三', how: 'verified' },
    });
  });

  it('a token and an X-Operator with the same id: verified, the token’s name wins', async () => {
    const token = await idp.sign({ sub: 'HB0451', name: '张三' });
    expect(await identifyOperator({ 'x-operator-token': token, 'x-operator': `HB0451;${encodeURIComponent('张叁')}` }, tokens)).toEqual({
      ok: true,
      operator: { id: 'HB0451', name: '张三', how: 'verified' },
    });
  });

  it('a token and an X-Operator naming someone else: refused', async () => {
    const token = await idp.sign({ sub: 'HB0451' });
    expect(await identifyOperator({ 'x-operator-token': token, 'x-operator': 'HB0999' }, tokens)).toMatchObject({
      ok: false,
      code: 'BAD_OPERATOR',
      reason: 'MISMATCH',
    });
  });

  it('an invalid token is refused, never downgraded to the asserted X-Operator beside it', async () => {
    const expired = await idp.sign({ sub: 'HB0451' }, { issuedAt: new Date(Date.now() - 3 * 3600_000), expiresIn: 600 });
    const r = await identifyOperator({ 'x-operator-token': expired, 'x-operator': 'HB0451' }, tokens);
    expect(r).toMatchObject({ ok: false, code: 'OPERATOR_TOKEN_INVALID', reason: 'EXPIRED' });
    if (!r.ok) expect(r.message).toMatch(/expired.* \/ .*已过期/);
  });

  it('a token where no identity provider is configured is refused, not ignored', async () => {
    const token = await idp.sign({ sub: 'HB0451' });
    expect(await identifyOperator({ 'x-operator-token': token, 'x-operator': 'HB0451' }, null)).toMatchObject({
      ok: false,
      code: 'OPERATOR_TOKEN_INVALID',
      reason: 'NOT_CONFIGURED',
    });
  });

  it('a token sent twice is refused', async () => {
    const token = await idp.sign({ sub: 'HB0451' });
    expect(await identifyOperator({ 'x-operator-token': [token, token] }, tokens)).toMatchObject({
      ok: false,
      code: 'OPERATOR_TOKEN_INVALID',
      reason: 'SENT_TWICE',
    });
  });

  it('without a token: the asserted operator, or its refusal, or nobody', async () => {
    expect(await identifyOperator({ 'x-operator': 'HB0451' }, tokens)).toEqual({ ok: true, operator: { id: 'HB0451', name: null, how: 'asserted' } });
    expect(await identifyOperator({ 'x-operator': 'HB 0451' }, tokens)).toMatchObject({ ok: false, code: 'BAD_OPERATOR', reason: 'BAD_ID' });
    expect(await identifyOperator({ 'x-operator-token': '  ' }, tokens)).toEqual({ ok: true, operator: null });
    expect(await identifyOperator({}, null)).toEqual({ ok: true, operator: null });
  });
});

describe('checkOperatorPolicy', () => {
  const asserted: Operator = { id: 'HB0451', name: null, how: 'asserted' };
  const verified: Operator = { id: 'HB0451', name: '张三', how: 'verified' };
  const cases: Array<[OperatorPolicy, Operator | null, null | 'MISSING' | 'NOT_VERIFIED']> = [
    ['optional', null, null],
    ['optional', asserted, null],
    ['required', null, 'MISSING'],
    ['required', asserted, null],
    ['required', verified, null],
    ['verified', null, 'NOT_VERIFIED'],
    ['verified', asserted, 'NOT_VERIFIED'],
    ['verified', verified, null],
  ];
  it.each(cases)('%s with %j', (policy, operator, expected) => {
    const r = checkOperatorPolicy(policy, operator);
    if (expected === null) expect(r).toBeNull();
    else expect(r).toMatchObject({ ok: false, code: 'OPERATOR_REQUIRED', reason: expected });
  });
});
