// DOM building without HTML strings: every text goes in as a text node, so nothing from the server or
// a user can become markup (and the CSP needs no inline anything).
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

let idCounter = 0;
export function uid(prefix = 'f') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

// A labelled control: every input gets a real <label for>, which the accessibility scan checks.
export function field(labelText, control, hint) {
  if (!control.id) control.id = uid();
  const hintNode = hint ? h('span', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, labelText), control, hintNode);
}

export function select(options, value, attrs = {}) {
  const node = h('select', attrs);
  for (const [optionValue, text] of options) {
    const option = h('option', { value: optionValue }, text);
    if (String(optionValue) === String(value)) option.selected = true;
    node.append(option);
  }
  return node;
}

export function pad(n) {
  return String(n).padStart(2, '0');
}

export function isoDate(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// Periods as DOMAIN.md has them: month, tertial (jan-apr, maj-aug, sep-dec) or calendar year.
export function periodRange(kind, year, index) {
  let first;
  let months;
  if (kind === 'month') { first = index; months = 1; }
  else if (kind === 'tertial') { first = (index - 1) * 4 + 1; months = 4; }
  else { first = 1; months = 12; }
  const from = new Date(year, first - 1, 1);
  const to = new Date(year, first - 1 + months, 0);
  return { from: isoDate(from), to: isoDate(to) };
}

export function lastMonths(count, endYear, endMonth) {
  const out = [];
  for (let i = count - 1; i >= 0; i -= 1) {
    const d = new Date(endYear, endMonth - 1 - i, 1);
    out.push({ year: d.getFullYear(), month: d.getMonth() + 1 });
  }
  return out;
}

// ISO 8601 week: Monday-based, week 1 holds the year's first Thursday.
export function isoWeek(date) {
  const d = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((d - yearStart) / 86400000 + 1) / 7);
  return { year: d.getUTCFullYear(), week };
}

export function weekStart(year, week) {
  const jan4 = new Date(year, 0, 4);
  const day = jan4.getDay() || 7;
  const monday = new Date(year, 0, 4 - day + 1);
  monday.setDate(monday.getDate() + (week - 1) * 7);
  return monday;
}

export function weekKey(date) {
  const { year, week } = isoWeek(date);
  return `${year}-W${pad(week)}`;
}
