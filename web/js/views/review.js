// The review queue (indexers): documents waiting for a person, oldest first. The page image and the indexing
// form side by side, worked from the keyboard: PageDown / PageUp turn pages, Enter saves and opens the next
// document, Alt+PageDown / Alt+PageUp skip to the next / previous document without saving. Beside each value,
// where capture found it; above the page, what fixes a badly scanned document: turn the page, move it, split the
// document before it, join another document to it (each with an Alt shortcut); and a registry lookup for the MRN.
// The MRN is checked as it is typed (the registry's name and birth date, or what is wrong with it); an unusual one
// is saved only with a reason. "Confirm as is" clears a document whose values are right but unusual. The end of the
// queue is announced only when nothing is left in it.
import {api} from '../api.js';
import {h, replace, field, notice, empty} from '../dom.js';
import {dateFormat, dateHint, dateTime, day, dayInput, documentTypeList, pager, parseDay, patientLink} from '../widgets.js';
import {PageView} from '../page-view.js';
import {mrnCheck, patientLookup, registryName} from '../patient-lookup.js';
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
// where capture found a value: the badge, and the words a screen reader and the tooltip give
const SOURCES = {
  user: ['typed', 'typed in at upload'],
  barcode: ['barcode', 'read from the separator sheet\'s barcode'],
  label: ['label', 'read from a patient label on a page'],
  text: ['page text', 'read from the text of the pages'],
  registry: ['registry', 'taken from the patient registry'],
};
const OP_KEYS = 'Alt+R turn the page · Alt+, / Alt+. move it earlier / later · Alt+S split before it · Alt+M join another document';

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
      'Keys: PageDown / PageUp next and previous page · Enter save and next · Alt+PageDown / Alt+PageUp skip to the next / previous document · ',
      OP_KEYS, '.'),
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
            d.patientName || d.mrn ? h('span', {class: 'queue-meta'}, [d.patientName, d.mrn].filter(Boolean).join(' · ')) : null,
            reasonsOf(d).length ? h('span', {class: 'queue-meta queue-reasons'}, [...new Set(reasonsOf(d).map(r => r.heading))].join(' · ')) : null)))),
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
    edited = false;
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
  let opStatus;
  let opPanel;
  let opButtons = [];
  let edited = false;   // pages were changed here: images are asked for again, not taken from the cache
  let busy = false;
  let mrnBox = null;    // the MRN's registry check
  let head = null;      // the document's name, upload and reasons, shown again after every change

  /** The badge beside a field's label: where capture found its value. */
  const sourceBadge = name => {
    const source = (doc.sources || {})[name];
    const [badge, words] = SOURCES[source] || [];
    if (!badge) return null;
    return h('span', {class: ['source', `source-${source}`], title: `At capture: ${words}`},
      h('span', {class: 'visually-hidden'}, ', at capture '), badge);
  };

  const showDocument = () => {
    inputs = Object.fromEntries(FIELDS.map(([name, , type]) =>
      [name, h('input', {name, type: 'text', id: `review-${name}`, value: type === 'day' ? dayInput(doc[name]) : doc[name] || '', autocomplete: 'off', spellcheck: 'false',
        inputmode: type === 'day' ? 'numeric' : null, placeholder: type === 'day' ? dateFormat() : null,
        list: name === 'documentType' ? 'review-types' : null})]));
    formStatus = h('div', {class: 'form-status', 'aria-live': 'polite'});
    mrnBox = mrnCheck(inputs.mrn, {keepHint: 'The reason is recorded in the audit trail; the document stays in the queue for a second look.'});
    const form = h('form', {class: 'review-form', 'aria-labelledby': 'review-doc-title', 'aria-describedby': 'review-keys'},
      FIELDS.map(([name, label, type]) => [field([label, sourceBadge(name)], inputs[name], type === 'day' ? dateHint() : null),
        name === 'mrn' ? mrnBox.element : null]),
      documentTypeList('review-types'),
      formStatus,
      h('div', {class: 'actions'},
        h('button', {type: 'submit', class: 'primary', id: 'review-save'}, 'Save and next'),
        h('button', {type: 'button', class: 'secondary', id: 'review-confirm',
          title: 'The values are right as they are, unusual as they may be: take the document out of the queue',
          on: {click: () => confirmAsIs()}}, 'Confirm as is'),
        h('button', {type: 'button', class: 'secondary', on: {click: () => skip(1)}}, 'Skip')));
    form.addEventListener('submit', e => { e.preventDefault(); saveAndNext(); });
    thumbs = h('ol', {class: 'thumb-list review-thumbs', 'aria-label': 'Pages'});
    pageLabel = h('p', {class: 'page-label', 'aria-live': 'polite'});
    opStatus = h('div', {class: 'op-status', 'aria-live': 'polite', id: 'page-op-status'});
    opPanel = h('div', {class: 'page-op-panel'});
    const op = (label, action, keys, id) => h('button', {type: 'button', class: 'tool', id, 'aria-keyshortcuts': keys,
      title: `${label} (${keys})`, on: {click: action}}, label);
    opButtons = [
      op('⟳ Turn page', () => rotate(), 'Alt+R', 'op-rotate'),
      op('← Move earlier', () => move(-1), 'Alt+,', 'op-earlier'),
      op('Move later →', () => move(1), 'Alt+.', 'op-later'),
      op('Split before this page…', () => askSplit(), 'Alt+S', 'op-split'),
      op('Join another document…', () => askMerge(), 'Alt+M', 'op-merge'),
    ];
    const ops = h('div', {class: 'page-ops', role: 'toolbar', 'aria-label': 'Change the pages of this document'}, opButtons);
    const lookup = patientLookup({
      prefill: () => ({name: inputs.patientName.value.trim(), birthDate: inputs.birthDate.value.trim()}),
      onPick: p => {
        inputs.mrn.value = p.mrn;
        if (!inputs.patientName.value.trim()) inputs.patientName.value = registryName(p);
        if (!inputs.birthDate.value.trim() && p.birthDate) inputs.birthDate.value = dayInput(p.birthDate);
        ctx.announce(`MRN ${p.mrn} of ${registryName(p)} filled in; press Enter in the form to save.`);
        inputs.mrn.focus();
        mrnBox.check();
      },
    });
    head = h('header', {class: 'review-head'});
    showHead();
    replace(work,
      head,
      h('div', {class: 'review-layout'},
        h('div', {class: 'review-pages'}, thumbs, h('div', {class: 'review-page'}, ops, opPanel, opStatus, pageLabel, pageView.element)),
        h('div', {class: 'review-side'}, form, lookup)));
    if (pageNumbers.length) turnTo(pageNumbers[0]);
    else replace(pageLabel, 'This document has no readable pages. Check the original, then save or skip it.');
    inputs.mrn.focus();
    if (inputs.mrn.value.trim()) mrnBox.check(); // whose MRN it is, before anything is changed
  };

  /** The document's name, who uploaded it, and why it waits, in words: shown again after every change of its pages. */
  const showHead = () => {
    const reasons = reasonsOf(doc);
    ctx.title(`Review: ${doc.fileName}`);
    replace(head,
      h('h2', {id: 'review-doc-title', class: 'doc-title'}, doc.fileName),
      h('p', {class: 'muted'}, `Uploaded ${dateTime(doc.uploadedAt)} by ${doc.uploadedBy || 'unknown'} · `,
        `${pageNumbers.length} page${pageNumbers.length === 1 ? '' : 's'} · `,
        h('a', {href: `#/documents/${encodeURIComponent(doc.documentId)}`}, 'Open in the viewer'),
        doc.mrn ? [' · ', patientLink(doc.mrn, `All documents of MRN ${doc.mrn}`)] : null),
      reasons.length ? h('ul', {class: 'reasons', 'aria-label': 'Why it waits for review'}, reasons.map(r =>
        h('li', {class: 'reason', dataset: {code: r.code}}, h('strong', {}, `${r.heading}: `), r.text))) : null);
  };

  /** A page image or thumbnail; after a change of the pages here, asked for again rather than taken from the cache. */
  const imageOf = (n, kind) => pageUrl(doc.documentId, n, kind) + (edited ? `?v=${doc.version}` : '');

  const turnTo = n => {
    page = n;
    pageView.show(imageOf(n, 'image'), `Page ${n} of ${doc.fileName}`);
    pageLabel.textContent = `Page ${n} of ${pageNumbers.length}`;
    const group = Math.floor(pageNumbers.indexOf(n) / THUMBS_PER_GROUP);
    const shown = pageNumbers.slice(group * THUMBS_PER_GROUP, (group + 1) * THUMBS_PER_GROUP);
    replace(thumbs, shown.map(p => h('li', {},
      h('button', {type: 'button', class: 'thumb', tabindex: '-1', 'aria-label': `Page ${p}`, 'aria-current': p === n ? 'page' : null,
        on: {click: () => turnTo(p)}},
        h('img', {src: imageOf(p, 'thumbnail'), alt: '', loading: 'lazy'}), h('span', {}, String(p))))));
    const at = pageNumbers.indexOf(n);
    if (opButtons.length) {
      opButtons[1].disabled = busy || at <= 0;
      opButtons[2].disabled = busy || at >= pageNumbers.length - 1;
      opButtons[3].disabled = busy || at <= 0;
      opButtons[0].disabled = busy;
      opButtons[4].disabled = busy;
    }
  };

  // ------------------------------------------------------------------------------------ changing the pages
  /** Runs a change of the pages; the answer (the document as it now is) replaces the one shown. */
  const pageChange = async (working, call, done) => {
    if (!doc || busy) return null;
    busy = true;
    opButtons.forEach(b => { b.disabled = true; });
    replace(opStatus, h('p', {class: 'muted'}, working));
    let answer;
    try {
      answer = await call();
    } catch (error) {
      busy = false;
      if (error.status !== 401 && ctx.alive()) {
        replace(opStatus, notice('error', error.message));
        turnTo(page);
      }
      return null;
    }
    busy = false;
    if (!ctx.alive()) return null;
    edited = true;
    const message = done(answer);
    replace(opStatus, notice('ok', message));
    ctx.announce(message);
    return answer;
  };

  const documentPath = () => `/api/documents/${encodeURIComponent(doc.documentId)}`;
  const adopt = (changed, showPage) => {
    doc = {...changed, sources: doc.sources, sourcePages: doc.sourcePages};
    pageNumbers = (doc.pages || []).map(p => p.number);
    turnTo(pageNumbers.includes(showPage) ? showPage : pageNumbers[0]);
    showHead();
    loadQueue().catch(() => {}); // names and page counts in the list follow the change
  };

  const rotate = () => pageChange(`Turning page ${page} and reading it again…`,
    () => api(`${documentPath()}/pages/${page}/rotate`, {method: 'POST', json: {degrees: 90}}),
    changed => { const n = page; adopt(changed, n); return `Page ${n} is turned a quarter clockwise and was read again.`; });

  /**
   * Moves the current page before the previous (or after the next) page shown. The document view leaves blank
   * pages out, so the full order is taken as pages 1 to the last page shown.
   */
  const move = delta => {
    const at = pageNumbers.indexOf(page);
    const neighbour = pageNumbers[at + delta];
    if (neighbour === undefined) return;
    const last = Math.max(...pageNumbers);
    const order = Array.from({length: last}, (_, i) => i + 1).filter(n => n !== page);
    const where = order.indexOf(neighbour) + (delta > 0 ? 1 : 0);
    order.splice(where, 0, page);
    const moved = page;
    return pageChange(`Moving page ${moved}…`,
      () => api(`${documentPath()}/pages/reorder`, {method: 'POST', json: {order}}),
      changed => { adopt(changed, where + 1); return `Page ${moved} is now page ${where + 1}.`; });
  };

  const askSplit = () => {
    const at = pageNumbers.indexOf(page);
    if (!doc || busy || at <= 0) return;
    const last = pageNumbers[pageNumbers.length - 1];
    const confirm = h('button', {type: 'button', class: 'primary', id: 'op-split-confirm'}, `Split before page ${page}`);
    const cancel = h('button', {type: 'button', class: 'secondary', on: {click: () => { replace(opPanel); opButtons[3].focus(); }}}, 'Cancel');
    const at0 = page;
    confirm.addEventListener('click', async () => {
      replace(opPanel);
      const created = await pageChange(`Splitting before page ${at0}…`,
        () => api(`${documentPath()}/split`, {method: 'POST', json: {atPage: at0}}),
        made => `${pagesFrom(at0, last)} ${at0 === last ? 'is' : 'are'} now a separate document, “${made.fileName}”; it waits in the queue for its own patient and type.`);
      if (!created) return;
      const reloaded = await api(documentPath());
      if (!ctx.alive()) return;
      adopt(reloaded, at0 - 1);
      await loadQueue(); // the new part is listed right after this one: it comes next
      if (!ctx.alive()) return;
      opStatus.querySelector('.notice').append(' It comes next in the queue; ', h('a', {href: `#/review/${encodeURIComponent(created.documentId)}`,
        on: {click: e => { e.preventDefault(); open(created.documentId); }}}, 'open it now'), '.');
      inputs.mrn.focus(); // back to the form: this document's values come first
    });
    replace(opPanel, h('p', {}, `Split before page ${page}? ${pagesFrom(page, last)} ${page === last ? 'becomes' : 'become'} a new document with the same values, for you to correct; this document keeps the pages before.`),
      h('div', {class: 'actions'}, confirm, cancel));
    confirm.focus();
  };

  const askMerge = async () => {
    if (!doc || busy) return;
    const here = doc;
    const other = h('input', {id: 'op-merge-id', autocomplete: 'off', spellcheck: 'false', placeholder: 'doc_…'});
    const choices = h('div', {class: 'merge-choices'}, h('p', {class: 'muted'}, 'Looking for documents to join…'));
    const confirm = h('button', {type: 'submit', class: 'primary', id: 'op-merge-confirm'}, 'Join it to the end of this document');
    const form = h('form', {class: 'merge-form', novalidate: true},
      h('p', {}, 'Join another document: its pages are added after the last page of this one, and it stops being a document of its own.'),
      choices, field('Document id', other, 'Pick one above, or paste the id from its address (#/documents/doc_…).'),
      h('div', {class: 'actions'}, confirm,
        h('button', {type: 'button', class: 'secondary', on: {click: () => { replace(opPanel); opButtons[4].focus(); }}}, 'Cancel')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const otherId = other.value.trim();
      if (!otherId) {
        replace(opStatus, notice('error', 'Pick or paste the document to join.'));
        other.focus();
        return;
      }
      const before = pageNumbers.length;
      replace(opPanel);
      const joined = await pageChange('Joining the documents…',
        () => api(`${documentPath()}/merge`, {method: 'POST', json: {documentId: otherId}}),
        changed => {
          const added = (changed.pages || []).length - before;
          adopt(changed, page);
          return `${added} page${added === 1 ? '' : 's'} added at the end of this document (now ${(changed.pages || []).length}).`;
        });
      if (joined) await loadQueue();
    });
    replace(opPanel, form);
    other.focus();
    // the same patient's documents (when the MRN is known) and the others waiting for review
    const candidates = new Map();
    try {
      if (here.mrn) for (const d of (await api('/api/documents', {query: {mrn: here.mrn}})).documents || []) candidates.set(d.documentId, d);
    } catch (ignored) {
      // the list is a help; the id can still be typed
    }
    for (const d of queue) if (!candidates.has(d.documentId)) candidates.set(d.documentId, d);
    candidates.delete(here.documentId);
    if (!ctx.alive() || doc !== here || !choices.isConnected) return;
    const list = [...candidates.values()];
    replace(choices, list.length === 0 ? h('p', {class: 'muted'}, 'No other document of this patient or in the queue.')
      : h('fieldset', {}, h('legend', {}, here.mrn ? `Documents of MRN ${here.mrn} and others waiting for review` : 'Others waiting for review'),
        h('ul', {class: 'merge-list'}, list.map(d => h('li', {}, h('div', {class: 'check'},
          h('input', {type: 'radio', name: 'merge-choice', id: `merge-${d.documentId}`, value: d.documentId,
            on: {change: () => { other.value = d.documentId; }}}),
          h('label', {for: `merge-${d.documentId}`}, d.fileName,
            h('span', {class: 'muted'}, ` — ${[d.documentType, d.serviceDate ? day(d.serviceDate) : null, `${(d.pages || []).length} p.`].filter(Boolean).join(', ')}`))))))));
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
    if (body.mrn) {
      // the server checks it again; this says what is wrong before anything is sent
      const answer = await mrnBox.check();
      if (!ctx.alive() || doc.documentId !== savedId) return;
      if (mrnBox.needsReason(answer)) {
        replace(formStatus, notice('error', answer.message, ' Correct it, or say why it is right.'));
        mrnBox.askReason();
        return;
      }
      if (answer && !answer.acceptable) body.confirmUnknownMrn = mrnBox.confirmation();
    }
    if (Object.keys(body).length) {
      saving = true;
      replace(formStatus, h('p', {class: 'muted'}, 'Saving…'));
      try {
        await api(`/api/documents/${encodeURIComponent(savedId)}`, {method: 'PATCH', json: body, ifMatch: doc.version});
      } catch (error) {
        saving = false;
        if (error.status === 422 && String(error.code).startsWith('mrn-')) {
          replace(formStatus, notice('error', error.message));
          mrnBox.askReason();
        } else if (error.status !== 401) {
          replace(formStatus, notice('error', error.message, ' Correct it and press Enter again.'));
        }
        return;
      }
      saving = false;
      ctx.announce(`Saved ${doc.fileName}.`);
    }
    await next(savedId, position);
  };

  /** "Confirm as is": the values are right though unusual; the document leaves the queue. */
  const confirmAsIs = async () => {
    if (!doc || saving) return;
    let body;
    try {
      body = changes();
    } catch (error) {
      replace(formStatus, notice('error', error.message));
      return;
    }
    if (Object.keys(body).length) {
      replace(formStatus, notice('error', 'You changed values in the form: save them with Enter, or undo them, before confirming the document as it is.'));
      return;
    }
    const savedId = doc.documentId;
    const position = queue.findIndex(d => d.documentId === savedId);
    saving = true;
    replace(formStatus, h('p', {class: 'muted'}, 'Confirming…'));
    try {
      await api(`/api/documents/${encodeURIComponent(savedId)}/confirm`, {method: 'POST', json: {}, ifMatch: doc.version});
    } catch (error) {
      saving = false;
      if (error.status !== 401) replace(formStatus, notice('error', error.message));
      return;
    }
    saving = false;
    ctx.announce(`${doc.fileName} is confirmed as it is and has left the queue.`);
    await next(savedId, position);
  };

  /**
   * After a save, a confirmation or Enter without changes: the document after this one (the list is asked for
   * again, as others work it too). The end of the queue is announced only when nothing is left in it; a document
   * that still waits stays listed and is come back to.
   */
  const next = async (savedId, position) => {
    await loadQueue();
    if (!ctx.alive()) return;
    if (!queue.length && offset > 0) {
      offset = Math.max(0, offset - QUEUE_PAGE);
      await loadQueue();
      if (!ctx.alive()) return;
    }
    if (!queue.length) return finished();
    const still = queue.findIndex(d => d.documentId === savedId);
    let nextDoc = still >= 0 ? queue[still + 1] : queue[Math.max(0, position)];
    if (!nextDoc && queue.length === QUEUE_PAGE) {
      offset += QUEUE_PAGE;
      await loadQueue();
      if (!ctx.alive()) return;
      nextDoc = queue[0];
      if (!nextDoc) {
        offset -= QUEUE_PAGE;
        await loadQueue();
      }
    }
    if (!nextDoc) nextDoc = queue.find(d => d.documentId !== savedId); // back to the first one still waiting
    const waiting = queue.find(d => d.documentId === savedId);
    if (nextDoc) {
      await open(nextDoc.documentId);
      if (waiting) ctx.announce(`${waiting.fileName} still waits for review; it stays in the list.`);
      return;
    }
    // only this document is left, and it still waits: say so, and why
    await open(savedId);
    if (!ctx.alive() || !doc) return;
    const why = reasonsOf(doc).map(r => r.heading).join('; ');
    replace(formStatus, notice('info', `This document still waits for review${why ? ` (${why})` : ''}. `
      + 'Correct its values and press Enter, confirm it as is, or leave it for later.'));
    ctx.announce('This is the only document left in the queue, and it still waits for review.');
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
    if (event.altKey && !event.ctrlKey && !event.metaKey && doc) {
      const action = {KeyR: rotate, Comma: () => move(-1), Period: () => move(1), KeyS: askSplit, KeyM: askMerge}[event.code];
      if (action) {
        event.preventDefault();
        action();
        return;
      }
    }
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

/** "Page 3" or "Pages 3–5". */
function pagesFrom(first, last) {
  return first === last ? `Page ${first}` : `Pages ${first}–${last}`;
}

/** Why a document waits, in words: its reasons with their heading (or the plain sentences of an older answer). */
function reasonsOf(d) {
  if (d.reasons && d.reasons.length) return d.reasons;
  return (d.reviewReasons || []).map(text => ({code: 'other', heading: 'Needs a look', text}));
}
