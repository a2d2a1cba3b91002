// Evaluator: criteria per district and city, the table builder, the printable report, and the code
// documentation. Everything here comes from the anonymised endpoints; no row or free text exists here.
import { get, query } from './api.js';
import { h, clear, field, select } from './util.js';
import { t, tr, lang, formatNumber } from './i18n.js';
import { barChart } from './chart.js';
import { periodFromParams, periodPicker, rangeOf, periodLabel, metadataBlock, monthsOf, monthRange, trendChart,
  trendSelector, valueCell, statusLight, unitOf, criteriaTable, disclosureItems } from './criteria.js';

let docsCache = null;
export function codeDocs() {
  if (!docsCache) docsCache = get('/api/v1/docs/codes');
  return docsCache;
}

const formChoices = () => [['faltkontakt', 'Fältkontakt'], ['familjebehandling', 'Familjebehandling']];

function formSelectFor(value) { return select(formChoices(), value, { name: 'form' }); }

async function reportsFor(range, form, districts) {
  const city = await get(`/api/v1/criteria/report${query({ ...range, form })}`);
  const perDistrict = await Promise.all(districts.map(async (d) => ({
    district: d, report: await get(`/api/v1/criteria/report${query({ ...range, form, district_id: d.id })}`),
  })));
  return { city, perDistrict };
}

function comparisonTable(city, perDistrict, caption) {
  const head = h('tr', {}, h('th', { scope: 'col' }, t('criterion')), h('th', { scope: 'col' }, t('unit')),
    h('th', { scope: 'col' }, t('city')), ...perDistrict.map((p) => h('th', { scope: 'col' }, p.district.name)));
  const body = h('tbody');
  for (const criterion of city.criteria || []) {
    const cells = [city, ...perDistrict.map((p) => p.report)].map((report) => {
      const found = report.criteria.find((c) => c.id === criterion.id);
      const cell = valueCell(found);
      if (found.kind !== 'distribution') cell.append(h('br'), statusLight(found));
      return cell;
    });
    body.append(h('tr', { 'data-criterion': criterion.id }, h('th', { scope: 'row' }, h('span', { class: 'crit-id' }, criterion.id), ' ', tr(criterion)),
      h('td', {}, unitOf(criterion.kind)), ...cells));
  }
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('tableRegion') }, h('table', { class: 'data' }, h('caption', {}, caption), h('thead', {}, head), body));
}

export async function criteriaPage(root, { params, navigate }) {
  const period = periodFromParams(params);
  const form = params.get('form') || 'faltkontakt';
  const formSelect = formSelectFor(form);
  root.append(h('h1', {}, t('navCriteria')), h('p', { class: 'lead' }, periodLabel(period)));
  const picker = periodPicker(period, (next) => navigate('criteria', { ...next, form: formSelect.value }));
  picker.insertBefore(field(t('form'), formSelect), picker.lastChild);
  root.append(picker);
  const docs = await codeDocs();
  const range = rangeOf(period);
  const { city, perDistrict } = await reportsFor(range, form, docs.districts || []);
  root.append(comparisonTable(city, perDistrict, `${t('navCriteria')}, ${periodLabel(period)}`), metadataBlock(city));
  const scopes = [['', t('city')], ...(docs.districts || []).map((d) => [d.id, d.name])];
  const scopeSelect = select(scopes, '', { name: 'scope' });
  const candidates = (city.criteria || []).filter((c) => c.kind !== 'distribution');
  let chosen = (candidates.find((c) => c.target) || candidates[0])?.id;
  const slot = h('div');
  const section = h('section', { class: 'trend' }, h('h2', {}, t('trendTitle')), field(t('district'), scopeSelect),
    trendSelector(city, chosen, (id) => { chosen = id; draw(); }), slot);
  root.append(section);
  async function draw() {
    clear(slot).append(h('p', { class: 'loading' }, t('loading')));
    const monthly = await Promise.all(monthsOf(period).map(async (m) => {
      try { return { ...m, report: await get(`/api/v1/criteria/report${query({ ...monthRange(m), form, district_id: scopeSelect.value })}`) }; } catch { return { ...m, report: null }; }
    }));
    const criterion = city.criteria.find((c) => c.id === chosen);
    clear(slot).append(trendChart(criterion, monthly, scopes.find(([id]) => id === scopeSelect.value)[1]));
    performance.mark('faltlogg-first-chart');
  }
  scopeSelect.addEventListener('change', draw);
  if (chosen) await draw();
}

