// The public REST API, with the bearer token kept in sessionStorage (never in a URL).

const TOKEN_KEY = 'flotilla.token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  set: token => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** An API error: the HTTP status and the problem's detail. */
export class ApiError extends Error {
  constructor(status, detail, problem) {
    super(detail || `request failed with HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

function headers(extra = {}) {
  const result = {Accept: 'application/json', ...extra};
  const token = session.token();
  if (token) result.Authorization = `Bearer ${token}`;
  return result;
}

function unauthorized() {
  window.dispatchEvent(new CustomEvent('flotilla:unauthorized'));
}

async function problemOf(response) {
  try {
    const problem = await response.json();
    return new ApiError(response.status, problem.detail || problem.title, problem);
  } catch {
    return new ApiError(response.status, `${response.status} ${response.statusText}`);
  }
}

/** Calls the API and answers the parsed JSON (null for 204); throws ApiError on a non-2xx answer. */
export async function api(path, {method = 'GET', body, signal} = {}) {
  const init = {method, signal, cache: 'no-store',
    headers: headers(body === undefined ? {} : {'Content-Type': 'application/json'})};
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (response.status === 401) unauthorized();
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Like api() but answers null on 404, for features a meta-controller may not have. */
export async function optional(path, options) {
  try {
    return await api(path, options);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null;
    throw e;
  }
}

/** '?a=1&b=x' from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const enc = encodeURIComponent;

/** Splits SSE text into complete frames; answers [frames, rest]. */
export function splitFrames(buffer) {
  const frames = [];
  let start = 0;
  let end;
  while ((end = buffer.indexOf('\n\n', start)) !== -1) {
    frames.push(buffer.slice(start, end));
    start = end + 2;
  }
  return [frames, buffer.slice(start)];
}

/** Parses one SSE frame into {event, id, data, retry}, or null for a comment-only frame. */
export function parseFrame(frame) {
  const result = {event: 'message', id: null, data: [], retry: null};
  for (const line of frame.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') result.data.push(value);
    else if (name === 'event') result.event = value;
    else if (name === 'id') result.id = value;
    else if (name === 'retry' && /^\d+$/.test(value)) result.retry = Number(value);
  }
  if (result.data.length === 0) return null;
  return {...result, data: result.data.join('\n')};
}

function pause(ms, signal) {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, {once: true});
  });
}

/** The Last-Event-ID to send: one before the last seen, so the server answers at once (see stream()). */
function resumeId(lastId) {
  if (lastId === null || lastId === undefined) return null;
  return /^\d+$/.test(String(lastId)) ? String(Math.max(0, Number(lastId) - 1)) : String(lastId);
}

/**
 * Reads a server-sent event stream with fetch, because EventSource cannot send the Authorization header.
 * Reconnects after a drop with Last-Event-ID until the signal aborts or `reconnect()` answers false.
 * onState gets 'live', 'reconnecting' or 'ended'.
 * It resumes one event early: a stream with nothing new to send commits no headers, so the page could not
 * tell a live stream from a hung one; the event sent again is dropped by the caller's de-duplication.
 */
export async function stream(path, {onEvent, onState = () => {}, signal, lastEventId = null,
  reconnect = async () => true}) {
  let lastId = lastEventId;
  let retry = 2000;
  while (!signal.aborted) {
    try {
      const extra = {Accept: 'text/event-stream'};
      const resume = resumeId(lastId);
      if (resume !== null) extra['Last-Event-ID'] = resume;
      const response = await fetch(path, {headers: headers(extra), signal, cache: 'no-store'});
      if (response.status === 401) { unauthorized(); return; }
      if (!response.ok) throw await problemOf(response);
      onState('live');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buffer = (buffer + value).replace(/\r\n/g, '\n');
        const [frames, rest] = splitFrames(buffer);
        buffer = rest;
        for (const frame of frames) {
          const event = parseFrame(frame);
          if (!event) continue;
          if (event.retry) retry = event.retry;
          if (event.id !== null) lastId = event.id;
          onEvent(event);
        }
      }
    } catch (e) {
      if (signal.aborted) return;
    }
    // a server ends the stream of something that will not change any more: then there is nothing to follow
    if (signal.aborted) return;
    if (!await reconnect().catch(() => true)) { onState('ended'); return; }
    onState('reconnecting');
    await pause(retry, signal);
  }
}
