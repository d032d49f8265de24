/**
 * The console's operator (经办人) as the gateway reads it: what the settings dialog accepts, the
 * gateway accepts unchanged from `X-Operator`, and what the dialog refuses, the gateway refuses too.
 */
import { describe, expect, it } from 'vitest';
import { normalizeOperator, operatorHeader, operatorIdProblem, operatorNameProblem } from './public/assets/lib/operator.js';
import { callerHeaders } from './public/assets/lib/graphql.js';
import { readOperatorHeader } from '../auth/index.js';

const cases: Array<[string, string, string, 'ok' | 'id' | 'name']> = [
  ['an employee number and a Chinese name', 'HB0451', '张三', 'ok'],
  ['spaces around both', '  HB0451 ', ' 张三  ', 'ok'],
  ['a transliterated name', '0451', '阿卜杜拉·买买提', 'ok'],
  ['an English name with two spaces', 'li.si@hall.wuhan.gov.cn', 'Li  Si', 'ok'],
  ['an id with ; and % (encoded)', 'a;b%c', '张三', 'id'],
  ['a Chinese id', '鄂0451', '王五', 'ok'],
  ['an apostrophe and brackets', 'X-1', "O'Brien (欧)", 'ok'],
  ['128-character id', 'A'.repeat(128), '张三', 'ok'],
  ['129-character id', 'A'.repeat(129), '张三', 'id'],
  ['64-character name', 'HB1', '张'.repeat(64), 'ok'],
  ['65-character name', 'HB1', '张'.repeat(65), 'name'],
  ['a space inside the id', 'HB 0451', '张三', 'id'],
  ['an id starting with a dot', '.0451', '张三', 'id'],
  ['a name of digits', 'HB0451', '007', 'name'],
  ['a name with a semicolon', 'HB0451', '张;三', 'name'],
  ['a name with a line break', 'HB0451', '张\n三', 'name'],
  ['a name with an emoji', 'HB0451', '张三🙂', 'name'],
];

describe('the console’s operator and the gateway’s X-Operator', () => {
  it.each(cases)('%s', (_name, id, name, expected) => {
    const idProblem = operatorIdProblem(id);
    const nameProblem = operatorNameProblem(name);
    expect(expected === 'id' ? idProblem : expected === 'name' ? nameProblem : (idProblem ?? nameProblem)).toEqual(
      expected === 'ok' ? null : expect.stringMatching(/INVALID|TOO_LONG/),
    );
    const header = operatorHeader({ id, name });
    expect(header).toMatch(/^[\x21-\x7e]+$/); // visible ASCII on the wire, whatever was typed
    const read = readOperatorHeader({ 'x-operator': header! });
    if (expected === 'ok') expect(read).toEqual({ ok: true, operator: { ...normalizeOperator({ id, name }), how: 'asserted' } });
    else expect(read).toMatchObject({ ok: false, code: 'BAD_OPERATOR' });
  });

  it('sends X-Operator with the other caller headers, and nothing without an id', () => {
    expect(callerHeaders({ key: 'k-1234567', purpose: 'ADMINISTRATIVE_LICENSING', operator: { id: 'HB0451', name: '张三' } })).toEqual({
      Authorization: 'Bearer k-1234567',
      'X-Query-Purpose': 'ADMINISTRATIVE_LICENSING',
      'X-Operator': 'HB0451;%E5%BC%A0%E4%B8%89',
    });
    expect(callerHeaders({ key: 'k-1234567', operator: { id: ' ', name: '张三' } })).toEqual({ Authorization: 'Bearer k-1234567' });
    expect(operatorHeader({ id: 'HB0451', name: '' })).toBe('HB0451');
    expect(operatorHeader(null)).toBeNull();
  });

  it('an empty id or name is a missing one, not a malformed one', () => {
    expect([operatorIdProblem('  '), operatorNameProblem('')]).toEqual(['EMPTY', 'EMPTY']);
  });
});
