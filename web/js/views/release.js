// One release request (ROI clerks): who asked and why, the signed authorization and what it allows, the patient's
// documents and pages to send, redaction boxes drawn on the page images, what goes in the packet and what is left
// out (and why), a preview of the packet, and the packet itself: downloading it for the first time releases the
// request and records the disclosure, so it is confirmed first. Or the request is denied, with the reason.
import {api, fetchFile, saveFile} from '../api.js';
import {h, svg, replace, field, notice, empty, uniqueId} from '../dom.js';
import {dateFormat, dateHint, dateTime, day, dayInput, documentTypes, pager, parseDay, plural} from '../widgets.js';
import {RedactionEditor} from '../redaction.js';
import {mrnCheck, patientLookup, registryName} from '../patient-lookup.js';
import {pageUrl} from './viewer.js';
import {releaseBadge, dueCell} from './releases.js';
import {officePanels} from './release-office.js';

const DOCS_PAGE = 8;        // documents of the patient shown at a time in the picker
const THUMBS_PAGE = 24;     // page thumbnails of one document shown at a time
const PREVIEW_PAGE = 6;     // packet pages previewed at a time
const PURPOSES = ['Continuing care', 'At the request of the patient', 'Legal proceedings', 'Insurance claim',
  'Disability determination', 'Workers\' compensation', 'Quality review'];

/** Page numbers as ranges: 1–3, 5, 7–8. */
export function pageRanges(pages) {
  const sorted = [...new Set(pages || [])].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j;
  }
  return parts.join(', ');
}

const normal = text => String(text || '').toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]/gu, '');

/** Reads a calendar-day field; '' stays null. Throws with the field's name. */
function dayOf(label, input) {
  return parseDay(label, input.value) || null;
}

// ---------------------------------------------------------------------------------------------------- the parts

/** Requester, purpose and dates. read() returns the body fields or throws an Error with a sentence. */
function requestPart(release, {isNew}) {
  const r = (release && release.requesterDetails) || {};
  const id = uniqueId('req');
  const inputs = {
    name: h('input', {id: `${id}-name`, name: 'requesterName', value: r.name || '', autocomplete: 'off'}),
    organisation: h('input', {id: `${id}-org`, name: 'requesterOrganisation', value: r.organisation || '', autocomplete: 'off'}),
    address: h('textarea', {id: `${id}-address`, name: 'requesterAddress', rows: 3}, r.address || ''),
    purpose: h('input', {id: `${id}-purpose`, name: 'purpose', value: (release && release.purpose) || '', list: `${id}-purposes`, autocomplete: 'off'}),
    received: h('input', {id: `${id}-received`, name: 'receivedDate', inputmode: 'numeric', placeholder: dateFormat(),
      value: dayInput(release && release.receivedDate), autocomplete: 'off'}),
    due: h('input', {id: `${id}-due`, name: 'dueDate', inputmode: 'numeric', placeholder: dateFormat(),
      value: dayInput(release && release.dueDate), autocomplete: 'off'}),
  };
  const element = h('div', {class: 'request-part'},
    h('div', {class: 'grid-fields'},
      field('Requester\'s name', inputs.name, 'A person, or leave empty when only an organization is named.'),
      field('Organization', inputs.organisation, 'Law firm, insurer, another provider…'),
      field('Send to (address)', inputs.address),
      field('Purpose of the request', inputs.purpose, 'Why the records are asked for; it goes on the cover sheet and in the accounting.')),
    h('datalist', {id: `${id}-purposes`}, PURPOSES.map(p => h('option', {value: p}))),
    h('div', {class: 'grid-fields'},
      isNew ? field('Received on', inputs.received, `Empty: today. ${dateHint()}`) : null,
      isNew ? field('Due by', inputs.due, 'Empty: the request type\'s number of days after receipt. Only an earlier date '
        + '(a state\'s shorter rule); later needs the extension with its written notice.') : null));
  const read = () => {
    const name = inputs.name.value.trim();
    const organisation = inputs.organisation.value.trim();
    if (!name && !organisation) throw new Error('Name the requester: a person, an organization, or both.');
    if (!inputs.purpose.value.trim()) throw new Error('Give the purpose of the request (for example "Continuing care").');
    const body = {
      requester: {name: name || null, organisation: organisation || null, address: inputs.address.value.trim() || null},
      purpose: inputs.purpose.value.trim(),
    };
    if (isNew) {
      const due = dayOf('Due by', inputs.due);
      if (due) body.dueDate = due;
      const received = dayOf('Received on', inputs.received);
      if (received) body.receivedDate = received;
    }
    return body;
  };
  return {element, read, focus: () => inputs.name.focus()};
}

