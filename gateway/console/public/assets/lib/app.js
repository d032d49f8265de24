// @ts-check
/**
 * What every console page shares: the language, the configuration from the server, the caller's
 * settings (key, purpose, reference and the operator — 经办人 工号/姓名 — in sessionStorage, so per
 * browser session), the header with navigation, settings dialog and language switch, and the error box.
 */
import { h, clear, icon } from './dom.js';
import { translate, labelOf, messageIn, oneLanguage, ERROR_MESSAGES, CALLER_KIND_LABELS } from './i18n.js';
import { createGraphqlClient, GraphqlRequestError } from './graphql.js';
import { normalizeOperator, operatorIdProblem, operatorNameProblem, OPERATOR_ID_MAX, OPERATOR_NAME_MAX } from './operator.js';

/** @typedef {import('./i18n.js').Lang} Lang */
/**
 * @typedef {object} ConsoleConfig
 * @property {boolean} development
 * @property {boolean} [production] the gateway runs with NODE_ENV=production (no development watermark)
 * @property {string | null} [verifyBaseUrl] where printed reports are verified; null: this origin
 * @property {{ code: string, name: string, nameZh: string }[]} purposes
 * @property {{ kind: string, key: string, purposes?: string[] }[]} callerHints
 * @property {{ id: string, uscc: string, label: string, labelZh: string }[]} [examples]
 */
/** @typedef {{ key: string, purpose: string, reference: string, operator: { id: string, name: string } }} Settings */

const LANG_KEY = 'credit-console.lang';
const SETTINGS_KEY = 'credit-console.settings';

/** @type {Lang} */
let lang = readLang();
/** @type {Set<() => void>} */
const langListeners = new Set();
/** @type {Set<() => void>} */
const settingsListeners = new Set();

/** @returns {Lang} */
function readLang() {
  try {
    const v = localStorage.getItem(LANG_KEY);
    if (v === 'zh' || v === 'en') return v;
  } catch {
    /* storage unavailable */
  }
  return 'zh';
}

/** @returns {Lang} */
export function getLang() {
  return lang;
}

/** @param {Lang} next */
export function setLang(next) {
  lang = next;
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    /* storage unavailable */
  }
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  applyStaticText(document);
  for (const fn of langListeners) fn();
}

/** @param {() => void} fn */
export function onLangChange(fn) {
  langListeners.add(fn);
}

/** @param {() => void} fn */
export function onSettingsChange(fn) {
  settingsListeners.add(fn);
}

/**
 * A UI string in the current language.
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params) {
  return translate(lang, key, params);
}

/**
 * An enum label in the current language.
 * @param {Record<string, import('./i18n.js').Label>} labels
 * @param {string | null | undefined} value
 */
export function L(labels, value) {
  return labelOf(labels, value, lang);
}

/**
 * Fill `[data-i18n]` (text), `[data-i18n-placeholder]`, `[data-i18n-title]` and `[data-i18n-aria-label]`.
 * @param {ParentNode} root
 */
export function applyStaticText(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => {
    el.textContent = t(/** @type {string} */ (el.getAttribute('data-i18n')));
  });
  for (const attr of ['placeholder', 'title', 'aria-label']) {
    root.querySelectorAll(`[data-i18n-${attr}]`).forEach((el) => {
      el.setAttribute(attr, t(/** @type {string} */ (el.getAttribute(`data-i18n-${attr}`))));
    });
  }
}

/** @type {Promise<ConsoleConfig> | null} */
let configPromise = null;

/** The configuration the server gives (`/console-config.json`). */
export function loadConfig() {
  if (!configPromise) {
    configPromise = fetch('/console-config.json', { headers: { Accept: 'application/json' } }).then(async (res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      /** @type {ConsoleConfig} */
      const c = await res.json();
      return {
        development: !!c.development,
        production: c.production === true,
        verifyBaseUrl: typeof c.verifyBaseUrl === 'string' ? c.verifyBaseUrl : null,
        purposes: c.purposes ?? [],
        callerHints: c.callerHints ?? [],
        examples: c.examples ?? [],
      };
    });
  }
  return configPromise;
}

