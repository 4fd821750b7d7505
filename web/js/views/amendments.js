// Amendments (45 CFR 164.526), for ROI / HIM clerks: the work list of patients' requests to amend a document, overdue
// first with the days left; a new request; one request with its clock, the one extension, the decision (accept with
// the amendment's text, or deny on one of the rule's grounds), and the patient's statement of disagreement and the
// hospital's rebuttal. The viewer shows what was decided with the document (amendmentNotices).
import {api} from '../api.js';
import {h, replace, field, notice, empty} from '../dom.js';
import {clientPage, dateHint, day, pager, parseDay, patientLink, plural} from '../widgets.js';

const PAGE_SIZE = 20;
const STATUS = {requested: 'Open', accepted: 'Accepted', denied: 'Denied'};
const BASES = [
  ['accurate-and-complete', 'The record is accurate and complete'],
  ['not-created-by-us', 'Not created by this hospital (its author can act on it)'],
  ['not-in-designated-record-set', 'Not part of the designated record set'],
  ['not-available-for-inspection', 'Not available for the patient to inspect (45 CFR 164.524)'],
];

function badge(status) {
  return h('span', {class: ['badge', 'amendment-' + String(status).replace(/[^a-z-]/g, '')]}, STATUS[status] || status);
}

/** Days left in words, the overdue ones marked. */
function daysLeft(a) {
  if (a.daysLeft === null || a.daysLeft === undefined) return '—';
  if (a.overdue) return h('span', {class: 'overdue'}, h('span', {class: 'badge overdue-badge'}, 'Overdue'),
    ` ${plural(-a.daysLeft, 'day')} late`);
  return a.daysLeft === 0 ? 'Due today' : plural(a.daysLeft, 'day');
}

