// @ts-check
/**
 * Drawing a credit check: the verdict (colour, text and icon), missing departments, what was not
 * checked, warnings, restriction flags and incentives each with the legal bases of its own trigger
 * (citation and quoted wording), the sources and their freshness, and the check id. Used by the
 * service-hall page and the report; the bases are drawn the same way on the catalogue page.
 *
 * The catalogue's notes for the credit office (`officeNote`, the deprecated `Measure.note`) are
 * never asked for and never shown: what the clerk sees is the basis, its wording, the scope, the
 * condition and the local reading.
 */
import { h, icon } from './dom.js';
import { t, L, getLang, pickLanguage, formatDateTime, relativeTime } from './app.js';
import {
  VERDICT_LABELS,
  VERDICT_ADVICE,
  SCENARIO_LABELS,
  DEPARTMENT_LABELS,
  DEPARTMENTS,
  FINDING_KIND_LABELS,
  FINDING_STATUS_LABELS,
  MEASURE_KIND_LABELS,
  MEASURE_TARGET_LABELS,
  SOURCE_STATE_LABELS,
} from './i18n.js';

/**
 * Department names joined for a sentence.
 * @param {string[]} departments
 */
export function departmentList(departments) {
  return departments.map((d) => L(DEPARTMENT_LABELS, d)).join(getLang() === 'zh' ? '、' : ', ');
}

/**
 * A small verdict label (colour, icon, words) for tables and lists.
 * @param {string} verdict
 */
export function verdictPill(verdict) {
  const meta = VERDICT_LABELS[verdict] ?? { zh: verdict, en: verdict, icon: 'error', tone: 'grey' };
  return h('span', { class: ['verdict-pill', `tone-${meta.tone}`], title: verdict }, icon(meta.icon), getLang() === 'zh' ? meta.zh : meta.en);
}

/**
 * The verdict box: large, coloured, with icon and text in both languages (current one first).
 * `heading` goes above the verdict (e.g. 联合体核查结论); `testid` replaces `verdict` (a member's
 * box inside a consortium result is not the page's verdict); `objection` adds, inside the box, the
 * records under objection (异议处理中), so that nobody reads the verdict without seeing them.
 * @param {any} check
 * @param {{ compact?: boolean, heading?: string, testid?: string, objection?: boolean }} [options]
 */
export function verdictBox(check, options = {}) {
  const v = String(check.verdict);
  const meta = VERDICT_LABELS[v] ?? { zh: v, en: v, icon: 'error', tone: 'grey' };
  const lang = getLang();
  const primary = lang === 'zh' ? meta.zh : meta.en;
  // The English page names the verdict's Chinese term too (as documents cite it); the Chinese page has no English.
  const secondary = lang === 'zh' ? null : meta.zh;
  const summary = lang === 'zh' ? check.summaryZh : check.summary;
  return h(
    'div',
    {
      class: ['verdict-box', `tone-${meta.tone}`, options.compact ? 'compact' : null],
      testid: options.testid ?? 'verdict',
      role: 'status',
      data: { verdict: v },
    },
    icon(meta.icon, 'icon verdict-icon'),
    h(
      'div',
      { class: 'verdict-text' },
      options.heading ? h('div', { class: 'verdict-heading', testid: 'verdict-heading', text: options.heading }) : null,
      h(
        'div',
        { class: 'verdict-label' },
        h('span', { class: 'verdict-primary', testid: 'verdict-label', text: primary }),
        secondary ? h('span', { class: 'verdict-secondary', text: secondary }) : null,
      ),
      h('p', { class: 'verdict-advice', text: L(VERDICT_ADVICE, v) }),
      summary ? h('p', { class: 'verdict-summary', testid: 'verdict-summary', text: summary }) : null,
      options.objection ? objectionLine(check) : null,
      h('p', { class: 'verdict-scenario', text: t('result.scenario', { scenario: L(SCENARIO_LABELS, check.scenario) }) }),
    ),
  );
}

/**
 * The records of a check that are under objection (异议处理中), once each, in the order of the flags.
 * @param {any} check
 * @returns {any[]} findings
 */
export function objectionRecords(check) {
  /** @type {Map<string, any>} */
  const seen = new Map();
  for (const f of check.flags ?? []) {
    const finding = f.finding ?? {};
    if (!(f.underObjection || finding.underObjection)) continue;
    const key = recordKey(finding);
    if (!seen.has(key)) seen.set(key, finding);
  }
  return [...seen.values()];
}

