// @ts-check
/** Tiny DOM helpers. Text always goes in as text nodes: nothing from the API is parsed as HTML. */

/**
 * @typedef {string | number | Node | null | undefined | false | ChildList} Child
 * @typedef {Array<any>} ChildList nested children (flattened)
 */

/**
 * Create an element. `attrs`: `class`, `text`, `testid` (→ data-testid), `data` (dataset),
 * `on` (event listeners), `hidden`, and any other attribute (null/undefined/false skipped).
 * @param {string} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : String(v);
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'testid') el.setAttribute('data-testid', String(v));
    else if (k === 'data') for (const [dk, dv] of Object.entries(v)) dv !== null && dv !== undefined && (el.dataset[dk] = String(dv));
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'hidden') /** @type {HTMLElement} */ (el).hidden = !!v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

/**
 * @param {Node} parent
 * @param {Child[]} children
 */
export function append(parent, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else if (typeof c === 'string' || typeof c === 'number') parent.appendChild(document.createTextNode(String(c)));
    else parent.appendChild(c);
  }
}

/** @param {Element} el */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** @param {string} id @returns {HTMLElement} */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Icon paths on a 24×24 grid (stroke icons). */
/** @type {Record<string, string[]>} */
const ICONS = {
  prohibited: ['M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20z', 'M4.9 4.9l14.2 14.2'],
  restricted: ['M12 3l9.5 17h-19z', 'M12 10v4.5', 'M12 17.5v.5'],
  caution: ['M2 12s3.5-7 10-7s10 7 10 7s-3.5 7-10 7s-10-7-10-7z', 'M12 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6z'],
  clear: ['M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20z', 'M7 12.5l3.2 3.2L17 9'],
  incomplete: ['M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20z', 'M9.2 9.2a2.9 2.9 0 1 1 4.3 2.5c-.9.5-1.5 1.1-1.5 2.1v.7', 'M12 17.5v.5'],
  notfound: ['M10.5 3a7.5 7.5 0 1 0 0 15a7.5 7.5 0 1 0 0-15z', 'M16 16l5.5 5.5', 'M8 8.5l5 5', 'M13 8.5l-5 5'],
  invalid: ['M4 4h16v16H4z', 'M9 9l6 6', 'M15 9l-6 6'],
  inactive: ['M4 5h16v14H4z', 'M8 9h8', 'M8 13h5', 'M3 20L21 4'],
  error: ['M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20z', 'M12 7v6.5', 'M12 16.5v.5'],
  pending: ['M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20z', 'M12 6v6l4 2'],
  warning: ['M12 3l9.5 17h-19z', 'M12 10v4.5', 'M12 17.5v.5'],
  settings: [
    'M12 8.5a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7z',
    'M12 2v3',
    'M12 19v3',
    'M2 12h3',
    'M19 12h3',
    'M4.9 4.9l2.1 2.1',
    'M17 17l2.1 2.1',
    'M4.9 19.1L7 17',
    'M17 7l2.1-2.1',
  ],
  copy: ['M9 9h11v11H9z', 'M5 15H4V4h11v1'],
  print: ['M6 9V3h12v6', 'M6 18H4v-7h16v7h-2', 'M7 14h10v7H7z'],
  download: ['M12 3v12', 'M7 10l5 5l5-5', 'M4 20h16'],
  objection: ['M4 4h16v12H8l-4 4z', 'M12 7v4', 'M12 13.5v.5'],
};

/**
 * An inline SVG icon (decorative: the text beside it says the same).
 * @param {string} name
 * @param {string} [cls]
 * @returns {SVGSVGElement}
 */
export function icon(name, cls = 'icon') {
  const svg = /** @type {SVGSVGElement} */ (document.createElementNS(SVG_NS, 'svg'));
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', cls);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of ICONS[name] ?? ICONS['error'] ?? []) {
    const p = document.createElementNS(SVG_NS, 'path');
    p.setAttribute('d', d);
    svg.appendChild(p);
  }
  return svg;
}
