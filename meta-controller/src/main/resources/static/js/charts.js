// Charts as HTML: every number is printed as text; bars and colours only repeat it.
import {h} from './dom.js';

export const TARGET_STATES = ['SUCCEEDED', 'IN_PROGRESS', 'DISPATCHED', 'PENDING', 'FAILED', 'ROLLED_BACK', 'SKIPPED',
  'ABORTED', 'ROLLBACK_PENDING'];

/**
 * A horizontal bar chart of counts (e.g. clusters by state), largest first; past `limit` rows the rest
 * are summed into "others" so a fleet with hundreds of zones stays readable.
 */
export function barChart(title, counts, {limit = 8, id, order} = {}) {
  let entries = Object.entries(counts || {});
  if (order) entries.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
  else entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length > limit) {
    const rest = entries.slice(limit - 1);
    entries = [...entries.slice(0, limit - 1), [`${rest.length} others`, rest.reduce((s, e) => s + e[1], 0)]];
  }
  const max = Math.max(1, ...entries.map(e => e[1]));
  const rows = entries.map(([label, count]) => h('tr', {dataset: {key: label}},
    h('th', {scope: 'row'}, label || '(none)'),
    h('td', {class: 'bar-cell'}, h('span', {class: 'bar', 'aria-hidden': 'true',
      style: {width: `${(100 * count / max).toFixed(1)}%`}})),
    h('td', {class: 'num count'}, String(count))));
  return h('figure', {class: 'chart panel', id},
    h('figcaption', {}, title),
    entries.length === 0 ? h('p', {class: 'muted'}, 'No data.') :
      h('table', {class: 'bars'},
        h('thead', {class: 'visually-hidden'}, h('tr', {},
          h('th', {scope: 'col'}, 'Value'), h('th', {scope: 'col'}, 'Bar'), h('th', {scope: 'col'}, 'Clusters'))),
        h('tbody', {}, rows)));
}

function total(counts) {
  return Object.values(counts || {}).reduce((s, n) => s + (Number(n) || 0), 0);
}

/** A stacked bar of target states with a text legend ("SUCCEEDED 3"), in a fixed state order. */
export function stackedBar(counts, {of, small = false, legend = true} = {}) {
  const sum = of || total(counts) || 1;
  const present = TARGET_STATES.filter(s => (counts || {})[s] > 0);
  const label = present.map(s => `${s} ${counts[s]}`).join(', ') || 'no targets';
  const bar = h('div', {class: `stack${small ? ' small' : ''}`, role: 'img', 'aria-label': `${label} of ${sum}`},
    present.map(s => h('span', {class: `s-${s}`, title: `${s} ${counts[s]}`,
      style: {width: `${(100 * counts[s] / sum).toFixed(2)}%`}})));
  if (!legend) return bar;
  return h('div', {class: 'stacked'}, bar, h('ul', {class: 'legend'},
    TARGET_STATES.filter(s => s in (counts || {}) || present.includes(s)).map(s =>
      h('li', {dataset: {state: s}}, h('span', {class: `swatch s-${s}`, 'aria-hidden': 'true'}),
        h('span', {class: 'state-name'}, s), ' ', h('strong', {class: 'count'}, String(counts[s] || 0))))));
}

/** "12 / 40 done" for a counts map. */
export function progressText(counts, targets) {
  const c = counts || {};
  const done = (c.SUCCEEDED || 0) + (c.SKIPPED || 0);
  return `${done} / ${targets ?? total(c)} done`;
}
