// Admin: users, districts and teams, devices, tablet enrolment, criteria targets, audit chain status.
// Admins never see record contents; every call here is refused by the server for other roles.
import { get, post, put, query, ApiError } from './api.js';
import { h, clear, field, select, isoDate } from './util.js';
import { t, tr, formatDateTime } from './i18n.js';
import { errorBox, toast } from './app.js';

const roleNames = ['field_worker', 'family_therapist', 'team_lead', 'evaluator', 'admin'];

function formBox(title, controls, submitText, onSubmit) {
  const message = h('p', { class: 'form-message', role: 'status' });
  const form = h('form', { class: 'card inline-form' }, h('h2', {}, title), ...controls, h('button', { type: 'submit', class: 'primary' }, submitText), message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    try { await onSubmit(); } catch (error) { message.replaceWith(errorBox(error)); }
  });
  return form;
}

function problemText(error) {
  const first = error?.problem?.errors?.[0];
  return first ? `${first.field}: ${first.message || error.message}` : error.message;
}

export async function usersPage(root, { navigate }) {
  const [{ users }, { teams }] = await Promise.all([get('/api/v1/admin/users'), get('/api/v1/admin/teams')]);
  root.append(h('h1', {}, t('usersTitle')));
  const c = {
    username: h('input', { name: 'username', required: true, maxlength: 64, autocomplete: 'off' }),
    display: h('input', { name: 'display_name', required: true, maxlength: 100, autocomplete: 'off' }),
    role: select(roleNames.map((r) => [r, t('roles')[r]]), 'field_worker', { name: 'role' }),
    team: select(teams.map((tm) => [tm.id, tm.name]), teams[0]?.id, { name: 'team_id' }),
    password: h('input', { name: 'password', type: 'password', required: true, minlength: 8, autocomplete: 'new-password' }),
  };
  root.append(formBox(t('createUser'), [field(t('username'), c.username), field(t('displayName'), c.display), field(t('role'), c.role),
    field(t('team'), c.team), field(t('password'), c.password)], t('create'), async () => {
    await post('/api/v1/admin/users', { username: c.username.value.trim(), display_name: c.display.value.trim(), role: c.role.value,
      team_id: c.team.value, password: c.password.value });
    toast(t('saved'));
    navigate('users', { at: String(Date.now()) });
  }));
  const body = h('tbody');
  for (const user of users) {
    const role = select(roleNames.map((r) => [r, t('roles')[r]]), user.roles[0], { 'aria-label': `${t('role')}: ${user.username}` });
    const team = select(teams.map((tm) => [tm.id, tm.name]), user.team_id, { 'aria-label': `${t('team')}: ${user.username}` });
    const status = h('span', { class: 'form-message', role: 'status' });
    const act = (fn) => async () => {
      try { await fn(); status.textContent = t('saved'); } catch (error) { status.textContent = `${t('errorGeneric')}: ${problemText(error)}`; }
    };
    body.append(h('tr', { 'data-user': user.username },
      h('td', {}, user.username), h('td', {}, user.display_name), h('td', {}, role), h('td', {}, team),
      h('td', {}, user.disabled ? t('disabled') : t('active')),
      h('td', { class: 'actions' },
        h('button', { type: 'button', onclick: act(() => put(`/api/v1/admin/users/${user.id}`, { role: role.value, team_id: team.value })) }, t('save')),
        h('button', { type: 'button', disabled: user.disabled, onclick: act(async () => {
          if (!window.confirm(t('confirmDisable', { name: user.display_name }))) return;
          await post(`/api/v1/admin/users/${user.id}/disable`, {});
          navigate('users', { at: String(Date.now()) });
        }) }, t('disable')),
        h('button', { type: 'button', onclick: act(async () => {
          const password = window.prompt(t('newPassword'));
          if (!password) return;
          await post(`/api/v1/admin/users/${user.id}/password`, { password });
        }) }, t('resetPassword')),
        status)));
  }
  root.append(h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('tableRegion') }, h('table', { class: 'data' }, h('caption', {}, `${t('usersTitle')} (${users.length})`),
    h('thead', {}, h('tr', {}, ...[t('username'), t('displayName'), t('role'), t('team'), t('status'), t('actions')].map((x) => h('th', { scope: 'col' }, x)))), body)));
}

