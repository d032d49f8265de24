// @ts-check
/**
 * `/report.html?uscc=…&scenario=…[&asOf=…]` — the printable credit report (公共信用信息报告): every
 * department's records in the sections of the public report, and the verdict for the scenario.
 * A section whose department could not be read says so (未能读取) — never "无".
 *
 * The gateway issues the report (`X-Credit-Report: issue`): its number, time, and the hash of what
 * it states, written into the audit record of the request. What is printed is exactly that
 * statement (`printableEnterprise` of report-statement.js, the function the gateway hashed):
 * records not in force on the report's date — removed, repaired, expired — are never printed;
 * on screen they are shown, marked, to a caller who may see history. The printed report is always
 * in Chinese, with absolute times in China time, a QR code to `/verify/<number>?hash=…`, how to
 * object and apply for repair, and a development watermark unless the gateway runs in production.
 * Without an issued report (a check as of another day) nothing prints but a notice saying so.
 */
import { h, clear, byId, icon } from '../lib/dom.js';
import {
  boot,
  t,
  L,
  getLang,
  setLang,
  onLangChange,
  request,
  errorBox,
  settingsComplete,
  settingsMissingError,
  openSettings,
  getSettings,
  formatDateTime,
  pickLanguage,
  chinaToday,
} from '../lib/app.js';
import {
  SCENARIOS,
  SCENARIO_LABELS,
  DEPARTMENT_LABELS,
  DEPARTMENTS,
  FINDING_KIND_LABELS,
  FINDING_STATUS_LABELS,
  SOURCE_STATE_LABELS,
  REGISTRATION_STATUS_LABELS,
  ENV_LEVEL_LABELS,
  COMMITMENT_STATUS_LABELS,
  COURT_REMOVAL_LABELS,
  PENALTY_REMOVAL_LABELS,
  TAX_STOP_REASON_LABELS,
  TAXPAYER_ID_TYPE_LABELS,
  VERDICT_LABELS,
} from '../lib/i18n.js';
import { REPORT_QUERY } from '../lib/queries.js';
import { verdictBox, missingNote, notCheckedList, warningsList, flagsList, incentivesList, sourcesTable } from '../lib/check-view.js';
import { codeField } from './code-field.js';
import { SECTION_FIELDS } from '../lib/departments.generated.js';
import { isInForce, groupHash, verifyUrl, OTHER_SECTION_FIELDS } from '../lib/report-statement.js';
import encodeQR from '/vendor/qr.js';

/** Department → field of `Enterprise` (from the department registry). */
const SECTION_FIELD = SECTION_FIELDS;
/** Departments without a section of their own in this report: each gets one listing its records. */
const OTHER_DEPARTMENTS = Object.keys(SECTION_FIELDS).filter((d) => OTHER_SECTION_FIELDS.includes(SECTION_FIELDS[d] ?? ''));

const ZH_NUMERALS = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
  '十六',
  '十七',
  '十八',
  '十九',
  '二十',
];

/**
 * @typedef {object} Column
 * @property {string} label i18n key
 * @property {(item: any) => import('../lib/dom.js').Child} cell
 * @property {string} [cls]
 */

/**
 * @typedef {object} Block
 * @property {string} id data-block value
 * @property {string} department
 * @property {string} [title] i18n key
 * @property {Record<string, string>} [titleParams] its parameters
 * @property {any[]} items
 * @property {Column[]} [columns]
 * @property {(items: any[]) => import('../lib/dom.js').Child} [render]
 * @property {(item: any) => boolean} [isHistory] not in force on the report's date: shown on screen, marked, never printed
 */

/**
 * @typedef {object} IssuedReport what the gateway says of the report it issued (`extensions.creditReport`)
 * @property {string} number
 * @property {string} issuedAt ISO-8601, +08:00
 * @property {string} date YYYY-MM-DD
 * @property {string} hash SHA-256 (hex) of the statement
 */

/** @param {number | null | undefined} n */
function money(n) {
  if (n === null || n === undefined) return '';
  return new Intl.NumberFormat(getLang() === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: 2 }).format(n);
}

/** @param {any} item */
function statusCell(item) {
  const s = item.status;
  return h(
    'span',
    { class: 'status-cell' },
    h('span', { class: `status status-${String(s ?? '').toLowerCase()}`, text: L(FINDING_STATUS_LABELS, s) }),
    item.underObjection ? h('span', { class: 'badge badge-objection', testid: 'under-objection', text: t('report.underObjection') }) : null,
  );
}

/** @param {string} verdict */
function conclusionPill(verdict) {
  const meta = VERDICT_LABELS[verdict] ?? { zh: verdict, en: verdict, icon: 'error', tone: 'grey' };
  return h('span', { class: ['verdict-pill', `tone-${meta.tone}`], data: { verdict } }, icon(meta.icon), getLang() === 'zh' ? meta.zh : meta.en);
}

/** The request header that asks the gateway to issue the report (report number, hash in the audit record). */
const ISSUE_HEADERS = { 'X-Credit-Report': 'issue' };

/**
 * The QR code of `text` as an SVG (dark modules as one path; no inline styles, for the CSP).
 * @param {string} text
 */
