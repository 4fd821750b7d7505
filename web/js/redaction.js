// Redaction boxes over one page image, kept in the pixels of the stored page image (what the API takes) and drawn
// scaled to the size the image is shown at. Made, moved, resized and removed with the mouse, and with the keyboard
// alone: "Add a box", then on a box the arrow keys move it, Shift+arrows resize it, Ctrl (or Alt) makes the step one pixel,
// Delete removes it; the X / Y / width / height fields take exact numbers.
import {h, svg, replace, field} from './dom.js';

const STEP = 10;        // image pixels per arrow key press
const MIN_SIZE = 4;     // a box smaller than this covers nothing readable
const NEW_BOX = {width: 300, height: 60}; // about one line of a typed word or two at 300 DPI
const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3]; // of "fit to width"
const KEYS_HINT = 'On a box: arrow keys move it, Shift+arrow keys resize it, hold Ctrl (or Alt) for one-pixel steps, Delete removes it. '
  + 'With the mouse: drag on the page to draw a box, drag a box to move it, drag its corner to resize it.';

let editors = 0;

export class RedactionEditor {
  /** onChange(boxes) is called after every change, with the boxes as {x, y, width, height} in image pixels. */
  constructor({onChange = () => {}} = {}) {
    editors += 1;
    this.prefix = `redact-${editors}`;
    this.onChange = onChange;
    this.boxes = [];
    this.selected = -1;
    this.natW = 0;
    this.natH = 0;
    this.zoomIndex = ZOOMS.indexOf(1);
    this.drag = null;

    this.img = h('img', {class: 'redact-image', alt: '', draggable: 'false'});
    this.overlay = svg('svg', {class: 'redact-overlay', preserveAspectRatio: 'none', role: 'group',
      'aria-label': 'Redaction boxes on this page', 'aria-describedby': `${this.prefix}-keys`});
    this.frame = h('div', {class: 'redact-frame'}, this.img, this.overlay);
    this.scroller = h('div', {class: 'redact-scroll'}, this.frame);
    this.count = h('p', {class: 'redact-count', 'aria-live': 'polite'});
    this.inputs = Object.fromEntries(['x', 'y', 'width', 'height'].map(k => [k, h('input', {type: 'number', min: 0, step: 1,
      id: `${this.prefix}-${k}`, class: 'box-number', disabled: true, inputmode: 'numeric'})]));
    for (const [key, input] of Object.entries(this.inputs)) {
      input.addEventListener('change', () => this.typed(key, input.value));
    }
    this.addButton = h('button', {type: 'button', class: 'tool', id: `${this.prefix}-add`, on: {click: () => this.add()}}, 'Add a box');
    this.removeButton = h('button', {type: 'button', class: 'tool danger', disabled: true, on: {click: () => this.remove(this.selected)}}, 'Remove the box');
    this.zoomLabel = h('span', {class: 'zoom-label', 'aria-live': 'polite'}, '100%');
    const zoom = delta => {
      this.zoomIndex = Math.max(0, Math.min(ZOOMS.length - 1, this.zoomIndex + delta));
      this.layout();
    };
    this.element = h('div', {class: 'redact'},
      h('div', {class: 'toolbar', role: 'toolbar', 'aria-label': 'Redaction tools'},
        h('div', {class: 'tool-group'}, this.addButton, this.removeButton),
        h('div', {class: 'tool-group'},
          h('button', {type: 'button', class: 'tool', 'aria-label': 'Zoom out', on: {click: () => zoom(-1)}}, '−'),
          this.zoomLabel,
          h('button', {type: 'button', class: 'tool', 'aria-label': 'Zoom in', on: {click: () => zoom(1)}}, '+'))),
      h('fieldset', {class: 'box-fields'}, h('legend', {}, 'Chosen box, in page pixels'),
        field('X (from the left)', this.inputs.x), field('Y (from the top)', this.inputs.y),
        field('Width', this.inputs.width), field('Height', this.inputs.height)),
      h('p', {class: 'hint keys', id: `${this.prefix}-keys`}, KEYS_HINT),
      this.count,
      this.scroller);

    this.img.addEventListener('load', () => {
      this.natW = this.img.naturalWidth;
      this.natH = this.img.naturalHeight;
      this.overlay.setAttribute('viewBox', `0 0 ${this.natW} ${this.natH}`);
      this.img.classList.remove('loading');
      this.layout();
      this.draw();
    });
    this.overlay.addEventListener('pointerdown', e => this.pointerDown(e));
    this.overlay.addEventListener('pointermove', e => this.pointerMove(e));
    this.overlay.addEventListener('pointerup', e => this.pointerUp(e));
    this.overlay.addEventListener('pointercancel', () => { this.drag = null; });
    this.overlay.addEventListener('keydown', e => this.key(e));
    this.resizer = new ResizeObserver(() => requestAnimationFrame(() => this.layout()));
    this.resizer.observe(this.scroller);
  }

