/**
 * `GET /verify/<report number>`: answered from a real audit log through its index, JSON or a page in
 * Chinese, never any credit data, bounded per client address.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditCodeIndex, openAuditLog, type AuditLog } from '../audit/index.js';
import { sampleEntry } from '../audit/fixtures/sample-entry.js';
import { createVerifyHandler } from './verify.js';
import { clientAddress, TrustedProxies } from '../access/client-address.js';

const CODE = '914205030428615383';
const NUMBER = 'XYBG-20261126-7Q4M9K2X3D';
const HASH = 'c0ffee'.padEnd(64, '0');
const LATER = 'XYBG-20261126-ABCDEFGH12';

let dir: string;
let path: string;
let log: AuditLog;
let index: AuditCodeIndex;

/** A server with the verify handler (and nothing else), limited to `perMinute`. */
async function serve(perMinute = 1000, production = false, trustedProxies?: string[]) {
  const proxies = trustedProxies ? new TrustedProxies(trustedProxies) : null;
  const handle = createVerifyHandler({
    index,
    ratePerMinute: perMinute,
    production,
    ...(proxies ? { clientOf: (req: http.IncomingMessage) => clientAddress(req, proxies) } : {}),
  });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    void handle(req, res, url);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let srv: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verify-'));
  path = join(dir, 'audit.log');
  log = await openAuditLog({ path });
  for (let i = 0; i < 20; i++) await log.append(sampleEntry(i));
  await log.append(
    sampleEntry(20, { codes: { list: [CODE], total: 1 }, report: { number: NUMBER, issuedAt: '2026-11-26T07:33:07+08:00', uscc: CODE, hash: HASH } }),
  );
  for (let i = 21; i < 30; i++) await log.append(sampleEntry(i));
  index = new AuditCodeIndex(path);
  srv = await serve();
});
afterAll(async () => {
  await srv?.close();
  await log?.close();
  await rm(dir, { recursive: true, force: true });
});

const getJson = (base: string, p: string, headers: Record<string, string> = {}) =>
  fetch(base + p, { headers: { accept: 'application/json', ...headers } });

