// The clock, the fee and the letters of one release request (ROI clerks): days left and the one extension with its
// written notice (45 CFR 164.524(b)(2)); the fee quoted by the request type's rule, waived or paid, and its invoice
// (164.524(c)(4): a patient pays no search or retrieval fee); the letters produced and kept with the request
// (acknowledgement, extension notice, denial with what 164.524(d)(2) requires, invoice, cover letter).
import {api} from '../api.js';
import {h, replace, field, notice} from '../dom.js';
import {dateHint, dateTime, day, parseDay, plural} from '../widgets.js';

const LETTERS = [
  ['acknowledgement', 'Acknowledgement'],
  ['cover-letter', 'Cover letter'],
  ['invoice', 'Invoice'],
  ['denial', 'Denial letter'],
  ['extension-notice', 'Extension notice'],
];
const CHARGES = [['labor', 'Labor for copying'], ['supplies', 'Supplies'], ['postage', 'Postage']];

/** Days left in words, the overdue ones marked. */
export function daysLeftText(r) {
  if (r.daysLeft === null || r.daysLeft === undefined) return '—';
  if (r.daysLeft < 0) return h('span', {class: 'overdue'}, h('span', {class: 'badge overdue-badge'}, 'Overdue'),
    ` ${plural(-r.daysLeft, 'day')} late`);
  return r.daysLeft === 0 ? 'Due today' : `${plural(r.daysLeft, 'day')} left`;
}

const money = v => (v === null || v === undefined) ? '—' : `$${Number(v).toFixed(2)}`;

/**
 * The three panels of a request. {@code changed(release)} is called with the request as the server answered after
 * each action, so the screen can draw it again.
 */
export function officePanels(release, path, changed) {
  const open = release.status === 'received' || release.status === 'in-progress';
  const post = async (action, json, statusEl, done) => {
    replace(statusEl, h('p', {class: 'muted'}, 'Saving…'));
    try {
      const answer = await api(`${path}/${action}`, {method: 'POST', json});
      replace(statusEl, notice('ok', done));
      return answer;
    } catch (error) {
      if (error.status !== 401) replace(statusEl, notice('error', error.message));
      return null;
    }
  };
  const reloadWith = async () => changed(await api(path));
  return h('div', {class: 'release-office'}, clockPanel(release, open, post, changed), feePanel(release, post, changed),
    lettersPanel(release, path, post, reloadWith));
}

function clockPanel(r, open, post, changed) {
  const facts = h('dl', {class: 'facts'},
    h('dt', {}, 'Received'), h('dd', {}, day(r.receivedDate)),
    h('dt', {}, 'Due'), h('dd', {id: 'release-due'}, day(r.dueDate)),
    open ? [h('dt', {}, 'Days left'), h('dd', {id: 'release-days-left'}, daysLeftText(r))] : null,
    r.extension ? [h('dt', {}, 'Extended'), h('dd', {id: 'release-extension'}, `On ${day(r.extension.notifiedOn)} by `
      + `${r.extension.by}, from ${day(r.extension.firstDueDate)} to ${day(r.extension.newDueDate)}: ${r.extension.reason}`)] : null);
  let form = null;
  if (open && !r.extension && !(r.daysLeft < 0)) {
    const reason = h('input', {id: 'release-extension-reason', name: 'reason', autocomplete: 'off', maxlength: 500});
    const date = h('input', {id: 'release-extension-date', name: 'newDueDate', autocomplete: 'off'});
    const status = h('div', {class: 'form-status', 'aria-live': 'polite'});
    form = h('form', {novalidate: true, class: 'release-extend'},
      h('p', {class: 'hint'}, `One extension of up to 30 days (until ${day(addDays(r.dueDate, 30))} at the latest), `
        + 'given before the due date, with the reason and the new date told to the requester in writing. The notice '
        + 'is printed as a letter and kept with the request.'),
      field('Reason given to the requester', reason), field('New due date', date, `Empty: 30 days after ${day(r.dueDate)}. ${dateHint()}`),
      h('button', {type: 'submit', class: 'secondary', id: 'release-extend'}, 'Extend and produce the notice'), status);
    form.addEventListener('submit', async e => {
      e.preventDefault();
      let json;
      try {
        json = {reason: reason.value, newDueDate: parseDay('New due date', date.value) || null};
      } catch (error) {
        replace(status, notice('error', error.message));
        return;
      }
      const answer = await post('extension', json, status, 'Extended; the notice is with the letters.');
      if (answer) changed(answer);
    });
  } else if (open && r.extension) {
    form = h('p', {class: 'hint'}, 'The one extension the rule allows has been given.');
  }
  return h('section', {class: 'panel', 'aria-labelledby': 'release-clock-title'},
    h('h2', {id: 'release-clock-title'}, 'Due date'), facts, form);
}

