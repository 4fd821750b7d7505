// Search (indexers, ROI, legal): words plus filters; results grouped by document (titled by type, date of service
// and patient) with the matching words marked in each page's snippet, sorted and paged. The search lives in the
// address (#/search?q=...), so back and reload keep it. Results can be picked for a release or a legal hold, and a
// search can be kept to run again (saved searches are each user's own).
import {api} from '../api.js';
import {h, replace, field, notice, empty, highlighted} from '../dom.js';
import {dateFormat, day, dayInput, documentTypeList, documentTitle, pager, parseDay, patientLink} from '../widgets.js';

const PAGE_SIZE = 20;
const SORTS = [['relevance', 'Best match'], ['newest', 'Date of service, newest first'],
  ['oldest', 'Date of service, oldest first'], ['patient', 'Patient name, A to Z']];

export async function searchScreen(ctx) {
  const {root, query} = ctx;
  const inputs = {
    q: h('input', {type: 'search', name: 'q', id: 'search-q', value: query.q || '', autocomplete: 'off'}),
    mrn: h('input', {name: 'mrn', id: 'search-mrn', value: query.mrn || '', autocomplete: 'off'}),
    documentType: h('input', {name: 'documentType', id: 'search-type', list: 'search-types', value: query.documentType || '', autocomplete: 'off'}),
    from: h('input', {name: 'from', id: 'search-from', value: dayInput(query.from), inputmode: 'numeric', placeholder: dateFormat(), autocomplete: 'off'}),
    to: h('input', {name: 'to', id: 'search-to', value: dayInput(query.to), inputmode: 'numeric', placeholder: dateFormat(), autocomplete: 'off'}),
    sort: h('select', {name: 'sort', id: 'search-sort'}, SORTS.map(([value, label]) =>
      h('option', {value, selected: (query.sort || 'relevance') === value}, label))),
  };
  const form = h('form', {class: 'search-form', role: 'search', 'aria-label': 'Search the archive'},
    h('div', {class: 'search-main'},
      field('Search words', inputs.q, 'Words on the page. "Exact phrase", AND / OR / NOT, and field:value work too.'),
      h('button', {type: 'submit', class: 'primary'}, 'Search')),
    h('fieldset', {class: 'filters'}, h('legend', {}, 'Filters'),
      field('MRN', inputs.mrn), field('Document type', inputs.documentType),
      field('Service date from', inputs.from), field('Service date to', inputs.to), field('Sort by', inputs.sort),
      h('button', {type: 'button', class: 'secondary', on: {click: () => ctx.navigate('search')}}, 'Clear all')),
    documentTypeList('search-types'));
  const results = h('section', {class: 'results', 'aria-labelledby': 'results-title'});
  const savedArea = h('section', {class: 'saved-searches', 'aria-labelledby': 'saved-title'});
  replace(root, h('h1', {tabindex: '-1'}, 'Search'), form, savedArea, results);
  inputs.sort.addEventListener('change', () => {
    if (Object.entries(query).some(([k, v]) => k !== 'sort' && k !== 'offset' && v)) {
      ctx.navigate('search', {...Object.fromEntries(Object.keys(inputs).map(k => [k, query[k] || ''])), sort: inputs.sort.value});
    }
  });

  form.addEventListener('submit', event => {
    event.preventDefault();
    let wanted;
    try {
      wanted = Object.fromEntries(Object.entries(inputs).map(([k, input]) => [k,
        k === 'from' ? parseDay('Service date from', input.value) : k === 'to' ? parseDay('Service date to', input.value) : input.value.trim()]));
    } catch (error) {
      replace(results, notice('error', error.message));
      return;
    }
    if (!Object.entries(wanted).some(([k, v]) => k !== 'sort' && v)) {
      replace(results, notice('error', 'Type some words to search for, or fill in at least one filter.'));
      inputs.q.focus();
      return;
    }
    ctx.navigate('search', wanted);
  });

  const criteria = Object.fromEntries(Object.keys(inputs).map(k => [k, query[k] || '']));
  showSaved(ctx, savedArea, criteria);
  if (!Object.entries(criteria).some(([k, v]) => k !== 'sort' && v)) {
    replace(results, empty('Search the archive.', 'Type words that appear on the pages, a patient\'s MRN, or choose a type or dates, then press Search.'));
    inputs.q.focus();
    return;
  }
  const offset = Math.max(0, Number(query.offset) || 0);
  replace(results, h('p', {class: 'muted'}, 'Searching…'));
  let answer;
  try {
    answer = await api('/api/search', {query: {...criteria, offset, limit: PAGE_SIZE}});
  } catch (error) {
    if (error.status === 401 || !ctx.alive()) return;
    replace(results, h('h2', {id: 'results-title'}, 'Results'), notice('error', error.message,
      error.code === 'bad-query' ? ' Change the search words and try again.' : ''));
    inputs.q.focus();
    return;
  }
  if (!ctx.alive()) return;
  sessionStorage.setItem('chartvault.lastSearch', location.hash);
  const hits = answer.hits || [];
  const headline = answer.total === 0 ? 'No matching pages'
    : `${answer.total} matching page${answer.total === 1 ? '' : 's'}`;
  ctx.title(`Search: ${criteria.q || 'filters'}`);
  ctx.announce(`${headline}.`);
  const picked = new Map(); // documentId -> the first hit of the document (its patient, type, date)
  const bulk = bulkActions(ctx, picked);
  replace(results,
    h('h2', {id: 'results-title', tabindex: '-1'}, headline),
    hits.length ? bulk.element : null,
    hits.length === 0
      ? empty(offset > 0 ? 'No more results.' : 'Nothing matches this search.',
        'Check the spelling, use fewer words, remove a filter or widen the date range.')
      : h('ol', {class: 'result-groups'}, groups(hits).map(group => resultGroup(group, criteria.q, picked, bulk.update))),
    pager({offset, limit: PAGE_SIZE, count: hits.length, total: answer.total, label: 'matching pages',
      onPage: next => ctx.navigate('search', {...criteria, offset: next})}));
  if (offset > 0) results.querySelector('h2').focus();
}

