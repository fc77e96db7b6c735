// One rollout: waves as stacked bars, the failure budget, targets, the live event history, and the controls.
import {api, enc, query} from '../api.js';
import {h, mount, badge, formatTime, table, field, select, loading, errorBox} from '../dom.js';
import {stackedBar, progressText, TARGET_STATES} from '../charts.js';
import {CursorPager} from '../pager.js';
import {confirmAction} from '../confirm.js';
import {eventLog} from './events.js';
import {analysisSection} from './analysis.js';

const TERMINAL = ['SUCCEEDED', 'ABORTED', 'ROLLED_BACK', 'FAILED'];
const POLL_MS = 5000;

/** The controls and the rollout states in which each is allowed (the server checks again). */
const CONTROLS = [
  {action: 'approve', label: 'Approve next wave', states: ['WAITING_APPROVAL'],
    message: r => `Approve rollout #${r.id}? The next wave of ${r.application} starts.`},
  {action: 'pause', label: 'Pause', states: ['RUNNING', 'WAITING_APPROVAL'],
    message: r => `Pause rollout #${r.id}? Clusters stop at their next batch boundary and no new cluster starts.`},
  {action: 'resume', label: 'Resume', states: ['PAUSED'],
    message: r => r.uninstall ? `Resume the uninstall #${r.id} of ${r.application}?`
      : `Resume rollout #${r.id} of ${r.application} to revision ${r.revision}?`},
  {action: 'abort', label: 'Abort', states: ['RUNNING', 'WAITING_APPROVAL', 'PAUSED'], danger: true,
    message: r => r.uninstall ? `Abort the uninstall #${r.id}? No further cluster is changed.`
      : `Abort rollout #${r.id}? No further cluster is updated; updated clusters keep revision ${r.revision}.`},
  {action: 'rollback', label: 'Roll back', states: ['RUNNING', 'WAITING_APPROVAL', 'PAUSED', 'ABORTED', 'SUCCEEDED'],
    danger: true,
    message: r => `Roll back rollout #${r.id}? Every cluster it touched returns to its previous revision.`},
];

export async function render(main, ctx) {
  const [id] = ctx.params;
  const base = `/api/v1/rollouts/${enc(id)}`;
  let rollout = await api(base);
  if (!ctx.isCurrent()) return undefined;
  const stop = new AbortController();
  const parts = {
    title: h('h1', {id: 'rollout-title'}),
    controls: h('div', {class: 'controls', id: 'rollout-controls'}),
    overview: h('section', {class: 'panel', 'aria-labelledby': 'overview-title', id: 'rollout-overview'}),
    waves: h('section', {class: 'panel', 'aria-labelledby': 'waves-title', id: 'rollout-waves'}),
  };
  const targets = targetsSection(base, ctx);
  const analysis = analysisSection(id, {signal: stop.signal});
  const events = eventLog(base, {signal: stop.signal, onEvent: () => scheduleRefresh(),
    following: async () => {
      rollout = await api(base, {signal: stop.signal});
      show();
      return !TERMINAL.includes(rollout.state);
    }});

  const buttons = ctx.can('operator') ? controlButtons(act) : [];
  mount(parts.controls, buttons);

  function show() {
    mount(parts.title, `Rollout #${rollout.id} `, badge(rollout.state));
    enableControls(buttons, rollout.state);
    mount(parts.overview, overview(rollout));
    mount(parts.waves, h('h2', {id: 'waves-title'}, 'Waves'), waves(rollout));
  }

  let refreshing = null;
  let pending = null;
  async function refresh() {
    try {
      rollout = await api(base, {signal: stop.signal});
      show();
      targets.refresh();
      await analysis.refresh();
    } catch (e) {
      if (!stop.signal.aborted) ctx.flash(e.message);
    }
  }
  function scheduleRefresh() {
    if (pending) return;
    pending = setTimeout(() => { pending = null; refreshing = refresh(); }, 250);
  }

  async function act(control) {
    if (!await confirmAction({title: `${control.label}?`, message: control.message(rollout),
      confirmLabel: control.label, danger: control.danger})) return;
    try {
      await api(`${base}/${control.action}`, {method: 'POST'});
      await refresh();
      ctx.flash(`Rollout #${rollout.id}: ${control.label.toLowerCase()} requested.`, {ok: true});
    } catch (e) {
      ctx.flash(e.message);
    }
  }

  show();
  mount(main,
    h('p', {}, h('a', {href: '#/rollouts'}, '← Rollouts')),
    parts.title, parts.controls, parts.overview, parts.waves, analysis.section, targets.section, events.section);
  targets.refresh();
  analysis.refresh().catch(e => { if (!stop.signal.aborted) ctx.flash(e.message); });
  events.start();
  const poll = setInterval(() => {
    if (!TERMINAL.includes(rollout.state) && !document.hidden) scheduleRefresh();
  }, POLL_MS);
  return () => {
    stop.abort();
    clearInterval(poll);
    clearTimeout(pending);
    void refreshing;
  };
}

