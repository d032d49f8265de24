// @ts-check
/**
 * `/catalogue.html[?asOf=YYYY-MM-DD]` — 措施清单: the measures in force on a chosen day (default
 * today, China time), each with its level, category, scenarios, scope, and per trigger the record
 * type, condition, local reading and legal bases (citation, quoted wording, dates; ＊ for wording
 * not yet checked against the official text). The catalogue holds no enterprise data: the gateway
 * needs the caller's key, but no purpose.
 */
import { h, append, clear, byId } from '../lib/dom.js';
import {
  boot,
  t,
  L,
  getLang,
  onLangChange,
  onSettingsChange,
  request,
  errorBox,
  settingsMissingError,
  openSettings,
  getSettings,
  chinaToday,
} from '../lib/app.js';
import {
  SCENARIO_LABELS,
  FINDING_KIND_LABELS,
  MEASURE_LEVEL_LABELS,
  MEASURE_CATEGORY_LABELS,
  MEASURE_TARGET_LABELS,
  DURATION_FROM_LABELS,
} from '../lib/i18n.js';
import { CATALOGUE_QUERY } from '../lib/queries.js';
import { basisList, hasUnconfirmed, unconfirmedLegend } from '../lib/check-view.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * "from … to …", or "from …" while open-ended; null without a start.
 * @param {string | null | undefined} from
 * @param {string | null | undefined} until
 */
function range(from, until) {
  if (!from && !until) return null;
  if (!until) return t('catalogue.from', { from: from ?? '' });
  return t('flag.range', { from: from ?? '…', until });
}

/** @param {any} d */
function durationText(d) {
  if (!d) return null;
  if (d.type === 'FIXED_TERM') return t('duration.fixedTerm', { months: d.months ?? '', from: L(DURATION_FROM_LABELS, d.from) });
  return t('duration.recordWindow');
}

/**
 * @param {string} label
 * @param {import('../lib/dom.js').Child} value
 */
function row(label, value) {
  if (value === null || value === undefined || value === '') return null;
  return [h('dt', { text: label }), h('dd', null, value)];
}

/** The dates, issuer and replacement under a basis's wording. @param {any} b */
function basisMeta(b) {
  return h(
    'span',
    { class: 'basis-meta' },
    [
      t('catalogue.basisDates', { range: range(b.effectiveFrom, b.effectiveUntil) ?? '' }),
      b.issuer ? t('catalogue.issuer', { issuer: b.issuer }) : null,
      b.supersededBy ? t('catalogue.supersededBy', { doc: b.supersededBy }) : null,
    ]
      .filter(Boolean)
      .join(' · '),
  );
}

/** One trigger: the record type, its condition and local reading, and its bases. @param {any} tr */
function triggerItem(tr) {
  const period =
    tr.effectiveFrom || tr.effectiveUntil ? t('catalogue.triggerPeriod', { range: range(tr.effectiveFrom, tr.effectiveUntil) ?? '' }) : null;
  return h(
    'li',
    { class: 'trigger', testid: 'catalogue-trigger', data: { kind: tr.kind } },
    h(
      'div',
      { class: 'trigger-head' },
      h('strong', { text: L(FINDING_KIND_LABELS, tr.kind) }),
      period ? h('span', { class: 'muted small', text: period }) : null,
    ),
    h(
      'dl',
      { class: 'flag-details' },
      row(t('flag.condition'), tr.condition),
      row(t('flag.basis'), (tr.legalBasis ?? []).length ? basisList(tr.legalBasis, basisMeta) : null),
      row(t('flag.localChoice'), tr.localChoice),
    ),
  );
}

/** @param {string} code */
const anchorOf = (code) => `measure-${code}`;

/** @param {any} m */
function scenarioNames(m) {
  return /** @type {string[]} */ (m.scenarios ?? []).map((s) => L(SCENARIO_LABELS, s)).join(getLang() === 'zh' ? '、' : '; ');
}

/**
 * The index above the list: level, name (a link to the measure) and scenarios, one line each.
 * @param {any[]} measures
 */
function measureIndex(measures) {
  const lang = getLang();
  return h(
    'table',
    { class: 'table catalogue-index', testid: 'catalogue-index' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ['catalogue.level', 'catalogue.measure', 'catalogue.scenarios'].map((k) => h('th', { scope: 'col', text: t(k) })),
      ),
    ),
    h(
      'tbody',
      null,
      measures.map((m) => {
        const kind = String(m.kind ?? '');
        return h(
          'tr',
          null,
          h('td', null, h('span', { class: ['kind-badge', `kind-${kind.toLowerCase()}`], text: L(MEASURE_LEVEL_LABELS, kind) })),
          h('td', null, h('a', { href: `#${anchorOf(m.code)}`, text: lang === 'zh' ? m.nameZh : m.name })),
          h('td', { text: scenarioNames(m) }),
        );
      }),
    ),
  );
}