/** The authorization's scope. read() returns the object, or null when nothing is filled in. */
function authorizationPart(authorization, categories, types) {
  const a = authorization || {};
  const id = uniqueId('auth');
  const text = (name, value, hint) => h('input', {id: `${id}-${name}`, name, value: hint ? dayInput(value) : value || '', autocomplete: 'off',
    inputmode: hint ? 'numeric' : null, placeholder: hint ? dateFormat() : null});
  const inputs = {
    reference: text('reference', a.reference),
    description: text('description', a.description),
    discloser: text('discloser', a.discloser),
    recipient: text('recipient', a.recipient),
    purpose: text('authorizationPurpose', a.purpose),
    expirationEvent: text('expirationEvent', a.expirationEvent),
    signedBy: text('signedBy', a.signedBy),
    patientName: text('patientName', a.patientName),
    representativeName: text('representativeName', a.representative && a.representative.name),
    representativeAuthority: text('representativeAuthority', a.representative && a.representative.authority),
    signedOn: text('signedOn', a.signedOn, true),
    expires: text('expires', a.expires, true),
    from: text('from', a.from, true),
    to: text('to', a.to, true),
  };
  // the types the catalog knows, plus any the authorization already names that it does not
  const named = new Set((a.documentTypes || []).map(normal));
  const typeNames = types.map(t => t.display);
  for (const t of a.documentTypes || []) if (!typeNames.some(n => normal(n) === normal(t))) typeNames.push(t);
  const typeBoxes = typeNames.map((t, i) => h('div', {class: 'check'},
    h('input', {type: 'checkbox', id: `${id}-type-${i}`, value: t, name: 'documentTypes', checked: named.has(normal(t))}),
    h('label', {for: `${id}-type-${i}`}, t)));
  const stated = a.sensitiveCategories || [];
  const namesCategory = (c, words) => [c.category, c.name, ...(c.aliases || []), ...(c.documentTypes || [])].some(n => normal(n) === normal(words));
  const extra = stated.filter(s => !categories.some(c => namesCategory(c, s)));
  const categoryBoxes = [
    ...categories.map((c, i) => h('div', {class: 'check'},
      h('input', {type: 'checkbox', id: `${id}-cat-${i}`, value: c.category, name: 'sensitiveCategories',
        checked: stated.some(s => namesCategory(c, s))}),
      h('label', {for: `${id}-cat-${i}`}, c.name, c.part2 ? h('span', {class: 'muted'}, ' — its pages carry the Part 2 notice') : ''))),
    ...extra.map((s, i) => h('div', {class: 'check'},
      h('input', {type: 'checkbox', id: `${id}-extra-${i}`, value: s, name: 'sensitiveCategories', checked: true}),
      h('label', {for: `${id}-extra-${i}`}, s))),
  ];
  const kind = h('select', {id: `${id}-kind`, name: 'kind'},
    [['hipaa', 'HIPAA authorization (45 CFR 164.508)'], ['psychotherapy-notes', 'Psychotherapy notes only (164.508(a)(2))'],
      ['part2-consent', 'Part 2 consent (42 CFR 2.31)']].map(([v, label]) => h('option', {value: v, selected: (a.kind || 'hipaa') === v}, label)));
  const said = a.statements || {};
  const statement = (name, label) => h('div', {class: 'check'},
    h('input', {type: 'checkbox', id: `${id}-${name}`, name, checked: !!said[name]}), h('label', {for: `${id}-${name}`}, label));
  const statements = [statement('rightToRevoke', 'The right to revoke it in writing, and how'),
    statement('treatmentNotConditioned', 'Treatment, payment or eligibility is not conditioned on signing'),
    statement('redisclosure', 'What is disclosed may be redisclosed by the recipient and no longer protected')];
  const element = h('div', {class: 'authorization-part'},
    h('div', {class: 'grid-fields'},
      field('Kind of form', kind),
      field('Reference', inputs.reference, 'How you identify the signed form, e.g. "signed 03/02/2026, on file".'),
      field('Information to be disclosed', inputs.description, 'As the form describes it.'),
      field('Who may disclose', inputs.discloser, 'The hospital, or the Part 2 program by name.'),
      field('To whom', inputs.recipient),
      field('Purpose on the form', inputs.purpose, '"At the request of the individual" is enough when the patient asks.'),
      field('Signed by', inputs.signedBy),
      field('Signed on', inputs.signedOn, dateHint()),
      field('Expires', inputs.expires, 'Nothing is released after this day.'),
      field('Or expires at this event', inputs.expirationEvent, 'When the form names an event instead of a date.'),
      field('Representative who signed', inputs.representativeName, 'Only when someone signed for the patient.'),
      field('Representative\'s authority', inputs.representativeAuthority, 'E.g. "health care power of attorney".'),
      field('Patient named on a Part 2 consent', inputs.patientName),
      field('Dates of service from', inputs.from),
      field('Dates of service to', inputs.to)),
    h('fieldset', {class: 'checks'}, h('legend', {}, 'Statements the form contains'),
      h('p', {class: 'hint'}, 'Tick only what the signed form says; a form without them is not valid.'), statements),
    h('fieldset', {class: 'checks'}, h('legend', {}, 'Document types it covers'),
      h('p', {class: 'hint'}, 'Tick none when it covers every type.'),
      h('div', {class: 'check-columns'}, typeBoxes)),
    h('fieldset', {class: 'checks'}, h('legend', {}, 'Specially protected records it names'),
      h('p', {class: 'hint'}, 'Records of these categories are released only when the signed authorization names them explicitly.'),
      categoryBoxes.length ? h('div', {class: 'check-columns'}, categoryBoxes) : h('p', {class: 'muted'}, 'No categories are set up.')));
  const read = () => {
    const value = name => inputs[name].value.trim() || null;
    const body = {
      reference: value('reference'),
      description: value('description'),
      discloser: value('discloser'),
      recipient: value('recipient'),
      purpose: value('purpose'),
      expirationEvent: value('expirationEvent'),
      signedBy: value('signedBy'),
      patientName: value('patientName'),
      signedOn: dayOf('Signed on', inputs.signedOn),
      expires: dayOf('Expires', inputs.expires),
      from: dayOf('Dates of service from', inputs.from),
      to: dayOf('Dates of service to', inputs.to),
      documentTypes: [...element.querySelectorAll('input[name="documentTypes"]:checked')].map(i => i.value),
      sensitiveCategories: [...element.querySelectorAll('input[name="sensitiveCategories"]:checked')].map(i => i.value),
    };
    const given = Object.values(body).some(v => Array.isArray(v) ? v.length : v);
    if (!given) return null;
    body.kind = kind.value;
    if (value('representativeName') || value('representativeAuthority')) {
      body.representative = {name: value('representativeName'), authority: value('representativeAuthority')};
    }
    body.statements = Object.fromEntries(statements.map(s => s.querySelector('input')).map(i => [i.name, i.checked]));
    return body;
  };
  return {element, read};
}

/**
 * The patient's documents with a choice of whole documents or single pages (by their thumbnails).
 * read() returns the items [{documentId, pages?}]. documents are the API's documents of the patient.
 */