/** The buttons are made once and only enabled or disabled on refresh, so focus and clicks are never lost. */
function controlButtons(act) {
  return CONTROLS.map(c => {
    const button = h('button', {type: 'button', id: `rollout-${c.action}`, class: c.danger ? 'danger' : undefined,
      onclick: async () => {
        await act(c);
        if (!button.disabled) button.focus();
      }}, c.label);
    button.control = c;
    return button;
  });
}

function enableControls(buttons, state) {
  for (const button of buttons) {
    const allowed = button.control.states.includes(state);
    button.disabled = !allowed;
    if (allowed) button.removeAttribute('title');
    else button.title = `Not possible while the rollout is ${state}`;
  }
}

function overview(r) {
  const failures = r.failures ?? 0;
  const max = r.maxFailures ?? 0;
  const facts = [
    ['Application', h('a', {href: `#/rollouts?application=${encodeURIComponent(r.application)}`}, r.application)],
    ['Revision', r.uninstall ? 'uninstall' : r.revision], ['Targets', r.targets],
    ['Current wave', r.currentWave == null || r.currentWave < 0 ? 'not started' : waveName(r, r.currentWave)],
    ['Max concurrency', r.maxConcurrency ?? 'unlimited'],
    ['Approval before waves', (r.approvalBeforeWaves || []).length ? r.approvalBeforeWaves.join(', ') : 'none'],
    ['Soak', r.soakSeconds ? `${r.soakSeconds} s${r.soakUntil ? `, until ${formatTime(r.soakUntil)}` : ''}` : 'none'],
    ['On failure', r.onFailure || '—'], ['Created', formatTime(r.createdAt)],
    ['Started', formatTime(r.startedAt)], ['Finished', formatTime(r.finishedAt)],
  ];
  if (r.message) facts.push(['Message', h('span', {id: 'rollout-message'}, r.message)]);
  return [
    h('h2', {id: 'overview-title'}, 'Overview'),
    h('dl', {class: 'facts'}, facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')])),
    h('h3', {}, 'Progress ', h('span', {class: 'muted', id: 'rollout-progress'}, progressText(r.counts, r.targets))),
    h('div', {id: 'rollout-counts'}, stackedBar(r.counts || {}, {of: r.targets})),
    h('h3', {id: 'budget-title'}, 'Failure budget'),
    h('div', {class: 'budget'},
      h('meter', {min: 0, max: Math.max(max, 1), value: Math.min(failures, Math.max(max, 1)), low: Math.max(max, 1) * 0.5,
        high: Math.max(max, 1) * 0.99, optimum: 0, 'aria-labelledby': 'budget-title'}),
      h('span', {id: 'failure-budget'}, `${failures} / ${max} failures used`),
      h('span', {class: 'muted'}, r.onFailure ? `(then ${r.onFailure.toLowerCase()})` : '')),
  ];
}

function waveName(r, index) {
  const wave = (r.waves || []).find(w => w.index === index);
  return wave ? `${wave.name || `wave ${index + 1}`} (${index + 1} of ${r.waves.length})` : String(index);
}

function waves(r) {
  if (!r.waves || r.waves.length === 0) return h('p', {class: 'muted'}, 'No waves.');
  return r.waves.map(w => h('article', {class: 'wave', dataset: {wave: w.index}, id: `wave-${w.index}`,
    'aria-current': w.index === r.currentWave ? 'step' : undefined},
  h('header', {},
    h('h3', {}, w.name || `Wave ${w.index + 1}`), badge(w.state),
    h('span', {class: 'muted'}, `${w.targets} target${w.targets === 1 ? '' : 's'}`),
    h('span', {class: 'muted wave-progress'}, progressText(w.counts, w.targets))),
  stackedBar(w.counts || {}, {of: w.targets})));
}

function targetsSection(base, ctx) {
  const filters = {state: '', zone: '', wave: ''};
  const results = h('div', {id: 'target-results'}, loading());
  const pager = new CursorPager(() => load());
  const form = h('form', {class: 'filters', id: 'target-filters', role: 'search', 'aria-label': 'Target filters'},
    field('Target state', select('state', [['', 'Any state'], ...TARGET_STATES.map(s => [s, s])], '',
      {id: 'target-state'})),
    field('Zone', h('input', {name: 'zone', id: 'target-zone'})),
    field('Wave', h('input', {name: 'wave', id: 'target-wave', type: 'number', min: 0, inputmode: 'numeric'})),
    h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'apply-target-filters'}, 'Apply')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    Object.assign(filters, {state: data.state, zone: String(data.zone).trim(), wave: String(data.wave).trim()});
    pager.reset();
    load();
  });
  const section = h('section', {class: 'panel', 'aria-labelledby': 'targets-title', id: 'rollout-targets'},
    h('h2', {id: 'targets-title'}, 'Targets'), form, results);

  let latest = 0;
  async function load() {
    const mine = ++latest;
    try {
      const page = await api(`${base}/targets${query({...filters, limit: 25, cursor: pager.cursor})}`);
      if (mine !== latest) return; // a newer load (other filters or page) has been asked for
      pager.loaded(page.nextCursor);
      // a refresh must not pull focus out of the pager or the table the operator is using
      const focused = results.contains(document.activeElement) ? document.activeElement.id : null;
      mount(results, targetTable(page.items || []), pager.controls('targets', 'Target pages'));
      if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
    } catch (e) {
      if (mine === latest) mount(results, errorBox(e));
    }
  }
  return {section, refresh: load};
}

