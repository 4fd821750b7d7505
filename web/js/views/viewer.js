// The viewer: a document's pages as thumbnails and one large page image, zoom and rotate, the search hits as
// boxes over the words, the page text, the downloads and printing the user's role allows, the patient's other
// documents, (indexers) sending the document back to indexing with a reason, and above it all whether the patient
// had the record amended or disputes it.
import {api, url} from '../api.js';
import {amendmentNotices} from './amendments.js';
import {h, replace, notice, empty, field} from '../dom.js';
import {dateTime, day, documentTitle, patientLink, statusBadge} from '../widgets.js';
import {PageView} from '../page-view.js';

const THUMBS_PER_GROUP = 20;
const FINDERS = ['indexer', 'roi', 'legal'];
const DOWNLOADERS = ['roi', 'legal'];
const INDEXERS = ['indexer'];

export async function viewerScreen(ctx) {
  const {root, params, query, session} = ctx;
  const id = params.id;
  replace(root, h('h1', {tabindex: '-1'}, 'Document'), h('p', {class: 'muted'}, 'Loading…'));
  let doc;
  try {
    doc = await api(`/api/documents/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error.status === 401) return;
    replace(root, h('h1', {tabindex: '-1'}, 'Document not available'), notice('error', error.message),
      h('p', {}, 'Check the link, or ', session.allows(FINDERS) ? h('a', {href: '#/search'}, 'search for the document') : 'go back', '.'));
    ctx.focusHeading();
    return;
  }
  if (!ctx.alive()) return;
  const title = documentTitle(doc);
  ctx.title(title);

  const pages = (doc.pages || []).map(p => p.number);
  let current = pages.includes(Number(query.page)) ? Number(query.page) : pages[0];
  let findText = query.q || '';
  const canFind = session.allows(FINDERS);
  const pageView = new PageView();
  ctx.onLeave(() => pageView.destroy());

  const lastSearch = sessionStorage.getItem('chartvault.lastSearch');
  const back = lastSearch && canFind ? h('p', {}, h('a', {href: lastSearch}, '← Back to the search results')) : null;
  const amended = h('div', {class: 'amendment-notices'});
  const header = h('header', {class: 'doc-head'}, back, h('h1', {tabindex: '-1', class: 'doc-title'}, title), amended);
  showAmendments(id, amended, ctx, session.allows(['roi']));
  const info = h('aside', {class: 'doc-info', 'aria-label': 'About this document'}, metadata(doc, canFind),
    downloads(doc, session), h('div', {class: 'viewer-actions'}, printButton(doc, session, ctx), sendBack(doc, session, ctx)));

  if (pages.length === 0) {
    replace(root, header, info, empty(doc.status === 'failed' ? 'This document could not be processed.' : 'This document has no pages to show yet.',
      doc.status === 'failed' ? (doc.error || 'Upload the file again, or ask your administrator to look at the log.')
        : `Its status is "${doc.status}". Pages appear here once processing is done; reload this page in a moment.`));
    ctx.focusHeading();
    return;
  }

  const thumbs = h('aside', {class: 'thumbs', 'aria-label': 'Pages of the document'});
  const pageInput = h('input', {type: 'number', min: 1, max: Math.max(...pages), id: 'viewer-page', class: 'page-number', inputmode: 'numeric'});
  const pageCount = h('span', {}, ` of ${pages.length}`);
  const zoomLabel = h('span', {class: 'zoom-label', 'aria-live': 'polite'}, pageView.zoomLabel);
  const hitStatus = h('p', {class: 'hit-status', 'aria-live': 'polite', id: 'hit-status'});
  const findInput = h('input', {type: 'search', id: 'viewer-find', name: 'q', value: findText, autocomplete: 'off'});
  const textPre = h('pre', {class: 'page-text-content', id: 'page-text'});
  const textBox = h('details', {class: 'page-text'}, h('summary', {}, 'Text of this page (as read by OCR)'), textPre);

  const button = (label, action, extra = {}) => h('button', {type: 'button', class: 'tool', on: {click: action}, ...extra}, label);
  const prev = button('← Previous page', () => go(step(-1)), {id: 'viewer-prev'});
  const next = button('Next page →', () => go(step(1)), {id: 'viewer-next'});
  const findForm = canFind ? h('form', {class: 'find-form', role: 'search', 'aria-label': 'Find on page'},
    h('label', {for: 'viewer-find'}, 'Find on page'), findInput,
    h('button', {type: 'submit', class: 'tool'}, 'Find'),
    button('Clear', () => { findInput.value = ''; findText = ''; showHits(); })) : null;
  if (findForm) findForm.addEventListener('submit', e => { e.preventDefault(); findText = findInput.value.trim(); remember(); showHits(); });

  const toolbar = h('div', {class: 'toolbar', role: 'toolbar', 'aria-label': 'Page tools'},
    h('div', {class: 'tool-group'}, prev,
      h('label', {for: 'viewer-page', class: 'visually-hidden'}, 'Page number'), 'Page ', pageInput, pageCount, next),
    h('div', {class: 'tool-group'},
      button('−', () => { pageView.zoomOut(); zoomLabel.textContent = pageView.zoomLabel; }, {'aria-label': 'Zoom out'}),
      zoomLabel,
      button('+', () => { pageView.zoomIn(); zoomLabel.textContent = pageView.zoomLabel; }, {'aria-label': 'Zoom in'}),
      button('Fit width', () => { pageView.fitWidth(); zoomLabel.textContent = pageView.zoomLabel; })),
    h('div', {class: 'tool-group'},
      button('⟲', () => pageView.rotate(-90), {'aria-label': 'Rotate view left', title: 'Rotate view left'}),
      button('⟳', () => pageView.rotate(90), {'aria-label': 'Rotate view right', title: 'Rotate view right'})),
    findForm);
  pageInput.addEventListener('change', () => {
    const wanted = Number(pageInput.value);
    if (pages.includes(wanted)) go(wanted);
    else {
      pageInput.value = current;
      ctx.announce(`There is no page ${wanted}; this document has pages ${pages[0]} to ${pages[pages.length - 1]}.`);
    }
  });

  replace(root, h('div', {class: 'viewer'}, header,
    h('div', {class: 'viewer-body'}, thumbs,
      h('section', {class: 'page-area', 'aria-label': 'Page'}, toolbar, hitStatus, pageView.element, textBox,
        h('p', {class: 'hint keys'}, 'Keys: PageDown / PageUp next and previous page, + and − zoom, R rotate.')),
      info)));
  ctx.focusHeading();

  const step = delta => pages[Math.max(0, Math.min(pages.length - 1, pages.indexOf(current) + delta))];

  const remember = () => {
    const q = new URLSearchParams({page: current});
    if (findText) q.set('q', findText);
    history.replaceState(null, '', `#/documents/${encodeURIComponent(id)}?${q}`);
  };

  const showThumbs = () => {
    const group = Math.floor(pages.indexOf(current) / THUMBS_PER_GROUP);
    const groups = Math.ceil(pages.length / THUMBS_PER_GROUP);
    const shown = pages.slice(group * THUMBS_PER_GROUP, (group + 1) * THUMBS_PER_GROUP);
    replace(thumbs,
      h('h2', {class: 'visually-hidden'}, 'Pages'),
      h('ol', {class: 'thumb-list'}, shown.map(n => h('li', {},
        h('button', {type: 'button', class: 'thumb', 'aria-label': `Page ${n}`, 'aria-current': n === current ? 'page' : null,
          on: {click: () => go(n)}},
          h('img', {src: pageUrl(id, n, 'thumbnail'), alt: '', loading: 'lazy'}), h('span', {}, String(n)))))),
      groups > 1 ? h('nav', {class: 'pager', 'aria-label': 'Groups of page thumbnails'},
        h('button', {type: 'button', class: 'secondary', disabled: group === 0, on: {click: () => go(pages[(group - 1) * THUMBS_PER_GROUP])}}, 'Earlier'),
        h('span', {}, `${shown[0]}–${shown[shown.length - 1]}`),
        h('button', {type: 'button', class: 'secondary', disabled: group === groups - 1, on: {click: () => go(pages[(group + 1) * THUMBS_PER_GROUP])}}, 'Later')) : null);
  };

  const showHits = async () => {
    replace(hitStatus);
    pageView.highlight([], 1, 1);
    if (!findText || !canFind) return;
    const page = current;
    try {
      const answer = await api(url(`/api/documents/${encodeURIComponent(id)}/pages/${page}/hits`, {q: findText}));
      if (!ctx.alive() || page !== current) return;
      pageView.highlight(answer.boxes || [], answer.width, answer.height);
      const n = (answer.boxes || []).length;
      replace(hitStatus, n
        ? `${n} match${n === 1 ? '' : 'es'} for “${findText}” on this page, marked on the image.`
        : `No match for “${findText}” on this page. Try the other pages, or a different spelling.`);
      if (n) pageView.revealFirstHit();
    } catch (error) {
      if (error.status !== 401 && ctx.alive()) replace(hitStatus, notice('error', error.message));
    }
  };

  const showText = async () => {
    if (!textBox.open) return;
    const page = current;
    textPre.textContent = 'Loading…';
    try {
      const text = await api(`/api/documents/${encodeURIComponent(id)}/pages/${page}/text`);
      if (ctx.alive() && page === current) textPre.textContent = text || '(No text was found on this page.)';
    } catch (error) {
      textPre.textContent = error.message;
    }
  };
  textBox.addEventListener('toggle', showText);

  const go = n => {
    current = n;
    pageInput.value = n;
    prev.disabled = pages.indexOf(n) === 0;
    next.disabled = pages.indexOf(n) === pages.length - 1;
    pageView.show(pageUrl(id, n, 'image'), `Page ${n} of ${title}`);
    remember();
    showThumbs();
    showHits();
    showText();
  };

  const keys = event => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const typing = event.target.closest('input, textarea, select');
    if (event.key === 'PageDown') { event.preventDefault(); go(step(1)); }
    else if (event.key === 'PageUp') { event.preventDefault(); go(step(-1)); }
    else if (typing) return;
    else if (event.key === '+' || event.key === '=') { pageView.zoomIn(); zoomLabel.textContent = pageView.zoomLabel; }
    else if (event.key === '-') { pageView.zoomOut(); zoomLabel.textContent = pageView.zoomLabel; }
    else if (event.key === 'r') pageView.rotate(90);
    else if (event.key === 'R') pageView.rotate(-90);
  };
  document.addEventListener('keydown', keys);
  ctx.onLeave(() => document.removeEventListener('keydown', keys));

  go(current);
}