function itemPicker(documents, items, {readOnly = false} = {}) {
  const chosen = new Map((items || []).map(i => [i.documentId, i.pages ? new Set(i.pages) : null]));
  const thumbOffsets = new Map();
  let offset = 0;
  const element = h('div', {class: 'item-picker'});
  const summary = h('p', {class: 'picker-summary', 'aria-live': 'polite'});

  const describe = d => [d.documentType || 'type not set', d.serviceDate ? `service ${day(d.serviceDate)}` : 'no service date',
    plural((d.pages || []).length, 'page')].join(' · ');
  const usable = d => ['indexed', 'needs-review'].includes(d.status) && (d.pages || []).length > 0;

  const showSummary = () => {
    const docs = [...chosen.keys()].length;
    const pages = [...chosen.entries()].reduce((n, [docId, set]) => {
      const d = documents.find(x => x.documentId === docId);
      return n + (set ? set.size : d ? (d.pages || []).length : 0);
    }, 0);
    summary.textContent = docs === 0 ? 'Nothing chosen yet.' : `Chosen: ${plural(docs, 'document')}, ${plural(pages, 'page')}.`;
  };

  const thumbs = d => {
    const set = chosen.get(d.documentId);
    const numbers = (d.pages || []).map(p => p.number);
    const at = thumbOffsets.get(d.documentId) || 0;
    const shown = numbers.slice(at, at + THUMBS_PAGE);
    return h('div', {class: 'page-picks'},
      h('p', {class: 'hint'}, 'Tick the pages to send.',
        readOnly ? '' : [' ', h('button', {type: 'button', class: 'link', on: {click: () => { numbers.forEach(n => set.add(n)); draw(); }}}, 'Tick all'),
          ' ', h('button', {type: 'button', class: 'link', on: {click: () => { set.clear(); draw(); }}}, 'Untick all')]),
      h('ul', {class: 'page-pick-list'}, shown.map(n => {
        const boxId = `pick-${d.documentId}-${n}`;
        return h('li', {class: 'page-pick'},
          h('input', {type: 'checkbox', id: boxId, checked: set.has(n), disabled: readOnly, dataset: {page: n},
            on: {change: e => { if (e.target.checked) set.add(n); else set.delete(n); showSummary(); }}}),
          h('label', {for: boxId}, h('img', {src: pageUrl(d.documentId, n, 'thumbnail'), alt: '', loading: 'lazy'}),
            h('span', {}, `Page ${n}`)));
      })),
      numbers.length > THUMBS_PAGE ? pager({offset: at, limit: THUMBS_PAGE, count: shown.length, total: numbers.length,
        label: 'pages', onPage: next => { thumbOffsets.set(d.documentId, next); draw(); }}) : null);
  };

  const row = d => {
    const included = chosen.has(d.documentId);
    const set = chosen.get(d.documentId);
    const boxId = `doc-${d.documentId}`;
    const mode = uniqueId('mode');
    const ok = usable(d);
    return h('li', {class: ['pick-doc', included && 'chosen'], dataset: {documentId: d.documentId}},
      h('div', {class: 'check'},
        h('input', {type: 'checkbox', id: boxId, checked: included, disabled: readOnly || !ok,
          on: {change: e => { if (e.target.checked) chosen.set(d.documentId, null); else chosen.delete(d.documentId); draw(); }}}),
        h('label', {for: boxId}, h('strong', {}, d.fileName), h('span', {class: 'muted'}, ` — ${describe(d)}`))),
      ok ? null : h('p', {class: 'hint'}, d.status === 'failed' ? 'Could not be processed: nothing to release.' : `Still ${d.status}: it can be added once processed.`),
      h('p', {class: 'hint'}, h('a', {href: `#/documents/${encodeURIComponent(d.documentId)}`, target: '_blank', rel: 'noopener'}, 'Open in the viewer (new tab)')),
      included ? h('fieldset', {class: 'pick-mode'}, h('legend', {class: 'visually-hidden'}, `Pages of ${d.fileName}`),
        h('div', {class: 'check'}, h('input', {type: 'radio', name: mode, id: `${mode}-all`, checked: !set, disabled: readOnly,
          on: {change: () => { chosen.set(d.documentId, null); draw(); }}}), h('label', {for: `${mode}-all`}, 'Every page')),
        h('div', {class: 'check'}, h('input', {type: 'radio', name: mode, id: `${mode}-some`, checked: Boolean(set), disabled: readOnly,
          on: {change: () => { chosen.set(d.documentId, new Set()); draw(); }}}), h('label', {for: `${mode}-some`}, 'Chosen pages'))) : null,
      included && set ? thumbs(d) : null);
  };

  const draw = () => {
    const focused = document.activeElement && element.contains(document.activeElement) ? document.activeElement.id : null;
    const shown = documents.slice(offset, offset + DOCS_PAGE);
    replace(element,
      documents.length === 0
        ? empty('This patient has no documents in the archive.', 'Check the MRN; documents appear here once they are indexed to this patient.')
        : h('ul', {class: 'pick-docs'}, shown.map(row)),
      pager({offset, limit: DOCS_PAGE, count: shown.length, total: documents.length, label: 'documents',
        onPage: next => { offset = next; draw(); }}),
      summary);
    showSummary();
    if (focused) {
      const again = document.getElementById(focused);
      if (again) again.focus();
    }
  };
  draw();

  const read = () => {
    const items = [];
    for (const [documentId, set] of chosen) {
      const d = documents.find(x => x.documentId === documentId);
      if (set && set.size === 0) throw new Error(`Tick at least one page of ${d ? d.fileName : documentId}, or choose "Every page".`);
      items.push(set ? {documentId, pages: [...set].sort((a, b) => a - b)} : {documentId});
    }
    return items;
  };
  return {element, read};
}

async function patientDocuments(mrn) {
  const answer = await api('/api/documents', {query: {mrn}});
  return answer.documents || [];
}

async function categoriesAndTypes() {
  const [categories, types, requestTypes] = await Promise.all([
    api('/api/sensitive-categories').then(a => a.categories || []),
    documentTypes(),
    api('/api/release-settings').then(s => s.requestTypes || []),
  ]);
  return {categories, types, requestTypes};
}

/**
 * The request type: it decides what must be on file, the due date and whether the disclosure is accounted. A legal
 * process asks for its subpoena or court order; the right of access for the patient's signed request when the copy
 * goes to someone they name.
 */
function requestTypePart(requestTypes, chosen) {
  const select = h('select', {id: 'new-release-type', name: 'requestType'},
    requestTypes.map(t => h('option', {value: t.type, selected: t.type === (chosen || 'not-stated')},
      `${t.name} — ${t.regulation}`)));
  const needs = h('p', {class: 'hint', id: 'new-release-type-needs'});
  const NEEDS = {
    'nothing': 'Nothing more is needed on file.',
    'authorization': 'The patient\'s signed authorization with every element below is needed before release.',
    'legal-process': 'The subpoena or court order is needed before release (and a 42 CFR 2.64 order for Part 2 records).',
  };
  const input = (name, isDay) => h('input', {id: `new-release-${name}`, name, autocomplete: 'off',
    inputmode: isDay ? 'numeric' : null, placeholder: isDay ? dateFormat() : null});
  const order = {
    kind: h('select', {id: 'new-release-order-kind', name: 'orderKind'},
      h('option', {value: 'court-order'}, 'Court order'), h('option', {value: 'subpoena'}, 'Subpoena')),
    issuedBy: input('orderIssuedBy'), reference: input('orderReference'), issuedOn: input('orderIssuedOn', true),
    assurance: input('orderAssurance'),
    part2: h('input', {type: 'checkbox', id: 'new-release-order-part2', name: 'orderPart2'}),
  };
  const orderBox = h('fieldset', {class: 'checks', id: 'new-release-legal-order'}, h('legend', {}, 'Subpoena or court order'),
    h('div', {class: 'grid-fields'}, field('Kind', order.kind), field('Issued by', order.issuedBy, 'The court, tribunal or attorney.'),
      field('Case or docket number', order.reference), field('Dated', order.issuedOn, dateHint()),
      field('Satisfactory assurance', order.assurance, 'For a subpoena: notice to the patient or a qualified protective order.')),
    h('div', {class: 'check'}, order.part2, h('label', {for: 'new-release-order-part2'},
      'The court order makes the findings of 42 CFR 2.64 (Part 2 records may go into the proceeding)')));
  const directive = {signedBy: input('directiveSignedBy'), signedOn: input('directiveSignedOn', true), recipient: input('directiveRecipient')};
  const directiveBox = h('fieldset', {class: 'checks', id: 'new-release-directive'}, h('legend', {}, 'A copy to a person the patient names'),
    h('p', {class: 'hint'}, 'Only when the patient asks in writing, signed, for the copy to go to someone else. Leave empty when it goes to the patient.'),
    h('div', {class: 'grid-fields'}, field('Signed by', directive.signedBy), field('Signed on', directive.signedOn, dateHint()),
      field('The person named, and where to send it', directive.recipient)));
  const explain = () => {
    const t = requestTypes.find(r => r.type === select.value);
    needs.textContent = t ? `${NEEDS[t.needs] || ''} Due ${t.dueDays} days after receipt.` : '';
    orderBox.hidden = !t || t.needs !== 'legal-process';
    directiveBox.hidden = select.value !== 'right-of-access';
  };
  select.addEventListener('change', explain);
  explain();
  const read = () => {
    const body = select.value === 'not-stated' ? {} : {requestType: select.value};
    if (!orderBox.hidden && [order.issuedBy, order.reference, order.issuedOn].some(i => i.value.trim())) {
      body.legalOrder = {kind: order.kind.value, issuedBy: order.issuedBy.value.trim() || null,
        reference: order.reference.value.trim() || null, issuedOn: dayOf('Dated', order.issuedOn),
        assurance: order.assurance.value.trim() || null, part2Findings: order.part2.checked};
    }
    if (!directiveBox.hidden && Object.values(directive).some(i => i.value.trim())) {
      body.directive = {signedBy: directive.signedBy.value.trim() || null, signedOn: dayOf('Signed on', directive.signedOn),
        recipient: directive.recipient.value.trim() || null};
    }
    return body;
  };
  return {element: h('div', {}, field('Request type', select), needs, orderBox, directiveBox), read};
}

