import { createReadStream } from 'node:fs';

export interface RawLine {
  /** The line's bytes without the terminating `\n`. */
  bytes: Buffer;
  /** False only for a last line with no `\n` (a torn tail). */
  terminated: boolean;
  /** 1-based line number. */
  number: number;
}

/**
 * Stream a file as byte lines (split on 0x0A only), keeping exact byte lengths so that skipped
 * bytes can be counted and hashed. Memory is bounded by the longest line.
 */
export async function* readLines(path: string): AsyncGenerator<RawLine> {
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  let pending: Buffer[] = [];
  let number = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, start);
        if (nl === -1) break;
        const piece = chunk.subarray(start, nl);
        const bytes = pending.length ? Buffer.concat([...pending, piece]) : piece;
        pending = [];
        number += 1;
        yield { bytes, terminated: true, number };
        start = nl + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    }
    if (pending.length) {
      number += 1;
      yield { bytes: Buffer.concat(pending), terminated: false, number };
    }
  } finally {
    stream.destroy();
  }
}
