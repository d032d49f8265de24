import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JobStore, type JobRow } from './job-store.js';

const dir = mkdtempSync(join(tmpdir(), 'job-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (index: number): JobRow => ({
  index,
  kind: 'ENTERPRISE',
  input: `code-${index}`,
  uscc: null,
  invalidReason: null,
  invalidMessage: null,
  // Rows of different lengths in bytes and in characters (Chinese is 3 bytes a character in UTF-8).
  registeredName: '宜昌恒远信息技术有限公司'.repeat(1 + (index % 5)),
  registrationStatus: 'OPERATING',
  verdict: 'CLEAR',
  checkId: null,
  checkedAt: null,
  missingSources: [],
  warnings: index % 3 === 0 ? ['注销企业不能作为新申请的当事人'] : [],
  flags: [],
  members: null,
  decidingMembers: null,
  attempts: 1,
  note: null,
});

describe('JobStore', () => {
  it('reads back every row when chunks append at the same time, and after the job is opened again', async () => {
    const store = new JobStore(dir);
    await store.init();
    const total = 120;
    const job = await store.create(
      {
        id: randomUUID(),
        submittedAt: new Date().toISOString(),
        deadlineAt: Date.now() + 60_000,
        caller: { id: 'p', name: 'platform', kind: 'TRADING_PLATFORM' },
        operator: null,
        purpose: 'BIDDER_CHECK',
        tenderReference: null,
        scenario: 'BIDDING',
        asOf: null,
        codes: Array.from({ length: total }, (_, i) => `code-${i}`),
        consortia: [],
      },
      ['COURTS'],
    );
    // Eight chunks of 15 rows, all appended at once (as chunks finishing together do).
    await Promise.all(Array.from({ length: 8 }, (_, c) => job.appendRows(Array.from({ length: 15 }, (_, k) => row(c * 15 + k)))));
    const read = await job.readRows(0, total);
    expect(read.map((r) => r.index)).toEqual([...Array(total).keys()]);
    expect(read.map((r) => r.registeredName)).toEqual([...Array(total).keys()].map((i) => row(i).registeredName));
    await job.close();
    const again = (await store.open(job.submission.id))!;
    expect(again.done).toBe(total);
    expect((await again.readRows(0, total)).map((r) => r.index)).toEqual([...Array(total).keys()]);
    await again.close();
  });
});
