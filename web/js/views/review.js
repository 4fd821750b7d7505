// The review queue (indexers): documents waiting for a person, oldest first. The page image and the indexing
// form side by side, worked from the keyboard: PageDown / PageUp turn pages, Enter saves and opens the next
// document, Alt+PageDown / Alt+PageUp skip to the next / previous document without saving.
import {api} from '../api.js';
import {h, replace, field, notice, empty} from '../dom.js';
import {dateTime, documentTypeList, pager, parseDay} from '../widgets.js';
import {PageView} from '../page-view.js';
import {pageUrl} from './viewer.js';

const QUEUE_PAGE = 20;
const THUMBS_PER_GROUP = 12; // thumbnails beside the page: the group that holds the current page
// Dates are plain text fields: typing 04231961 and Tab is faster than a date picker, and Tab leaves the field
// (a native date field keeps Tab inside its month / day / year parts).
const FIELDS = [
  ['mrn', 'MRN', 'text'],
  ['patientName', 'Patient name', 'text'],
  ['birthDate', 'Birth date', 'day'],
  ['documentType', 'Document type', 'text'],
  ['serviceDate', 'Service date', 'day'],
  ['encounter', 'Encounter', 'text'],
];

export async function reviewScreen(ctx) {
  const {root, params} = ctx;
  let offset = Math.max(0, Number(ctx.query.offset) || 0);
  let queue = [];
  let doc = null;
  let pageNumbers = [];
  let page = null;
  let saving = false;

  const queueList = h('div', {class: 'queue-list'});
  const queuePanel = h('aside', {class: 'queue', 'aria-labelledby': 'queue-title'},
    h('h2', {id: 'queue-title'}, 'Waiting for review'), queueList);
  const work = h('section', {class: 'review-work', 'aria-label': 'Document being reviewed'});
  const pageView = new PageView();
  ctx.onLeave(() => pageView.destroy());
  replace(root,
    h('h1', {tabindex: '-1'}, 'Review queue'),
    h('p', {class: 'hint keys', id: 'review-keys'},
      'Keys: PageDown / PageUp next and previous page · Enter save and next · Alt+PageDown / Alt+PageUp skip to the next / previous document.'),
    h('div', {class: 'review'}, queuePanel, work));

  const loadQueue = async () => {
    const answer = await api('/api/review', {query: {offset, limit: QUEUE_PAGE}});
    queue = answer.documents || [];
    showQueue();
  };

  const showQueue = () => {
    replace(queueList,
      queue.length === 0
        ? empty(offset === 0 ? 'Nothing is waiting for review.' : 'No more documents on this page.',
          offset === 0 ? 'New uploads without a patient or document type, or with pages the OCR was unsure of, appear here.' : 'Go back to the previous page.')
        : h('ol', {class: 'queue-items'}, queue.map(d => h('li', {},
          h('a', {href: `#/review/${encodeURIComponent(d.documentId)}`, 'aria-current': doc && d.documentId === doc.documentId ? 'true' : null,
            class: 'queue-item', on: {click: e => { e.preventDefault(); open(d.documentId); }}},
            h('span', {class: 'queue-name'}, d.fileName),
            h('span', {class: 'queue-meta'}, `${dateTime(d.uploadedAt)} · ${d.pagesTotal} page${d.pagesTotal === 1 ? '' : 's'}`),
            d.patientName || d.mrn ? h('span', {class: 'queue-meta'}, [d.patientName, d.mrn].filter(Boolean).join(' · ')) : null)))),
      pager({offset, limit: QUEUE_PAGE, count: queue.length, label: 'documents', onPage: async next => {
        offset = next;
        await loadQueue();
        if (queue.length) open(queue[0].documentId);
      }}));
  };

  const open = async documentId => {
    let loaded;
    try {
      loaded = await api(`/api/documents/${encodeURIComponent(documentId)}`);
    } catch (error) {
      if (error.status !== 401) replace(work, notice('error', error.message, ' Pick another document from the list.'));
      return;
    }
    if (!ctx.alive()) return;
    doc = loaded;
    pageNumbers = (doc.pages || []).map(p => p.number);
    history.replaceState(null, '', `#/review/${encodeURIComponent(doc.documentId)}${offset ? '?offset=' + offset : ''}`);
    ctx.title(`Review: ${doc.fileName}`);
    showQueue();
    showDocument();
  };

  let inputs = {};
  let formStatus;
  let thumbs;
  let pageLabel;

  const showDocument = () => {
    inputs = Object.fromEntries(FIELDS.map(([name, , type]) =>
      [name, h('input', {name, type: 'text', id: `review-${name}`, value: doc[name] || '', autocomplete: 'off', spellcheck: 'false',
        inputmode: type === 'day' ? 'numeric' : null, placeholder: type === 'day' ? 'MM/DD/YYYY' : null,
        list: name === 'documentType' ? 'review-types' : null})]));
    formStatus = h('div', {class: 'form-status', 'aria-live': 'polite'});
    const form = h('form', {class: 'review-form', 'aria-labelledby': 'review-doc-title', 'aria-describedby': 'review-keys'},
      FIELDS.map(([name, label, type]) => field(label, inputs[name], type === 'day' ? 'MM/DD/YYYY, or YYYY-MM-DD' : null)),
      documentTypeList('review-types'),
      formStatus,
      h('div', {class: 'actions'},
        h('button', {type: 'submit', class: 'primary', id: 'review-save'}, 'Save and next'),
        h('button', {type: 'button', class: 'secondary', on: {click: () => skip(1)}}, 'Skip')));
    form.addEventListener('submit', e => { e.preventDefault(); saveAndNext(); });
    const reasons = doc.reviewReasons || [];
    thumbs = h('ol', {class: 'thumb-list review-thumbs', 'aria-label': 'Pages'});
    pageLabel = h('p', {class: 'page-label', 'aria-live': 'polite'});
    replace(work,
      h('header', {class: 'review-head'},
        h('h2', {id: 'review-doc-title', class: 'doc-title'}, doc.fileName),
        h('p', {class: 'muted'}, `Uploaded ${dateTime(doc.uploadedAt)} by ${doc.uploadedBy || 'unknown'} · `,
          h('a', {href: `#/documents/${encodeURIComponent(doc.documentId)}`}, 'Open in the viewer')),
        reasons.length ? h('ul', {class: 'reasons'}, reasons.map(r => h('li', {}, r))) : null),
      h('div', {class: 'review-layout'},
        h('div', {class: 'review-pages'}, thumbs, h('div', {class: 'review-page'}, pageLabel, pageView.element)),
        form));
    if (pageNumbers.length) turnTo(pageNumbers[0]);
    else replace(pageLabel, 'This document has no readable pages. Check the original, then save or skip it.');
    inputs.mrn.focus();
  };

  const turnTo = n => {
    page = n;
    pageView.show(pageUrl(doc.documentId, n, 'image'), `Page ${n} of ${doc.fileName}`);
    pageLabel.textContent = `Page ${n} of ${pageNumbers.length}`;
    const group = Math.floor(pageNumbers.indexOf(n) / THUMBS_PER_GROUP);
    const shown = pageNumbers.slice(group * THUMBS_PER_GROUP, (group + 1) * THUMBS_PER_GROUP);
    replace(thumbs, shown.map(p => h('li', {},
      h('button', {type: 'button', class: 'thumb', tabindex: '-1', 'aria-label': `Page ${p}`, 'aria-current': p === n ? 'page' : null,
        on: {click: () => turnTo(p)}},
        h('img', {src: pageUrl(doc.documentId, p, 'thumbnail'), alt: '', loading: 'lazy'}), h('span', {}, String(p))))));
  };

  const turn = delta => {
    if (!doc || !pageNumbers.length) return;
    const i = Math.max(0, Math.min(pageNumbers.length - 1, pageNumbers.indexOf(page) + delta));
    turnTo(pageNumbers[i]);
  };

  /** The fields the indexer changed (empty = clear it); throws with a sentence when a date cannot be read. */
  const changes = () => {
    const body = {};
    for (const [name, label, type] of FIELDS) {
      const value = type === 'day' ? parseDay(label, inputs[name].value) : inputs[name].value.trim();
      const before = doc[name] || '';
      if (value !== before) body[name] = value === '' ? null : value;
    }
    return body;
  };

  const saveAndNext = async () => {
    if (!doc || saving) return;
    let body;
    try {
      body = changes();
    } catch (error) {
      replace(formStatus, notice('error', error.message));
      return;
    }
    const savedId = doc.documentId;
    const position = queue.findIndex(d => d.documentId === savedId);
    if (Object.keys(body).length) {
      saving = true;
      replace(formStatus, h('p', {class: 'muted'}, 'Saving…'));
      try {
        await api(`/api/documents/${encodeURIComponent(savedId)}`, {method: 'PATCH', json: body});
      } catch (error) {
        saving = false;
        if (error.status !== 401) replace(formStatus, notice('error', error.message, ' Correct it and press Enter again.'));
        return;
      }
      saving = false;
      ctx.announce(`Saved ${doc.fileName}.`);
    }
    // the saved document may have left the queue: look again and take the one after it
    await loadQueue();
    if (!ctx.alive()) return;
    const still = queue.findIndex(d => d.documentId === savedId);
    const nextDoc = still >= 0 ? queue[still + 1] : queue[Math.max(0, position)] || queue[queue.length - 1];
    if (nextDoc && nextDoc.documentId !== savedId) open(nextDoc.documentId);
    else if (queue.length === QUEUE_PAGE) { offset += QUEUE_PAGE; await loadQueue(); if (queue.length) open(queue[0].documentId); else finished(); }
    else finished();
  };

  const skip = async delta => {
    if (!doc) return;
    const i = queue.findIndex(d => d.documentId === doc.documentId);
    const target = queue[i + delta];
    if (target) return open(target.documentId);
    if (delta > 0 && queue.length === QUEUE_PAGE) { offset += QUEUE_PAGE; await loadQueue(); if (queue.length) open(queue[0].documentId); }
    else if (delta < 0 && offset > 0) { offset = Math.max(0, offset - QUEUE_PAGE); await loadQueue(); if (queue.length) open(queue[queue.length - 1].documentId); }
    else ctx.announce(delta > 0 ? 'This is the last document in the queue.' : 'This is the first document in the queue.');
  };

  const finished = () => {
    doc = null;
    showQueue();
    replace(work, notice('ok', 'You have reached the end of the review queue.'),
      empty('Nothing more to review right now.', 'New uploads that need a person will appear in the list; reload to look again.'));
    work.querySelector('.notice').setAttribute('tabindex', '-1');
    work.querySelector('.notice').focus();
  };

  const keys = event => {
    if (event.key === 'PageDown' || event.key === 'PageUp') {
      event.preventDefault();
      const delta = event.key === 'PageDown' ? 1 : -1;
      if (event.altKey) skip(delta);
      else if (!event.ctrlKey && !event.metaKey) turn(delta);
    }
  };
  document.addEventListener('keydown', keys);
  ctx.onLeave(() => document.removeEventListener('keydown', keys));

  await loadQueue();
  if (!ctx.alive()) return;
  if (params.id) await open(params.id);
  else if (queue.length) await open(queue[0].documentId);
  else {
    replace(work);
    ctx.focusHeading();
  }
}
