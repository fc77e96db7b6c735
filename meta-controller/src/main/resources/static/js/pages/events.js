// A rollout's event history: the stored pages first, then new events live over SSE (fetch-read, with the token).
import {api, query, stream} from '../api.js';
import {h, mount, formatTime} from '../dom.js';

/** Events kept on screen, newest first; older ones stay in the API (GET .../events?after=seq). */
const SHOWN = 500;

/** `following()` answers whether the rollout can still change, i.e. whether a dropped stream is worth reopening. */
export function eventLog(base, {signal, onEvent, following}) {
  const seen = new Set();
  const list = h('ol', {class: 'events', id: 'events', 'aria-live': 'polite', 'aria-relevant': 'additions',
    'aria-label': 'Rollout events, newest first'});
  const liveState = h('span', {class: 'live-state', id: 'events-live', role: 'status'}, 'Connecting…');
  const more = h('div', {id: 'events-problem'});
  const section = h('section', {class: 'panel', 'aria-labelledby': 'events-title', id: 'rollout-events'},
    h('h2', {id: 'events-title'}, 'Events ', liveState), list, more);
  let maxSeq = null;

  function item(e) {
    return h('li', {dataset: {seq: e.seq, type: e.type || ''}},
      h('span', {class: 'muted mono'}, `#${e.seq}`),
      h('time', {datetime: e.at}, formatTime(e.at)),
      h('strong', {class: 'event-type'}, e.type || 'event'),
      h('span', {class: 'event-message'}, e.cluster ? `${e.cluster}: ` : '', e.message || ''));
  }

  /** Inserts events in seq order (newest first), skipping any already shown. */
  function add(events) {
    for (const e of events) {
      if (e.seq === undefined || seen.has(e.seq)) continue;
      seen.add(e.seq);
      maxSeq = maxSeq === null ? e.seq : Math.max(maxSeq, e.seq);
      const node = item(e);
      const after = [...list.children].find(li => Number(li.dataset.seq) < e.seq);
      list.insertBefore(node, after || null);
    }
    while (list.children.length > SHOWN) list.lastElementChild.remove();
  }

  // the first page renders at once; the stream then catches up on everything after it and follows
  async function start() {
    try {
      const page = await api(`${base}/events${query({limit: 100})}`, {signal});
      add(page.items || []);
    } catch (e) {
      if (signal.aborted) return;
      mount(more, h('p', {class: 'error', role: 'alert'}, `Event history unavailable: ${e.message}`));
    }
    stream(`${base}/events/stream`, {
      signal, lastEventId: maxSeq, reconnect: following,
      onState: s => {
        liveState.className = `live-state ${s}`;
        liveState.textContent = {live: 'Live', reconnecting: 'Reconnecting…', ended: 'Finished: no further events'}[s];
      },
      onEvent: frame => {
        let event;
        try {
          event = JSON.parse(frame.data);
        } catch {
          return;
        }
        if (event.seq === undefined && frame.id !== null) event.seq = Number(frame.id);
        add([event]);
        onEvent(event);
      },
    });
  }

  return {section, start};
}
