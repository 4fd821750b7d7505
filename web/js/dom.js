// Building the page from data. Everything that comes from the server (file names, OCR text, metadata) goes
// into the DOM as text nodes or attribute values, never as markup: there is no innerHTML anywhere in the UI.

const SVG = 'http://www.w3.org/2000/svg';

/**
 * h('button', {class: 'primary', type: 'button', on: {click: fn}}, 'Save') builds an element.
 * props: class, text, on (event handlers), dataset, and any other key as an attribute (false/null skip it).
 * Children are nodes or strings (strings become text nodes); arrays are flattened, null/false skipped.
 */
export function h(tag, props = {}, ...children) {
  return build(document.createElement(tag), props, children);
}

/** The same for SVG elements (the hit boxes over a page image). */
export function svg(tag, props = {}, ...children) {
  return build(document.createElementNS(SVG, tag), props, children);
}

function build(el, props, children) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'on') for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value' && 'value' in el) el.value = value;
    else if (key === 'checked' || key === 'disabled' || key === 'selected' || key === 'hidden' || key === 'multiple') el[key] = Boolean(value);
    else if (key === 'style' || key.startsWith('on')) throw new Error('no inline styles or handlers: ' + key);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's content with the given children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * A snippet with its matching words marked: plain text cut at the [start, end) ranges the search answer gives,
 * the matches wrapped in <mark>. Ranges out of order, overlapping or outside the text are tolerated.
 */
export function highlighted(text, ranges) {
  const parts = [];
  let at = 0;
  const sorted = [...(ranges || [])]
    .map(r => ({start: Math.max(0, r.start | 0), end: Math.min(text.length, r.end | 0)}))
    .filter(r => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  for (const r of sorted) {
    if (r.end <= at) continue;
    const start = Math.max(r.start, at);
    if (start > at) parts.push(document.createTextNode(text.slice(at, start)));
    parts.push(h('mark', {}, text.slice(start, r.end)));
    at = r.end;
  }
  if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
  return parts;
}

/** A labelled form field: <div class="field"><label for=id>Label</label><input id=id ...></div>. */
export function field(label, input, hint) {
  const id = input.id || (input.id = uniqueId(input.name || 'field'));
  const parts = [h('label', {for: id}, label), input];
  if (hint) {
    const hintId = id + '-hint';
    input.setAttribute('aria-describedby', hintId);
    parts.push(h('p', {class: 'hint', id: hintId}, hint));
  }
  return h('div', {class: 'field'}, parts);
}

let counter = 0;
export function uniqueId(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A message box that screen readers announce: kind is 'error', 'ok' or 'info'. */
export function notice(kind, ...children) {
  return h('div', {class: ['notice', kind], role: kind === 'error' ? 'alert' : 'status'}, children);
}

/** What to show when a list is empty: what it is, and what to do next. */
export function empty(title, next) {
  return h('div', {class: 'empty'}, h('p', {class: 'empty-title'}, title), next ? h('p', {}, next) : null);
}
