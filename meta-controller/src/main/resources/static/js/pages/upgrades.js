// Kubernetes upgrades: campaigns and per-cluster upgrades with hops and preflight, when the API offers them.
import {api, optional, enc, query} from '../api.js';
import {h, mount, badge, formatTime, table, field, loading, errorBox} from '../dom.js';
import {stackedBar, progressText} from '../charts.js';
import {CursorPager} from '../pager.js';

export async function render(main, ctx) {
  const first = await optional(`/api/v1/upgrades${query({limit: 25})}`);
  if (!ctx.isCurrent()) return;
  if (first === null) {
    mount(main, h('h1', {}, 'Upgrades'), h('section', {class: 'panel', id: 'upgrades-unavailable'},
      h('h2', {}, 'Not available'),
      h('p', {}, 'This meta-controller does not offer the upgrades API (GET /api/v1/upgrades answered 404). ',
        'Kubernetes version upgrades of tenant control planes will appear here once it does.')));
    return;
  }
  const results = h('div', {id: 'campaign-results'});
  const pager = new CursorPager(() => load());
  async function load(page) {
    try {
      const data = page || await api(`/api/v1/upgrades${query({limit: 25, cursor: pager.cursor})}`);
      pager.loaded(data.nextCursor);
      mount(results, campaignTable(data.items || []), pager.controls('campaigns', 'Upgrade pages'));
    } catch (e) {
      mount(results, errorBox(e));
    }
  }
  mount(main, h('h1', {}, 'Upgrades'),
    h('section', {'aria-labelledby': 'campaigns-title'}, h('h2', {id: 'campaigns-title'}, 'Campaigns'), results),
    clusterLookup(ctx.query.get('cluster') || ''));
  await load(first);
}

function campaignTable(items) {
  const columns = [{label: 'Upgrade'}, {label: 'Target version'}, {label: 'Clusters'}, {label: 'State'},
    {label: 'Progress'}, {label: 'Created'}];
  const rows = items.map(u => h('tr', {dataset: {upgrade: u.id ?? u.name}},
    h('th', {scope: 'row'}, String(u.name ?? u.id ?? '—')),
    h('td', {}, u.targetVersion ?? u.toVersion ?? '—'),
    h('td', {}, u.selector ?? u.cluster ?? (u.targets != null ? String(u.targets) : '—')),
    h('td', {}, badge(u.state)),
    h('td', {}, u.counts ? [stackedBar(u.counts, {of: u.targets, small: true, legend: false}), ' ',
      progressText(u.counts, u.targets)] : '—'),
    h('td', {}, formatTime(u.createdAt))));
  return table({caption: 'Upgrade campaigns', columns, rows, id: 'upgrades', empty: 'No upgrades.'});
}

function clusterLookup(initial) {
  const input = h('input', {name: 'cluster', id: 'upgrade-cluster', value: initial, required: true});
  const out = h('div', {id: 'cluster-upgrade-results'});
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Upgrades of one cluster'},
    field('Cluster name', input), h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Show upgrades')));
  async function lookup() {
    mount(out, loading());
    try {
      const page = await optional(`/api/v1/clusters/${enc(input.value.trim())}/upgrades`);
      mount(out, page === null ? h('p', {class: 'muted'}, 'No such cluster, or no upgrades API for it.')
        : upgradeList(page.items || page || []));
    } catch (e) {
      mount(out, errorBox(e));
    }
  }
  form.addEventListener('submit', e => { e.preventDefault(); lookup(); });
  if (initial) lookup();
  return h('section', {class: 'panel', 'aria-labelledby': 'cluster-upgrades-lookup'},
    h('h2', {id: 'cluster-upgrades-lookup'}, 'Upgrades of one cluster'), form, out);
}

/** Per-cluster upgrades: the version hops (one minor at a time) and the preflight checks. */
export function upgradeList(items) {
  if (items.length === 0) return h('p', {class: 'muted'}, 'No upgrades.');
  return h('div', {class: 'upgrade-list'}, items.map(u => h('article', {class: 'panel', dataset: {upgrade: u.id ?? ''}},
    h('h3', {}, `${u.fromVersion ?? '?'} → ${u.toVersion ?? u.targetVersion ?? '?'} `, badge(u.state)),
    hops(u.hops), preflight(u.preflight ?? u.preflightResults))));
}

function hops(list) {
  if (!Array.isArray(list) || list.length === 0) return null;
  return h('div', {}, h('h4', {}, 'Hops'), h('ol', {class: 'hops'}, list.map(hop => typeof hop === 'string'
    ? h('li', {}, hop)
    : h('li', {}, `${hop.from ?? hop.fromVersion ?? '?'} → ${hop.to ?? hop.toVersion ?? '?'} `, hop.state ? badge(hop.state) : null))));
}

function preflight(list) {
  if (!Array.isArray(list) || list.length === 0) return null;
  const rows = list.map(c => {
    const passed = c.passed ?? c.ok ?? (c.result ? c.result === 'PASSED' || c.result === 'PASS' : undefined);
    return h('tr', {},
      h('th', {scope: 'row'}, c.check ?? c.name ?? '—'),
      h('td', {}, passed === undefined ? (c.result ?? '—') : passed ? 'passed' : 'failed'),
      h('td', {}, c.message ?? c.detail ?? ''));
  });
  return table({caption: 'Preflight checks', rows,
    columns: [{label: 'Check'}, {label: 'Result'}, {label: 'Detail'}]});
}
