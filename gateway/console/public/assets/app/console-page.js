// @ts-check
/** `/` — the service-hall check: one code, one scenario, a verdict anyone at the counter can act on. */
import { h, clear, byId, icon } from '../lib/dom.js';
import {
  boot,
  t,
  L,
  getLang,
  onLangChange,
  onSettingsChange,
  request,
  errorBox,
  settingsComplete,
  settingsMissingError,
  openSettings,
  getSettings,
  pickLanguage,
  inLanguage,
} from '../lib/app.js';
import { SCENARIOS, SCENARIO_LABELS, REGISTRATION_STATUS_LABELS, ERROR_MESSAGES } from '../lib/i18n.js';
import { CHECK_QUERY, CONSORTIUM_QUERY } from '../lib/queries.js';
import {
  verdictBox,
  verdictPill,
  missingNote,
  notCheckedList,
  warningsList,
  recordsSection,
  incentiveRecordsSection,
  listsLine,
  sourcesTable,
  checkMeta,
} from '../lib/check-view.js';
import { parseUscc, explainInvalid } from '../lib/uscc.js';
import { codeField } from './code-field.js';

/** A consortium has 2 to 20 members (Query.consortium). */
const MAX_MEMBERS = 20;

/**
 * The member codes typed for a consortium, one per line (blank lines skipped; commas, semicolons
 * and 、 also separate, as codes pasted from a table often come): each line's code or why it is not
 * one, and what stops the check (too few or too many, a repeated code).
 * @param {string} text
 * @param {'zh' | 'en'} lang
 */
function readMemberCodes(text, lang) {
  const lines = text
    .split(/[\r\n,;，；、]+/)
    .map((l) => l.trim())
    .filter(Boolean);
  /** @type {string[]} */
  const codes = [];
  /** @type {string[]} */
  const problems = [];
  /** @type {Map<string, number>} */
  const seen = new Map();
  lines.forEach((line, i) => {
    const parsed = parseUscc(line);
    if (!parsed.valid) {
      problems.push(t('check.consortiumLine', { line: i + 1, reason: explainInvalid(parsed, lang) }));
      return;
    }
    const first = seen.get(parsed.info.uscc);
    if (first !== undefined) problems.push(t('check.consortiumRepeat', { line: i + 1, first }));
    else seen.set(parsed.info.uscc, i + 1);
    codes.push(parsed.info.uscc);
  });
  if (lines.length > MAX_MEMBERS) problems.unshift(t('check.consortiumTooMany', { count: lines.length }));
  return { count: lines.length, codes, problems };
}

/** The scenario a purpose most likely means. */
/** @type {Record<string, string>} */
const SCENARIO_FOR_PURPOSE = {
  ADMINISTRATIVE_LICENSING: 'ADMINISTRATIVE_LICENSING',
  BIDDER_CHECK: 'BIDDING',
  GOVERNMENT_PROCUREMENT: 'GOVERNMENT_PROCUREMENT',
  FISCAL_FUNDS: 'FISCAL_FUNDS',
  HONORS: 'HONORS',
  STATE_LAND_TRANSFER: 'STATE_LAND_TRANSFER',
};

