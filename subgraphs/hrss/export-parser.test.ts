import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LegacyBadResponseError } from '../shared/index.js';
import { parseExport } from './export-parser.js';

const A = '914205020000000017';
const B = '91420502000000002N';

const line = (uscc: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    tyshxydm: uscc,
    dwmc: '宜昌某建筑工程有限公司',
    qxmd: [
      {
        lrjdswh: '宜西人社失信〔2024〕3号',
        rdbm: '宜昌市西陵区人力资源和社会保障局',
        lrsy: '拖欠农民工工资',
        lrrq: '2024-01-10',
        qxjzrq: '2027-01-09',
        ycrq: null,
        ycyy: '',
        qxje: '120000.00',
        sjrs: 12,
        yyzt: '0',
      },
    ],
    sbqf: [],
    ...extra,
  });

interface Spec {
  lines?: string[];
  count?: number;
  sha?: string;
  exportedAt?: string;
  header?: string;
  trailingNewline?: boolean;
}

/** An export file: header (with the right count and checksum unless told otherwise) and record lines, gzip'd. */
function exportFile(s: Spec = {}): Buffer {
  const lines = s.lines ?? [line(A), line(B)];
  const records = Buffer.from(lines.join('\n') + (s.trailingNewline === false ? '' : '\n'), 'utf8');
  const header =
    s.header ??
    JSON.stringify({
      exportType: 'HRSS_CREDIT_FULL',
      version: 1,
      exportedAt: s.exportedAt ?? '2024-06-15T01:30:00.000Z',
      recordCount: s.count ?? lines.length,
      sha256: s.sha ?? createHash('sha256').update(records).digest('hex'),
    });
  return gzipSync(Buffer.concat([Buffer.from(`${header}\n`), records]));
}

const parse = (gz: Buffer, maxBytes = 1024 * 1024) => parseExport(gz, { maxBytes, label: 'test-export' });

async function rejection(p: Promise<unknown>): Promise<LegacyBadResponseError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LegacyBadResponseError);
  expect((err as LegacyBadResponseError).code).toBe('LEGACY_BAD_RESPONSE');
  return err as LegacyBadResponseError;
}

describe('parseExport', () => {
  it('reads the header and indexes every record by code, in the neutral model', async () => {
    const out = await parse(exportFile());
    expect(out.exportedAt.toISOString()).toBe('2024-06-15T01:30:00.000Z');
    expect(out.recordCount).toBe(2);
    expect([...out.records.keys()]).toEqual([A, B]);
    expect(out.records.get(A)).toEqual({
      uscc: A,
      name: '宜昌某建筑工程有限公司',
      wageArrearsListings: [
        {
          reference: '宜西人社失信〔2024〕3号',
          authority: '宜昌市西陵区人力资源和社会保障局',
          reason: '拖欠农民工工资',
          listedOn: '2024-01-10',
          publicUntil: '2027-01-09',
          removal: null,
          amountYuan: 120000,
          workers: 12,
          underObjection: false,
        },
      ],
      socialInsuranceArrears: [],
    });
  });

  it('reads an empty export and a last line without its newline', async () => {
    expect((await parse(exportFile({ lines: [], trailingNewline: false }))).records.size).toBe(0);
    expect((await parse(exportFile({ trailingNewline: false }))).records.size).toBe(2);
  });

  it('reads a file decompressed in many chunks, with lines across chunk boundaries', async () => {
    // Codes need not pass the check digit here, only be distinct and well-formed: the model checks the form.
    const distinct = Array.from({ length: 3000 }, (_, i) => line(`914205${String(i).padStart(12, '0')}`));
    const out = await parse(exportFile({ lines: distinct }), 64 * 1024 * 1024);
    expect(out.records.size).toBe(3000);
  });

  it.each<[string, Spec | (() => Buffer), RegExp]>([
    ['a checksum that does not match', { sha: 'a'.repeat(64) }, /checksum mismatch/],
    ['a record count that does not match', { count: 3 }, /announces 3 records, the file holds 2/],
    ['a line that is not JSON', { lines: [line(A), '{"tyshxydm":"9142', line(B)] }, /line 3 is not JSON/],
    ['a line that is not a record', { lines: [line(A), line(B, { qxmd: [{ lrjdswh: 'x' }] })] }, /line 3 is not a record of the export format/],
    [
      'an impossible date',
      { lines: [line(A, { sbqf: [{ hdswh: 'h', jbjg: 'j', qfxz: '工伤保险', qfje: '1.00', qfqsny: '202402', rdrq: '2024-02-30', bjrq: null }] })] },
      /line 2 is not a record/,
    ],
    ['an empty line', { lines: [line(A), '', line(B)] }, /line 3 is empty/],
    ['a code twice', { lines: [line(A), line(A)] }, /line 3 repeats the code/],
    ['a header of another format', { header: JSON.stringify({ exportType: 'OTHER', version: 1 }) }, /header \(line 1\) is not the platform's/],
    ['a header that is not JSON', { header: 'exportedAt=2024-06-15' }, /header \(line 1\) is not JSON/],
    ['an empty file', () => gzipSync(Buffer.alloc(0)), /the file is empty/],
    ['gzip cut off', () => exportFile().subarray(0, 40), /gzip data is cut off or corrupt/],
    ['not gzip at all', () => Buffer.from('{"exportType":"HRSS_CREDIT_FULL"}\n'), /gzip data is cut off or corrupt/],
  ])('rejects %s', async (_label, spec, message) => {
    const gz = typeof spec === 'function' ? spec() : exportFile(spec);
    const err = await rejection(parse(gz));
    expect(err.message).toMatch(/^hrss export test-export: /);
    expect(err.message).toMatch(message);
  });

  it('stops at the size bound and at an overlong line (bounded memory)', async () => {
    expect((await rejection(parse(exportFile(), 200))).message).toMatch(/larger than 200 bytes decompressed/);
    const long = line(A, { dwmc: 'x'.repeat(5000) });
    const err = await rejection(parseExport(exportFile({ lines: [long] }), { maxBytes: 1024 * 1024, maxLineBytes: 4096 }));
    expect(err.message).toMatch(/line 2 is longer than 4096 bytes/);
  });

  it("a date that is no date is that line's fault, said as such (not a corrupt file)", async () => {
    const bad = line(B, {
      qxmd: [
        {
          lrjdswh: '宜西人社失信〔2024〕4号',
          rdbm: '宜昌市西陵区人力资源和社会保障局',
          lrsy: '拖欠农民工工资',
          lrrq: '2025-13-01',
          qxjzrq: '2027-01-09',
          ycrq: null,
          ycyy: '',
          qxje: '120000.00',
          sjrs: 12,
          yyzt: '0',
        },
      ],
    });
    const err = await rejection(parse(exportFile({ lines: [line(A), bad] })));
    // The header is line 1: the second record is line 3.
    expect(err.message).toMatch(/line 3 could not be read/);
    expect(err.message).not.toMatch(/gzip/);
  });
});