function feePanel(r, post, changed) {
  const f = r.fee;
  const rows = f ? h('table', {class: 'fee-lines'},
    h('caption', {class: 'visually-hidden'}, 'Charges'),
    h('tbody', {}, f.lines.map(l => h('tr', {}, h('td', {}, l.description), h('td', {class: 'num'}, money(l.amount)))),
      h('tr', {}, h('th', {scope: 'row'}, 'Total'), h('td', {class: 'num', id: 'fee-total'}, money(f.total))),
      f.payments.map(p => h('tr', {}, h('td', {}, `Paid ${day(p.receivedOn)} by ${p.method}${p.reference ? ' (' + p.reference + ')' : ''}`),
        h('td', {class: 'num'}, money(p.amount)))),
      h('tr', {}, h('th', {scope: 'row'}, 'Still owed'), h('td', {class: 'num', id: 'fee-balance'}, money(f.balance)))))
    : h('p', {class: 'muted', id: 'fee-none'}, 'No fee quoted.');
  const status = h('div', {class: 'form-status', 'aria-live': 'polite'});
  const act = (action, json, done) => async e => {
    if (e) e.preventDefault();
    const answer = await post(action, json(), status, done);
    if (answer) changed(answer);
  };

  // quote: the flat fee for an electronic copy, the cost-based charges, or a third party's schedule
  const amounts = CHARGES.map(([kind, label]) => [kind, label,
    h('input', {id: `fee-${kind}`, name: kind, inputmode: 'decimal', autocomplete: 'off', placeholder: '0.00'})]);
  const costBased = h('form', {novalidate: true, class: 'fee-cost-based'},
    h('div', {class: 'grid-fields'}, amounts.map(([, label, input]) => field(label, input))),
    h('button', {type: 'submit', class: 'secondary', id: 'fee-quote-cost'}, 'Quote the cost-based fee'));
  costBased.addEventListener('submit', act('fee', () => ({method: 'cost-based', lines: amounts
    .filter(([, , input]) => input.value.trim()).map(([kind, label, input]) => ({kind, description: label, amount: input.value.trim()}))}),
    'The cost-based fee is quoted.'));
  const flat = h('button', {type: 'button', class: 'secondary', id: 'fee-quote-flat',
    on: {click: act('fee', () => ({method: 'flat-electronic'}), 'The flat fee for an electronic copy is quoted.')}}, 'Flat fee for an electronic copy');
  const scheduled = h('button', {type: 'button', class: 'secondary', id: 'fee-quote-schedule',
    on: {click: act('fee', () => ({method: 'schedule'}), 'The fee is quoted from the schedule.')}}, 'Third-party schedule');
  const costDetails = h('details', {}, h('summary', {}, 'Cost-based fee'), costBased);
  const quote = h('div', {class: 'fee-quote'}, h('div', {class: 'actions'}, flat, scheduled), costDetails);
  // only what the request type's fee rule allows is offered (the server refuses the rest anyway)
  feeRuleOf(r.requestType).then(rule => {
    if (rule === 'patient-access') scheduled.remove();
    else if (rule === 'third-party') { flat.remove(); costDetails.remove(); }
    else if (rule) replace(quote, h('p', {class: 'muted'}, 'This request type is charged no fee.'));
  });

  const amount = h('input', {id: 'payment-amount', name: 'amount', inputmode: 'decimal', autocomplete: 'off'});
  const method = h('input', {id: 'payment-method', name: 'method', autocomplete: 'off', list: 'payment-methods'});
  const reference = h('input', {id: 'payment-reference', name: 'reference', autocomplete: 'off'});
  const payment = h('form', {novalidate: true, class: 'fee-payment'},
    h('div', {class: 'grid-fields'}, field('Amount', amount), field('Paid by', method, 'Check, card, cash…'), field('Reference', reference, 'Check number or receipt.')),
    h('datalist', {id: 'payment-methods'}, ['check', 'card', 'cash', 'money order'].map(v => h('option', {value: v}))),
    h('button', {type: 'submit', class: 'secondary', id: 'payment-record'}, 'Record the payment'));
  payment.addEventListener('submit', act('payments', () => ({amount: amount.value.trim() || null, method: method.value,
    reference: reference.value || null}), 'The payment is recorded.'));

  const why = h('input', {id: 'fee-waiver-reason', name: 'reason', autocomplete: 'off', maxlength: 500});
  const waiver = h('form', {novalidate: true, class: 'inline-form'}, field('Reason for the waiver', why),
    h('button', {type: 'submit', class: 'secondary', id: 'fee-waive'}, 'Waive the fee'));
  waiver.addEventListener('submit', act('fee/waiver', () => ({reason: why.value}), 'The fee is waived.'));

  return h('section', {class: 'panel', 'aria-labelledby': 'release-fee-title'},
    h('h2', {id: 'release-fee-title'}, 'Fee'),
    h('p', {class: 'hint'}, 'A patient asking for their own records pays at most a cost-based fee (labor for copying, '
      + 'supplies, postage) or the flat fee for an electronic copy, never a search or retrieval fee. A third party pays '
      + 'by the schedule in the release settings.'),
    rows,
    f && f.waiver ? h('p', {id: 'fee-waived'}, `Waived by ${f.waiver.by}: ${f.waiver.reason}`) : null,
    r.status === 'denied' ? null : quote,
    f && !f.waiver && Number(f.balance) > 0 ? [payment, waiver] : null,
    status);
}

