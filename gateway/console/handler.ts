/**
 * Static files of the console (service-hall check, bidder files, credit report, measures catalogue,
 * API explorer): a fixed allow-list of routes served from memory, with content types, ETags, gzip, caching
 * headers and a strict Content-Security-Policy. Nothing is ever looked up by a path taken from the
 * request, so no request can reach a file outside the list.
 */
import type http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { publicConsoleConfig, type ConsoleConfig } from './config.js';

export interface ConsoleHandlerOptions {
  /** What `/console-config.json` says (hints and examples only when `development`). */
  config: ConsoleConfig;
  /** Folder of the pages and `assets/`. Default: `public/` beside this file. */
  publicDir?: string;
  /** Re-read files on every request (for editing the pages). Default false: read once, at creation. */
  reload?: boolean;
}

/** Serves the request and returns true when it is a console route; returns false (touching nothing) otherwise. */
export type ConsoleHandler = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

/** The pages, by request path. */
export const CONSOLE_PAGES: Readonly<Record<string, string>> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/bidders.html': 'bidders.html',
  '/report.html': 'report.html',
  '/catalogue.html': 'catalogue.html',
  '/explorer.html': 'explorer.html',
};

/**
 * Third-party files of the pages: `/vendor/<name>` → a fixed file of an installed package. The
 * explorer's GraphiQL and React; the bidder page's spreadsheet library (ExcelJS's browser bundle
 * without polyfills, loaded only when an .xlsx file is read or written).
 */
export const VENDOR_FILES: Readonly<Record<string, { pkg: string; file: string }>> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js' },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css' },
  // The printed report's QR code (paulmillr/qr: no dependencies, no imports, an ES module).
  'qr.js': { pkg: 'qr', file: 'index.js' },
  'exceljs.min.js': { pkg: 'exceljs', file: 'dist/exceljs.bare.min.js' },
};

/** File types served from `assets/` (anything else there, e.g. `.d.ts`, is not served). */
const ASSET_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};
const HTML = 'text/html; charset=utf-8';
const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/;

const CSP_COMMON = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];
/** Every console response: nothing but this origin; no inline script or style. */
export const CONSOLE_CSP = [...CSP_COMMON, "style-src 'self'", "font-src 'self'"].join('; ');
/**
 * The explorer page: GraphiQL's stylesheet embeds its fonts as `data:` URLs, and its dialogs add
 * one small `<style>` element at run time (react-remove-scroll), which carries a per-response nonce
 * (the page hands it to GraphiQL as `__webpack_nonce__`). Scripts stay `'self'` only.
 */
export function explorerCsp(nonce: string): string {
  return [...CSP_COMMON, `style-src 'self' 'nonce-${nonce}'`, "font-src 'self' data:"].join('; ');
}

/** Where explorer.html takes the per-response style nonce. */
const NONCE_PLACEHOLDER = '__CSP_NONCE__';

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

interface Entry {
  body: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
  csp: string;
  gzip?: Buffer | null;
}

interface Route {
  load(): Entry | null;
}

const DEFAULT_PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

function entryOf(body: Buffer, type: string, cacheControl: string, csp: string): Entry {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { body, type, etag, cacheControl, csp };
}

/** Every file under `dir` with an allowed extension, as `/assets/<relative path>` → absolute path. */
function listAssets(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs)) {
      if (name.startsWith('.')) continue;
      const childAbs = path.join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      const st = statSync(childAbs);
      if (st.isDirectory()) walk(childAbs, childRel);
      else if (st.isFile() && !name.endsWith('.d.ts') && ASSET_TYPES[path.extname(name)]) out.set(`/assets/${childRel}`, childAbs);
    }
  };
  if (existsSync(dir)) walk(dir, '');
  return out;
}

