// @ts-check
/**
 * `/bidders.html` — a tender's bidders from a CSV file or an Excel workbook (.xlsx), checked as one
 * bulk check job (批量核查任务) with live progress; the job's id goes into the address (`?job=…`), so
 * the page can be left and opened again and picks the job up; rows still INCOMPLETE can be checked
 * again (`&recheck=…`, laid over the table). The results as an .xlsx workbook or a CSV file that
 * Excel opens intact.
 */
import { h, clear, byId, icon } from '../lib/dom.js';
import {
  boot,
  t,
  L,
  getLang,
  onLangChange,
  request,
  errorBox,
  settingsComplete,
  settingsMissingError,
  openSettings,
  getSettings,
  chinaToday,
} from '../lib/app.js';
import { SCENARIOS, SCENARIO_LABELS, VERDICT_LABELS, DEPARTMENT_LABELS } from '../lib/i18n.js';
import {
  checkBiddersAsJob,
  followJob,
  jobEventsOpener,
  jobProgress,
  overlayRecheck,
  readJobRows,
  recheckInput,
  submitJob,
  RECHECK_VERDICTS,
} from '../lib/bidder-jobs.js';
import {
  countVerdicts,
  countConsortia,
  resultNote,
  pendingResults,
  needsAttention,
  groupConsortia,
  decidingText,
  bidderCode,
  resultsSheet,
  resultsCsv,
  resultsFileName,
  firstCheckTime,
  flagText,
} from '../lib/bidders.js';
import { BidderFileError, readBiddersFile, resultsXlsx, XLSX_TYPE } from '../lib/spreadsheet.js';
import { departmentList, verdictPill } from '../lib/check-view.js';

/** @typedef {import('../lib/spreadsheet.js').ExcelJsModule} ExcelJsModule */

/** @type {Promise<ExcelJsModule> | null} */
let excelJs = null;

/**
 * The spreadsheet library (ExcelJS's browser bundle, served by the gateway from the installed
 * package at /vendor/exceljs.min.js — never from another origin), loaded the first time a workbook
 * is read or written. It defines the global `ExcelJS`.
 * @returns {Promise<ExcelJsModule>}
 */
function loadExcelJs() {
  excelJs ??= new Promise((resolve, reject) => {
    const w = /** @type {any} */ (window);
    if (w.ExcelJS) return resolve(w.ExcelJS);
    const script = document.createElement('script');
    script.src = '/vendor/exceljs.min.js';
    script.addEventListener('load', () => (w.ExcelJS ? resolve(w.ExcelJS) : reject(new Error('ExcelJS did not load.'))));
    script.addEventListener('error', () => {
      excelJs = null;
      reject(new Error(t('bidders.excelMissing')));
    });
    document.head.appendChild(script);
  });
  return excelJs;
}

/**
 * Who runs the check, for the results file's 经办人 line: the operator entered once per session (also
 * sent as X-Operator), as 工号 姓名; null while there is none (the file then leaves the line out).
 * @returns {string | null}
 */
function operatorForExport() {
  const op = getSettings().operator;
  const text = [op.id.trim(), op.name.trim()].filter(Boolean).join(' ');
  return text || null;
}

/**
 * Save bytes under a file name (the browser's download).
 * @param {BlobPart} data
 * @param {string} type
 * @param {string} name
 */
function saveFile(data, type, name) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The job's live progress stream, opened with the session's key in the header (never in the address). */
const openEvents = jobEventsOpener({ url: '/graphql', credentials: () => getSettings() });

/** The bidder list of a job submitted in this tab (names and row numbers as in the file), kept for the tab's session. */
const JOB_LIST_KEY = 'credit-console.bidderJob.';

/** @param {string} id @param {{ bidders: import('../lib/bidders.js').BidderInput[], source: string }} list */
function rememberList(id, list) {
  try {
    sessionStorage.setItem(JOB_LIST_KEY + id, JSON.stringify(list));
  } catch {
    // Storage full or off: a reopened job then shows the codes as submitted, without the names given.
  }
}

