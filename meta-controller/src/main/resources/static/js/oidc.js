// Sign-in with the identity provider: OAuth 2.0 authorization code with PKCE (RFC 7636) as a public client,
// all in this tab. The provider's endpoints come from its discovery document; the access token it issues is kept
// like an API token (sessionStorage, sent as the bearer token), and the API checks it (issuer, audience, groups).

const PENDING_KEY = 'flotilla.oidc.pending';

/** The sign-in configuration the server offers ({oidc: {issuer, clientId, scopes}} or {oidc: null}). */
export async function config() {
  try {
    const response = await fetch('/api/v1/auth/config', {headers: {Accept: 'application/json'}, cache: 'no-store'});
    return response.ok ? (await response.json()).oidc : null;
  } catch {
    return null;
  }
}

function base64url(bytes) {
  let text = '';
  for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function discover(issuer) {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    {headers: {Accept: 'application/json'}});
  if (!response.ok) throw new Error(`the identity provider's discovery document answered HTTP ${response.status}`);
  return response.json();
}

/** Where the provider sends the browser back: this page, without query or fragment. */
function redirectUri() {
  return `${location.origin}${location.pathname}`;
}

/** Sends the browser to the provider's sign-in; it comes back to this page with ?code&state. */
export async function begin(oidc) {
  const discovery = await discover(oidc.issuer);
  const verifier = random();
  const state = random();
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({state, verifier, clientId: oidc.clientId,
    tokenEndpoint: discovery.token_endpoint, redirectUri: redirectUri(), hash: location.hash || '#/fleet'}));
  const params = new URLSearchParams({response_type: 'code', client_id: oidc.clientId,
    redirect_uri: redirectUri(), scope: oidc.scopes || 'openid', state, code_challenge: challenge,
    code_challenge_method: 'S256'});
  location.assign(`${discovery.authorization_endpoint}?${params}`);
}

/**
 * Finishes a sign-in the provider sent back here: trades the code (with the PKCE verifier) for an access token.
 * Answers the access token, null when this load is no sign-in return; throws when the provider refused.
 */
export async function complete() {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null');
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', `${location.pathname}${pending ? pending.hash : '#/fleet'}`);
  if (params.has('error')) {
    throw new Error(`the identity provider refused the sign-in: ${params.get('error_description') || params.get('error')}`);
  }
  if (!pending || pending.state !== params.get('state')) {
    throw new Error('the sign-in came back without the state this tab sent; sign in again');
  }
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json'},
    body: new URLSearchParams({grant_type: 'authorization_code', code: params.get('code'),
      redirect_uri: pending.redirectUri, client_id: pending.clientId, code_verifier: pending.verifier}),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok || !answer.access_token) {
    throw new Error(`the identity provider gave no access token: ${answer.error_description || answer.error
      || `HTTP ${response.status}`}`);
  }
  return answer.access_token;
}