function lettersPanel(r, path, post, reload) {
  const kind = h('select', {id: 'letter-kind', name: 'kind'}, LETTERS.map(([value, label]) => h('option', {value}, label)));
  const reviewable = h('select', {id: 'letter-reviewable', name: 'reviewable'},
    h('option', {value: ''}, 'Choose'),
    h('option', {value: 'true'}, 'Yes: by a licensed health care professional (164.524(a)(3))'),
    h('option', {value: 'false'}, 'No: an unreviewable ground (164.524(a)(2))'));
  const grounds = h('input', {id: 'letter-grounds', name: 'grounds', autocomplete: 'off', maxlength: 500});
  // a plain wrapper: the grid's own display would override the hidden attribute
  const denialFields = h('div', {hidden: true}, h('div', {class: 'grid-fields'},
    field('Can the denial be reviewed?', reviewable),
    field('Grounds', grounds, r.denialReason ? `Empty: "${r.denialReason}".` : 'For a partial denial: what is withheld and why.')));
  kind.addEventListener('change', () => { denialFields.hidden = kind.value !== 'denial'; });
  const status = h('div', {class: 'form-status', 'aria-live': 'polite'});
  const form = h('form', {novalidate: true, class: 'letter-produce'},
    h('div', {class: 'inline-form'}, field('Letter', kind),
      h('button', {type: 'submit', class: 'secondary', id: 'letter-produce'}, 'Produce the letter')),
    denialFields, status);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const json = {kind: kind.value};
    if (kind.value === 'denial') {
      if (reviewable.value) json.reviewable = reviewable.value === 'true';
      if (grounds.value.trim()) json.grounds = grounds.value.trim();
    }
    const made = await post('letters', json, status, 'The letter is produced and kept with the request.');
    if (made) await reload();
  });
  const letters = r.letters || [];
  return h('section', {class: 'panel', 'aria-labelledby': 'release-letters-title'},
    h('h2', {id: 'release-letters-title'}, 'Letters'),
    letters.length ? h('ul', {class: 'letters', id: 'release-letters'}, letters.map(l => h('li', {},
      h('a', {href: `${path}/letters/${encodeURIComponent(l.letterId)}`, download: '', dataset: {kind: l.kind}}, l.title),
      h('span', {class: 'muted'}, ` · ${dateTime(l.producedAt)} by ${l.producedBy}`))))
      : h('p', {class: 'muted', id: 'release-letters'}, 'No letters yet.'),
    form);
}

let settings = null;   // the release settings, read once per page load: the request types' fee rules

async function feeRuleOf(type) {
  try {
    settings = settings || api('/api/release-settings');
    const t = ((await settings).requestTypes || []).find(x => x.type === (type || 'not-stated'));
    return t ? t.feeRule : null;
  } catch (error) {
    settings = null;
    return null;
  }
}

function addDays(iso, n) {
  if (!iso) return null;
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
