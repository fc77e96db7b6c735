// Audit log (admins): who changed what, newest first, filtered by actor, resource, action and time; cursor-paged.
import {api, query} from '../api.js';
import {h, mount, formatTime, table, field, loading, errorBox} from '../dom.js';
import {CursorPager} from '../pager.js';

const FILTERS = ['actor', 'resource', 'action', 'since'];

export async function render(main, ctx) {
  const filters = Object.fromEntries(FILTERS.map(name => [name, ctx.query.get(name) || '']));
  const results = h('div', {id: 'audit-results'}, loading());
  const pager = new CursorPager(() => loadPage());

  async function loadPage() {
    mount(results, loading('Loading audit records…'));
    try {
      const since = filters.since ? new Date(filters.since).toISOString() : '';
      const page = await api(`/api/v1/audit${query({...filters, since, limit: 50, cursor: pager.cursor})}`);
      if (!ctx.isCurrent()) return;
      pager.loaded(page.nextCursor);
      mount(results, auditTable(page.items || [], ctx), pager.controls('audit', 'Audit pages'));
    } catch (e) {
      mount(results, errorBox(e));
    }
  }

  const scope = ctx.me.tenant ? `Changes to tenant ${ctx.me.tenant}.` : 'Changes to the whole fleet.';
  mount(main, h('h1', {}, 'Audit log'), h('p', {class: 'muted'}, scope), filterForm(filters, ctx), results);
  await loadPage();
}

function filterForm(filters, ctx) {
  const form = h('form', {class: 'filters panel', id: 'audit-filters', role: 'search', 'aria-label': 'Audit filters'},
    field('Actor', h('input', {name: 'actor', id: 'filter-actor', value: filters.actor, placeholder: 'token name'})),
    field('Resource', h('input', {name: 'resource', id: 'filter-resource', value: filters.resource,
      placeholder: 'cluster/prod-eu-1'})),
    field('Action', h('input', {name: 'action', id: 'filter-action', value: filters.action,
      placeholder: 'rollout.pause'})),
    field('Since', h('input', {name: 'since', id: 'filter-since', type: 'datetime-local', value: filters.since})),
    h('div', {class: 'actions'},
      h('button', {type: 'submit', id: 'apply-audit-filters'}, 'Apply'),
      h('button', {type: 'button', class: 'secondary', onclick: () => ctx.navigate('/audit')}, 'Clear')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    ctx.navigate('/audit', Object.fromEntries(FILTERS.map(name => [name, String(data[name] || '').trim()])));
  });
  return form;
}

function auditTable(items, ctx) {
  const columns = [{label: 'Time'}, {label: 'Actor'}, {label: 'Action'}, {label: 'Resource'}, {label: 'Tenant'},
    {label: 'Result'}, {label: 'Request'}];
  const rows = items.map(r => h('tr', {dataset: {record: r.id, action: r.action}},
    h('td', {}, formatTime(r.at)),
    h('td', {}, filterLink(ctx, 'actor', r.actor, r.actorName && r.actorName !== r.actor
      ? `${r.actorName} (${r.actor})` : r.actor)),
    h('td', {}, filterLink(ctx, 'action', r.action, r.action)),
    h('td', {}, r.resourceType ? filterLink(ctx, 'resource', resourceOf(r), resourceOf(r)) : '—'),
    h('td', {}, r.tenant || h('span', {class: 'muted'}, '—')),
    h('td', {class: r.status >= 400 ? 'result failed' : 'result'},
      `${r.status}${r.problemType ? ` ${r.problemType}` : ''}${r.replayed ? ' (replayed)' : ''}`),
    h('td', {}, requestCell(r.request))));
  return table({caption: 'Audit records', columns, rows, id: 'audit', empty: 'No audit records.'});
}

function resourceOf(r) {
  return r.resourceId ? `${r.resourceType}/${r.resourceId}` : r.resourceType;
}

function filterLink(ctx, name, value, text) {
  return h('a', {href: `#/audit${query({[name]: value})}`}, text);
}

function requestCell(request) {
  if (!request) return '—';
  const line = `${request.method} ${request.path}${request.query ? `?${request.query}` : ''}`;
  if (request.body === undefined) return h('code', {}, line);
  return h('details', {}, h('summary', {}, h('code', {}, line)),
    h('pre', {class: 'request-body'}, JSON.stringify(request.body, null, 2)));
}