  /** Shows a page image and its boxes (copied: the editor owns its list until onChange hands it back). */
  show(src, alt, boxes) {
    this.boxes = (boxes || []).map(b => ({x: b.x, y: b.y, width: b.width, height: b.height}));
    this.selected = -1;
    this.natW = 0;
    this.natH = 0;
    replace(this.overlay);
    this.img.alt = alt;
    this.img.classList.add('loading');
    this.img.src = src;
    this.fields();
  }

  get ready() {
    return this.natW > 0;
  }

  /** A new box in the middle of the part of the page in view, chosen and focused. */
  add() {
    if (!this.ready) return;
    const scale = this.natW / Math.max(1, this.frame.clientWidth);
    const centreX = (this.scroller.scrollLeft + this.scroller.clientWidth / 2) * scale;
    const centreY = (this.scroller.scrollTop + Math.min(this.scroller.clientHeight, this.frame.clientHeight) / 2) * scale;
    const width = Math.min(NEW_BOX.width, this.natW);
    const height = Math.min(NEW_BOX.height, this.natH);
    const box = this.clamp({x: round(centreX - width / 2), y: round(centreY - height / 2), width, height});
    this.boxes.push(box);
    this.selected = this.boxes.length - 1;
    this.changed(true);
  }

  remove(index) {
    if (index < 0 || index >= this.boxes.length) return;
    this.boxes.splice(index, 1);
    this.selected = Math.min(index, this.boxes.length - 1);
    this.changed(this.selected >= 0);
    if (this.selected < 0) this.addButton.focus();
  }

  layout() {
    if (!this.ready) return;
    const available = Math.max(200, this.scroller.clientWidth - 4);
    const width = Math.round(available * ZOOMS[this.zoomIndex]);
    this.frame.style.width = `${width}px`;
    this.frame.style.height = `${Math.round(width * this.natH / this.natW)}px`;
    this.zoomLabel.textContent = `${Math.round(ZOOMS[this.zoomIndex] * 100)}%`;
  }

  /** Draws every box; the chosen one gets a corner to resize it by, and the focus when asked. */
  draw(focus = false) {
    if (!this.ready) return;
    replace(this.overlay, this.boxes.map((b, i) => svg('rect', {
      class: ['redaction', i === this.selected && 'selected'], x: b.x, y: b.y, width: b.width, height: b.height,
      tabindex: '0', role: 'button', dataset: {index: i},
      'aria-label': `Redaction box ${i + 1} of ${this.boxes.length}: x ${b.x}, y ${b.y}, ${b.width} by ${b.height} pixels`,
      'aria-pressed': String(i === this.selected),
      on: {focus: () => { if (this.selected !== i) { this.selected = i; this.draw(true); } }},
    })), this.selected >= 0 ? this.handle(this.boxes[this.selected]) : null);
    this.count.textContent = this.boxes.length === 0 ? 'No redaction on this page.'
      : `${this.boxes.length} redaction box${this.boxes.length === 1 ? '' : 'es'} on this page.`;
    this.fields();
    if (focus && this.selected >= 0) {
      const rect = this.overlay.querySelector(`rect.redaction[data-index="${this.selected}"]`);
      if (rect) rect.focus({preventScroll: false});
    }
  }

  handle(b) {
    const size = Math.max(12, Math.round(this.natW / Math.max(1, this.frame.clientWidth) * 14)); // ~14 screen pixels
    return svg('rect', {class: 'redaction-handle', x: b.x + b.width - size / 2, y: b.y + b.height - size / 2,
      width: size, height: size, 'aria-hidden': 'true'});
  }

  fields() {
    const box = this.boxes[this.selected];
    for (const [key, input] of Object.entries(this.inputs)) {
      input.disabled = !box;
      input.value = box ? box[key] : '';
    }
    this.removeButton.disabled = !box;
  }

