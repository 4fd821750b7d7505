// Retention (legal staff; administrators edit the schedule): the schedule of how long each kind of record is kept,
// a check that makes a destruction list of what is past its period, a person's approval of that list, a purge that
// carries it out (witness named, count confirmed), and the runs with their certificates of destruction.
import {api} from '../api.js';
import {h, replace, field, notice, empty, uniqueId} from '../dom.js';
import {clientPage, dateFormat, dateTime, day, documentTypeList, pager, parseDay, plural} from '../widgets.js';

const PAGE_SIZE = 20;
const ITEMS_PAGE = 15;


/** A rule in the words of a retention schedule (as the server's certificate says it). */
function describeRule(rule) {
  if (rule.permanent) return 'kept permanently';
  const years = rule.yearsAfterService;
  let text = `${plural(years, 'year')} after ${rule.basis === 'last-encounter' ? "the patient's most recent encounter or discharge" : 'the date of service'}`;
  if (rule.yearsAfterMajority !== null && rule.yearsAfterMajority !== undefined) {
    const age = rule.ageOfMajority || 18;
    text += `; for a patient under ${age} at the date of service, until age ${age} plus ${plural(rule.yearsAfterMajority, 'year')} if that is later`;
  }
  return text;
}

export async function retentionScreen(ctx) {
  const {root, session} = ctx;
  const isAdmin = session.allows(['admin']);
  const rulesBox = h('section', {class: 'panel', 'aria-labelledby': 'rules-title'});
  const purgeBox = h('section', {class: 'panel', 'aria-labelledby': 'purge-title'});
  const runsBox = h('section', {'aria-labelledby': 'runs-title'});
  const runBox = h('section', {class: 'run-detail', 'aria-live': 'polite'});
  replace(root, h('h1', {tabindex: '-1'}, 'Retention'),
    h('p', {class: 'lead'}, 'Records are kept for the periods of the schedule, then destroyed with a certificate of destruction. Documents under legal hold are never destroyed.'),
    purgeBox, runBox, runsBox, rulesBox);
  ctx.focusHeading();

  // ---------------------------------------------------------------------------------------------- schedule
  const drawRules = async () => {
    let rules;
    try {
      rules = await api('/api/retention/rules');
    } catch (error) {
      if (error.status !== 401) replace(rulesBox, h('h2', {id: 'rules-title'}, 'Schedule'), notice('error', error.message));
      return;
    }
    if (!ctx.alive()) return;
    const stamp = rules.updatedBy ? `Last changed ${dateTime(rules.updatedAt)} by ${rules.updatedBy}.` : 'The built-in schedule: no administrator has stored one yet.';
    const auto = rules.automaticPurge || {enabled: false, everyHours: 24};
    if (!isAdmin) {
      replace(rulesBox, h('h2', {id: 'rules-title'}, 'Schedule'), h('p', {class: 'muted'}, stamp),
        h('div', {class: 'table-wrap'}, h('table', {class: 'rules-table'},
          h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Document type'), h('th', {scope: 'col'}, 'Kept'))),
          h('tbody', {},
            (rules.documentTypes || []).map(r => h('tr', {}, h('td', {}, r.documentType), h('td', {}, describeRule(r)))),
            h('tr', {}, h('td', {}, h('em', {}, 'Every other type')), h('td', {}, describeRule(rules.defaultRule)))))),
        h('p', {}, auto.enabled ? `Automatic purges run every ${plural(auto.everyHours, 'hour')}.` : 'Automatic purges are off: documents are destroyed only by a purge started here.'),
        h('p', {class: 'hint'}, 'Only an administrator can change the schedule.'));
      return;
    }
    const rows = [];
    const body = h('tbody');
    const ruleRow = (rule, isDefault) => {
      const id = uniqueId('rule');
      const inputs = {
        documentType: isDefault ? null : h('input', {id: `${id}-type`, value: rule.documentType || '', list: 'retention-types', autocomplete: 'off', 'aria-label': 'Document type'}),
        yearsAfterService: h('input', {id: `${id}-years`, type: 'number', min: 0, max: 150, value: rule.yearsAfterService ?? '', 'aria-label': 'Years after the date of service'}),
        yearsAfterMajority: h('input', {id: `${id}-minor`, type: 'number', min: 0, max: 150, value: rule.yearsAfterMajority ?? '', 'aria-label': 'Years after the age of majority (minors)'}),
        ageOfMajority: h('input', {id: `${id}-age`, type: 'number', min: 1, max: 30, value: rule.ageOfMajority ?? '', placeholder: '18', 'aria-label': 'Age of majority'}),
        basis: h('select', {id: `${id}-basis`, 'aria-label': 'Counted from'},
          h('option', {value: 'service-date', selected: rule.basis !== 'last-encounter'}, 'Date of service'),
          h('option', {value: 'last-encounter', selected: rule.basis === 'last-encounter'}, 'Last encounter or discharge')),
        permanent: h('input', {id: `${id}-permanent`, type: 'checkbox', checked: !!rule.permanent, 'aria-label': 'Kept permanently'}),
      };
      const entry = {inputs, isDefault};
      const tr = h('tr', {},
        h('td', {}, isDefault ? h('em', {}, 'Every other type') : inputs.documentType),
        h('td', {}, inputs.yearsAfterService), h('td', {}, inputs.basis), h('td', {}, inputs.yearsAfterMajority), h('td', {}, inputs.ageOfMajority),
        h('td', {}, inputs.permanent),
        h('td', {}, isDefault ? '' : h('button', {type: 'button', class: 'link', on: {click: () => {
          rows.splice(rows.indexOf(entry), 1);
          tr.remove();
        }}}, 'Remove')));
      entry.row = tr;
      rows.push(entry);
      return tr;
    };
    body.append(...(rules.documentTypes || []).map(r => ruleRow(r, false)), ruleRow(rules.defaultRule, true));
    const autoOn = h('input', {type: 'checkbox', id: 'auto-purge', checked: auto.enabled});
    const autoHours = h('input', {type: 'number', id: 'auto-hours', min: 1, value: auto.everyHours});
    const status = h('div', {class: 'form-status'});
    const form = h('form', {novalidate: true},
      h('div', {class: 'table-wrap'}, h('table', {class: 'rules-table'},
        h('caption', {}, 'Years kept after the date of service or the patient\'s last encounter; for minors, optionally until the age of majority plus some years; or kept permanently'),
        h('thead', {}, h('tr', {}, ['Document type', 'Years kept', 'Counted from', 'Minors: years after majority', 'Age of majority', 'Permanent', ''].map(t => h('th', {scope: 'col'}, t)))),
        body)),
      documentTypeList('retention-types'),
      h('div', {class: 'actions'}, h('button', {type: 'button', class: 'secondary', on: {click: () => {
        const tr = ruleRow({documentType: '', yearsAfterService: 10}, false);
        body.insertBefore(tr, body.lastElementChild);
        tr.querySelector('input').focus();
      }}}, 'Add a rule for a type')),
      h('fieldset', {}, h('legend', {}, 'Automatic purge'),
        h('div', {class: 'check'}, autoOn, h('label', {for: 'auto-purge'}, 'Make destruction lists on their own (each still waits for a person\'s approval; nothing is destroyed automatically)')),
        field('Every (hours)', autoHours)),
      status,
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary', id: 'save-rules'}, 'Save the schedule')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const number = (input, required) => {
        if (input.value === '') return required ? NaN : null;
        return Number(input.value);
      };
      const read = entry => entry.inputs.permanent.checked
        ? {documentType: entry.isDefault ? null : entry.inputs.documentType.value.trim(), permanent: true}
        : {
          documentType: entry.isDefault ? null : entry.inputs.documentType.value.trim(),
          yearsAfterService: number(entry.inputs.yearsAfterService, true),
          yearsAfterMajority: number(entry.inputs.yearsAfterMajority, false),
          ageOfMajority: number(entry.inputs.ageOfMajority, false),
          basis: entry.inputs.basis.value,
        };
      const all = rows.map(read);
      if (all.some(r => Number.isNaN(r.yearsAfterService))) {
        replace(status, notice('error', 'Every rule needs the years kept after the date of service.'));
        return;
      }
      if (all.some(r => r.documentType === '')) {
        replace(status, notice('error', 'Name the document type of every rule, or remove the rule.'));
        return;
      }
      const schedule = {defaultRule: all.find((r, i) => rows[i].isDefault), documentTypes: all.filter((r, i) => !rows[i].isDefault),
        automaticPurge: {enabled: autoOn.checked, everyHours: Number(autoHours.value) || 24}};
      try {
        await api('/api/retention/rules', {method: 'PUT', json: schedule});
        await drawRules();
        rulesBox.append(notice('ok', 'The schedule is saved. It applies to the next purge.'));
      } catch (error) {
        if (error.status !== 401) replace(status, notice('error', error.message));
      }
    });
    replace(rulesBox, h('h2', {id: 'rules-title'}, 'Schedule'), h('p', {class: 'muted'}, stamp), form);
  };

  // ------------------------------------------------------------------------------------------------ purges
  const itemsTable = (items, {reasons = false, destroyed = false} = {}) => {
    let offset = 0;
    const box = h('div', {class: 'items'});
    const show = () => {
      const shown = clientPage(items, offset, ITEMS_PAGE);
      replace(box, h('div', {class: 'table-wrap'}, h('table', {class: 'retention-items'},
        h('thead', {}, h('tr', {}, ['Document', 'Patient', 'Type', 'Service date', 'Kept until', reasons ? 'Why it is kept' : destroyed ? 'Destroyed' : 'Rule'].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, shown.map(i => h('tr', {dataset: {documentId: i.documentId}},
          h('td', {class: 'file-name'}, i.fileName || i.documentId, h('span', {class: 'muted block mono'}, i.documentId)),
          h('td', {}, i.patientName || '—', i.mrn ? h('span', {class: 'muted block'}, `MRN ${i.mrn}`) : null),
          h('td', {}, i.documentType || '—'),
          h('td', {}, day(i.serviceDate)),
          h('td', {}, day(i.retainUntil)),
          h('td', {class: 'wrap'}, reasons ? i.reason : destroyed ? dateTime(i.destroyedAt) : i.rule)))))),
      pager({offset, limit: ITEMS_PAGE, count: shown.length, total: items.length, label: 'documents', onPage: next => { offset = next; show(); }}));
    };
    show();
    return box;
  };

  const runResult = run => {
    const kept = run.skipped || [];
    return [
      run.dryRun
        ? h('p', {class: 'run-summary', dataset: {eligible: run.eligible.length}},
          h('strong', {}, `${plural(run.eligible.length, 'document')} ${run.eligible.length === 1 ? 'is' : 'are'} past ${run.eligible.length === 1 ? 'its' : 'their'} retention period`),
          ` as of ${day(run.asOf)} and would be destroyed by a purge once this destruction list is approved; ${plural(kept.length, 'document')} past ${kept.length === 1 ? 'its' : 'their'} period (or of unknown period) ${kept.length === 1 ? 'is' : 'are'} kept. Nothing was destroyed.`,
          h('span', {class: 'block approval'}, run.approvedBy ? `Approved by ${run.approvedBy} at ${dateTime(run.approvedAt)}.` : 'Awaiting approval.'))
        : h('p', {class: 'run-summary', dataset: {destroyed: run.destroyed.length}},
          h('strong', {}, `${plural(run.destroyed.length, 'document')} destroyed`), ` as of ${day(run.asOf)}; ${plural(kept.length, 'document')} kept.`),
      run.dryRun ? (run.eligible.length ? [h('h3', {}, 'Would be destroyed'), itemsTable(run.eligible)] : null)
        : (run.destroyed.length ? [h('h3', {}, 'Destroyed'), itemsTable(run.destroyed, {destroyed: true})] : null),
      kept.length ? [h('h3', {}, 'Kept, and why'), itemsTable(kept, {reasons: true})] : null,
      !run.dryRun && run.status === 'done' ? certificateLinks(run) : null,
    ];
  };

  const certificateLinks = run => h('div', {class: 'downloads'},
    h('a', {class: 'button secondary certificate-pdf', href: `/api/retention/runs/${encodeURIComponent(run.runId)}/certificate`, download: ''}, 'Certificate of destruction (PDF)'),
    h('a', {class: 'button secondary certificate-json', href: `/api/retention/runs/${encodeURIComponent(run.runId)}/certificate.json`, download: ''}, 'Certificate (JSON)'));

  const drawPurge = () => {
    const asOf = h('input', {id: 'retention-as-of', inputmode: 'numeric', placeholder: dateFormat(), autocomplete: 'off'});
    const note = h('input', {id: 'retention-note', autocomplete: 'off'});
    const status = h('div', {class: 'form-status'});
    const result = h('div', {class: 'dry-run-result', id: 'dry-run-result'});
    const form = h('form', {novalidate: true},
      h('div', {class: 'inline-form'}, field('As of (optional)', asOf, 'Empty: today. A later date shows what will become due.'),
        field('Note (optional)', note, 'Kept with the run, e.g. the approval reference.'),
        h('button', {type: 'submit', class: 'primary', id: 'dry-run'}, 'See what would be destroyed')),
      status);
    form.addEventListener('submit', async e => {
      e.preventDefault();
      let day0;
      try {
        day0 = parseDay('As of', asOf.value);
      } catch (error) {
        replace(status, notice('error', error.message));
        return;
      }
      replace(status, h('p', {class: 'muted'}, 'Checking every document against the schedule…'));
      let run;
      try {
        run = await api('/api/retention/runs', {method: 'POST', json: {dryRun: true, asOf: day0 || null, note: note.value.trim() || null}});
      } catch (error) {
        if (error.status !== 401) replace(status, notice('error', error.message));
        return;
      }
      if (!ctx.alive()) return;
      replace(status);
      const today = !day0 || day0 === localToday();
      replace(result, runResult(run),
        run.eligible.length ? purgeStep(run, note.value.trim()) : null,
        run.eligible.length && !today ? h('p', {class: 'hint'}, 'A purge destroys only what on the list is still due on the day it runs.') : null);
      drawRuns();
    });
    replace(purgeBox, h('h2', {id: 'purge-title'}, 'Check and purge'),
      h('p', {class: 'hint'}, 'First make the destruction list of what is past its retention period; nothing is destroyed until a person approves the list and the purge is confirmed with its witness.'),
      form, result);
  };

  /**
   * After the check: the list is approved by a person (signed off), then carried out, naming the witness and asking
   * for the number of documents to be typed.
   */
  const purgeStep = (list, noteText) => {
    const box = h('div', {class: 'purge-step'});
    if (!list.approvedBy) {
      const status = h('div', {class: 'form-status'});
      const approve = h('button', {type: 'button', class: 'primary', id: 'approve-list'}, 'Approve this destruction list');
      approve.addEventListener('click', async () => {
        approve.disabled = true;
        try {
          const approved = await api(`/api/retention/runs/${encodeURIComponent(list.runId)}/approval`, {method: 'POST', json: {}});
          if (!ctx.alive()) return;
          replace(box, purgeStep(approved, noteText));
          drawRuns();
        } catch (error) {
          approve.disabled = false;
          if (error.status !== 401) replace(status, notice('error', error.message));
        }
      });
      replace(box, h('div', {class: 'approve-list', 'aria-labelledby': 'approve-title'},
        h('h3', {id: 'approve-title'}, 'Approve the destruction list'),
        h('p', {}, `Approving signs off the ${plural(list.eligible.length, 'document')} above for destruction in your name. `,
          'Nothing is destroyed until a purge carries out the approved list.'),
        status, h('div', {class: 'actions'}, approve)));
      return box;
    }
    const n = list.eligible.length;
    const typed = h('input', {id: 'purge-count', inputmode: 'numeric', autocomplete: 'off'});
    const witness = h('input', {id: 'purge-witness', autocomplete: 'off'});
    const method = h('input', {id: 'purge-method', autocomplete: 'off'});
    const status = h('div', {class: 'form-status'});
    const go = h('button', {type: 'submit', class: 'primary danger-fill', id: 'purge-confirm'}, `Destroy ${plural(n, 'document')}`);
    const form = h('form', {class: 'purge-confirm', novalidate: true, 'aria-labelledby': 'purge-confirm-title'},
      h('h3', {id: 'purge-confirm-title'}, n === 1 ? 'Destroy this document?' : `Destroy these ${n} documents?`),
      h('p', {class: 'muted approved-by'}, `Destruction list approved by ${list.approvedBy} at ${dateTime(list.approvedAt)}.`),
      notice('error', `This destroys ${plural(n, 'document')} for good: originals, page images, text and search entries. `,
        'It cannot be undone. A certificate of destruction lists what was destroyed, by whom, witnessed by whom and under which rule.'),
      field('Witness (name and title)', witness, 'The person who witnesses the destruction; named on the certificate.'),
      field('Method (optional)', method, 'Empty: deletion from the archive\'s storage and search index.'),
      field(`To confirm, type the number of documents to destroy (${n})`, typed),
      status,
      h('div', {class: 'actions'}, go));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      if (typed.value.trim() !== String(n)) {
        replace(status, notice('error', `Type ${n} to confirm: the number of documents the check found.`));
        typed.focus();
        return;
      }
      if (!witness.value.trim()) {
        replace(status, notice('error', 'Name the witness of the destruction.'));
        witness.focus();
        return;
      }
      go.disabled = true;
      replace(status, h('p', {class: 'muted'}, 'Destroying…'));
      let run;
      try {
        run = await api('/api/retention/runs', {method: 'POST', json: {dryRun: false, list: list.runId,
          witness: witness.value.trim(), method: method.value.trim() || null, note: noteText || null}});
      } catch (error) {
        go.disabled = false;
        if (error.status !== 401) replace(status, notice('error', error.message));
        return;
      }
      if (!ctx.alive()) return;
      const differs = run.destroyed.length !== n
        ? notice('info', `The list named ${n}, the purge destroyed ${run.destroyed.length}: documents changed in between (see what was kept, and why).`) : null;
      replace(box.closest('#dry-run-result') || runBox, notice('ok', `Purge ${run.runId} is done.`), differs, runResult(run));
      ctx.announce(`${plural(run.destroyed.length, 'document')} destroyed.`);
      drawRuns();
    });
    replace(box, form);
    return box;
  };

  // -------------------------------------------------------------------------------------------------- runs
  let runsOffset = 0;
  const drawRuns = async () => {
    let runs;
    try {
      runs = (await api('/api/retention/runs')).runs || [];
    } catch (error) {
      if (error.status !== 401) replace(runsBox, h('h2', {id: 'runs-title'}, 'Runs'), notice('error', error.message));
      return;
    }
    if (!ctx.alive()) return;
    runs.sort((a, b) => String(b.startedAt).localeCompare(String(a.startedAt)));
    const shown = clientPage(runs, runsOffset, PAGE_SIZE);
    replace(runsBox, h('h2', {id: 'runs-title'}, 'Runs'),
      runs.length === 0 ? empty('No run yet.', 'Check what is past its retention period above.')
        : h('div', {class: 'table-wrap'}, h('table', {class: 'runs-table'},
          h('caption', {class: 'visually-hidden'}, 'Retention runs, newest first'),
          h('thead', {}, h('tr', {}, ['Run', 'Kind', 'As of', 'Started', 'Eligible', 'Destroyed', 'Kept', 'Certificate'].map(t => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, shown.map(r => h('tr', {dataset: {runId: r.runId}},
            h('td', {}, h('button', {type: 'button', class: 'link mono', 'aria-label': `Show run ${r.runId}`, on: {click: () => showRun(r.runId)}}, r.runId)),
            h('td', {}, r.dryRun ? `Destruction list${r.approvedBy ? ` (approved by ${r.approvedBy})` : ' (awaiting approval)'}` : 'Purge'),
            h('td', {}, day(r.asOf)),
            h('td', {}, `${dateTime(r.startedAt)} by ${r.startedBy}`),
            h('td', {}, String(r.eligible)),
            h('td', {}, r.dryRun ? '—' : String(r.destroyed)),
            h('td', {}, String(r.skipped)),
            h('td', {}, !r.dryRun && r.status === 'done' ? certificateLinks(r) : r.dryRun ? '—' : 'being written')))))),
      pager({offset: runsOffset, limit: PAGE_SIZE, count: shown.length, total: runs.length, label: 'runs',
        onPage: next => { runsOffset = next; drawRuns(); }}));
  };

  const showRun = async runId => {
    replace(runBox, h('p', {class: 'muted'}, 'Loading…'));
    try {
      const run = await api(`/api/retention/runs/${encodeURIComponent(runId)}`);
      if (!ctx.alive()) return;
      replace(runBox, h('div', {class: 'panel'}, h('h2', {id: 'run-title', tabindex: '-1'}, `${run.dryRun ? 'Destruction list' : 'Purge'} ${run.runId}`),
        h('p', {class: 'muted'}, `Started ${dateTime(run.startedAt)} by ${run.startedBy}${run.approvedBy && run.approvedBy !== run.startedBy ? `, approved by ${run.approvedBy}` : ''}${run.note ? ` · ${run.note}` : ''}`),
        runResult(run),
        run.dryRun && run.eligible.length ? purgeStep(run, run.note) : null,
        h('button', {type: 'button', class: 'link', on: {click: () => replace(runBox)}}, 'Close')));
      runBox.querySelector('h2').focus();
    } catch (error) {
      if (error.status !== 401) replace(runBox, notice('error', error.message));
    }
  };

  drawPurge();
  await Promise.all([drawRules(), drawRuns()]);
}

function localToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
