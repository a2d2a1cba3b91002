// Shared by the lead's and the evaluator's criteria pages and the report: the period picker, the
// criteria table with traffic lights, the metadata block and the monthly trend. Protection is
// rendered from whatever the API says (null value, `suppressed`, `suppressed_parts`, a metadata
// block), so a change of disclosure method on the server needs no change here.
import { h, select, field, periodRange, lastMonths } from './util.js';
import { t, tr, lang, formatNumber, formatPercent } from './i18n.js';
import { lineChart } from './chart.js';

const percentKinds = new Set(['share', 'case_trend_share']);
// The server states its counting rule in English; the ones we know are shown in Swedish too.
const countingRulesSv = {
  'every record that is not deleted counts, whatever its review state': 'varje post som inte är raderad räknas, oavsett granskningsstatus',
};

export function defaultPeriod() {
  const now = new Date();
  const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return { kind: 'month', year: last.getFullYear(), index: last.getMonth() + 1 };
}

export function periodFromParams(params) {
  const fallback = defaultPeriod();
  const kind = ['month', 'tertial', 'year'].includes(params.get('kind')) ? params.get('kind') : fallback.kind;
  const year = Number(params.get('year')) || fallback.year;
  const index = Number(params.get('index')) || (kind === 'tertial' ? Math.ceil(fallback.index / 4) : fallback.index);
  return { kind, year, index };
}

export function periodLabel(period) {
  if (period.kind === 'month') return `${t('months')[period.index - 1]} ${period.year}`;
  if (period.kind === 'tertial') return `${t('tertial')} ${period.index} (${t('tertials')[period.index - 1]}) ${period.year}`;
  return `${period.year}`;
}

export function periodPicker(period, onChange) {
  const now = new Date();
  const kind = select([['month', t('month')], ['tertial', t('tertial')], ['year', t('year')]], period.kind, { name: 'kind' });
  const years = [];
  for (let y = now.getFullYear(); y >= now.getFullYear() - 4; y -= 1) years.push([y, String(y)]);
  const year = select(years, period.year, { name: 'year' });
  const indexOptions = () => (kind.value === 'month' ? t('months').map((m, i) => [i + 1, m])
    : kind.value === 'tertial' ? t('tertials').map((m, i) => [i + 1, `${i + 1}: ${m}`]) : []);
  let index = select(indexOptions(), period.index, { name: 'index' });
  const indexField = field(t('period'), index);
  indexField.hidden = kind.value === 'year';
  kind.addEventListener('change', () => {
    const fresh = select(indexOptions(), 1, { name: 'index', id: index.id });
    index.replaceWith(fresh);
    index = fresh;
    indexField.hidden = kind.value === 'year';
  });
  const button = h('button', { type: 'submit', class: 'primary' }, t('show'));
  const form = h('form', { class: 'filters' }, field(t('periodKind'), kind), field(t('year'), year), indexField, button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onChange({ kind: kind.value, year: Number(year.value), index: kind.value === 'year' ? 1 : Number(index.value) });
  });
  return form;
}

export function rangeOf(period) { return periodRange(period.kind, period.year, period.index); }

export function formatValue(kind, value) {
  if (value === null || value === undefined) return null;
  return percentKinds.has(kind) ? formatPercent(value) : formatNumber(value, 1);
}

export function unitOf(kind) { return t(`unit_${kind}`); }

export function statusLight(criterion) {
  const hidden = criterion.status === null || criterion.status === undefined;
  const status = hidden ? 'protected' : criterion.status;
  const text = hidden ? t('protected') : t(status);
  return h('span', { class: `light light-${status}`, title: hidden ? t('protectedExplain') : text },
    h('span', { class: 'dot', 'aria-hidden': 'true' }), text);
}

function targetText(criterion) {
  const target = criterion.target;
  if (!target) return '–';
  const words = target.comparison === 'at_most' ? t('atMost') : t('atLeast');
  return `${words} ${formatValue(criterion.kind, target.value)}${target.overridden ? ` (${t('overridden')})` : ''}`;
}

export function valueCell(criterion) {
  if (criterion.kind === 'distribution') {
    const parts = Object.entries(criterion.breakdown || {}).map(([label, count]) => `${label}: ${count === null ? '×' : count}`);
    return h('td', { class: 'num' }, parts.length ? parts.join(', ') : '–');
  }
  const text = formatValue(criterion.kind, criterion.value);
  if (text === null) {
    return h('td', { class: 'num protected' }, h('abbr', { title: t('protectedExplain') }, `× ${t('protected')}`));
  }
  return h('td', { class: 'num' }, text);
}

export function basisText(criterion) {
  const records = criterion.measures?.records;
  if (records === null) return `× ${t('protected')}`;
  return records === undefined ? '' : `${formatNumber(records, 0)} ${t('records')}`;
}