export async function teamsPage(root, { navigate }) {
  const [{ districts }, { teams }] = await Promise.all([get('/api/v1/admin/districts'), get('/api/v1/admin/teams')]);
  root.append(h('h1', {}, t('teamsTitle')));
  const districtName = h('input', { name: 'district_name', required: true, maxlength: 100 });
  const teamNameInput = h('input', { name: 'team_name', required: true, maxlength: 100 });
  const teamDistrict = select(districts.map((d) => [d.id, d.name]), districts[0]?.id, { name: 'district_id' });
  const areas = h('input', { name: 'areas', maxlength: 2000, placeholder: 'centrum, strand' });
  root.append(h('div', { class: 'two-col' },
    formBox(t('createDistrict'), [field(t('name'), districtName)], t('create'), async () => {
      await post('/api/v1/admin/districts', { name: districtName.value.trim() });
      navigate('teams', { at: String(Date.now()) });
    }),
    formBox(t('createTeam'), [field(t('name'), teamNameInput), field(t('district'), teamDistrict), field(t('areas'), areas)], t('create'), async () => {
      await post('/api/v1/admin/teams', { name: teamNameInput.value.trim(), district_id: teamDistrict.value,
        areas: areas.value.split(',').map((a) => a.trim()).filter(Boolean) });
      navigate('teams', { at: String(Date.now()) });
    })));
  for (const district of districts) {
    const body = h('tbody');
    for (const team of teams.filter((tm) => tm.district_id === district.id)) {
      const areaText = (team.areas || []).map((a) => (typeof a === 'string' ? a : `${a.id} (${a.name || tr(a, 'name')})`)).join(', ');
      body.append(h('tr', {}, h('td', {}, team.name), h('td', {}, areaText || '–')));
    }
    root.append(h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('tableRegion') }, h('table', { class: 'data' }, h('caption', {}, district.name),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('team')), h('th', { scope: 'col' }, t('areas')))), body)));
  }
}

export async function devicesPage(root, { navigate }) {
  const { devices } = await get('/api/v1/admin/devices');
  root.append(h('h1', {}, t('devicesTitle')));
  const body = h('tbody');
  for (const device of devices) {
    body.append(h('tr', { 'data-device': device.id }, h('td', {}, device.name), h('td', {}, device.display_name || device.user_id),
      h('td', {}, formatDateTime(device.created_at)), h('td', {}, device.revoked_at ? formatDateTime(device.revoked_at) : '–'),
      h('td', {}, device.revoked_at ? '' : h('button', { type: 'button', onclick: async () => {
        if (!window.confirm(t('confirmRevoke'))) return;
        try { await post(`/api/v1/devices/${device.id}/revoke`, {}); navigate('devices', { at: String(Date.now()) }); } catch (error) { root.append(errorBox(error)); }
      } }, t('revoke')))));
  }
  root.append(h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('tableRegion') }, h('table', { class: 'data' }, h('caption', {}, `${t('devicesTitle')} (${devices.length})`),
    h('thead', {}, h('tr', {}, ...[t('device'), t('user'), t('created'), t('revoked'), t('actions')].map((x) => h('th', { scope: 'col' }, x)))), body)));
}

function qrSvg(matrix, label) {
  const NS = 'http://www.w3.org/2000/svg';
  const quiet = 4;
  const size = matrix.size + quiet * 2;
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const bg = document.createElementNS(NS, 'rect');
  for (const [k, v] of Object.entries({ width: size, height: size, class: 'qr-bg' })) bg.setAttribute(k, v);
  svg.append(bg);
  let d = '';
  matrix.rows.forEach((row, y) => { for (let x = 0; x < row.length; x += 1) if (row[x] === '1') d += `M${x + quiet},${y + quiet}h1v1h-1z`; });
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('d', d);
  path.setAttribute('class', 'qr-fg');
  svg.append(path);
  return svg;
}

export async function enrolPage(root, { user }) {
  root.append(h('h1', {}, t('enrolTitle')), h('p', { class: 'lead' }, t('enrolLead')));
  // Tablets are for the roles that write records: an admin picks any of them, a lead the own team's.
  const tabletRoles = ['field_worker', 'family_therapist'];
  let users = [];
  if (user.roles.includes('admin')) {
    users = (await get('/api/v1/admin/users')).users.filter((u) => !u.disabled && u.roles.some((r) => tabletRoles.includes(r)));
  } else {
    users = await teamMembers();
  }
  if (!users.length) { root.append(h('p', { class: 'notice' }, t('noData'))); return; }
  const userSelect = select(users.map((u) => [u.id, u.username ? `${u.display_name} (${u.username})` : u.display_name]), users[0].id, { name: 'user_id' });
  const result = h('div', { class: 'enrol-result', 'aria-live': 'polite' });
  root.append(formBox(t('enrolCreate'), [field(t('user'), userSelect)], t('enrolCreate'), async () => {
    clear(result);
    let enrolment;
    try {
      enrolment = await post('/api/v1/enrolments', { user_id: userSelect.value });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 405)) { result.append(h('p', { class: 'notice' }, t('enrolMissing'))); return; }
      throw error;
    }
    const matrix = await post('/api/v1/qr', { text: enrolment.uri });
    result.append(h('div', { class: 'card enrol' }, qrSvg(matrix, `${t('enrolCode')} ${enrolment.code}`),
      h('p', {}, `${t('enrolCode')}: `, h('strong', { class: 'code', 'data-code': enrolment.code }, enrolment.code.replace(/(.{5})/, '$1 '))),
      h('p', { class: 'muted' }, `${t('enrolExpires')}: ${formatDateTime(enrolment.expires_at)}`)));
  }), result);
}