boot('check', (config) => {
  const form = /** @type {HTMLFormElement} */ (byId('check-form'));
  const input = /** @type {HTMLInputElement} */ (byId('uscc'));
  const scenario = /** @type {HTMLSelectElement} */ (byId('scenario'));
  const asOf = /** @type {HTMLInputElement} */ (byId('asof'));
  const submit = /** @type {HTMLButtonElement} */ (form.querySelector('[data-testid="check-submit"]'));
  const result = byId('result');
  const examples = byId('examples');
  const field = codeField(input, byId('uscc-feedback'));
  const consortiumMode = /** @type {HTMLInputElement} */ (byId('consortium-mode'));
  const consortiumField = byId('consortium-field');
  const singleField = byId('single-field');
  const memberCodes = /** @type {HTMLTextAreaElement} */ (byId('consortium-codes'));
  const memberFeedback = byId('consortium-feedback');

  /**
   * @type {{ kind: 'none' } | { kind: 'loading' } | { kind: 'error', error: unknown }
   *   | { kind: 'data', enterprise: any, errors: any[], variables: any }
   *   | { kind: 'consortium', consortium: any, errors: any[], variables: any }}
   */
  let state = { kind: 'none' };

  /** @param {boolean} [final] after a submit: say what stops the check */
  const updateMembers = (final = false) => {
    clear(memberFeedback);
    const { count, problems } = readMemberCodes(memberCodes.value, getLang());
    if (!count) {
      memberFeedback.dataset['state'] = 'empty';
      if (final) memberFeedback.appendChild(h('p', { class: 'code-msg bad', text: t('check.consortiumTooFew') }));
      return;
    }
    const all = final && count < 2 ? [...problems, t('check.consortiumTooFew')] : problems;
    memberFeedback.dataset['state'] = all.length ? 'invalid' : 'valid';
    memberFeedback.dataset['count'] = String(count);
    memberCodes.setAttribute('aria-invalid', String(all.length > 0));
    memberFeedback.appendChild(h('p', { class: 'code-msg muted', text: t('check.consortiumCount', { count }) }));
    if (all.length)
      memberFeedback.appendChild(
        h(
          'ul',
          { class: 'code-msg-list bad' },
          all.map((p) => h('li', { text: p })),
        ),
      );
  };
  const showMode = () => {
    const on = consortiumMode.checked;
    consortiumField.hidden = !on;
    singleField.hidden = on;
  };
  consortiumMode.addEventListener('change', () => {
    showMode();
    (consortiumMode.checked ? memberCodes : input).focus();
  });
  memberCodes.addEventListener('input', () => updateMembers());

  const fillScenarios = () => {
    const current = scenario.value;
    clear(scenario);
    for (const s of SCENARIOS) scenario.appendChild(h('option', { value: s, text: `${L(SCENARIO_LABELS, s)}` }));
    scenario.value = current || scenario.value;
  };
  fillScenarios();

  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('scenario');
  scenario.value = fromUrl && SCENARIOS.includes(fromUrl) ? fromUrl : (SCENARIO_FOR_PURPOSE[getSettings().purpose] ?? 'ADMINISTRATIVE_LICENSING');
  if (params.get('uscc')) input.value = params.get('uscc') ?? '';
  if (params.get('consortium')) {
    consortiumMode.checked = true;
    memberCodes.value = (params.get('consortium') ?? '').split(',').join('\n');
    updateMembers();
  }
  showMode();
  if (params.get('asOf')) asOf.value = params.get('asOf') ?? '';
  field.update();

  const drawExamples = () => {
    clear(examples);
    const list = config.examples ?? [];
    examples.hidden = !(config.development && list.length);
    if (examples.hidden) return;
    examples.appendChild(h('summary', { class: 'muted small', text: t('check.examples') }));
    const chips = h('div', { class: 'example-chips' });
    examples.appendChild(chips);
    for (const ex of list) {
      chips.appendChild(
        h('button', {
          type: 'button',
          class: 'chip',
          testid: `example-${ex.id}`,
          title: ex.uscc,
          text: getLang() === 'zh' ? ex.labelZh : ex.label,
          on: {
            click: () => {
              if (consortiumMode.checked) {
                memberCodes.value = `${memberCodes.value.replace(/\s+$/, '')}${memberCodes.value.trim() ? '\n' : ''}${ex.uscc}`;
                updateMembers();
                memberCodes.focus();
                return;
              }
              input.value = ex.uscc;
              field.update();
              input.focus();
            },
          },
        }),
      );
    }
  };
  drawExamples();

  const render = () => {
    clear(result);
    if (state.kind === 'none') return;
    if (state.kind === 'loading') {
      result.appendChild(
        h('div', { class: 'loading', testid: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('check.checking')),
      );
      return;
    }
    if (state.kind === 'error') {
      result.appendChild(errorBox(state.error, { onRetry: () => void run() }));
      return;
    }
    if (state.kind === 'consortium') {
      renderConsortium(state.consortium, state.errors);
      return;
    }
    const e = state.enterprise;
    const check = e.creditCheck;
    if (!check) {
      result.appendChild(
        errorBox(
          Object.assign(new Error(state.errors[0]?.message ?? 'No credit check was returned.'), {
            code: String(state.errors[0]?.extensions?.code ?? 'ERROR'),
          }),
          { onRetry: () => void run() },
        ),
      );
      return;
    }
    const reg = e.marketRegulation?.registration ?? null;
    const regStatus = reg?.status ?? check.registrationStatus ?? null;
    const reportHref = `/report.html?${new URLSearchParams({ uscc: e.uscc, scenario: check.scenario, ...(state.variables.asOf ? { asOf: state.variables.asOf } : {}) })}`;
    // What a clerk must see on the first screen, in this order: who (name, registration status,
    // code), the verdict with any objection inside it, and the lists the records are on; the detail follows.
    result.append(
      h(
        'div',
        { class: 'result-main' },
        h(
          'div',
          { class: 'entity-head', testid: 'enterprise' },
          h('strong', { class: 'entity-name', testid: 'enterprise-name', text: reg?.name ?? t('result.nameUnknown') }),
          regStatus
            ? h(
                'span',
                {
                  class: ['badge', regStatus === 'OPERATING' ? 'badge-ok' : 'badge-bad'],
                  testid: 'registration-status',
                  data: { status: regStatus },
                },
                L(REGISTRATION_STATUS_LABELS, regStatus),
                reg?.closedOn ? `（${reg.closedOn}）` : null,
              )
            : null,
          h(
            'span',
            { class: 'entity-facts' },
            h('span', { class: 'muted', text: `${t('check.code')} ` }),
            h('code', { text: e.uscc }),
            h('span', { class: 'muted', text: ` · ${t('result.orgCode')} ` }),
            h('code', { text: e.organizationCode }),
            reg?.legalRepresentative?.name
              ? [h('span', { class: 'muted', text: ` · ${t('result.legalRep')} ` }), h('span', { text: reg.legalRepresentative.name })]
              : null,
          ),
        ),
        verdictBox(check, { objection: true }),
        listsLine(check),
        missingNote(check),
        warningsList(check.warnings ?? []),
        notCheckedList(check),
        recordsSection(check.flags ?? [], check.missingSources ?? []),
        incentiveRecordsSection(check.incentives ?? []),
        sourcesTable(check),
        h(
          'div',
          { class: 'card meta' },
          checkMeta(check),
          h('a', { class: 'btn btn-primary', href: reportHref, testid: 'report-link' }, icon('print'), t('result.report')),
        ),
        partialErrors(state.errors),
      ),
    );
  };

  /** @param {any[]} errors */
  const partialErrors = (errors) =>
    errors.length
      ? h(
          'div',
          { class: 'partial-errors', testid: 'partial-errors' },
          h('p', { text: t('result.partialErrors') }),
          h(
            'ul',
            null,
            errors.map((er) => {
              // What the code means in the page's language; the server's words only when they are in it too.
              const code = String(er.extensions?.code ?? 'ERROR');
              const own = inLanguage(String(er.message ?? ''));
              return h(
                'li',
                null,
                h('code', { text: code }),
                ' ',
                L(ERROR_MESSAGES, ERROR_MESSAGES[code] ? code : 'ERROR'),
                own ? h('span', { class: 'muted', text: ` ${own}` }) : null,
              );
            }),
          ),
        )
      : null;

  /**
   * One member of a consortium: a line with its place, name, code, own verdict and measures, which
   * opens onto its whole check (drawn as a single check is). A member that decides a verdict other
   * than CLEAR starts open.
   * @param {any} m ConsortiumMemberCheck
   * @param {any} enterprise the member's Enterprise (registration)
   * @param {boolean} decides
   * @param {string} scenarioChecked
   */
  const memberItem = (m, enterprise, decides, scenarioChecked) => {
    const check = m.check;
    const reg = enterprise?.marketRegulation?.registration ?? null;
    /** @type {Map<string, any>} the member's measures, once each, by code */
    const measures = new Map((check?.flags ?? []).map((/** @type {any} */ f) => [String(f.measure?.code), f.measure]));
    const reportHref = `/report.html?${new URLSearchParams({ uscc: m.uscc, scenario: scenarioChecked, ...(state.kind === 'consortium' && state.variables.asOf ? { asOf: state.variables.asOf } : {}) })}`;
    return h(
      'details',
      {
        class: ['card', 'consortium-member', decides ? 'decides' : null],
        testid: 'consortium-member',
        data: { uscc: m.uscc, position: m.position, verdict: check?.verdict ?? 'ERROR', decides: String(decides) },
        open: decides,
      },
      h(
        'summary',
        { class: 'member-summary' },
        h('span', {
          class: 'member-position',
          text: m.position === 1 ? t('result.consortiumLead') : t('result.consortiumMember', { position: m.position }),
        }),
        h(
          'span',
          { class: 'member-name' },
          h('strong', { testid: 'member-name', text: reg?.name ?? t('result.nameUnknown') }),
          h('code', { class: 'small', text: m.uscc }),
        ),
        h('span', { class: 'member-verdict', testid: 'member-verdict-pill' }, verdictPill(check?.verdict ?? 'ERROR')),
        h(
          'span',
          { class: 'member-flags small' },
          measures.size
            ? [...measures].map(([code, m]) =>
                h('span', {
                  class: ['kind-badge', 'member-measure', `kind-${String(m?.kind ?? '').toLowerCase()}`],
                  title: code,
                  data: { measureCode: code },
                  text: (getLang() === 'zh' ? m?.nameZh : m?.name) ?? code,
                }),
              )
            : h('span', { class: 'muted', text: t('result.consortiumNoFlags') }),
        ),
        decides ? h('span', { class: 'badge badge-bad member-decides', testid: 'member-decides', text: t('result.consortiumDecides') }) : null,
      ),
      check
        ? h(
            'div',
            { class: 'member-body' },
            verdictBox(check, { compact: true, testid: 'member-verdict', objection: true }),
            listsLine(check),
            missingNote(check),
            warningsList(check.warnings ?? []),
            recordsSection(check.flags ?? [], check.missingSources ?? []),
            incentiveRecordsSection(check.incentives ?? []),
            sourcesTable(check),
            h('div', { class: 'meta' }, checkMeta(check), h('a', { class: 'btn', href: reportHref }, icon('print'), t('result.report'))),
          )
        : null,
    );
  };

  /**
   * @param {any} c Consortium
   * @param {any[]} errors
   */
  const renderConsortium = (c, errors) => {
    const cc = c.creditCheck;
    if (!cc) {
      result.appendChild(
        errorBox(
          Object.assign(new Error(errors[0]?.message ?? 'No credit check was returned.'), { code: String(errors[0]?.extensions?.code ?? 'ERROR') }),
          { onRetry: () => void run() },
        ),
      );
      return;
    }
    const members = /** @type {any[]} */ (cc.members ?? []);
    const enterprises = new Map((c.members ?? []).map((/** @type {any} */ e) => [e.uscc, e]));
    const deciding = new Set(cc.verdict === 'CLEAR' ? [] : (cc.decidingMembers ?? []));
    const nameOf = (/** @type {any} */ m) => enterprises.get(m.uscc)?.marketRegulation?.registration?.name ?? m.uscc;
    const decidingText = members
      .filter((m) => deciding.has(m.uscc))
      .map((m) => `${m.position === 1 ? t('result.consortiumLead') : t('result.consortiumMember', { position: m.position })} ${nameOf(m)}`)
      .join(getLang() === 'zh' ? '、' : ', ');
    const lead = members[0]?.check ?? null;
    result.append(
      h(
        'div',
        { class: 'result-main consortium-result', testid: 'consortium-result', data: { verdict: cc.verdict, id: c.id } },
        verdictBox(cc, { heading: t('result.consortiumHeading', { count: members.length }) }),
        decidingText
          ? h('p', { class: 'consortium-deciding', testid: 'consortium-deciding', text: t('result.consortiumDeciding', { members: decidingText }) })
          : null,
        lead ? notCheckedList(lead) : null,
        h(
          'section',
          { class: 'consortium-members' },
          h('h3', { text: t('result.consortiumMembers') }),
          members.map((m) => memberItem(m, enterprises.get(m.uscc), deciding.has(m.uscc), cc.scenario)),
        ),
        h(
          'div',
          { class: 'card meta' },
          checkMeta(cc),
          h(
            'dl',
            { class: 'check-meta' },
            h('dt', { text: t('result.consortiumId') }),
            h('dd', null, h('code', { class: 'consortium-id', testid: 'consortium-id', text: c.id })),
          ),
        ),
        partialErrors(errors),
      ),
    );
  };

  /** Whether the key and purpose are set; if not, says so and opens the settings. */
  const settingsReady = () => {
    if (settingsComplete()) return true;
    state = { kind: 'error', error: settingsMissingError() };
    render();
    openSettings();
    return false;
  };

  const runConsortium = async () => {
    const { count, codes, problems } = readMemberCodes(memberCodes.value, getLang());
    if (problems.length || count < 2) {
      updateMembers(true);
      memberCodes.focus();
      return;
    }
    if (!settingsReady()) return;
    const variables = { usccs: codes, scenario: scenario.value, asOf: asOf.value || null };
    await send(CONSORTIUM_QUERY, variables, { consortium: codes.join(',') }, (data, errors) =>
      data.consortium ? { kind: 'consortium', consortium: data.consortium, errors, variables } : null,
    );
  };

  /**
   * Send one check, keep the address shareable, and show the answer: `toState` turns the data into
   * the view's state, or null when the answer holds no result (its first error is shown then).
   */
  const send = async (query, variables, addressed, toState) => {
    history.replaceState(
      null,
      '',
      `?${new URLSearchParams({ ...addressed, scenario: variables.scenario, ...(variables.asOf ? { asOf: variables.asOf } : {}) })}`,
    );
    state = { kind: 'loading' };
    submit.disabled = true;
    render();
    try {
      const { data, errors } = await request(query, variables);
      const next = toState(data, errors);
      if (next) state = next;
      else {
        const first = errors[0];
        state = {
          kind: 'error',
          error: Object.assign(new Error(first?.message ?? 'No result'), { code: String(first?.extensions?.code ?? 'ERROR') }),
        };
      }
    } catch (err) {
      state = { kind: 'error', error: err };
    } finally {
      submit.disabled = false;
    }
    render();
    revealResult();
  };

  /**
   * Bring the answer's head into view when it is not already: who was checked (the name) down to the
   * bottom of the verdict box, which carries any objection. On a 1366×768 screen it already is.
   */
  const revealResult = () => {
    const verdictEl = result.querySelector('[data-testid="verdict"]');
    const top = result.querySelector('[data-testid="enterprise"]') ?? verdictEl ?? result.firstElementChild;
    if (!top) return;
    const a = top.getBoundingClientRect();
    const b = (verdictEl ?? top).getBoundingClientRect();
    if (a.top >= 0 && b.bottom <= window.innerHeight) return;
    window.scrollBy({ top: a.top - 8, behavior: 'auto' });
  };

  const run = async () => {
    if (consortiumMode.checked) return runConsortium();
    const parsed = field.validate();
    if (!parsed.valid) {
      input.focus();
      return;
    }
    if (!settingsReady()) return;
    const variables = { uscc: parsed.info.uscc, scenario: scenario.value, asOf: asOf.value || null };
    await send(CHECK_QUERY, variables, { uscc: variables.uscc }, (data, errors) =>
      data.enterprise ? { kind: 'data', enterprise: data.enterprise, errors, variables } : null,
    );
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run();
  });
  // The check the clerk asked for waited for the settings: once they are saved, run it (no stale
  // "settings missing" stays on the page).
  onSettingsChange(() => {
    const waiting = state.kind === 'error' && /** @type {any} */ (state.error)?.code === 'SETTINGS_MISSING';
    if (waiting && settingsComplete()) void run();
  });
  onLangChange(() => {
    fillScenarios();
    drawExamples();
    field.update();
    if (memberCodes.value.trim()) updateMembers();
    render();
  });
  (consortiumMode.checked ? memberCodes : input).focus();
});