export function criteriaTable(report, caption) {
  const body = h('tbody');
  for (const criterion of report.criteria || []) {
    body.append(h('tr', { 'data-criterion': criterion.id },
      h('th', { scope: 'row' }, h('span', { class: 'crit-id' }, criterion.id), ' ', tr(criterion)),
      valueCell(criterion),
      h('td', {}, unitOf(criterion.kind)),
      h('td', {}, targetText(criterion)),
      h('td', {}, statusLight(criterion)),
      h('td', { class: 'muted' }, basisText(criterion))));
  }
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('tableRegion') }, h('table', { class: 'data' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('criterion')), h('th', { scope: 'col' }, t('value')),
      h('th', { scope: 'col' }, t('unit')), h('th', { scope: 'col' }, t('target')),
      h('th', { scope: 'col' }, t('status')), h('th', { scope: 'col' }, t('basis')))),
    body));
}

// How the numbers were protected, in words: the cell-key rule (issue 10) or exact numbers; an older server's
// suppression threshold is still understood.
export function disclosureItems(report) {
  const control = report.disclosure_control;
  if (control && control.method === 'cell_key') {
    const text = t('disclosureCellKey', { noise: control.max_noise ?? '', small: control.k !== undefined ? control.k - 1 : '' });
    return [[t('disclosure'), text], ['k', String(control.k ?? '')]];
  }
  if (control && control.method === 'none') return [[t('disclosure'), t('disclosureExact')]];
  const k = report.suppression?.k;
  return k !== undefined ? [[t('disclosure'), t('disclosureRule', { k })], ['k', String(k)]] : [];
}

// Everything the report says about how it was made: pack, period, counting rule, the protection
// rule, and any further metadata block the server adds (rendered generically).
export function metadataBlock(report) {
  const items = [];
  if (report.pack) items.push([t('packVersion'), `${(lang() === 'sv' ? report.pack.title_sv : report.pack.title_en) || report.pack.id} (${report.pack.id} v${report.pack.version})`]);
  // What the indicators are (v2 packs): activity indicators with local targets.
  if (report.pack?.about) items.push([t('indicatorsAre'), report.pack.about[lang()] || report.pack.about.sv]);
  if (report.district_settings && Object.keys(report.district_settings).length) {
    items.push([t('districtSettings'), Object.entries(report.district_settings).map(([k, v]) => `${k}: ${v === true ? t('yes') : v === false ? t('no') : v}`).join(', ')]);
  }
  if (report.period) items.push([t('period'), `${report.period.from} – ${report.period.to}`]);
  if (report.counting_rule) items.push([t('countingRule'), lang() === 'sv' ? (countingRulesSv[report.counting_rule] || report.counting_rule) : report.counting_rule]);
  items.push(...disclosureItems(report));
  for (const key of ['disclosure', 'metadata', 'protection']) {
    const block = report[key];
    if (block && typeof block === 'object') {
      for (const [name, value] of Object.entries(block)) items.push([`${t('disclosure')}: ${name}`, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
    }
  }
  const list = h('dl', { class: 'meta' });
  for (const [term, text] of items) list.append(h('dt', {}, term), h('dd', {}, text));
  return list;
}

export function monthsOf(period) {
  const end = period.kind === 'month' ? { year: period.year, month: period.index }
    : period.kind === 'tertial' ? { year: period.year, month: period.index * 4 } : { year: period.year, month: 12 };
  return lastMonths(12, end.year, end.month);
}

export function monthRange({ year, month }) { return periodRange('month', year, month); }

export function trendChart(criterion, monthly, scopeLabel) {
  const points = monthly.map(({ year, month, report }) => {
    const found = report?.criteria?.find((c) => c.id === criterion.id);
    const isProtected = Boolean(found && found.value === null && (found.suppressed || (found.suppressed_parts || []).includes('value')));
    return { label: `${t('monthsShort')[month - 1]} ${String(year).slice(2)}`, value: found ? found.value : null, protected: isProtected };
  });
  const format = (v) => formatValue(criterion.kind, v) ?? '';
  return h('figure', { class: 'chart-box' },
    lineChart({ title: `${tr(criterion)} – ${t('trendTitle')} (${scopeLabel})`, points, target: criterion.target?.value ?? null,
      format, protectedLabel: t('protected'), targetLabel: t('targetLine') }),
    h('figcaption', {}, `${tr(criterion)} (${unitOf(criterion.kind)}), ${t('trendTitle').toLowerCase()}. ${t('targetLine')}: ${targetText(criterion)}.`));
}

export function trendSelector(report, chosen, onChange) {
  const choices = (report.criteria || []).filter((c) => c.kind !== 'distribution').map((c) => [c.id, `${c.id} ${tr(c)}`]);
  const control = select(choices, chosen, { name: 'criterion' });
  control.addEventListener('change', () => onChange(control.value));
  return field(t('trendFor'), control);
}
