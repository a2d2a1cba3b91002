// Team lead: the team against the standard, the review queue, and contacts per worker.
import { get, post, put, query, ApiError } from './api.js';
import { h, clear, field, select, weekStart, isoWeek, pad, isoDate } from './util.js';
import { t, tr, formatNumber, formatPercent, formatDateTime } from './i18n.js';
import { barChart } from './chart.js';
import { forms, findForm, showValue } from './forms.js';
import { periodFromParams, periodPicker, rangeOf, periodLabel, criteriaTable, metadataBlock, monthsOf, monthRange,
  trendChart, trendSelector } from './criteria.js';
import { errorBox, toast } from './app.js';

const formChoices = () => [['faltkontakt', 'Fältkontakt'], ['familjebehandling', 'Familjebehandling']];

export async function standardPage(root, { user, params, navigate }) {
  const period = periodFromParams(params);
  const form = params.get('form') || 'faltkontakt';
  const formSelect = select(formChoices(), form, { name: 'form' });
  root.append(h('h1', {}, t('navStandard')), h('p', { class: 'lead' }, `${user.team_name || ''} · ${periodLabel(period)}`));
  const picker = periodPicker(period, (next) => navigate('standard', { ...next, form: formSelect.value }));
  picker.insertBefore(field(t('form'), formSelect), picker.lastChild);
  root.append(picker);
  const { from, to } = rangeOf(period);
  const report = await get(`/api/v1/criteria/report${query({ from, to, form })}`);
  root.append(criteriaTable(report, `${t('teamHeading')}: ${user.team_name || ''}, ${periodLabel(period)}`));
  const chartArea = h('section', { class: 'trend', 'aria-label': t('trendTitle') }, h('h2', {}, t('trendTitle')));
  root.append(chartArea, metadataBlock(report));
  const months = monthsOf(period);
  const monthly = await Promise.all(months.map(async (m) => {
    const range = monthRange(m);
    try { return { ...m, report: await get(`/api/v1/criteria/report${query({ ...range, form })}`) }; } catch { return { ...m, report: null }; }
  }));
  const candidates = (report.criteria || []).filter((c) => c.kind !== 'distribution');
  let chosen = (candidates.find((c) => c.target) || candidates[0])?.id;
  const chartSlot = h('div');
  const draw = () => {
    clear(chartSlot);
    const criterion = monthly.at(-1)?.report?.criteria?.find((c) => c.id === chosen) || report.criteria.find((c) => c.id === chosen);
    if (criterion) chartSlot.append(trendChart(criterion, monthly, user.team_name || ''));
    performance.mark('faltlogg-first-chart');
  };
  if (chosen) {
    chartArea.append(trendSelector(report, chosen, (id) => { chosen = id; draw(); }), chartSlot);
    draw();
  }
}

function weekChoices() {
  const out = [];
  const today = new Date();
  for (let i = 0; i < 16; i += 1) {
    const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 7 * i);
    const { year, week } = isoWeek(d);
    out.push([`${year}-W${pad(week)}`, `${t('week')} ${week}, ${year}`]);
  }
  return out;
}

function weekBounds(key) {
  const [year, week] = key.split('-W').map(Number);
  const start = weekStart(year, week);
  const end = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 7);
  return { from: start.toISOString(), to: end.toISOString(), label: `${t('week')} ${week}` };
}

function summaryOf(record, formDef) {
  const data = record.data || {};
  const parts = [];
  for (const id of ['arena', 'contact_kind', 'session_kind', 'setting', 'area_id']) {
    if (data[id] !== undefined) parts.push(showValue(formDef?.fields?.find((f) => f.id === id), data[id]));
  }
  if (data.duration_min !== undefined) parts.push(`${data.duration_min} min`);
  return parts.join(' · ');
}

async function approveMany(ids, comment) {
  if (!ids.length) return 0;
  try {
    const body = await post('/api/v1/review/bulk', { record_ids: ids, state: 'approved', comment });
    return (body.results || []).filter((r) => r.status === 'reviewed').length;
  } catch (error) {
    // Servers without the bulk endpoint: the same reviews one by one.
    if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 405)) throw error;
    let done = 0;
    for (const id of ids) { await put(`/api/v1/review/${id}`, { state: 'approved', comment }); done += 1; }
    return done;
  }
}