/**
 * One line naming the records under objection: the measures still apply while it is handled.
 * @param {any} check
 */
export function objectionLine(check) {
  const records = objectionRecords(check);
  if (!records.length) return null;
  const sep = getLang() === 'zh' ? '、' : '; ';
  const names = records
    .map((f) => `${L(FINDING_KIND_LABELS, f.kind)}${f.reference ? (getLang() === 'zh' ? `（${f.reference}）` : ` (${f.reference})`) : ''}`)
    .join(sep);
  return h(
    'p',
    { class: 'verdict-objection', testid: 'verdict-objection', role: 'note' },
    h('span', { class: 'badge badge-objection' }, icon('objection'), t('flag.underObjection')),
    h('span', { text: t('result.objectionLine', { records: names }) }),
  );
}

/**
 * 在以下名单中：A、B、C — the kinds of record that trigger the check's measures, once each,
 * strongest first, each marked when under objection. Null when nothing is flagged.
 * @param {any} check
 */
export function listsLine(check) {
  /** @type {Map<string, boolean>} kind → some record of it under objection */
  const kinds = new Map();
  for (const f of check.flags ?? []) {
    const kind = String(f.finding?.kind ?? '');
    const objected = !!(f.underObjection || f.finding?.underObjection);
    kinds.set(kind, (kinds.get(kind) ?? false) || objected);
  }
  if (!kinds.size) return null;
  const lists = [...kinds].map(([kind, objected]) => `${L(FINDING_KIND_LABELS, kind)}${objected ? t('result.onListsObjection') : ''}`);
  return h(
    'p',
    { class: 'on-lists', testid: 'on-lists', data: { kinds: [...kinds.keys()].join(',') } },
    icon('warning'),
    t('result.onLists', { lists: lists.join(getLang() === 'zh' ? '、' : ', ') }),
  );
}

/** @param {any} finding */
function recordKey(finding) {
  return finding.id ? String(finding.id) : `${finding.department}|${finding.kind}|${finding.reference}|${finding.listedOn}`;
}

/**
 * The note naming the departments that could not be read (shown with any verdict).
 * @param {any} check
 */
export function missingNote(check) {
  const missing = /** @type {string[]} */ (check.missingSources ?? []);
  if (!missing.length) return null;
  const key = check.verdict === 'PROHIBITED' ? 'result.missingProhibit' : 'result.missing';
  return h(
    'div',
    { class: 'missing-note', role: 'alert', testid: 'missing-sources', data: { departments: missing.join(',') } },
    icon('warning', 'icon icon-lg'),
    h(
      'p',
      null,
      h('strong', { text: t(key, { departments: departmentList(missing) }) }),
      ' ',
      check.verdict === 'PROHIBITED' ? null : t('result.sourcesNote'),
    ),
  );
}

/** @param {string[]} warnings */
export function warningsList(warnings) {
  if (!warnings?.length) return null;
  return h(
    'div',
    { class: 'warnings', testid: 'warnings' },
    h('h3', { text: t('result.warnings') }),
    h(
      'ul',
      null,
      warnings.map((w) => h('li', { testid: 'warning' }, icon('warning'), h('span', { text: pickLanguage(w) }))),
    ),
  );
}

/** @param {any} basis */
function isUnconfirmed(basis) {
  return basis?.verification?.state === 'UNCONFIRMED';
}

/**
 * Any of these bases has wording not yet read in an official text (the legend is then due).
 * @param {any[]} bases
 */
export function hasUnconfirmed(bases) {
  return bases.some(isUnconfirmed);
}

/**
 * How a clerk cites a basis: 《title》（number）article.
 * @param {any} basis
 */
export function citation(basis) {
  const doc = String(basis.document ?? '');
  const title = /^《.*》$/.test(doc) ? doc : `《${doc}》`;
  return `${title}${basis.documentNumber ? `（${basis.documentNumber}）` : ''}${basis.article ? basis.article : ''}`;
}

/**
 * One basis: the citation, one small ＊ when its wording is unconfirmed (explained once, by the
 * legend under the list), and the quoted wording 「…」. `extra` goes under the wording (the
 * catalogue's dates and issuer).
 * @param {any} basis
 * @param {import('./dom.js').Child} [extra]
 */
