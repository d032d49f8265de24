// @ts-check
/**
 * A code input validated as the user types: normalised display with the structure of the code
 * (authority · type · division · organisation code · check) and the offending position marked,
 * and a sentence saying what is wrong or what the code encodes.
 */
import { h, clear, icon } from '../lib/dom.js';
import { checkWhileTyping, parseUscc, explainInvalid } from '../lib/uscc.js';
import { t, getLang } from '../lib/app.js';
import { AUTHORITY_NAMES_EN, ENTITY_TYPE_NAMES_EN } from '../lib/i18n.js';

/** Segments of the 18 positions (1-based, inclusive). */
const SEGMENTS = [
  [1, 1, 'seg-authority'],
  [2, 2, 'seg-type'],
  [3, 8, 'seg-division'],
  [9, 16, 'seg-org'],
  [17, 17, 'seg-orgcheck'],
  [18, 18, 'seg-check'],
];

/** @param {any} result the invalid result */
function badPosition(result) {
  if (!result) return 0;
  if (result.reason === 'ILLEGAL_CHARACTER') return result.position;
  if (result.reason === 'ORGANIZATION_CODE_CHECK_FAILED') return 17;
  if (result.reason === 'CHECK_CHARACTER_FAILED') return 18;
  return 0;
}

/**
 * @param {string} normalized
 * @param {number} bad 1-based position to mark, 0 for none
 */
function structured(normalized, bad) {
  const chars = [...normalized];
  const out = h('span', { class: 'code-structure', testid: 'uscc-normalized', 'aria-hidden': 'true' });
  for (const [from, to, cls] of SEGMENTS) {
    const seg = h('span', { class: ['seg', /** @type {string} */ (cls)] });
    for (let p = /** @type {number} */ (from); p <= /** @type {number} */ (to); p++) {
      const ch = chars[p - 1];
      seg.appendChild(h('span', { class: ['ch', ch === undefined ? 'ch-empty' : null, p === bad ? 'ch-bad' : null], text: ch ?? '·' }));
    }
    out.appendChild(seg);
  }
  if (chars.length > 18) out.appendChild(h('span', { class: 'seg seg-extra' }, h('span', { class: 'ch ch-bad', text: chars.slice(18).join('') })));
  return out;
}

/**
 * Wire a code input and its feedback element.
 * @param {HTMLInputElement} input
 * @param {HTMLElement} feedback
 * @returns {{ update: () => void, validate: () => ReturnType<typeof parseUscc> }}
 */
export function codeField(input, feedback) {
  // After a full validation (核查 pressed), a redraw (e.g. the language switched) keeps showing that
  // result, not the while-typing state; typing again returns to the while-typing state.
  let submitted = false;
  const render = () => {
    const state = checkWhileTyping(input.value);
    clear(feedback);
    feedback.dataset['state'] = state.state;
    delete feedback.dataset['reason'];
    input.setAttribute('aria-invalid', String(state.state === 'invalid'));
    input.classList.toggle('is-invalid', state.state === 'invalid');
    input.classList.toggle('is-valid', state.state === 'valid');
    if (state.state === 'empty') return;
    const result = state.state === 'invalid' ? state.result : null;
    feedback.appendChild(structured(state.normalized, badPosition(result)));
    if (state.state === 'typing') {
      feedback.appendChild(h('p', { class: 'code-msg muted', text: t('check.typing', { length: state.length }) }));
    } else if (state.state === 'valid') {
      const info = state.info;
      const en = getLang() === 'en';
      const authority = en ? AUTHORITY_NAMES_EN[info.registeringAuthority.code] : info.registeringAuthority.name;
      const type = en ? ENTITY_TYPE_NAMES_EN[info.registeringAuthority.code + info.entityType.code] : info.entityType.name;
      feedback.appendChild(
        h(
          'p',
          { class: 'code-msg ok' },
          icon('clear'),
          h('strong', { text: t('check.valid') }),
          ' ',
          t('check.codeInfo', {
            authority: authority ?? t('check.unknownCategory'),
            type: (info.entityType.name && type) || t('check.unknownCategory'),
            division: info.division,
            org: info.organizationCode,
          }),
        ),
      );
    } else if (result) {
      feedback.dataset['reason'] = result.reason;
      feedback.appendChild(h('p', { class: 'code-msg bad', role: 'alert', testid: 'uscc-error' }, icon('error'), explainInvalid(result, getLang())));
    }
    if (state.normalized !== input.value.trim() && state.state !== 'invalid') {
      feedback.appendChild(h('p', { class: 'code-msg muted small', text: t('check.normalized', { code: state.normalized }) }));
    }
  };
  input.addEventListener('input', () => {
    submitted = false;
    render();
  });
  /** Full validation (a short code is now an error too). */
  const validate = () => {
    submitted = true;
    const r = parseUscc(input.value);
    render();
    if (!r.valid) {
      clear(feedback);
      feedback.dataset['state'] = 'invalid';
      feedback.dataset['reason'] = r.reason;
      input.setAttribute('aria-invalid', 'true');
      input.classList.add('is-invalid');
      if (r.normalized) feedback.appendChild(structured(r.normalized, badPosition(r)));
      feedback.appendChild(h('p', { class: 'code-msg bad', role: 'alert', testid: 'uscc-error' }, icon('error'), explainInvalid(r, getLang())));
    }
    return r;
  };
  const update = () => (submitted ? void validate() : render());
  return { update, validate };
}
