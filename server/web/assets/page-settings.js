// Admin: the district settings of the criteria packs (decision 0073) — C8's age band and whether digital
// field work counts as an arena in C3. The server validates and audit-logs every change (criteria_set_setting);
// this page offers only the values the server accepts, and shows the server's own reason when it says no.
import { get, put, query } from './api.js';
import { h, field, select } from './util.js';
import { t, tr } from './i18n.js';
import { districtPicker } from './pages-admin.js';

const bandFrom = [10, 13, 16, 18];
const bandTo = [12, 15, 17, 20];

// The API's refusals (422 invalid_setting) with the API's rule, Swedish first, and what to do next.
function refusalText(error) {
  if (error?.code !== 'invalid_setting' && error?.code !== 'validation_failed') return `${t('errorGeneric')}: ${error?.message || error}`;
  const detail = error.message || '';
  const rule = detail.startsWith('c8_age_band') ? t('settingAgeBandRule') : detail.startsWith('c3_digital') ? t('settingDigitalRule')
    : detail.startsWith('pack ') ? t('settingNotInPack') : detail.startsWith('unknown setting') ? t('settingUnknown') : detail;
  return `${t('settingRefused')}: ${rule}`;
}

function settingRow(name, label, hint, controls, read, save) {
  const status = h('p', { class: 'form-message', role: 'status' });
  const button = h('button', { type: 'button', class: 'primary', 'data-action': 'save-setting', onclick: async () => {
    status.className = 'form-message';
    status.textContent = '';
    try {
      await save(read());
      status.textContent = t('settingSaved');
    } catch (error) {
      status.className = 'form-message error';
      status.setAttribute('role', 'alert');
      status.textContent = refusalText(error);
    }
  } }, t('save'));
  return h('div', { class: 'setting', 'data-setting': name }, h('h3', {}, label), h('p', { class: 'muted' }, hint), h('div', { class: 'filters' }, ...controls, button), status);
}

function packCard(districtId, pack) {
  const card = h('section', { class: 'card', 'data-pack': pack.id }, h('h2', {}, tr(pack, 'title')));
  const store = (setting) => (value) => put('/api/v1/admin/settings', { district_id: districtId, pack_id: pack.id, setting, value });
  const current = pack.settings;
  if (current.c8_age_band !== undefined) {
    const [from, to] = String(current.c8_age_band).split('-').map(Number);
    const fromSelect = select(bandFrom.map((v) => [String(v), String(v)]), String(from), { name: 'c8_from' });
    const toSelect = select(bandTo.map((v) => [String(v), String(v)]), String(to), { name: 'c8_to' });
    card.append(settingRow('c8_age_band', t('settingAgeBand'), t('settingAgeBandHint'), [field(t('ageFrom'), fromSelect), field(t('ageTo'), toSelect)],
      () => `${fromSelect.value}-${toSelect.value}`, store('c8_age_band')));
  }
  if (current.c3_digital !== undefined) {
    const digital = select([['on', t('yes')], ['off', t('no')]], current.c3_digital ? 'on' : 'off', { name: 'c3_digital' });
    card.append(settingRow('c3_digital', t('settingDigital'), t('settingDigitalHint'), [field(t('settingDigitalCounts'), digital)],
      () => digital.value, store('c3_digital')));
  }
  return card;
}

export async function settingsPage(root, context) {
  const districtId = await districtPicker(root, context, 'settings', t('settingsTitle'), t('settingsLead'));
  if (!districtId) return;
  const { packs } = await get(`/api/v1/admin/settings${query({ district_id: districtId })}`);
  for (const pack of packs) root.append(packCard(districtId, pack));
  if (!packs.length) root.append(h('p', { class: 'notice' }, t('settingsNone')));
}
