// The dashboard shell: sign-in state, the header, and hash routing (#/fleet, #/rollouts/12).
import {api, session, ApiError} from './api.js';
import {h, mount, loading, errorBox} from './dom.js';
import * as signin from './pages/signin.js';
import * as oidc from './oidc.js';
import * as fleet from './pages/fleet.js';
import * as cluster from './pages/cluster.js';
import * as rollouts from './pages/rollouts.js';
import * as rollout from './pages/rollout.js';
import * as upgrades from './pages/upgrades.js';
import * as applications from './pages/applications.js';
import * as application from './pages/application.js';
import * as audit from './pages/audit.js';

const ROLES = ['viewer', 'operator', 'admin'];

const routes = [
  {pattern: /^\/fleet$/, page: fleet, section: 'fleet', title: 'Fleet'},
  {pattern: /^\/clusters\/([^/]+)$/, page: cluster, section: 'fleet', title: 'Cluster'},
  {pattern: /^\/rollouts$/, page: rollouts, section: 'rollouts', title: 'Rollouts'},
  {pattern: /^\/rollouts\/([^/]+)$/, page: rollout, section: 'rollouts', title: 'Rollout'},
  {pattern: /^\/upgrades$/, page: upgrades, section: 'upgrades', title: 'Upgrades'},
  {pattern: /^\/applications$/, page: applications, section: 'applications', title: 'Applications'},
  {pattern: /^\/applications\/([^/]+)$/, page: application, section: 'applications', title: 'Application'},
  {pattern: /^\/audit$/, page: audit, section: 'audit', title: 'Audit log', role: 'admin'},
];

const state = {me: null, cleanup: null, renderId: 0};
const main = document.getElementById('main');

/** Whether the signed-in token's role is at least `role`. */
function can(role) {
  return state.me !== null && ROLES.indexOf(state.me.role) >= ROLES.indexOf(role);
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/fleet';
  const at = raw.indexOf('?');
  const path = at === -1 ? raw : raw.slice(0, at);
  return {path, query: new URLSearchParams(at === -1 ? '' : raw.slice(at + 1))};
}

/** Changes the route; `replace` keeps the history entry (filters), otherwise it is a new one. */
export function navigate(path, query = {}, {replace = false} = {}) {
  const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '' && v != null)).toString();
  const hash = `#${path}${search ? `?${search}` : ''}`;
  if (hash === location.hash) { route(); return; }
  if (replace) { history.replaceState(null, '', hash); route(); } else location.hash = hash;
}

function showHeader() {
  const signedIn = state.me !== null;
  document.getElementById('main-nav').hidden = !signedIn;
  document.getElementById('who').hidden = !signedIn;
  document.getElementById('nav-audit').hidden = !can('admin');
  if (!signedIn) return;
  document.getElementById('who-name').textContent = state.me.displayName || state.me.name;
  document.getElementById('who-role').textContent = state.me.role;
  const tenant = document.getElementById('who-tenant');
  tenant.textContent = state.me.tenant ? `tenant ${state.me.tenant}` : 'all tenants';
}

function markSection(section) {
  for (const link of document.querySelectorAll('#main-nav a')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function route() {
  const renderId = ++state.renderId;
  if (state.cleanup) { state.cleanup(); state.cleanup = null; }
  flash(null);
  const {path, query} = parseHash();
  if (state.me === null) {
    document.title = 'Sign in · Flotilla';
    markSection(null);
    state.cleanup = signin.render(main, {onSignedIn: signedIn});
    return;
  }
  const match = routes.map(r => ({r, m: path.match(r.pattern)})).find(x => x.m);
  if (!match || (match.r.role && !can(match.r.role))) { navigate('/fleet', {}, {replace: true}); return; }
  document.title = `${match.r.title} · Flotilla`;
  markSection(match.r.section);
  mount(main, loading());
  const ctx = {params: match.m.slice(1).map(decodeURIComponent), query, me: state.me, can, navigate, flash,
    isCurrent: () => renderId === state.renderId};
  try {
    const cleanup = await match.r.page.render(main, ctx);
    if (renderId === state.renderId) state.cleanup = cleanup || null;
    else if (cleanup) cleanup();
  } catch (e) {
    if (renderId === state.renderId) mount(main, h('h1', {}, match.r.title), errorBox(e));
  }
}

/** A message above the page: an error (role=alert) or, with ok, a confirmation. */
export function flash(message, {ok = false} = {}) {
  const box = document.getElementById('flash');
  box.hidden = !message;
  box.textContent = message || '';
  box.classList.toggle('ok', ok);
}

async function signedIn(me) {
  state.me = me;
  showHeader();
  await route();
  main.focus();
}

function signOut() {
  session.clear();
  state.me = null;
  showHeader();
  history.replaceState(null, '', '#/fleet');
  route();
}

async function start() {
  document.getElementById('sign-out').addEventListener('click', signOut);
  document.getElementById('skip-link').addEventListener('click', e => { e.preventDefault(); main.focus(); });
  window.addEventListener('hashchange', route);
  window.addEventListener('flotilla:unauthorized', () => {
    if (state.me !== null) { signOut(); flash('Your token is no longer valid; sign in again.'); }
  });
  // back from the identity provider's sign-in: trade its code for an access token first
  let signInError = null;
  let fromProvider = false;
  try {
    const token = await oidc.complete();
    if (token) { session.set(token); fromProvider = true; }
  } catch (e) {
    signInError = e.message;
  }
  if (session.token()) {
    try {
      state.me = await api('/api/v1/me');
    } catch (e) {
      // a provider's token the API refuses (no mapped group: 403) must not stay either
      if (!(e instanceof ApiError) || e.status === 401 || e.status === 403) session.clear();
      if (fromProvider || !(e instanceof ApiError) || e.status !== 401) signInError = e.message;
    }
  }
  showHeader();
  await route();
  if (signInError) flash(signInError);
}

start();
