// Applications: a cursor-paged list; each links to its page (revisions, rendered bundle, diff).
import {api, query} from '../api.js';
import {h, mount, formatTime, table, loading, errorBox} from '../dom.js';
import {CursorPager} from '../pager.js';

export async function render(main, ctx) {
  const results = h('div', {id: 'application-results'}, loading());
  const pager = new CursorPager(() => loadPage());

  async function loadPage() {
    mount(results, loading('Loading applications…'));
    try {
      const page = await api(`/api/v1/applications${query({limit: 25, cursor: pager.cursor})}`);
      if (!ctx.isCurrent()) return;
      pager.loaded(page.nextCursor);
      const rows = (page.items || []).map(a => h('tr', {dataset: {application: a.name}},
        h('th', {scope: 'row'}, h('a', {href: `#/applications/${encodeURIComponent(a.name)}`}, a.name)),
        h('td', {}, a.tenant), h('td', {class: 'mono'}, a.namespace), h('td', {}, a.kind || 'bundle'),
        h('td', {class: 'num'}, a.latestRevision), h('td', {}, formatTime(a.createdAt))));
      mount(results, table({caption: 'Applications', id: 'applications', rows, empty: 'No applications.',
        columns: [{label: 'Application'}, {label: 'Tenant'}, {label: 'Namespace'}, {label: 'Kind'},
          {label: 'Latest revision', num: true}, {label: 'Created'}]}),
      pager.controls('applications', 'Application pages'));
    } catch (e) {
      mount(results, errorBox(e));
    }
  }

  mount(main, h('h1', {}, 'Applications'), results);
  await loadPage();
}