function qrSvg(text) {
  const ns = 'http://www.w3.org/2000/svg';
  const modules = /** @type {boolean[][]} */ (encodeQR(text, 'raw', { ecc: 'medium', border: 2 }));
  const n = modules.length;
  let d = '';
  modules.forEach((row, y) => {
    for (let x = 0; x < n;) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      let run = 1;
      while (x + run < n && row[x + run]) run += 1;
      d += `M${x} ${y}h${run}v1h-${run}z`;
      x += run;
    }
  });
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${n} ${n}`);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('report.verify.scan'));
  svg.setAttribute('shape-rendering', 'crispEdges');
  const bg = document.createElementNS(ns, 'rect');
  bg.setAttribute('width', String(n));
  bg.setAttribute('height', String(n));
  bg.setAttribute('fill', '#fff');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(bg, path);
  svg.dataset['testid'] = 'report-qr';
  svg.dataset['text'] = text;
  return svg;
}

/**
 * Why no report was issued, in words (the gateway's reason; a reason this page does not know is named).
 * @param {{ reason: string, message: string } | null} notIssued
 */
function notIssuedText(notIssued) {
  if (!notIssued) return t('report.notIssued.other', { reason: '—' });
  const key = `report.notIssued.${notIssued.reason}`;
  const text = t(key);
  return text === key ? t('report.notIssued.other', { reason: notIssued.reason }) : text;
}

/** A badge on a record shown on screen only. */
const historyBadge = () => h('span', { class: 'badge badge-history no-print', testid: 'history-badge', text: t('report.historyBadge') });

boot('report', (config) => {
  const form = /** @type {HTMLFormElement} */ (byId('report-form'));
  const input = /** @type {HTMLInputElement} */ (byId('uscc'));
  const scenario = /** @type {HTMLSelectElement} */ (byId('scenario'));
  const asOf = /** @type {HTMLInputElement} */ (byId('asof'));
  const submit = /** @type {HTMLButtonElement} */ (form.querySelector('[data-testid="report-submit"]'));
  const printBtn = /** @type {HTMLButtonElement} */ (byId('print'));
  const host = byId('report-host');
  const field = codeField(input, byId('uscc-feedback'));

  /** @type {{ kind: 'none' } | { kind: 'loading' } | { kind: 'error', error: unknown } | { kind: 'data', enterprise: any, errors: any[], settings: any, report: IssuedReport | null, notIssued: { reason: string, message: string } | null }} */
  let state = { kind: 'none' };

  const fillScenarios = () => {
    const current = scenario.value;
    clear(scenario);
    for (const s of SCENARIOS) scenario.appendChild(h('option', { value: s, text: L(SCENARIO_LABELS, s) }));
    if (current) scenario.value = current;
  };
  fillScenarios();
  const params = new URLSearchParams(location.search);
  const sc = params.get('scenario');
  scenario.value = sc && SCENARIOS.includes(sc) ? sc : 'GENERAL';
  input.value = params.get('uscc') ?? '';
  asOf.value = params.get('asOf') ?? '';
  field.update();

  printBtn.prepend(icon('print'));
  printBtn.addEventListener('click', () => window.print());

  /** The source of a department, or a synthetic one when its section is missing. @param {any} e @param {string} dept */
  const sourceOf = (e, dept) => {
    const section = e[SECTION_FIELD[dept] ?? ''];
    if (section?.source) return section.source;
    const fromCheck = (e.creditCheck?.sources ?? []).find((/** @type {any} */ s) => s.department === dept);
    return fromCheck ?? { department: dept, status: 'UNAVAILABLE', found: null };
  };

  /**
   * One block: its title, then "未能读取", "无" or the records. Records not in force (`isHistory`)
   * are shown on screen, marked, and never printed: a block with only those prints "无".
   * `data-state` is what the screen shows, `data-print-state` what is printed.
   * @param {any} e
   * @param {Block} b
   */
  const renderBlock = (e, b) => {
    const src = sourceOf(e, b.department);
    const readable = src.status === 'OK' && e[SECTION_FIELD[b.department] ?? ''] != null;
    const printed = b.isHistory ? b.items.filter((i) => !b.isHistory?.(i)) : b.items;
    const blockState = !readable ? 'unreadable' : b.items.length ? 'data' : 'empty';
    const printState = !readable ? 'unreadable' : printed.length ? 'data' : 'empty';
    const el = h('div', { class: 'report-block', data: { block: b.id, state: blockState, printState, department: b.department } });
    if (b.title) el.appendChild(h('h3', { text: t(b.title, b.titleParams) }));
    if (!readable) {
      el.appendChild(
        h(
          'p',
          { class: 'unreadable', testid: 'unreadable' },
          icon('warning'),
          t('report.unreadableDept', { department: L(DEPARTMENT_LABELS, b.department), status: L(SOURCE_STATE_LABELS, src.status) }),
        ),
      );
      return { el, state: blockState, printState };
    }
    const notKnown =
      src.found === false
        ? h('span', { class: 'muted small', text: `（${t('report.notKnown', { department: L(DEPARTMENT_LABELS, b.department) })}）` })
        : null;
    if (!b.items.length) {
      el.appendChild(h('p', { class: 'none', testid: 'none' }, t('report.none'), notKnown));
      return { el, state: blockState, printState };
    }
    // Only records not in force: the printed report says 无.
    if (!printed.length) el.appendChild(h('p', { class: 'none print-only', testid: 'none-print' }, t('report.none')));
    const box = h('div', { class: printed.length ? 'report-records' : 'report-records no-print' });
    el.appendChild(box);
    if (b.render) {
      const content = b.render(b.items);
      if (content) box.appendChild(/** @type {Node} */ (content));
    } else {
      const cols = b.columns ?? [];
      const items = [...b.items].sort((x, y) => Number(!!b.isHistory?.(x)) - Number(!!b.isHistory?.(y)));
      box.appendChild(
        h(
          'table',
          { class: 'table report-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              cols.map((c) => h('th', { scope: 'col', class: c.cls ?? null, text: t(c.label) })),
            ),
          ),
          h(
            'tbody',
            null,
            items.map((item) => {
              const history = !!b.isHistory?.(item);
              return h(
                'tr',
                { class: history ? 'history' : null, data: { history: b.isHistory ? String(history) : null } },
                cols.map((c, i) => h('td', { class: c.cls ?? null }, c.cell(item), i === 0 && history ? historyBadge() : null)),
              );
            }),
          ),
        ),
      );
    }
    if (b.isHistory && b.items.some((i) => b.isHistory?.(i)))
      box.appendChild(h('p', { class: 'muted small history-note no-print', testid: 'history-note', text: t('report.history') }));
    return { el, state: blockState, printState };
  };

  /**
   * @param {any} e
   * @param {number} index
   * @param {string} id
   * @param {string} titleKey
   * @param {Block[]} blocks
   * @param {import('../lib/dom.js').Child} [lead]
   * @param {Record<string, string>} [titleParams]
   */
  const renderSection = (e, index, id, titleKey, blocks, lead, titleParams) => {
    const rendered = blocks.map((b) => renderBlock(e, b));
    /** @param {string[]} states */
    const of = (states) => {
      const st =
        states.length && states.every((s) => s === 'unreadable')
          ? 'unreadable'
          : states.some((s) => s === 'unreadable')
            ? 'partial'
            : states.every((s) => s === 'empty')
              ? 'empty'
              : 'data';
      return lead && st === 'empty' ? 'data' : st;
    };
    const num = getLang() === 'zh' ? `${ZH_NUMERALS[index] ?? index + 1}、` : `${index + 1}. `;
    return h(
      'section',
      { class: 'report-section', data: { section: id, state: of(rendered.map((r) => r.state)), printState: of(rendered.map((r) => r.printState)) } },
      h('h2', null, h('span', { class: 'section-num', text: num }), t(titleKey, titleParams)),
      lead ?? null,
      rendered.map((r) => r.el),
    );
  };

  /** @param {any} e */
  const findings = (e, /** @type {string} */ dept, /** @type {string[]} */ kinds) =>
    (e[SECTION_FIELD[dept] ?? '']?.findings ?? []).filter((/** @type {any} */ f) => kinds.includes(f.kind));

  /** @type {Column[]} */
  const findingColumns = [
    { label: 'report.c.kind', cell: (f) => L(FINDING_KIND_LABELS, f.kind) },
    { label: 'report.c.reference', cell: (f) => h('code', { text: f.reference }) },
    { label: 'report.c.authority', cell: (f) => f.authority },
    { label: 'report.c.listedOn', cell: (f) => f.listedOn, cls: 'nowrap' },
    { label: 'report.c.reason', cell: (f) => f.reason ?? '' },
    { label: 'report.c.publicUntil', cell: (f) => f.publicUntil ?? '', cls: 'nowrap' },
    { label: 'report.c.removedOn', cell: (f) => f.removedOn ?? '', cls: 'nowrap' },
    { label: 'report.c.status', cell: statusCell, cls: 'nowrap' },
  ];

  /**
   * @param {any} e
   * @param {any[]} errors
   * @param {{ key: string, purpose: string, reference: string }} settings
   * @param {IssuedReport | null} report the report the gateway issued, or null (then nothing prints)
   * @param {{ reason: string, message: string } | null} notIssued why the gateway issued none
   */
  const renderReport = (e, errors, settings, report, notIssued) => {
    const check = e.creditCheck;
    const lang = getLang();
    const market = e.marketRegulation;
    const reg = market?.registration ?? null;
    const purpose = config.purposes.find((p) => p.code === settings.purpose);
    // The day the records are stated as of: the report's (the gateway checked the check was made for it).
    const date = report?.date ?? check?.asOf ?? chinaToday();
    /** Whether a record of `section.field` is not in force on `date` (so shown on screen only). */
    const hist = (/** @type {string} */ section, /** @type {string} */ field) => (/** @type {any} */ item) =>
      !isInForce(e, section, field, item, date);
    /** @param {string} dept */
    const findingsHistory = (dept) => hist(SECTION_FIELD[dept] ?? '', 'findings');
    const development = !config.production;
    const verifyAt = report ? verifyUrl(config.verifyBaseUrl || location.origin, report.number, report.hash) : null;
    const flags = check?.flags ?? [];
    const incentives = check?.incentives ?? [];

    const labels = h(
      'div',
      { class: 'report-labels', testid: 'report-labels' },
      reg
        ? h('span', { class: ['badge', reg.status === 'OPERATING' ? 'badge-ok' : 'badge-bad'], text: L(REGISTRATION_STATUS_LABELS, reg.status) })
        : null,
      flags.some((/** @type {any} */ f) => f.measure?.kind !== 'INCENTIVE')
        ? h('span', { class: 'badge badge-bad', text: t('report.label.punished') })
        : null,
      incentives.length ? h('span', { class: 'badge badge-ok', text: t('report.label.rewarded') }) : null,
    );

    const metaRows = [
      [
        'report.number',
        report
          ? h('strong', { testid: 'report-number', text: report.number })
          : h('strong', { class: 'not-issued-mark', testid: 'report-number', text: t('report.notIssued') }),
      ],
      report
        ? ['report.issuedAt', h('span', { testid: 'report-issued-at', text: t('report.chinaTime', { time: formatDateTime(report.issuedAt) }) })]
        : ['report.time', check ? t('report.chinaTime', { time: formatDateTime(check.checkedAt) }) : '—'],
      [
        'report.purpose',
        purpose
          ? [lang === 'zh' ? purpose.nameZh : purpose.name, h('span', { class: 'purpose-code', text: `（${purpose.code}）` })]
          : settings.purpose || '—',
      ],
      ['report.reference', settings.reference || '—'],
      ['report.scenario', check ? L(SCENARIO_LABELS, check.scenario) : '—'],
      ['report.asOf', check?.asOf ?? '—'],
      ['result.checkId', check ? h('code', { testid: 'check-id', text: check.checkId }) : '—'],
      ['report.catalogue', check?.catalogueVersion ?? '—'],
    ];

    const header = h(
      'header',
      { class: 'report-header' },
      report && verifyAt
        ? h('figure', { class: 'report-qr', testid: 'report-qr-box' }, qrSvg(verifyAt), h('figcaption', { text: t('report.verify.scan') }))
        : null,
      h('div', { class: 'report-title' }, h('h1', { text: t('report.title') }), h('p', { class: 'report-subtitle', text: t('report.titleSub') })),
      h('div', { class: 'report-entity' }, h('div', { class: 'report-entity-name', text: reg?.name ?? e.uscc }), h('code', { text: e.uscc }), labels),
      check
        ? h(
            'div',
            { class: 'report-conclusion', testid: 'report-conclusion' },
            h('span', { text: `${t('report.section.verdict')}：` }),
            conclusionPill(check.verdict),
            h('span', { class: 'muted', text: L(SCENARIO_LABELS, check.scenario) }),
          )
        : null,
      h(
        'dl',
        { class: 'report-meta' },
        metaRows.map(([k, v]) => [h('dt', { text: t(/** @type {string} */ (k)) }), h('dd', null, /** @type {any} */ (v))]),
      ),
    );

    // 一、基本信息
    const info = e.codeInfo ?? {};
    const basicLead = h(
      'dl',
      { class: 'report-facts' },
      [
        ['report.f.uscc', h('code', { text: e.uscc })],
        ['report.f.orgCode', h('code', { text: e.organizationCode })],
        ['report.f.codeAuthority', `${info.registeringAuthorityCode ?? ''} ${info.registeringAuthority ?? ''}`.trim()],
        ['report.f.codeType', `${info.entityTypeCode ?? ''} ${info.entityType ?? ''}`.trim()],
        ['report.f.division', info.division ?? ''],
      ].map(([k, v]) => [h('dt', { text: t(/** @type {string} */ (k)) }), h('dd', null, /** @type {any} */ (v))]),
    );
    /** @type {Block} */
    const registrationBlock = {
      id: 'registration',
      department: 'MARKET_REGULATION',
      items: reg ? [reg] : [],
      render: ([r]) =>
        h(
          'dl',
          { class: 'report-facts' },
          [
            ['report.f.name', r.name],
            ['report.f.legalRep', r.legalRepresentative?.name ?? ''],
            ['report.f.idMasked', r.legalRepresentative?.idNumberMasked ?? ''],
            ['report.f.type', r.companyType ?? ''],
            ['report.f.established', r.establishedOn ?? ''],
            ['report.f.capital', r.registeredCapitalWan != null ? t('report.f.capitalValue', { n: money(r.registeredCapitalWan) }) : ''],
            ['report.f.address', r.address ?? ''],
            [
              'report.f.status',
              h('span', { class: ['badge', r.status === 'OPERATING' ? 'badge-ok' : 'badge-bad'], text: L(REGISTRATION_STATUS_LABELS, r.status) }),
            ],
            ['report.f.closedOn', r.closedOn ?? ''],
            ['report.f.authority', r.authority ?? ''],
            ['report.f.scope', r.businessScope ?? ''],
          ]
            .filter(([, v]) => v !== '')
            .map(([k, v]) => [h('dt', { text: t(/** @type {string} */ (k)) }), h('dd', null, /** @type {any} */ (v))]),
        ),
    };

    /** @type {Column[]} */
    const penaltyColumns = [
      { label: 'report.c.reference', cell: (p) => h('code', { text: p.reference }) },
      {
        label: 'report.c.penaltyType',
        cell: (p) => [p.penaltyType, p.severe ? h('span', { class: 'badge badge-bad', text: t('report.c.severe') }) : null],
      },
      { label: 'report.c.fine', cell: (p) => money(p.fineYuan), cls: 'num' },
      { label: 'report.c.decidedOn', cell: (p) => p.decidedOn, cls: 'nowrap' },
      { label: 'report.c.authority', cell: (p) => p.authority },
      { label: 'report.c.facts', cell: (p) => p.reason ?? p.facts ?? '' },
      { label: 'report.c.publicUntil', cell: (p) => p.publicUntil ?? '', cls: 'nowrap' },
      {
        label: 'report.c.status',
        cell: (p) => [
          statusCell(p),
          p.removal
            ? h('div', { class: 'muted small', text: `${L(PENALTY_REMOVAL_LABELS, p.removal)} ${p.removedOn ?? ''}` })
            : p.removedOn
              ? h('div', { class: 'muted small', text: p.removedOn })
              : null,
        ],
        cls: 'nowrap',
      },
    ];

    const tax = e.tax;
    const env = e.environment;
    const eco = e.economy;
    const jud = e.judicial;
    const debtorHistory = hist('judicial', 'dishonestDebtorEntries');
    // The current ratings, when still in force on the report's date.
    const taxCurrent =
      tax?.currentCreditRating && isInForce(e, 'tax', 'currentCreditRating', tax.currentCreditRating, date) ? tax.currentCreditRating : null;
    const envCurrent = env?.rating && isInForce(e, 'environment', 'rating', env.rating, date) ? env.rating : null;

    /** @type {Column[]} */
    const ratingColumns = [
      { label: 'report.c.year', cell: (r) => String(r.year) },
      { label: 'report.c.level', cell: (r) => h('strong', { text: `${r.level}` }) },
      { label: 'report.c.publishedOn', cell: (r) => r.publishedOn },
      { label: 'report.c.inForceUntil', cell: (r) => r.inForceUntil },
    ];
    /** @type {Column[]} */
    const envRatingColumns = [
      { label: 'report.c.year', cell: (r) => String(r.year) },
      {
        label: 'report.c.level',
        cell: (r) => h('span', { class: `env-level env-${String(r.level).toLowerCase()}`, text: L(ENV_LEVEL_LABELS, r.level) }),
      },
      { label: 'report.c.ratedBy', cell: (r) => r.authority },
      { label: 'report.c.ratedOn', cell: (r) => r.ratedOn },
      { label: 'report.c.validUntil', cell: (r) => r.validUntil },
    ];
    /** @type {Column[]} */
    const honorColumns = [
      { label: 'report.c.title', cell: (x) => x.title },
      { label: 'report.c.year', cell: (x) => String(x.year) },
      { label: 'report.c.authority', cell: (x) => x.authority },
      { label: 'report.c.awardedOn', cell: (x) => x.awardedOn },
      { label: 'report.c.validUntil', cell: (x) => x.validUntil ?? t('report.longTerm') },
    ];

    const sections = [
      renderSection(e, 0, 'basic', 'report.section.basic', [registrationBlock], basicLead),
      renderSection(e, 1, 'administrative', 'report.section.administrative', [
        {
          id: 'market-penalties',
          department: 'MARKET_REGULATION',
          title: 'report.sub.marketPenalties',
          items: market?.penalties ?? [],
          columns: penaltyColumns,
          isHistory: hist('marketRegulation', 'penalties'),
        },
        {
          id: 'environment-penalties',
          department: 'ENVIRONMENT',
          title: 'report.sub.environmentPenalties',
          items: env?.penalties ?? [],
          columns: penaltyColumns,
          isHistory: hist('environment', 'penalties'),
        },
      ]),
      renderSection(e, 2, 'honest', 'report.section.honest', [
        {
          id: 'tax-a',
          department: 'TAX',
          title: 'report.sub.taxA',
          items: (tax?.creditRatings ?? []).filter((/** @type {any} */ r) => r.level === 'A'),
          columns: ratingColumns,
          isHistory: hist('tax', 'creditRatings'),
        },
        {
          id: 'honors',
          department: 'ECONOMY_IT',
          title: 'report.sub.honors',
          items: eco?.honors ?? [],
          columns: honorColumns,
          isHistory: hist('economy', 'honors'),
        },
        {
          id: 'green',
          department: 'ENVIRONMENT',
          title: 'report.sub.green',
          items: (env?.ratings ?? []).filter((/** @type {any} */ r) => r.level === 'GREEN'),
          columns: envRatingColumns,
          isHistory: hist('environment', 'ratings'),
        },
      ]),
      renderSection(e, 3, 'serious-dishonest', 'report.section.serious', [
        {
          id: 'dishonest-debtor',
          department: 'COURTS',
          title: 'report.sub.dishonestDebtor',
          items: jud?.dishonestDebtorEntries ?? [],
          isHistory: debtorHistory,
          render: (entries) =>
            h(
              'ol',
              { class: 'record-list' },
              [...entries]
                .sort((x, y) => Number(debtorHistory(x)) - Number(debtorHistory(y)))
                .map((d) =>
                  h(
                    'li',
                    { class: ['record', debtorHistory(d) ? 'history' : null], data: { history: String(debtorHistory(d)) } },
                    h(
                      'div',
                      { class: 'record-head' },
                      h('code', { text: d.caseNumber }),
                      h('span', { text: d.court }),
                      statusCell(d),
                      debtorHistory(d) ? historyBadge() : null,
                    ),
                    h(
                      'dl',
                      { class: 'report-facts' },
                      [
                        ['report.c.filedOn', d.filedOn],
                        ['report.c.publishedOn', d.publishedOn],
                        ['report.c.publicUntil', d.publicUntil],
                        ['report.c.basis', d.enforcementBasis],
                        ['report.c.obligation', d.obligation],
                        ['report.c.performance', d.performance],
                        ['report.c.circumstances', d.circumstances],
                        ['report.f.legalRep', d.legalRepresentative],
                        [
                          'report.c.removedOn',
                          d.removedOn ? `${d.removedOn} ${d.removalReasonText ?? L(COURT_REMOVAL_LABELS, d.removalReason)}` : null,
                        ],
                      ]
                        .filter(([, v]) => v)
                        .map(([k, v]) => [h('dt', { text: t(/** @type {string} */ (k)) }), h('dd', { text: v })]),
                    ),
                  ),
                ),
            ),
        },
        {
          id: 'serious-illegal',
          department: 'MARKET_REGULATION',
          title: 'report.sub.seriousIllegal',
          items: findings(e, 'MARKET_REGULATION', ['SERIOUS_ILLEGAL_DISHONEST']),
          columns: findingColumns.slice(1),
          isHistory: findingsHistory('MARKET_REGULATION'),
        },
        {
          id: 'major-tax',
          department: 'TAX',
          title: 'report.sub.majorTax',
          items: tax?.majorViolations ?? [],
          isHistory: hist('tax', 'majorViolations'),
          columns: [
            { label: 'report.c.caseNo', cell: (v) => h('code', { text: v.caseNumber }) },
            { label: 'report.c.authority', cell: (v) => v.authority },
            { label: 'report.c.facts', cell: (v) => v.facts },
            { label: 'report.c.amount', cell: (v) => money(v.amountYuan), cls: 'num' },
            { label: 'report.c.publishedOn', cell: (v) => v.publishedOn, cls: 'nowrap' },
            { label: 'report.c.publicUntil', cell: (v) => v.publicUntil ?? '', cls: 'nowrap' },
            {
              label: 'report.c.status',
              cell: (v) => [
                statusCell(v),
                v.stoppedOn
                  ? h('div', {
                      class: 'muted small',
                      text: `${t('report.c.stopped')} ${v.stoppedOn} ${v.stopReasonText ?? L(TAX_STOP_REASON_LABELS, v.stopReason)}`,
                    })
                  : null,
              ],
              cls: 'nowrap',
            },
          ],
        },
        {
          id: 'safety',
          department: 'ECONOMY_IT',
          title: 'report.sub.safety',
          items: findings(e, 'ECONOMY_IT', ['SAFETY_PRODUCTION_DISHONEST']),
          columns: findingColumns.slice(1),
          isHistory: findingsHistory('ECONOMY_IT'),
        },
      ]),
      renderSection(e, 4, 'abnormal', 'report.section.abnormal', [
        {
          id: 'abnormal',
          department: 'MARKET_REGULATION',
          items: findings(e, 'MARKET_REGULATION', ['ABNORMAL_OPERATIONS']),
          columns: findingColumns.slice(1),
          isHistory: findingsHistory('MARKET_REGULATION'),
        },
      ]),
      renderSection(e, 5, 'commitments', 'report.section.commitments', [
        {
          id: 'commitments',
          department: 'ECONOMY_IT',
          items: eco?.commitments ?? [],
          isHistory: hist('economy', 'commitments'),
          columns: [
            { label: 'report.c.reference', cell: (c) => h('code', { text: c.reference }) },
            { label: 'report.c.matter', cell: (c) => c.matter },
            { label: 'report.c.madeOn', cell: (c) => c.madeOn, cls: 'nowrap' },
            {
              label: 'report.c.status',
              cell: (c) => h('span', { class: `commitment-${String(c.status).toLowerCase()}`, text: L(COMMITMENT_STATUS_LABELS, c.status) }),
            },
            { label: 'report.c.checkedOn', cell: (c) => c.checkedOn ?? '', cls: 'nowrap' },
          ],
        },
      ]),
      renderSection(e, 6, 'judicial', 'report.section.judicial', [
        {
          id: 'judicial-findings',
          department: 'COURTS',
          title: 'report.sub.judicialFindings',
          items: findings(e, 'COURTS', ['DISHONEST_DEBTOR', 'CONSUMPTION_RESTRICTION']),
          columns: findingColumns,
          isHistory: findingsHistory('COURTS'),
        },
        {
          id: 'enforcement',
          department: 'COURTS',
          title: 'report.sub.enforcement',
          items: jud?.enforcementCases ?? [],
          isHistory: hist('judicial', 'enforcementCases'),
          columns: [
            { label: 'report.c.caseNumber', cell: (c) => h('code', { text: c.caseNumber }) },
            { label: 'report.c.court', cell: (c) => c.court },
            { label: 'report.c.filedOn', cell: (c) => c.filedOn, cls: 'nowrap' },
            { label: 'report.c.amount', cell: (c) => money(c.amountYuan), cls: 'num' },
            { label: 'report.c.closedOn', cell: (c) => c.closedOn ?? '', cls: 'nowrap' },
          ],
        },
      ]),
      renderSection(
        e,
        7,
        'tax',
        'report.section.tax',
        [
          {
            id: 'tax-ratings',
            department: 'TAX',
            title: 'report.sub.taxRatings',
            items: tax?.creditRatings ?? [],
            columns: ratingColumns,
            isHistory: hist('tax', 'creditRatings'),
          },
          {
            id: 'arrears',
            department: 'TAX',
            title: 'report.sub.arrears',
            items: tax?.arrears ?? [],
            columns: [
              { label: 'report.c.taxType', cell: (a) => a.taxType },
              { label: 'report.c.amount', cell: (a) => money(a.amountYuan), cls: 'num' },
              { label: 'report.c.since', cell: (a) => a.since, cls: 'nowrap' },
              { label: 'report.c.authority', cell: (a) => a.authority },
            ],
          },
          {
            id: 'tax-findings',
            department: 'TAX',
            title: 'report.sub.taxFindings',
            items: findings(e, 'TAX', ['TAX_CREDIT_D', 'MAJOR_TAX_VIOLATION', 'TAX_ARREARS', 'TAX_CREDIT_A']),
            columns: findingColumns,
            isHistory: findingsHistory('TAX'),
          },
        ],
        tax?.source?.status === 'OK' && (tax.taxpayerId || taxCurrent)
          ? h(
              'dl',
              { class: 'report-facts' },
              tax.taxpayerId
                ? [
                    h('dt', { text: t('report.f.taxpayerId') }),
                    h('dd', null, h('code', { text: tax.taxpayerId }), ` ${L(TAXPAYER_ID_TYPE_LABELS, tax.taxpayerIdType)}`),
                  ]
                : null,
              taxCurrent ? [h('dt', { text: t('report.f.currentRating') }), h('dd', { text: `${taxCurrent.level}（${taxCurrent.year}）` })] : null,
            )
          : null,
      ),
      renderSection(
        e,
        8,
        'environment',
        'report.section.environment',
        [
          {
            id: 'env-ratings',
            department: 'ENVIRONMENT',
            title: 'report.sub.envRatings',
            items: env?.ratings ?? [],
            columns: envRatingColumns,
            isHistory: hist('environment', 'ratings'),
          },
          {
            id: 'env-findings',
            department: 'ENVIRONMENT',
            title: 'report.sub.envFindings',
            items: env?.findings ?? [],
            columns: findingColumns,
            isHistory: hist('environment', 'findings'),
          },
        ],
        env?.source?.status === 'OK' && (envCurrent || env.enterpriseName)
          ? h(
              'dl',
              { class: 'report-facts' },
              env.enterpriseName ? [h('dt', { text: t('report.f.envName') }), h('dd', { text: env.enterpriseName })] : null,
              [
                h('dt', { text: t('report.f.currentEnvRating') }),
                h('dd', { text: envCurrent ? `${L(ENV_LEVEL_LABELS, envCurrent.level)}（${envCurrent.year}）` : t('report.none') }),
              ],
            )
          : null,
      ),
      renderSection(e, 9, 'economy', 'report.section.economy', [
        {
          id: 'economy-honors',
          department: 'ECONOMY_IT',
          title: 'report.sub.honors',
          items: eco?.honors ?? [],
          columns: honorColumns,
          isHistory: hist('economy', 'honors'),
        },
        {
          id: 'economy-findings',
          department: 'ECONOMY_IT',
          title: 'report.sub.economyFindings',
          items: eco?.findings ?? [],
          columns: findingColumns,
          isHistory: hist('economy', 'findings'),
        },
      ]),
      // Every other registered department: its records, as its findings say them.
      ...OTHER_DEPARTMENTS.map((dept, k) => {
        const field = SECTION_FIELD[dept] ?? '';
        const label = { department: L(DEPARTMENT_LABELS, dept) };
        return renderSection(
          e,
          10 + k,
          `department-${field}`,
          'report.section.department',
          [
            {
              id: `${field}-findings`,
              department: dept,
              title: 'report.sub.departmentFindings',
              titleParams: label,
              items: e[field]?.findings ?? [],
              columns: findingColumns,
              isHistory: hist(field, 'findings'),
            },
          ],
          undefined,
          label,
        );
      }),
    ];
    const numberOf = (/** @type {number} */ i) => (lang === 'zh' ? `${ZH_NUMERALS[i] ?? i + 1}、` : `${i + 1}. `);

    const verdictSection = h(
      'section',
      { class: 'report-section report-verdict', data: { section: 'verdict', state: check ? 'data' : 'unreadable' } },
      h('h2', null, h('span', { class: 'section-num', text: numberOf(sections.length) }), t('report.section.verdict')),
      check
        ? [
            verdictBox(check, { compact: true }),
            missingNote(check),
            notCheckedList(check),
            warningsList(check.warnings ?? []),
            flagsList(check.flags ?? [], check.missingSources ?? []),
            incentivesList(check.incentives ?? []),
          ]
        : h('p', { class: 'unreadable', testid: 'unreadable' }, icon('warning'), t('report.unreadable')),
    );
    const sourcesSection = h(
      'section',
      { class: 'report-section', data: { section: 'sources', state: 'data' } },
      h('h2', null, h('span', { class: 'section-num', text: numberOf(sections.length + 1) }), t('report.section.sources')),
      sourcesTable(check ?? { sources: DEPARTMENTS.map((d) => sourceOf(e, d)), relevantSources: [] }),
    );

    // 十三、异议申诉与信用修复: what the reader can do about a record, and on what basis.
    const rightsSection = h(
      'section',
      { class: 'report-section report-rights', testid: 'report-rights', data: { section: 'rights', state: 'data' } },
      h('h2', null, h('span', { class: 'section-num', text: numberOf(sections.length + 2) }), t('report.section.rights')),
      ['objection', 'repair', 'courts'].map((k) =>
        h(
          'div',
          { class: 'rights-block', data: { rights: k } },
          h('h3', { text: t(`report.rights.${k}.title`) }),
          h('p', { text: t(`report.rights.${k}.text`) }),
          h('p', { class: 'rights-basis', text: t(`report.rights.${k}.basis`) }),
        ),
      ),
    );

    // 报告核验: where and how the reader checks that the report was issued and not altered.
    const verifyBlock =
      report && verifyAt
        ? h(
            'div',
            { class: 'report-verify', testid: 'report-verify' },
            h('h3', { text: t('report.verify.title') }),
            h('p', { text: t('report.verify.text') }),
            h(
              'dl',
              { class: 'report-facts' },
              h('dt', { text: t('report.number') }),
              h('dd', null, h('strong', { text: report.number })),
              h('dt', { text: t('report.verify.hash') }),
              h('dd', null, h('code', { class: 'report-hash', testid: 'report-hash', data: { hash: report.hash }, text: groupHash(report.hash) })),
              h('dt', { text: t('report.verify.url') }),
              h('dd', null, h('code', { class: 'report-verify-url', testid: 'report-verify-url', text: verifyAt })),
            ),
          )
        : null;

    return h(
      'article',
      {
        class: ['report', report ? 'issued' : 'not-issued'],
        testid: 'report',
        data: { verdict: check?.verdict ?? 'ERROR', uscc: e.uscc, issued: String(!!report), date },
      },
      development ? h('p', { class: 'report-dev-note', testid: 'report-dev-note', text: t('report.watermark') }) : null,
      !report
        ? h(
            'div',
            { class: 'not-issued-note no-print', testid: 'not-issued', data: { reason: notIssued?.reason ?? '' }, role: 'note' },
            icon('warning'),
            h('div', null, h('strong', { text: t('report.notIssuedTitle') }), h('p', { text: notIssuedText(notIssued) })),
          )
        : null,
      header,
      sections,
      verdictSection,
      sourcesSection,
      rightsSection,
      errors.length
        ? h(
            'div',
            { class: 'partial-errors', testid: 'partial-errors' },
            h('p', { text: t('result.partialErrors') }),
            h(
              'ul',
              null,
              errors.map((/** @type {any} */ er) =>
                h('li', null, h('code', { text: String(er.extensions?.code ?? 'ERROR') }), ' ', pickLanguage(String(er.message ?? ''))),
              ),
            ),
          )
        : null,
      h('footer', { class: 'report-footer' }, verifyBlock, h('p', { text: t('report.footer') })),
    );
  };

  /** The development watermark on every printed page (and faintly on screen), unless in production. */
  const watermark = () =>
    config.production
      ? null
      : h(
          'div',
          { class: 'watermark', testid: 'watermark', 'aria-hidden': 'true' },
          Array.from({ length: 4 }, () => h('span', { text: t('report.watermark') })),
        );

  const render = () => {
    clear(host);
    printBtn.disabled = !(state.kind === 'data' && state.report);
    if (state.kind === 'none') {
      host.appendChild(h('p', { class: 'muted no-print', text: t('report.enterCode') }));
      return;
    }
    if (state.kind === 'loading') {
      host.appendChild(
        h('div', { class: 'loading', testid: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('report.loading')),
      );
      return;
    }
    if (state.kind === 'error') {
      host.appendChild(errorBox(state.error, { onRetry: () => void run() }));
      return;
    }
    host.appendChild(renderReport(state.enterprise, state.errors, state.settings, state.report, state.notIssued));
    // Printing without an issued report prints only this.
    if (!state.report)
      host.appendChild(h('p', { class: 'print-only not-issued-print', testid: 'not-issued-print', text: t('report.notIssuedPrint') }));
    const mark = watermark();
    if (mark) host.appendChild(mark);
    const v = state.enterprise.creditCheck?.verdict;
    document.title = `${t('report.title')} · ${state.enterprise.marketRegulation?.registration?.name ?? state.enterprise.uscc}${v ? ` · ${L(VERDICT_LABELS, v)}` : ''}`;
  };

  const run = async () => {
    const parsed = field.validate();
    if (!parsed.valid) {
      state = { kind: 'none' };
      render();
      input.focus();
      return;
    }
    if (!settingsComplete()) {
      state = { kind: 'error', error: settingsMissingError() };
      render();
      openSettings();
      return;
    }
    const variables = { uscc: parsed.info.uscc, scenario: scenario.value, asOf: asOf.value || null };
    history.replaceState(
      null,
      '',
      `?${new URLSearchParams({ uscc: variables.uscc, scenario: variables.scenario, ...(variables.asOf ? { asOf: variables.asOf } : {}) })}`,
    );
    state = { kind: 'loading' };
    submit.disabled = true;
    render();
    try {
      const { data, errors, extensions } = await request(REPORT_QUERY, variables, { headers: ISSUE_HEADERS });
      if (!data.enterprise) {
        const first = errors[0];
        state = {
          kind: 'error',
          error: Object.assign(new Error(first?.message ?? 'No result'), { code: String(first?.extensions?.code ?? 'ERROR') }),
        };
      } else {
        const issued = /** @type {any} */ (extensions)?.creditReport;
        const refusal = errors.find((er) => er.extensions?.['code'] === 'REPORT_NOT_ISSUED');
        state = {
          kind: 'data',
          enterprise: data.enterprise,
          errors: errors.filter((er) => er !== refusal),
          settings: getSettings(),
          report: issued && typeof issued.number === 'string' && typeof issued.hash === 'string' ? issued : null,
          notIssued: refusal ? { reason: String(refusal.extensions?.['reason'] ?? 'other'), message: refusal.message } : null,
        };
      }
    } catch (err) {
      state = { kind: 'error', error: err };
    } finally {
      submit.disabled = false;
    }
    render();
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run();
  });
  onLangChange(() => {
    fillScenarios();
    field.update();
    render();
  });
  // A report handed out is in Chinese whatever the screen shows: print in Chinese, then switch back.
  /** @type {'zh' | 'en' | null} */
  let langBeforePrint = null;
  window.addEventListener('beforeprint', () => {
    if (getLang() === 'zh') return;
    langBeforePrint = getLang();
    setLang('zh');
  });
  window.addEventListener('afterprint', () => {
    if (langBeforePrint) setLang(langBeforePrint);
    langBeforePrint = null;
  });

  render();
  if (input.value && settingsComplete()) void run();
});