const measures = {
  faltkontakt: ['contacts', 'minutes', 'youths', 'parents', 'contacts_in_pair', 'contacts_with_parents', 'contacts_with_concern', 'collaboration_contacts', 'synced_within_72h'],
  familjebehandling: ['sessions', 'minutes', 'sessions_child_heard', 'goal_ratings'],
};
const dimensions = {
  faltkontakt: ['month', 'district_id', 'arena', 'aktivitet', 'contact_kind', 'time_band'],
  familjebehandling: ['month', 'district_id', 'basis', 'session_kind', 'setting', 'time_band'],
};
const names = {
  sv: { contacts: 'Kontakter', minutes: 'Minuter', youths: 'Unga mötta', parents: 'Föräldrar mötta', contacts_in_pair: 'Kontakter i par',
    contacts_with_parents: 'Kontakter med föräldrar', contacts_with_concern: 'Kontakter med oro', collaboration_contacts: 'Samverkanskontakter',
    synced_within_72h: 'Synkade inom 72 h', sessions: 'Samtal', sessions_child_heard: 'Samtal där barnet hörts', goal_ratings: 'Målskattningar',
    month: 'Månad', district_id: 'Distrikt', arena: 'Arena', aktivitet: 'Aktivitet', contact_kind: 'Kontakttyp', time_band: 'Tidsband', basis: 'Grund',
    session_kind: 'Samtalstyp', setting: 'Plats' },
  en: { contacts: 'Contacts', minutes: 'Minutes', youths: 'Youths met', parents: 'Parents met', contacts_in_pair: 'Contacts in pairs',
    contacts_with_parents: 'Contacts with parents', contacts_with_concern: 'Contacts with concern', collaboration_contacts: 'Collaboration contacts',
    synced_within_72h: 'Synced within 72 h', sessions: 'Sessions', sessions_child_heard: 'Sessions where the child was heard', goal_ratings: 'Goal ratings',
    month: 'Month', district_id: 'District', arena: 'Arena', aktivitet: 'Activity', contact_kind: 'Contact type', time_band: 'Time band', basis: 'Basis',
    session_kind: 'Session type', setting: 'Setting' },
};
const nameOf = (key) => names[lang()][key] || key;

function labeller(docs, table, form) {
  const formDef = (docs.forms || []).find((f) => f.id === form);
  return (dimension, value) => {
    if (table.labels?.[dimension]?.[value]) return table.labels[dimension][value];
    if (dimension === 'month') {
      const [y, m] = String(value).split('-').map(Number);
      return m ? `${t('monthsShort')[m - 1]} ${y}` : value;
    }
    const fieldDef = formDef?.fields?.find((f) => f.id === dimension);
    const option = fieldDef?.options?.find((o) => (o.value ?? o.id) === value);
    return option ? tr(option, 'label') : value;
  };
}

function cellText(cell) {
  return cell.suppressed || cell.value === null ? h('abbr', { title: t('protectedExplain') }, '×') : formatNumber(cell.value, 0);
}

function renderTable(table, label) {
  const [rowDim, colDim] = table.by;
  if (!colDim) {
    const body = h('tbody');
    for (const cell of table.cells) {
      body.append(h('tr', {}, h('th', { scope: 'row' }, label(rowDim, cell[rowDim])), h('td', { class: `num${cell.suppressed ? ' protected' : ''}` }, cellText(cell))));
    }
    body.append(h('tr', { class: 'total' }, h('th', { scope: 'row' }, t('total')), h('td', { class: 'num' }, cellText(table.total))));
    return { node: h('table', { class: 'data' }, h('caption', {}, `${nameOf(table.measure)} / ${nameOf(rowDim)}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, nameOf(rowDim)), h('th', { scope: 'col' }, nameOf(table.measure)))), body),
    bars: table.cells.map((c) => ({ label: label(rowDim, c[rowDim]), value: c.suppressed ? null : c.value })) };
  }
  const rowsKeys = [...new Set(table.cells.map((c) => c[rowDim]))];
  const colKeys = [...new Set(table.cells.map((c) => c[colDim]))];
  const at = (r, c) => table.cells.find((x) => x[rowDim] === r && x[colDim] === c);
  const body = h('tbody');
  for (const r of rowsKeys) {
    const total = table.row_totals.find((x) => x[rowDim] === r);
    body.append(h('tr', {}, h('th', { scope: 'row' }, label(rowDim, r)),
      ...colKeys.map((c) => { const cell = at(r, c); return h('td', { class: `num${cell?.suppressed ? ' protected' : ''}` }, cell ? cellText(cell) : '–'); }),
      h('td', { class: 'num total' }, cellText(total))));
  }
  body.append(h('tr', { class: 'total' }, h('th', { scope: 'row' }, t('total')),
    ...colKeys.map((c) => h('td', { class: 'num' }, cellText(table.column_totals.find((x) => x[colDim] === c)))),
    h('td', { class: 'num' }, cellText(table.total))));
  return { node: h('table', { class: 'data' }, h('caption', {}, `${nameOf(table.measure)}: ${nameOf(rowDim)} × ${nameOf(colDim)}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, `${nameOf(rowDim)} \\ ${nameOf(colDim)}`), ...colKeys.map((c) => h('th', { scope: 'col' }, label(colDim, c))),
      h('th', { scope: 'col' }, t('total')))), body),
  bars: table.row_totals.map((c) => ({ label: label(rowDim, c[rowDim]), value: c.suppressed ? null : c.value })) };
}

