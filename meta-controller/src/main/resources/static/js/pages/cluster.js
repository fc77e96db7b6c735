// One cluster: facts, labels, the revision each application runs there, its upgrades, cordon/uncordon.
import {api, optional, enc, query} from '../api.js';
import {h, mount, badge, ago, formatTime, table, loading, errorBox} from '../dom.js';
import {confirmAction} from '../confirm.js';
import {clusterUpgrades} from './upgrades.js';

/** Applications looked at for the revision table: bounded, so a large catalogue costs a fixed number of calls. */
const APPLICATION_SCAN = 200;
const APPLICATION_LIMIT = 25;

export async function render(main, ctx) {
  const [name] = ctx.params;
  const c = await api(`/api/v1/clusters/${enc(name)}`);
  if (!ctx.isCurrent()) return;
  const revisions = h('section', {'aria-labelledby': 'revisions-title'},
    h('h2', {id: 'revisions-title'}, 'Application revisions'), loading());
  const upgrades = h('section', {'aria-labelledby': 'cluster-upgrades-title', id: 'cluster-upgrades'},
    h('h2', {id: 'cluster-upgrades-title'}, 'Upgrades'), loading());
  mount(main,
    h('p', {}, h('a', {href: '#/fleet'}, '← Fleet')),
    h('h1', {}, 'Cluster ', h('span', {class: 'mono', id: 'cluster-name'}, c.name), ' ', badge(c.state)),
    controls(c, ctx),
    h('div', {class: 'grid'},
      h('section', {class: 'panel', 'aria-labelledby': 'facts-title'}, h('h2', {id: 'facts-title'}, 'Facts'), facts(c)),
      h('section', {class: 'panel', 'aria-labelledby': 'labels-title'}, h('h2', {id: 'labels-title'}, 'Labels'),
        labels(c.labels))),
    revisions, upgrades);
  await Promise.all([loadRevisions(revisions, c), loadUpgrades(upgrades, c.name)]);
}

function controls(c, ctx) {
  if (!ctx.can('operator')) return null;
  const cordoned = c.state === 'CORDONED';
  const action = cordoned ? 'uncordon' : 'cordon';
  const message = cordoned
    ? `Uncordon ${c.name}? Rollouts may target it again.`
    : `Cordon ${c.name}? Rollouts will keep away from it until it is uncordoned.`;
  return h('div', {class: 'controls'}, h('button', {type: 'button', id: `cluster-${action}`, onclick: async () => {
    if (!await confirmAction({title: `${cordoned ? 'Uncordon' : 'Cordon'} cluster`, message,
      confirmLabel: cordoned ? 'Uncordon' : 'Cordon'})) return;
    try {
      await api(`/api/v1/clusters/${enc(c.name)}/${action}`, {method: 'POST'});
      ctx.navigate(`/clusters/${c.name}`, {}, {replace: true});
      ctx.flash(`${c.name} ${cordoned ? 'uncordoned' : 'cordoned'}.`, {ok: true});
    } catch (e) {
      ctx.flash(e.message);
    }
  }}, cordoned ? 'Uncordon' : 'Cordon'));
}

function facts(c) {
  const rows = [
    ['Tenant', c.tenant], ['Region', c.region], ['Zone', c.zone], ['State', c.state],
    ['Kubernetes', c.kubernetesVersion], ['OpenKruise', c.kruiseVersion], ['Agent', c.agentVersion],
    ['Nodes', c.nodes], ['Node zones', (c.zones || []).join(', ')],
    ['Kubelet versions', (c.kubeletVersions || []).join(', ')],
    ['Last heartbeat', ago(c.lastHeartbeat)], ['Registered', formatTime(c.registeredAt)],
    ['Created', formatTime(c.createdAt)], ['Updated', formatTime(c.updatedAt)],
  ];
  return h('dl', {class: 'facts', id: 'cluster-facts'}, rows.flatMap(([k, v]) =>
    [h('dt', {}, k), h('dd', {}, v === null || v === undefined || v === '' ? '—' : v)]));
}

function labels(map) {
  const entries = Object.entries(map || {});
  if (entries.length === 0) return h('p', {class: 'muted'}, 'No labels.');
  return h('ul', {class: 'chips', id: 'cluster-labels'}, entries.map(([k, v]) => h('li', {class: 'mono'}, `${k}=${v}`)));
}

async function loadRevisions(section, c) {
  const title = h('h2', {id: 'revisions-title'}, 'Application revisions');
  try {
    const apps = await optional(`/api/v1/applications${query({limit: APPLICATION_SCAN})}`);
    if (apps === null) {
      mount(section, title, h('p', {class: 'muted'}, 'Applications are not available on this meta-controller.'));
      return;
    }
    // only the cluster's own tenant's applications can run on it
    const items = (apps.items || []).filter(app => !app.tenant || app.tenant === c.tenant).slice(0, APPLICATION_LIMIT);
    const found = await Promise.all(items.map(app => revisionOn(app.name, c.name)));
    const rows = items.map((app, i) => h('tr', {dataset: {application: app.name}},
      h('th', {scope: 'row'}, h('a', {href: `#/applications/${enc(app.name)}${query({cluster: c.name})}`}, app.name)),
      h('td', {}, app.kind || 'bundle'),
      h('td', {class: 'num'}, found[i] ? found[i].revision : 'not running'),
      h('td', {}, found[i]?.rollout ? h('a', {href: `#/rollouts/${found[i].rollout}`}, `rollout #${found[i].rollout}`) : '—'),
      h('td', {}, found[i] ? formatTime(found[i].updatedAt) : '—')));
    mount(section, title, table({caption: 'Application revisions on this cluster', id: 'cluster-revisions', rows,
      columns: [{label: 'Application'}, {label: 'Kind'}, {label: 'Revision', num: true}, {label: 'Set by'},
        {label: 'Since'}],
      empty: `No applications of tenant ${c.tenant}.`}),
    apps.nextCursor || items.length === APPLICATION_LIMIT ? h('p', {class: 'muted'},
      `Looked at the first ${APPLICATION_SCAN} applications for those of tenant ${c.tenant} (at most ${APPLICATION_LIMIT}).`)
      : null);
  } catch (e) {
    mount(section, title, errorBox(e));
  }
}

/** The cluster's row in an application's cluster list (one bounded call). */
async function revisionOn(application, cluster) {
  const page = await optional(`/api/v1/applications/${enc(application)}/clusters${query({cluster, limit: 1})}`);
  return (page?.items || []).find(item => item.cluster === cluster) || null;
}

async function loadUpgrades(section, cluster) {
  const title = h('h2', {id: 'cluster-upgrades-title'}, 'Upgrades');
  const windowBox = h('div', {id: 'maintenance-window'});
  const list = h('div', {});
  mount(section, title, windowBox, list);
  if (!await clusterUpgrades(list, cluster)) {
    mount(section, title, h('p', {class: 'muted', id: 'cluster-upgrades-unavailable'},
      'Upgrades are not available on this meta-controller.'));
    return;
  }
  try {
    const w = await optional(`/api/v1/clusters/${enc(cluster)}/maintenance-window`);
    mount(windowBox, w === null
      ? h('p', {class: 'muted'}, 'No maintenance window: upgrades may run at any time.')
      : h('p', {}, h('strong', {}, 'Maintenance window: '),
        `${(w.days || []).join(', ')} from ${w.start} for ${w.durationMinutes} min (${w.timeZone}); `,
        w.openNow ? 'open now.' : `next opens ${formatTime(w.nextStart)}.`));
  } catch (e) {
    mount(windowBox, errorBox(e));
  }
}
