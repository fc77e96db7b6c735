// Kubernetes upgrades of tenant control planes: the version catalog, and each cluster's upgrades with their
// version hops and preflight results. Parts the meta-controller does not offer are said to be not available.
import {api, optional, enc, query} from '../api.js';
import {h, mount, badge, formatTime, table, field, loading, errorBox} from '../dom.js';

export async function render(main, ctx) {
  const [catalog, campaigns] = await Promise.all([
    optional('/api/v1/kubernetes-versions'),
    optional(`/api/v1/upgrades${query({limit: 25})}`),
  ]);
  if (!ctx.isCurrent()) return;
  if (catalog === null && campaigns === null) {
    mount(main, h('h1', {}, 'Upgrades'), h('section', {class: 'panel', id: 'upgrades-unavailable'},
      h('h2', {}, 'Not available'),
      h('p', {}, 'This meta-controller does not offer the upgrades API (GET /api/v1/kubernetes-versions ',
        'answered 404). Kubernetes version upgrades of tenant control planes will appear here once it does.')));
    return;
  }
  mount(main, h('h1', {}, 'Upgrades'),
    clusterLookup(ctx),
    campaignSection(campaigns),
    catalog === null ? null : catalogSection(catalog));
}

/** Fleet-wide campaigns, when the API lists them; upgrades are otherwise requested and read per cluster. */
function campaignSection(page) {
  const section = h('section', {class: 'panel', 'aria-labelledby': 'campaigns-title', id: 'upgrade-campaigns'},
    h('h2', {id: 'campaigns-title'}, 'Campaigns'));
  if (page === null) {
    section.append(h('p', {class: 'muted', id: 'campaigns-unavailable'},
      'Fleet-wide upgrade campaigns are not available on this meta-controller: upgrades are requested and ',
      'followed per cluster (look one up above, or open a cluster from the fleet table).'));
    return section;
  }
  const items = page.items || [];
  section.append(table({caption: 'Upgrade campaigns', id: 'upgrades', empty: 'No upgrade campaigns.',
    columns: [{label: 'Campaign'}, {label: 'Target version'}, {label: 'Scope'}, {label: 'State'},
      {label: 'Wave'}, {label: 'Targets'}, {label: 'Refused'}, {label: 'Created'}],
    rows: items.map(c => h('tr', {dataset: {campaign: c.id}},
      h('th', {scope: 'row'}, `#${c.id}`), h('td', {}, c.targetVersion ?? '—'),
      h('td', {}, c.singleCluster ? 'one cluster' : 'fleet'), h('td', {}, badge(c.state)),
      h('td', {}, c.waves ? `${Math.max(0, (c.currentWave ?? -1) + 1)} / ${c.waves}` : '—'),
      h('td', {}, String(c.targets ?? 0)), h('td', {}, String(Array.isArray(c.refused) ? c.refused.length : (c.refused ?? 0))),
      h('td', {}, formatTime(c.createdAt))))}));
  return section;
}

function catalogSection(versions) {
  const rows = versions.map(v => h('tr', {dataset: {version: v.version}},
    h('th', {scope: 'row'}, v.version), h('td', {}, v.kubernetesVersion), h('td', {}, v.etcdVersion || '—'),
    h('td', {}, badge(v.lifecycle)), h('td', {}, (v.removedApis || []).join(', ') || 'none')));
  return h('section', {class: 'panel', 'aria-labelledby': 'catalog-title', id: 'version-catalog'},
    h('h2', {id: 'catalog-title'}, 'Kubernetes versions'),
    h('p', {class: 'muted'}, 'Upgrades move one minor version at a time, in the order the version-skew policy demands.'),
    table({caption: 'Kubernetes version catalog', rows, id: 'versions',
      columns: [{label: 'Minor'}, {label: 'Kubernetes'}, {label: 'etcd'}, {label: 'Lifecycle'},
        {label: 'APIs removed'}]}));
}