/** The record amended, disputed or with a request pending (45 CFR 164.526): shown above the pages. */
async function showAmendments(id, into, ctx, mayLog) {
  try {
    const answer = await api(`/api/documents/${encodeURIComponent(id)}/amendments`, {background: true});
    if (ctx.alive()) replace(into, amendmentNotices(answer.amendments), mayLog ? h('p', {},
      h('a', {href: `#/amendments?documentId=${encodeURIComponent(id)}`, id: 'log-amendment'}, 'Log a request to amend this document')) : null);
  } catch (error) {
    if (error.status !== 401 && ctx.alive()) replace(into, notice('error', `Whether this record was amended could not be checked: ${error.message}`));
  }
}

export function pageUrl(id, page, kind) {
  return `/api/documents/${encodeURIComponent(id)}/pages/${page}/${kind}`;
}

function metadata(doc, canFind) {
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
  const reasons = doc.reviewReasons || [];
  const patient = text => canFind && doc.mrn ? patientLink(doc.mrn, text) : text;
  return h('div', {class: 'doc-meta'},
    h('dl', {class: 'meta'},
      row('Patient', patient(doc.patientName || 'not set')),
      row('MRN', doc.mrn || 'not set'),
      row('Birth date', day(doc.birthDate)),
      row('Type', doc.documentType || 'not set'),
      row('Service date', day(doc.serviceDate)),
      row('Encounter', doc.encounter || '—'),
      row('Status', statusBadge(doc.status)),
      row('Pages', String(doc.pagesTotal)),
      row('Uploaded', `${dateTime(doc.uploadedAt)} by ${doc.uploadedBy || 'unknown'}`),
      row('Scanned as', doc.fileName || '—'),
      (doc.holds || []).length ? row('Legal hold', `On hold (${doc.holds.length}): it cannot be deleted.`) : null),
    reasons.length ? h('div', {class: 'notice info'}, h('p', {}, 'Needs review:'), h('ul', {}, reasons.map(r => h('li', {}, r)))) : null,
    doc.error ? notice('error', doc.error) : null,
    canFind && doc.mrn ? h('p', {}, h('a', {href: `#/patients/${encodeURIComponent(doc.mrn)}`, id: 'patient-documents-link'},
      'This patient\'s other documents')) : null);
}