/** The hits of this result page, grouped by document in the order each document first appears. */
function groups(hits) {
  const byDocument = new Map();
  for (const hit of hits) {
    if (!byDocument.has(hit.documentId)) byDocument.set(hit.documentId, []);
    byDocument.get(hit.documentId).push(hit);
  }
  return [...byDocument.values()];
}

function resultGroup(hits, q, picked, onPick) {
  const first = hits[0];
  const link = page => {
    const params = new URLSearchParams({page});
    if (q) params.set('q', q);
    return `#/documents/${encodeURIComponent(first.documentId)}?${params}`;
  };
  const box = h('input', {type: 'checkbox', class: 'pick', id: `pick-${first.documentId}`, value: first.documentId,
    'aria-label': `Select ${documentTitle(first)}`});
  box.addEventListener('change', () => {
    if (box.checked) picked.set(first.documentId, first);
    else picked.delete(first.documentId);
    onPick();
  });
  const facts = [
    first.patientName ? patientLink(first.mrn, first.patientName) : 'Patient not set',
    first.mrn ? patientLink(first.mrn, `MRN ${first.mrn}`) : 'no MRN',
    first.documentType || 'type not set',
    first.serviceDate ? `service ${day(first.serviceDate)}` : 'no date of service',
  ];
  return h('li', {class: 'result-group', dataset: {documentId: first.documentId}},
    h('div', {class: 'result-head'}, box,
      h('h3', {}, h('a', {href: link(first.page), class: 'doc-link'}, documentTitle(first)))),
    h('p', {class: 'result-meta'}, facts.flatMap((f, i) => i ? [' · ', f] : [f]),
      first.fileName ? h('span', {class: 'muted'}, ` · scanned as ${first.fileName}`) : null),
    h('ul', {class: 'result-pages'}, hits.map(hit => h('li', {class: 'result-page', dataset: {page: hit.page}},
      h('a', {href: link(hit.page), class: 'page-link'}, `Page ${hit.page}`),
      h('p', {class: 'snippet'}, hit.snippet ? highlighted(hit.snippet, hit.highlights) : h('span', {class: 'muted'}, 'Matched by its details (no text snippet).'))))));
}

/**
 * What can be done with the picked documents: start a release with them (one patient's, ROI) or place a legal hold
 * on exactly them (legal). update() refreshes the count and the buttons after a pick.
 */