export async function amendmentsScreen(ctx) {
  const {root, query} = ctx;
  const all = query.status === 'all';
  const status = h('select', {id: 'amendment-status', name: 'status'},
    h('option', {value: 'open', selected: !all}, 'Waiting for a decision'), h('option', {value: 'all', selected: all}, 'All'));
  const filter = h('form', {class: 'filter-bar', role: 'search', 'aria-label': 'Filter the amendment requests'},
    field('Show', status), h('button', {type: 'submit', class: 'secondary'}, 'Show'));
  filter.addEventListener('submit', e => {
    e.preventDefault();
    ctx.navigate('amendments', {status: status.value === 'all' ? 'all' : ''});
  });
  const list = h('section', {class: 'amendment-list', 'aria-labelledby': 'amendment-list-title'});
  replace(root,
    h('h1', {tabindex: '-1'}, 'Amendments'),
    h('p', {class: 'lead'}, 'Patients\' requests to amend their record. Each must be accepted or denied within 60 days of '
      + 'receipt; one extension of up to 30 days is allowed when the patient is told the reason and the new date in writing.'),
    filter, list, newRequestForm(ctx));
  ctx.focusHeading();

  let answer;
  try {
    answer = await api('/api/amendments', {query: {status: all ? 'all' : 'open'}});
  } catch (error) {
    if (error.status !== 401) replace(list, h('h2', {id: 'amendment-list-title'}, 'Requests'), notice('error', error.message));
    return;
  }
  if (!ctx.alive()) return;
  const found = answer.amendments || [];
  let offset = 0;
  const show = () => {
    const shown = clientPage(found, offset, PAGE_SIZE);
    const late = found.filter(a => a.overdue).length;
    replace(list,
      h('h2', {id: 'amendment-list-title'}, plural(found.length, 'request'), late ? h('span', {class: 'muted'}, ` · ${late} overdue`) : ''),
      found.length === 0
        ? empty(all ? 'No amendment requests yet.' : 'No request is waiting for a decision.',
          'Log a request below when a patient asks to amend their record.')
        : h('div', {class: 'table-wrap'}, h('table', {class: 'amendments-table'},
          h('caption', {class: 'visually-hidden'}, `Amendment requests as of ${day(answer.today)}, overdue first`),
          h('thead', {}, h('tr', {}, ['Request', 'Patient', 'Document', 'Received', 'Due', 'Days left', 'Status'].map(t => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, shown.map(a => h('tr', {class: a.overdue ? 'is-overdue' : null, dataset: {amendmentId: a.amendmentId}},
            h('td', {}, h('a', {href: `#/amendments/${encodeURIComponent(a.amendmentId)}`}, a.amendmentId)),
            h('td', {}, a.patientName || 'name not known', a.mrn ? h('span', {class: 'muted block'}, patientLink(a.mrn, `MRN ${a.mrn}`)) : null),
            h('td', {}, h('a', {href: `#/documents/${encodeURIComponent(a.documentId)}`, title: a.documentId}, 'View document')),
            h('td', {}, day(a.receivedDate)),
            h('td', {}, day(a.dueDate), a.extension ? h('span', {class: 'muted block'}, 'extended') : null),
            h('td', {class: 'days-left'}, daysLeft(a)),
            h('td', {}, badge(a.status))))))),
      pager({offset, limit: PAGE_SIZE, count: shown.length, total: found.length, label: 'requests',
        onPage: next => { offset = next; show(); }}));
  };
  show();
}

/** Logging a new request: the document (its id, from the viewer's address), who asked, when, what and how. */
function newRequestForm(ctx) {
  const documentId = h('input', {id: 'amendment-document', name: 'documentId', autocomplete: 'off', value: ctx.query.documentId || ''});
  const requester = h('input', {id: 'amendment-requester', name: 'requester', autocomplete: 'off', maxlength: 500});
  const received = h('input', {id: 'amendment-received', name: 'receivedDate', autocomplete: 'off'});
  const wrong = h('textarea', {id: 'amendment-wrong', name: 'whatIsWrong', rows: 3, maxlength: 8000});
  const change = h('textarea', {id: 'amendment-change', name: 'requestedChange', rows: 3, maxlength: 8000});
  const status = h('div', {class: 'form-status', 'aria-live': 'polite'});
  const form = h('form', {class: 'panel amendment-new', 'aria-labelledby': 'amendment-new-title', novalidate: true},
    h('h2', {id: 'amendment-new-title'}, 'Log a request to amend'),
    field('Document id', documentId, 'The document the patient wants amended (doc_…, shown in the viewer\'s address).'),
    field('Requested by', requester, 'The patient, or their personal representative.'),
    field('Received on', received, `Leave empty for today. ${dateHint()}`),
    field('What the patient says is wrong', wrong),
    field('The change the patient asks for', change),
    h('button', {type: 'submit', class: 'primary', id: 'create-amendment'}, 'Log the request'), status);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    let receivedDate;
    try {
      receivedDate = parseDay('Received on', received.value);
    } catch (error) {
      replace(status, notice('error', error.message));
      received.focus();
      return;
    }
    try {
      const created = await api('/api/amendments', {method: 'POST', json: {documentId: documentId.value.trim(),
        requester: requester.value.trim(), receivedDate: receivedDate || null, whatIsWrong: wrong.value,
        requestedChange: change.value}});
      ctx.announce(`Request logged; it is due ${day(created.dueDate)}.`);
      ctx.navigate(`amendments/${encodeURIComponent(created.amendmentId)}`);
    } catch (error) {
      if (error.status !== 401) replace(status, notice('error', error.message));
    }
  });
  return form;
}