/**
 * Print: the document's own pages as a PDF in a new tab, where the browser's print dialog prints it. Recorded as a
 * print in the audit trail: what is printed leaves the archive like a download.
 */
function printButton(doc, session, ctx) {
  if (!session.allows(DOWNLOADERS) || !['indexed', 'needs-review'].includes(doc.status)) return null;
  const status = h('div', {class: 'form-status', 'aria-live': 'polite'});
  const button = h('button', {type: 'button', class: 'secondary', id: 'viewer-print', on: {click: () => {
    // noopener: the PDF's tab gets no handle on this page (window.open then answers null whatever happened)
    window.open(`/api/documents/${encodeURIComponent(doc.documentId)}/print`, '_blank', 'noopener');
    ctx.announce('The document opens as a PDF in a new tab; print it from there.');
    replace(status, h('p', {class: 'hint'}, 'The PDF opens in a new tab: print it from there (if nothing opened, allow '
      + 'pop-ups for ChartVault). The print is recorded in the audit trail.'));
  }}}, 'Print');
  return h('div', {class: 'print'}, button, status);
}

/** Indexers: put the document back into the review queue, with the reason the reviewer will read. */
function sendBack(doc, session, ctx) {
  if (!session.allows(INDEXERS) || !['indexed', 'needs-review'].includes(doc.status)) return null;
  const reason = h('textarea', {id: 'send-back-reason', name: 'reason', rows: 2, maxlength: 500});
  const status = h('div', {class: 'form-status'});
  const form = h('form', {class: 'send-back', 'aria-label': 'Send back to indexing', novalidate: true},
    field('Reason', reason, 'What the reviewer should check, e.g. "wrong patient" or "date of service looks wrong".'),
    h('button', {type: 'submit', class: 'secondary', id: 'send-back'}, 'Send back to indexing'), status);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (!reason.value.trim()) {
      replace(status, notice('error', 'Say why the document goes back to indexing.'));
      reason.focus();
      return;
    }
    try {
      await api(`/api/documents/${encodeURIComponent(doc.documentId)}/review`, {method: 'POST', json: {reason: reason.value.trim()}});
      replace(status, notice('ok', 'Sent back: the document is in the review queue with your reason. ',
        h('a', {href: `#/review/${encodeURIComponent(doc.documentId)}`}, 'Open it in review')));
      ctx.announce('The document is back in the review queue.');
    } catch (error) {
      if (error.status !== 401) replace(status, notice('error', error.message));
    }
  });
  return h('details', {class: 'send-back-box'}, h('summary', {}, 'Send back to indexing'), form);
}

function downloads(doc, session) {
  if (!session.allows(DOWNLOADERS)) return null;
  const base = `/api/documents/${encodeURIComponent(doc.documentId)}`;
  const ready = doc.status === 'indexed' || doc.status === 'needs-review';
  return h('div', {class: 'downloads'},
    h('a', {class: 'button secondary', href: `${base}/original`, download: ''}, 'Download original'),
    ready ? h('a', {class: 'button secondary', href: `${base}/pdf`, download: ''}, 'Download searchable PDF') : null);
}