/**
 * Whose records these are, as the registry knows the patient: name, birth date and MRN at the top of the screen,
 * so a clerk checks the identity before anything leaves (two patients may share a name).
 */
function patientBanner(patient, release) {
  if (!patient) {
    return h('section', {class: 'patient-banner unregistered', id: 'patient-banner', 'aria-label': 'Patient'},
      h('span', {class: 'banner-name'}, release.patientName || 'Patient name not known'),
      h('span', {}, 'Birth date: not in the patient registry'),
      h('span', {}, `MRN ${release.mrn}`),
      h('span', {class: 'banner-warning'}, 'Check the identity on the documents themselves.'));
  }
  return h('section', {class: 'patient-banner', id: 'patient-banner', 'aria-label': 'Patient'},
    h('span', {class: 'banner-name'}, registryName(patient)),
    h('span', {}, 'Born ', h('strong', {class: 'banner-birth-date'}, day(patient.birthDate))),
    h('span', {}, 'MRN ', h('strong', {class: 'banner-mrn'}, patient.mrn)));
}

function panel(titleId, title, ...children) {
  return h('section', {class: 'panel', 'aria-labelledby': titleId}, h('h2', {id: titleId}, title), children);
}

// ------------------------------------------------------------------------------------------------- a new request

export async function newReleaseScreen(ctx) {
  const {root, query} = ctx;
  const mrn = h('input', {id: 'new-release-mrn', name: 'mrn', value: query.mrn || '', autocomplete: 'off', spellcheck: 'false'});
  const docsArea = h('div', {class: 'docs-area'},
    empty('Type the patient\'s MRN and show their documents.', 'You choose the documents and pages to send next; you can change them later too.'));
  const status = h('div', {class: 'form-status'});
  const submit = h('button', {type: 'submit', class: 'primary', id: 'create-release'}, 'Create the request');
  let picker = null;
  let loadedFor = null;
  const {categories, types, requestTypes} = await categoriesAndTypes();
  if (!ctx.alive()) return;
  const requestType = requestTypePart(requestTypes, query.type);
  const request = requestPart(null, {isNew: true});
  const authorization = authorizationPart(null, categories, types);

  const loadDocuments = async () => {
    const wanted = mrn.value.trim();
    if (!wanted) {
      replace(docsArea, notice('error', 'Type the patient\'s MRN first.'));
      mrn.focus();
      return;
    }
    replace(docsArea, h('p', {class: 'muted'}, 'Loading the patient\'s documents…'));
    try {
      const documents = await patientDocuments(wanted);
      if (!ctx.alive()) return;
      // documents picked in the search results come along (#/releases/new?mrn=…&documents=id,id), the first time
      const picked = wanted === query.mrn && !loadedFor ? String(query.documents || '').split(',').filter(Boolean) : [];
      picker = itemPicker(documents, documents.filter(d => picked.includes(d.documentId)).map(d => ({documentId: d.documentId, pages: null})));
      loadedFor = wanted;
      replace(docsArea, h('p', {class: 'muted'}, `${plural(documents.length, 'document')} of MRN ${wanted}, newest service date first.`), picker.element);
    } catch (error) {
      if (error.status !== 401) replace(docsArea, notice('error', error.message));
    }
  };
  const show = h('button', {type: 'button', class: 'secondary', id: 'show-documents', on: {click: loadDocuments}}, 'Show the patient\'s documents');
  const mrnBox = mrnCheck(mrn, {keepHint: 'The reason is recorded in the audit trail with the request.'});
  mrn.addEventListener('keydown', e => {
    if (e.key === 'Enter') {
      e.preventDefault();
      loadDocuments();
    }
  });
  const lookup = patientLookup({onPick: p => {
    mrn.value = p.mrn;
    ctx.announce(`MRN ${p.mrn} of ${registryName(p)} filled in.`);
    mrnBox.check();
    loadDocuments();
  }});

  const form = h('form', {class: 'release-form', 'aria-labelledby': 'new-release-title', novalidate: true},
    panel('new-release-patient', 'Patient and records',
      h('div', {class: 'inline-form'}, field('Patient MRN', mrn), show), mrnBox.element, lookup, docsArea),
    panel('new-release-request', 'Who asks, and why', requestType.element, request.element),
    panel('new-release-authorization', 'Signed authorization',
      h('p', {class: 'hint'}, 'Leave empty if there is none yet. Upload the scan of the signed form once the request is created.'),
      authorization.element),
    status, h('div', {class: 'actions'}, submit, h('a', {href: '#/releases', class: 'button secondary'}, 'Cancel')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const wanted = mrn.value.trim();
    let body;
    try {
      if (!wanted) throw new Error('Type the patient\'s MRN.');
      if (picker && loadedFor !== wanted) throw new Error('The MRN changed: show this patient\'s documents again and choose from them.');
      body = {mrn: wanted, ...requestType.read(), ...request.read(), authorization: authorization.read(), items: picker ? picker.read() : []};
    } catch (error) {
      replace(status, notice('error', error.message));
      return;
    }
    const answer = await mrnBox.check();
    if (!ctx.alive()) return;
    if (mrnBox.needsReason(answer)) {
      replace(status, notice('error', answer.message, ' Correct it, or say why it is right.'));
      mrnBox.askReason();
      return;
    }
    if (answer && !answer.acceptable) body.confirmUnknownMrn = mrnBox.confirmation();
    submit.disabled = true;
    replace(status, h('p', {class: 'muted'}, 'Creating the request…'));
    try {
      const created = await api('/api/releases', {method: 'POST', json: body});
      ctx.announce(`Request ${created.releaseId} created.`);
      ctx.navigate(`releases/${encodeURIComponent(created.releaseId)}`);
    } catch (error) {
      submit.disabled = false;
      if (error.status === 422 && String(error.code).startsWith('mrn-')) mrnBox.askReason();
      if (error.status !== 401) replace(status, notice('error', error.message));
    }
  });
  replace(root,
    h('p', {}, h('a', {href: '#/releases'}, '← Releases')),
    h('h1', {tabindex: '-1', id: 'new-release-title'}, 'Start a release'),
    h('p', {class: 'lead'}, 'Log the request as it arrived. Nothing leaves ChartVault until you download the packet.'),
    form);
  ctx.focusHeading();
  if (query.mrn) {
    loadDocuments();
    mrnBox.check();
  }
}

// ---------------------------------------------------------------------------------------------- an existing one

