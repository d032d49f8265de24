// @ts-check
/** `/bidders.html` — a tender's bidders from a CSV file, checked in chunks, results as CSV. */
import { h, clear, byId, icon } from '../lib/dom.js';
import { boot, t, L, getLang, onLangChange, request, errorBox, settingsComplete, settingsMissingError, openSettings, getSettings, chinaToday } from '../lib/app.js';
import { SCENARIOS, SCENARIO_LABELS, VERDICT_LABELS } from '../lib/i18n.js';
import { decodeCsvBytes, parseCsv, toCsv } from '../lib/csv.js';
import { readBidderRows, checkBidders, resultsToRows, countVerdicts, countConsortia, resultNote, pendingResults, needsAttention, groupConsortia, decidingText } from '../lib/bidders.js';
import { parseUscc } from '../lib/uscc.js';
import { departmentList, verdictPill } from '../lib/check-view.js';

/** Verdicts in the order a tender officer reads them: the ones needing action first. */
const ORDER = ['INACTIVE', 'PROHIBITED', 'RESTRICTED', 'INCOMPLETE', 'ERROR', 'INVALID_CODE', 'NOT_FOUND', 'CAUTION', 'CLEAR', 'PENDING'];

boot('bidders', () => {
  const form = /** @type {HTMLFormElement} */ (byId('bidders-form'));
  const fileInput = /** @type {HTMLInputElement} */ (byId('bidders-file'));
  const fileInfo = byId('file-info');
  const tender = /** @type {HTMLInputElement} */ (byId('tender'));
  const scenario = /** @type {HTMLSelectElement} */ (byId('scenario'));
  const asOf = /** @type {HTMLInputElement} */ (byId('asof'));
  const submit = /** @type {HTMLButtonElement} */ (form.querySelector('[data-testid="bidders-submit"]'));
  const cancel = /** @type {HTMLButtonElement} */ (byId('cancel'));
  const run = byId('run');
  const progress = /** @type {HTMLProgressElement} */ (byId('progress'));
  const progressText = byId('progress-text');
  const runStatus = byId('run-status');
  const resultsHost = byId('results');

  /** @type {{ name: string, encoding: string, hasHeader: boolean, bidders: import('../lib/bidders.js').BidderInput[] } | null} */
  let file = null;
  /** @type {import('../lib/bidders.js').BidderResult[] | null} */
  let results = null;
  /** @type {unknown} */
  let failure = null;
  let onlyAttention = false;
  /** @type {AbortController | null} */
  let controller = null;
  /** @type {string | null} */
  let downloadUrl = null;
  let lastRun = { tender: '', scenario: '', asOf: '' };

  const fillScenarios = () => {
    const current = scenario.value || 'BIDDING';
    clear(scenario);
    for (const s of SCENARIOS) scenario.appendChild(h('option', { value: s, text: L(SCENARIO_LABELS, s) }));
    scenario.value = current;
  };
  fillScenarios();
  tender.value = getSettings().reference;

  const fileSummary = () => {
    clear(fileInfo);
    if (!file) return;
    const invalid = file.bidders.filter((b) => !parseUscc(b.codeGiven).valid).length;
    const { groups } = groupConsortia(file.bidders, getLang());
    fileInfo.textContent = file.bidders.length
      ? t('bidders.parsed', {
          count: file.bidders.length,
          encoding: file.encoding,
          header: t(file.hasHeader ? 'bidders.withHeader' : 'bidders.withoutHeader'),
          invalid,
        }) + (groups.length ? t('bidders.consortiaParsed', { count: groups.length, members: groups.reduce((n, g) => n + g.indexes.length, 0) }) : '')
      : t('bidders.noRows');
    fileInfo.dataset['consortia'] = String(groups.length);
    fileInfo.dataset['count'] = String(file.bidders.length);
    fileInfo.dataset['encoding'] = file.encoding;
  };

  fileInput.addEventListener('change', async () => {
    const f = fileInput.files?.[0];
    results = null;
    failure = null;
    file = null;
    render();
    if (!f) return;
    const bytes = new Uint8Array(await f.arrayBuffer());
    const { text, encoding } = decodeCsvBytes(bytes);
    const { bidders, hasHeader } = readBidderRows(parseCsv(text));
    file = { name: f.name, encoding, hasHeader, bidders };
    fileSummary();
    render();
  });

  const pill = verdictPill;

  /**
   * The consortium a row belongs to: its name, the member's place (牵头人 / 成员 n/m), the
   * consortium's verdict, and whether this member decided it.
   * @param {import('../lib/bidders.js').BidderResult} r
   */
  const consortiumCell = (r) => {
    const c = r.consortium;
    if (!c) return r.loneConsortium ? h('span', { class: 'muted small', text: t('bidders.consortiumAlone', { label: r.loneConsortium }) }) : null;
    const role = c.position === 1 ? t('bidders.consortiumLead', { size: c.size }) : t('bidders.consortiumMember', { position: c.position, size: c.size });
    const decides = c.decidedBy.includes(c.position) && c.verdict !== 'CLEAR';
    return [
      h('div', { class: 'consortium-name' }, h('strong', { text: c.label, title: c.id ?? '' }), ' ', h('span', { class: 'muted small', text: role })),
      h('div', { testid: 'consortium-verdict', data: { verdict: c.verdict } }, pill(c.verdict)),
      decides
        ? h('div', { class: 'consortium-decides small', testid: 'consortium-decides', text: t('bidders.consortiumDecides') })
        : c.decidedBy.length && c.verdict !== 'CLEAR'
          ? h('div', { class: 'muted small', text: t('bidders.consortiumDecidedBy', { members: decidingText(c, getLang()) }) })
          : null,
    ];
  };

  const setDownload = () => {
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = null;
    if (!results) return null;
    const csv = toCsv(resultsToRows(results, getLang()));
    downloadUrl = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const safeTender = lastRun.tender.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40);
    const name = `${getLang() === 'zh' ? '投标人信用核查' : 'bidder-check'}${safeTender ? `-${safeTender}` : ''}-${chinaToday().replace(/-/g, '')}.csv`;
    return h('a', { class: 'btn btn-primary', href: downloadUrl, download: name, testid: 'bidders-download' }, icon('download'), t('bidders.download'));
  };

  const render = () => {
    clear(resultsHost);
    if (failure) {
      resultsHost.appendChild(errorBox(failure));
      return;
    }
    /** @type {import('../lib/bidders.js').BidderResult[]} */
    const rows = results ?? pendingResults(file?.bidders ?? [], getLang());
    if (!rows.length) return;
    const card = h('div', { class: 'card' });
    if (results) {
      const counts = countVerdicts(results);
      card.appendChild(h('h2', { text: t('bidders.summary') }));
      card.appendChild(
        h(
          'div',
          { class: 'summary-chips', testid: 'bidders-summary' },
          ORDER.filter((v) => counts[v]).map((v) => {
            const meta = VERDICT_LABELS[v] ?? { zh: v, en: v, icon: 'error', tone: 'grey' };
            return h('span', { class: ['summary-chip', `tone-${meta.tone}`], data: { verdict: v, count: counts[v] } }, icon(meta.icon), `${getLang() === 'zh' ? meta.zh : meta.en} ${counts[v]}`);
          }),
        ),
      );
      const consortia = countConsortia(results);
      if (Object.keys(consortia).length) {
        card.appendChild(
          h(
            'div',
            { class: 'summary-chips', testid: 'bidders-consortium-summary' },
            h('span', { class: 'summary-chips-label', text: t('bidders.consortiumSummary') }),
            ORDER.filter((v) => consortia[v]).map((v) => {
              const meta = VERDICT_LABELS[v] ?? { zh: v, en: v, icon: 'error', tone: 'grey' };
              return h('span', { class: ['summary-chip', `tone-${meta.tone}`], data: { verdict: v, count: consortia[v] } }, icon(meta.icon), `${getLang() === 'zh' ? meta.zh : meta.en} ${consortia[v]}`);
            }),
          ),
        );
      }
      const filter = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', testid: 'bidders-filter' }));
      filter.checked = onlyAttention;
      filter.addEventListener('change', () => {
        onlyAttention = filter.checked;
        render();
      });
      card.appendChild(h('div', { class: 'toolbar' }, setDownload(), h('span', { class: 'spacer' }), h('label', { class: 'check-label' }, filter, t('bidders.filter'))));
    }
    const shown = results && onlyAttention ? rows.filter(needsAttention) : rows;
    const withConsortium = rows.some((r) => r.consortium || r.loneConsortium);
    const columns = ['bidders.col.row', 'bidders.col.code', 'bidders.col.nameGiven', 'bidders.col.nameRegistered', 'bidders.col.verdict', withConsortium ? 'bidders.col.consortium' : null, 'bidders.col.flags', 'bidders.col.missing', 'bidders.col.checkId', 'bidders.col.note'];
    card.appendChild(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table results', testid: 'bidders-results' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              columns.map((k) => (k ? h('th', { scope: 'col', text: t(k) }) : null)),
            ),
          ),
          h(
            'tbody',
            null,
            shown.map((r) =>
              h(
                'tr',
                {
                  testid: 'bidder-row',
                  class: r.consortium ? ['consortium-member', r.consortium.position === 1 ? 'consortium-lead' : null] : null,
                  data: { row: r.row, verdict: r.verdict, code: r.code, consortium: r.consortium?.label ?? null, consortiumVerdict: r.consortium?.verdict ?? null, memberPosition: r.consortium?.position ?? null },
                },
                h('td', { text: r.row }),
                h('td', null, h('code', { text: r.verdict === 'INVALID_CODE' ? r.codeGiven : r.code })),
                h('td', { text: r.nameGiven }),
                h('td', { class: r.nameMismatch ? 'name-mismatch' : null, text: r.nameRegistered ?? '' }),
                h('td', null, pill(r.verdict)),
                withConsortium ? h('td', { class: 'consortium-cell' }, consortiumCell(r)) : null,
                h('td', null, r.flags.map((f) => h('div', null, h('code', { class: 'small', text: f })))),
                h('td', { text: r.missingSources.length ? departmentList(r.missingSources) : '' }),
                h('td', null, r.checkId ? h('code', { class: 'small', text: r.checkId }) : null),
                h('td', { class: 'note small', text: r.verdict === 'PENDING' ? '' : resultNote(r, getLang(), { consortium: !withConsortium }) }),
              ),
            ),
          ),
        ),
      ),
    );
    resultsHost.appendChild(card);
  };

  /** @param {{ done: number, total: number }} p */
  const showProgress = (p) => {
    progress.max = Math.max(1, p.total);
    progress.value = p.done;
    progressText.textContent = `${p.done} / ${p.total}`;
    progress.dataset['done'] = String(p.done);
    progress.dataset['total'] = String(p.total);
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    failure = null;
    clear(runStatus);
    if (!file || !file.bidders.length) {
      runStatus.textContent = file ? t('bidders.noRows') : t('bidders.noFile');
      run.hidden = false;
      fileInput.focus();
      return;
    }
    if (!settingsComplete()) {
      failure = settingsMissingError();
      render();
      openSettings();
      return;
    }
    const bidders = file.bidders;
    lastRun = { tender: tender.value.trim(), scenario: scenario.value, asOf: asOf.value };
    controller = new AbortController();
    submit.disabled = true;
    fileInput.disabled = true;
    cancel.hidden = false;
    run.hidden = false;
    results = null;
    render();
    showProgress({ done: 0, total: bidders.length });
    const reference = lastRun.tender || getSettings().reference;
    try {
      results = await checkBidders({
        bidders,
        scenario: lastRun.scenario,
        asOf: lastRun.asOf || null,
        request: (q, v, init) => request(q, v, { ...init, reference }),
        chunkSize: 100,
        concurrency: 3,
        lang: getLang(),
        signal: controller.signal,
        onProgress: showProgress,
      });
      runStatus.textContent = t('bidders.done', { total: results.length });
      runStatus.dataset['state'] = 'done';
    } catch (err) {
      if (controller.signal.aborted) {
        runStatus.textContent = t('bidders.cancelled', { done: progress.value, total: bidders.length });
        runStatus.dataset['state'] = 'cancelled';
      } else {
        failure = err;
        runStatus.dataset['state'] = 'failed';
      }
    } finally {
      submit.disabled = false;
      fileInput.disabled = false;
      cancel.hidden = true;
      controller = null;
    }
    render();
  });

  cancel.addEventListener('click', () => controller?.abort());

  onLangChange(() => {
    fillScenarios();
    fileSummary();
    render();
  });
});
