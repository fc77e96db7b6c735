// One application: its revisions, the bundle a chosen cluster gets of a revision, and what changes for that
// cluster between two revisions. The choice lives in the route (?cluster=&revision=&from=), so it can be linked.
import {api, optional, enc, query} from '../api.js';
import {h, mount, formatTime, table, field, select, loading, errorBox} from '../dom.js';

/** Revisions listed on the page (newest are the most relevant; the API pages oldest first). */
const REVISION_LIMIT = 100;

export async function render(main, ctx) {
  const [name] = ctx.params;
  const app = await api(`/api/v1/applications/${enc(name)}`);
  if (!ctx.isCurrent()) return;
  const page = await api(`/api/v1/applications/${enc(name)}/revisions${query({limit: REVISION_LIMIT})}`);
  if (!ctx.isCurrent()) return;
  const revisions = page.items || [];
  const latest = app.latestRevision;
  const chosen = {
    cluster: ctx.query.get('cluster') || '',
    revision: Number(ctx.query.get('revision') || latest),
    from: ctx.query.get('from') !== null ? Number(ctx.query.get('from')) : Math.max(0, Number(ctx.query.get('revision') || latest) - 1),
  };
  const output = h('div', {id: 'application-cluster-view'});
  mount(main,
    h('p', {}, h('a', {href: '#/applications'}, '← Applications')),
    h('h1', {}, 'Application ', h('span', {class: 'mono', id: 'application-name'}, app.name)),
    h('section', {class: 'panel', 'aria-labelledby': 'app-facts-title'},
      h('h2', {id: 'app-facts-title'}, 'Facts'), facts(app)),
    h('section', {'aria-labelledby': 'app-revisions-title'},
      h('h2', {id: 'app-revisions-title'}, 'Revisions'), revisionTable(revisions, page.nextCursor)),
    h('section', {class: 'panel', 'aria-labelledby': 'app-cluster-title'},
      h('h2', {id: 'app-cluster-title'}, 'For a cluster'),
      latest === 0 ? h('p', {class: 'muted'}, 'No revision yet.') : [chooser(app, revisions, chosen, ctx), output]));
  if (latest > 0 && chosen.cluster) await show(output, app, chosen, ctx);
}

function facts(app) {
  const rows = [['Tenant', app.tenant], ['Namespace', app.namespace],
    ['Kind', app.kind || 'any (a bundle)'], ['Latest revision', app.latestRevision], ['Created', formatTime(app.createdAt)]];
  return h('dl', {class: 'facts', id: 'application-facts'}, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function revisionTable(revisions, more) {
  const rows = revisions.map(r => h('tr', {dataset: {revision: r.revision}},
    h('th', {scope: 'row', class: 'num'}, r.revision),
    h('td', {}, formatTime(r.createdAt)),
    h('td', {class: 'num'}, (r.resources || []).length),
    h('td', {}, summary(r.resources || [])),
    h('td', {class: 'num'}, (r.overrides || []).length)));
  return [table({caption: 'Revisions', id: 'application-revisions', rows, empty: 'No revisions yet.',
    columns: [{label: 'Revision', num: true}, {label: 'Created'}, {label: 'Resources', num: true},
      {label: 'Kinds'}, {label: 'Overrides', num: true}]}),
  more ? h('p', {class: 'muted'}, `The first ${REVISION_LIMIT} revisions are listed.`) : null];
}

/** "CloneSet web, Service web, ConfigMap web-config" */
function summary(resources) {
  return resources.map(r => `${r.kind} ${r.metadata?.name ?? ''}`).join(', ');
}

function chooser(app, revisions, chosen, ctx) {
  const numbers = revisions.map(r => String(r.revision));
  const form = h('form', {class: 'filters', id: 'application-chooser', 'aria-label': 'Cluster and revisions'},
    field('Cluster', h('input', {name: 'cluster', id: 'choose-cluster', value: chosen.cluster, required: true,
      list: 'application-clusters', autocomplete: 'off'})),
    h('datalist', {id: 'application-clusters'}),
    field('Revision', select('revision', numbers.map(n => [n, `revision ${n}`]), String(chosen.revision),
      {id: 'choose-revision'})),
    field('Compare with', select('from', [['0', 'nothing (first install)'], ...numbers.map(n => [n, `revision ${n}`])],
      String(chosen.from), {id: 'choose-from'})),
    h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'show-cluster-view'}, 'Show')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    ctx.navigate(`/applications/${app.name}`, {cluster: String(data.cluster).trim(), revision: data.revision,
      from: data.from}, {replace: true});
  });
  fillClusters(form.querySelector('datalist'), app);
  return form;
}