function recordDetail(item, formDef, onReviewed) {
  const record = item.record;
  const list = h('dl', { class: 'record' });
  for (const fieldDef of formDef?.fields || []) {
    if (!(fieldDef.id in (record.data || {}))) continue;
    list.append(h('dt', {}, tr(fieldDef, 'label')), h('dd', {}, showValue(fieldDef, record.data[fieldDef.id])));
  }
  for (const [key, value] of Object.entries(record.data || {})) {
    if (!formDef?.fields?.some((f) => f.id === key)) list.append(h('dt', {}, key), h('dd', {}, showValue(null, value)));
  }
  const comment = h('textarea', { name: 'comment', rows: 3, maxlength: 2000 });
  const act = async (state) => {
    try {
      await put(`/api/v1/review/${record.id}`, { state, comment: comment.value });
      toast(t('reviewSaved'));
      onReviewed();
    } catch (error) { panel.append(errorBox(error)); }
  };
  const panel = h('section', { class: 'card detail', 'aria-label': t('recordDetail'), 'data-record': record.id },
    h('h2', {}, `${t('recordDetail')}: ${item.author_name || item.author_id.slice(0, 8)}, ${formatDateTime(record.occurred_at)}`),
    h('p', { class: 'muted' }, `${tr(formDef) || record.form_id} v${record.form_version} · ${t('status')}: ${t(item.review?.state || 'unreviewed')}`
      + (item.review?.comment ? ` · ${t('comment')}: ${item.review.comment}` : '')),
    list,
    h('p', { class: 'muted' }, t('notesLeadOnly'), ' ', t('leadNeverEdits')),
    field(t('comment'), comment, t('commentHint')),
    h('div', { class: 'buttons' },
      h('button', { type: 'button', class: 'primary', onclick: () => act('approved') }, t('approve')),
      h('button', { type: 'button', onclick: () => act('needs_changes') }, t('needsChanges'))));
  return panel;
}

export async function reviewPage(root, { params, navigate }) {
  const state = params.get('state') || 'unreviewed';
  const week = params.get('week') || weekChoices()[0][0];
  const worker = params.get('worker') || '';
  const teamId = params.get('team_id') || undefined;
  const bounds = weekBounds(week);
  root.append(h('h1', {}, t('reviewTitle')), h('p', { class: 'lead' }, t('leadNeverEdits')));
  const [formList, body] = await Promise.all([forms(),
    get(`/api/v1/review/records${query({ team_id: teamId, from: bounds.from, to: bounds.to, state: state === 'all' ? '' : state, limit: 1000 })}`)]);
  const items = body.records || [];
  const authors = new Map(items.map((i) => [i.author_id, i.author_name || i.author_id.slice(0, 8)]));
  const stateSelect = select([['all', t('all')], ['unreviewed', t('unreviewed')], ['approved', t('approved')], ['needs_changes', t('needs_changes')]], state, { name: 'state' });
  const weekSelect = select(weekChoices(), week, { name: 'week' });
  const workerSelect = select([['', t('all')], ...authors], worker, { name: 'worker' });
  const filters = h('form', { class: 'filters' }, field(t('stateFilter'), stateSelect), field(t('week'), weekSelect),
    field(t('worker'), workerSelect), h('button', { type: 'submit', class: 'primary' }, t('show')));
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate('review', { state: stateSelect.value, week: weekSelect.value, worker: workerSelect.value });
  });
  root.append(filters);
  const shown = items.filter((i) => !worker || i.author_id === worker);
  const unreviewed = shown.filter((i) => (i.review?.state || 'unreviewed') === 'unreviewed').map((i) => i.record.id);
  const bulk = async (ids) => {
    if (!ids.length) { toast(t('bulkNone')); return; }
    if (!window.confirm(t('confirmBulk', { n: ids.length }))) return;
    try {
      const done = await approveMany(ids, '');
      toast(t('bulkDone', { n: done }));
      navigate('review', { state, week, worker, done: String(Date.now()) });
    } catch (error) { root.append(errorBox(error)); }
  };
  const bulkBar = h('div', { class: 'buttons' },
    h('button', { type: 'button', class: 'primary', 'data-action': 'approve-week', onclick: () => bulk(unreviewed) }, `${t('approveWeek')} (${bounds.label})`));
  if (worker) {
    bulkBar.append(h('button', { type: 'button', 'data-action': 'approve-worker', onclick: () => bulk(unreviewed) },
      t('approveAllFrom', { name: authors.get(worker) || '' })));
  }
  root.append(bulkBar);
  const detailSlot = h('div');
  const rows = h('tbody');
  for (const item of shown) {
    const formDef = findForm(formList, item.record.form_id, item.record.form_version);
    rows.append(h('tr', { 'data-record': item.record.id },
      h('td', {}, formatDateTime(item.record.occurred_at)),
      h('td', {}, item.author_name || item.author_id.slice(0, 8)),
      h('td', {}, tr(formDef) || item.record.form_id),
      h('td', {}, summaryOf(item.record, formDef)),
      h('td', {}, h('span', { class: `state state-${item.review?.state || 'unreviewed'}` }, t(item.review?.state || 'unreviewed'))),
      h('td', {}, h('button', { type: 'button', class: 'link-button', onclick: () => {
        clear(detailSlot).append(recordDetail(item, formDef, () => navigate('review', { state, week, worker, at: String(Date.now()) })));
        detailSlot.scrollIntoView({ block: 'nearest' });
      } }, t('open')))));
  }
  root.append(h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('tableRegion') }, h('table', { class: 'data' },
    h('caption', {}, `${bounds.label}: ${shown.length}`),
    h('thead', {}, h('tr', {}, ...[t('occurred'), t('worker'), t('form'), t('summary'), t('status'), t('actions')].map((x) => h('th', { scope: 'col' }, x)))),
    rows)));
  if (!shown.length) root.append(h('p', { class: 'muted' }, t('noData')));
  if (body.more) root.append(h('p', { class: 'notice' }, t('more')));
  root.append(detailSlot);
}