export function basisItem(basis, extra = null) {
  const unconfirmed = isUnconfirmed(basis);
  return h(
    'li',
    { class: 'basis', testid: 'basis', data: { verification: basis.verification?.state ?? null } },
    h(
      'span',
      { class: 'basis-cite' },
      h('span', { class: 'basis-citation', text: citation(basis) }),
      unconfirmed ? h('span', { class: 'basis-mark', testid: 'basis-unconfirmed', title: t('flag.unconfirmedTitle'), text: '＊' }) : null,
    ),
    basis.wording ? h('span', { class: 'basis-wording', lang: 'zh-CN', text: `「${basis.wording}」` }) : null,
    extra,
  );
}

/**
 * A list of bases.
 * @param {any[]} bases
 * @param {(basis: any) => import('./dom.js').Child} [extra]
 */
export function basisList(bases, extra) {
  return h(
    'ul',
    { class: 'basis-list' },
    bases.map((b) => basisItem(b, extra ? extra(b) : null)),
  );
}

/** The one line that explains ＊ (at the end of a list whose bases carry it). */
export function unconfirmedLegend() {
  return h('p', { class: 'basis-legend', testid: 'unconfirmed-legend', text: t('flag.unconfirmedLegend') });
}

/**
 * 未核查事项: what the scenario's rules would also need and no connected department holds — shown
 * so it is never taken as checked.
 * @param {any} check
 */
export function notCheckedList(check) {
  const items = /** @type {{ zh: string, en: string }[]} */ (check.notChecked ?? []);
  if (!items.length) return null;
  const lang = getLang();
  return h(
    'section',
    { class: 'not-checked', testid: 'not-checked', 'aria-labelledby': 'not-checked-title' },
    h('h3', { id: 'not-checked-title' }, icon('warning'), t('result.notChecked')),
    h('p', { class: 'not-checked-intro', text: t('result.notCheckedIntro') }),
    h(
      'ul',
      null,
      items.map((i) => h('li', { testid: 'not-checked-item', text: lang === 'zh' ? i.zh : i.en })),
    ),
  );
}

/**
 * @param {string} label
 * @param {import('./dom.js').Child} value
 */
function row(label, value) {
  if (value === null || value === undefined || value === '') return null;
  return [h('dt', { text: label }), h('dd', null, value)];
}

/**
 * One restriction flag or incentive.
 * @param {any} flag
 * @param {'flag' | 'incentive'} type
 */
export function flagItem(flag, type) {
  const m = flag.measure ?? {};
  const f = flag.finding ?? {};
  const lang = getLang();
  const kind = String(m.kind ?? '');
  const underObjection = !!(flag.underObjection || f.underObjection);
  const nameMain = lang === 'zh' ? m.nameZh : m.name;
  // The English UI also gives the Chinese name (what the clerk cites); the Chinese UI stays Chinese.
  const nameAlt = lang === 'zh' ? null : m.nameZh;
  const until = flag.appliesUntil ?? t('flag.appliesUntilOpen');
  return h(
    'li',
    { class: ['flag', `kind-${kind.toLowerCase()}`], testid: type, data: { measureCode: m.code, kind } },
    h(
      'div',
      { class: 'flag-head' },
      h('span', { class: ['kind-badge', `kind-${kind.toLowerCase()}`], text: L(MEASURE_KIND_LABELS, kind) }),
      h(
        'span',
        { class: 'flag-name', title: m.code },
        h('strong', { text: nameMain }),
        nameAlt ? h('span', { class: 'flag-name-alt', text: nameAlt }) : null,
      ),
      // The code is an English identifier: the Chinese page names the measure in Chinese only.
      lang === 'zh' ? null : h('code', { class: 'measure-code', text: m.code }),
      underObjection
        ? h(
            'span',
            { class: 'badge badge-objection', testid: 'under-objection', title: t('flag.underObjectionNote') },
            icon('objection'),
            t('flag.underObjection'),
          )
        : null,
    ),
    underObjection ? h('p', { class: 'objection-note', text: `${t('flag.underObjection')}：${t('flag.underObjectionNote')}` }) : null,
    h(
      'dl',
      { class: 'flag-details' },
      row(
        t('flag.trigger'),
        h(
          'span',
          null,
          h('strong', { text: L(FINDING_KIND_LABELS, f.kind) }),
          ` · ${L(DEPARTMENT_LABELS, f.department)} · `,
          recordStatus(f, type === 'incentive'),
        ),
      ),
      row(t('flag.condition'), flag.condition),
      row(t('flag.authority'), f.authority),
      row(t('flag.reference'), f.reference ? h('code', { text: f.reference }) : null),
      row(t('flag.listedOn'), f.listedOn),
      row(t('flag.publicUntil'), f.publicUntil),
      row(t('flag.applies'), t('flag.range', { from: flag.appliesFrom ?? f.listedOn ?? '', until })),
      row(t('flag.reason'), f.reason),
      row(t('flag.basis'), (flag.basis ?? []).length ? basisList(flag.basis) : null),
      row(t('flag.scope'), m.scope),
      row(t('flag.localChoice'), flag.localChoice),
      row(t('flag.implementedBy'), m.implementedBy),
      row(t('flag.appliesTo'), L(MEASURE_TARGET_LABELS, m.appliesTo)),
    ),
  );
}