/** Suggests the clusters that run the application (one bounded call). */
async function fillClusters(list, app) {
  try {
    const page = await optional(`/api/v1/applications/${enc(app.name)}/clusters${query({limit: 100})}`);
    mount(list, (page?.items || []).map(c => h('option', {value: c.cluster})));
  } catch {
    // suggestions only: the field still takes any cluster name
  }
}

async function show(output, app, chosen, ctx) {
  const rendered = h('section', {'aria-labelledby': 'rendered-title', id: 'rendered-bundle'},
    h('h3', {id: 'rendered-title'}, `Revision ${chosen.revision} as ${chosen.cluster} gets it`), loading());
  const diff = h('section', {'aria-labelledby': 'diff-title', id: 'bundle-diff'},
    h('h3', {id: 'diff-title'}, `Changes for ${chosen.cluster} from ${chosen.from === 0 ? 'nothing' : `revision ${chosen.from}`}`
      + ` to revision ${chosen.revision}`), loading());
  mount(output, rendered, diff);
  const base = `/api/v1/applications/${enc(app.name)}/revisions/${enc(chosen.revision)}`;
  await Promise.all([
    load(rendered, () => api(`${base}/rendered${query({cluster: chosen.cluster})}`), renderedBundle),
    load(diff, () => api(`${base}/diff${query({cluster: chosen.cluster, from: chosen.from})}`), bundleDiff),
  ]);
  if (!ctx.isCurrent()) return;
}

async function load(section, call, view) {
  const title = section.querySelector('h3');
  try {
    mount(section, title, view(await call()));
  } catch (e) {
    mount(section, title, errorBox(e));
  }
}

function renderedBundle(r) {
  if (r.refused) {
    return h('p', {class: 'error', role: 'alert', id: 'rendered-refused'}, `Does not apply to this cluster: ${r.refused}`);
  }
  return h('ol', {class: 'resources', id: 'rendered-resources'}, r.resources.map(resource =>
    h('li', {dataset: {kind: resource.kind, name: resource.metadata?.name}},
      h('details', {}, h('summary', {}, identity(resource)), h('pre', {class: 'mono'}, JSON.stringify(resource, null, 2))))));
}

function bundleDiff(d) {
  const block = (label, id, items) => h('div', {id},
    h('h4', {}, `${label} (${items.length})`),
    items.length === 0 ? h('p', {class: 'muted'}, 'None.') : h('ul', {}, items));
  return [
    block('Added', 'diff-added', d.added.map(r => h('li', {dataset: {kind: r.kind}}, identity(r)))),
    block('Changed', 'diff-changed', d.changed.map(c => h('li', {dataset: {kind: c.kind}},
      h('details', {open: true}, h('summary', {}, `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`),
        h('pre', {class: 'mono'}, c.patch.map(op => JSON.stringify(op)).join('\n')))))),
    block('Removed', 'diff-removed', d.removed.map(r => h('li', {dataset: {kind: r.kind}}, identity(r)))),
    h('p', {class: 'muted', id: 'diff-unchanged'}, `${d.unchanged} unchanged.`),
  ];
}

function identity(r) {
  const ns = r.metadata?.namespace;
  return `${r.kind} ${ns ? `${ns}/` : ''}${r.metadata?.name ?? ''} (${r.apiVersion})`;
}
