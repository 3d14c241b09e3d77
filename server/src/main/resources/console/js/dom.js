// Building DOM without a framework: h('tag', {attrs}, ...children). Text is always set as text,
// never parsed as HTML, so names of buckets, keys and users cannot inject markup.

let nextId = 0;

/** A new element. attrs: class, for, on<Event> handlers, boolean properties, other attributes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'for') {
      el.htmlFor = value;
    } else if (name === 'value' || name === 'checked' || name === 'selected' || name === 'disabled') {
      el[name] = value;
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A unique id for pairing labels with controls. */
export function uid(prefix = 'f') {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/**
 * A labelled form control: <div class="field"><label for=id>…</label>control<small>hint</small></div>.
 * The control gets an id if it has none, so the label names it for screen readers and clicks.
 */
export function field(label, control, hint) {
  if (!control.id) control.id = uid();
  const hintEl = hint ? h('small', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

/** A <select> of [value, label] pairs (or plain strings). */
export function select(options, selected, attrs = {}) {
  return h('select', attrs, options.map((o) => {
    const [value, label] = Array.isArray(o) ? o : [o, o];
    return h('option', { value, selected: value === selected }, label);
  }));
}

/** A set of radio buttons in a fieldset with a legend; onChange gets the chosen value. */
export function radios(legend, name, options, selected, onChange) {
  return h('fieldset', { class: 'radios' }, h('legend', {}, legend), options.map(([value, label]) => {
    const id = uid(name);
    return h('span', { class: 'radio' },
      h('input', { type: 'radio', id, name, value, checked: value === selected,
        onchange: () => onChange && onChange(value) }),
      h('label', { for: id }, label));
  }));
}

/**
 * A table. columns: [{ title, cell: (row) => node|string }]; rows: array. An empty list shows
 * `empty` in one full-width cell.
 */
export function table(columns, rows, empty = 'Nothing here yet.', attrs = {}) {
  return h('table', { class: 'list', ...attrs },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.title)))),
    h('tbody', {}, rows.length === 0
      ? h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, empty))
      : rows.map((r) => h('tr', {}, columns.map((c) => h('td', {}, c.cell(r)))))));
}

/** A definition list of [term, value] pairs, for detail views. */
export function details(pairs) {
  return h('dl', { class: 'details' }, pairs.filter(Boolean).map(([t, v]) => [h('dt', {}, t),
    h('dd', {}, v === null || v === undefined || v === '' ? '—' : v)]));
}

export function formatBytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i += 1; }
  return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

/** A link to a console location (hash route). */
export function link(hash, text, attrs = {}) {
  return h('a', { href: hash, ...attrs }, text);
}
