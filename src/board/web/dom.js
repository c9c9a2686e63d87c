// Small DOM and formatting helpers shared by the views. Text always goes in as text nodes (never innerHTML): model
// outputs and dataset fields are untrusted, and a completion that contains markup must show as the characters it is.

/**
 * Creates an element: h('td', {class: 'num', title: 'x'}, 'text', child, …). Attributes starting with `on` are event
 * listeners; `dataset` sets data-* attributes; null/undefined/false children are skipped.
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...(Node|string|number|null|undefined|false)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k in el && k !== 'list') /** @type {any} */ (el)[k] = v;
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** A <select> over [value, label] pairs with `value` chosen; calls onChange with the new value. */
export function select(options, value, onChange, attrs = {}) {
  return h(
    'select',
    { ...attrs, onchange: (e) => onChange(e.target.value) },
    ...options.map(([v, label]) => h('option', { value: v, selected: String(v) === String(value) }, label)),
  );
}

export const pct = (x, digits = 1) => (typeof x === 'number' && Number.isFinite(x) ? `${(100 * x).toFixed(digits)}%` : '–');

export function num(x, digits = 3) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(2);
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}

export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A message in place of a view's content (no data yet, an error from the server). */
export const notice = (text, kind = 'info') => h('p', { class: `notice ${kind}` }, text);