// CSV for a Swedish Excel: the API's own CSV (BOM, ';', decimal comma) under a metadata header, and
// month labels written 2026–10 (en dash) so Excel keeps them as text instead of turning them into dates.
export function excelCsv(apiCsv, table, docs, districtName) {
  const csvText = apiCsv.replace(/^\uFEFF/, '').replace(/(^|;|\n)(\d{4})-(\d{2})(?=;|\r|\n|$)/g, '$1$2\u2013$3');
  const header = [
    ['Fältlogg', lang() === 'en' ? 'table' : 'tabell'],
    [t('period'), `${table.period.from} – ${table.period.to}`],
    [t('district'), districtName || t('city')],
    [t('measure'), `${nameOf(table.measure)} (${table.measure})`],
    [t('packVersion'), (docs.forms || []).map((f) => `${f.id} v${f.version}`).join(', ')],
    [t('countingRule'), table.counting_rule || ''],
    ...disclosureItems(table),
  ];
  const quote = (s) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return `\uFEFF${header.map((row) => row.map(quote).join(';')).join('\r\n')}\r\n\r\n${csvText}`;
}

export async function tablesPage(root, { params, navigate }) {
  const docs = await codeDocs();
  const form = params.get('form') || 'faltkontakt';
  const period = periodFromParams(params);
  const measure = measures[form].includes(params.get('measure')) ? params.get('measure') : measures[form][0];
  const dim1 = dimensions[form].includes(params.get('by1')) ? params.get('by1') : dimensions[form][2];
  const dim2 = dimensions[form].includes(params.get('by2')) && params.get('by2') !== dim1 ? params.get('by2') : '';
  const district = params.get('district_id') || '';
  root.append(h('h1', {}, t('tablesTitle')));
  const controls = {
    form: select(formChoices(), form, { name: 'form' }),
    measure: select(measures[form].map((m) => [m, nameOf(m)]), measure, { name: 'measure' }),
    by1: select(dimensions[form].map((d) => [d, nameOf(d)]), dim1, { name: 'by1' }),
    by2: select([['', t('none')], ...dimensions[form].map((d) => [d, nameOf(d)])], dim2, { name: 'by2' }),
    district: select([['', t('allDistricts')], ...(docs.districts || []).map((d) => [d.id, d.name])], district, { name: 'district_id' }),
  };
  const picker = periodPicker(period, (next) => navigate('tables', { ...next, form: controls.form.value, measure: controls.measure.value,
    by1: controls.by1.value, by2: controls.by2.value, district_id: controls.district.value }));
  for (const [key, labelKey] of [['form', 'form'], ['measure', 'measure'], ['by1', 'rows'], ['by2', 'columns'], ['district', 'district']]) {
    picker.insertBefore(field(t(labelKey), controls[key]), picker.lastChild);
  }
  controls.form.addEventListener('change', () => navigate('tables', { form: controls.form.value }));
  root.append(picker);
  const range = rangeOf(period);
  const request = { measure, by: [dim1, dim2].filter(Boolean).join(','), ...range, form, district_id: district };
  const table = await get(`/api/v1/aggregates${query(request)}`);
  const label = labeller(docs, table, form);
  const { node, bars } = renderTable(table, label);
  const districtName = (docs.districts || []).find((d) => d.id === district)?.name;
  const download = h('button', { type: 'button', class: 'primary', 'data-action': 'download-csv', onclick: async () => {
    const csv = await get(`/api/v1/aggregates${query({ ...request, format: 'csv' })}`, { text: true });
    const blob = new Blob([excelCsv(csv, table, docs, districtName)], { type: 'text/csv;charset=utf-8' });
    const link = h('a', { href: URL.createObjectURL(blob), download: `faltlogg-${measure}-${range.from}-${range.to}.csv` });
    document.body.append(link);
    link.click();
    setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  } }, t('downloadCsv'));
  root.append(h('p', { class: 'lead' }, `${periodLabel(period)} · ${districtName || t('city')}`),
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('tableRegion') }, node),
    // The × legend only where a value is actually withheld (an older server's suppression); cell-key tables
    // withhold nothing, and the metadata block below says what their numbers are.
    h('div', { class: 'legend' }, h('h2', {}, t('legend')),
      ...(table.cells.some((c) => c.suppressed || c.value === null) ? [h('p', {}, t('legendProtected'))] : []),
      metadataBlock(table)),
    h('div', { class: 'buttons' }, download),
    h('figure', { class: 'chart-box' }, barChart({ title: t('chartOfTable'), bars, format: (v) => formatNumber(v, 0), protectedLabel: t('protected') }),
      h('figcaption', {}, t('chartOfTable'))));
}

