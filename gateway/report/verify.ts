import type http from 'node:http';
import type { AuditReportLookup } from '../audit/index.js';
import { recomputeHash } from '../audit/chain.js';
import { CONSOLE_CSP } from '../console/index.js';
import { REPORT_NUMBER_PATTERN, maskUscc } from '../console/public/assets/lib/report-statement.js';
import { statusOf, type ErrorCode } from '../../common/error-codes.js';
import { RateLimiter } from './rate-limit.js';

/**
 * What `GET /verify/<number>[?hash=…]` answers — never any credit data:
 * - `VERIFIED`: a report with this number was issued and `hash` is its hash;
 * - `HASH_MISMATCH`: a report with this number was issued, but with another hash (the paper was
 *   altered or the hash mistyped);
 * - `ISSUED`: a report with this number was issued (no hash given, so its content is not checked);
 * - `NOT_FOUND`: no report with this number was issued (HTTP 404).
 */
export type VerifyResult = 'VERIFIED' | 'HASH_MISMATCH' | 'ISSUED' | 'NOT_FOUND';

export interface VerifyAnswer {
  number: string;
  result: VerifyResult;
  issued: boolean;
  /** When it was issued, ISO-8601 in China time (+08:00). */
  issuedAt?: string;
  /** The enterprise's code with all but its first and last four characters hidden. */
  uscc?: string;
  /** Whether a hash was given and compared. */
  hashChecked: boolean;
}

export interface VerifyHandlerOptions {
  /**
   * Finds the audit record that issued a report: the audit store (`AuditStore`, file or
   * PostgreSQL) or a file log's code index (`AuditCodeIndex`).
   */
  index: AuditReportLookup;
  /** Requests one client address may make per minute. Default 60. */
  ratePerMinute?: number;
  /** The client's address (behind a trusted proxy, the one it forwarded). Default the socket's peer. */
  clientOf?: (req: http.IncomingMessage) => string;
  /** The development watermark on the page (not in production). */
  production: boolean;
  /** Told every answer (for the request log). */
  onAnswer?: (o: { status: number; result: VerifyResult | null; code: ErrorCode | null }) => void;
}

const HASH = /^[0-9a-f]{64}$/;

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

/** Whether the client asked for the page (a browser) rather than JSON. */
function wantsHtml(req: http.IncomingMessage): boolean {
  const accept = String(req.headers['accept'] ?? '');
  return /\btext\/html\b/i.test(accept);
}

/**
 * The handler of `GET /verify/<report number>[?hash=<sha256>]`: no key needed, bounded per client
 * address, answered from the audit trail by the index of report numbers (one record read, never a
 * scan). JSON for machines; a page in Chinese for a browser (`Accept: text/html`).
 */
export function createVerifyHandler(options: VerifyHandlerOptions) {
  const limiter = new RateLimiter({ perMinute: options.ratePerMinute ?? 60 });

  return async function handleVerify(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const html = wantsHtml(req);
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    const send = (status: number, body: string, type: string, extra: Record<string, string> = {}) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(status, {
        ...SECURITY_HEADERS,
        'Content-Type': type,
        'Content-Length': String(Buffer.byteLength(body)),
        Vary: 'Accept',
        ...extra,
      });
      res.end(head ? undefined : body);
    };
    const refuse = (code: ErrorCode, message: string, zh: string, extra: Record<string, string> = {}) => {
      options.onAnswer?.({ status: statusOf(code), result: null, code });
      if (html) send(statusOf(code), page({ kind: 'refusal', message: zh }, options.production), 'text/html; charset=utf-8', extra);
      else
        send(
          statusOf(code),
          JSON.stringify({ errors: [{ message: `${message} / ${zh}`, extensions: { code } }] }),
          'application/json; charset=utf-8',
          extra,
        );
    };

    if (method !== 'GET' && !head) {
      req.resume();
      send(405, 'Method not allowed: use GET. / 只接受 GET 请求。\n', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD' });
      return;
    }
    const limit = limiter.take(options.clientOf ? options.clientOf(req) : (req.socket.remoteAddress ?? 'unknown'));
    if (!limit.ok) {
      return refuse(
        'TOO_MANY_REQUESTS',
        `Too many verifications from this address; retry in ${limit.retryAfterSeconds} s.`,
        `核验请求过于频繁，请 ${limit.retryAfterSeconds} 秒后重试。`,
        {
          'Retry-After': String(limit.retryAfterSeconds),
        },
      );
    }

    let number: string;
    try {
      number = decodeURIComponent(url.pathname.slice('/verify/'.length)).trim().toUpperCase();
    } catch {
      number = '';
    }
    if (!REPORT_NUMBER_PATTERN.test(number)) {
      return refuse(
        'BAD_USER_INPUT',
        'Not a report number: it looks like XYBG-20261126-7Q4M9K2X3D.',
        '报告编号格式不正确，应形如 XYBG-20261126-7Q4M9K2X3D。',
      );
    }
    const given = url.searchParams.get('hash');
    const hash = given === null ? null : given.replace(/\s+/g, '').toLowerCase();
    if (hash !== null && !HASH.test(hash)) {
      return refuse(
        'BAD_USER_INPUT',
        'The hash is 64 hexadecimal characters (0–9, a–f), as printed on the report.',
        '摘要值应为报告上所印的 64 位十六进制字符（0–9、a–f）。',
      );
    }

    let answer: VerifyAnswer;
    try {
      answer = await lookUp(options.index, number, hash);
    } catch {
      return refuse(
        'INTERNAL_SERVER_ERROR',
        'The audit record of this report could not be read; tell the operators.',
        '无法读取该报告的留痕记录，请告知运维人员。',
      );
    }
    const status = answer.result === 'NOT_FOUND' ? 404 : 200;
    options.onAnswer?.({ status, result: answer.result, code: null });
    if (html) send(status, page({ kind: 'answer', answer, hashGiven: hash }, options.production), 'text/html; charset=utf-8');
    else send(status, JSON.stringify(answer), 'application/json; charset=utf-8');
  };
}

