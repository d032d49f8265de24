// @ts-check
/**
 * `/explorer.html` — GraphiQL, served from the project's own node_modules (no CDN), with the
 * caller's headers (key, purpose, reference) taken from the console settings, and example
 * operations for each kind of caller.
 *
 * It opens ready: without a key and a purpose it asks for them first (the settings dialog) and
 * mounts GraphiQL only then, so the schema is read with them — never an UNAUTHENTICATED first
 * screen, never "Error fetching schema". GraphiQL reads the schema again (it is mounted afresh)
 * whenever the settings change; if the gateway refuses, the page says why in its own words.
 */
import { h, clear, byId } from '../lib/dom.js';
import { boot, t, getLang, onLangChange, onSettingsChange, getSettings, settingsComplete, openSettings, errorBox, L } from '../lib/app.js';
import { callerHeaders, GraphqlRequestError } from '../lib/graphql.js';
import { CALLER_KIND_LABELS } from '../lib/i18n.js';
import { EXAMPLES, exampleCredentials } from '../lib/explorer-examples.js';

/** @typedef {import('../lib/explorer-examples.js').Example} Example */

boot('explorer', (config) => {
  const select = /** @type {HTMLSelectElement} */ (byId('examples'));
  const applyBtn = byId('apply-settings');
  const host = byId('graphiql');
  const notice = byId('explorer-notice');
  const w = /** @type {any} */ (window);
  const React = w.React;
  const ReactDOM = w.ReactDOM;
  const GraphiQL = w.GraphiQL;
  if (!React || !ReactDOM || !GraphiQL) {
    host.appendChild(h('div', { class: 'error-box', role: 'alert', testid: 'explorer-error' }, h('p', { text: t('explorer.loadFailed') })));
    return;
  }

  /** Headers JSON for an example (or, for null, the settings). */
  const headersFor = (/** @type {Example | null} */ ex) => JSON.stringify(callerHeaders(exampleCredentials(ex, config, getSettings())), null, 2);

  /** An example's operation, variables, headers and operation name, as GraphiQL's props. */
  const propsOf = (/** @type {Example} */ ex) => ({
    query: ex.query,
    variables: JSON.stringify(ex.variables, null, 2),
    headers: headersFor(ex),
    operationName: /^\s*(?:query|mutation)\s+(\w+)/m.exec(ex.query)?.[1],
  });

  // The first example, with its variables, so that pressing ▶ at once runs it.
  const first = /** @type {Example} */ (EXAMPLES[0]);
  /** @type {{ query?: string, variables?: string, headers: string, operationName?: string }} */
  let props = { ...propsOf(first), headers: headersFor(null) };

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

  /** Why the schema could not be read, in the page's words, with a way to fix it. */
  const showSchemaProblem = (/** @type {unknown} */ err) => {
    clear(notice);
    notice.hidden = false;
    notice.appendChild(h('p', { class: 'muted small', text: t('explorer.schemaFailed') }));
    notice.appendChild(errorBox(err, { onRetry: () => mount() }));
  };

  /** @param {{ query: string, operationName?: string }} params @param {{ headers?: Record<string, string> }} [opts] */
  const fetcher = async (params, opts) => {
    const introspection = params.operationName === 'IntrospectionQuery';
    // The schema is always read with the settings' key and purpose (the headers editor may hold an example's).
    const headers = introspection ? { ...(opts?.headers ?? {}), ...callerHeaders(getSettings()) } : (opts?.headers ?? {});
    let res;
    try {
      res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json', ...headers },
        body: JSON.stringify(params),
      });
    } catch (err) {
      if (introspection) showSchemaProblem(new GraphqlRequestError(String(err), { code: 'NETWORK_ERROR' }));
      throw err;
    }
    const text = await res.text();
    /** @type {any} */
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 500)}` }] };
    }
    if (introspection) {
      const problem = body?.errors?.[0];
      if (problem || !body?.data) {
        showSchemaProblem(
          new GraphqlRequestError(String(problem?.message ?? `HTTP ${res.status}`), {
            code: String(problem?.extensions?.code ?? 'HTTP_ERROR'),
            status: res.status,
          }),
        );
      } else {
        notice.hidden = true;
        clear(notice);
        host.dataset['schema'] = 'loaded';
      }
    }
    return body;
  };

  // GraphiQL's dialogs add a <style> element (react-remove-scroll); the page's CSP admits it by nonce.
  const nonce = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content');
  if (nonce && nonce !== '__CSP_NONCE__') w.__webpack_nonce__ = nonce;

  const root = ReactDOM.createRoot ? ReactDOM.createRoot(host) : null;
  /** Bumped to mount GraphiQL afresh, which makes it read the schema again. */
  let mountId = 0;
  const draw = () => {
    const element = React.createElement(GraphiQL, {
      key: `graphiql-${mountId}`,
      fetcher,
      defaultEditorToolsVisibility: 'variables',
      shouldPersistHeaders: false,
      isHeadersEditorEnabled: true,
      defaultQuery: first.query,
      defaultHeaders: props.headers,
      query: props.query,
      variables: props.variables,
      headers: props.headers,
      operationName: props.operationName,
    });
    if (root) root.render(element);
    else ReactDOM.render(element, host);
  };
  const mount = () => {
    if (!settingsComplete()) {
      // Key and purpose first: the schema and every example are read with them.
      host.dataset['schema'] = 'waiting';
      clear(notice);
      notice.hidden = false;
      notice.appendChild(
        h(
          'div',
          { class: 'explorer-settings-needed', testid: 'explorer-needs-settings', role: 'note' },
          h('p', { text: t('explorer.needSettings') }),
          h('button', { type: 'button', class: 'btn btn-primary btn-small', text: t('error.openSettings'), on: { click: () => openSettings() } }),
        ),
      );
      return false;
    }
    host.dataset['schema'] = 'loading';
    notice.hidden = true;
    clear(notice);
    mountId++;
    draw();
    return true;
  };
  if (!mount()) openSettings();

  select.addEventListener('change', () => {
    const ex = EXAMPLES.find((e) => e.id === select.value);
    if (!ex) return;
    props = propsOf(ex);
    if (settingsComplete()) draw();
  });
  applyBtn.addEventListener('click', () => {
    props = { ...props, headers: headersFor(null) };
    if (settingsComplete()) draw();
  });
  onSettingsChange(() => {
    props = { ...props, headers: headersFor(null) };
    mount();
  });
  onLangChange(fillExamples);
});
