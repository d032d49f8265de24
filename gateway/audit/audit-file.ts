import { mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The few file operations the audit log needs; replaceable to inject faults in tests. */
export interface AuditFile {
  /** Current size in bytes. */
  size(): Promise<number>;
  /** Read up to `length` bytes at `position` into `buffer`; resolves with the count read. */
  read(buffer: Buffer, length: number, position: number): Promise<number>;
  /** Append (one write call); resolves with the count written, which may be short. */
  write(buffer: Buffer): Promise<number>;
  /** fsync. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface AuditIo {
  /** Open `path` for appending (creating it, and making its directory entry durable). */
  open(path: string): Promise<AuditFile>;
  /**
   * Replace a small file atomically and durably (the anchor `<log>.head`).
   * Default: temp file, fsync, rename, fsync of the directory (`replaceFileDurably`).
   */
  replaceFile?(path: string, data: Buffer): Promise<void>;
}

/**
 * `node:fs` implementation. The file is opened with `a+` (O_APPEND|O_RDWR|O_CREAT): every write
 * goes to the end whatever the offset, and the same descriptor can read the tail back after a
 * failure, so reader and writer can never be looking at two different files.
 */
export const nodeAuditIo: AuditIo = {
  async open(path) {
    const existed = await stat(path).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return false;
        throw err;
      },
    );
    if (!existed) await mkdir(dirname(path), { recursive: true });
    const fh = await open(path, 'a+', 0o600);
    if (!existed) {
      // A new file's name is durable only once its directory is fsync'd.
      const dir = await open(dirname(path), 'r');
      try {
        await dir.sync().catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EINVAL' && err.code !== 'ENOTSUP') throw err;
        });
      } finally {
        await dir.close();
      }
    }
    return {
      size: async () => (await fh.stat()).size,
      read: async (buffer, length, position) => (await fh.read(buffer, 0, length, position)).bytesRead,
      write: async (buffer) => (await fh.write(buffer, 0, buffer.length)).bytesWritten,
      sync: () => fh.sync(),
      close: () => fh.close(),
    };
  },
};