/** Find the report's audit record by the index and compare the hash. Throws when the record is damaged. */
export async function lookUp(index: AuditReportLookup, number: string, hash: string | null): Promise<VerifyAnswer> {
  const record = await index.findReport(number);
  if (!record) return { number, result: 'NOT_FOUND', issued: false, hashChecked: hash !== null };
  const report = (record as { report?: { number?: unknown; hash?: unknown; issuedAt?: unknown; uscc?: unknown } }).report;
  // The record must still be that report's record, unaltered (its own hash holds).
  if (
    recomputeHash(record) !== record.hash ||
    report?.number !== number ||
    typeof report.hash !== 'string' ||
    typeof report.uscc !== 'string' ||
    typeof report.issuedAt !== 'string'
  ) {
    throw new Error(`audit record of ${number} is damaged`);
  }
  const result: VerifyResult = hash === null ? 'ISSUED' : hash === report.hash ? 'VERIFIED' : 'HASH_MISMATCH';
  return { number, result, issued: true, issuedAt: report.issuedAt, uscc: maskUscc(report.uscc), hashChecked: hash !== null };
}

// ---------------------------------------------------------------------------------------------
// The page for people (Chinese).

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** 2026-11-26T10:33:07+08:00 → 2026-11-26 10:33:07 */
const chinaTime = (iso: string) => iso.slice(0, 19).replace('T', ' ');

type PageContent = { kind: 'answer'; answer: VerifyAnswer; hashGiven: string | null } | { kind: 'refusal'; message: string };

const VERDICTS: Readonly<Record<VerifyResult, { tone: string; title: string; text: string }>> = {
  VERIFIED: { tone: 'ok', title: '核验通过', text: '该报告由本系统出具，报告所印摘要值与出具时一致。' },
  ISSUED: {
    tone: 'info',
    title: '该编号的报告由本系统出具',
    text: '未提供摘要值，尚未核对报告内容。请扫描报告上的二维码，或在下方输入报告所印的摘要值。',
  },
  HASH_MISMATCH: {
    tone: 'bad',
    title: '摘要值不一致',
    text: '该编号的报告确由本系统出具，但所提供的摘要值与出具时不一致：报告内容可能被改动，或摘要值抄录有误。请以出具单位核实为准。',
  },
  NOT_FOUND: { tone: 'bad', title: '未找到该报告', text: '本系统未出具过此编号的报告。请核对报告编号；报告可能并非本系统出具。' },
};

function page(content: PageContent, production: boolean): string {
  const body: string[] = [];
  if (content.kind === 'refusal') {
    body.push(
      `<section class="verify-result tone-bad" data-testid="verify-result" data-result="REFUSED"><h2>无法核验</h2><p>${escapeHtml(content.message)}</p></section>`,
    );
  } else {
    const a = content.answer;
    const v = VERDICTS[a.result];
    const rows: [string, string][] = [['报告编号', a.number]];
    if (a.issuedAt) rows.push(['出具时间', `${chinaTime(a.issuedAt)}（北京时间）`]);
    if (a.uscc) rows.push(['统一社会信用代码', a.uscc]);
    body.push(
      `<section class="verify-result tone-${v.tone}" data-testid="verify-result" data-result="${a.result}">`,
      `<h2>${escapeHtml(v.title)}</h2><p>${escapeHtml(v.text)}</p>`,
      `<dl class="verify-facts">${rows.map(([k, val]) => `<dt>${escapeHtml(k)}</dt><dd data-field="${escapeHtml(k)}">${escapeHtml(val)}</dd>`).join('')}</dl>`,
      '</section>',
    );
    if (a.issued) {
      body.push(
        `<form class="verify-form" method="get" action="/verify/${escapeHtml(encodeURIComponent(a.number))}">`,
        '<label for="hash">报告所印摘要值（SHA-256）</label>',
        `<input id="hash" name="hash" spellcheck="false" autocomplete="off" maxlength="80" value="${escapeHtml(content.hashGiven ?? '')}">`,
        '<button type="submit" class="btn btn-primary">核对</button></form>',
      );
    }
  }
  body.push(
    '<p class="verify-note">核验只说明该编号的报告是否由本系统出具、何时出具、针对哪个企业代码（部分隐去），以及报告所印摘要值是否与出具时一致；本页不显示任何信用信息。请对照纸质报告上的企业名称和代码。</p>',
  );
  const watermark = production ? '' : '<p class="verify-dev" data-testid="verify-dev">开发环境 · 样例数据 · 不得作为正式凭证</p>';
  return [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>信用报告核验</title><link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">',
    '<link rel="stylesheet" href="/assets/console.css"><link rel="stylesheet" href="/assets/verify.css"></head>',
    `<body><main class="page verify-page"><h1>企业公共信用信息报告核验</h1>${watermark}${body.join('')}</main></body></html>`,
  ].join('');
}
