/**
 * The console's messages for error codes speak of codes the system really sends: each label is a
 * registered code (common/error-codes.ts) or one the browser itself raises.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../common/error-codes.js';
import { ERROR_LABELS, ERROR_MESSAGES } from './public/assets/lib/i18n.js';
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
    for (const code of ['UNAUTHENTICATED', 'FORBIDDEN', 'PURPOSE_REQUIRED', 'PURPOSE_UNKNOWN', 'PURPOSE_NOT_ALLOWED', 'BAD_REFERENCE', 'BAD_USER_INPUT', 'PAYLOAD_TOO_LARGE', 'SOURCES_INCOMPLETE']) {
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
});
