/**
 * The browser's code validation (public/assets/lib/uscc.js) must say exactly what common/uscc says:
 * on a table of real, golden, pilot and broken codes, and on random and mutated codes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as server from '../../common/uscc/index.js';
import * as browser from './public/assets/lib/uscc.js';

const golden = (
  JSON.parse(readFileSync(new URL('../../test/golden/cases.json', import.meta.url), 'utf8')) as { cases: { uscc: string }[] }
).cases.map((c) => c.uscc);

const TABLE: string[] = [
  // Valid: domain vectors and golden enterprises.
  '914403001922038216',
  '91440300708461136T',
  '91110000600037341L',
  '91310115MA1K3BTP2B',
  '121200004013590816',
  ...golden,
  // Normalisation: lower case, full width, spaces, hyphens, ideographic space.
  '91310115ma1k3btp2b',
  '９１４４０３００１９２２０３８２１６',
  ' 9144 0300 1922 0382 16 ',
  '91440300-19220382-1-6',
  '\u300091440300708461136t\u3000',
  // Empty and length.
  '',
  '   ',
  '9144030019220382',
  '9144030019220382161',
  '91440300192203821600000',
  // Illegal characters: I O S V Z, letters in the division, a non-X letter at 17, punctuation, CJK.
  '91440300192203821I',
  '9O4403001922038216',
  '91S403001922038216',
  '9144030V1922038216',
  '914403001922038Z16',
  '9144A3001922038216',
  '91440300192203821A',
  '9144030019220382A6',
  '914403001922038.16',
  '9144030019220382１６',
  '91440300一922038216',
  '9144030019220382😀6',
  // Organisation-code check and final check failures.
  '914403001922038226',
  '914403001922038217',
  '91440300708461136A',
  '91310115MA1K3BTP3B',
  '914205020361824756',
  // 2015 pilot codes that fail the final check.
  '91350211M00013FA1N',
  '91350100M0001TGQXM',
  // A code with X at 17 and assorted letters.
  '91110108MA01A1B2XE',
];

describe('browser USCC module = common/uscc', () => {
  it.each(TABLE.map((c) => [JSON.stringify(c), c]))('parseUscc(%s)', (_label, code) => {
    expect(browser.parseUscc(code)).toEqual(server.parseUscc(code));
    expect(browser.normalizeUscc(code)).toBe(server.normalizeUscc(code));
  });

  it('has the valid and invalid codes the table means to have', () => {
    expect(TABLE.filter((c) => browser.parseUscc(c).valid).length).toBeGreaterThan(25);
    const reasons = new Set(TABLE.map((c) => browser.parseUscc(c)).flatMap((r) => (r.valid ? [] : [r.reason])));
    expect([...reasons].sort()).toEqual(['CHECK_CHARACTER_FAILED', 'EMPTY', 'ILLEGAL_CHARACTER', 'ORGANIZATION_CODE_CHECK_FAILED', 'WRONG_LENGTH']);
  });

  it('agrees on 5,000 random and mutated codes', () => {
    let seed = 20261122;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = `${server.USCC_CHARSET}IOSVZabcxyz -．０９Ａｚ\u3000`;
    const pick = () => alphabet[rand(alphabet.length)]!;
    for (let i = 0; i < 5000; i++) {
      let code: string;
      if (i % 3 === 0) {
        code = Array.from({ length: 14 + rand(8) }, pick).join('');
      } else {
        const base = golden[rand(golden.length)]!;
        const chars = [...base];
        const pos = rand(18);
        chars[pos] = i % 3 === 1 ? server.USCC_CHARSET[rand(31)]! : pick();
        code = chars.join('');
      }
      expect(browser.parseUscc(code)).toEqual(server.parseUscc(code));
    }
  });

  it('computes the same check characters', () => {
    for (const code of golden) {
      expect(browser.usccCheck(code.slice(0, 17))).toBe(server.usccCheck(code.slice(0, 17)));
      expect(browser.organizationCodeCheck(code.slice(8, 16))).toBe(server.organizationCodeCheck(code.slice(8, 16)));
    }
  });
});

describe('validation while typing', () => {
  it('is neutral while a code is short, and complains about an illegal character at once', () => {
    expect(browser.checkWhileTyping('')).toEqual({ state: 'empty', normalized: '' });
    expect(browser.checkWhileTyping('91440300')).toMatchObject({ state: 'typing', length: 8 });
    const bad = browser.checkWhileTyping('9144O3');
    expect(bad.state).toBe('invalid');
    if (bad.state === 'invalid') expect(bad.result).toMatchObject({ reason: 'ILLEGAL_CHARACTER', position: 5, character: 'O' });
    expect(browser.checkWhileTyping('９１４４０３００１９２２０３８２１６')).toMatchObject({ state: 'valid', normalized: '914403001922038216' });
    expect(browser.checkWhileTyping('914403001922038217')).toMatchObject({
      state: 'invalid',
      result: { reason: 'CHECK_CHARACTER_FAILED', expectedCheck: '6' },
    });
  });

  it('finds the same first illegal character as the full check', () => {
    for (const code of TABLE) {
      const r = server.parseUscc(code);
      if (!r.valid && r.reason === 'ILLEGAL_CHARACTER') {
        expect(browser.firstIllegalCharacter(r.normalized)).toEqual({ position: r.position, character: r.character, expected: r.expected });
      }
    }
  });
});

describe('explanations', () => {
  const explain = (code: string, lang: 'zh' | 'en') => {
    const r = browser.parseUscc(code);
    if (r.valid) throw new Error(`${code} is valid`);
    return browser.explainInvalid(r, lang);
  };

  it('say why, in Chinese and in English', () => {
    expect(explain('9144030019220382', 'zh')).toContain('应为18位，当前为16位');
    expect(explain('9144030019220382', 'en')).toContain('has 18 characters; this one has 16');
    expect(explain('9144A3001922038216', 'zh')).toContain('第5位字符“A”不合法');
    expect(explain('9144A3001922038216', 'en')).toContain('position 5');
    // Never the expected check character: "fixing" a typo to pass could name another enterprise.
    expect(explain('914403001922038226', 'zh')).toContain('第9–17位有输错');
    expect(explain('914403001922038226', 'zh')).not.toMatch(/应为“1”|“1”/);
    expect(explain('914403001922038226', 'en')).toContain('positions 9–17 are mistyped');
    expect(explain('914403001922038226', 'en')).not.toContain('“1”');
    expect(explain('914403001922038217', 'zh')).toContain('请对照营业执照逐位核对');
    expect(explain('914403001922038217', 'zh')).not.toContain('“6”');
    expect(explain('914403001922038217', 'en')).toContain('Check the whole code against the licence');
    expect(explain('914403001922038217', 'en')).not.toContain('“6”');
    expect(explain('91350211M00013FA1N', 'en')).toContain('registering authority');
  });
});

describe('an invalid code’s message never names the check character that would make it pass', () => {
  // Mistyped codes failing one check or the other: changing the check character to the one the
  // message named would turn a typo into a valid code, possibly another enterprise's.
  const failing = [
    '914403001922038226',
    '914403001922038217',
    '91440300708461136A',
    '91310115MA1K3BTP3B',
    '914205020361824756',
    '91350211M00013FA1N',
    '91440300708461136X',
  ];
  const otherThan = (c: string) => (c === 'Y' ? 'W' : 'Y');

  it.each(failing)('%s: the same words whatever the expected character is (server, browser zh and en)', (code) => {
    const s = server.parseUscc(code);
    const b = browser.parseUscc(code);
    expect(s.valid).toBe(false);
    expect(b.valid).toBe(false);
    if (s.valid || b.valid) return;
    expect(['ORGANIZATION_CODE_CHECK_FAILED', 'CHECK_CHARACTER_FAILED']).toContain(s.reason);
    if (s.reason !== 'ORGANIZATION_CODE_CHECK_FAILED' && s.reason !== 'CHECK_CHARACTER_FAILED') return;
    if (b.reason !== 'ORGANIZATION_CODE_CHECK_FAILED' && b.reason !== 'CHECK_CHARACTER_FAILED') return;
    expect(server.explainInvalid({ ...s, expectedCheck: otherThan(s.expectedCheck) })).toBe(server.explainInvalid(s));
    for (const lang of ['zh', 'en'] as const) {
      expect(browser.explainInvalid({ ...b, expectedCheck: otherThan(b.expectedCheck) }, lang)).toBe(browser.explainInvalid(b, lang));
    }
    // Nor does it quote it, as 应为X or “X”.
    for (const m of [server.explainInvalid(s), browser.explainInvalid(b, 'zh'), browser.explainInvalid(b, 'en')]) {
      expect(m).not.toMatch(new RegExp(`应为${s.expectedCheck}|[“'"]${s.expectedCheck}[”'"]`));
    }
  });

  it('names an illegal character and its position (that is fine: it is what was typed)', () => {
    const b = browser.parseUscc('91440300I08461136T');
    expect(b.valid).toBe(false);
    if (b.valid) return;
    expect(browser.explainInvalid(b, 'zh')).toContain('第9位字符“I”不合法');
  });
});