/** The installed package's folder: by its package.json, or (a package that does not export it) from its entry point up. */
function packageDir(pkg: string): string | null {
  const require = createRequire(import.meta.url);
  try {
    return path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    /* not exported: look up from the entry point */
  }
  let dir = path.dirname(require.resolve(pkg));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === pkg) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function vendorPath(spec: { pkg: string; file: string }): string | null {
  try {
    const dir = packageDir(spec.pkg);
    if (!dir) return null;
    const file = path.join(dir, spec.file);
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

function fileRoute(file: string | null, type: string, cacheControl: string, csp: string, reload: boolean): Route {
  let cached: Entry | null = null;
  const read = () => (file ? entryOf(readFileSync(file), type, cacheControl, csp) : null);
  if (!reload) cached = read();
  return { load: () => (reload ? read() : cached) };
}

/**
 * The console's request handler. Serves `GET`/`HEAD` of `/`, `/index.html`, `/bidders.html`,
 * `/report.html`, `/catalogue.html`, `/explorer.html`, `/console-config.json`, `/assets/*` (the files present at
 * creation) and `/vendor/*` (the fixed `VENDOR_FILES`); answers 405 to other methods on those
 * paths; returns false for every other path without writing anything.
 */
export function createConsoleHandler(options: ConsoleHandlerOptions): ConsoleHandler {
  const publicDir = options.publicDir ?? DEFAULT_PUBLIC_DIR;
  const reload = options.reload ?? false;
  const routes = new Map<string, Route>();

  for (const [route, file] of Object.entries(CONSOLE_PAGES)) {
    const abs = path.join(publicDir, file);
    if (!existsSync(abs)) throw new Error(`Console page ${abs} is missing.`);
    const page = fileRoute(abs, HTML, 'no-cache', CONSOLE_CSP, reload);
    if (route !== '/explorer.html') {
      routes.set(route, page);
      continue;
    }
    // A fresh nonce for every response: never cached, no ETag.
    routes.set(route, {
      load: () => {
        const base = page.load();
        if (!base) return null;
        const nonce = randomBytes(18).toString('base64');
        const body = Buffer.from(base.body.toString('utf8').split(NONCE_PLACEHOLDER).join(nonce));
        return { body, type: HTML, etag: '', cacheControl: 'no-store', csp: explorerCsp(nonce) };
      },
    });
  }
  const assetRoute = (abs: string) => fileRoute(abs, ASSET_TYPES[path.extname(abs)]!, 'no-cache', CONSOLE_CSP, reload);
  const assetsDir = path.join(publicDir, 'assets');
  for (const [route, abs] of listAssets(assetsDir)) routes.set(route, assetRoute(abs));
  for (const [name, spec] of Object.entries(VENDOR_FILES)) {
    const type = ASSET_TYPES[path.extname(name)]!;
    // Versioned by the installed package; revalidated after an hour.
    routes.set(`/vendor/${name}`, fileRoute(vendorPath(spec), type, 'public, max-age=3600', CONSOLE_CSP, reload));
  }
  const configEntry = entryOf(
    Buffer.from(JSON.stringify(publicConsoleConfig(options.config))),
    'application/json; charset=utf-8',
    'no-store',
    CONSOLE_CSP,
  );
  routes.set('/console-config.json', { load: () => configEntry });

  return (req, res) => {
    // The path exactly as sent (no decoding, no dot-segment or backslash normalisation): it must be
    // one of the listed routes, character for character.
    let target = req.url ?? '/';
    if (!target.startsWith('/')) {
      try {
        target = new URL(target).pathname; // absolute-form request target
      } catch {
        return false;
      }
    }
    const pathname = target.split(/[?#]/, 1)[0]!;
    let route = routes.get(pathname);
    if (!route && reload && pathname.startsWith('/assets/')) {
      // Editing the pages: files added since creation are served too (still only from the listing).
      const abs = listAssets(assetsDir).get(pathname);
      if (abs) route = assetRoute(abs);
    }
    if (!route) return false;
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, {
        ...SECURITY_HEADERS,
        'Content-Security-Policy': CONSOLE_CSP,
        Allow: 'GET, HEAD',
        'Content-Type': 'text/plain; charset=utf-8',
      });
      res.end(method === 'OPTIONS' ? undefined : 'Method not allowed. / 不支持该请求方法。\n');
      return true;
    }
    let entry: Entry | null;
    try {
      entry = route.load();
    } catch {
      entry = null;
    }
    if (!entry) {
      const body = pathname.startsWith('/vendor/')
        ? 'Not installed: the API explorer needs the graphiql, react and react-dom packages, the bidder page exceljs (npm ci). / 未安装页面所需的前端包（npm ci）。\n'
        : 'Not found. / 文件不存在。\n';
      res.writeHead(404, {
        ...SECURITY_HEADERS,
        'Content-Security-Policy': CONSOLE_CSP,
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(method === 'HEAD' ? undefined : body);
      return true;
    }
    send(req, res, entry, method === 'HEAD');
    return true;
  };
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === etag || v === `W/${etag}`;
  });
}

function acceptsGzip(header: string | string[] | undefined): boolean {
  const v = Array.isArray(header) ? header.join(',') : (header ?? '');
  return v.split(',').some((p) => {
    const [coding, ...params] = p.trim().split(';');
    if (coding?.trim().toLowerCase() !== 'gzip') return false;
    const q = params.map((x) => x.trim()).find((x) => x.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

function send(req: http.IncomingMessage, res: http.ServerResponse, entry: Entry, headOnly: boolean): void {
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'Content-Security-Policy': entry.csp,
    'Content-Type': entry.type,
    'Cache-Control': entry.cacheControl,
    Vary: 'Accept-Encoding',
  };
  if (entry.etag) headers['ETag'] = entry.etag;
  if (entry.etag && entry.cacheControl !== 'no-store' && etagMatches(req.headers['if-none-match'], entry.etag)) {
    delete headers['Content-Type'];
    res.writeHead(304, headers);
    res.end();
    return;
  }
  let body = entry.body;
  if (body.length > 1024 && COMPRESSIBLE.test(entry.type) && acceptsGzip(req.headers['accept-encoding'])) {
    if (entry.gzip === undefined) entry.gzip = gzipSync(entry.body);
    if (entry.gzip && entry.gzip.length < body.length) {
      body = entry.gzip;
      headers['Content-Encoding'] = 'gzip';
    }
  }
  headers['Content-Length'] = String(body.length);
  res.writeHead(200, headers);
  res.end(headOnly ? undefined : body);
}
