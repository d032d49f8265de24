/**
 * The registry of error codes is the whole list: every code literal the source sends is registered,
 * and every registered code is sent by what the registry says sends it (or is Apollo's own).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { ERRORS } from '@apollo/federation-internals';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCANNED = ['gateway', 'subgraphs', 'common', 'scripts'];
const REGISTRY_FILE = 'common/error-codes.ts';

/**
 * Codes in the source that are not `extensions.code`s, and why. Each must still be found by the
 * scan (so the list cannot go stale) and must not be registered.
 */
const NOT_SENT: Readonly<Record<string, string>> = {
  LEGACY_TIMEOUT: 'a legacy failure: the section says source.status TIMEOUT',
  LEGACY_UNAVAILABLE: 'a legacy failure: the section says source.status UNAVAILABLE',
  LEGACY_BAD_RESPONSE: 'a legacy failure: the section says source.status BAD_RESPONSE',
  LEGACY_RATE_LIMITED: 'a legacy failure: the section says source.status RATE_LIMITED',
  CALLERS_CONFIG_INVALID: 'a start-up error of the callers file; the gateway does not start',
};

/** Where a code literal is sent as an error code (a purpose's `{ code, nameZh }` is not one). */
const EMITTER_PATTERNS: readonly RegExp[] = [
  // A `code` key: { code: 'X' }, extensions: { code: 'X' }, refusals, failures, `code: 'X' | 'Y'` in a type
  // (not the `? code : 'X'` of a ternary).
  /(?:^|[{,;])\s*code\s*:\s*'([A-Z][A-Z0-9_]*)'(?!\s*,\s*nameZh\b)/gm,
  // readonly code = 'X' as const (typed error classes)
  /\bcode\s*=\s*'([A-Z][A-Z0-9_]*)'/g,
  // sendGraphQLError(res, 'X', …), sendGraphQLError(res, 500, 'X', …), graphQLError('X', …)
  /\b(?:sendGraphQLError|graphQLError)\(\s*(?:[\w.]+\s*,\s*)?(?:\d{3}\s*,\s*)?'([A-Z][A-Z0-9_]*)'/g,
];

interface Hit {
  code: string;
  file: string;
  line: number;
}

/** The error-code literals sent in one file's text. */
export function emittedCodes(text: string, file = '(text)'): Hit[] {
  const hits: Hit[] = [];
  for (const pattern of EMITTER_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      hits.push({ code: m[1]!, file, line: text.slice(0, m.index).split('\n').length });
    }
  }
  return hits;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') out.push(...sourceFiles(path));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = SCANNED.flatMap(sourceFiles)
  .map((f) => relative(ROOT, join(ROOT, f)).split('\\').join('/'))
  .filter((f) => f !== REGISTRY_FILE)
  .map((f) => ({ file: f, text: readFileSync(join(ROOT, f), 'utf8') }));
const hits = files.flatMap(({ file, text }) => emittedCodes(text, file));
const registered = new Set<string>(Object.keys(ERROR_CODES));
const APOLLO_CODES = new Set<string>([...Object.values(ApolloServerErrorCode), ERRORS.DOWNSTREAM_SERVICE_ERROR.code]);

describe('the scan', () => {
  it.each([
    ['an extensions code', `throw new GraphQLError('x', { extensions: { code: 'NOT_REGISTERED' } });`, ['NOT_REGISTERED']],
    ['a refusal', `return refuse(deps, res, d, { code: 'NOT_REGISTERED', message: 'x', outcome: 'REFUSED' });`, ['NOT_REGISTERED']],
    ['sendGraphQLError', `sendGraphQLError(res, 'NOT_REGISTERED', 'x')`, ['NOT_REGISTERED']],
    ['sendGraphQLError with a status', `sendGraphQLError(res, 418, 'NOT_REGISTERED', 'x')`, ['NOT_REGISTERED']],
    ['graphQLError over lines', `throw graphQLError(\n  'NOT_REGISTERED',\n  'x',\n);`, ['NOT_REGISTERED']],
    ['an error class', `readonly code = 'NOT_REGISTERED' as const;`, ['NOT_REGISTERED']],
    ['a purpose, not an error code', `{ code: 'BIDDER_CHECK', nameZh: '投标人资格审查', nameEn: 'Bidder eligibility check' }`, []],
    ['a key in a type', `| { ok: false; code: 'NOT_REGISTERED'; message: string };`, ['NOT_REGISTERED']],
    ['a code on its own line', `refuse({\n  code: 'NOT_REGISTERED',\n  message: 'x',\n});`, ['NOT_REGISTERED']],
    ['a ternary on a code variable, not an error code', `const shown = err instanceof E ? err.code : 'ERROR';`, []],
    ['an enterprise code, not an error code', `{ code: '91420100MA4K2X7Y3L', verdict: 'CLEAR' }`, []],
  ])('finds %s', (_what, text, expected) => {
    expect(emittedCodes(text).map((h) => h.code)).toEqual(expected);
  });

  it('reads the emitters of the gateway and the subgraphs', () => {
    const found = new Set(hits.map((h) => h.code));
    // One of each way of sending a code, in the real source.
    for (const code of [
      'UNAUTHENTICATED',
      'SUBGRAPH_TIMEOUT',
      'AUDIT_ENTRY_INVALID',
      'CHECK_NOT_FOUND',
      'SOURCES_INCOMPLETE',
      'PAYLOAD_TOO_LARGE',
      'FORBIDDEN_FIELD',
    ]) {
      expect(found, code).toContain(code);
    }
    expect(files.length).toBeGreaterThan(50);
  });
});

describe('ERROR_CODES', () => {
  it('registers every code the source sends', () => {
    const unregistered = hits.filter((h) => !registered.has(h.code) && !(h.code in NOT_SENT)).map((h) => `${h.file}:${h.line} ${h.code}`);
    expect(unregistered).toEqual([]);
  });

  it('registers no code that is not an error code, and each of those is still in the source', () => {
    const found = new Set(hits.map((h) => h.code));
    for (const code of Object.keys(NOT_SENT)) {
      expect(registered.has(code), code).toBe(false);
      expect(found.has(code), code).toBe(true);
    }
  });

  it('holds only codes that something sends: the gateway or a subgraph as its entry says, or Apollo', () => {
    const literalIn = (code: string, dir: string) => files.some((f) => f.file.startsWith(`${dir}/`) && f.text.includes(`'${code}'`));
    const problems: string[] = [];
    for (const [code, d] of Object.entries(ERROR_CODES) as [ErrorCode, (typeof ERROR_CODES)[ErrorCode]][]) {
      const from: readonly string[] = d.from;
      if (from.includes('gateway') && !literalIn(code, 'gateway')) problems.push(`${code}: no literal in gateway/`);
      if (from.includes('subgraph') && !literalIn(code, 'subgraphs')) problems.push(`${code}: no literal in subgraphs/`);
      if (from.includes('apollo') && !APOLLO_CODES.has(code)) problems.push(`${code}: not one of Apollo's codes`);
    }
    expect(problems).toEqual([]);
  });

  it('says who sends each code found in the gateway and in the subgraphs', () => {
    const problems: string[] = [];
    for (const h of hits) {
      const d = (ERROR_CODES as Record<string, { from: readonly string[] }>)[h.code];
      if (!d) continue;
      if (h.file.startsWith('gateway/') && !d.from.includes('gateway')) problems.push(`${h.file}:${h.line} ${h.code} is not marked from gateway`);
      if (h.file.startsWith('subgraphs/') && !d.from.includes('subgraph')) problems.push(`${h.file}:${h.line} ${h.code} is not marked from subgraph`);
    }
    expect(problems).toEqual([]);
  });

  it.each(Object.entries(ERROR_CODES))('%s: a meaning in both languages and a status that fits', (code, d) => {
    expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(d.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(d.en).toMatch(/[A-Za-z]{3}/);
    expect(d.from.length).toBeGreaterThan(0);
    // "also at a field" is said of a code that otherwise refuses a request.
    if ('atField' in d) expect(d.status).not.toBe(200);
  });
});
