import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Dataset, EnterpriseTruth, HrssTruth, IsoDate, RemovalKind } from '../dataset/types.js';
import { loadGoldenCases } from '../dataset/golden.js';
import { assertNever } from '../../common/assert-never.js';

/**
 * The daily full export of the human resources & social security (人社) credit platform
 * (人社信用信息平台 全量导出): gzip'd JSON Lines, UTF-8.
 *
 * Line 1 is the header:
 *   {"exportType":"HRSS_CREDIT_FULL","version":1,"exportedAt":"2026-11-26T02:00:00.000Z","recordCount":123,"sha256":"<hex>"}
 * where `sha256` is the SHA-256 of every byte after the header's newline (the record lines, each
 * ending with "\n"), and `recordCount` the number of record lines. Then one line per employer the
 * platform holds a record on (an employer with none is not in the export):
 *   {"tyshxydm":"9142…","dwmc":"…","qxmd":[…],"sbqf":[…]}
 *
 * - `qxmd` (欠薪名单): 拖欠农民工工资失信联合惩戒对象名单 entries — `lrjdswh` 列入决定书文号, `rdbm`
 *   认定部门, `lrsy` 列入事由, `lrrq` 列入日期, `qxjzrq` 名单期限截止日期, `ycrq` 移出日期 (or null),
 *   `ycyy` 移出原因 (`提前移出` after the wages were paid and credit repaired, `撤销` when the decision was
 *   revoked, `期满移出` written by the platform's nightly job once the three years are over, `""`),
 *   `qxje` 拖欠金额 (a string with two decimals), `sjrs` 涉及人数, `yyzt` 异议状态 (`0` none, `1` under review).
 * - `sbqf` (社保欠费): social-insurance arrears — `hdswh` 欠费核定文书编号, `jbjg` 经办机构, `qfxz` 欠费险种
 *   (joined with `、`), `qfje` 欠费金额 (two decimals), `qfqsny` 欠费起始年月 (`YYYYMM`), `rdrq` 认定日期,
 *   `bjrq` 补缴完毕日期 (or null).
 *
 * Dates are `YYYY-MM-DD`.
 */
export const EXPORT_TYPE = 'HRSS_CREDIT_FULL';
export const EXPORT_VERSION = 1;

/** Ways the simulator can spoil an export, so that a client can be shown to keep its last good one. */
export const EXPORT_CORRUPTIONS = ['none', 'checksum', 'truncated', 'bad-line', 'count'] as const;
export type ExportCorruption = (typeof EXPORT_CORRUPTIONS)[number];

interface LegacyListing {
  lrjdswh: string;
  rdbm: string;
  lrsy: string;
  lrrq: string;
  qxjzrq: string | null;
  ycrq: string | null;
  ycyy: string;
  qxje: string;
  sjrs: number;
  yyzt: string;
}

interface LegacyArrears {
  hdswh: string;
  jbjg: string;
  qfxz: string;
  qfje: string;
  qfqsny: string;
  rdrq: string;
  bjrq: string | null;
}

export interface LegacyExportLine {
  tyshxydm: string;
  dwmc: string;
  qxmd: LegacyListing[];
  sbqf: LegacyArrears[];
}

function removalWord(kind: RemovalKind): string {
  switch (kind) {
    case 'REPAIRED':
    case 'CURED':
    case 'PERFORMED':
      // 人社部令第45号: wages paid, six months on, a commitment made — 提前移出.
      return '提前移出';
    case 'REVOKED':
      return '撤销';
    default:
      return assertNever(kind);
  }
}