export async function reportPage(root, { params, navigate }) {
  const period = periodFromParams(params);
  const form = params.get('form') || 'faltkontakt';
  const docs = await codeDocs();
  const picker = periodPicker(period, (next) => navigate('report', { ...next, form }));
  picker.classList.add('no-print');
  const printButton = h('button', { type: 'button', class: 'primary no-print', onclick: () => window.print() }, t('print'));
  root.append(picker, printButton);
  const { city, perDistrict } = await reportsFor(rangeOf(period), form, docs.districts || []);
  const article = h('article', { class: 'report' },
    h('h1', {}, `${t('reportTitle')}: ${periodLabel(period)}`),
    h('p', { class: 'muted' }, `${t('generated')} ${new Date().toLocaleDateString(lang() === 'en' ? 'en-GB' : 'sv-SE')}`),
    criteriaTable(city, `${t('city')}, ${periodLabel(period)}`),
    comparisonTable(city, perDistrict, `${t('navCriteria')} / ${t('district')}`));
  const candidate = (city.criteria || []).find((c) => c.target && c.kind !== 'distribution');
  if (candidate) {
    const monthly = await Promise.all(monthsOf(period).map(async (m) => {
      try { return { ...m, report: await get(`/api/v1/criteria/report${query({ ...monthRange(m), form })}`) }; } catch { return { ...m, report: null }; }
    }));
    article.append(h('h2', {}, t('trendTitle')), trendChart(candidate, monthly, t('city')));
  }
  article.append(h('h2', {}, t('disclosure')), metadataBlock(city));
  root.append(article);
}

export async function docsPage(root) {
  const docs = await codeDocs();
  root.append(h('h1', {}, t('docsTitle')), h('p', { class: 'lead' }, t('docsLead')));
  for (const form of docs.forms || []) {
    const body = h('tbody');
    for (const f of form.fields || []) {
      const options = [...(f.options || []), ...(f.rows || [])].map((o) => `${o.value ?? o.id} = ${tr(o, 'label')}`).join('; ');
      body.append(h('tr', {}, h('td', {}, h('code', {}, f.id)), h('td', {}, tr(f, 'label'), f.required ? ` (${t('required')})` : ''),
        h('td', {}, f.type), h('td', {}, options || '–')));
    }
    root.append(h('section', {}, h('h2', {}, `${tr(form)} (${form.id} v${form.version})`), h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('tableRegion') }, h('table', { class: 'data' },
      h('caption', {}, tr(form)),
      h('thead', {}, h('tr', {}, ...[t('code'), t('field'), t('type'), t('options')].map((x) => h('th', { scope: 'col' }, x)))), body))));
  }
  for (const pack of docs.criteria_packs || []) {
    const body = h('tbody');
    for (const c of pack.criteria || []) {
      const target = c.target ? `${c.target.comparison === 'at_most' ? t('atMost') : t('atLeast')} ${c.target.value}` : '–';
      body.append(h('tr', {}, h('td', {}, h('code', {}, c.id)), h('td', {}, tr(c)), h('td', {}, `${c.kind} (${unitOf(c.kind)})`), h('td', {}, target),
        h('td', {}, Object.entries(c.minimum_data || {}).map(([k, v]) => `${k} ≥ ${v}`).join(', '))));
    }
    root.append(h('section', {}, h('h2', {}, `${tr(pack)} (${pack.id} v${pack.version}, ${pack.form_id})`), h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('tableRegion') }, h('table', { class: 'data' },
      h('caption', {}, tr(pack)),
      h('thead', {}, h('tr', {}, ...[t('code'), t('criterion'), t('unit'), t('target'), t('basis')].map((x) => h('th', { scope: 'col' }, x)))), body))));
  }
}
