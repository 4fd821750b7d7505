// The audit log (administrators): who did what to which record and when, searched by time, user, patient (MRN),
// document and action (picked by its name in words); exported as CSV; its hash chain verified on demand.
import {api, url} from '../api.js';
import {h, replace, field, notice, empty} from '../dom.js';
import {dateFormat, dateTime, dayInput, pager, parseDay, patientLink, plural} from '../widgets.js';

const PAGE_SIZE = 50;

export async function auditScreen(ctx) {
  const {root, query} = ctx;
  const inputs = {
    from: h('input', {name: 'from', id: 'audit-from', value: dayInput(query.from), inputmode: 'numeric', placeholder: dateFormat(), autocomplete: 'off'}),
    to: h('input', {name: 'to', id: 'audit-to', value: dayInput(query.to), inputmode: 'numeric', placeholder: dateFormat(), autocomplete: 'off'}),
    user: h('input', {name: 'user', id: 'audit-user', value: query.user || '', autocomplete: 'off'}),
    mrn: h('input', {name: 'mrn', id: 'audit-mrn', value: query.mrn || '', autocomplete: 'off', spellcheck: 'false'}),
    documentId: h('input', {name: 'documentId', id: 'audit-document', value: query.documentId || '', autocomplete: 'off'}),
    action: h('select', {name: 'action', id: 'audit-action'}, h('option', {value: ''}, 'Any action')),
  };
  // the actions in words (GET /api/audit/actions); an action this screen does not know yet is still offered by its name
  let labels = {};
  try {
    labels = Object.fromEntries(((await api('/api/audit/actions')).actions || []).map(a => [a.action, a.label]));
  } catch (error) {
    if (error.status === 401) return;
  }
  if (!ctx.alive()) return;
  if (query.action && !labels[query.action]) labels[query.action] = query.action;
  inputs.action.append(...Object.entries(labels).sort((a, b) => a[1].localeCompare(b[1]))
    .map(([action, label]) => h('option', {value: action, selected: action === query.action}, label)));
  const label = action => labels[action] || action;
  const criteria = Object.fromEntries(Object.keys(inputs).map(k => [k, query[k] || '']));
  const offset = Math.max(0, Number(query.offset) || 0);
  const form = h('form', {class: 'audit-form', role: 'search', 'aria-label': 'Search the audit log'},
    h('div', {class: 'grid-fields'},
      field('From (day)', inputs.from), field('To (day)', inputs.to), field('User', inputs.user),
      field('Patient MRN', inputs.mrn, 'Every access to the patient\'s documents, and searches that reached them.'),
      field('Document id', inputs.documentId), field('Action', inputs.action)),
    h('div', {class: 'actions'},
      h('button', {type: 'submit', class: 'primary'}, 'Search the log'),
      h('a', {class: 'button secondary', id: 'audit-csv', href: url('/api/audit/export.csv', criteria), download: 'chartvault-audit.csv'},
        'Export these entries as CSV'),
      h('button', {type: 'button', class: 'secondary', id: 'audit-verify'}, 'Verify the chain')));
  const verifyResult = h('div', {class: 'verify-result', 'aria-live': 'polite'});
  const results = h('section', {'aria-labelledby': 'audit-results-title'});
  replace(root, h('h1', {tabindex: '-1'}, 'Audit log'),
    h('p', {class: 'lead'}, 'Every login, search, view, change, upload and download is recorded here and cannot be changed '
      + 'unnoticed: each entry is sealed with an audit key kept outside the storage, together with the seal of the one before it.'),
    form, verifyResult, results);
  ctx.focusHeading();

  form.addEventListener('submit', e => {
    e.preventDefault();
    let wanted;
    try {
      wanted = Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k,
        k === 'from' ? parseDay('From', i.value) : k === 'to' ? parseDay('To', i.value) : i.value.trim()]));
    } catch (error) {
      replace(results, notice('error', error.message));
      return;
    }
    ctx.navigate('admin/audit', wanted);
  });
  form.querySelector('#audit-verify').addEventListener('click', async () => {
    replace(verifyResult, h('p', {class: 'muted'}, 'Checking every entry…'));
    try {
      const answer = await api('/api/audit/verify');
      const checkpoint = answer.latestCheckpoint;
      const anchored = checkpoint
        ? ` Latest checkpoint: entry ${checkpoint.seq}, digest ${checkpoint.digest}; compare it with the copy you keep.` : '';
      const problem = answer.firstProblem;
      const where = problem && problem.seq != null ? ` at ${problem.kind} ${problem.seq}` : '';
      replace(verifyResult, answer.valid
        ? notice('ok', `The audit trail is intact: ${answer.entries === 1 ? 'its one entry' : `all ${answer.entries} entries`}, their seals and their checkpoints check out.${anchored}`,
          answer.note ? h('br') : null, answer.note || null)
        : notice('error', `The audit trail has been tampered with or damaged${where}: ${answer.reason || ''} `,
          'Keep the data directory as it is and tell your security officer.'));
    } catch (error) {
      if (error.status !== 401) replace(verifyResult, notice('error', error.message));
    }
  });

  let answer;
  try {
    answer = await api('/api/audit', {query: {...criteria, offset, limit: PAGE_SIZE}});
  } catch (error) {
    if (error.status !== 401 && ctx.alive()) replace(results, notice('error', error.message, ' Correct the filters and search again.'));
    return;
  }
  if (!ctx.alive()) return;
  const entries = answer.entries || [];
  const report = criteria.mrn ? h('p', {}, h('a', {id: 'audit-access-report', download: '',
    href: url(`/api/patients/${encodeURIComponent(criteria.mrn)}/access-report.pdf`, {from: criteria.from, to: criteria.to})},
  `Patient access report for MRN ${criteria.mrn} (PDF)`)) : null;
  replace(results, h('h2', {id: 'audit-results-title'}, 'Entries, newest first'), report,
    entries.length === 0 ? empty('No entries match.', 'Widen the dates or clear a filter.')
      : h('div', {class: 'table-wrap'}, h('table', {class: 'audit-table'},
        h('caption', {class: 'visually-hidden'}, 'Audit entries'),
        h('thead', {}, h('tr', {}, ['#', 'Time', 'User', 'Action', 'Target', 'Outcome', 'Address', 'Details'].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, entries.map(e => h('tr', {class: `outcome-${String(e.outcome).replace(/[^a-z-]/g, '')}`},
          h('td', {class: 'mono'}, String(e.seq)),
          h('td', {}, dateTime(e.time)),
          h('td', {}, e.user),
          h('td', {title: e.action}, label(e.action)),
          h('td', {class: 'target'}, e.target ? target(e.target) : '—'),
          h('td', {}, String(e.outcome)),
          h('td', {class: 'mono'}, e.clientAddress || '—'),
          h('td', {class: 'details'}, Object.entries(e.details || {}).map(([k, v]) => h('span', {class: 'detail'}, `${k}: ${v}`)))))))),
    pager({offset, limit: PAGE_SIZE, count: entries.length, more: answer.more, label: 'entries',
      onPage: next => ctx.navigate('admin/audit', {...criteria, offset: next})}));
}

function target(t) {
  if (t.type === 'document' && t.id) {
    return [`${t.type}: `, h('a', {href: `#/documents/${encodeURIComponent(t.id)}`}, t.id)];
  }
  if (t.type === 'patient' && t.id) return [`${t.type}: `, patientLink(t.id, t.id)];
  return `${t.type}: ${t.id}`;
}
