/** The console's request handler: routes, content types, caching, CSP, and nothing outside its list. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONSOLE_CSP,
  consoleConfigFor,
  createConsoleHandler,
  DEVELOPMENT_CONSOLE_CONFIG,
  DEVELOPMENT_EXAMPLES,
  VENDOR_FILES,
  type ConsoleConfig,
} from './index.js';
import { parseUscc } from '../../common/uscc/index.js';

/** A server that serves the console and answers anything it declines with 418, so "false" is visible. */
async function serve(config: ConsoleConfig) {
  const handler = createConsoleHandler({ config });
  const declined: string[] = [];
  const server = http.createServer((req, res) => {
    if (handler(req, res)) return;
    declined.push(req.url ?? '');
    if (res.headersSent) throw new Error('handler wrote to a request it declined');
    res.writeHead(418);
    res.end('fell through');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** A raw GET (no URL normalisation by the client), for traversal attempts. */
  const raw = (path: string, method = 'GET', headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const req = http.request(`${base}/`, { method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  return { base, raw, declined, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let dev: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  dev = await serve(DEVELOPMENT_CONSOLE_CONFIG);
});
afterAll(async () => {
  await dev.close();
});

describe('routes', () => {
  it.each([
    ['/', 'text/html; charset=utf-8', 'data-testid="uscc-input"'],
    ['/index.html', 'text/html; charset=utf-8', 'data-testid="check-submit"'],
    ['/?uscc=914205020361824755&scenario=BIDDING', 'text/html; charset=utf-8', 'data-testid="scenario-select"'],
    ['/bidders.html', 'text/html; charset=utf-8', 'data-testid="bidders-file"'],
    ['/report.html', 'text/html; charset=utf-8', 'data-testid="report-submit"'],
    ['/catalogue.html', 'text/html; charset=utf-8', 'data-testid="catalogue-date"'],
    ['/explorer.html', 'text/html; charset=utf-8', 'data-testid="graphiql"'],
    ['/assets/console.css', 'text/css; charset=utf-8', '.verdict-box'],
    ['/assets/report.css', 'text/css; charset=utf-8', '@media print'],
    ['/assets/favicon.svg', 'image/svg+xml', '<svg'],
    ['/assets/lib/uscc.js', 'text/javascript; charset=utf-8', 'export function parseUscc'],
    ['/assets/app/console-page.js', 'text/javascript; charset=utf-8', "boot('check'"],
  ])('GET %s', async (path, type, contains) => {
    const res = await fetch(dev.base + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('cache-control')).toBe(path === '/explorer.html' ? 'no-store' : 'no-cache');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain(contains);
  });

  it('serves the same page at / and /index.html', async () => {
    expect(await (await fetch(`${dev.base}/`)).text()).toBe(await (await fetch(`${dev.base}/index.html`)).text());
  });

  it.each(Object.entries(VENDOR_FILES))('serves the explorer file /vendor/%s from node_modules', async (name) => {
    const res = await fetch(`${dev.base}/vendor/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    const body = await res.text();
    expect(body.length).toBeGreaterThan(1000);
    expect(body).not.toMatch(/https?:\/\/(?:unpkg|cdn|cdnjs|jsdelivr|fonts\.googleapis)/);
  });

  it('GraphiQL is the UMD build that expects React and ReactDOM as globals', async () => {
    const js = await (await fetch(`${dev.base}/vendor/graphiql.min.js`)).text();
    expect(js.slice(0, 400)).toContain('GraphiQL=');
    expect(js.slice(0, 400)).toContain('e.React,e.ReactDOM');
  });
});

describe('console-config.json', () => {
  it('is the development configuration, never cached', async () => {
    const res = await fetch(`${dev.base}/console-config.json`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as ConsoleConfig;
    expect(body.development).toBe(true);
    expect(body.purposes.map((p) => p.code)).toEqual(
      expect.arrayContaining(['ADMINISTRATIVE_LICENSING', 'BIDDER_CHECK', 'GOVERNMENT_PROCUREMENT', 'CREDIT_REPORT', 'AUDIT']),
    );
    expect(body.purposes.every((p) => p.code && p.name && p.nameZh)).toBe(true);
    expect(body.callerHints.map((h) => h.key).sort()).toEqual(['dev-auditor', 'dev-report-developer', 'dev-service-hall', 'dev-trading-platform']);
    expect(body.examples!.length).toBeGreaterThan(10);
  });

  it('gives no keys or examples outside development', async () => {
    const prod = await serve({ ...DEVELOPMENT_CONSOLE_CONFIG, development: false });
    try {
      const body = (await (await fetch(`${prod.base}/console-config.json`)).json()) as ConsoleConfig;
      expect(body).toEqual({
        development: false,
        production: false,
        verifyBaseUrl: null,
        purposes: DEVELOPMENT_CONSOLE_CONFIG.purposes,
        callerHints: [],
        examples: [],
      });
    } finally {
      await prod.close();
    }
  });

  it('tells the pages whether the gateway runs in production (no watermark) and where reports are verified', async () => {
    expect(((await (await fetch(`${dev.base}/console-config.json`)).json()) as ConsoleConfig).production).toBe(false);
    const prod = await serve({ ...DEVELOPMENT_CONSOLE_CONFIG, development: false, production: true, verifyBaseUrl: 'https://credit.example.gov.cn' });
    try {
      const body = (await (await fetch(`${prod.base}/console-config.json`)).json()) as ConsoleConfig;
      expect(body.production).toBe(true);
      expect(body.verifyBaseUrl).toBe('https://credit.example.gov.cn');
    } finally {
      await prod.close();
    }
  });

  it("can be made from the gateway's callers configuration", () => {
    const purposes = [{ code: 'AUDIT', nameZh: '查询留痕审计', nameEn: 'Audit of the query log', referenceRequired: false }];
    expect(consoleConfigFor({ development: false, purposes })).toEqual({
      development: false,
      purposes: [{ code: 'AUDIT', name: 'Audit of the query log', nameZh: '查询留痕审计' }],
      callerHints: [],
      examples: [],
    });
    const dev = consoleConfigFor({ development: true, purposes });
    expect(dev.callerHints).toEqual(DEVELOPMENT_CONSOLE_CONFIG.callerHints);
    expect(dev.examples).toEqual(DEVELOPMENT_EXAMPLES);
  });

  it('offers golden codes as examples, and one code with a typing error', () => {
    const golden = (
      JSON.parse(readFileSync(new URL('../../test/golden/cases.json', import.meta.url), 'utf8')) as { cases: { id: string; uscc: string }[] }
    ).cases;
    for (const ex of DEVELOPMENT_EXAMPLES) {
      if (ex.id === 'typo') {
        expect(parseUscc(ex.uscc)).toMatchObject({ valid: false, reason: 'CHECK_CHARACTER_FAILED' });
        continue;
      }
      expect(golden.find((c) => c.id === ex.id)?.uscc, ex.id).toBe(ex.uscc);
    }
  });
});

describe('security headers', () => {
  it('sends a strict CSP with no external origin on every response', async () => {
    for (const path of ['/', '/report.html', '/bidders.html', '/assets/console.css', '/console-config.json', '/vendor/graphiql.min.js']) {
      const res = await fetch(dev.base + path);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp, path).toBe(CONSOLE_CSP);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const directives = Object.fromEntries(CONSOLE_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(CONSOLE_CSP).not.toMatch(/https?:|unsafe-inline|unsafe-eval|\*/);
  });

  it('gives the explorer a fresh style nonce per response, matching the page', async () => {
    const nonces = [];
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${dev.base}/explorer.html`);
      const csp = res.headers.get('content-security-policy')!;
      const html = await res.text();
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      expect(html).toContain(`<meta name="csp-nonce" content="${nonce}" />`);
      expect(html).not.toContain('__CSP_NONCE__');
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("font-src 'self' data:");
      expect(csp).not.toMatch(/https?:|unsafe-inline|unsafe-eval/);
      expect(res.headers.get('etag')).toBeNull();
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
    expect(Buffer.from(nonces[0]!, 'base64').length).toBeGreaterThanOrEqual(16);
  });
});

describe('what it declines', () => {
  it.each([
    '/graphql',
    '/health',
    '/favicon.ico',
    '/index.htm',
    '/report',
    '/public/index.html',
    '/assets/',
    '/assets/lib',
    '/assets/lib/uscc.d.ts',
    '/assets/lib/missing.js',
    '/assets/../handler.ts',
    '/assets/%2e%2e/handler.ts',
    '/assets/..%2fhandler.ts',
    '/assets/lib/..%2f..%2f..%2fhandler.ts',
    '/assets//lib/uscc.js',
    '/assets\\lib\\uscc.js',
    '/vendor/',
    '/vendor/react.development.js',
    '/vendor/../package.json',
    '/vendor/%2e%2e/%2e%2e/package.json',
    '/vendor/graphiql/package.json',
    '/node_modules/react/umd/react.production.min.js',
    '/console-config.json/',
  ])('returns false for %s, writing nothing', async (path) => {
    const before = dev.declined.length;
    const res = await dev.raw(path);
    expect(res.status).toBe(418);
    expect(dev.declined.length).toBe(before + 1);
  });

  it('answers other methods on its routes with 405', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await dev.raw('/index.html', method);
      expect(res.status).toBe(405);
      expect(res.headers['allow']).toBe('GET, HEAD');
    }
    expect((await dev.raw('/graphql', 'POST')).status).toBe(418);
  });
});

describe('caching and compression', () => {
  it('answers HEAD with headers only', async () => {
    const res = await dev.raw('/assets/console.css', 'HEAD');
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(1000);
    expect(res.body.length).toBe(0);
  });

  it('revalidates with ETag', async () => {
    const first = await dev.raw('/assets/lib/csv.js');
    const etag = first.headers['etag']!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await dev.raw('/assets/lib/csv.js', 'GET', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect((await dev.raw('/assets/lib/csv.js', 'GET', { 'if-none-match': '"other"' })).status).toBe(200);
    expect((await dev.raw('/console-config.json', 'GET', { 'if-none-match': '*' })).status).toBe(200);
  });

  it('gzips text when the client accepts it', async () => {
    const plain = await dev.raw('/vendor/graphiql.min.js');
    const zipped = await dev.raw('/vendor/graphiql.min.js', 'GET', { 'accept-encoding': 'gzip, deflate' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['vary']).toBe('Accept-Encoding');
    expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect((await dev.raw('/vendor/graphiql.min.js', 'GET', { 'accept-encoding': 'gzip;q=0' })).headers['content-encoding']).toBeUndefined();
  });
});
