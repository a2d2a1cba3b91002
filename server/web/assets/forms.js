// Form definitions (labels, option names) for showing a record in full, fetched once per page load.
import { get } from './api.js';
import { tr } from './i18n.js';

let cache = null;
export async function forms() {
  if (!cache) cache = get('/api/v1/forms').then((body) => (Array.isArray(body) ? body : body.forms || []));
  return cache;
}

export function findForm(list, id, version) {
  return list.find((f) => f.id === id && (version === undefined || f.version === version)) || list.find((f) => f.id === id);
}

export function optionLabel(fieldDef, value) {
  const options = [...(fieldDef?.options || []), ...(fieldDef?.rows || [])];
  const option = options.find((o) => (o.value ?? o.id) === value);
  return option ? tr(option, 'label') : String(value);
}

export function showValue(fieldDef, value) {
  if (value === null || value === undefined || value === '') return '–';
  if (Array.isArray(value)) return value.map((v) => optionLabel(fieldDef, v)).join(', ') || '–';
  if (typeof value === 'object') {
    return Object.entries(value).map(([key, inner]) => `${optionLabel(fieldDef, key)}: ${typeof inner === 'object' ? JSON.stringify(inner) : inner}`).join('; ');
  }
  if (fieldDef && (fieldDef.options || []).length) return optionLabel(fieldDef, value);
  return String(value);
}