function targetTable(items) {
  const columns = [{label: 'Cluster'}, {label: 'Region'}, {label: 'Zone'}, {label: 'Wave', num: true},
    {label: 'State'}, {label: 'Batch'}, {label: 'Previous revision', num: true}, {label: 'Pods updated / ready / total'},
    {label: 'Resources'}, {label: 'Message'}, {label: 'Updated'}];
  const rows = items.map(t => h('tr', {dataset: {cluster: t.cluster, state: t.state}},
    h('th', {scope: 'row'}, h('a', {href: `#/clusters/${encodeURIComponent(t.cluster)}`}, t.cluster)),
    h('td', {}, t.region || '—'), h('td', {}, t.zone || '—'), h('td', {class: 'num'}, t.wave ?? '—'),
    h('td', {}, badge(t.state)),
    h('td', {}, t.batches ? `${t.batch ?? 0} of ${t.batches}` : '—'),
    h('td', {class: 'num'}, t.previousRevision ?? '—'),
    h('td', {}, observedText(t.observed)),
    h('td', {}, resourcesList(t.resources)),
    h('td', {}, t.message || ''), h('td', {}, formatTime(t.updatedAt))));
  return table({caption: 'Rollout targets', columns, rows, id: 'targets', empty: 'No target matches.'});
}

/** Each resource of the cluster's bundle with its standing, as its agent last reported it. */
function resourcesList(resources) {
  if (!resources || resources.length === 0) return '—';
  return h('ul', {class: 'resources'}, resources.map(r => h('li', {title: r.message || ''},
    `${r.kind}/${r.name} `, badge(r.state), r.message ? ` ${r.message}` : '')));
}

function observedText(o) {
  if (!o) return '—';
  return `${o.updatedReplicas ?? '?'} / ${o.readyReplicas ?? '?'} / ${o.replicas ?? '?'}`;
}
