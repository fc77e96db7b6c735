// Rollouts: a filtered, cursor-paged list with state and progress.
import {api, query} from '../api.js';
import {h, mount, badge, formatTime, table, field, select, loading, errorBox} from '../dom.js';
import {stackedBar, progressText} from '../charts.js';
import {CursorPager} from '../pager.js';

export const ROLLOUT_STATES = ['RUNNING', 'WAITING_APPROVAL', 'PAUSED', 'SUCCEEDED', 'ABORTED', 'ROLLING_BACK',
  'ROLLED_BACK', 'FAILED'];

export async function render(main, ctx) {
  const filters = {application: ctx.query.get('application') || '', state: ctx.query.get('state') || ''};
  const results = h('div', {id: 'rollout-results'}, loading());
  const pager = new CursorPager(() => loadPage());

  async function loadPage() {
    mount(results, loading('Loading rollouts…'));
    try {
      const page = await api(`/api/v1/rollouts${query({...filters, limit: 25, cursor: pager.cursor})}`);
      if (!ctx.isCurrent()) return;
      pager.loaded(page.nextCursor);
      mount(results, rolloutTable(page.items || []), pager.controls('rollouts', 'Rollout pages'));
      fillProgress(results, page.items || [], ctx);
    } catch (e) {
      mount(results, errorBox(e));
    }
  }

  mount(main, h('h1', {}, 'Rollouts'), filterForm(filters, ctx), results);
  await loadPage();
}

function filterForm(filters, ctx) {
  const form = h('form', {class: 'filters panel', id: 'rollout-filters', role: 'search', 'aria-label': 'Rollout filters'},
    field('Application', h('input', {name: 'application', id: 'filter-application', value: filters.application})),
    field('State', select('state', [['', 'Any state'], ...ROLLOUT_STATES.map(s => [s, s])], filters.state,
      {id: 'filter-rollout-state'})),
    h('div', {class: 'actions'},
      h('button', {type: 'submit', id: 'apply-rollout-filters'}, 'Apply'),
      h('button', {type: 'button', class: 'secondary', onclick: () => ctx.navigate('/rollouts')}, 'Clear')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    ctx.navigate('/rollouts', {application: String(data.application).trim(), state: data.state});
  });
  return form;
}

function rolloutTable(items) {
  const columns = [{label: 'Rollout'}, {label: 'Application'}, {label: 'Revision', num: true}, {label: 'State'},
    {label: 'Wave'}, {label: 'Progress'}, {label: 'Failures', num: true}, {label: 'Created'}];
  const rows = items.map(r => h('tr', {dataset: {rollout: r.id}},
    h('th', {scope: 'row'}, h('a', {href: `#/rollouts/${encodeURIComponent(r.id)}`}, `#${r.id}`)),
    h('td', {}, r.application), h('td', {class: 'num'}, r.uninstall ? 'uninstall' : r.revision), h('td', {}, badge(r.state)),
    h('td', {}, waveText(r)),
    h('td', {class: 'progress-cell'}, r.counts ? progressCell(r) : h('span', {class: 'muted'}, `${r.targets} targets`)),
    h('td', {class: 'num failures-cell'}, r.maxFailures != null ? `${r.failures ?? 0} / ${r.maxFailures}` : '—'),
    h('td', {}, formatTime(r.createdAt))));
  return table({caption: 'Rollouts', columns, rows, id: 'rollouts', empty: 'No rollouts.'});
}

function progressCell(r) {
  return [stackedBar(r.counts, {of: r.targets, small: true, legend: false}),
    h('span', {class: 'progress-text'}, progressText(r.counts, r.targets))];
}

/**
 * The list answers no per-state counts, so the rows on screen (one page, at most 25) are filled in from
 * each rollout's own view; finished rollouts included, since their counts no longer change.
 */
async function fillProgress(results, items, ctx) {
  await Promise.all(items.map(async item => {
    try {
      const r = await api(`/api/v1/rollouts/${encodeURIComponent(item.id)}`);
      const row = results.querySelector(`tr[data-rollout="${CSS.escape(String(item.id))}"]`);
      if (!row || !ctx.isCurrent()) return;
      mount(row.querySelector('.progress-cell'), progressCell(r));
      mount(row.querySelector('.failures-cell'), `${r.failures ?? 0} / ${r.maxFailures ?? 0}`);
    } catch {
      // the row keeps its target count; the rollout page shows the error if the operator opens it
    }
  }));
}

function waveText(r) {
  if (r.currentWave === null || r.currentWave === undefined || r.currentWave < 0) return 'not started';
  const count = Array.isArray(r.waves) ? r.waves.length : r.waves;
  return count ? `${r.currentWave + 1} of ${count}` : String(r.currentWave + 1);
}