function bulkActions(ctx, picked) {
  const {session} = ctx;
  const count = h('span', {class: 'bulk-count', 'aria-live': 'polite'}, 'None selected.');
  const status = h('div', {class: 'form-status'});
  const toRelease = session.allows(['roi']) ? h('button', {type: 'button', class: 'secondary', id: 'bulk-release', disabled: true,
    on: {click: () => {
      const mrns = new Set([...picked.values()].map(d => d.mrn || ''));
      if (mrns.size !== 1 || mrns.has('')) {
        replace(status, notice('error', 'A release is for one patient: select documents that all carry the same MRN.'));
        return;
      }
      ctx.navigate('releases/new', {mrn: [...mrns][0], documents: [...picked.keys()].join(',')});
    }}}, 'Start a release with these') : null;
  const holdName = h('input', {id: 'bulk-hold-name', name: 'holdName', autocomplete: 'off'});
  const holdForm = session.allows(['legal']) ? h('form', {class: 'inline-form bulk-hold', 'aria-label': 'Place a legal hold on the selected documents'},
    field('Legal hold name', holdName),
    h('button', {type: 'submit', class: 'secondary', id: 'bulk-hold', disabled: true}, 'Hold these documents')) : null;
  if (holdForm) holdForm.addEventListener('submit', async e => {
    e.preventDefault();
    if (!holdName.value.trim()) {
      replace(status, notice('error', 'Name the legal hold (the matter or case it is for).'));
      holdName.focus();
      return;
    }
    const ids = [...picked.keys()];
    try {
      const hold = await api('/api/holds', {method: 'POST', json: {name: holdName.value.trim(),
        query: ids.map(id => `doc:${id}`).join(' OR ')}});
      replace(status, notice('ok', `Legal hold placed on ${hold.documentsHeld} document${hold.documentsHeld === 1 ? '' : 's'}. `,
        h('a', {href: `#/holds/${encodeURIComponent(hold.holdId)}`}, 'Open the hold')));
    } catch (error) {
      if (error.status !== 401) replace(status, notice('error', error.message));
    }
  });
  const update = () => {
    const n = picked.size;
    count.textContent = n === 0 ? 'None selected.' : `${n} document${n === 1 ? '' : 's'} selected.`;
    if (toRelease) toRelease.disabled = n === 0;
    if (holdForm) holdForm.querySelector('button').disabled = n === 0;
    replace(status);
  };
  const element = toRelease || holdForm
    ? h('div', {class: 'bulk-bar', role: 'group', 'aria-label': 'Selected documents'}, count, toRelease, holdForm, status)
    : null;
  return {element, update};
}

/** The user's saved searches (run, remove) and a way to keep the current one. */
async function showSaved(ctx, area, criteria) {
  const status = h('div', {class: 'form-status'});
  const list = h('ul', {class: 'saved-list'});
  const name = h('input', {id: 'saved-name', name: 'savedName', autocomplete: 'off'});
  const searching = Object.entries(criteria).some(([k, v]) => k !== 'sort' && v);
  const saveForm = searching ? h('form', {class: 'inline-form', 'aria-label': 'Save this search'},
    field('Name for this search', name), h('button', {type: 'submit', class: 'secondary', id: 'save-search'}, 'Save this search')) : null;
  const load = async () => {
    let answer;
    try {
      answer = await api('/api/saved-searches', {background: true});
    } catch (error) {
      if (error.status !== 401 && ctx.alive()) replace(list, h('li', {}, notice('error', error.message)));
      return;
    }
    if (!ctx.alive()) return;
    const saved = answer.savedSearches || [];
    replace(list, saved.length === 0 ? h('li', {class: 'muted'}, 'No saved searches yet.') : saved.map(s => h('li', {dataset: {savedSearchId: s.savedSearchId}},
      h('a', {href: '#/search?' + new URLSearchParams(s.criteria), class: 'saved-run'}, s.name), ' ',
      h('button', {type: 'button', class: 'link-button', 'aria-label': `Remove the saved search ${s.name}`, on: {click: async () => {
        try {
          await api(`/api/saved-searches/${encodeURIComponent(s.savedSearchId)}`, {method: 'DELETE'});
          ctx.announce(`Saved search ${s.name} removed.`);
          load();
        } catch (error) {
          if (error.status !== 401) replace(status, notice('error', error.message));
        }
      }}}, 'Remove'))));
  };
  if (saveForm) saveForm.addEventListener('submit', async e => {
    e.preventDefault();
    if (!name.value.trim()) {
      replace(status, notice('error', 'Give the search a name you will recognise, e.g. "Smith chest pain 2024".'));
      name.focus();
      return;
    }
    const kept = Object.fromEntries(Object.entries(criteria).filter(([, v]) => v));
    try {
      await api('/api/saved-searches', {method: 'POST', json: {name: name.value.trim(), criteria: kept}});
      replace(status, notice('ok', `Saved as “${name.value.trim()}”.`));
      name.value = '';
      load();
    } catch (error) {
      if (error.status !== 401) replace(status, notice('error', error.message));
    }
  });
  replace(area, h('details', {class: 'saved-box', open: !searching},
    h('summary', {id: 'saved-title'}, 'Your saved searches'), list), saveForm, status);
  load();
}
