import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { LegacyBadResponseError } from '../shared/index.js';
import { exportHeaderModel, exportLineModel, type HrssRecord } from './legacy-models.js';

/** An export read to its end and verified: its time, and its records by unified social credit code. */
export interface ParsedExport {
  exportedAt: Date;
  recordCount: number;
  records: Map<string, HrssRecord>;
}

export interface ParseExportOptions {
  /** Most bytes the decompressed file may have (a gzip bomb stops here). */
  maxBytes: number;
  /** Longest line accepted. Default 1 MiB: one employer's records are a few KiB. */
  maxLineBytes?: number;
  /** Named in error messages (the export's file name). */
  label?: string;
}

const NEWLINE = 0x0a;

/**
 * Parse and verify one export file as it decompresses (node:zlib, chunk by chunk): the header line
 * first, then each record line through its model, while the SHA-256 of everything after the
 * header is computed. Memory holds the index and one line at a time, never the whole text.
 *
 * Any fault — gzip cut off or corrupt, a header that is not the platform's, a line that is not JSON
 * or not a record, a code twice, more bytes or a longer line than allowed, a record count or
 * checksum that does not match the header — rejects the whole export with a
 * `LegacyBadResponseError` that says where; nothing of a rejected export is used.
 */
export async function parseExport(gz: Buffer, o: ParseExportOptions): Promise<ParsedExport> {
  const label = o.label ?? 'the export';
  const maxLineBytes = o.maxLineBytes ?? 1024 * 1024;
  const bad = (message: string, cause?: unknown) => new LegacyBadResponseError(`hrss export ${label}: ${message}`, { cause });

  const gunzip = createGunzip();
  Readable.from([gz]).pipe(gunzip);

  const hash = createHash('sha256');
  const records = new Map<string, HrssRecord>();
  let header: z.output<typeof exportHeaderModel> | undefined;
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let total = 0;
  let lineNo = 0;

  const takeLine = (line: Buffer) => {
    lineNo++;
    if (!header) {
      header = parseHeader(line);
      return;
    }
    if (line.length === 0) throw bad(`line ${lineNo} is empty`);
    let value: unknown;
    try {
      value = JSON.parse(line.toString('utf8'));
    } catch (err) {
      throw bad(`line ${lineNo} is not JSON`, err);
    }
    const parsed = exportLineModel.safeParse(value);
    if (!parsed.success) throw bad(`line ${lineNo} is not a record of the export format: ${z.prettifyError(parsed.error)}`);
    if (records.has(parsed.data.uscc)) throw bad(`line ${lineNo} repeats the code ${parsed.data.uscc}`);
    records.set(parsed.data.uscc, parsed.data);
  };
  // A fault in a line (a date that is no date, say) is that line's, said as such.
  const readLine = (line: Buffer) => {
    try {
      takeLine(line);
    } catch (err) {
      if (err instanceof LegacyBadResponseError) throw err;
      throw bad(`line ${lineNo} could not be read: ${(err as Error).message}`, err);
    }
  };

  const parseHeader = (line: Buffer) => {
    let value: unknown;
    try {
      value = JSON.parse(line.toString('utf8'));
    } catch (err) {
      throw bad('the header (line 1) is not JSON', err);
    }
    const parsed = exportHeaderModel.safeParse(value);
    if (!parsed.success) throw bad(`the header (line 1) is not the platform's: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  };

  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > o.maxBytes) throw bad(`larger than ${o.maxBytes} bytes decompressed`);
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(NEWLINE, start);
        const piece = chunk.subarray(start, nl === -1 ? chunk.length : nl);
        // Everything after the header's newline is covered by the checksum.
        if (header) hash.update(nl === -1 ? piece : chunk.subarray(start, nl + 1));
        partialBytes += piece.length;
        if (partialBytes > maxLineBytes) throw bad(`line ${lineNo + 1} is longer than ${maxLineBytes} bytes`);
        partial.push(piece);
        if (nl === -1) break;
        const line = partial.length === 1 ? partial[0]! : Buffer.concat(partial);
        partial = [];
        partialBytes = 0;
        readLine(line);
        start = nl + 1;
      }
    }
  } catch (err) {
    gunzip.destroy();
    if (err instanceof LegacyBadResponseError) throw err;
    throw bad(`the gzip data is cut off or corrupt (${(err as { code?: string }).code ?? (err as Error).message})`, err);
  }
  // A last line without its newline still counts (and its bytes were hashed as they came).
  if (partialBytes > 0) readLine(Buffer.concat(partial));
  if (!header) throw bad('the file is empty: no header line');
  const h = header as z.output<typeof exportHeaderModel>;
  if (records.size !== h.recordCount) throw bad(`the header announces ${h.recordCount} records, the file holds ${records.size}`);
  const digest = hash.digest('hex');
  if (digest !== h.sha256) throw bad(`checksum mismatch: the header says ${h.sha256}, the records hash to ${digest}`);
  return { exportedAt: h.exportedAt, recordCount: h.recordCount, records };
}
