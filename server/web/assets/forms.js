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
    // count_grid: {row: {column: n}}, shown with the form's own row and column names.
    const columnLabel = (c) => { const o = (fieldDef?.columns || []).find((x) => x.value === c); return o ? tr(o, 'label') : c; };
    return Object.entries(value).map(([key, inner]) => `${optionLabel(fieldDef, key)}: ${inner && typeof inner === 'object'
      ? Object.entries(inner).map(([c, n]) => `${columnLabel(c)} ${n}`).join(', ') : inner}`).join('; ') || '–';
  }
  if (typeof value === 'boolean') return value ? '✓' : '–';
  if (fieldDef && (fieldDef.options || []).length) return optionLabel(fieldDef, value);
  return String(value);
}
