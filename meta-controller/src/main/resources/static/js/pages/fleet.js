// Fleet: totals from /fleet/summary and one page of the cluster table at a time (never the whole fleet).
import {api, query} from '../api.js';
import {h, mount, badge, ago, table, field, select, loading, errorBox} from '../dom.js';
import {barChart} from '../charts.js';
import {CursorPager} from '../pager.js';

const CLUSTER_STATES = ['REGISTERING', 'READY', 'NOT_READY', 'CORDONED'];
const FILTERS = ['selector', 'state', 'region', 'zone', 'kubernetesVersion', 'tenant'];

export async function render(main, ctx) {
  const filters = Object.fromEntries(FILTERS.map(f => [f, ctx.query.get(f) || '']));
  const limit = ctx.query.get('limit') || '50';
  const summary = h('section', {'aria-labelledby': 'summary-title', id: 'fleet-summary'},
    h('h2', {id: 'summary-title'}, 'Totals'), loading());
  const results = h('div', {id: 'cluster-results'}, loading());
  const pager = new CursorPager(() => loadPage());

  async function loadPage() {
    mount(results, loading('Loading clusters…'));
    try {
      const page = await api(`/api/v1/clusters${query({...filters, limit, cursor: pager.cursor})}`);
      if (!ctx.isCurrent()) return;
      pager.loaded(page.nextCursor);
      mount(results, clusterTable(page.items || []), pager.controls('clusters', 'Cluster pages'));
    } catch (e) {
      mount(results, errorBox(e));
    }
  }

  mount(main,
    h('h1', {}, 'Fleet'),
    summary,
    h('section', {'aria-labelledby': 'clusters-title'},
      h('h2', {id: 'clusters-title'}, 'Clusters'),
      filterForm(filters, limit, ctx),
      results));
  await Promise.all([loadSummary(summary), loadPage()]);
}

async function loadSummary(section) {
  try {
    const s = await api('/api/v1/fleet/summary');
    mount(section,
      h('h2', {id: 'summary-title'}, 'Totals'),
      h('p', {class: 'total'}, h('strong', {id: 'fleet-total'}, String(s.clusters ?? 0)), ' clusters'),
      h('div', {class: 'grid'},
        barChart('By state', s.byState, {id: 'chart-state', order: CLUSTER_STATES}),
        barChart('By Kubernetes version', s.byKubernetesVersion, {id: 'chart-version'}),
        barChart('By region', s.byRegion, {id: 'chart-region'}),
        barChart('By zone', s.byZone, {id: 'chart-zone'})));
  } catch (e) {
    mount(section, h('h2', {id: 'summary-title'}, 'Totals'), errorBox(e));
  }
}

function filterForm(filters, limit, ctx) {
  const input = (name, placeholder) => h('input', {name, id: `filter-${name}`, value: filters[name], placeholder});
  const form = h('form', {class: 'filters panel', id: 'cluster-filters', role: 'search', 'aria-label': 'Cluster filters'},
    field('Label selector', input('selector', 'env=prod,tier in (web,api)')),
    field('State', select('state', [['', 'Any state'], ...CLUSTER_STATES.map(s => [s, s])], filters.state,
      {id: 'filter-state'})),
    field('Region', input('region', 'eu-west')),
    field('Zone', input('zone', 'eu-west-1a')),
    field('Kubernetes version', input('kubernetesVersion', 'v1.30.4')),
    ctx.me.tenant ? null : field('Tenant', input('tenant', 'any tenant')),
    field('Per page', select('limit', pageSizes(limit), limit, {id: 'filter-limit'})),
    h('div', {class: 'actions'},
      h('button', {type: 'submit', id: 'apply-filters'}, 'Apply'),
      h('button', {type: 'button', class: 'secondary', id: 'clear-filters',
        onclick: () => ctx.navigate('/fleet')}, 'Clear')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    for (const key of Object.keys(data)) data[key] = String(data[key]).trim();
    if (data.limit === '50') delete data.limit;
    ctx.navigate('/fleet', data);
  });
  return form;
}

function pageSizes(limit) {
  const sizes = ['25', '50', '100'];
  if (!sizes.includes(limit)) sizes.unshift(limit);
  return sizes.map(n => [n, n]);
}

function clusterTable(items) {
  const columns = [{label: 'Name'}, {label: 'Tenant'}, {label: 'Region'}, {label: 'Zone'}, {label: 'State'},
    {label: 'Kubernetes'}, {label: 'Kruise'}, {label: 'Agent'}, {label: 'Nodes', num: true}, {label: 'Last heartbeat'}];
  const rows = items.map(c => h('tr', {dataset: {cluster: c.name}},
    h('th', {scope: 'row'}, h('a', {href: `#/clusters/${encodeURIComponent(c.name)}`}, c.name)),
    h('td', {}, c.tenant), h('td', {}, c.region), h('td', {}, c.zone), h('td', {}, badge(c.state)),
    h('td', {}, c.kubernetesVersion || '—'), h('td', {}, c.kruiseVersion || '—'), h('td', {}, c.agentVersion || '—'),
    h('td', {class: 'num'}, c.nodes ?? '—'), h('td', {}, ago(c.lastHeartbeat))));
  return table({caption: 'Clusters', columns, rows, id: 'clusters', empty: 'No cluster matches these filters.'});
}