/** One measure. @param {any} m */
function measureItem(m) {
  const lang = getLang();
  const kind = String(m.kind ?? '');
  const scenarios = scenarioNames(m);
  return h(
    'li',
    {
      id: anchorOf(m.code),
      class: ['flag', 'catalogue-measure', `kind-${kind.toLowerCase()}`],
      testid: 'catalogue-measure',
      data: { measureCode: m.code, kind },
    },
    h(
      'div',
      { class: 'flag-head' },
      h('span', { class: ['kind-badge', `kind-${kind.toLowerCase()}`], testid: 'measure-level', text: L(MEASURE_LEVEL_LABELS, kind) }),
      h(
        'span',
        { class: 'flag-name' },
        h('strong', { text: lang === 'zh' ? m.nameZh : m.name }),
        lang === 'zh' ? null : h('span', { class: 'flag-name-alt', text: m.nameZh }),
      ),
      h('code', { class: 'measure-code', text: m.code }),
    ),
    h(
      'dl',
      { class: 'flag-details' },
      row(t('catalogue.category'), L(MEASURE_CATEGORY_LABELS, m.category)),
      row(t('catalogue.scenarios'), scenarios),
      row(t('flag.scope'), m.scope),
      row(t('flag.implementedBy'), m.implementedBy),
      row(t('flag.appliesTo'), L(MEASURE_TARGET_LABELS, m.appliesTo)),
      row(t('catalogue.period'), range(m.effectiveFrom, m.effectiveUntil)),
      row(t('catalogue.duration'), durationText(m.duration)),
    ),
    h('h4', { class: 'triggers-title', text: t('catalogue.triggers') }),
    h('ol', { class: 'triggers' }, (m.triggerRules ?? []).map(triggerItem)),
  );
}

boot('catalogue', () => {
  const form = /** @type {HTMLFormElement} */ (byId('catalogue-form'));
  const asOf = /** @type {HTMLInputElement} */ (byId('asof'));
  const host = byId('catalogue');

  /** @type {{ kind: 'none' } | { kind: 'loading' } | { kind: 'error', error: unknown } | { kind: 'data', catalogue: any, asOf: string }} */
  let state = { kind: 'none' };
  /** The latest request: an older answer arriving late is dropped. */
  let seq = 0;

  const fromUrl = new URLSearchParams(location.search).get('asOf');
  asOf.value = fromUrl && DATE.test(fromUrl) ? fromUrl : chinaToday();

  const render = () => {
    clear(host);
    if (state.kind === 'none') return;
    if (state.kind === 'loading') {
      host.appendChild(
        h('div', { class: 'loading', testid: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('catalogue.loading')),
      );
      return;
    }
    if (state.kind === 'error') {
      host.appendChild(errorBox(state.error, { onRetry: () => void run(false) }));
      return;
    }
    const c = state.catalogue;
    const measures = /** @type {any[]} */ (c.measures ?? []);
    const bases = measures.flatMap((m) => (m.triggerRules ?? []).flatMap((/** @type {any} */ tr) => tr.legalBasis ?? []));
    append(host, [
      h(
        'p',
        { class: 'catalogue-summary', testid: 'catalogue-summary', data: { asOf: c.asOf ?? state.asOf, count: measures.length } },
        t('catalogue.summary', { date: c.asOf ?? state.asOf, count: measures.length }),
        h('span', { class: 'muted' }, ` · ${t('catalogue.version')} `, h('code', { text: c.version })),
      ),
      c.basis ? h('p', { class: 'muted small', lang: 'zh-CN', text: c.basis }) : null,
      measures.length
        ? [measureIndex(measures), h('ol', { class: 'flags catalogue-list', testid: 'catalogue-measures' }, measures.map(measureItem))]
        : h('p', { class: 'muted', testid: 'catalogue-none', text: t('catalogue.none') }),
      hasUnconfirmed(bases) ? unconfirmedLegend() : null,
    ]);
  };

  /** @param {boolean} asked the user pressed 查询 (then a missing key opens the settings) */
  const run = async (asked) => {
    const day = DATE.test(asOf.value) ? asOf.value : chinaToday();
    asOf.value = day;
    if (!getSettings().key.trim()) {
      state = { kind: 'error', error: settingsMissingError() };
      render();
      if (asked) openSettings();
      return;
    }
    history.replaceState(null, '', `?${new URLSearchParams({ asOf: day })}`);
    const mine = ++seq;
    state = { kind: 'loading' };
    render();
    /** @type {typeof state} */
    let next;
    try {
      const { data, errors } = await request(CATALOGUE_QUERY, { asOf: day });
      if (!data.measuresCatalogue) {
        const first = errors[0];
        next = {
          kind: 'error',
          error: Object.assign(new Error(first?.message ?? 'No result'), { code: String(first?.extensions?.code ?? 'ERROR') }),
        };
      } else next = { kind: 'data', catalogue: data.measuresCatalogue, asOf: day };
    } catch (err) {
      next = { kind: 'error', error: err };
    }
    if (mine !== seq) return;
    state = next;
    render();
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run(true);
  });
  asOf.addEventListener('change', () => {
    if (DATE.test(asOf.value)) void run(false);
  });
  onLangChange(render);
  // Settings saved after a refusal for want of a key: try again.
  onSettingsChange(() => {
    if (state.kind === 'error' && getSettings().key.trim()) void run(false);
  });
  void run(false);
});
