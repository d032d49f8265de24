/**
 * A strict RFC 4180 reader: fields separated by commas, records by CRLF (a bare LF is accepted
 * too, old exports mix them), fields holding commas, quotes or line breaks wrapped in double
 * quotes with inner quotes doubled. A final line end does not start an empty record.
 *
 * Strict on purpose: a quote inside an unquoted field, text after a closing quote, or a quoted
 * field that never closes (a cut-off transfer) is an error, never a best guess.
 */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'CsvSyntaxError';
  }
}

export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  /** Whether anything (even an empty field followed by a comma) has been read on this record. */
  let inRecord = false;
  let line = 1;
  let i = 0;
  const n = text.length;

  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = '';
    inRecord = false;
  };

  while (i < n) {
    const ch = text[i]!;
    if (ch === '"') {
      if (field.length > 0) throw new CsvSyntaxError('quote inside an unquoted field', line);
      inRecord = true;
      const startLine = line;
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      if (!closed) throw new CsvSyntaxError('quoted field is not closed', startLine);
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        throw new CsvSyntaxError('text after a closing quote', line);
      }
      continue;
    }
    if (ch === ',') {
      record.push(field);
      field = '';
      inRecord = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      if (ch === '\r') {
        if (text[i + 1] !== '\n') throw new CsvSyntaxError('carriage return without line feed', line);
        i++;
      }
      i++;
      endRecord();
      line++;
      continue;
    }
    field += ch;
    inRecord = true;
    i++;
  }
  if (inRecord || field.length > 0) endRecord();
  return records;
}
