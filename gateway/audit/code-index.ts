import { recordCodes } from './record-columns.js';
import { open, stat } from 'node:fs/promises';
import { normalizeUscc } from '../../common/uscc/index.js';
import { parseRecordLine, type ChainFields } from './chain.js';

/** Where one record's line sits in the file. */
interface LineRef {
  offset: number;
  length: number;
}

/**
 * The audit log's code index (查询留痕 by enterprise): every USCC of every record → where its lines
 * are, kept in memory; and every issued report's number (`report.number`) → its record's line, for
 * `GET /verify/<number>`. The log is append-only, so the index catches up by reading only the bytes
 * written since it last looked; it is built from the whole file on first use (at start) and
 * rebuilt if the file ever became shorter. A line without its newline (a write in progress or a
 * torn tail) is left for the next look.
 *
 * Until the audit trail moves to a database, this is what lets `/audit?uscc=` answer by index
 * rather than by scanning every record.
 */
export class AuditCodeIndex {
  private readonly byCode = new Map<string, LineRef[]>();
  private readonly byReport = new Map<string, LineRef>();
  private indexedBytes = 0;
  private catchingUp: Promise<void> | null = null;

  constructor(private readonly path: string) {}

  /** The lines (in file order) of records that list `uscc`, normalised as the gateway records codes. */
  async linesFor(uscc: string): Promise<LineRef[]> {
    await this.catchUp();
    return this.byCode.get(normalizeUscc(uscc)) ?? [];
  }

  /** The line of the record that issued report `number`, or null when no record did. */
  async reportLine(number: string): Promise<LineRef | null> {
    await this.catchUp();
    return this.byReport.get(number) ?? null;
  }

  /**
   * The record that issued report `number` (`AuditReportLookup`), or null when no record did.
   * Throws when the line the index points at is no longer a record (the file was altered).
   */
  async findReport(number: string): Promise<ChainFields | null> {
    const ref = await this.reportLine(number);
    if (!ref) return null;
    let line: Buffer | undefined;
    for await (const l of this.read([ref])) line = l;
    const record = line ? parseRecordLine(line) : null;
    if (!record) throw new Error(`the audit record of report ${number} is not a record any more`);
    return record;
  }

  /** Read the lines the index points at, through one open file. */
  async *read(refs: readonly LineRef[]): AsyncGenerator<Buffer> {
    if (refs.length === 0) return;
    const fh = await open(this.path, 'r');
    try {
      for (const ref of refs) {
        const buf = Buffer.alloc(ref.length);
        await fh.read(buf, 0, ref.length, ref.offset);
        yield buf;
      }
    } finally {
      await fh.close();
    }
  }

  private catchUp(): Promise<void> {
    // One catch-up at a time; concurrent lookups share it.
    this.catchingUp ??= this.readNew().finally(() => {
      this.catchingUp = null;
    });
    return this.catchingUp;
  }

  private async readNew(): Promise<void> {
    let size: number;
    try {
      size = (await stat(this.path)).size;
    } catch {
      return;
    }
    if (size < this.indexedBytes) {
      this.byCode.clear();
      this.byReport.clear();
      this.indexedBytes = 0;
    }
    if (size === this.indexedBytes) return;
    const fh = await open(this.path, 'r');
    try {
      const chunkSize = 1024 * 1024;
      let carry = Buffer.alloc(0);
      let position = this.indexedBytes;
      let lineStart = this.indexedBytes;
      while (position < size) {
        const buf = Buffer.alloc(Math.min(chunkSize, size - position));
        const { bytesRead } = await fh.read(buf, 0, buf.length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        let data = carry.length ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
        let start = 0;
        for (;;) {
          const nl = data.indexOf(0x0a, start);
          if (nl === -1) break;
          this.add(data.subarray(start, nl), lineStart);
          lineStart += nl - start + 1;
          start = nl + 1;
        }
        carry = Buffer.from(data.subarray(start));
        data = Buffer.alloc(0);
      }
      // Only complete lines are indexed; a partial last line is read again next time.
      this.indexedBytes = lineStart;
    } finally {
      await fh.close();
    }
  }

  private add(line: Buffer, offset: number): void {
    const r = parseRecordLine(line);
    if (!r) return;
    const report = (r as { report?: { number?: unknown } }).report;
    // Numbers are random and unique; should one ever repeat, the first report issued keeps it.
    if (typeof report?.number === 'string' && !this.byReport.has(report.number)) this.byReport.set(report.number, { offset, length: line.length });
    for (const code of recordCodes(r)) {
      let refs = this.byCode.get(code);
      if (!refs) this.byCode.set(code, (refs = []));
      refs.push({ offset, length: line.length });
    }
  }
}
