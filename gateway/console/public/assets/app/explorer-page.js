// @ts-check
/**
 * `/explorer.html` — GraphiQL, served from the project's own node_modules (no CDN), with the
 * caller's headers (key, purpose, reference) taken from the console settings, and example
 * operations for each kind of caller.
 */
import { h, clear, byId } from '../lib/dom.js';
import { boot, t, getLang, onLangChange, onSettingsChange, getSettings, L } from '../lib/app.js';
import { callerHeaders } from '../lib/graphql.js';
import { CALLER_KIND_LABELS } from '../lib/i18n.js';
import { EXAMPLES } from '../lib/explorer-examples.js';

/** @typedef {import('../lib/explorer-examples.js').Example} Example */

boot('explorer', (config) => {
  const select = /** @type {HTMLSelectElement} */ (byId('examples'));
  const applyBtn = byId('apply-settings');
  const host = byId('graphiql');
  const w = /** @type {any} */ (window);
  const React = w.React;
  const ReactDOM = w.ReactDOM;
  const GraphiQL = w.GraphiQL;
  if (!React || !ReactDOM || !GraphiQL) {
    host.appendChild(h('div', { class: 'error-box', role: 'alert', testid: 'explorer-error' }, h('p', { text: t('explorer.loadFailed') })));
    return;
  }

  /** Headers JSON for a caller: the settings, or in development the example's development key. */
  const headersFor = (/** @type {Example | null} */ ex) => {
    const s = getSettings();
    let creds = { key: s.key, purpose: s.purpose, reference: s.reference, operator: s.operator };
    if (ex && config.development) {
      const hint = config.callerHints.find((x) => x.kind === ex.kind);
      if (hint) creds = { key: hint.key, purpose: ex.purpose, reference: ex.kind === 'TRADING_PLATFORM' ? 'T-2026-001' : '', operator: s.operator };
    }
    return JSON.stringify(callerHeaders(creds), null, 2);
  };

  /** @type {{ query?: string, variables?: string, headers: string, operationName?: string }} */
  let props = { headers: headersFor(null) };

  const fillExamples = () => {
    const current = select.value;
    clear(select);
    select.appendChild(h('option', { value: '', text: t('explorer.chooseExample') }));
    const lang = getLang();
    for (const kind of ['SERVICE_HALL', 'TRADING_PLATFORM', 'REPORT_DEVELOPER', 'AUDITOR']) {
      const group = h('optgroup', { label: L(CALLER_KIND_LABELS, kind) });
      for (const ex of EXAMPLES.filter((e) => e.kind === kind)) group.appendChild(h('option', { value: ex.id, text: ex.title[lang] }));
      select.appendChild(group);
    }
    select.value = current;
  };
  fillExamples();

  /** @param {{ query: string, variables?: string }} params @param {{ headers?: Record<string, string> }} [opts] */
  const fetcher = async (params, opts) => {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json', ...(opts?.headers ?? {}) },
      body: JSON.stringify(params),
    });
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 500)}` }] };
    }
  };

  // GraphiQL's dialogs add a <style> element (react-remove-scroll); the page's CSP admits it by nonce.
  const nonce = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content');
  if (nonce && nonce !== '__CSP_NONCE__') w.__webpack_nonce__ = nonce;

  const root = ReactDOM.createRoot ? ReactDOM.createRoot(host) : null;
  const draw = () => {
    const element = React.createElement(GraphiQL, {
      fetcher,
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false,
      isHeadersEditorEnabled: true,
      defaultQuery: EXAMPLES[0]?.query,
      defaultHeaders: props.headers,
      query: props.query,
      variables: props.variables,
      headers: props.headers,
      operationName: props.operationName,
    });
    if (root) root.render(element);
    else ReactDOM.render(element, host);
  };
  draw();

  select.addEventListener('change', () => {
    const ex = EXAMPLES.find((e) => e.id === select.value);
    if (!ex) return;
    const operationName = /^\s*(?:query|mutation)\s+(\w+)/m.exec(ex.query)?.[1];
    props = { query: ex.query, variables: JSON.stringify(ex.variables, null, 2), headers: headersFor(ex), operationName };
    draw();
  });
  applyBtn.addEventListener('click', () => {
    props = { ...props, headers: headersFor(null) };
    draw();
  });
  onSettingsChange(() => {
    props = { ...props, headers: headersFor(null) };
    draw();
  });
  onLangChange(fillExamples);
});