/** One request: what was asked, the clock, and what can be done next. */
export async function amendmentScreen(ctx) {
  const {root, params} = ctx;
  replace(root, h('h1', {tabindex: '-1'}, 'Amendment request'), h('p', {class: 'muted'}, 'Loading…'));
  let a;
  try {
    a = await api(`/api/amendments/${encodeURIComponent(params.id)}`);
  } catch (error) {
    if (error.status === 401) return;
    replace(root, h('h1', {tabindex: '-1'}, 'Amendment request not available'), notice('error', error.message),
      h('p', {}, h('a', {href: '#/amendments'}, 'Back to the amendment requests')));
    ctx.focusHeading();
    return;
  }
  if (!ctx.alive()) return;
  const reload = () => ctx.navigate(`amendments/${encodeURIComponent(a.amendmentId)}`);
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
  const d = a.decision;
  replace(root,
    h('p', {}, h('a', {href: '#/amendments'}, '← All amendment requests')),
    h('div', {class: 'title-row'}, h('h1', {tabindex: '-1'}, `Amendment request ${a.amendmentId}`), badge(a.status)),
    h('dl', {class: 'meta amendment-meta'},
      row('Patient', [a.patientName || 'name not known', a.mrn ? ' · ' : '', a.mrn ? patientLink(a.mrn, `MRN ${a.mrn}`) : '']),
      row('Document', h('a', {href: `#/documents/${encodeURIComponent(a.documentId)}`}, a.documentId)),
      row('Requested by', a.requester),
      row('Received', day(a.receivedDate)),
      row('What is wrong', a.whatIsWrong),
      row('Change asked for', a.requestedChange),
      row('Due', [day(a.dueDate), a.status === 'requested' ? [' — ', daysLeft(a)] : '']),
      a.extension ? row('Extended', `On ${day(a.extension.notifiedOn)} by ${a.extension.by}, from ${day(a.firstDueDate)} to `
        + `${day(a.extension.newDueDate)}: ${a.extension.reason}`) : null,
      d ? row(d.outcome === 'accepted' ? 'Accepted' : 'Denied', `${day(d.decidedOn)} by ${d.by}`) : null,
      d && d.amendmentText ? row('Amendment', d.amendmentText) : null,
      d && d.basis ? row('Basis', (BASES.find(b => b[0] === d.basis) || [d.basis, d.basis])[1] + (d.explanation ? `. ${d.explanation}` : '')) : null,
      a.disagreement ? row('Statement of disagreement', `${a.disagreement.text} (received ${day(a.disagreement.receivedDate)})`) : null,
      a.rebuttal ? row('Rebuttal', a.rebuttal.text) : null,
      a.inclusionAsked ? row('Patient asked', 'that the request and its denial go with disclosures') : null,
      row('Goes with releases', a.linked ? 'Yes: every later release of the document carries it' : 'No')),
    d && d.notice ? h('section', {class: 'panel'}, h('h2', {}, 'The denial sent to the patient'), h('p', {class: 'denial-notice'}, d.notice)) : null,
    a.status === 'requested' ? decisionForm(a, reload) : null,
    a.status === 'requested' && !a.extension ? extensionForm(a, reload) : null,
    a.status === 'denied' && !a.disagreement ? statementForm(a, reload) : null,
    a.status === 'denied' && a.disagreement && !a.rebuttal ? rebuttalForm(a, reload) : null);
  ctx.focusHeading();
}

/** Posts to one of the request's actions; shows the refusal's sentence, or reloads the request. */
function submitter(a, action, status, reload, body) {
  return async e => {
    e.preventDefault();
    let json;
    try {
      json = body();
    } catch (error) {
      replace(status, notice('error', error.message));
      return;
    }
    try {
      await api(`/api/amendments/${encodeURIComponent(a.amendmentId)}/${action}`, {method: 'POST', json});
      reload();
    } catch (error) {
      if (error.status !== 401) replace(status, notice('error', error.message));
    }
  };
}

function decisionForm(a, reload) {
  const accept = h('input', {type: 'radio', name: 'decision', value: 'accepted', id: 'decide-accept', checked: true});
  const deny = h('input', {type: 'radio', name: 'decision', value: 'denied', id: 'decide-deny'});
  const text = h('textarea', {id: 'amendment-text', name: 'amendmentText', rows: 3, maxlength: 8000}, a.requestedChange);
  const basis = h('select', {id: 'denial-basis', name: 'basis'}, h('option', {value: ''}, 'Choose the basis'),
    BASES.map(([value, label]) => h('option', {value}, label)));
  const explanation = h('textarea', {id: 'denial-explanation', name: 'explanation', rows: 2, maxlength: 8000});
  const contact = h('input', {id: 'denial-contact', name: 'contact', autocomplete: 'off', maxlength: 500});
  const accepting = h('div', {class: 'accepting'}, field('Amendment as it goes with the document', text));
  const denying = h('div', {class: 'denying', hidden: true}, field('Basis (45 CFR 164.526(a)(2))', basis),
    field('Explanation for the patient (optional)', explanation),
    field('Whom the patient may complain to here', contact, 'Name or title and telephone number; the Privacy Officer when left empty.'));
  const toggle = () => { accepting.hidden = !accept.checked; denying.hidden = accept.checked; };
  accept.addEventListener('change', toggle);
  deny.addEventListener('change', toggle);
  const status = h('div', {class: 'form-status', 'aria-live': 'polite'});
  const form = h('form', {class: 'panel amendment-decide', 'aria-labelledby': 'decide-title', novalidate: true},
    h('h2', {id: 'decide-title'}, 'Decide'),
    h('fieldset', {}, h('legend', {}, 'Decision'),
      h('div', {class: 'check'}, accept, h('label', {for: 'decide-accept'}, 'Accept: amend the record')),
      h('div', {class: 'check'}, deny, h('label', {for: 'decide-deny'}, 'Deny'))),
    accepting, denying, h('button', {type: 'submit', class: 'primary', id: 'decide'}, 'Record the decision'), status);
  form.addEventListener('submit', submitter(a, 'decision', status, reload, () => accept.checked
    ? {decision: 'accepted', amendmentText: text.value}
    : {decision: 'denied', basis: basis.value || null, explanation: explanation.value || null, contact: contact.value || null}));
  return form;
}

