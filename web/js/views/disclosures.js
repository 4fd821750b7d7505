// A patient's disclosures (ROI clerks, 45 CFR 164.528): the accounting the patient receives (only what the rule
// requires, six years back), giving it (kept with its PDF), the internal log of every disclosure with why one is left
// out, a disclosure made outside ChartVault entered by hand, and an agency's suspension of the accounting.
import {api} from '../api.js';
import {h, replace, field, notice, empty} from '../dom.js';
import {clientPage, day, dateTime, pager, parseDay, dateHint, patientLink} from '../widgets.js';

const PAGE_SIZE = 20;

export async function disclosuresScreen(ctx) {
  const {root, params} = ctx;
  const mrn = params.mrn;
  const base = `/api/patients/${encodeURIComponent(mrn)}`;
  const accounting = h('section', {class: 'panel', id: 'accounting', 'aria-labelledby': 'accounting-title'});
  const given = h('section', {class: 'panel', id: 'accountings-given', 'aria-labelledby': 'given-title'});
  const log = h('section', {id: 'disclosure-log', 'aria-labelledby': 'disclosures-title'}, h('p', {class: 'muted'}, 'Loading…'));
  const entry = h('section', {class: 'panel', id: 'manual-disclosure', 'aria-labelledby': 'manual-title'});
  const suspensions = h('section', {class: 'panel', id: 'accounting-suspensions', 'aria-labelledby': 'suspensions-title'});
  replace(root,
    h('p', {}, h('a', {href: '#/releases'}, '← Releases'), ' · ', patientLink(mrn, `Patient MRN ${mrn}`)),
    h('h1', {tabindex: '-1'}, `Accounting of disclosures: MRN ${mrn}`),
    accounting, given, log, entry, suspensions);
  ctx.title(`Disclosures of ${mrn}`);
  ctx.focusHeading();

  let requestTypes = [];
  try {
    requestTypes = (await api('/api/release-settings')).requestTypes || [];
  } catch (error) {
    if (error.status === 401) return;
  }
  if (!ctx.alive()) return;
  const reload = async () => {
    await Promise.all([showAccounting(), showGiven(), showLog(), showSuspensions()]);
  };

  // ---- the accounting the patient receives ----
  const requestDate = h('input', {id: 'accounting-request-date', name: 'requestDate', autocomplete: 'off', placeholder: dateHint()});
  const requestedBy = h('input', {id: 'accounting-requested-by', name: 'requestedBy', autocomplete: 'off'});
  const accountingBody = h('div', {});
  const accountingStatus = h('div', {});
  const asked = () => parseDay('Date of the request', requestDate.value);
  const showAccounting = async () => {
    let statement;
    try {
      const date = asked();
      statement = await api(`${base}/accounting`, {query: date ? {requestDate: date} : {}});
    } catch (error) {
      if (error.status !== 401) replace(accountingBody, notice('error', error.message));
      return;
    }
    if (!ctx.alive()) return;
    const pdf = `${base}/disclosures.pdf${requestDate.value.trim() ? `?requestDate=${statement.requestDate}` : ''}`;
    replace(accountingBody,
      h('p', {id: 'accounting-summary'}, `${statement.disclosures.length} disclosure${statement.disclosures.length === 1 ? '' : 's'} `
        + `from ${day(statement.from)} to ${day(statement.to)}. Left out as the rule allows: ${statement.leftOutExempt} exempt `
        + `(to the patient, treatment, payment or operations, under an authorization), ${statement.leftOutSuspended} suspended at an agency's request.`),
      statement.disclosures.length === 0 ? empty('Nothing to account for in this period.', null)
        : h('div', {class: 'table-wrap'}, h('table', {class: 'accounting-table'},
          h('caption', {class: 'visually-hidden'}, 'Disclosures the patient\'s accounting lists, oldest first'),
          h('thead', {}, h('tr', {}, ['Date', 'Recipient', 'What was disclosed', 'Purpose'].map(t => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, statement.disclosures.map(d => h('tr', {dataset: {disclosureId: d.releaseId}},
            h('td', {}, day(d.date)),
            h('td', {class: 'wrap'}, d.requester, d.recipient && d.recipient.address ? h('span', {class: 'muted block'}, d.recipient.address) : null),
            h('td', {class: 'wrap'}, d.description),
            h('td', {class: 'wrap'}, d.purpose)))))),
      h('p', {class: 'actions'}, h('a', {class: 'button secondary', id: 'disclosures-pdf', href: pdf, download: ''}, 'Preview the PDF')));
  };
  const giveForm = h('form', {class: 'inline-form', id: 'give-accounting'},
    field('Asked for by', requestedBy, 'The patient, or their personal representative.'),
    h('button', {type: 'submit'}, 'Give the accounting to the patient'));
  giveForm.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const date = asked();
      const kept = await api(`${base}/accountings`, {method: 'POST', json: {requestedBy: requestedBy.value, ...(date ? {requestDate: date} : {})}});
      replace(accountingStatus, notice('ok', 'Accounting kept (', h('a', {href: `${base}/accountings/${kept.accountingId}/pdf`, download: '',
        id: 'given-pdf'}, 'its PDF'), `), listing ${kept.listed.length} disclosure${kept.listed.length === 1 ? '' : 's'}.`));
      await showGiven();
    } catch (error) {
      if (error.status !== 401) replace(accountingStatus, notice('error', error.message));
    }
  });
  const showForm = h('form', {class: 'inline-form'},
    field('Date of the request', requestDate, `Today when empty; the accounting covers the six years before it (${dateHint()}).`),
    h('button', {type: 'submit', class: 'secondary'}, 'Show the accounting'));
  showForm.addEventListener('submit', event => { event.preventDefault(); showAccounting(); });
  replace(accounting, h('h2', {id: 'accounting-title'}, 'The accounting the patient receives'), showForm, accountingBody, giveForm, accountingStatus);

  // ---- accountings given ----
  const showGiven = async () => {
    let list;
    try {
      list = await api(`${base}/accountings`);
    } catch (error) {
      if (error.status !== 401) replace(given, notice('error', error.message));
      return;
    }
    if (!ctx.alive()) return;
    replace(given, h('h2', {id: 'given-title'}, 'Accountings given'),
      list.length === 0 ? h('p', {class: 'muted'}, 'None given yet.')
        : h('ul', {}, list.map(g => h('li', {dataset: {accountingId: g.accountingId}},
          h('a', {href: `${base}/accountings/${g.accountingId}/pdf`, download: ''}, `Requested ${day(g.requestDate)} by ${g.requestedBy}`),
          ` — produced by ${g.producedBy}, ${dateTime(g.producedAt)}, ${g.listed.length} listed`))));
  };

  // ---- the internal log ----
  const showLog = async () => {
    let entries;
    try {
      entries = await api(`${base}/disclosures`);
    } catch (error) {
      if (error.status !== 401) replace(log, notice('error', error.message));
      return;
    }
    if (!ctx.alive()) return;
    entries = [...entries].reverse(); // newest first
    let offset = 0;
    const show = () => {
      const shown = clientPage(entries, offset, PAGE_SIZE);
      replace(log,
        h('h2', {id: 'disclosures-title'}, `Disclosure log: ${entries.length} disclosure${entries.length === 1 ? '' : 's'}`),
        entries.length === 0
          ? empty('Nothing has been disclosed for this patient.', 'A request counts here once its packet was produced (released); a disclosure made elsewhere is entered below.')
          : h('div', {class: 'table-wrap'}, h('table', {class: 'disclosures-table'},
            h('caption', {class: 'visually-hidden'}, 'Every disclosure, newest first'),
            h('thead', {}, h('tr', {}, ['Date', 'Released to', 'Purpose', 'What was disclosed', 'In the accounting', 'By', 'Reference'].map(t => h('th', {scope: 'col'}, t)))),
            h('tbody', {}, shown.map(d => h('tr', {dataset: {releaseId: d.releaseId}},
              h('td', {}, day(d.date)),
              h('td', {class: 'wrap'}, d.requester, d.recipient && d.recipient.address ? h('span', {class: 'muted block'}, d.recipient.address) : null),
              h('td', {class: 'wrap'}, d.purpose),
              h('td', {class: 'wrap'}, d.description, ` (${d.pages} p.)`),
              h('td', {class: 'wrap accounted'}, d.accounted ? 'Yes' : `No: ${d.exemption}`),
              h('td', {}, d.releasedBy || '—'),
              h('td', {}, d.source === 'release' ? h('a', {href: `#/releases/${encodeURIComponent(d.releaseId)}`}, d.releaseId)
                : `${d.source === 'manual' ? 'entered by hand' : 'production'} ${d.releaseId}`,
                d.mergedFrom ? h('span', {class: 'muted block'}, `moved from MRN ${d.mergedFrom}`) : null)))))),
        pager({offset, limit: PAGE_SIZE, count: shown.length, total: entries.length, label: 'disclosures',
          onPage: next => { offset = next; show(); }}));
    };
    show();
  };

  // ---- a disclosure made outside ChartVault ----
  const input = (name) => h('input', {id: `manual-${name}`, name, autocomplete: 'off'});
  const m = {date: input('date'), name: input('name'), organization: input('organization'), address: input('address'),
    purpose: input('purpose'), description: h('textarea', {id: 'manual-description', name: 'description', rows: 2})};
  const type = h('select', {id: 'manual-type', name: 'requestType'}, h('option', {value: ''}, 'Choose…'),
    requestTypes.map(t => h('option', {value: t.type}, `${t.name}${t.accounted ? '' : ' (not in the accounting)'}`)));
  const entryStatus = h('div', {});
  const entryForm = h('form', {id: 'manual-disclosure-form'},
    field('Date disclosed', m.date, dateHint()),
    field('Recipient (person)', m.name), field('Recipient (organization)', m.organization, 'A person, an organization, or both.'),
    field('Recipient\'s address', m.address, 'If known.'),
    field('Request type', type, 'Decides whether the accounting lists it.'),
    field('Purpose', m.purpose, 'Why it was disclosed, or the basis of the written request.'),
    field('What was disclosed', m.description, 'Briefly, as the accounting shows it.'),
    h('button', {type: 'submit'}, 'Enter the disclosure'), entryStatus);
  entryForm.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const body = {date: parseDay('Date disclosed', m.date.value) || null, purpose: m.purpose.value, description: m.description.value,
        requestType: type.value || null, recipient: {name: m.name.value || null, organization: m.organization.value || null, address: m.address.value || null}};
      let made;
      try {
        made = await api(`${base}/disclosures`, {method: 'POST', json: body});
      } catch (error) {
        // a patient the registry does not know: the clerk confirms the MRN they are looking at
        if (error.status !== 422 || !window.confirm(`${error.message}\n\nEnter the disclosure under MRN ${mrn} anyway?`)) throw error;
        made = await api(`${base}/disclosures`, {method: 'POST', json: {...body, confirmUnknownMrn: {reason: 'Confirmed on the disclosures screen'}}});
      }
      replace(entryStatus, notice('ok', `Disclosure ${made.releaseId} entered${made.accounted ? '; the accounting lists it' : '; its request type keeps it out of the accounting'}.`));
      entryForm.reset();
      await reload();
    } catch (error) {
      if (error.status !== 401) replace(entryStatus, notice('error', error.message));
    }
  });
  replace(entry, h('h2', {id: 'manual-title'}, 'Enter a disclosure made outside ChartVault'),
    h('p', {class: 'muted'}, 'For example a report to the health department or records handed to an investigator.'), entryForm);

  // ---- suspensions (164.528(a)(2)) ----
  const s = {recipient: h('input', {id: 'suspension-recipient', name: 'recipient', autocomplete: 'off'}),
    statedBy: h('input', {id: 'suspension-stated-by', name: 'statedBy', autocomplete: 'off'}),
    statedOn: h('input', {id: 'suspension-stated-on', name: 'statedOn', autocomplete: 'off'}),
    until: h('input', {id: 'suspension-until', name: 'until', autocomplete: 'off'}),
    reason: h('input', {id: 'suspension-reason', name: 'reason', autocomplete: 'off'})};
  const agency = h('select', {id: 'suspension-agency', name: 'agency'},
    h('option', {value: 'health-oversight'}, 'Health oversight agency'), h('option', {value: 'law-enforcement'}, 'Law enforcement official'));
  const statement = h('select', {id: 'suspension-statement', name: 'statement'},
    h('option', {value: 'written'}, 'Written statement'), h('option', {value: 'oral'}, 'Oral statement (30 days at most)'));
  const suspensionList = h('div', {});
  const suspensionStatus = h('div', {});
  const suspensionForm = h('form', {id: 'suspension-form'},
    field('Agency or official', s.recipient, 'As the disclosures name it.'), field('Kind', agency), field('Statement', statement),
    field('Stated by', s.statedBy, 'Name and title.'), field('Date of the statement', s.statedOn, dateHint()),
    field('Suspended until', s.until, 'As the written statement says; an oral one ends after 30 days when empty.'),
    field('Reason', s.reason), h('button', {type: 'submit', class: 'secondary'}, 'Record the suspension'), suspensionStatus);
  suspensionForm.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await api(`${base}/accounting-suspensions`, {method: 'POST', json: {recipient: s.recipient.value, agency: agency.value,
        statement: statement.value, statedBy: s.statedBy.value, statedOn: parseDay('Date of the statement', s.statedOn.value) || null,
        until: parseDay('Suspended until', s.until.value) || null, reason: s.reason.value || null}});
      replace(suspensionStatus, notice('ok', 'Suspension recorded.'));
      suspensionForm.reset();
      await reload();
    } catch (error) {
      if (error.status !== 401) replace(suspensionStatus, notice('error', error.message));
    }
  });
  const showSuspensions = async () => {
    let list;
    try {
      list = await api(`${base}/accounting-suspensions`);
    } catch (error) {
      if (error.status !== 401) replace(suspensionList, notice('error', error.message));
      return;
    }
    if (!ctx.alive()) return;
    replace(suspensionList, list.length === 0 ? h('p', {class: 'muted'}, 'No suspensions.')
      : h('ul', {}, list.map(x => h('li', {dataset: {suspensionId: x.suspensionId}},
        `${x.recipient} (${x.agency === 'law-enforcement' ? 'law enforcement' : 'health oversight'}, ${x.statement}, by ${x.statedBy}): `
        + `${day(x.statedOn)} to ${day(x.until)}`))));
  };
  replace(suspensions, h('h2', {id: 'suspensions-title'}, 'Suspensions of the accounting'),
    h('p', {class: 'muted'}, 'A health oversight agency or law enforcement official may ask that disclosures to it be left out of the accounting for a time (45 CFR 164.528(a)(2)).'),
    suspensionList, suspensionForm);

  await reload();
}