export async function releaseScreen(ctx) {
  const {root, params} = ctx;
  const id = params.id;
  replace(root, h('h1', {tabindex: '-1'}, `Release ${id}`), h('p', {class: 'muted'}, 'Loading…'));
  let release;
  let documents;
  let extras;
  let registered;   // the patient as the registry knows them (null when the MRN is not in it)
  try {
    release = await api(`/api/releases/${encodeURIComponent(id)}`);
    [documents, extras, registered] = await Promise.all([patientDocuments(release.mrn), categoriesAndTypes(),
      api(`/api/patients/${encodeURIComponent(release.mrn)}`).catch(error => {
        if (error.status === 404) return null;
        throw error;
      })]);
  } catch (error) {
    if (error.status === 401) return;
    replace(root, h('p', {}, h('a', {href: '#/releases'}, '← Releases')), h('h1', {tabindex: '-1'}, 'Request not available'),
      notice('error', error.message, ' Check the link, or pick the request from the work list.'));
    ctx.focusHeading();
    return;
  }
  if (!ctx.alive()) return;
  ctx.title(`Release ${id}`);

  const byId = new Map(documents.map(d => [d.documentId, d]));
  const docName = docId => (byId.get(docId) || {}).fileName || docId;
  const path = `/api/releases/${encodeURIComponent(id)}`;
  let pending = null;     // redactions being edited, not yet saved (null: as saved)
  let editor = null;
  let editorPage = null;  // {documentId, page} shown in the editor
  let previewOffset = 0;

  const head = h('header', {class: 'release-head'});
  const requestBox = h('div');
  const authBox = h('div');
  const itemsBox = h('div');
  const planBox = h('div');
  const redactBox = h('div');
  const previewBox = h('div');
  const checkBox = h('div');
  const searchBox = h('div');
  const actionBox = h('div');
  const officeBox = h('div');
  const dialog = h('dialog', {class: 'confirm-dialog', 'aria-labelledby': 'packet-dialog-title', 'aria-describedby': 'packet-dialog-text'});
  ctx.onLeave(() => { if (editor) editor.destroy(); if (dialog.open) dialog.close(); });

  const isOpen = () => release.status === 'received' || release.status === 'in-progress';
  const includedPages = () => (release.included || []).flatMap(d => d.pages.map(page => ({documentId: d.documentId, page, doc: d})));
  const redactions = () => pending || release.redactions || [];

  /** PATCHes the request; the answer replaces it and everything it decides is drawn again. */
  const change = async (body, statusEl, done) => {
    replace(statusEl, h('p', {class: 'muted'}, 'Saving…'));
    try {
      release = await api(path, {method: 'PATCH', json: body});
    } catch (error) {
      if (error.status !== 401) replace(statusEl, notice('error', error.message));
      return false;
    }
    if (!ctx.alive()) return false;
    if (!isOpen()) {
      drawAll();
    } else {
      drawHead();
      drawPlan();
      drawRedactions();
      drawPreview();
      drawActions();
    }
    // the part that was saved may have been drawn again: its status line then has the same id
    const target = statusEl.isConnected ? statusEl : statusEl.id ? document.getElementById(statusEl.id) : null;
    if (target) replace(target, notice('ok', done));
    else actionBox.querySelector('.panel').append(notice('ok', done));
    ctx.announce(done);
    return true;
  };

  const drawHead = () => {
    const r = release;
    replace(head,
      h('p', {}, h('a', {href: '#/releases'}, '← Releases')),
      patientBanner(registered, r),
      h('h1', {tabindex: '-1'}, `Release ${r.releaseId}`),
      h('p', {class: 'release-facts'}, releaseBadge(r.status), ' ',
        h('strong', {}, r.patientName || 'Patient name not known'), ` · MRN ${r.mrn} · requested by ${r.requester} · received ${day(r.receivedDate)} · due `,
        dueCell(r), ` · ${plural(r.pages, 'page')} to send`),
      r.status === 'received' ? h('div', {class: 'actions'},
        h('button', {type: 'button', class: 'secondary', id: 'release-start-work',
          on: {click: e => change({status: 'in-progress'}, e.target.parentElement, 'The request is marked in progress.')}}, 'Mark in progress')) : null,
      h('p', {class: 'muted'}, `Logged ${dateTime(r.createdAt)} by ${r.createdBy}. `,
        h('a', {href: `#/disclosures/${encodeURIComponent(r.mrn)}`}, 'Accounting of disclosures of this patient')));
  };

  const drawRequest = () => {
    if (!isOpen()) {
      const r = release.requesterDetails || {};
      replace(requestBox, panel('release-request-title', 'Who asks, and why', h('dl', {class: 'facts'},
        h('dt', {}, 'Requester'), h('dd', {}, release.requester),
        h('dt', {}, 'Address'), h('dd', {}, r.address || '—'),
        h('dt', {}, 'Purpose'), h('dd', {}, release.purpose)), basisFacts()));
      return;
    }
    const part = requestPart(release, {isNew: false});
    const status = h('div', {class: 'form-status'});
    const form = h('form', {novalidate: true}, part.element, status,
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'secondary'}, 'Save the request details')));
    form.addEventListener('submit', e => {
      e.preventDefault();
      try {
        change(part.read(), status, 'The request details are saved.');
      } catch (error) {
        replace(status, notice('error', error.message));
      }
    });
    replace(requestBox, panel('release-request-title', 'Who asks, and why', basisFacts(), form));
  };

  // what the request rests on: its type and the legal basis recorded with it
  const basisFacts = () => h('dl', {class: 'facts'},
    h('dt', {}, 'Request type'), h('dd', {id: 'release-request-type'}, release.requestType || 'not-stated'),
    h('dt', {}, 'Legal basis'), h('dd', {id: 'release-legal-basis'}, release.legalBasis || 'Not recorded'));

  const drawAuthorization = () => {
    const a = release.authorization;
    const file = a && a.file;
    const onFile = file
      ? h('p', {class: 'on-file'}, 'Signed form on file: ',
        h('a', {href: `${path}/authorization`, download: '', id: 'authorization-file'}, file.fileName),
        ` (${Math.max(1, Math.round(file.bytes / 1024))} KB, uploaded ${dateTime(file.uploadedAt)} by ${file.uploadedBy})`)
      : h('p', {class: 'muted'}, 'No signed form uploaded yet.');
    if (!isOpen()) {
      replace(authBox, panel('release-auth-title', 'Signed authorization',
        a ? h('dl', {class: 'facts'},
          h('dt', {}, 'Reference'), h('dd', {}, a.reference || '—'),
          h('dt', {}, 'Signed / expires'), h('dd', {}, `${day(a.signedOn)} / ${day(a.expires)}`),
          h('dt', {}, 'Covers'), h('dd', {}, (a.documentTypes || []).length ? a.documentTypes.join(', ') : 'every document type',
            a.from || a.to ? `, dates of service ${day(a.from)} to ${day(a.to)}` : ''),
          h('dt', {}, 'Names'), h('dd', {}, (a.sensitiveCategories || []).join(', ') || 'no specially protected category'))
          : h('p', {}, 'This request had no authorization.'),
        onFile));
      return;
    }
    const part = authorizationPart(a, extras.categories, extras.types);
    const status = h('div', {class: 'form-status'});
    const form = h('form', {novalidate: true}, part.element, status,
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'secondary', id: 'save-authorization'}, 'Save the authorization')));
    form.addEventListener('submit', e => {
      e.preventDefault();
      try {
        change({authorization: part.read()}, status, 'The authorization is saved; what goes in the packet was worked out again.');
      } catch (error) {
        replace(status, notice('error', error.message));
      }
    });
    const fileInput = h('input', {type: 'file', id: 'authorization-upload', accept: '.pdf,.tif,.tiff,.png,.jpg,.jpeg,application/pdf,image/*'});
    const uploadStatus = h('div', {class: 'form-status'});
    const upload = h('form', {class: 'inline-form upload-authorization'},
      field('Scan of the signed form (PDF, TIFF, PNG or JPEG)', fileInput),
      h('button', {type: 'submit', class: 'secondary'}, file ? 'Replace the scan' : 'Upload the scan'));
    upload.addEventListener('submit', async e => {
      e.preventDefault();
      if (!fileInput.files.length) {
        replace(uploadStatus, notice('error', 'Choose the scanned form first.'));
        fileInput.focus();
        return;
      }
      const body = new FormData();
      body.append('file', fileInput.files[0], fileInput.files[0].name);
      replace(uploadStatus, h('p', {class: 'muted'}, 'Uploading…'));
      try {
        release = await api(`${path}/authorization`, {method: 'POST', body});
        drawAuthorization();
        replace(authBox.querySelector('.upload-status'), notice('ok', 'The signed form is on file with the request.'));
      } catch (error) {
        if (error.status !== 401) replace(uploadStatus, notice('error', error.message));
      }
    });
    replace(authBox, panel('release-auth-title', 'Signed authorization', form,
      h('h3', {}, 'The signed form'), onFile, upload, h('div', {class: 'upload-status'}, uploadStatus)));
  };

  const drawItems = () => {
    if (!isOpen()) {
      replace(itemsBox);
      return;
    }
    const picker = itemPicker(documents, release.items);
    const status = h('div', {class: 'form-status'});
    const form = h('form', {novalidate: true}, picker.element, status,
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'secondary', id: 'save-items'}, 'Save the choice of pages')));
    form.addEventListener('submit', e => {
      e.preventDefault();
      try {
        const items = picker.read();
        change({items}, status, items.length ? 'The choice of pages is saved.' : 'Nothing is chosen now.');
      } catch (error) {
        replace(status, notice('error', error.message));
      }
    });
    replace(itemsBox, panel('release-items-title', 'Documents and pages', form));
  };

  const drawPlan = () => {
    const included = release.included || [];
    const excluded = release.excluded || [];
    const docCell = d => h('td', {class: 'wrap'}, h('a', {href: `#/documents/${encodeURIComponent(d.documentId)}`}, docName(d.documentId)),
      h('span', {class: 'muted block'}, `${d.documentType || 'type not set'}${d.serviceDate ? ' · ' + day(d.serviceDate) : ''}`));
    replace(planBox, panel('release-plan-title', 'What goes in the packet',
      included.length === 0
        ? empty('No page goes in the packet yet.', isOpen() ? 'Choose documents and pages above; pages left out are listed below with the reason.' : '')
        : h('div', {class: 'table-wrap'}, h('table', {class: 'included-table'},
          h('caption', {}, `Included: ${plural(release.pages, 'page')}`),
          h('thead', {}, h('tr', {}, ['Document', 'Pages', 'Protected category'].map(t => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, included.map(d => h('tr', {dataset: {documentId: d.documentId}}, docCell(d),
            h('td', {}, pageRanges(d.pages)),
            h('td', {}, d.category ? `${d.category}${d.part2 ? ' (Part 2 notice on each page)' : ''}` : '—')))))),
      excluded.length ? h('div', {class: 'table-wrap excluded'}, h('table', {class: 'excluded-table'},
        h('caption', {}, `Left out: ${plural(excluded.reduce((n, e) => n + e.pages.length, 0), 'page')}, and why`),
        h('thead', {}, h('tr', {}, ['Document', 'Pages', 'Why it stays out'].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, excluded.map(e => h('tr', {dataset: {documentId: e.documentId}}, docCell(e),
          h('td', {}, pageRanges(e.pages)), h('td', {class: 'wrap reason'}, e.reason)))))) : null));
  };

  const drawRedactions = () => {
    const pages = includedPages();
    const saved = release.redactions || [];
    if (!isOpen()) {
      replace(redactBox, saved.length ? panel('release-redact-title', 'Redactions',
        h('p', {}, `${plural(saved.length, 'box', 'boxes')} blacked out on ${plural(new Set(saved.map(r => r.documentId + '/' + r.page)).size, 'page')}.`)) : null);
      return;
    }
    if (pages.length === 0) {
      if (editor) { editor.destroy(); editor = null; }
      replace(redactBox, panel('release-redact-title', 'Redactions',
        empty('No page to redact yet.', 'Redaction boxes are drawn on the pages that go in the packet.')));
      return;
    }
    if (!editorPage || !pages.some(p => p.documentId === editorPage.documentId && p.page === editorPage.page)) editorPage = pages[0];
    if (!editor) {
      editor = new RedactionEditor({onChange: boxes => {
        const others = redactions().filter(r => !(r.documentId === editorPage.documentId && r.page === editorPage.page));
        pending = [...others, ...boxes.map(b => ({documentId: editorPage.documentId, page: editorPage.page, ...b}))];
        markUnsaved();
      }});
    }
    const select = h('select', {id: 'redact-page'}, pages.map((p, i) => {
      const n = redactions().filter(r => r.documentId === p.documentId && r.page === p.page).length;
      return h('option', {value: i, selected: p.documentId === editorPage.documentId && p.page === editorPage.page},
        `${docName(p.documentId)} — page ${p.page}${n ? ` (${plural(n, 'box', 'boxes')})` : ''}`);
    }));
    const open = i => {
      editorPage = pages[i];
      select.value = String(i);
      editor.show(pageUrl(editorPage.documentId, editorPage.page, 'image'),
        `Page ${editorPage.page} of ${docName(editorPage.documentId)}`,
        redactions().filter(r => r.documentId === editorPage.documentId && r.page === editorPage.page));
    };
    select.addEventListener('change', () => open(Number(select.value)));
    const at = () => Number(select.value);
    const status = h('div', {class: 'form-status redact-status', id: 'redact-status', 'aria-live': 'polite'});
    const save = h('button', {type: 'button', class: 'primary', id: 'save-redactions', on: {click: async () => {
      if (pending === null) {
        replace(status, notice('info', 'Nothing has changed since the last save.'));
        return;
      }
      const boxes = pending;
      const ok = await change({redactions: boxes}, status, `${plural(boxes.length, 'redaction box', 'redaction boxes')} saved.`);
      if (ok) pending = null;
    }}}, 'Save the redactions');
    const undo = h('button', {type: 'button', class: 'secondary', on: {click: () => { pending = null; open(at()); markUnsaved(); }}}, 'Undo unsaved changes');
    replace(redactBox, panel('release-redact-title', 'Redactions',
      h('p', {class: 'hint'}, 'Black out what must not leave (another patient\'s name, a protected note). The packet\'s page image is blacked out under each box, and the words under it are left out of its text.'),
      h('div', {class: 'inline-form'}, field('Page', select),
        h('button', {type: 'button', class: 'secondary', on: {click: () => open(Math.max(0, at() - 1))}}, '← Previous page'),
        h('button', {type: 'button', class: 'secondary', on: {click: () => open(Math.min(pages.length - 1, at() + 1))}}, 'Next page →')),
      editor.element,
      h('div', {class: 'actions'}, save, undo, h('span', {class: 'unsaved', id: 'redactions-unsaved'})), status));
    open(pages.indexOf(pages.find(p => p.documentId === editorPage.documentId && p.page === editorPage.page)));
    markUnsaved();
  };

  const markUnsaved = () => {
    const flag = document.getElementById('redactions-unsaved');
    if (flag) flag.textContent = pending === null ? '' : 'Unsaved changes: save them before releasing.';
  };

  const drawPreview = () => {
    const pages = includedPages();
    if (pages.length === 0) {
      replace(previewBox);
      return;
    }
    const saved = release.redactions || [];
    const shown = pages.slice(previewOffset, previewOffset + PREVIEW_PAGE);
    replace(previewBox, panel('release-preview-title', 'Preview of the packet',
      h('p', {class: 'hint'}, `After a cover sheet, the packet holds ${pages.length === 1 ? 'this page, with its' : `these ${pages.length} pages in this order, each with its`} Bates number`
        + (saved.length ? ', the saved redactions blacked out.' : '.') + (pending !== null ? ' Unsaved redactions are not shown.' : '')),
      h('ol', {class: 'preview-pages', start: previewOffset + 1}, shown.map((p, i) => h('li', {class: 'preview-page'},
        h('p', {class: 'preview-label'}, `Packet page ${previewOffset + i + 1}: ${docName(p.documentId)}, page ${p.page}`),
        previewImage(p, saved.filter(r => r.documentId === p.documentId && r.page === p.page))))),
      pages.length > PREVIEW_PAGE ? pager({offset: previewOffset, limit: PREVIEW_PAGE, count: shown.length, total: pages.length,
        label: 'packet pages', onPage: next => { previewOffset = next; drawPreview(); }}) : null));
  };

  const previewImage = (p, boxes) => {
    const img = h('img', {src: pageUrl(p.documentId, p.page, 'image'), alt: `Page ${p.page} of ${docName(p.documentId)}${boxes.length ? `, ${plural(boxes.length, 'part')} blacked out` : ''}`, loading: 'lazy'});
    const overlay = svgOverlay(boxes);
    img.addEventListener('load', () => overlay.setAttribute('viewBox', `0 0 ${img.naturalWidth} ${img.naturalHeight}`), {once: true});
    return h('div', {class: 'preview-frame'}, img, overlay);
  };

  const drawActions = () => {
    const r = release;
    if (r.status === 'released') {
      const p = r.packet || {};
      replace(actionBox, panel('release-packet-title', 'Released',
        h('p', {}, `Released on ${day(r.releaseDate)} by ${r.releasedBy || '—'} (${dateTime(r.releasedAt)}); recorded in the patient's accounting of disclosures.`),
        h('dl', {class: 'facts packet-facts'},
          h('dt', {}, 'Pages in the packet'), h('dd', {id: 'packet-pages'}, `${p.pages} (${plural(p.coverPages || 0, 'cover page')})`),
          h('dt', {}, 'Bates numbers'), h('dd', {}, p.firstBates ? `${p.firstBates} – ${p.lastBates}` : '—'),
          h('dt', {}, 'SHA-256 of the PDF'), h('dd', {class: 'mono', id: 'packet-sha256'}, p.sha256 || '—')),
        h('div', {class: 'actions'}, h('a', {class: 'button secondary', href: `${path}/packet`, download: '', id: 'packet-again'}, 'Download the packet again'))));
      return;
    }
    if (r.status === 'denied') {
      replace(actionBox, panel('release-packet-title', 'Denied', notice('info', 'Reason given to the requester: ', r.denialReason || '—')));
      return;
    }
    const status = h('div', {class: 'form-status', id: 'release-action-status'});
    const releaseButton = h('button', {type: 'button', class: 'primary', id: 'release-packet', disabled: r.pages === 0,
      on: {click: () => confirmRelease(status)}}, 'Release and download the packet…');
    const reason = h('textarea', {id: 'deny-reason', rows: 3, name: 'reason'});
    const denyForm = h('form', {class: 'deny-form', hidden: true, novalidate: true},
      field('Reason for the denial (the requester is told it)', reason),
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'secondary danger', id: 'deny-confirm'}, 'Deny the request'),
        h('button', {type: 'button', class: 'link', on: {click: () => { denyForm.hidden = true; deny.focus(); }}}, 'Cancel')));
    const deny = h('button', {type: 'button', class: 'secondary danger', id: 'deny-release',
      on: {click: () => { denyForm.hidden = false; reason.focus(); }}}, 'Deny the request…');
    denyForm.addEventListener('submit', e => {
      e.preventDefault();
      if (!reason.value.trim()) {
        replace(status, notice('error', 'Write the reason for the denial: the requester is told it.'));
        reason.focus();
        return;
      }
      change({status: 'denied', reason: reason.value.trim()}, status, 'The request is denied.');
    });
    replace(actionBox, panel('release-packet-title', 'Release or deny',
      h('p', {}, r.pages === 0 ? 'Nothing goes in the packet yet: choose documents and pages first.'
        : `The packet holds ${plural(r.pages, 'page')} after a cover sheet. `,
      r.pages ? h('strong', {}, 'Downloading it for the first time releases the request: it is recorded as a disclosure and can no longer be changed.') : ''),
      h('div', {class: 'actions'}, releaseButton, deny), denyForm, status));
  };

  const confirmRelease = status => {
    if (pending !== null) {
      replace(status, notice('error', 'Save or undo the redaction changes first: the packet is made from what is saved.'));
      return;
    }
    const r = release;
    const left = (r.excluded || []).reduce((n, e) => n + e.pages.length, 0);
    const boxes = (r.redactions || []).length;
    const go = h('button', {type: 'button', class: 'primary', id: 'packet-confirm'}, 'Release and download');
    const cancel = h('button', {type: 'button', class: 'secondary', id: 'packet-cancel', autofocus: true}, 'Cancel');
    replace(dialog,
      h('h2', {id: 'packet-dialog-title'}, 'Release this request?'),
      h('div', {id: 'packet-dialog-text'},
        h('p', {}, `Downloading the packet releases request ${r.releaseId}: ${plural(r.pages, 'page')} of ${r.patientName || 'MRN ' + r.mrn} go to ${r.requester} for "${r.purpose}".`),
        h('ul', {},
          h('li', {}, 'It is recorded in the patient\'s accounting of disclosures, under your name.'),
          h('li', {}, 'The request can no longer be changed or denied afterwards.'),
          boxes ? h('li', {}, `${plural(boxes, 'redaction box', 'redaction boxes')} ${boxes === 1 ? 'is' : 'are'} blacked out.`) : h('li', {}, 'Nothing is redacted.'),
          left ? h('li', {}, `${plural(left, 'page')} asked for stay out (see "What goes in the packet").`) : null)),
      h('div', {class: 'actions'}, go, cancel));
    cancel.addEventListener('click', () => dialog.close());
    go.addEventListener('click', async () => {
      go.disabled = true;
      cancel.disabled = true;
      replace(dialog.querySelector('#packet-dialog-text'), h('p', {}, 'Producing the packet…'));
      let file;
      try {
        file = await fetchFile(`${path}/packet`, {method: 'POST', fallbackName: `release-${r.releaseId}.pdf`});
        saveFile(file.blob, file.fileName);
        release = await api(path);
      } catch (error) {
        dialog.close();
        if (error.status !== 401) replace(status, notice('error', error.message));
        return;
      }
      dialog.close();
      if (!ctx.alive()) return;
      drawAll();
      actionBox.querySelector('.panel').append(notice('ok', `Released. The packet was downloaded as ${file.fileName}.`));
      ctx.announce('The request is released and the packet downloaded.');
      actionBox.querySelector('h2').setAttribute('tabindex', '-1');
      actionBox.querySelector('h2').focus();
    });
    dialog.showModal();
  };

  /**
   * The wrong-patient check: pages that name another patient (or none) with their thumbnails, what was read on
   * them, and the clerk's decision: confirm with a reason, or remove the page from the release.
   */
  const drawCheck = async () => {
    if (!isOpen() || (release.pages || 0) === 0) { replace(checkBox); return; }
    let report;
    try {
      report = await api(`${path}/patient-check`);
    } catch (error) {
      if (error.status !== 401) replace(checkBox, panel('patient-check-title', 'Patient check', notice('error', error.message)));
      return;
    }
    if (!ctx.alive()) return;
    if (report.flagged.length === 0) {
      replace(checkBox, panel('patient-check-title', 'Patient check',
        notice('ok', `Every one of the ${plural(report.pagesChecked, 'page')} names patient ${report.mrn} and no one else.`)));
      return;
    }
    const row = p => {
      const reason = h('input', {type: 'text', class: 'check-reason', 'aria-label': `Reason page ${p.page} of ${docName(p.documentId)} is this patient's`});
      const status = h('div', {class: 'form-status', 'aria-live': 'polite'});
      const decide = async decision => {
        try {
          release = await api(`${path}/patient-check/decisions`, {method: 'POST',
            json: {documentId: p.documentId, page: p.page, decision, reason: reason.value.trim() || null}});
          drawAll();
        } catch (error) {
          if (error.status !== 401) replace(status, notice('error', error.message));
        }
      };
      const decided = p.decision && p.decision.decision === 'confirm'
        ? h('p', {class: 'check-decision'}, `Confirmed by ${p.decision.by}: ${p.decision.reason}`) : null;
      return h('li', {class: 'check-page', dataset: {documentId: p.documentId, page: p.page, problem: p.problem}},
        h('img', {src: pageUrl(p.documentId, p.page, 'thumbnail'), alt: `Page ${p.page} of ${docName(p.documentId)}`, loading: 'lazy'}),
        h('div', {},
          h('p', {}, h('strong', {}, p.problem === 'other-patient' ? 'Names another patient' : 'Names no patient'), ' — ', p.why),
          decided,
          h('div', {class: 'inline-form'}, field('Reason', reason),
            h('button', {type: 'button', class: 'secondary check-confirm', on: {click: () => decide('confirm')}}, 'Confirm: this patient\'s page'),
            h('button', {type: 'button', class: 'secondary danger check-remove', on: {click: () => decide('remove')}}, 'Remove from the release')),
          status));
    };
    replace(checkBox, panel('patient-check-title', 'Patient check',
      report.waiting ? notice('error', `${plural(report.waiting, 'page')} may not be patient ${report.mrn}'s. The packet cannot be released until each is confirmed with a reason or removed.`)
        : notice('ok', 'Every flagged page has been confirmed.'),
      h('ul', {class: 'check-pages'}, report.flagged.map(row))));
  };

  /** "Redact every occurrence": a phrase or a named pattern, found on the pages to release, accepted page by page. */
  const drawSearch = () => {
    if (!isOpen() || (release.pages || 0) === 0) { replace(searchBox); return; }
    const phrase = h('input', {type: 'text', id: 'redact-phrase'});
    const pattern = h('select', {id: 'redact-pattern'}, h('option', {value: ''}, 'a phrase (typed above)'),
      h('option', {value: 'ssn'}, 'Social Security numbers'), h('option', {value: 'phone'}, 'Phone numbers'));
    const results = h('div', {class: 'redact-results', 'aria-live': 'polite'});
    const query = () => pattern.value ? {pattern: pattern.value} : {phrase: phrase.value};
    const form = h('form', {class: 'inline-form', novalidate: true}, field('Phrase', phrase), field('Or find', pattern),
      h('button', {type: 'submit', class: 'secondary', id: 'redact-search'}, 'Find every occurrence'));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const q = query();
      try {
        const found = await api(`${path}/redaction-proposals`, {method: 'POST', json: q});
        replace(results, found.pages.length === 0 ? h('p', {class: 'muted'}, 'Not found on any page of the packet.')
          : h('ul', {class: 'proposals'}, found.pages.map(p => {
            const accept = h('button', {type: 'button', class: 'primary proposal-accept', on: {click: async () => {
              try {
                release = await api(`${path}/redaction-proposals/accept`, {method: 'POST', json: {documentId: p.documentId, page: p.page, ...q}});
                pending = null;
                accept.disabled = true;
                accept.textContent = 'Accepted';
                drawRedactions();
                drawPreview();
              } catch (error) {
                if (error.status !== 401) results.append(notice('error', error.message));
              }
            }}}, 'Black these out');
            return h('li', {class: 'proposal', dataset: {documentId: p.documentId, page: p.page}},
              previewImage(p, p.boxes),
              h('p', {}, `${docName(p.documentId)}, page ${p.page}: ${plural(p.boxes.length, 'word')} (${p.boxes.map(b => b.text).join(' ')})`),
              accept);
          })));
      } catch (error) {
        if (error.status !== 401) replace(results, notice('error', error.message));
      }
    });
    replace(searchBox, panel('redact-search-title', 'Redact every occurrence',
      h('p', {class: 'hint'}, 'Find a name, a phrase, Social Security numbers or phone numbers on every page of the packet; check each page and accept its boxes, which are then blacked out like boxes you draw.'),
      form, results));
  };

  // the clock, the fee and the letters (release-office.js): each action answers the request, drawn again
  const drawOffice = () => replace(officeBox, officePanels(release, path, answered => {
    release = answered;
    drawAll();
  }));

  const drawAll = () => {
    if (editor && !isOpen()) { editor.destroy(); editor = null; }
    drawOffice();
    drawCheck();
    drawSearch();
    drawHead();
    drawRequest();
    drawAuthorization();
    drawItems();
    drawPlan();
    drawRedactions();
    drawPreview();
    drawActions();
  };

  replace(root, h('div', {class: 'release'}, head,
    h('div', {class: 'release-columns'},
      h('div', {class: 'release-main'}, itemsBox, planBox, checkBox, searchBox, redactBox, previewBox),
      h('div', {class: 'release-side'}, actionBox, officeBox, requestBox, authBox))), dialog);
  drawAll();
  ctx.focusHeading();
}

/** Black boxes over a preview image, in page-image pixels (the viewBox is set once the image's size is known). */
function svgOverlay(boxes) {
  return svg('svg', {class: 'preview-overlay', preserveAspectRatio: 'none', 'aria-hidden': 'true'},
    boxes.map(b => svg('rect', {class: 'preview-redaction', x: b.x, y: b.y, width: b.width, height: b.height})));
}