/**
 * A record's status (有效, 已移出 …): an active record that triggers a measure is shown in red, one
 * that earns an incentive is not (有效 on an honour is good news).
 * @param {any} finding
 * @param {boolean} positive
 */
function recordStatus(finding, positive) {
  const status = String(finding.status ?? '').toLowerCase();
  return h('span', {
    class: ['status', `status-${status}`, positive ? 'status-positive' : null],
    testid: 'record-status',
    text: L(FINDING_STATUS_LABELS, finding.status),
  });
}

/**
 * One measure a record triggers, inside that record (the record's own facts are shown once, above).
 * @param {any} flag
 * @param {'flag' | 'incentive'} type
 */
function measureItem(flag, type) {
  const m = flag.measure ?? {};
  const lang = getLang();
  const kind = String(m.kind ?? '');
  const until = flag.appliesUntil ?? t('flag.appliesUntilOpen');
  const implementer = [
    m.implementedBy ? `${t('flag.implementedBy')}：${m.implementedBy}` : null,
    m.appliesTo ? `${t('flag.appliesTo')}：${L(MEASURE_TARGET_LABELS, m.appliesTo)}` : null,
  ].filter(Boolean);
  return h(
    'li',
    {
      class: ['flag', 'record-measure', `kind-${kind.toLowerCase()}`],
      testid: type,
      data: { measureCode: m.code, kind, findingId: flag.finding?.id ?? null },
    },
    h(
      'div',
      { class: 'flag-head' },
      h('span', { class: ['kind-badge', `kind-${kind.toLowerCase()}`], text: L(MEASURE_KIND_LABELS, kind) }),
      h(
        'span',
        { class: 'flag-name', title: m.code },
        h('strong', { text: lang === 'zh' ? m.nameZh : m.name }),
        lang === 'zh' ? null : h('span', { class: 'flag-name-alt', text: m.nameZh }),
      ),
      lang === 'zh' ? null : h('code', { class: 'measure-code', text: m.code }),
      h('span', { class: 'flag-applies small', text: `${t('flag.applies')}：${t('flag.range', { from: flag.appliesFrom ?? '', until })}` }),
    ),
    h(
      'dl',
      { class: 'flag-details' },
      row(t('flag.basis'), (flag.basis ?? []).length ? basisList(flag.basis) : null),
      row(t('flag.condition'), flag.condition),
      row(t('flag.scope'), m.scope),
      row(t('flag.localChoice'), flag.localChoice),
    ),
    implementer.length ? h('p', { class: 'flag-implementer small', text: implementer.join(' · ') }) : null,
  );
}

/**
 * The check's flags (or incentives) by record: each record once — what it is, its department,
 * status, authority, reference, dates and reason, and whether it is under objection — with the
 * measures that refer to it below it. The multi-list enterprise shows its court, tax and
 * environment records once each, not once per measure.
 * @param {any[]} flags
 * @param {'flag' | 'incentive'} type
 */
