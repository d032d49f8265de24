/** `npm run check-file`: arguments, the file it writes, its exit status — against a fake gateway. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runCheckFile, type CheckFileIo } from './check-file-cli.js';
import { decodeCsvFile, ExcelJS, parseCsv } from './files.js';

/**
 * A stand-in gateway that speaks the bulk job API: `submitBulkCheck` (kept), the job's event stream
 * (`GET /jobs/<id>/events`: progress, then done; or 404 when `events: false`, so the tool polls
 * `bulkCheck`), and the rows page by page.
 */
function harness(options: { status?: number; body?: () => unknown; file?: Uint8Array; isTTY?: boolean; events?: boolean } = {}) {
  const out: (string | Uint8Array)[] = [];
  const err: string[] = [];
  const written = new Map<string, Uint8Array>();
  const requests: {
    url: string;
    method: string;
    headers: Record<string, string>;
    body: { query: string; variables: { input: { codes: string[]; scenario: string; asOf: string | null; tenderReference: string | null } } } | null;
  }[] = [];
  let codes: string[] = [];
  let polls = 0;
  const progress = (done: number) => ({
    id: 'job-1',
    status: done === codes.length ? 'DONE' : 'RUNNING',
    total: codes.length,
    done,
    incomplete: 0,
    retrying: 0,
    departments: [],
  });
  const row = (c: string, index: number) =>
    c === ''
      ? {
          index,
          kind: 'ENTERPRISE',
          input: c,
          uscc: null,
          invalidReason: 'EMPTY',
          invalidMessage: 'empty',
          verdict: null,
          missingSources: [],
          warnings: [],
          flags: [],
        }
      : {
          index,
          kind: 'ENTERPRISE',
          input: c,
          uscc: c,
          invalidReason: null,
          registeredName: '宜昌华盛建筑工程有限公司',
          verdict: 'RESTRICTED',
          checkId: 'CHK-1',
          checkedAt: '2026-11-26T01:02:03.000Z',
          missingSources: [],
          warnings: [],
          flags: [{ measureCode: 'RESTRICT-BID-TAX-DISHONEST', measureName: '', measureNameZh: '', underObjection: false }],
          members: null,
          decidingMembers: null,
          note: null,
        };
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
    fetch: (async (url: string, init: RequestInit) => {
      const method = init.method ?? 'GET';
      const body = method === 'POST' ? JSON.parse(String(init.body)) : null;
      requests.push({ url, method, headers: init.headers as Record<string, string>, body });
      if (options.body) return new Response(JSON.stringify(options.body()), { status: options.status ?? 200 });
      if (method === 'GET') {
        if (options.events === false) return new Response('{}', { status: 404 });
        const sse = [progress(0), progress(1), progress(codes.length)]
          .map((p, i, all) => `event: ${i === all.length - 1 ? 'done' : 'progress'}\ndata: ${JSON.stringify(p)}\n\n`)
          .join(': heartbeat\n\n');
        return new Response(sse, { headers: { 'content-type': 'text/event-stream' } });
      }
      let answer: unknown;
      if (body.query.includes('submitBulkCheck')) {
        codes = body.variables.input.codes;
        answer = { data: { submitBulkCheck: progress(0) } };
      } else if (body.query.includes('BidderJobProgress')) {
        answer = { data: { bulkCheck: progress(Math.min(codes.length, polls++)) } };
      } else {
        const { offset, limit } = body.variables as unknown as { offset: number; limit: number };
        answer = {
          data: {
            bulkCheck: {
              id: 'job-1',
              status: 'DONE',
              total: codes.length,
              rows: { total: codes.length, items: codes.map(row).slice(offset, offset + limit) },
            },
          },
        };
      }
      return new Response(JSON.stringify(answer), { status: 200 });
    }) as unknown as typeof fetch,
  };
  return { io, out, err, written, requests };
}