/** @returns {Settings} */
export function getSettings() {
  try {
    const raw = sessionStorage.getItem(SETTINGS_KEY);
    if (raw) {
      const v = JSON.parse(raw);
      const op = v.operator && typeof v.operator === 'object' ? v.operator : {};
      return {
        key: String(v.key ?? ''),
        purpose: String(v.purpose ?? ''),
        reference: String(v.reference ?? ''),
        operator: { id: String(op.id ?? ''), name: String(op.name ?? '') },
      };
    }
  } catch {
    /* storage unavailable or corrupt */
  }
  return { key: '', purpose: '', reference: '', operator: { id: '', name: '' } };
}

/** @param {Settings} s */
export function saveSettings(s) {
  try {
    sessionStorage.setItem(SETTINGS_KEY, JSON.stringify(s));
  } catch {
    /* storage unavailable */
  }
  // A "settings missing" message on the page is stale now: once they are complete it gives way to
  // "saved, submit again"; otherwise it names what is still missing.
  document
    .querySelectorAll('[data-testid="error"][data-code="SETTINGS_MISSING"]')
    .forEach((box) => box.replaceWith(errorBox(settingsMissingError())));
  for (const fn of settingsListeners) fn();
}

/**
 * What a query still needs (i18n keys of the missing settings, in the dialog's order): the key and
 * purpose (the gateway refuses queries without them) and the operator's 工号 and 姓名 (every
 * console query names the person who runs it).
 * @param {Settings} [s]
 */
export function missingSettings(s = getSettings()) {
  /** @type {string[]} */
  const missing = [];
  if (s.key.trim() === '') missing.push('settings.key');
  if (s.purpose.trim() === '') missing.push('settings.purpose');
  if (s.operator.id.trim() === '') missing.push('settings.operatorId');
  if (s.operator.name.trim() === '') missing.push('settings.operatorName');
  return missing;
}

/** Key, purpose and operator are set. */
export function settingsComplete() {
  return missingSettings().length === 0;
}

/** The operator (经办人) of this browser session, or null when none is set. */
export function getOperator() {
  const { operator } = getSettings();
  return operator.id.trim() ? normalizeOperator(operator) : null;
}

/** Settings problems, or null. @param {Settings} s */
function validateSettings(s) {
  if (s.key && !/^[A-Za-z0-9\-._~+/]+=*$/.test(s.key.trim())) return t('settings.keyInvalid');
  if ([...s.reference.trim()].length > 64) return t('settings.referenceTooLong');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(s.reference)) return t('settings.referenceInvalid');
  const idProblem = operatorIdProblem(s.operator.id);
  if (idProblem && idProblem !== 'EMPTY') return t('settings.operatorIdInvalid');
  const nameProblem = operatorNameProblem(s.operator.name);
  if (nameProblem && nameProblem !== 'EMPTY') return t('settings.operatorNameInvalid');
  return null;
}

/**
 * The gateway client, with the current settings; `reference` overrides the settings' reference.
 */
export const request = createGraphqlClient({ url: '/graphql', credentials: () => getSettings() });

/**
 * Pick one language from a bilingual server message ("English / 中文", or "中文。 English").
 * @param {string} message
 */
export function pickLanguage(message) {
  return oneLanguage(message, lang);
}

/**
 * The part of a server message in the page's language, or null when it has none (see `messageIn`):
 * the Chinese page shows no English.
 * @param {string} message
 * @returns {string | null}
 */
export function inLanguage(message) {
  return messageIn(lang, message);
}

// ---------------------------------------------------------------------------------------------
// Header, settings dialog

/** @type {ConsoleConfig | null} */
let currentConfig = null;