export function recordsByFlag(flags, type) {
  /** @type {Map<string, { finding: any, flags: any[] }>} */
  const records = new Map();
  for (const f of flags) {
    const key = recordKey(f.finding ?? {});
    const r = records.get(key) ?? { finding: f.finding ?? {}, flags: [] };
    r.flags.push(f);
    records.set(key, r);
  }
  const sep = getLang() === 'zh' ? '：' : ': ';
  return h(
    'ol',
    { class: ['records', type === 'incentive' ? 'incentives' : null], testid: type === 'incentive' ? 'incentives' : 'flags' },
    [...records.values()].map(({ finding: f, flags: own }) => {
      const objected = own.some((x) => x.underObjection || x.finding?.underObjection);
      const facts = [
        f.authority ? [t('flag.authority'), f.authority] : null,
        f.reference ? [t('flag.reference'), f.reference] : null,
        f.listedOn ? [t('flag.listedOn'), f.listedOn] : null,
        f.publicUntil ? [t('flag.publicUntil'), f.publicUntil] : null,
      ].filter(Boolean);
      return h(
        'li',
        {
          class: ['record', type === 'incentive' ? 'record-positive' : null, objected ? 'record-objection' : null],
          testid: 'record',
          data: { findingId: f.id ?? null, kind: f.kind, department: f.department, measures: own.map((x) => x.measure?.code).join(',') },
        },
        h(
          'div',
          { class: 'record-head' },
          h('strong', { class: 'record-kind', text: L(FINDING_KIND_LABELS, f.kind) }),
          h('span', { class: 'muted', text: L(DEPARTMENT_LABELS, f.department) }),
          recordStatus(f, type === 'incentive'),
          objected
            ? h(
                'span',
                { class: 'badge badge-objection', testid: 'under-objection', title: t('flag.underObjectionNote') },
                icon('objection'),
                t('flag.underObjection'),
              )
            : null,
        ),
        h(
          'p',
          { class: 'record-facts small' },
          facts.map((pair, i) => [
            i ? h('span', { class: 'sep', text: ' · ' }) : null,
            h('span', { class: 'muted', text: `${/** @type {string[]} */ (pair)[0]}${sep}` }),
            h('span', { class: 'fact', text: /** @type {string[]} */ (pair)[1] }),
          ]),
        ),
        f.reason ? h('p', { class: 'record-reason small' }, h('span', { class: 'muted', text: `${t('flag.reason')}${sep}` }), f.reason) : null,
        objected ? h('p', { class: 'objection-note', text: `${t('flag.underObjection')}${sep}${t('flag.underObjectionNote')}` }) : null,
        h(
          'ol',
          { class: 'record-measures' },
          own.map((x) => measureItem(x, type)),
        ),
      );
    }),
  );
}

/**
 * The flags, by record (the service-hall page): a heading that counts records and measures, the
 * records, and the ＊ legend when due.
 * @param {any[]} flags
 * @param {string[]} [missing] departments not read: "no flags" is then only about the others
 */
export function recordsSection(flags, missing = []) {
  const records = new Set(flags.map((f) => recordKey(f.finding ?? {}))).size;
  const measures = new Set(flags.map((f) => f.measure?.code)).size;
  return h(
    'section',
    { class: 'flags-section' },
    h('h3', { text: flags.length ? t('result.recordsCount', { records, measures }) : t('result.flags') }),
    flags.length
      ? [recordsByFlag(flags, 'flag'), hasUnconfirmed(flags.flatMap((f) => f.basis ?? [])) ? unconfirmedLegend() : null]
      : noFlagsNote(missing),
  );
}

/**
 * "No measures apply" — said of the departments read only, when some were not.
 * @param {string[]} missing
 */
function noFlagsNote(missing) {
  return h('p', {
    class: missing.length ? 'no-flags-incomplete' : 'muted',
    testid: 'no-flags',
    text: missing.length ? t('result.noFlagsIncomplete') : t('result.noFlags'),
  });
}

/**
 * The incentives, by record (the service-hall page).
 * @param {any[]} incentives
 */
export function incentiveRecordsSection(incentives) {
  if (!incentives.length) return null;
  return h(
    'section',
    { class: 'incentives-section' },
    h('h3', { text: t('result.incentives') }),
    recordsByFlag(incentives, 'incentive'),
    hasUnconfirmed(incentives.flatMap((f) => f.basis ?? [])) ? unconfirmedLegend() : null,
  );
}

/**
 * @param {any[]} flags
 * @param {string[]} [missing] departments not read: "no flags" is then only about the others
 */
export function flagsList(flags, missing = []) {
  return h(
    'section',
    { class: 'flags-section' },
    h('h3', { text: flags.length ? t('result.flagsCount', { count: flags.length }) : t('result.flags') }),
    flags.length
      ? [
          h(
            'ol',
            { class: 'flags', testid: 'flags' },
            flags.map((f) => flagItem(f, 'flag')),
          ),
          hasUnconfirmed(flags.flatMap((f) => f.basis ?? [])) ? unconfirmedLegend() : null,
        ]
      : noFlagsNote(missing),
  );
}

/**
 * @param {any[]} incentives
 */
