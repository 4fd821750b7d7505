// Search (indexers, ROI, legal): words plus filters; results grouped by document with the matching words marked
// in each page's snippet, paged. The search lives in the address (#/search?q=...), so back and reload keep it.
import {api} from '../api.js';
import {h, replace, field, notice, empty, highlighted} from '../dom.js';
import {dateFormat, day, dayInput, documentTypeList, pager, parseDay} from '../widgets.js';

const PAGE_SIZE = 20;

export async function searchScreen(ctx) {
  const {root, query} = ctx;
  const inputs = {
    q: h('input', {type: 'search', name: 'q', id: 'search-q', value: query.q || '', autocomplete: 'off'}),
    mrn: h('input', {name: 'mrn', id: 'search-mrn', value: query.mrn || '', autocomplete: 'off'}),
    documentType: h('input', {name: 'documentType', id: 'search-type', list: 'search-types', value: query.documentType || '', autocomplete: 'off'}),
    from: h('input', {name: 'from', id: 'search-from', value: dayInput(query.from), inputmode: 'numeric', placeholder: dateFormat(), autocomplete: 'off'}),
    to: h('input', {name: 'to', id: 'search-to', value: dayInput(query.to), inputmode: 'numeric', placeholder: dateFormat(), autocomplete: 'off'}),
  };
  const form = h('form', {class: 'search-form', role: 'search', 'aria-label': 'Search the archive'},
    h('div', {class: 'search-main'},
      field('Search words', inputs.q, 'Words on the page. "Exact phrase", AND / OR / NOT, and field:value work too.'),
      h('button', {type: 'submit', class: 'primary'}, 'Search')),
    h('fieldset', {class: 'filters'}, h('legend', {}, 'Filters'),
      field('MRN', inputs.mrn), field('Document type', inputs.documentType),
      field('Service date from', inputs.from), field('Service date to', inputs.to),
      h('button', {type: 'button', class: 'secondary', on: {click: () => ctx.navigate('search')}}, 'Clear all')),
    documentTypeList('search-types'));
  const results = h('section', {class: 'results', 'aria-labelledby': 'results-title'});
  replace(root, h('h1', {tabindex: '-1'}, 'Search'), form, results);

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
    if (!Object.values(wanted).some(Boolean)) {
      replace(results, notice('error', 'Type some words to search for, or fill in at least one filter.'));
      inputs.q.focus();
      return;
    }
    ctx.navigate('search', wanted);
  });

  const criteria = Object.fromEntries(Object.keys(inputs).map(k => [k, query[k] || '']));
  if (!Object.values(criteria).some(Boolean)) {
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
  replace(results,
    h('h2', {id: 'results-title', tabindex: '-1'}, headline),
    hits.length === 0
      ? empty(offset > 0 ? 'No more results.' : 'Nothing matches this search.',
        'Check the spelling, use fewer words, remove a filter or widen the date range.')
      : h('ol', {class: 'result-groups'}, groups(hits).map(group => resultGroup(group, criteria.q))),
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

function resultGroup(hits, q) {
  const first = hits[0];
  const link = page => {
    const params = new URLSearchParams({page});
    if (q) params.set('q', q);
    return `#/documents/${encodeURIComponent(first.documentId)}?${params}`;
  };
  const facts = [
    first.patientName ? first.patientName : 'Patient not set',
    first.mrn ? `MRN ${first.mrn}` : 'no MRN',
    first.documentType || 'type not set',
    first.serviceDate ? `service ${day(first.serviceDate)}` : null,
  ].filter(Boolean);
  return h('li', {class: 'result-group', dataset: {documentId: first.documentId}},
    h('h3', {}, h('a', {href: link(first.page), class: 'doc-link'}, first.fileName || first.documentId)),
    h('p', {class: 'result-meta'}, facts.join(' · ')),
    h('ul', {class: 'result-pages'}, hits.map(hit => h('li', {class: 'result-page', dataset: {page: hit.page}},
      h('a', {href: link(hit.page), class: 'page-link'}, `Page ${hit.page}`),
      h('p', {class: 'snippet'}, hit.snippet ? highlighted(hit.snippet, hit.highlights) : h('span', {class: 'muted'}, 'Matched by its details (no text snippet).'))))));
}