/**
 * Draw the page header (navigation, settings, language) into `#chrome` and keep it current.
 * @param {{ page: string, config: ConsoleConfig | null }} options
 */
export function mountChrome(options) {
  currentConfig = options.config;
  const host = document.getElementById('chrome');
  if (!host) return;
  const draw = () => {
    clear(host);
    host.appendChild(header(options.page));
    if (currentConfig?.development)
      host.appendChild(h('div', { class: 'dev-banner', testid: 'dev-banner', role: 'note' }, icon('warning'), t('dev.banner')));
  };
  draw();
  onLangChange(draw);
  onSettingsChange(draw);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  applyStaticText(document);
}

/** @param {string} page */
function header(page) {
  const nav = [
    ['check', '/', 'nav.check'],
    ['bidders', '/bidders.html', 'nav.bidders'],
    ['report', '/report.html', 'nav.report'],
    ['catalogue', '/catalogue.html', 'nav.catalogue'],
    ['explorer', '/explorer.html', 'nav.explorer'],
  ];
  return h(
    'header',
    { class: 'topbar' },
    h(
      'a',
      { class: 'brand', href: '/' },
      h('img', { src: '/assets/favicon.svg', alt: '', width: 28, height: 28 }),
      h('span', { class: 'brand-text' }, h('strong', { text: t('app.title') }), h('small', { text: t('app.subtitle') })),
    ),
    h(
      'nav',
      { class: 'mainnav', 'aria-label': t('app.title') },
      nav.map(([id, href, key]) =>
        h('a', {
          href,
          testid: `nav-${id}`,
          'aria-current': id === page ? 'page' : null,
          class: id === page ? 'active' : null,
          text: t(/** @type {string} */ (key)),
        }),
      ),
    ),
    h(
      'div',
      { class: 'tools' },
      // Who and why, stacked in one place so the header keeps to one line on a 1280-pixel screen.
      h('span', { class: 'session-status' }, operatorStatus(), settingsStatus()),
      h(
        'button',
        { type: 'button', class: 'btn btn-ghost', testid: 'settings-open', on: { click: () => openSettings() } },
        icon('settings'),
        t('settings.open'),
      ),
      h('button', {
        type: 'button',
        class: 'btn btn-ghost',
        testid: 'lang-toggle',
        lang: lang === 'zh' ? 'en' : 'zh',
        title: t('lang.switchTitle'),
        text: t('lang.switch'),
        on: { click: () => setLang(lang === 'zh' ? 'en' : 'zh') },
      }),
    ),
  );
}

function settingsStatus() {
  const s = getSettings();
  const purpose = currentConfig?.purposes.find((p) => p.code === s.purpose);
  const purposeName = purpose ? (lang === 'zh' ? purpose.nameZh : purpose.name) : s.purpose;
  const ok = s.key !== '' && s.purpose !== '';
  const text = !s.key ? t('settings.status.none') : !s.purpose ? t('settings.status.noPurpose') : t('settings.status.ok', { purpose: purposeName });
  // data-complete: everything a query needs, the operator included (shown beside it).
  return h(
    'span',
    { class: ['settings-status', ok ? 'ok' : 'missing'], testid: 'settings-status', data: { complete: String(settingsComplete()) } },
    text,
  );
}

/** 经办人 in the header: who this browser session's queries are recorded under. */
function operatorStatus() {
  const op = getOperator();
  const text = op && op.name ? t('settings.status.operator', { name: op.name, id: op.id }) : t('settings.status.noOperator');
  return h(
    'span',
    {
      class: ['settings-status', 'operator-status', op && op.name ? 'ok' : 'missing'],
      testid: 'operator-status',
      data: { operatorId: op?.id ?? '' },
    },
    text,
  );
}

