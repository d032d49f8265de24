// @ts-check
/** `/` — the service-hall check: one code, one scenario, a verdict anyone at the counter can act on. */
import { h, clear, byId, icon } from '../lib/dom.js';
import { boot, t, L, getLang, onLangChange, request, errorBox, settingsComplete, settingsMissingError, openSettings, getSettings, pickLanguage } from '../lib/app.js';
import { SCENARIOS, SCENARIO_LABELS, REGISTRATION_STATUS_LABELS } from '../lib/i18n.js';
import { CHECK_QUERY } from '../lib/queries.js';
import { verdictBox, missingNote, notCheckedList, warningsList, flagsList, incentivesList, sourcesTable, checkMeta } from '../lib/check-view.js';
import { codeField } from './code-field.js';

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

  /** @type {{ kind: 'none' } | { kind: 'loading' } | { kind: 'error', error: unknown } | { kind: 'data', enterprise: any, errors: any[], variables: any }} */
  let state = { kind: 'none' };

  const fillScenarios = () => {
    const current = scenario.value;
    clear(scenario);
    for (const s of SCENARIOS) scenario.appendChild(h('option', { value: s, text: `${L(SCENARIO_LABELS, s)}` }));
    scenario.value = current || scenario.value;
  };
  fillScenarios();

  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('scenario');
  scenario.value = fromUrl && SCENARIOS.includes(fromUrl) ? fromUrl : SCENARIO_FOR_PURPOSE[getSettings().purpose] ?? 'ADMINISTRATIVE_LICENSING';
  if (params.get('uscc')) input.value = params.get('uscc') ?? '';
  if (params.get('asOf')) asOf.value = params.get('asOf') ?? '';
  field.update();

  const drawExamples = () => {
    clear(examples);
    const list = config.examples ?? [];
    examples.hidden = !(config.development && list.length);
    if (examples.hidden) return;
    examples.appendChild(h('span', { class: 'muted small', text: t('check.examples') }));
    for (const ex of list) {
      examples.appendChild(
        h('button', {
          type: 'button',
          class: 'chip',
          testid: `example-${ex.id}`,
          title: ex.uscc,
          text: getLang() === 'zh' ? ex.labelZh : ex.label,
          on: {
            click: () => {
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
      result.appendChild(h('div', { class: 'loading', testid: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('check.checking')));
      return;
    }
    if (state.kind === 'error') {
      result.appendChild(errorBox(state.error, { onRetry: () => void run() }));
      return;
    }
    const e = state.enterprise;
    const check = e.creditCheck;
    if (!check) {
      result.appendChild(errorBox(Object.assign(new Error(state.errors[0]?.message ?? 'No credit check was returned.'), { code: String(state.errors[0]?.extensions?.code ?? 'ERROR') }), { onRetry: () => void run() }));
      return;
    }
    const reg = e.marketRegulation?.registration ?? null;
    const regStatus = reg?.status ?? check.registrationStatus ?? null;
    const reportHref = `/report.html?${new URLSearchParams({ uscc: e.uscc, scenario: check.scenario, ...(state.variables.asOf ? { asOf: state.variables.asOf } : {}) })}`;
    result.append(
      h(
        'div',
        { class: 'result-main' },
        verdictBox(check),
        missingNote(check),
        notCheckedList(check),
        h(
          'div',
          { class: 'card entity', testid: 'enterprise' },
          h('div', { class: 'entity-name' }, h('strong', { testid: 'enterprise-name', text: reg?.name ?? t('result.nameUnknown') }), regStatus ? h('span', { class: ['badge', regStatus === 'OPERATING' ? 'badge-ok' : 'badge-bad'], testid: 'registration-status', data: { status: regStatus }, text: L(REGISTRATION_STATUS_LABELS, regStatus) }) : null),
          h(
            'dl',
            { class: 'entity-facts' },
            h('dt', { text: t('check.code') }),
            h('dd', null, h('code', { text: e.uscc })),
            h('dt', { text: t('result.orgCode') }),
            h('dd', null, h('code', { text: e.organizationCode })),
            reg?.legalRepresentative?.name ? [h('dt', { text: t('result.legalRep') }), h('dd', { text: reg.legalRepresentative.name })] : null,
          ),
        ),
        warningsList(check.warnings ?? []),
        flagsList(check.flags ?? [], check.missingSources ?? []),
        incentivesList(check.incentives ?? []),
        sourcesTable(check),
        h('div', { class: 'card meta' }, checkMeta(check), h('a', { class: 'btn btn-primary', href: reportHref, testid: 'report-link' }, icon('print'), t('result.report'))),
        state.errors.length
          ? h(
              'div',
              { class: 'partial-errors', testid: 'partial-errors' },
              h('p', { text: t('result.partialErrors') }),
              h('ul', null, state.errors.map((er) => h('li', null, h('code', { text: String(er.extensions?.code ?? 'ERROR') }), ' ', pickLanguage(er.message)))),
            )
          : null,
      ),
    );
  };

  const run = async () => {
    const parsed = field.validate();
    if (!parsed.valid) {
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
    history.replaceState(null, '', `?${new URLSearchParams({ uscc: variables.uscc, scenario: variables.scenario, ...(variables.asOf ? { asOf: variables.asOf } : {}) })}`);
    state = { kind: 'loading' };
    submit.disabled = true;
    render();
    try {
      const { data, errors } = await request(CHECK_QUERY, variables);
      if (!data.enterprise) {
        const first = errors[0];
        state = { kind: 'error', error: Object.assign(new Error(first?.message ?? 'No result'), { code: String(first?.extensions?.code ?? 'ERROR') }) };
      } else {
        state = { kind: 'data', enterprise: data.enterprise, errors, variables };
      }
    } catch (err) {
      state = { kind: 'error', error: err };
    } finally {
      submit.disabled = false;
    }
    render();
    result.querySelector('[data-testid="verdict"]')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run();
  });
  onLangChange(() => {
    fillScenarios();
    drawExamples();
    field.update();
    render();
  });
  input.focus();
});