describe('GET /verify/<number> (JSON)', () => {
  it('with the right hash: VERIFIED, when (China time) and the masked code — nothing else', async () => {
    const res = await getJson(srv.base, `/verify/${NUMBER}?hash=${HASH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toEqual({
      number: NUMBER,
      result: 'VERIFIED',
      issued: true,
      issuedAt: '2026-11-26T07:33:07+08:00',
      uscc: '9142**********5383',
      hashChecked: true,
    });
  });

  it('with another hash: HASH_MISMATCH', async () => {
    const body = await (await getJson(srv.base, `/verify/${NUMBER}?hash=${'f'.repeat(64)}`)).json();
    expect(body).toMatchObject({ result: 'HASH_MISMATCH', issued: true, hashChecked: true });
  });

  it('accepts the hash as printed (groups of eight, upper case) and the number in lower case', async () => {
    const printed = HASH.toUpperCase().replace(/(.{8})(?=.)/g, '$1 ');
    const body = await (await getJson(srv.base, `/verify/${NUMBER.toLowerCase()}?hash=${encodeURIComponent(printed)}`)).json();
    expect(body).toMatchObject({ number: NUMBER, result: 'VERIFIED' });
  });

  it('without a hash: ISSUED (the content is not checked)', async () => {
    expect(await (await getJson(srv.base, `/verify/${NUMBER}`)).json()).toMatchObject({ result: 'ISSUED', issued: true, hashChecked: false });
  });

  it('a number never issued: 404 NOT_FOUND, with nothing about anyone', async () => {
    const res = await getJson(srv.base, '/verify/XYBG-20261126-0000000000');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ number: 'XYBG-20261126-0000000000', result: 'NOT_FOUND', issued: false, hashChecked: false });
  });

  it.each([
    ['not a report number', '/verify/CHK-20261126-ABC'],
    ['a percent-encoding that does not decode', '/verify/%E0%A4%A'],
    ['a hash that is not 64 hex digits', `/verify/${NUMBER}?hash=xyz`],
  ])('refuses %s with 400 BAD_USER_INPUT', async (_label, p) => {
    const res = await getJson(srv.base, p);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('only GET and HEAD', async () => {
    const res = await fetch(`${srv.base}/verify/${NUMBER}`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${srv.base}/verify/${NUMBER}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('finds a report issued after the index was built (it catches up with what was appended)', async () => {
    expect((await getJson(srv.base, `/verify/${LATER}`)).status).toBe(404);
    await log.append(sampleEntry(40, { report: { number: LATER, issuedAt: '2026-11-26T08:00:00+08:00', uscc: CODE, hash: HASH } }));
    expect(await (await getJson(srv.base, `/verify/${LATER}?hash=${HASH}`)).json()).toMatchObject({
      result: 'VERIFIED',
      issuedAt: '2026-11-26T08:00:00+08:00',
    });
  });
});

describe('the page for people', () => {
  it('says in Chinese that the report is genuine, with the number, time in China and masked code', async () => {
    const res = await fetch(`${srv.base}/verify/${NUMBER}?hash=${HASH}`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('data-result="VERIFIED"');
    expect(html).toContain('核验通过');
    expect(html).toContain(NUMBER);
    expect(html).toContain('2026-11-26 07:33:07（北京时间）');
    expect(html).toContain('9142**********5383');
    expect(html).not.toContain(CODE);
    expect(html).toContain('开发环境 · 样例数据 · 不得作为正式凭证');
    // No inline script or style (the CSP allows neither).
    expect(html).not.toMatch(/<script|style=/);
  });

  it.each([
    [`/verify/${NUMBER}?hash=${'0'.repeat(64)}`, 'HASH_MISMATCH', '摘要值不一致', 200],
    ['/verify/XYBG-20261126-0000000000', 'NOT_FOUND', '未找到该报告', 404],
    ['/verify/nonsense', 'REFUSED', '报告编号格式不正确', 400],
  ])('%s → %s', async (p, result, words, status) => {
    const res = await fetch(srv.base + p, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(status);
    const html = await res.text();
    expect(html).toContain(`data-result="${result}"`);
    expect(html).toContain(words);
  });

  it('carries no development watermark in production', async () => {
    const prod = await serve(1000, true);
    try {
      const html = await (await fetch(`${prod.base}/verify/${NUMBER}`, { headers: { accept: 'text/html' } })).text();
      expect(html).toContain('data-result="ISSUED"');
      expect(html).not.toContain('开发环境');
    } finally {
      await prod.close();
    }
  });
});

describe('bounds', () => {
  it('answers at most the configured number per address per minute, then 429 with Retry-After', async () => {
    const limited = await serve(3);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await getJson(limited.base, `/verify/${NUMBER}`)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const res = await getJson(limited.base, `/verify/${NUMBER}`);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await res.json()).errors[0].extensions.code).toBe('TOO_MANY_REQUESTS');
    } finally {
      await limited.close();
    }
  });

  it('behind a trusted proxy (HAProxy) each reader has a limit of its own; the header of anyone else is not believed', async () => {
    // The test client is on 127.0.0.1: here it plays the proxy.
    const behind = await serve(2, false, ['127.0.0.1']);
    const asProxyFor = (client: string) => getJson(behind.base, `/verify/${NUMBER}`, { 'x-forwarded-for': client });
    try {
      const a = [await asProxyFor('198.51.100.1'), await asProxyFor('198.51.100.1'), await asProxyFor('198.51.100.1')].map((r) => r.status);
      expect(a).toEqual([200, 200, 429]);
      expect((await asProxyFor('198.51.100.2')).status).toBe(200);
    } finally {
      await behind.close();
    }
    const direct = await serve(2);
    try {
      // Not behind a trusted proxy: a forged header buys no fresh limit.
      const statuses = [];
      for (const client of ['198.51.100.1', '198.51.100.2', '198.51.100.3'])
        statuses.push((await getJson(direct.base, `/verify/${NUMBER}`, { 'x-forwarded-for': client })).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await direct.close();
    }
  });

  it('a report record altered in the log is not vouched for (500), never VERIFIED', async () => {
    const d = await mkdtemp(join(tmpdir(), 'verify-damaged-'));
    try {
      const p = join(d, 'audit.log');
      const l = await openAuditLog({ path: p });
      await l.append(sampleEntry(1, { report: { number: NUMBER, issuedAt: '2026-11-26T07:33:07+08:00', uscc: CODE, hash: HASH } }));
      await l.close();
      // Someone puts another hash into the record.
      await writeFile(p, (await readFile(p, 'utf8')).replace(HASH, 'd'.repeat(64)));
      const damaged = createVerifyHandler({ index: new AuditCodeIndex(p), production: false });
      const server = http.createServer((req, res) => void damaged(req, res, new URL(req.url ?? '/', 'http://x')));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      try {
        const res = await getJson(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, `/verify/${NUMBER}?hash=${'d'.repeat(64)}`);
        expect(res.status).toBe(500);
        expect((await res.json()).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    } finally {
      await rm(d, { recursive: true, force: true });
    }
  });
});
