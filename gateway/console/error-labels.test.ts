/**
 * The console's messages for error codes speak of codes the system really sends: each label is a
 * registered code (common/error-codes.ts) or one the browser itself raises.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../common/error-codes.js';
import { ERROR_LABELS, ERROR_MESSAGES, messageIn } from './public/assets/lib/i18n.js';
import { CONSOLE_ERROR_CODES, consoleErrorCodesModule } from '../../scripts/readme-tables.js';

/** Raised by the console's own request code, never by the server. */
const BROWSER_ONLY = new Set(['NETWORK_ERROR', 'HTTP_ERROR', 'BAD_RESPONSE', 'SETTINGS_MISSING', 'ERROR']);

describe('console error labels', () => {
  it('every label is a registered code or one the browser raises', () => {
    const unknown = Object.keys(ERROR_LABELS).filter((k) => !(k in ERROR_CODES) && !BROWSER_ONLY.has(k));
    expect(unknown).toEqual([]);
  });

  it('the browser-only codes are not also server codes (one meaning per code)', () => {
    expect([...BROWSER_ONLY].filter((k) => k in ERROR_CODES)).toEqual([]);
  });

  it('the refusals a clerk can meet from the console have a label in both languages', () => {
    for (const code of [
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'PURPOSE_REQUIRED',
      'PURPOSE_UNKNOWN',
      'PURPOSE_NOT_ALLOWED',
      'BAD_REFERENCE',
      'BAD_USER_INPUT',
      'PAYLOAD_TOO_LARGE',
      'SOURCES_INCOMPLETE',
    ]) {
      const label = (ERROR_LABELS as Record<string, { zh: string; en: string }>)[code];
      expect(label?.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(label?.en.length, code).toBeGreaterThan(5);
    }
  });

  it('says every registered code in both languages (the registry’s words where the console has none of its own)', () => {
    for (const [code, d] of Object.entries(ERROR_CODES)) {
      const m = ERROR_MESSAGES[code];
      expect(m?.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(m?.en, code).toMatch(/[A-Za-z]{3}/);
      if (!(code in ERROR_LABELS)) expect(m, code).toEqual({ zh: d.zh.replace(/`/g, ''), en: d.en.replace(/`/g, '') });
    }
  });

  it('the console’s copy of the registry is current (npm run docs)', () => {
    expect(readFileSync(CONSOLE_ERROR_CODES, 'utf8')).toBe(consoleErrorCodesModule());
  });

  it.each<[string, string | null, string | null]>([
    [
      'Lists of enterprises (enterprises) need the bulk:read scope (无批量查询权限).',
      '无批量查询权限',
      'Lists of enterprises (enterprises) need the bulk:read scope.',
    ],
    ['The API key or token is not valid. / API 密钥或令牌无效。', 'API 密钥或令牌无效。', 'The API key or token is not valid.'],
    [
      '已注销（2026-06-29）：主体资格已终止。 Deregistered since 2026-06-29: the entity no longer exists.',
      '已注销（2026-06-29）：主体资格已终止。',
      'Deregistered since 2026-06-29: the entity no longer exists.',
    ],
    [
      'The code fails its check (校验码错误): a character is mistyped (请逐位核对). A few pilot codes fail.',
      '校验码错误；请逐位核对',
      'The code fails its check: a character is mistyped. A few pilot codes fail.',
    ],
    ['tax legacy system could not be reached', null, 'tax legacy system could not be reached'],
    ['部门服务无法访问。', '部门服务无法访问。', null],
  ])('a server message in the page’s language only: %s', (message, zh, en) => {
    expect(messageIn('zh', message)).toBe(zh);
    expect(messageIn('en', message)).toBe(en);
  });
});
