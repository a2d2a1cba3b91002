// Small SVG charts (no library): a monthly line with a target line, and bars. Colours come from CSS
// classes, never from style attributes, so the strict CSP holds. A protected (null) value is a gap
// with a marked point on the axis, never a zero.
const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}

// points: [{label, value|null, protected}] (null without `protected`: no data, drawn as a gap), target: number|null, format: value -> text.
export function lineChart({ title, points, target, format, protectedLabel, targetLabel }) {
  const width = 640;
  const height = 260;
  const m = { left: 56, right: 16, top: 16, bottom: 40 };
  const values = points.map((p) => p.value).filter((v) => v !== null && v !== undefined);
  const max = niceMax(Math.max(target ?? 0, ...values, 0) * 1.1);
  const x = (i) => m.left + (points.length <= 1 ? 0 : (i * (width - m.left - m.right)) / (points.length - 1));
  const y = (v) => height - m.bottom - (v / max) * (height - m.top - m.bottom);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title });
  svg.append(s('title', {}, title));
  for (let i = 0; i <= 4; i += 1) {
    const v = (max * i) / 4;
    svg.append(s('line', { x1: m.left, x2: width - m.right, y1: y(v), y2: y(v), class: 'grid' }));
    svg.append(s('text', { x: m.left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, format(v)));
  }
  points.forEach((p, i) => {
    svg.append(s('text', { x: x(i), y: height - m.bottom + 18, class: 'axis', 'text-anchor': 'middle' }, p.label));
  });
  if (target !== null && target !== undefined) {
    svg.append(s('line', { x1: m.left, x2: width - m.right, y1: y(target), y2: y(target), class: 'target-line' }));
    svg.append(s('text', { x: width - m.right, y: y(target) - 6, class: 'target-label', 'text-anchor': 'end' },
      `${targetLabel} ${format(target)}`));
  }
  let path = '';
  points.forEach((p, i) => {
    if (p.value === null || p.value === undefined) { path += ' '; return; }
    const previous = i > 0 ? points[i - 1].value : null;
    path += `${previous === null || previous === undefined || i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.value).toFixed(1)} `;
  });
  if (path.trim()) svg.append(s('path', { d: path.trim(), class: 'series' }));
  points.forEach((p, i) => {
    if ((p.value === null || p.value === undefined) && !p.protected) return; // no data: a gap, nothing drawn
    if (p.value === null || p.value === undefined) {
      const mark = s('text', { x: x(i), y: height - m.bottom - 6, class: 'protected-mark', 'text-anchor': 'middle' }, '×');
      mark.append(s('title', {}, `${p.label}: ${protectedLabel}`));
      svg.append(mark);
    } else {
      const dot = s('circle', { cx: x(i), cy: y(p.value), r: 4, class: 'point' });
      dot.append(s('title', {}, `${p.label}: ${format(p.value)}`));
      svg.append(dot);
    }
  });
  return svg;
}

// bars: [{label, value|null}]
export function barChart({ title, bars, format, protectedLabel }) {
  const rowHeight = 26;
  const width = 640;
  const labelWidth = 200;
  const height = Math.max(40, bars.length * rowHeight + 24);
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value ?? 0)));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title });
  svg.append(s('title', {}, title));
  bars.forEach((bar, i) => {
    const top = 8 + i * rowHeight;
    const label = bar.label.length > 28 ? `${bar.label.slice(0, 27)}…` : bar.label;
    svg.append(s('text', { x: labelWidth - 8, y: top + 15, class: 'axis', 'text-anchor': 'end' }, label));
    if (bar.value === null || bar.value === undefined) {
      svg.append(s('text', { x: labelWidth + 4, y: top + 15, class: 'protected-mark' }, `× ${protectedLabel}`));
      return;
    }
    const w = ((width - labelWidth - 80) * bar.value) / max;
    const rect = s('rect', { x: labelWidth, y: top + 3, width: Math.max(1, w), height: rowHeight - 8, class: 'bar' });
    rect.append(s('title', {}, `${bar.label}: ${format(bar.value)}`));
    svg.append(rect);
    svg.append(s('text', { x: labelWidth + w + 6, y: top + 15, class: 'axis' }, format(bar.value)));
  });
  return svg;
}