export function incentivesList(incentives) {
  if (!incentives.length) return null;
  return h(
    'section',
    { class: 'incentives-section' },
    h('h3', { text: t('result.incentives') }),
    h(
      'ol',
      { class: 'flags incentives', testid: 'incentives' },
      incentives.map((f) => flagItem(f, 'incentive')),
    ),
    hasUnconfirmed(incentives.flatMap((f) => f.basis ?? [])) ? unconfirmedLegend() : null,
  );
}

/**
 * The sources table: each department's status, whether it knows the entity, data time, cache.
 * @param {any} check
 */
export function sourcesTable(check) {
  const sources = /** @type {any[]} */ (check.sources ?? []);
  const relevant = new Set(check.relevantSources ?? []);
  const byDept = new Map(sources.map((s) => [s.department, s]));
  const ordered = [
    ...DEPARTMENTS.filter((d) => byDept.has(d)).map((d) => byDept.get(d)),
    ...sources.filter((s) => !DEPARTMENTS.includes(s.department)),
  ];
  return h(
    'section',
    { class: 'sources-section' },
    h('h3', { text: t('result.sources') }),
    h(
      'table',
      { class: 'table sources', testid: 'sources' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['source.department', 'source.status', 'source.found', 'source.asOf', 'source.cache', 'source.relevant'].map((k) =>
            h('th', { scope: 'col', text: t(k) }),
          ),
        ),
      ),
      h(
        'tbody',
        null,
        ordered.map((s) => {
          const ok = s.status === 'OK';
          const cache = s.stale ? t('source.stale') : s.fromCache ? t('source.cached') : ok ? t('source.fresh') : '—';
          return h(
            'tr',
            {
              testid: 'source',
              data: { department: s.department, status: s.status, stale: String(!!s.stale), fromCache: String(!!s.fromCache) },
              class: ok ? null : 'source-failed',
            },
            h('th', { scope: 'row', text: L(DEPARTMENT_LABELS, s.department) }),
            h(
              'td',
              null,
              h('span', { class: ['source-state', ok ? 'ok' : 'failed'] }, ok ? null : icon('warning'), L(SOURCE_STATE_LABELS, s.status)),
              !ok ? h('div', { class: 'muted small', testid: 'source-message', text: sourceMessage(s) }) : null,
            ),
            h('td', { text: s.found === true ? t('source.foundYes') : s.found === false ? t('source.foundNo') : '—' }),
            h('td', null, s.asOf ? [formatDateTime(s.asOf), h('div', { class: 'muted small relative-time', text: relativeTime(s.asOf) })] : '—'),
            h('td', { class: s.stale ? 'stale' : null, title: s.stale ? t('source.staleNote') : null }, s.stale ? icon('warning') : null, cache),
            h('td', { text: relevant.has(s.department) ? t('source.yes') : t('source.no') }),
          );
        }),
      ),
    ),
  );
}

/**
 * Why a department was not read, in the page's language, from its name and the source status — not
 * the service's own message, which is for operators and in English ("tax system could not be reached").
 * @param {{ department: string, status: string }} s
 */
export function sourceMessage(s) {
  const key = `source.message.${s.status}`;
  const text = t(key, { department: L(DEPARTMENT_LABELS, s.department) });
  return text === key ? t('source.message.UNAVAILABLE', { department: L(DEPARTMENT_LABELS, s.department) }) : text;
}

/**
 * Check id, times and catalogue version; the check id can be copied.
 * @param {any} check
 */
export function checkMeta(check) {
  const copy = h('button', {
    type: 'button',
    class: 'btn btn-small no-print',
    testid: 'copy-check-id',
    on: {
      click: async () => {
        try {
          await navigator.clipboard.writeText(check.checkId);
          copy.textContent = t('result.copied');
        } catch {
          const range = document.createRange();
          range.selectNodeContents(idEl);
          const sel = window.getSelection();
          sel?.removeAllRanges();
          sel?.addRange(range);
        }
      },
    },
  });
  copy.append(icon('copy'), t('result.copy'));
  const idEl = h('code', { class: 'check-id', testid: 'check-id', text: check.checkId });
  return h(
    'dl',
    { class: 'check-meta' },
    h('dt', { text: t('result.checkId') }),
    h('dd', null, idEl, ' ', copy),
    h('dt', { text: t('result.checkedAt') }),
    h('dd', { text: formatDateTime(check.checkedAt) }),
    h('dt', { text: t('result.asOf') }),
    h('dd', { text: check.asOf }),
    h('dt', { text: t('result.catalogue') }),
    h('dd', null, h('code', { text: check.catalogueVersion })),
  );
}
