// A scanned page as a large image, with search hits drawn as boxes over the words, zoom and a rotated view.
// The boxes are SVG rectangles in page-image pixels laid over the image, so they stay on their words at any zoom.
import {h, svg, replace} from './dom.js';

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4]; // of "fit to width"

export class PageView {
  constructor() {
    this.zoomIndex = ZOOMS.indexOf(1);
    this.rotation = 0;               // degrees clockwise, the view only: the stored page is not changed
    this.img = h('img', {class: 'page-image', alt: '', draggable: 'false'});
    this.overlay = svg('svg', {class: 'hit-overlay', 'aria-hidden': 'true', preserveAspectRatio: 'none'});
    this.frame = h('div', {class: 'page-frame'}, this.img, this.overlay);
    this.stage = h('div', {class: 'page-stage'}, this.frame);
    this.element = h('div', {class: 'page-scroll', tabindex: '0', role: 'region', 'aria-label': 'Page image'}, this.stage);
    this.boxes = [];
    this.img.addEventListener('load', () => this.layout());
    // relayout when the space for the page changes width; in the next frame, so that the layout's own change of
    // scroll bars is not reported back within the same frame
    this.width = 0;
    this.resizer = new ResizeObserver(() => requestAnimationFrame(() => {
      if (this.element.clientWidth !== this.width) this.layout();
    }));
    this.resizer.observe(this.element);
  }

  /** Shows a page image; alt describes it for screen readers (the text itself is available as text). */
  show(src, alt) {
    this.boxes = [];
    replace(this.overlay);
    this.img.alt = alt;
    this.img.classList.add('loading');
    this.img.src = src;
    this.img.addEventListener('load', () => this.img.classList.remove('loading'), {once: true});
  }

  /** Draws these boxes ({x, y, width, height, word} in page-image pixels of a width x height page). */
  highlight(boxes, width, height) {
    this.boxes = boxes;
    this.overlay.setAttribute('viewBox', `0 0 ${width} ${height}`);
    replace(this.overlay, boxes.map((b, i) => svg('rect', {class: 'hit', x: b.x, y: b.y, width: b.width, height: b.height,
      dataset: {index: i, word: b.word || ''}})));
  }

  zoomIn() { this.zoomIndex = Math.min(ZOOMS.length - 1, this.zoomIndex + 1); this.layout(); }
  zoomOut() { this.zoomIndex = Math.max(0, this.zoomIndex - 1); this.layout(); }
  fitWidth() { this.zoomIndex = ZOOMS.indexOf(1); this.layout(); }
  rotate(degrees) { this.rotation = (this.rotation + degrees + 360) % 360; this.layout(); }
  get zoomLabel() { return `${Math.round(ZOOMS[this.zoomIndex] * 100)}%`; }

  /** Sizes the page for the zoom and turns it for the rotation (CSSOM styles: allowed by the page's policy). */
  layout() {
    const natW = this.img.naturalWidth;
    const natH = this.img.naturalHeight;
    if (!natW || !natH) return;
    const sideways = this.rotation === 90 || this.rotation === 270;
    this.width = this.element.clientWidth;
    const available = Math.max(200, this.width - 16);
    const scale = available / (sideways ? natH : natW) * ZOOMS[this.zoomIndex];
    const w = Math.round(natW * scale);
    const hgt = Math.round(natH * scale);
    this.frame.style.width = `${w}px`;
    this.frame.style.height = `${hgt}px`;
    this.stage.style.width = `${sideways ? hgt : w}px`;
    this.stage.style.height = `${sideways ? w : hgt}px`;
    this.frame.style.transform = `translate(-50%, -50%) rotate(${this.rotation}deg)`;
    if (!this.overlay.getAttribute('viewBox')) this.overlay.setAttribute('viewBox', `0 0 ${natW} ${natH}`);
  }

  /** Scrolls the page (only the page, not the whole screen) so the first hit is in the middle of the view. */
  revealFirstHit() {
    const first = this.overlay.querySelector('rect');
    if (!first) return;
    const reveal = () => {
      const hit = first.getBoundingClientRect();
      const view = this.element.getBoundingClientRect();
      this.element.scrollTop += hit.top - view.top - (view.height - hit.height) / 2;
      this.element.scrollLeft += hit.left - view.left - (view.width - hit.width) / 2;
    };
    if (this.img.complete && this.img.naturalWidth) reveal();
    else this.img.addEventListener('load', () => requestAnimationFrame(reveal), {once: true});
  }

  destroy() {
    this.resizer.disconnect();
  }
}
