/** `npm run check-file`: arguments, the file it writes, its exit status — against a fake gateway. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runCheckFile, type CheckFileIo } from './check-file-cli.js';
import { decodeCsvFile, parseCsv } from './files.js';

function harness(options: { status?: number; body?: (usccs: string[]) => unknown; file?: Uint8Array; isTTY?: boolean } = {}) {
  const out: (string | Uint8Array)[] = [];
  const err: string[] = [];
  const written = new Map<string, Uint8Array>();
  const requests: { headers: Record<string, string>; body: { variables: { usccs: string[]; scenario: string; asOf: string | null } } }[] = [];
  const io: CheckFileIo = {
    stdout: { write: (c) => out.push(c) },
    stderr: { write: (c) => err.push(c), isTTY: options.isTTY ?? false, columns: 80 },
    env: {},
    readFile: async (p) => {
      if (p !== 'bidders.csv') throw new Error('ENOENT: no such file');
      return options.file ?? iconv.encode('统一社会信用代码,投标人名称\r\n914205020361824755,"宜昌华盛, 建筑"\r\n123,坏代码\r\n', 'gbk');
    },
    writeFile: async (p, d) => {
      written.set(p, d);
    },
    fetch: (async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body));
      requests.push({ headers: init.headers as Record<string, string>, body });
      const usccs: string[] = body.variables.usccs;
      const answer = options.body?.(usccs) ?? {
        data: {
          enterprises: usccs.map((u) => ({
            __typename: 'Enterprise',
            uscc: u,
            marketRegulation: { registration: { name: '宜昌华盛建筑工程有限公司', status: 'OPERATING' } },
            creditCheck: { checkId: 'CHK-1', verdict: 'RESTRICTED', missingSources: [], warnings: [], flags: [{ measure: { code: 'RESTRICT-BID-TAX-DISHONEST' } }] },
          })),
        },
      };
      return new Response(JSON.stringify(answer), { status: options.status ?? 200 });
    }) as unknown as typeof fetch,
  };
  return { io, out, err, written, requests };
}

describe('check-file', () => {
  it('writes one row per bidder, UTF-8 with BOM, sending key, purpose and tender', async () => {
    const h = harness();
    const status = await runCheckFile(['bidders.csv', '--tender', 'T-2026-001', '--key', 'dev-trading-platform', '--as-of', '2026-12-01', '--out', 'results.csv'], h.io);
    expect(status).toBe(0);
    expect(h.requests).toHaveLength(1);
    expect(h.requests[0]!.headers).toMatchObject({ Authorization: 'Bearer dev-trading-platform', 'X-Query-Purpose': 'BIDDER_CHECK', 'X-Query-Reference': 'T-2026-001' });
    expect(h.requests[0]!.body.variables).toEqual({ usccs: ['914205020361824755'], scenario: 'BIDDING', asOf: '2026-12-01' });
    const bytes = h.written.get('results.csv')!;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(decodeCsvFile(bytes).text);
    expect(rows.map((r) => r.slice(0, 7))).toEqual([
      ['row', 'code', 'name_registered', 'name_given', 'verdict', 'verdict_zh', 'flags'],
      ['2', '914205020361824755', '宜昌华盛建筑工程有限公司', '宜昌华盛, 建筑', 'RESTRICTED', '限制', 'RESTRICT-BID-TAX-DISHONEST'],
      ['3', '123', '', '坏代码', 'INVALID_CODE', '代码无效', ''],
    ]);
    expect(h.err.join('')).toContain('2 bidders (GBK, with header), 1 invalid codes');
    expect(h.err.join('')).toContain('RESTRICTED 1, INVALID_CODE 1; written to results.csv');
  });

  it('writes to standard output without --out, and takes the key from CREDIT_API_KEY', async () => {
    const h = harness();
    h.io.env['CREDIT_API_KEY'] = 'from-env';
    expect(await runCheckFile(['bidders.csv', '--scenario', 'government_procurement', '--lang', 'en'], h.io)).toBe(0);
    expect(h.requests[0]!.headers['Authorization']).toBe('Bearer from-env');
    expect(h.requests[0]!.body.variables.scenario).toBe('GOVERNMENT_PROCUREMENT');
    expect(Buffer.from(h.out[0] as Uint8Array).toString('utf8')).toContain('A unified social credit code has 18 characters');
  });

  it('draws a progress bar on a terminal', async () => {
    const h = harness({ isTTY: true });
    expect(await runCheckFile(['bidders.csv', '--key', 'k'], h.io)).toBe(0);
    expect(h.err.join('')).toMatch(/\r\[#+\] 2\/2 100%/);
  });

  it('fails with status 1 when the gateway refuses', async () => {
    const h = harness({ status: 403, body: () => ({ errors: [{ message: 'not allowed', extensions: { code: 'PURPOSE_NOT_ALLOWED' } }] }) });
    expect(await runCheckFile(['bidders.csv', '--key', 'dev-service-hall'], h.io)).toBe(1);
    expect(h.err.join('')).toContain('The check failed (PURPOSE_NOT_ALLOWED): not allowed');
    expect(h.written.size).toBe(0);
  });

  it('fails with status 1 for a missing file, 2 for bad arguments, 0 for --help', async () => {
    expect(await runCheckFile(['nope.csv', '--key', 'k'], harness().io)).toBe(1);
    for (const args of [[], ['a.csv', 'b.csv', '--key', 'k'], ['bidders.csv'], ['bidders.csv', '--key', 'k', '--scenario', 'PARTY'], ['bidders.csv', '--key', 'k', '--as-of', '1/12/2026'], ['bidders.csv', '--key', 'k', '--chunk-size', '0'], ['bidders.csv', '--bogus']]) {
      const h = harness();
      expect(await runCheckFile(args, h.io), args.join(' ')).toBe(2);
      expect(h.err.join('')).toContain('Usage: npm run check-file');
    }
    const help = harness();
    expect(await runCheckFile(['--help'], help.io)).toBe(0);
    expect(String(help.out[0])).toContain('--tender');
  });
});