function clusterLookup(ctx) {
  const initial = ctx.query.get('cluster') || '';
  const input = h('input', {name: 'cluster', id: 'upgrade-cluster', value: initial, required: true,
    autocomplete: 'off'});
  const out = h('div', {id: 'cluster-upgrade-results'});
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Upgrades of one cluster'},
    field('Cluster name', input),
    h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'show-upgrades'}, 'Show upgrades')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    ctx.navigate('/upgrades', {cluster: input.value.trim()}, {replace: true});
  });
  if (initial) clusterUpgrades(out, initial);
  return h('section', {class: 'panel', 'aria-labelledby': 'cluster-upgrades-lookup'},
    h('h2', {id: 'cluster-upgrades-lookup'}, 'Upgrades of one cluster'), form, out);
}

/**
 * Mounts a cluster's upgrades (newest first, cursor-paged) into `out`; answers false when the API has no
 * upgrades endpoint.
 */
export async function clusterUpgrades(out, cluster, cursor = null) {
  mount(out, loading());
  try {
    const page = await optional(`/api/v1/clusters/${enc(cluster)}/upgrades${query({limit: 10, cursor})}`);
    if (page === null) {
      mount(out, h('p', {class: 'muted', id: 'cluster-upgrades-unavailable'},
        `No upgrades endpoint for ${cluster} (no such cluster, or upgrades are not available).`));
      return false;
    }
    mount(out, upgradeList(page.items || []),
      page.nextCursor ? h('button', {type: 'button', class: 'secondary', id: 'older-upgrades',
        onclick: () => clusterUpgrades(out, cluster, page.nextCursor)}, 'Older upgrades →') : null);
    return true;
  } catch (e) {
    mount(out, errorBox(e));
    return true;
  }
}

/** Upgrades with their preflight; the hops (left out of lists) are read from the upgrade on request. */
export function upgradeList(items) {
  if (items.length === 0) return h('p', {class: 'muted'}, 'No upgrades.');
  return h('div', {class: 'upgrade-list'}, items.map(u => {
    const hops = h('div', {class: 'hops'});
    const show = h('button', {type: 'button', class: 'secondary', 'aria-expanded': 'false', onclick: async () => {
      show.disabled = true;
      try {
        const full = await api(`/api/v1/upgrades/${enc(u.id)}`);
        mount(hops, hopList(full.hops));
        show.setAttribute('aria-expanded', 'true');
        show.hidden = true;
      } catch (e) {
        mount(hops, errorBox(e));
        show.disabled = false;
      }
    }}, 'Show hops');
    return h('article', {class: 'upgrade', dataset: {upgrade: u.id}},
      h('h3', {}, `#${u.id}: ${u.from ?? '?'} → ${u.to ?? '?'} `, badge(u.state), u.forced ? ' (forced)' : ''),
      h('dl', {class: 'facts'},
        [['Requested by', u.requestedBy], ['Created', formatTime(u.createdAt)], ['Started', formatTime(u.startedAt)],
          ['Finished', formatTime(u.finishedAt)]].flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')])),
      preflight(u.preflight),
      u.hops ? hopList(u.hops) : [show, hops]);
  }));
}

function hopList(list) {
  if (!Array.isArray(list) || list.length === 0) return h('p', {class: 'muted'}, 'No hops.');
  return h('div', {}, h('h4', {}, 'Hops'), h('ol', {class: 'hop-list'}, list.map(hop => h('li', {},
    `${hop.from} → ${hop.to} (Kubernetes ${hop.kubernetesVersion ?? '?'}): `,
    (hop.steps || []).map(s => s.component || s.name).join(', ') || 'no steps'))));
}

function preflight(report) {
  if (!report) return null;
  const refusals = report.refusals || [];
  const warnings = report.warnings || [];
  return h('div', {class: 'preflight'},
    h('h4', {}, 'Preflight: ', h('span', {class: `badge ${report.passed ? 'SUCCEEDED' : 'FAILED'}`},
      report.passed ? 'passed' : 'failed')),
    refusals.length ? table({caption: 'Preflight refusals', rows: refusals.map(r => h('tr', {},
      h('th', {scope: 'row'}, r.reason), h('td', {}, r.detail || ''))),
    columns: [{label: 'Refused because'}, {label: 'Detail'}]}) : null,
    warnings.length ? h('ul', {class: 'warnings'}, warnings.map(w => h('li', {}, `Warning: ${w}`))) : null);
}
