import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from './csv.js';

describe('parseCsv (RFC 4180)', () => {
  it.each<[string, string, string[][]]>([
    [
      'simple CRLF with trailing line end',
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'no trailing line end',
      'a,b\r\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'bare LF',
      'a,b\nc,d\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['empty fields', ',,\r\n', [['', '', '']]],
    ['quoted comma', '"a,b",c\r\n', [['a,b', 'c']]],
    ['doubled quotes', '"say ""hi""",x\r\n', [['say "hi"', 'x']]],
    ['line break inside quotes', '"two\r\nlines",x\r\n', [['two\r\nlines', 'x']]],
    ['empty quoted field', '"",x\r\n', [['', 'x']]],
    ['trailing empty quoted field', 'x,""\r\n', [['x', '']]],
    ['blank line in the middle', 'a\r\n\r\nb\r\n', [['a'], [''], ['b']]],
    ['Chinese text', '企业名称,"南京""绿源""环保,分公司"\r\n', [['企业名称', '南京"绿源"环保,分公司']]],
    ['empty input', '', []],
  ])('%s', (_name, input, expected) => {
    expect(parseCsv(input)).toEqual(expected);
  });

  it.each([
    ['unterminated quote', 'a,"b,c\r\n', 'quoted field is not closed (line 1)'],
    ['quote inside unquoted field', 'a,b"c\r\n', 'quote inside an unquoted field (line 1)'],
    ['text after closing quote', 'x\r\n"a"b,c\r\n', 'text after a closing quote (line 2)'],
    ['lone carriage return', 'a\rb\r\n', 'carriage return without line feed (line 1)'],
  ])('rejects %s', (_name, input, message) => {
    expect(() => parseCsv(input)).toThrow(CsvSyntaxError);
    expect(() => parseCsv(input)).toThrow(message);
  });
});