/** Open the settings dialog. */
export function openSettings() {
  const existing = document.getElementById('settings-dialog');
  if (existing) existing.remove();
  const config = currentConfig ?? { development: false, purposes: [], callerHints: [], examples: [] };
  const s = getSettings();
  const keyInput = /** @type {HTMLInputElement} */ (
    h('input', { id: 'settings-key', type: 'password', autocomplete: 'off', spellcheck: 'false', testid: 'settings-key', value: s.key })
  );
  const purposeSelect = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'settings-purpose', testid: 'settings-purpose' },
      h('option', { value: '', text: t('settings.purposeNone') }),
      config.purposes.map((p) => h('option', { value: p.code, text: lang === 'zh' ? `${p.nameZh}（${p.code}）` : `${p.name} (${p.code})` })),
    )
  );
  purposeSelect.value = s.purpose;
  if (s.purpose && purposeSelect.value !== s.purpose) {
    purposeSelect.appendChild(h('option', { value: s.purpose, text: s.purpose }));
    purposeSelect.value = s.purpose;
  }
  const refInput = /** @type {HTMLInputElement} */ (
    h('input', { id: 'settings-reference', type: 'text', maxlength: 64, autocomplete: 'off', testid: 'settings-reference', value: s.reference })
  );
  const operatorIdInput = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'settings-operator-id',
      type: 'text',
      maxlength: OPERATOR_ID_MAX,
      autocomplete: 'off',
      spellcheck: 'false',
      testid: 'settings-operator-id',
      value: s.operator.id,
    })
  );
  const operatorNameInput = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'settings-operator-name',
      type: 'text',
      maxlength: OPERATOR_NAME_MAX,
      autocomplete: 'off',
      testid: 'settings-operator-name',
      value: s.operator.name,
    })
  );
  const missing = missingSettings(s);
  const missingNote = missing.length
    ? h('p', {
        class: 'form-note',
        role: 'status',
        testid: 'settings-missing',
        text: t('settings.missing', { items: missing.map((k) => t(k)).join(lang === 'zh' ? '、' : ', ') }),
      })
    : null;
  const problem = h('p', { class: 'form-error', role: 'alert', testid: 'settings-error', hidden: true });
  const toggle = h('button', {
    type: 'button',
    class: 'btn btn-small',
    text: t('settings.showKey'),
    on: {
      click: () => {
        const show = keyInput.type === 'password';
        keyInput.type = show ? 'text' : 'password';
        toggle.textContent = t(show ? 'settings.hideKey' : 'settings.showKey');
      },
    },
  });
  const hints =
    config.development && config.callerHints.length
      ? h(
          'fieldset',
          { class: 'hints' },
          h('legend', { text: t('settings.hints') }),
          config.callerHints.map((hint) =>
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-small',
                testid: `hint-${hint.key}`,
                on: {
                  click: () => {
                    keyInput.value = hint.key;
                    const first = hint.purposes?.[0];
                    if (first) purposeSelect.value = first;
                  },
                },
              },
              `${L(CALLER_KIND_LABELS, hint.kind)} · ${hint.key}`,
            ),
          ),
        )
      : null;
  const dialog = /** @type {HTMLDialogElement} */ (
    h(
      'dialog',
      { id: 'settings-dialog', class: 'dialog', testid: 'settings-dialog', 'aria-labelledby': 'settings-title' },
      h(
        'form',
        { method: 'dialog', class: 'form' },
        h('h2', { id: 'settings-title', text: t('settings.title') }),
        h('p', { class: 'muted', text: t('settings.intro') }),
        missingNote,
        h('label', { for: 'settings-key', text: t('settings.key') }),
        h('div', { class: 'input-row' }, keyInput, toggle),
        h('p', { class: 'help', text: t('settings.keyHelp') }),
        h(
          'div',
          { class: 'field-pair field-pair-wide' },
          h('div', null, h('label', { for: 'settings-purpose', text: t('settings.purpose') }), purposeSelect),
          h(
            'div',
            null,
            h('label', { for: 'settings-reference', text: t('settings.reference') }),
            refInput,
            h('p', { class: 'help', text: t('settings.referenceHelp') }),
          ),
        ),
        h(
          'fieldset',
          { class: 'operator-fields', testid: 'settings-operator' },
          h('legend', { text: t('settings.operator') }),
          h(
            'div',
            { class: 'field-pair' },
            h('div', null, h('label', { for: 'settings-operator-id', text: t('settings.operatorId') }), operatorIdInput),
            h('div', null, h('label', { for: 'settings-operator-name', text: t('settings.operatorName') }), operatorNameInput),
          ),
          h('p', { class: 'help', text: t('settings.operatorHelp') }),
        ),
        hints,
        problem,
        h(
          'div',
          { class: 'actions' },
          h('button', {
            type: 'button',
            class: 'btn btn-ghost',
            testid: 'settings-clear',
            text: t('settings.clear'),
            on: {
              click: () => {
                keyInput.value = '';
                purposeSelect.value = '';
                refInput.value = '';
                operatorIdInput.value = '';
                operatorNameInput.value = '';
              },
            },
          }),
          h('span', { class: 'spacer' }),
          h('button', {
            type: 'button',
            class: 'btn',
            testid: 'settings-cancel',
            text: t('settings.cancel'),
            on: { click: () => closeDialog(dialog) },
          }),
          h('button', {
            type: 'submit',
            class: 'btn btn-primary',
            testid: 'settings-save',
            text: t('settings.save'),
            on: {
              click: (/** @type {Event} */ ev) => {
                ev.preventDefault();
                const next = {
                  key: keyInput.value.trim(),
                  purpose: purposeSelect.value,
                  reference: refInput.value.trim(),
                  operator: normalizeOperator({ id: operatorIdInput.value, name: operatorNameInput.value }),
                };
                const err = validateSettings(next);
                if (err) {
                  problem.textContent = err;
                  problem.hidden = false;
                  return;
                }
                saveSettings(next);
                closeDialog(dialog);
              },
            },
          }),
        ),
      ),
    )
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  if (typeof dialog.showModal === 'function') dialog.showModal();
  else dialog.setAttribute('open', '');
  // The first thing still missing, so a prompt before a check lands where the clerk must type.
  const first = {
    'settings.key': keyInput,
    'settings.purpose': purposeSelect,
    'settings.operatorId': operatorIdInput,
    'settings.operatorName': operatorNameInput,
  }[missing[0] ?? ''];
  (first ?? (s.key ? purposeSelect : keyInput)).focus();
}