/** @param {string} id @returns {{ bidders: import('../lib/bidders.js').BidderInput[], source: string } | null} */
function rememberedList(id) {
  try {
    const raw = sessionStorage.getItem(JOB_LIST_KEY + id);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

const JOB_ID = /^[0-9a-f-]{36}$/;

/** Verdicts in the order a tender officer reads them: the ones needing action first. */
const ORDER = ['INACTIVE', 'PROHIBITED', 'RESTRICTED', 'INCOMPLETE', 'ERROR', 'INVALID_CODE', 'NOT_FOUND', 'CAUTION', 'CLEAR', 'PENDING'];

boot('bidders', () => {
  const form = /** @type {HTMLFormElement} */ (byId('bidders-form'));
  const fileInput = /** @type {HTMLInputElement} */ (byId('bidders-file'));
  const fileInfo = byId('file-info');
  const fileWarning = byId('file-warning');
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

  /** @type {(import('../lib/spreadsheet.js').BiddersFile & { name: string }) | null} */
  let file = null;
  /** @type {unknown} why the chosen file could not be read */
  let fileError = null;
  /** @type {import('../lib/bidders.js').BidderResult[] | null} */
  let results = null;
  /** @type {unknown} */
  let failure = null;
  let onlyAttention = false;
  /** @type {AbortController | null} */
  let controller = null;
  /** @type {string | null} */
  let downloadUrl = null;
  let lastRun = { tender: '', scenario: '', asOf: '', startedAt: new Date(), source: '' };
  /** @type {{ id: string | null, rechecks: string[] }} the job on screen and its re-checks */
  let job = { id: null, rechecks: [] };
  const jobState = byId('job-state');
  const jobLink = byId('job-link');

  const fillScenarios = () => {
    const current = scenario.value || 'BIDDING';
    clear(scenario);
    for (const s of SCENARIOS) scenario.appendChild(h('option', { value: s, text: L(SCENARIO_LABELS, s) }));
    scenario.value = current;
  };
  fillScenarios();
  tender.value = getSettings().reference;

  /** @param {string} text @param {boolean} isError */
  const showWarning = (text, isError) => {
    fileWarning.hidden = false;
    fileWarning.classList.toggle('is-error', isError);
    fileWarning.appendChild(icon(isError ? 'error' : 'warning'));
    fileWarning.appendChild(h('span', { text }));
  };

  const fileSummary = () => {
    clear(fileInfo);
    clear(fileWarning);
    fileWarning.hidden = true;
    delete fileWarning.dataset['code'];
    delete fileInfo.dataset['count'];
    if (fileError) {
      const e = fileError;
      const text = e instanceof BidderFileError ? e[getLang()] : t('bidders.fileUnreadable', { message: e instanceof Error ? e.message : String(e) });
      fileWarning.dataset['code'] = e instanceof BidderFileError ? e.code : 'ERROR';
      showWarning(text, true);
      return;
    }
    if (!file) return;
    const codes = file.bidders.map(bidderCode);
    const invalid = codes.filter((c) => !c.valid).length;
    const lost = codes.filter((c) => !c.valid && c.lostToSpreadsheet).length;
    const { groups } = groupConsortia(file.bidders, getLang());
    const header = file.hasHeader
      ? file.format === 'XLSX' || file.skippedRows
        ? t('bidders.headerOnRow', { row: file.headerRow ?? 1 })
        : t('bidders.withHeader')
      : t('bidders.withoutHeader');
    const parsed =
      file.format === 'XLSX'
        ? t('bidders.parsedXlsx', {
            count: file.bidders.length,
            sheet: file.sheetName ?? '',
            sheets: file.sheetNames.length,
            header,
            invalid,
          })
        : t('bidders.parsed', { count: file.bidders.length, encoding: file.encoding, header, invalid });
    fileInfo.textContent = file.bidders.length
      ? parsed +
        (groups.length ? t('bidders.consortiaParsed', { count: groups.length, members: groups.reduce((n, g) => n + g.indexes.length, 0) }) : '')
      : t('bidders.noRows');
    fileInfo.dataset['consortia'] = String(groups.length);
    fileInfo.dataset['count'] = String(file.bidders.length);
    fileInfo.dataset['encoding'] = file.encoding;
    fileInfo.dataset['format'] = file.format;
    fileInfo.dataset['lost'] = String(lost);
    if (lost) {
      fileWarning.dataset['code'] = 'CODES_LOST_TO_SPREADSHEET';
      showWarning(t('bidders.codesLost', { count: lost }), false);
    }
  };

  fileInput.addEventListener('change', async () => {
    const f = fileInput.files?.[0];
    results = null;
    failure = null;
    file = null;
    fileError = null;
    fileSummary();
    render();
    if (!f) return;
    try {
      const bytes = new Uint8Array(await f.arrayBuffer());
      file = { name: f.name, ...(await readBiddersFile(bytes, { loadExcelJs })) };
    } catch (err) {
      fileError = err;
    }
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
    const role =
      c.position === 1 ? t('bidders.consortiumLead', { size: c.size }) : t('bidders.consortiumMember', { position: c.position, size: c.size });
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

  /** The results file of the last run, in the page's language. */
  const sheetOfResults = () => {
    const list = /** @type {import('../lib/bidders.js').BidderResult[]} */ (results);
    return resultsSheet(
      list,
      {
        tender: lastRun.tender,
        scenario: lastRun.scenario,
        asOf: lastRun.asOf || null,
        checkedAt: firstCheckTime(list, lastRun.startedAt),
        operator: operatorForExport(),
        source: lastRun.source,
      },
      getLang(),
    );
  };

  const downloadButtons = () => {
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = null;
    if (!results) return null;
    const fileName = (/** @type {string} */ ext) => resultsFileName({ tender: lastRun.tender, date: chinaToday(), ext, lang: getLang() });
    downloadUrl = URL.createObjectURL(new Blob([resultsCsv(sheetOfResults())], { type: 'text/csv;charset=utf-8' }));
    const xlsxStatus = h('span', { class: 'muted small', testid: 'bidders-download-status', 'aria-live': 'polite' });
    const xlsxButton = /** @type {HTMLButtonElement} */ (
      h('button', { type: 'button', class: 'btn btn-primary', testid: 'bidders-download-xlsx' }, icon('download'), t('bidders.downloadXlsx'))
    );
    xlsxButton.addEventListener('click', async () => {
      xlsxButton.disabled = true;
      xlsxStatus.textContent = t('bidders.preparingXlsx');
      try {
        const bytes = await resultsXlsx(sheetOfResults(), await loadExcelJs(), { created: lastRun.startedAt });
        saveFile(/** @type {BlobPart} */ (/** @type {unknown} */ (bytes)), XLSX_TYPE, fileName('xlsx'));
        xlsxStatus.textContent = '';
      } catch (err) {
        xlsxStatus.textContent = t('bidders.downloadFailed', { message: err instanceof Error ? err.message : String(err) });
      } finally {
        xlsxButton.disabled = false;
      }
    });
    return [
      xlsxButton,
      h('a', { class: 'btn', href: downloadUrl, download: fileName('csv'), testid: 'bidders-download' }, icon('download'), t('bidders.download')),
      xlsxStatus,
    ];
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
            return h(
              'span',
              { class: ['summary-chip', `tone-${meta.tone}`], data: { verdict: v, count: counts[v] } },
              icon(meta.icon),
              `${getLang() === 'zh' ? meta.zh : meta.en} ${counts[v]}`,
            );
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
              return h(
                'span',
                { class: ['summary-chip', `tone-${meta.tone}`], data: { verdict: v, count: consortia[v] } },
                icon(meta.icon),
                `${getLang() === 'zh' ? meta.zh : meta.en} ${consortia[v]}`,
              );
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
      card.appendChild(
        h(
          'div',
          { class: 'toolbar' },
          downloadButtons(),
          recheckButton(),
          h('span', { class: 'spacer' }),
          h('label', { class: 'check-label' }, filter, t('bidders.filter')),
        ),
      );
    }
    const shown = results && onlyAttention ? rows.filter(needsAttention) : rows;
    const withConsortium = rows.some((r) => r.consortium || r.loneConsortium);
    const columns = [
      'bidders.col.row',
      'bidders.col.code',
      'bidders.col.nameGiven',
      'bidders.col.nameRegistered',
      'bidders.col.verdict',
      withConsortium ? 'bidders.col.consortium' : null,
      'bidders.col.flags',
      'bidders.col.missing',
      'bidders.col.checkId',
      'bidders.col.note',
    ];
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
                  data: {
                    row: r.row,
                    verdict: r.verdict,
                    code: r.code,
                    consortium: r.consortium?.label ?? null,
                    consortiumVerdict: r.consortium?.verdict ?? null,
                    memberPosition: r.consortium?.position ?? null,
                  },
                },
                h('td', { text: r.row }),
                h('td', null, h('code', { text: r.verdict === 'INVALID_CODE' ? r.codeGiven : r.code })),
                h('td', { class: 'name', text: r.nameGiven }),
                h('td', { class: ['name', r.nameMismatch ? 'name-mismatch' : null], text: r.nameRegistered ?? '' }),
                h('td', null, pill(r.verdict)),
                withConsortium ? h('td', { class: 'consortium-cell' }, consortiumCell(r)) : null,
                h(
                  'td',
                  { class: 'flags small' },
                  (r.flagDetails?.length
                    ? r.flagDetails
                    : r.flags.map((code) => ({
                        code,
                        name: '',
                        nameZh: '',
                        list: null,
                        department: null,
                        reference: null,
                        authority: null,
                        underObjection: false,
                      }))
                  ).map((f) => h('div', { class: 'bidder-flag', title: f.code, data: { measureCode: f.code } }, flagText(f, getLang()))),
                ),
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

  /** @param {{ done: number, total: number, incomplete?: number, departments?: { department: string, state: string }[] }} p */
  const showProgress = (p) => {
    progress.max = Math.max(1, p.total);
    progress.value = p.done;
    progressText.textContent = `${p.done} / ${p.total}`;
    progress.dataset['done'] = String(p.done);
    progress.dataset['total'] = String(p.total);
    const retrying = (p.departments ?? []).filter((d) => d.state === 'RETRYING').map((d) => L(DEPARTMENT_LABELS, d.department));
    const failed = (p.departments ?? []).filter((d) => d.state === 'FAILED').map((d) => L(DEPARTMENT_LABELS, d.department));
    clear(jobState);
    jobState.dataset['retrying'] = String(retrying.length);
    if (retrying.length)
      jobState.appendChild(h('div', { text: t('bidders.jobRetrying', { departments: retrying.join(getLang() === 'zh' ? '、' : ', ') }) }));
    if (failed.length)
      jobState.appendChild(h('div', { text: t('bidders.jobFailed', { departments: failed.join(getLang() === 'zh' ? '、' : ', ') }) }));
  };

  /** The address of this page for the job and its re-checks (so it can be left and opened again). */
  const setAddress = () => {
    const url = new URL(location.href);
    url.search = '';
    if (job.id) url.searchParams.set('job', job.id);
    for (const r of job.rechecks) url.searchParams.append('recheck', r);
    history.replaceState(null, '', url.href);
    jobLink.hidden = !job.id;
    jobLink.textContent = job.id ? t('bidders.jobLink', { id: job.id }) : '';
    jobLink.dataset['job'] = job.id ?? '';
  };

  /** While a job runs: the form is locked and the stop button shown (stopping follows no more; the job goes on). */
  const running = (/** @type {boolean} */ on) => {
    submit.disabled = on;
    fileInput.disabled = on;
    cancel.hidden = !on;
    run.hidden = false;
    if (on) controller = new AbortController();
    else controller = null;
  };

  /** @param {unknown} err @param {number} total */
  const stopped = (err, total) => {
    if (controller?.signal.aborted) {
      runStatus.textContent = t('bidders.jobLeft', { done: progress.value, total });
      runStatus.dataset['state'] = 'cancelled';
    } else {
      failure = err;
      runStatus.dataset['state'] = 'failed';
    }
  };

  /** The re-check button, when some rows could not be read completely. */
  const recheckButton = () => {
    if (!results || !job.id) return null;
    const terms = { scenario: lastRun.scenario, asOf: lastRun.asOf || null, tenderReference: lastRun.tender || null };
    const input = recheckInput(results, terms);
    if (!input) return null;
    const count = results.filter((r) => RECHECK_VERDICTS.has(r.verdict) || RECHECK_VERDICTS.has(r.consortium?.verdict ?? '')).length;
    const button = /** @type {HTMLButtonElement} */ (
      h('button', { type: 'button', class: 'btn', testid: 'bidders-recheck', data: { count } }, icon('pending'), t('bidders.recheck', { count }))
    );
    button.disabled = controller !== null;
    button.addEventListener('click', () => recheck(input));
    return button;
  };

  /** @param {import('../lib/bidder-jobs.js').JobInput} input */
  const recheck = async (input) => {
    if (!results) return;
    failure = null;
    running(true);
    render();
    const signal = /** @type {AbortController} */ (controller).signal;
    const total = input.codes.length + input.consortia.length;
    runStatus.textContent = t('bidders.rechecking', { total });
    runStatus.dataset['state'] = 'running';
    try {
      const submitted = await submitJob(request, input, signal);
      job.rechecks.push(submitted.id);
      setAddress();
      showProgress(submitted);
      await followJob({ id: submitted.id, request, openEvents, onProgress: showProgress, signal });
      const changed = overlayRecheck(results, await readJobRows(request, submitted.id, { signal }));
      runStatus.textContent = t('bidders.rechecked', { changed });
      runStatus.dataset['state'] = 'done';
    } catch (err) {
      stopped(err, total);
    } finally {
      running(false);
    }
    render();
  };

  /**
   * Submit the chosen file as a job, or follow a job (and its re-checks) from the address.
   * @param {{ bidders: import('../lib/bidders.js').BidderInput[] | null, jobId?: string, rechecks?: string[], source: string }} what
   */
  const runJob = async (what) => {
    failure = null;
    running(true);
    results = null;
    render();
    const signal = /** @type {AbortController} */ (controller).signal;
    const reference = lastRun.tender || getSettings().reference;
    const jobRequest = /** @type {import('../lib/graphql.js').GraphqlRequest} */ ((q, v, init) => request(q, v, { ...init, reference }));
    let total = what.bidders?.length ?? 0;
    if (what.bidders) showProgress({ done: 0, total });
    runStatus.dataset['state'] = 'running';
    runStatus.textContent = what.jobId ? t('bidders.jobReopening') : t('bidders.jobSubmitting');
    try {
      const out = await checkBiddersAsJob({
        bidders: what.bidders,
        jobId: what.jobId,
        terms: { scenario: lastRun.scenario, asOf: lastRun.asOf || null, tenderReference: lastRun.tender || null },
        request: jobRequest,
        openEvents,
        lang: getLang(),
        signal,
        onJob: (id) => {
          job = { id, rechecks: [] };
          if (what.bidders) rememberList(id, { bidders: what.bidders, source: what.source });
          setAddress();
          runStatus.textContent = t('bidders.jobRunning');
        },
        onProgress: (p) => {
          total = p.total;
          showProgress(p);
          if (what.jobId) runStatus.textContent = t('bidders.jobRunning');
        },
      });
      results = out.results;
      for (const r of what.rechecks ?? []) overlayRecheck(results, await readJobRows(jobRequest, r, { signal }));
      runStatus.textContent = t('bidders.done', { total: results.length });
      runStatus.dataset['state'] = 'done';
    } catch (err) {
      stopped(err, total);
    } finally {
      running(false);
    }
    render();
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
    lastRun = { tender: tender.value.trim(), scenario: scenario.value, asOf: asOf.value, startedAt: new Date(), source: file.name };
    job = { id: null, rechecks: [] };
    await runJob({ bidders: file.bidders, source: file.name });
  });

  /** Opened with `?job=…`: pick the job up (and its re-checks) — its terms from the job, the list from this tab if it sent it. */
  const reopen = async () => {
    const params = new URL(location.href).searchParams;
    const id = params.get('job');
    if (!id) return;
    const rechecks = params.getAll('recheck').filter((r) => JOB_ID.test(r));
    if (!JOB_ID.test(id)) {
      runStatus.textContent = t('bidders.jobBadId');
      run.hidden = false;
      return;
    }
    if (!settingsComplete()) {
      failure = settingsMissingError();
      render();
      openSettings();
      return;
    }
    job = { id, rechecks };
    setAddress();
    try {
      const terms = await jobProgress(request, id);
      const list = rememberedList(id);
      lastRun = {
        tender: terms.tenderReference ?? '',
        scenario: terms.scenario,
        asOf: terms.asOf ?? '',
        startedAt: new Date(terms.submittedAt),
        source: list?.source ?? '',
      };
      tender.value = lastRun.tender;
      scenario.value = lastRun.scenario;
      asOf.value = lastRun.asOf;
      await runJob({ bidders: list?.bidders ?? null, jobId: id, rechecks, source: lastRun.source });
    } catch (err) {
      failure = err;
      run.hidden = false;
      runStatus.dataset['state'] = 'failed';
      render();
    }
  };
  reopen();

  cancel.addEventListener('click', () => controller?.abort());

  onLangChange(() => {
    fillScenarios();
    fileSummary();
    render();
  });
});