function nextDay(iso: IsoDate): IsoDate {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** One employer's line, as the platform writes it on `today`. */
export function renderExportLine(truth: EnterpriseTruth & { hrss: HrssTruth }, today: IsoDate): LegacyExportLine {
  const qxmd = truth.hrss.wageArrearsDishonest.map((e): LegacyListing => {
    let ycrq = e.removedOn ?? null;
    let ycyy = e.removal ? removalWord(e.removal) : '';
    // The nightly job moves an entry whose three years are over off the list, dated the day after.
    if (!ycrq && e.publicUntil && e.publicUntil < today) {
      ycrq = nextDay(e.publicUntil);
      ycyy = '期满移出';
    }
    return {
      lrjdswh: e.reference,
      rdbm: e.authority,
      lrsy: e.reason,
      lrrq: e.listedOn,
      qxjzrq: e.publicUntil ?? null,
      ycrq,
      ycyy,
      qxje: e.amountYuan.toFixed(2),
      sjrs: e.workers,
      yyzt: e.underObjection ? '1' : '0',
    };
  });
  const sbqf = truth.hrss.socialInsuranceArrears.map((a): LegacyArrears => ({
    hdswh: a.reference,
    jbjg: a.authority,
    qfxz: a.insuranceTypes.join('、'),
    qfje: a.amountYuan.toFixed(2),
    qfqsny: a.since.slice(0, 7).replace('-', ''),
    rdrq: a.establishedOn,
    bjrq: a.settledOn ?? null,
  }));
  return { tyshxydm: truth.uscc, dwmc: truth.market?.registration.name ?? '', qxmd, sbqf };
}

const hasHrss = (t: EnterpriseTruth | undefined): t is EnterpriseTruth & { hrss: HrssTruth } => !!t?.hrss;

/**
 * Every employer of the dataset the platform holds a record on: the synthetic enterprises in
 * order, then the golden cases the dataset carries (a code once, whichever comes first).
 */
export function* exportedEnterprises(dataset: Dataset): Generator<EnterpriseTruth & { hrss: HrssTruth }> {
  const seen = new Set<string>();
  const goldenCodes = new Set<string>();
  let golden: string[] = [];
  try {
    golden = loadGoldenCases(dataset.today).map((g) => g.uscc);
  } catch {
    // A dataset without the golden file (a unit test's fixture) simply has no golden cases.
  }
  for (const c of golden) goldenCodes.add(c);
  for (let i = 0; i < dataset.size; i++) {
    const t = dataset.at(i);
    // A golden case overlays a synthetic code: the dataset answers with the golden truth, below.
    if (goldenCodes.has(t.uscc) && dataset.byUscc(t.uscc) !== t) continue;
    if (seen.has(t.uscc)) continue;
    seen.add(t.uscc);
    if (hasHrss(t)) yield t;
  }
  for (const code of golden) {
    if (seen.has(code)) continue;
    seen.add(code);
    const t = dataset.byUscc(code);
    if (hasHrss(t)) yield t;
  }
}

export interface BuiltExport {
  /** The file name the platform serves it under (`<name>.jsonl.gz`). */
  name: string;
  exportedAt: Date;
  recordCount: number;
  /** The gzip'd file. */
  body: Buffer;
}

/**
 * The export file of `dataset` as of `exportedAt`, named with its time and a generation number
 * (the platform never reuses a name), spoiled as `corruption` says.
 */
export function buildExport(dataset: Dataset, exportedAt: Date, generation: number, corruption: ExportCorruption): BuiltExport {
  const lines: string[] = [];
  for (const t of exportedEnterprises(dataset)) lines.push(JSON.stringify(renderExportLine(t, dataset.today)));
  if (corruption === 'bad-line') {
    // A line cut off mid-record, as a crashed writer leaves it; the checksum is computed over it,
    // so only parsing the line can tell.
    const broken = (lines[0] ?? '{"tyshxydm":"914200000000000000","dwmc":""}').slice(0, 25);
    lines.splice(Math.min(1, lines.length), 0, broken);
  }
  const records = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
  let sha256 = createHash('sha256').update(records).digest('hex');
  if (corruption === 'checksum') sha256 = (sha256[0] === '0' ? '1' : '0') + sha256.slice(1);
  const recordCount = lines.length + (corruption === 'count' ? 1 : 0) - (corruption === 'bad-line' ? 1 : 0);
  const header = JSON.stringify({ exportType: EXPORT_TYPE, version: EXPORT_VERSION, exportedAt: exportedAt.toISOString(), recordCount, sha256 });
  let body = gzipSync(Buffer.concat([Buffer.from(`${header}\n`, 'utf8'), records]));
  if (corruption === 'truncated') body = body.subarray(0, Math.max(10, Math.floor(body.length * 0.6)));
  const stamp = exportedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return { name: `hrss-credit-full-${stamp}-${generation}`, exportedAt, recordCount, body };
}
