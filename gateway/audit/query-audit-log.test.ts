import { mkdtemp, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog, queryAuditLog } from './index.js';
import { sampleEntry } from './fixtures/sample-entry.js';

let dir: string;
let path: string;
const HALL = { id: 'hall', name: '市民之家', kind: 'SERVICE_HALL' };
const PLATFORM = { id: 'platform', name: '公共资源交易平台', kind: 'TRADING_PLATFORM' };
const A = '91420100MA4K2X7Y3L';
const OPERATOR_ASSERTED = { id: 'HB0451', name: '张三', how: 'asserted' as const };
const OPERATOR_VERIFIED = { id: 'HB0452', name: '李四', how: 'verified' as const };
const B = '91110000100000000X';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-query-'));
  path = join(dir, 'audit.log');
  let minute = 0;
  const clock = () => new Date(Date.UTC(2024, 0, 1, 0, minute++));
  const log = await openAuditLog({ path, clock });
  // 30 records, one a minute from 2024-01-01T00:00Z: even → hall asks A, odd → platform asks A and B.
  // Operators: every third record HB0451 (asserted), every fifth otherwise HB0452 (verified), the rest
  // none — as written before operators were kept (no field) for the first ten, null after.
  for (let i = 0; i < 30; i++) {
    const even = i % 2 === 0;
    const operator = i % 3 === 0 ? OPERATOR_ASSERTED : i % 5 === 0 ? OPERATOR_VERIFIED : i < 10 ? undefined : null;
    const entry = sampleEntry(i, { caller: even ? HALL : PLATFORM, codes: even ? { list: [A], total: 1 } : { list: [A, B], total: 2 } });
    await log.append(operator === undefined ? entry : { ...entry, operator });
  }
  await log.close();
  await appendFile(path, '{"seq":31,"torn'); // a torn tail is skipped, not an error
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const seqs = (r: { records: { seq: number }[] }) => r.records.map((x) => x.seq);

describe('queryAuditLog', () => {
  const cases: Array<[string, Parameters<typeof queryAuditLog>[1], number[], number | null]> = [
    ['limit', { limit: 3 }, [1, 2, 3], 3],
    ['everything', { limit: 1000 }, Array.from({ length: 30 }, (_, i) => i + 1), null],
    ['callerId', { callerId: 'platform', limit: 4 }, [2, 4, 6, 8], 8],
    ['uscc, normalised', { uscc: ` ${B.toLowerCase()} `, limit: 100 }, Array.from({ length: 15 }, (_, i) => 2 * i + 2), null],
    ['from inclusive, to exclusive', { from: '2024-01-01T00:05:00Z', to: new Date('2024-01-01T00:08:00Z'), limit: 100 }, [6, 7, 8], null],
    ['from with an offset', { from: '2024-01-01T08:28:00+08:00', limit: 100 }, [29, 30], null],
    ['afterSeq pages on', { afterSeq: 8, callerId: 'platform', limit: 2 }, [10, 12], 12],
    ['nothing matches', { callerId: 'nobody', limit: 10 }, [], null],
    // i = seq - 1: i % 3 === 0 → seq 1, 4, 7, …; i % 5 === 0 and not % 3 → seq 6, 11, 21, 26.
    ['operator (asserted)', { operator: 'HB0451', limit: 100 }, [1, 4, 7, 10, 13, 16, 19, 22, 25, 28], null],
    ['operator (verified), trimmed', { operator: ' HB0452 ', limit: 100 }, [6, 11, 21, 26], null],
    ['operator and caller', { operator: 'HB0451', callerId: 'platform', limit: 100 }, [4, 10, 16, 22, 28], null],
    ['operator is exact', { operator: 'hb0451', limit: 100 }, [], null],
  ];
  it.each(cases)('%s', async (_name, filter, expected, next) => {
    const r = await queryAuditLog(path, filter);
    expect(seqs(r)).toEqual(expected);
    expect(r.nextAfterSeq).toBe(next);
  });

  it('returns the operator with each record, and how it is known', async () => {
    const r = await queryAuditLog(path, { operator: 'HB0452', limit: 1 });
    expect(r.records[0]).toMatchObject({ seq: 6, operator: OPERATOR_VERIFIED });
    expect((await queryAuditLog(path, { limit: 1, afterSeq: 1 })).records[0]).not.toHaveProperty('operator');
  });

  it('returns whole records', async () => {
    const r = await queryAuditLog(path, { limit: 1, afterSeq: 1 });
    expect(r.records[0]).toMatchObject({ seq: 2, caller: PLATFORM, codes: { list: [A, B], total: 2 }, at: '2024-01-01T00:01:00.000Z' });
  });

  it.each([
    [{ limit: 0 }],
    [{ limit: 1001 }],
    [{ limit: 10, from: 'yesterday' }],
    [{ limit: 10, extra: 1 } as never],
    [{ limit: 10, operator: '  ' }],
    [{ limit: 10, operator: 'x'.repeat(129) }],
  ])('rejects a bad filter %j', async (filter) => {
    await expect(queryAuditLog(path, filter)).rejects.toThrow();
  });
});