/** @param {HTMLDialogElement} dialog */
function closeDialog(dialog) {
  if (typeof dialog.close === 'function') dialog.close();
  else dialog.remove();
}

// ---------------------------------------------------------------------------------------------
// Errors and formatting

/**
 * An error box for a failed request: what the code means, the server's message, the code.
 * @param {unknown} err
 * @param {{ onRetry?: () => void }} [options]
 */
export function errorBox(err, options = {}) {
  const code = err instanceof GraphqlRequestError ? err.code : err && /** @type {any} */ (err).code ? String(/** @type {any} */ (err).code) : 'ERROR';
  // Settings that were missing when the page asked have been saved since: no stale message; and
  // what is missing is told as of now, in the current language.
  if (code === 'SETTINGS_MISSING' && settingsComplete()) return settingsSavedNote();
  const message = code === 'SETTINGS_MISSING' ? settingsMissingError().message : err instanceof Error ? err.message : String(err);
  const explanation = L(ERROR_MESSAGES, ERROR_MESSAGES[code] ? code : 'ERROR');
  const settingsCodes = [
    'UNAUTHENTICATED',
    'PURPOSE_REQUIRED',
    'PURPOSE_UNKNOWN',
    'PURPOSE_NOT_ALLOWED',
    'BAD_REFERENCE',
    'BAD_OPERATOR',
    'OPERATOR_REQUIRED',
    'SETTINGS_MISSING',
    'FORBIDDEN',
  ];
  const reason = err instanceof GraphqlRequestError && err.reason ? err.reason : null;
  // The server's own words only where they are in the page's language (they add the detail, e.g. the purposes allowed).
  const serverWords = message ? inLanguage(message) : null;
  return h(
    'div',
    { class: 'error-box', role: 'alert', testid: 'error', data: { code, reason } },
    icon('error', 'icon icon-lg'),
    h(
      'div',
      null,
      h('strong', { text: t('error.title') }),
      h('p', { text: explanation }),
      serverWords && serverWords !== explanation ? h('p', { class: 'server-message', testid: 'error-message', text: serverWords }) : null,
      h('p', { class: 'muted small' }, `${t('error.code')}: `, h('code', { text: code }), reason ? h('code', { text: ` · ${reason}` }) : null),
      h(
        'div',
        { class: 'actions' },
        settingsCodes.includes(code)
          ? h('button', { type: 'button', class: 'btn btn-small', text: t('error.openSettings'), on: { click: () => openSettings() } })
          : null,
        options.onRetry ? h('button', { type: 'button', class: 'btn btn-small', text: t('error.retry'), on: { click: options.onRetry } }) : null,
      ),
    ),
  );
}

