// Sign in: the token is checked against GET /api/v1/me and kept in sessionStorage for this tab only. When the
// server names an identity provider (GET /api/v1/auth/config), a button signs in there instead (oidc.js).
import {api, session, ApiError} from '../api.js';
import {h, mount, field} from '../dom.js';
import * as oidc from '../oidc.js';

export function render(main, {onSignedIn}) {
  const input = h('input', {type: 'password', name: 'token', id: 'token', autocomplete: 'off', required: true,
    spellcheck: 'false', 'aria-describedby': 'token-help'});
  const error = h('p', {class: 'error', id: 'signin-error', role: 'alert'});
  const button = h('button', {type: 'submit', id: 'sign-in'}, 'Sign in');
  const form = h('form', {class: 'panel signin', 'aria-labelledby': 'signin-title'},
    h('h1', {id: 'signin-title'}, 'Sign in to Flotilla'),
    field('API token', input),
    h('p', {class: 'muted', id: 'token-help'},
      'A Flotilla API token (flt_…). It is kept in this browser tab only and sent as a bearer token.'),
    button, error);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.textContent = '';
    button.disabled = true;
    session.set(input.value.trim());
    let me;
    try {
      me = await api('/api/v1/me');
    } catch (e) {
      session.clear();
      error.textContent = e instanceof ApiError && e.status === 401
        ? 'That token is not valid.' : `Cannot sign in: ${e.message}`;
      button.disabled = false;
      input.focus();
      return;
    }
    // signed in: whatever happens while the first page renders (a reload aborting its calls) keeps the token
    await onSignedIn(me);
  });
  mount(main, form);
  input.focus();
  offerProvider(form, error);
}

/** Adds "Sign in with <provider>" above the token form when the server has one. */
async function offerProvider(form, error) {
  const provider = await oidc.config();
  if (!provider || !form.isConnected) return;
  const host = (() => { try { return new URL(provider.issuer).host; } catch { return provider.issuer; } })();
  const button = h('button', {type: 'button', id: 'sign-in-oidc'}, `Sign in with ${host}`);
  button.addEventListener('click', async () => {
    button.disabled = true;
    error.textContent = '';
    try {
      await oidc.begin(provider);
    } catch (e) {
      error.textContent = `Cannot sign in with ${host}: ${e.message}`;
      button.disabled = false;
    }
  });
  form.querySelector('h1').after(
    h('div', {class: 'signin-provider'}, button,
      h('p', {class: 'muted'}, 'or with an API token:')));
}
