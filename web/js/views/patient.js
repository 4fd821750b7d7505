// The patient view (indexers, ROI, legal): who the patient is (registry name, birth date, MRN and the MRNs merged into
// it) and every document of theirs the user may see, grouped by document type, newest date of service first.
// Reached from search results, the review queue, releases and holds through the patient's name or MRN.
import {api} from '../api.js';
import {h, replace, notice, empty} from '../dom.js';
import {day, dateTime, statusBadge} from '../widgets.js';

export async function patientScreen(ctx) {
  const {root, params, session} = ctx;
  const mrn = params.mrn;
  replace(root, h('h1', {tabindex: '-1'}, `Patient MRN ${mrn}`), h('p', {class: 'muted'}, 'Loading the patient\'s documents…'));
  let view;
  try {
    view = await api(`/api/patients/${encodeURIComponent(mrn)}/documents`);
  } catch (error) {
    if (error.status === 401 || !ctx.alive()) return;
    replace(root, h('h1', {tabindex: '-1'}, 'Patient not available'), notice('error', error.message),
      h('p', {}, h('a', {href: '#/search'}, 'Search the archive'), ' instead.'));
    ctx.focusHeading();
    return;
  }
  if (!ctx.alive()) return;
  const name = view.patientName || 'Name not known';
  ctx.title(`${name} (MRN ${view.mrn})`);

  const facts = h('dl', {class: 'patient-facts'},
    h('dt', {}, 'MRN'), h('dd', {class: 'mono', id: 'patient-mrn'}, view.mrn),
    h('dt', {}, 'Birth date'), h('dd', {id: 'patient-birth-date'}, view.birthDate ? day(view.birthDate) : 'not known'),
    view.sex ? [h('dt', {}, 'Sex'), h('dd', {}, view.sex)] : null,
    h('dt', {}, 'Merged MRNs'), h('dd', {id: 'patient-merged'}, (view.mergedMrns || []).length
      ? view.mergedMrns.join(', ') : 'none'),
    h('dt', {}, 'Registry'), h('dd', {}, view.registered
      ? (view.mergedInto ? ['Merged into ', h('a', {href: `#/patients/${encodeURIComponent(view.mergedInto)}`}, `MRN ${view.mergedInto}`)] : 'Registered patient')
      : 'Not in the patient registry: name and birth date as filed on the documents'));

  const actions = h('p', {class: 'actions'},
    h('a', {class: 'button secondary', href: `#/search?mrn=${encodeURIComponent(view.mrn)}`}, 'Search this patient\'s pages'),
    session.allows(['roi']) ? h('a', {class: 'button secondary', href: `#/releases/new?mrn=${encodeURIComponent(view.mrn)}`}, 'Start a release') : null,
    session.allows(['roi']) ? h('a', {class: 'button secondary', href: `#/disclosures/${encodeURIComponent(view.mrn)}`}, 'Accounting of disclosures') : null,
    // compliance: who viewed, searched into, downloaded, printed, released or exported this patient's records
    session.allows(['legal']) ? h('a', {class: 'button secondary', id: 'patient-access-report', download: '',
      href: `/api/patients/${encodeURIComponent(view.mrn)}/access-report.pdf`}, 'Who accessed these records (PDF)') : null);

  const groups = view.groups || [];
  const headline = `${view.documentsTotal} document${view.documentsTotal === 1 ? '' : 's'}`
    + (groups.length ? ` of ${groups.length} type${groups.length === 1 ? '' : 's'}` : '');
  ctx.announce(`${name}: ${headline}.`);
  replace(root,
    h('header', {class: 'patient-head'},
      h('h1', {tabindex: '-1', id: 'patient-name'}, name), facts, actions),
    h('section', {'aria-labelledby': 'patient-documents-title'},
      h('h2', {id: 'patient-documents-title'}, headline),
      groups.length === 0
        ? empty('No documents of this patient are filed here that you may see.',
          'Check the MRN, or search the archive by name: a document may be filed without an MRN yet.')
        : h('div', {class: 'patient-groups'}, groups.map(group))));
  ctx.focusHeading();
}

function group(g) {
  const id = 'type-' + String(g.documentType).toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return h('section', {class: 'patient-group', 'aria-labelledby': id, dataset: {documentType: g.documentType}},
    h('h3', {id}, `${g.documentType} (${g.documents.length})`),
    h('div', {class: 'table-wrap'}, h('table', {class: 'patient-documents'},
      h('caption', {class: 'visually-hidden'}, `${g.documentType} documents, newest date of service first`),
      h('thead', {}, h('tr', {}, ['Date of service', 'Document', 'Pages', 'Status', 'Filed'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, g.documents.map(d => h('tr', {dataset: {documentId: d.documentId}},
        h('td', {}, d.serviceDate ? day(d.serviceDate) : 'no date'),
        h('td', {}, h('a', {href: `#/documents/${encodeURIComponent(d.documentId)}`, class: 'doc-link'},
          `${d.documentType || 'Type not set'}${d.serviceDate ? ', ' + day(d.serviceDate) : ''}`),
          d.encounter ? h('span', {class: 'muted block'}, `Encounter ${d.encounter}`) : null,
          d.holds ? h('span', {class: 'badge'}, 'On legal hold') : null),
        h('td', {}, String(d.pages)),
        h('td', {}, statusBadge(d.status)),
        h('td', {}, dateTime(d.uploadedAt))))))));
}