// A lead's team members: from the activity report when the server has it, else the review queue's authors.
async function teamMembers() {
  try {
    const activity = await get(`/api/v1/team/activity${query({ from: isoDate(new Date(Date.now() - 90 * 86400000)), to: isoDate(new Date()) })}`);
    const members = (activity.members || []).map((m) => ({ id: m.user_id || m.author_id || m.id, display_name: m.display_name || m.author_name, username: m.username || '' }));
    if (members.length) return members.filter((m) => m.id);
  } catch { /* older server: fall back to the queue */ }
  const { records } = await get(`/api/v1/review/records${query({ limit: 1000 })}`);
  const byId = new Map();
  for (const item of records || []) byId.set(item.author_id, { id: item.author_id, display_name: item.author_name || item.author_id.slice(0, 8), username: '' });
  return [...byId.values()];
}

// The heading, lead and district picker of a per-district admin page (targets, settings): choosing another
// district opens `page` for it. Returns the shown district's id, undefined when there is no district yet.
export async function districtPicker(root, { params, navigate }, page, title, lead) {
  const { districts } = await get('/api/v1/admin/districts');
  const districtId = params.get('district_id') || districts[0]?.id;
  root.append(h('h1', {}, title), h('p', { class: 'lead' }, lead));
  const districtSelect = select(districts.map((d) => [d.id, d.name]), districtId, { name: 'district_id' });
  districtSelect.addEventListener('change', () => navigate(page, { district_id: districtSelect.value }));
  root.append(h('div', { class: 'filters' }, field(t('district'), districtSelect)));
  return districtId;
}

export async function targetsPage(root, context) {
  const districtId = await districtPicker(root, context, 'targets', t('targetsTitle'), t('targetHint'));
  if (!districtId) return;
  const targets = await get(`/api/v1/admin/targets${query({ district_id: districtId })}`);
  for (const pack of targets.packs) {
    const body = h('tbody');
    for (const c of pack.criteria) {
      const input = h('input', { type: 'number', step: 'any', min: 0, value: c.district_target ?? '', 'aria-label': `${t('districtTarget')}: ${c.id}` });
      const status = h('span', { class: 'form-message', role: 'status' });
      body.append(h('tr', {}, h('td', {}, h('code', {}, c.id), ' ', tr(c)), h('td', { class: 'num' }, `${c.target.comparison === 'at_most' ? t('atMost') : t('atLeast')} ${c.target.value}`),
        h('td', {}, input), h('td', {}, h('button', { type: 'button', onclick: async () => {
          try {
            await put('/api/v1/admin/targets', { district_id: districtId, pack_id: pack.id, criterion_id: c.id, target: Number(input.value) });
            status.textContent = t('saved');
          } catch (error) { status.textContent = `${t('errorGeneric')}: ${problemText(error)}`; }
        } }, t('save')), status)));
    }
    root.append(h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('tableRegion') }, h('table', { class: 'data' }, h('caption', {}, tr(pack)),
      h('thead', {}, h('tr', {}, ...[t('criterion'), t('packDefault'), t('districtTarget'), t('actions')].map((x) => h('th', { scope: 'col' }, x)))), body)));
  }
}

export async function auditPage(root) {
  const audit = await get('/api/v1/admin/audit');
  root.append(h('h1', {}, t('auditTitle')),
    h('p', { class: `light light-${audit.intact ? 'met' : 'not_met'} big` }, h('span', { class: 'dot', 'aria-hidden': 'true' }, ''), audit.intact ? t('auditIntact') : t('auditBroken')),
    h('dl', { class: 'meta' }, h('dt', {}, t('entries')), h('dd', {}, String(audit.entries)),
      h('dt', {}, t('headHash')), h('dd', {}, h('code', { class: 'hash' }, audit.head_hash || '–')),
      ...(audit.intact ? [] : [h('dt', {}, 'seq'), h('dd', {}, `${audit.first_bad_seq}: ${audit.reason}`)])),
    h('p', { class: 'muted' }, audit.intact ? t('auditAdvice') : t('auditBrokenAdvice')));
}
