// Release of information (ROI clerks): the work list of requests by status and due date, overdue ones marked,
// and a patient's accounting of disclosures. One request is worked on in release.js.
import {api} from '../api.js';
import {h, replace, field, notice, empty} from '../dom.js';
import {clientPage, day, pager, patientLink} from '../widgets.js';
import {daysLeftText} from './release-office.js';

const PAGE_SIZE = 20;
const STATUS_FILTERS = [
  ['open', 'Open (received or in progress)', 'received,in-progress'],
  ['received', 'Received', 'received'],
  ['in-progress', 'In progress', 'in-progress'],
  ['released', 'Released', 'released'],
  ['denied', 'Denied', 'denied'],
  ['all', 'All', ''],
];
const RELEASE_STATUS = {
  received: 'Received',
  'in-progress': 'In progress',
  released: 'Released',
  denied: 'Denied',
};

export function releaseBadge(status) {
  return h('span', {class: ['badge', 'release-' + String(status).replace(/[^a-z-]/g, '')]}, RELEASE_STATUS[status] || status || 'Unknown');
}

/** The due date, marked when it has passed on an open request. */
export function dueCell(release) {
  if (!release.dueDate) return '—';
  return release.overdue
    ? h('span', {class: 'overdue'}, h('span', {class: 'badge overdue-badge'}, 'Overdue'), ' ', day(release.dueDate))
    : day(release.dueDate);
}

export async function releasesScreen(ctx) {
  const {root, query} = ctx;
  const filter = STATUS_FILTERS.find(f => f[0] === query.status) ? query.status : 'open';
  const status = h('select', {id: 'release-status', name: 'status'},
    STATUS_FILTERS.map(([value, label]) => h('option', {value, selected: value === filter}, label)));
  const mrn = h('input', {id: 'release-mrn-filter', name: 'mrn', value: query.mrn || '', autocomplete: 'off'});
  const overdue = h('input', {type: 'checkbox', id: 'release-overdue', name: 'overdue', checked: query.overdue === 'true'});
  const form = h('form', {class: 'filter-bar', role: 'search', 'aria-label': 'Filter the requests'},
    field('Status', status), field('MRN', mrn),
    h('div', {class: 'check'}, overdue, h('label', {for: 'release-overdue'}, 'Overdue only')),
    h('button', {type: 'submit', class: 'secondary'}, 'Show'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    ctx.navigate('releases', {status: status.value, mrn: mrn.value.trim(), overdue: overdue.checked ? 'true' : ''});
  });
  const list = h('section', {class: 'release-list', 'aria-labelledby': 'release-list-title'});
  const accounting = disclosureLookup(ctx);
  replace(root,
    h('div', {class: 'title-row'}, h('h1', {tabindex: '-1'}, 'Releases'),
      h('a', {class: 'button primary', href: '#/releases/new', id: 'start-release'}, 'Start a release'),
      h('a', {class: 'button secondary', href: '#/amendments', id: 'amendments-link'}, 'Amendment requests')),
    h('p', {class: 'lead'}, 'Requests for copies of records, overdue first, then by days left. Open one to choose pages, redact, '
      + 'extend once, charge the fee, produce letters, and release the packet.'),
    form, list, accounting);
  ctx.focusHeading();

  const statuses = STATUS_FILTERS.find(f => f[0] === filter)[2];
  let answer;
  try {
    answer = await api('/api/releases', {query: {status: statuses, mrn: query.mrn, overdue: query.overdue === 'true' ? 'true' : ''}});
  } catch (error) {
    if (error.status !== 401) replace(list, h('h2', {id: 'release-list-title'}, 'Requests'), notice('error', error.message));
    return;
  }
  if (!ctx.alive()) return;
  const releases = answer.releases || [];
  let offset = Math.max(0, Number(query.offset) || 0);
  const show = () => {
    const shown = clientPage(releases, offset, PAGE_SIZE);
    const late = releases.filter(r => r.overdue).length;
    replace(list,
      h('h2', {id: 'release-list-title'}, `${releases.length} request${releases.length === 1 ? '' : 's'}`,
        late ? h('span', {class: 'muted'}, ` · ${late} overdue`) : ''),
      releases.length === 0
        ? empty(filter === 'open' ? 'No open requests.' : 'No requests match.', 'Start a release when a request for records arrives, or change the filter above.')
        : h('div', {class: 'table-wrap'}, h('table', {class: 'releases-table'},
          h('caption', {class: 'visually-hidden'}, `Release requests as of ${day(answer.today)}, overdue first, then by days left`),
          h('thead', {}, h('tr', {}, ['Request', 'Patient', 'Requester', 'Purpose', 'Received', 'Due', 'Days left', 'Status', 'Pages'].map(t => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, shown.map(r => h('tr', {class: r.overdue ? 'is-overdue' : null, dataset: {releaseId: r.releaseId}},
            h('td', {}, h('a', {href: `#/releases/${encodeURIComponent(r.releaseId)}`}, r.releaseId)),
            h('td', {}, r.patientName || 'name not known', h('span', {class: 'muted block'}, patientLink(r.mrn, `MRN ${r.mrn}`))),
            h('td', {class: 'wrap'}, r.requester),
            h('td', {class: 'wrap'}, r.purpose),
            h('td', {}, day(r.receivedDate)),
            h('td', {}, dueCell(r), r.extended ? h('span', {class: 'muted block'}, 'extended') : null),
            h('td', {class: 'days-left'}, daysLeftText(r)),
            h('td', {}, releaseBadge(r.status)),
            h('td', {}, String(r.pages))))))),
      pager({offset, limit: PAGE_SIZE, count: shown.length, total: releases.length, label: 'requests',
        onPage: next => { offset = next; show(); }}));
  };
  show();
}

/** "Accounting of disclosures" box: an MRN, then the patient's list. */
function disclosureLookup(ctx) {
  const mrn = h('input', {id: 'disclosures-mrn', name: 'mrn', autocomplete: 'off'});
  const status = h('div', {class: 'form-status'});
  const form = h('form', {class: 'panel', 'aria-labelledby': 'disclosures-lookup-title'},
    h('h2', {id: 'disclosures-lookup-title'}, 'Accounting of disclosures'),
    h('p', {class: 'hint'}, 'Every release of a patient\'s records, as the patient may ask to see it (six years back).'),
    h('div', {class: 'inline-form'}, field('Patient MRN', mrn), h('button', {type: 'submit', class: 'secondary'}, 'Show disclosures')),
    status);
  form.addEventListener('submit', e => {
    e.preventDefault();
    if (!mrn.value.trim()) {
      replace(status, notice('error', 'Type the patient\'s MRN.'));
      mrn.focus();
      return;
    }
    ctx.navigate(`disclosures/${encodeURIComponent(mrn.value.trim())}`);
  });
  return form;
}

