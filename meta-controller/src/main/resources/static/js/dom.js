// Tiny DOM helpers: build elements without innerHTML, so API text is never parsed as markup.

/** h('a', {href: '#/x', class: 'c'}, 'text', child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of el. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A state badge: the state name is the text, colour only repeats it. */
export function badge(state) {
  return h('span', {class: `badge ${state || ''}`, dataset: {state: state || ''}}, state || 'unknown');
}

export function formatTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

/** "12 s ago", with the absolute time in a <time> element. */
export function ago(iso) {
  if (!iso) return h('span', {class: 'muted'}, 'never');
  const d = new Date(iso);
  const seconds = Math.max(0, Math.round((Date.now() - d.getTime()) / 1000));
  let text;
  if (seconds < 60) text = `${seconds} s ago`;
  else if (seconds < 3600) text = `${Math.floor(seconds / 60)} min ago`;
  else if (seconds < 86400) text = `${Math.floor(seconds / 3600)} h ago`;
  else text = `${Math.floor(seconds / 86400)} d ago`;
  return h('time', {datetime: iso, title: formatTime(iso)}, text);
}

/** A table with a caption and column headers (th scope="col"); rows are arrays of cells. */
export function table({caption, columns, rows, empty = 'Nothing to show.', id}) {
  const thead = h('thead', {}, h('tr', {}, columns.map(c =>
    h('th', {scope: 'col', class: c.num ? 'num' : undefined}, c.label))));
  const body = rows.length === 0
    ? [h('tr', {}, h('td', {colspan: columns.length, class: 'muted'}, empty))]
    : rows;
  return h('div', {class: 'table-wrap'},
    h('table', {id}, caption ? h('caption', {class: 'visually-hidden'}, caption) : null, thead, h('tbody', {}, body)));
}

/** A labelled input inside a .field wrapper. */
export function field(label, control) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h('div', {class: 'field'}, h('label', {for: id}, label), control);
}

export function select(name, options, value, attrs = {}) {
  return h('select', {name, ...attrs}, options.map(([v, label]) =>
    h('option', {value: v, selected: v === (value || '')}, label)));
}

export function loading(text = 'Loading…') {
  return h('p', {class: 'muted', role: 'status'}, text);
}

export function errorBox(error) {
  return h('p', {class: 'error', role: 'alert'}, error && error.message ? error.message : String(error));
}