async function activityFromQueue(from, to) {
  const { records } = await get(`/api/v1/review/records${query({ from: from.toISOString(), to: to.toISOString(), limit: 1000 })}`);
  const members = new Map();
  for (const item of records || []) {
    const member = members.get(item.author_id) || { user_id: item.author_id, display_name: item.author_name || item.author_id.slice(0, 8), weeks: new Map() };
    const { year, week } = isoWeek(new Date(item.record.occurred_at));
    const key = `${year}-W${pad(week)}`;
    const entry = member.weeks.get(key) || { week: key, records: 0, minutes: 0, share_synced_within_72h: null };
    entry.records += 1;
    entry.minutes += Number(item.record.data?.duration_min) || 0;
    member.weeks.set(key, entry);
    members.set(item.author_id, member);
  }
  return { members: [...members.values()].map((m) => ({ ...m, weeks: [...m.weeks.values()].sort((a, b) => a.week.localeCompare(b.week)) })) };
}

export async function workersPage(root) {
  root.append(h('h1', {}, t('workersTitle')));
  const to = new Date();
  const from = new Date(to.getFullYear(), to.getMonth(), to.getDate() - 56);
  let body;
  try {
    body = await get(`/api/v1/team/activity${query({ from: isoDate(from), to: isoDate(to) })}`);
  } catch (error) {
    if (error.status !== 404) throw error;
    // A server without the activity report: count the queue's records per author and week here; the
    // share synced within 72 h needs the server's receipt times, so it stays unknown.
    root.append(h('p', { class: 'notice' }, t('activityMissing')));
    body = await activityFromQueue(from, to);
  }
  const rows = body.members || body.rows || body.activity || [];
  const flat = [];
  for (const member of rows) {
    const weeks = member.weeks || [member];
    for (const w of weeks) flat.push({ name: member.display_name || member.author_name || member.name || member.user_id, ...w });
  }
  const tbody = h('tbody');
  for (const row of flat) {
    const share = row.share_synced_within_72h ?? row.synced_within_72h_share;
    tbody.append(h('tr', {}, h('th', { scope: 'row' }, row.name), h('td', {}, row.week || ''),
      h('td', { class: 'num' }, formatNumber(row.records ?? 0, 0)), h('td', { class: 'num' }, formatNumber(row.minutes ?? 0, 0)),
      h('td', { class: 'num' }, share === null || share === undefined ? '–' : formatPercent(share))));
  }
  root.append(h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('tableRegion') }, h('table', { class: 'data' }, h('caption', {}, t('workersTitle')),
    h('thead', {}, h('tr', {}, ...[t('worker'), t('week'), t('contacts'), t('minutes'), t('synced72')].map((x) => h('th', { scope: 'col' }, x)))),
    tbody)));
  const byWorker = new Map();
  for (const row of flat) {
    const entry = byWorker.get(row.name) || { records: 0 };
    entry.records += row.records ?? 0;
    byWorker.set(row.name, entry);
  }
  root.append(h('figure', { class: 'chart-box' }, barChart({ title: t('contacts'), bars: [...byWorker].map(([label, v]) => ({ label, value: v.records })),
    format: (v) => formatNumber(v, 0), protectedLabel: t('protected') }), h('figcaption', {}, `${t('contacts')} / ${t('worker')}`)));
}
