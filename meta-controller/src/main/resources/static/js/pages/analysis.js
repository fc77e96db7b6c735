// A campaign's analysis: per wave its verdict, a bar per measurement (the value printed beside it) and the table.
import {api, enc} from '../api.js';
import {h, mount, badge, formatTime, table} from '../dom.js';

/** The section, filled by refresh(); hidden while the campaign has no analysis. */
export function analysisSection(campaignId, {signal} = {}) {
  const section = h('section', {class: 'panel', id: 'rollout-analysis', 'aria-labelledby': 'analysis-title',
    hidden: true});
  async function refresh() {
    const data = await api(`/api/v1/campaigns/${enc(campaignId)}/analysis`, {signal});
    const waves = data.waves || [];
    section.hidden = !data.spec && waves.length === 0;
    if (section.hidden) return;
    mount(section, h('h2', {id: 'analysis-title'}, 'Analysis'), specLine(data.spec),
      waves.length === 0 ? h('p', {class: 'muted'}, 'No wave analysed yet.') : waves.map(waveView));
  }
  return {section, refresh};
}

function specLine(spec) {
  if (!spec) return null;
  const metrics = (spec.metrics || []).map(m => `${m.name} (${m.successCondition || `not ${m.failureCondition}`})`);
  return h('p', {id: 'analysis-spec'}, `Provider ${spec.provider}: ${metrics.join(', ')}`);
}

function waveView(w) {
  const measurements = w.measurements || [];
  return h('div', {class: 'analysis-wave', id: `analysis-wave-${w.wave}`, dataset: {verdict: w.verdict}},
    h('h3', {}, `Wave ${w.wave} `, badge(w.verdict)),
    h('p', {}, `${w.rounds} of ${w.passAtRound} rounds, ${w.failures} failed, ${w.inconclusive} inconclusive`),
    w.message ? h('p', {class: 'muted analysis-message'}, w.message) : null,
    valueChart(w.wave, measurements),
    table({caption: `Measurements of wave ${w.wave}`, id: `analysis-measurements-${w.wave}`,
      columns: [{label: 'Round', num: true}, {label: 'Metric'}, {label: 'Cluster'}, {label: 'Value', num: true},
        {label: 'Verdict'}, {label: 'At'}, {label: 'Message'}],
      rows: measurements.map(m => h('tr', {dataset: {round: m.round, metric: m.metric}},
        h('td', {class: 'num'}, String(m.round)), h('td', {}, m.metric), h('td', {}, m.cluster || '—'),
        h('td', {class: 'num'}, valueText(m.value)), h('td', {}, badge(m.verdict)),
        h('td', {}, formatTime(m.at)), h('td', {}, m.message)))}));
}

/** One bar per measurement, scaled to the wave's largest value; the number is always printed as text too. */
function valueChart(wave, measurements) {
  const values = measurements.filter(m => m.value !== null && m.value !== undefined);
  if (values.length === 0) return null;
  const max = Math.max(...values.map(m => Math.abs(m.value)), Number.MIN_VALUE);
  return h('figure', {class: 'chart analysis-chart', id: `analysis-chart-${wave}`},
    h('figcaption', {}, `Measured values, wave ${wave}`),
    h('table', {class: 'bars'},
      h('thead', {class: 'visually-hidden'}, h('tr', {},
        h('th', {scope: 'col'}, 'Measurement'), h('th', {scope: 'col'}, 'Bar'), h('th', {scope: 'col'}, 'Value'))),
      h('tbody', {}, values.map(m => h('tr', {dataset: {verdict: m.verdict}},
        h('th', {scope: 'row'}, `#${m.round} ${m.metric}${m.cluster ? ` @ ${m.cluster}` : ''}`),
        h('td', {class: 'bar-cell'}, h('span', {class: `bar v-${m.verdict}`, 'aria-hidden': 'true',
          style: {width: `${(100 * Math.abs(m.value) / max).toFixed(1)}%`}})),
        h('td', {class: 'num'}, valueText(m.value)))))));
}

function valueText(value) {
  if (value === null || value === undefined) return '—';
  return Math.abs(value) >= 1000 || value === Math.trunc(value) ? String(value) : value.toPrecision(3);
}