describe('check-file', () => {
  it('writes one row per bidder, UTF-8 with BOM, sending key, purpose and tender', async () => {
    const h = harness();
    const status = await runCheckFile(
      ['bidders.csv', '--tender', 'T-2026-001', '--key', 'dev-trading-platform', '--as-of', '2026-12-01', '--out', 'results.csv'],
      h.io,
    );
    expect(status).toBe(0);
    // Submit, follow the live stream, read the rows: each with key, purpose and tender.
    expect(h.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
    expect(h.requests[1]!.url).toBe('http://127.0.0.1:4000/jobs/job-1/events');
    for (const r of h.requests)
      expect(r.headers).toMatchObject({
        Authorization: 'Bearer dev-trading-platform',
        'X-Query-Purpose': 'BIDDER_CHECK',
        'X-Query-Reference': 'T-2026-001',
      });
    expect(h.requests[0]!.body!.variables.input).toEqual({
      codes: ['914205020361824755', ''],
      scenario: 'BIDDING',
      asOf: '2026-12-01',
      tenderReference: 'T-2026-001',
      consortia: [],
    });
    expect(h.err.join('')).toContain('Job job-1 submitted');
    const bytes = h.written.get('results.csv')!;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(decodeCsvFile(bytes).text);
    expect(rows.slice(0, 4)).toEqual([
      ['投标人信用核查结果'],
      ['招标项目编号', 'T-2026-001'],
      ['办理场景', '招标投标'],
      ['核查基准日', '="2026-12-01"'],
    ]);
    expect(rows.find((r) => r[0] === '投标人名单文件')).toEqual(['投标人名单文件', 'bidders.csv']);
    const header = rows.findIndex((r) => r[0] === '行号');
    expect(rows.slice(header).map((r) => [...r.slice(0, 6), r[9]])).toEqual([
      ['行号', '统一社会信用代码', '填报名称', '登记名称', '核查结论', '适用的惩戒措施（名单；案号或文号；认定机关）', '结论编码'],
      ['2', '="914205020361824755"', '宜昌华盛, 建筑', '宜昌华盛建筑工程有限公司', '限制', 'RESTRICT-BID-TAX-DISHONEST', 'RESTRICTED'],
      ['3', '="123"', '坏代码', '', '代码无效', '', 'INVALID_CODE'],
    ]);
    expect(h.err.join('')).toContain('2 bidders (GBK, with header), 1 invalid codes');
    expect(h.err.join('')).toContain('RESTRICTED 1, INVALID_CODE 1; written to results.csv');
  });

  it('writes to standard output without --out, and takes the key from CREDIT_API_KEY', async () => {
    const h = harness();
    h.io.env['CREDIT_API_KEY'] = 'from-env';
    expect(await runCheckFile(['bidders.csv', '--scenario', 'government_procurement', '--lang', 'en'], h.io)).toBe(0);
    expect(h.requests[0]!.headers['Authorization']).toBe('Bearer from-env');
    expect(h.requests[0]!.body!.variables.input.scenario).toBe('GOVERNMENT_PROCUREMENT');
    expect(Buffer.from(h.out[0] as Uint8Array).toString('utf8')).toContain('A unified social credit code has 18 characters');
  });

  it("uses npm start's development key and URL when none is given, and says so", async () => {
    const h = harness();
    let url = '';
    const fetch = h.io.fetch!;
    h.io.fetch = ((u: string, init: RequestInit) => {
      url = u;
      return fetch(u, init);
    }) as typeof globalThis.fetch;
    expect(await runCheckFile(['bidders.csv', '--out', 'results.csv'], h.io)).toBe(0);
    expect(url).toBe('http://127.0.0.1:4000/graphql');
    expect(h.requests[0]!.headers['Authorization']).toBe('Bearer dev-trading-platform');
    expect(h.err.join('')).toContain('using the development key dev-trading-platform');
  });

  it('says how to pass a key when the development key is refused', async () => {
    const h = harness({ status: 401, body: () => ({ errors: [{ message: 'unknown key', extensions: { code: 'UNAUTHENTICATED' } }] }) });
    expect(await runCheckFile(['bidders.csv'], h.io)).toBe(1);
    expect(h.err.join('')).toContain('pass --key (or set CREDIT_API_KEY) and --url');
  });

  it('fails with status 1 when the gateway cannot be reached, naming it', async () => {
    const h = harness();
    h.io.fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    expect(await runCheckFile(['bidders.csv', '--url', 'http://127.0.0.1:9/graphql', '--out', 'results.csv'], h.io)).toBe(1);
    expect(h.err.join('')).toContain(
      'the gateway at http://127.0.0.1:9/graphql could not be reached (1 bidders not checked). Is it running (npm start)?',
    );
    expect(h.written.size).toBe(0);
  });

  it('writes an .xlsx workbook when --out ends in .xlsx, codes as text cells', async () => {
    const h = harness();
    expect(await runCheckFile(['bidders.csv', '--tender', '20260815000123', '--out', 'results.xlsx'], h.io)).toBe(0);
    const bytes = h.written.get('results.xlsx')!;
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]); // a ZIP package
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A2').value).toBe('招标项目编号');
    expect(ws.getCell('C2').value).toBe('20260815000123'); // text, not a number
    const header = ws.getColumn(1).values.indexOf('行号');
    expect(ws.getRow(header).getCell(2).value).toBe('统一社会信用代码');
    const code = ws.getRow(header + 1).getCell(2);
    expect(code.value).toBe('914205020361824755');
    expect(code.type).toBe(ExcelJS.ValueType.String);
    expect(code.numFmt).toBe('@');
  });

  // Reading .xlsx bidder files is tested with workbooks LibreOffice writes (test/check-file.test.ts,
  // test/spreadsheets.test.ts), not with ones the library under test makes.
  it('refuses an old .xls workbook with what to do', async () => {
    const xls = harness({ file: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]) });
    expect(await runCheckFile(['bidders.csv'], xls.io)).toBe(1);
    expect(xls.err.join('')).toContain('an old Excel 97-2003 workbook (.xls)');
    expect(xls.err.join('')).toContain('另存为 Excel 工作簿（.xlsx');
    expect(xls.requests).toHaveLength(0);
  });

  it('draws a progress bar on a terminal from the live stream', async () => {
    const h = harness({ isTTY: true });
    expect(await runCheckFile(['bidders.csv', '--key', 'k'], h.io)).toBe(0);
    const text = h.err.join('');
    expect(text).toMatch(/\r\[\.+\] 0\/2 {3}0%/);
    expect(text).toMatch(/\r\[#+\.+\] 1\/2 {2}50%/);
    expect(text).toMatch(/\r\[#+\] 2\/2 100%/);
  });

  it('writes plain progress lines when not on a terminal, polling bulkCheck when the stream cannot be opened', async () => {
    const h = harness({ events: false });
    expect(await runCheckFile(['bidders.csv', '--key', 'k', '--poll', '1', '--out', 'results.csv'], h.io)).toBe(0);
    const lines = h.err.join('').split('\n');
    expect(lines.filter((l) => l.startsWith('checked '))).toEqual(['checked 0/2 (0%)', 'checked 1/2 (50%)', 'checked 2/2 (100%)']);
    expect(h.requests.filter((r) => r.body?.query.includes('BidderJobProgress')).length).toBeGreaterThanOrEqual(2);
    expect(h.written.has('results.csv')).toBe(true);
  });

  it('fails with status 1 when the gateway refuses', async () => {
    const h = harness({ status: 403, body: () => ({ errors: [{ message: 'not allowed', extensions: { code: 'PURPOSE_NOT_ALLOWED' } }] }) });
    expect(await runCheckFile(['bidders.csv', '--key', 'dev-service-hall'], h.io)).toBe(1);
    expect(h.err.join('')).toContain('The check failed (PURPOSE_NOT_ALLOWED): not allowed');
    expect(h.written.size).toBe(0);
  });

  it('fails with status 1 for a missing file, 2 for bad arguments, 0 for --help', async () => {
    expect(await runCheckFile(['nope.csv', '--key', 'k'], harness().io)).toBe(1);
    for (const args of [
      [],
      ['a.csv', 'b.csv', '--key', 'k'],
      ['bidders.csv', '--key', ''],
      ['bidders.csv', '--key', 'k', '--scenario', 'PARTY'],
      ['bidders.csv', '--key', 'k', '--as-of', '1/12/2026'],
      ['bidders.csv', '--key', 'k', '--chunk-size', '0'],
      ['bidders.csv', '--bogus'],
    ]) {
      const h = harness();
      expect(await runCheckFile(args, h.io), args.join(' ')).toBe(2);
      expect(h.err.join('')).toContain('Usage: npm run check-file');
    }
    const help = harness();
    expect(await runCheckFile(['--help'], help.io)).toBe(0);
    expect(String(help.out[0])).toContain('--tender');
  });
});