/** The error to show when settings are missing: it names what is missing. */
export function settingsMissingError() {
  const items = missingSettings().map((k) => t(k));
  return new GraphqlRequestError(t('settings.missing', { items: items.join(lang === 'zh' ? '、' : ', ') }), { code: 'SETTINGS_MISSING' });
}

/** In place of a "settings missing" error once they are saved. */
function settingsSavedNote() {
  return h('p', { class: 'settings-saved-note', role: 'status', testid: 'settings-saved-note', text: t('settings.savedRetry') });
}

const CHINA_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/**
 * An ISO timestamp as `YYYY-MM-DD HH:MM:SS` in China time; '' for nothing.
 * @param {string | null | undefined} iso
 */
export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  /** @type {Record<string, string>} */
  const p = {};
  for (const part of CHINA_TIME.formatToParts(d)) p[part.type] = part.value;
  const hour = p['hour'] === '24' ? '00' : p['hour'];
  return `${p['year']}-${p['month']}-${p['day']} ${hour}:${p['minute']}:${p['second']}`;
}

/**
 * How long ago, e.g. "3分钟前" / "3 min ago".
 * @param {string | null | undefined} iso
 * @param {number} [now]
 */
export function relativeTime(iso, now = Date.now()) {
  if (!iso) return '';
  const ms = now - new Date(iso).getTime();
  if (Number.isNaN(ms)) return '';
  const min = Math.floor(ms / 60000);
  if (min < 1) return t('time.justNow');
  if (min < 60) return t('time.minutesAgo', { n: min });
  const hours = Math.floor(min / 60);
  if (hours < 48) return t('time.hoursAgo', { n: hours });
  return t('time.daysAgo', { n: Math.floor(hours / 24) });
}

/**
 * Today in China time, YYYY-MM-DD.
 */
export function chinaToday() {
  return formatDateTime(new Date().toISOString()).slice(0, 10);
}

/**
 * Boot a page: load the configuration, draw the header, then run `main(config)`.
 * @param {string} page
 * @param {(config: ConsoleConfig) => void | Promise<void>} main
 */
export function boot(page, main) {
  const start = async () => {
    /** @type {ConsoleConfig} */
    let config;
    let failed = false;
    try {
      config = await loadConfig();
    } catch {
      config = { development: false, purposes: [], callerHints: [], examples: [] };
      failed = true;
    }
    mountChrome({ page, config });
    if (failed) {
      document
        .querySelector('main')
        ?.prepend(
          h(
            'div',
            { class: 'error-box', role: 'alert', testid: 'config-error' },
            icon('error', 'icon icon-lg'),
            h('p', { text: t('common.configFailed') }),
          ),
        );
    }
    await main(config);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
  else void start();
}