  typed(key, value) {
    const box = this.boxes[this.selected];
    const n = Math.round(Number(value));
    if (!box || !Number.isFinite(n)) {
      this.fields();
      return;
    }
    const next = {...box, [key]: n};
    this.boxes[this.selected] = this.clamp(next);
    this.changed(false);
  }

  key(event) {
    const target = event.target.closest && event.target.closest('rect.redaction');
    if (!target) return;
    const i = Number(target.dataset.index);
    const box = this.boxes[i];
    if (!box) return;
    const step = event.ctrlKey || event.altKey ? 1 : STEP;
    const moves = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step]};
    if (event.key in moves) {
      event.preventDefault();
      const [dx, dy] = moves[event.key];
      this.selected = i;
      this.boxes[i] = event.shiftKey
        ? this.clamp({...box, width: box.width + dx, height: box.height + dy}, true)
        : this.clamp({...box, x: box.x + dx, y: box.y + dy});
      this.changed(true);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      this.remove(i);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.selected = i;
      this.draw(true);
    }
  }

  /** Keeps a box on the page and at least MIN_SIZE; resizing keeps its top left where it is. */
  clamp(box, resizing = false) {
    let {x, y, width, height} = box;
    width = Math.max(MIN_SIZE, Math.min(width, this.natW));
    height = Math.max(MIN_SIZE, Math.min(height, this.natH));
    if (resizing) {
      width = Math.min(width, this.natW - x);
      height = Math.min(height, this.natH - y);
    }
    x = Math.max(0, Math.min(x, this.natW - width));
    y = Math.max(0, Math.min(y, this.natH - height));
    return {x: round(x), y: round(y), width: round(width), height: round(height)};
  }

  /** A pointer position in image pixels. */
  at(event) {
    const r = this.overlay.getBoundingClientRect();
    return {x: (event.clientX - r.left) * this.natW / r.width, y: (event.clientY - r.top) * this.natH / r.height};
  }

  pointerDown(event) {
    if (!this.ready || event.button !== 0) return;
    event.preventDefault();
    const p = this.at(event);
    const onHandle = event.target.classList.contains('redaction-handle');
    const rect = event.target.closest('rect.redaction');
    this.overlay.setPointerCapture(event.pointerId);
    if (onHandle && this.selected >= 0) {
      this.drag = {kind: 'resize', start: p, box: {...this.boxes[this.selected]}};
    } else if (rect) {
      this.selected = Number(rect.dataset.index);
      this.drag = {kind: 'move', start: p, box: {...this.boxes[this.selected]}};
      this.draw(true);
    } else {
      this.drag = {kind: 'draw', start: p};
    }
  }

  pointerMove(event) {
    if (!this.drag) return;
    const p = this.at(event);
    const {kind, start, box} = this.drag;
    const dx = p.x - start.x;
    const dy = p.y - start.y;
    if (kind === 'move') this.boxes[this.selected] = this.clamp({...box, x: box.x + dx, y: box.y + dy});
    else if (kind === 'resize') this.boxes[this.selected] = this.clamp({...box, width: box.width + dx, height: box.height + dy}, true);
    else {
      const drawn = {x: Math.min(start.x, p.x), y: Math.min(start.y, p.y), width: Math.abs(dx), height: Math.abs(dy)};
      if (this.drag.index === undefined) {
        if (drawn.width < MIN_SIZE && drawn.height < MIN_SIZE) return;
        this.boxes.push(this.clamp(drawn));
        this.drag.index = this.boxes.length - 1;
        this.selected = this.drag.index;
      }
      this.boxes[this.drag.index] = this.clamp(drawn, true);
    }
    this.draw();
  }

  pointerUp(event) {
    if (!this.drag) return;
    const drawnNothing = this.drag.kind === 'draw' && this.drag.index === undefined;
    this.drag = null;
    if (this.overlay.hasPointerCapture(event.pointerId)) this.overlay.releasePointerCapture(event.pointerId);
    if (drawnNothing) {
      this.selected = -1;
      this.draw();
      return;
    }
    this.changed(true);
  }

  changed(focus) {
    this.draw(focus);
    this.onChange(this.boxes.map(b => ({...b})));
  }

  destroy() {
    this.resizer.disconnect();
  }
}

function round(n) {
  return Math.round(n);
}