function extensionForm(a, reload) {
  const reason = h('input', {id: 'extension-reason', name: 'reason', autocomplete: 'off', maxlength: 500});
  const date = h('input', {id: 'extension-date', name: 'newDueDate', autocomplete: 'off'});
  const status = h('div', {class: 'form-status', 'aria-live': 'polite'});
  const form = h('form', {class: 'panel amendment-extend', 'aria-labelledby': 'extend-title', novalidate: true},
    h('h2', {id: 'extend-title'}, 'Extend once'),
    h('p', {class: 'hint'}, `Only while the first 60 days run (until ${day(a.firstDueDate)}), by at most 30 days, and only `
      + 'when the patient is told the reason and the new date in writing.'),
    field('Reason given to the patient', reason), field('New due date', date, dateHint()),
    h('button', {type: 'submit', class: 'secondary', id: 'extend'}, 'Record the extension'), status);
  form.addEventListener('submit', submitter(a, 'extension', status, reload,
    () => ({reason: reason.value, newDueDate: parseDay('New due date', date.value) || null})));
  return form;
}

function statementForm(a, reload) {
  const text = h('textarea', {id: 'disagreement-text', name: 'text', rows: 3, maxlength: 8000});
  const status = h('div', {class: 'form-status', 'aria-live': 'polite'});
  const form = h('form', {class: 'panel amendment-disagree', 'aria-labelledby': 'disagree-title', novalidate: true},
    h('h2', {id: 'disagree-title'}, 'Statement of disagreement'),
    h('p', {class: 'hint'}, 'The patient\'s written statement; it goes with every later release of the document.'),
    field('Statement', text), h('button', {type: 'submit', class: 'secondary', id: 'disagree'}, 'Add the statement'), status);
  form.addEventListener('submit', submitter(a, 'disagreement', status, reload, () => ({text: text.value})));
  return form;
}

function rebuttalForm(a, reload) {
  const text = h('textarea', {id: 'rebuttal-text', name: 'text', rows: 3, maxlength: 8000});
  const status = h('div', {class: 'form-status', 'aria-live': 'polite'});
  const form = h('form', {class: 'panel amendment-rebut', 'aria-labelledby': 'rebut-title', novalidate: true},
    h('h2', {id: 'rebut-title'}, 'Rebuttal (optional)'),
    field('Rebuttal', text, 'Send the patient a copy.'), h('button', {type: 'submit', class: 'secondary', id: 'rebut'}, 'Add the rebuttal'), status);
  form.addEventListener('submit', submitter(a, 'rebuttal', status, reload, () => ({text: text.value})));
  return form;
}

/**
 * For the viewer: a notice per amendment of the document — amended (with the text), disputed (with the patient's
 * statement), or a request waiting for a decision. Empty when there are none.
 */
export function amendmentNotices(amendments) {
  return (amendments || []).map(a => {
    const d = a.decision;
    if (a.status === 'accepted') {
      return h('div', {class: 'notice info amendment-notice', dataset: {amendmentId: a.amendmentId}},
        h('p', {}, h('strong', {}, `Amended on ${day(d.decidedOn)}`), ' at the patient\'s request:'),
        h('p', {class: 'amendment-text'}, d.amendmentText));
    }
    if (a.status === 'denied' && a.disagreement) {
      return h('div', {class: 'notice info amendment-notice', dataset: {amendmentId: a.amendmentId}},
        h('p', {}, h('strong', {}, 'Disputed by the patient'), ` (amendment denied ${day(d.decidedOn)}):`),
        h('p', {class: 'amendment-text'}, a.disagreement.text),
        a.rebuttal ? h('p', {class: 'amendment-text muted'}, `Rebuttal: ${a.rebuttal.text}`) : null);
    }
    if (a.status === 'requested') {
      return h('div', {class: 'notice info amendment-notice', dataset: {amendmentId: a.amendmentId}},
        h('p', {}, `The patient asked to amend this document; a decision is due ${day(a.dueDate)}.`));
    }
    return null;
  }).filter(Boolean);
}
