// Legal holds (legal staff): place a hold on a matter's records (by MRN, search words and dates of service), see
// what it holds, release it with the reason, and produce the held documents as a Bates-numbered export whose
// progress is followed until its ZIP and chain-of-custody report can be downloaded. Before a hold is placed the form
// shows what it will hold: each MRN's patient (or what is wrong with the MRN) and the number of documents; an MRN
// the registry does not know is held only with a reason.
import {api} from '../api.js';
import {h, replace, field, notice, empty} from '../dom.js';
import {bytes, clientPage, dateFormat, dateTime, day, pager, parseDay, patientLink, plural} from '../widgets.js';

const PAGE_SIZE = 20;
const DOCS_PAGE = 15;       // held documents shown (and asked for) at a time
const POLL_MS = 1500;       // how often a running export is asked for its progress

function holdBadge(status) {
  return h('span', {class: ['badge', status === 'active' ? 'hold-active' : 'hold-released']}, status === 'active' ? 'Active' : 'Released');
}

/** MRNs as typed: separated by commas, spaces or lines. */
function mrnList(text) {
  return [...new Set(String(text || '').split(/[\s,;]+/).map(s => s.trim()).filter(Boolean))];
}

export async function holdsScreen(ctx) {
  const {root} = ctx;
  const inputs = {
    name: h('input', {id: 'hold-name', name: 'name', autocomplete: 'off'}),
    matter: h('input', {id: 'hold-matter', name: 'matter', autocomplete: 'off'}),
    mrns: h('textarea', {id: 'hold-mrns', name: 'mrns', rows: 2, spellcheck: 'false'}),
    query: h('input', {id: 'hold-query', name: 'query', autocomplete: 'off'}),
    from: h('input', {id: 'hold-from', name: 'from', inputmode: 'numeric', placeholder: dateFormat(), autocomplete: 'off'}),
    to: h('input', {id: 'hold-to', name: 'to', inputmode: 'numeric', placeholder: dateFormat(), autocomplete: 'off'}),
  };
  const status = h('div', {class: 'form-status'});
  const preview = h('div', {class: 'hold-preview', id: 'hold-preview', 'aria-live': 'polite'});
  const reason = h('input', {id: 'hold-mrn-reason', autocomplete: 'off'});
  const keep = h('div', {class: 'mrn-keep', hidden: true},
    field('Hold these MRNs anyway, because…', reason, 'The reason is recorded in the audit trail with the hold.'));
  let previewed = null;   // {key, answer}: the preview of the criteria as they were last shown
  let previewTimer = null;
  const form = h('form', {class: 'panel create-hold', 'aria-labelledby': 'create-hold-title', novalidate: true},
    h('h2', {id: 'create-hold-title'}, 'Place a hold'),
    h('p', {class: 'hint'}, 'Every document that matches, now or when it arrives later, is kept unchanged and cannot be deleted or purged until the hold is released.'),
    h('div', {class: 'grid-fields'},
      field('Name of the hold', inputs.name, 'E.g. "Smith v. General Hospital".'),
      field('Matter or case number', inputs.matter),
      field('Patient MRNs', inputs.mrns, 'One or more, separated by commas or spaces.'),
      field('Search words (optional)', inputs.query, 'Only documents with these words, e.g. "fall AND ladder".'),
      field('Dates of service from (optional)', inputs.from),
      field('Dates of service to (optional)', inputs.to)),
    status,
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary', id: 'create-hold'}, 'Place the hold')),
    // below the button, so that the preview arriving while someone clicks never moves the button away
    preview, keep);
  const list = h('section', {'aria-labelledby': 'holds-title'});
  replace(root, h('h1', {tabindex: '-1'}, 'Legal holds'), form, list);
  ctx.focusHeading();

  /** What the criteria cover, as the server will judge them (null while they are incomplete or unreadable). */
  const formCriteria = () => {
    const mrns = mrnList(inputs.mrns.value);
    const query = inputs.query.value.trim() || null;
    if (!mrns.length && !query) return null;
    try {
      return {mrns, query, from: parseDay('Dates of service from', inputs.from.value) || null,
        to: parseDay('Dates of service to', inputs.to.value) || null};
    } catch (ignored) {
      return null; // the date is said to be wrong when the hold is placed
    }
  };

  /** Asks the server what a hold would hold now: each MRN's patient or problem, and the number of documents. */
  const showPreview = async () => {
    clearTimeout(previewTimer);
    const asked = formCriteria();
    if (!asked) {
      previewed = null;
      keep.hidden = true;
      replace(preview);
      return null;
    }
    const key = JSON.stringify(asked);
    if (previewed && previewed.key === key) return previewed.answer;
    let answer;
    try {
      answer = await api('/api/holds/preview', {method: 'POST', json: asked});
    } catch (error) {
      if (error.status !== 401) replace(preview, notice('error', error.message));
      return null;
    }
    if (!ctx.alive() || JSON.stringify(formCriteria()) !== key) return null;
    previewed = {key, answer};
    const patients = answer.patients || [];
    const unusual = patients.filter(p => !p.acceptable);
    keep.hidden = unusual.length === 0;
    const empty = patients.some(p => p.registryEmpty);
    replace(preview,
      h('p', {class: 'hold-count'}, h('strong', {}, `This hold would hold ${answer.documentsMatching} document${answer.documentsMatching === 1 ? '' : 's'} now`),
        ', and every matching document that arrives later.'),
      patients.length ? h('ul', {class: 'hold-patients'}, patients.map(p => h('li', {dataset: {mrn: p.mrn}},
        p.acceptable
          ? [`MRN ${p.mrn}: `, p.patientName ? h('strong', {}, p.patientName) : h('span', {class: 'muted'}, 'not checked against a registry'),
            p.birthDate ? ` · born ${day(p.birthDate)}` : '', p.message ? h('span', {class: 'muted'}, ` (${p.message})`) : '']
          : h('span', {class: 'mrn-problem'}, p.message)))) : null,
      empty ? h('p', {class: 'muted'}, 'The patient registry is empty (no ADT feed or import yet): only the form of each MRN is checked.') : null);
    return answer;
  };
  for (const input of [inputs.mrns, inputs.query, inputs.from, inputs.to]) {
    input.addEventListener('input', () => {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(showPreview, 400);
    });
    input.addEventListener('change', showPreview);
  }
  ctx.onLeave(() => clearTimeout(previewTimer));

  form.addEventListener('submit', async e => {
    e.preventDefault();
    let body;
    try {
      const mrns = mrnList(inputs.mrns.value);
      if (!inputs.name.value.trim()) throw new Error('Give the hold a name, so everyone recognizes it.');
      if (!mrns.length && !inputs.query.value.trim()) throw new Error('Name at least one MRN or search words: a hold must say what it covers.');
      body = {name: inputs.name.value.trim(), matter: inputs.matter.value.trim() || null, mrns,
        query: inputs.query.value.trim() || null,
        from: parseDay('Dates of service from', inputs.from.value) || null,
        to: parseDay('Dates of service to', inputs.to.value) || null};
    } catch (error) {
      replace(status, notice('error', error.message));
      return;
    }
    // what it will hold is shown before it is placed; an unusual MRN needs the reason
    const answer = await showPreview();
    if (!ctx.alive()) return;
    const unusual = ((answer && answer.patients) || []).filter(p => !p.acceptable);
    if (unusual.length && !reason.value.trim()) {
      replace(status, notice('error', unusual.map(p => p.message).join(' '), ' Correct the MRN, or say why the hold must cover it.'));
      keep.hidden = false;
      reason.focus();
      return;
    }
    if (unusual.length) body.confirmUnknownMrn = {reason: reason.value.trim()};
    replace(status, h('p', {class: 'muted'}, 'Placing the hold…'));
    try {
      const placed = await api('/api/holds', {method: 'POST', json: body});
      ctx.announce(`Hold placed on ${plural(placed.documentsHeld, 'document')}.`);
      ctx.navigate(`holds/${encodeURIComponent(placed.holdId)}`);
    } catch (error) {
      if (error.status === 422) {
        keep.hidden = false;
        reason.focus();
      }
      if (error.status !== 401) replace(status, notice('error', error.message));
    }
  });

  let holds;
  try {
    holds = (await api('/api/holds')).holds || [];
  } catch (error) {
    if (error.status !== 401) replace(list, h('h2', {id: 'holds-title'}, 'Holds'), notice('error', error.message));
    return;
  }
  if (!ctx.alive()) return;
  holds.sort((a, b) => (a.status === b.status ? String(b.placedAt).localeCompare(String(a.placedAt)) : a.status === 'active' ? -1 : 1));
  let offset = 0;
  const show = () => {
    const shown = clientPage(holds, offset, PAGE_SIZE);
    replace(list,
      h('h2', {id: 'holds-title'}, `Holds (${holds.filter(x => x.status === 'active').length} active)`),
      holds.length === 0 ? empty('No holds yet.', 'Place one above when litigation is expected.')
        : h('div', {class: 'table-wrap'}, h('table', {class: 'holds-table'},
          h('caption', {class: 'visually-hidden'}, 'Legal holds, active first'),
          h('thead', {}, h('tr', {}, ['Hold', 'Matter', 'Covers', 'Documents', 'Placed', 'Status'].map(t => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, shown.map(x => h('tr', {dataset: {holdId: x.holdId}},
            h('td', {class: 'wrap'}, h('a', {href: `#/holds/${encodeURIComponent(x.holdId)}`}, x.name)),
            h('td', {class: 'wrap'}, x.matter || '—'),
            h('td', {class: 'wrap'}, criteria(x)),
            h('td', {}, String(x.documentsHeld)),
            h('td', {}, `${dateTime(x.placedAt)} by ${x.placedBy}`),
            h('td', {}, holdBadge(x.status))))))),
      pager({offset, limit: PAGE_SIZE, count: shown.length, total: holds.length, label: 'holds', onPage: next => { offset = next; show(); }}));
  };
  show();
}

function criteria(hold) {
  const parts = [];
  if ((hold.mrns || []).length) parts.push(`MRN ${hold.mrns.join(', ')}`);
  if (hold.query) parts.push(`words: ${hold.query}`);
  if (hold.from || hold.to) parts.push(`service ${day(hold.from)} to ${day(hold.to)}`);
  return parts.join(' · ') || '—';
}

export async function holdScreen(ctx) {
  const {root, params} = ctx;
  const id = params.id;
  const path = `/api/holds/${encodeURIComponent(id)}`;
  replace(root, h('h1', {tabindex: '-1'}, 'Legal hold'), h('p', {class: 'muted'}, 'Loading…'));
  let hold;
  try {
    hold = await api(path);
  } catch (error) {
    if (error.status === 401) return;
    replace(root, h('p', {}, h('a', {href: '#/holds'}, '← Legal holds')), h('h1', {tabindex: '-1'}, 'Hold not available'),
      notice('error', error.message, ' Pick the hold from the list.'));
    ctx.focusHeading();
    return;
  }
  if (!ctx.alive()) return;
  ctx.title(`Hold: ${hold.name}`);
  const timers = new Set();
  ctx.onLeave(() => { for (const t of timers) clearTimeout(t); });

  const head = h('header');
  const docsBox = h('section', {class: 'panel', 'aria-labelledby': 'held-docs-title'});
  const exportsBox = h('section', {class: 'panel', 'aria-labelledby': 'exports-title'});
  const releaseBox = h('section', {class: 'panel', 'aria-labelledby': 'release-hold-title'});
  let docsOffset = 0;

  const drawHead = () => replace(head,
    h('p', {}, h('a', {href: '#/holds'}, '← Legal holds')),
    h('h1', {tabindex: '-1'}, hold.name),
    h('p', {class: 'release-facts'}, holdBadge(hold.status), ` ${hold.matter ? 'Matter ' + hold.matter + ' · ' : ''}${criteria(hold)}`),
    h('p', {class: 'muted'}, `Placed ${dateTime(hold.placedAt)} by ${hold.placedBy}`,
      hold.status === 'released' ? `; released ${dateTime(hold.releasedAt)} by ${hold.releasedBy}${hold.releaseReason ? ' (' + hold.releaseReason + ')' : ''}` : '', '.'));

  const drawDocuments = async () => {
    const ids = hold.documentIds || [];
    const shown = ids.slice(docsOffset, docsOffset + DOCS_PAGE);
    replace(docsBox, h('h2', {id: 'held-docs-title'}, `Documents ${hold.status === 'active' ? 'held' : 'it held'} (${ids.length})`),
      h('p', {class: 'muted'}, 'Loading…'));
    const rows = await Promise.all(shown.map(docId => api(`/api/documents/${encodeURIComponent(docId)}`).catch(error => ({documentId: docId, missing: error.message}))));
    if (!ctx.alive()) return;
    replace(docsBox, h('h2', {id: 'held-docs-title'}, `Documents ${hold.status === 'active' ? 'held' : 'it held'} (${ids.length})`),
      ids.length === 0 ? empty('No document matches this hold yet.', 'Documents that match and arrive later are added to it automatically.')
        : h('div', {class: 'table-wrap'}, h('table', {class: 'held-table'},
          h('caption', {class: 'visually-hidden'}, 'Documents covered by the hold'),
          h('thead', {}, h('tr', {}, ['Document', 'Patient', 'Type', 'Service date', 'Pages'].map(t => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, rows.map(d => d.missing
            ? h('tr', {dataset: {documentId: d.documentId}}, h('td', {class: 'mono'}, d.documentId), h('td', {colspan: 4, class: 'muted'}, d.missing))
            : h('tr', {dataset: {documentId: d.documentId}},
              h('td', {class: 'file-name'}, h('a', {href: `#/documents/${encodeURIComponent(d.documentId)}`}, d.fileName)),
              h('td', {}, d.patientName || '—', d.mrn ? h('span', {class: 'muted block'}, patientLink(d.mrn, `MRN ${d.mrn}`)) : null),
              h('td', {}, d.documentType || '—'),
              h('td', {}, day(d.serviceDate)),
              h('td', {}, String(d.pagesTotal))))))),
      pager({offset: docsOffset, limit: DOCS_PAGE, count: shown.length, total: ids.length, label: 'documents',
        onPage: next => { docsOffset = next; drawDocuments(); }}));
  };

  // ------------------------------------------------------------------------------------------ exports
  const exportRows = new Map(); // exportId -> row element kept up to date while the export runs
  const exportList = h('div');

  const exportCells = e => {
    const done = e.status === 'done';
    const base = `/api/exports/${encodeURIComponent(e.exportId)}`;
    return [
      h('td', {class: 'mono'}, e.exportId),
      h('td', {}, `${dateTime(e.requestedAt)} by ${e.requestedBy}`),
      h('td', {class: 'export-progress'},
        e.status === 'running'
          ? [h('progress', {max: 100, value: e.percent, 'aria-label': `Export ${e.exportId}: ${e.percent}%`}),
            ` ${e.documentsDone} of ${plural(e.documentsTotal, 'document')}`]
          : e.status === 'failed' ? h('span', {class: 'reason'}, `Failed: ${e.error || 'no reason given'}. Start a new export.`)
            : [`Done: ${plural(e.documentsTotal, 'document')}, ${plural(e.pages, 'page')}, Bates ${e.batesBegin || '—'} – ${e.batesEnd || '—'}`,
              e.recipient ? h('span', {class: 'muted block'}, `For ${e.recipient.organization || e.recipient.name}${e.recipient.party ? '' : ' (non-party: in the accounting)'}`) : null,
              (e.withheld || []).length ? h('span', {class: 'reason block export-withheld'}, `${plural(e.withheld.length, 'document')} withheld (protected records without a legal basis; see the custody report)`) : null]),
      h('td', {}, done ? h('div', {class: 'downloads'},
        h('a', {class: 'button secondary export-zip', href: `${base}/download`, download: ''}, `ZIP (${bytes(e.zipBytes)})`),
        h('a', {class: 'button secondary export-custody', href: `${base}/custody-report`, download: ''}, 'Chain-of-custody report (PDF)'),
        h('span', {class: 'hint mono block'}, `SHA-256 ${e.zipSha256 || '—'}`)) : '—'),
    ];
  };

  const exportRow = e => {
    const row = h('tr', {dataset: {exportId: e.exportId, status: e.status}}, exportCells(e));
    exportRows.set(e.exportId, row);
    if (e.status === 'running') follow(e.exportId);
    return row;
  };

  const following = new Set();
  const follow = exportId => {
    if (following.has(exportId)) return;
    following.add(exportId);
    const timer = setTimeout(async () => {
      timers.delete(timer);
      following.delete(exportId);
      let e;
      try {
        e = await api(`/api/exports/${encodeURIComponent(exportId)}`, {background: true});
      } catch (error) {
        const row = exportRows.get(exportId);
        if (row && error.status !== 401) replace(row, h('td', {colspan: 4}, notice('error', error.message, ' Reload the page to look again.')));
        return;
      }
      if (!ctx.alive()) return;
      const row = exportRows.get(exportId);
      if (!row) return;
      row.dataset.status = e.status;
      replace(row, exportCells(e));
      if (e.status === 'running') follow(exportId);
      else ctx.announce(e.status === 'done' ? `Export ${exportId} is ready to download.` : `Export ${exportId} failed.`);
    }, POLL_MS);
    timers.add(timer);
  };

  const drawExports = async () => {
    const prefix = h('input', {id: 'export-prefix', name: 'batesPrefix', autocomplete: 'off', placeholder: 'CV', maxlength: 20});
    const start = h('input', {id: 'export-start', name: 'batesStart', type: 'number', min: 1, step: 1, placeholder: 'next'});
    const recipient = h('input', {id: 'export-recipient', autocomplete: 'off', maxlength: 200});
    const party = h('select', {id: 'export-party'},
      h('option', {value: ''}, 'Choose…'), h('option', {value: 'yes'}, 'Yes, a party (or its counsel)'),
      h('option', {value: 'no'}, 'No: a non-party (listed in the patient\'s accounting)'));
    const method = h('input', {id: 'export-delivery', autocomplete: 'off', maxlength: 200, placeholder: 'e.g. secure file transfer'});
    const status = h('div', {class: 'form-status'});
    const form = h('form', {class: 'start-export', novalidate: true},
      h('div', {class: 'inline-form'}, field('Bates prefix', prefix),
        field('First Bates number', start, 'Empty: the matter\'s next number; numbers are never repeated within a matter.')),
      h('div', {class: 'inline-form'}, field('Recipient (optional)', recipient, 'Who receives the production: person or organization.'),
        field('A party to the matter?', party), field('Delivery method (optional)', method)),
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary', id: 'start-export', disabled: hold.status !== 'active'}, 'Start an export')),
      h('p', {class: 'hint'}, 'The export holds every document of the hold as a Bates-numbered PDF, a load file and a manifest of hashes; it is built in the background. Psychotherapy notes and Part 2 records are withheld unless the production is requested with a legal basis for them (see the API).'),
      status);
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const body = {};
      if (prefix.value.trim()) body.batesPrefix = prefix.value.trim();
      if (start.value) body.batesStart = Number(start.value);
      if (recipient.value.trim()) {
        if (!party.value) {
          replace(status, notice('error', 'Say whether the recipient is a party to the matter: a production to a non-party is listed in the patient\'s accounting of disclosures.'));
          party.focus();
          return;
        }
        body.recipient = {name: recipient.value.trim(), party: party.value === 'yes'};
      }
      if (method.value.trim()) body.delivery = {method: method.value.trim()};
      replace(status, h('p', {class: 'muted'}, 'Starting…'));
      try {
        const started = await api(`${path}/exports`, {method: 'POST', json: body});
        replace(status, notice('ok', `Export ${started.exportId} started; its progress is shown below.`));
        const table = exportList.querySelector('tbody');
        const row = exportRow({exportId: started.exportId, status: 'running', percent: 0, documentsDone: 0,
          documentsTotal: (hold.documentIds || []).length, requestedAt: new Date().toISOString(), requestedBy: ctx.session.user.username});
        if (table) table.prepend(row);
        else drawExportList([]).then(() => exportList.querySelector('tbody').prepend(row));
      } catch (error) {
        if (error.status !== 401) replace(status, notice('error', error.message));
      }
    });
    replace(exportsBox, h('h2', {id: 'exports-title'}, 'Production exports'),
      hold.status === 'active' ? form : h('p', {class: 'muted'}, 'The hold is released: no new export can be started.'), exportList);
    let exports = [];
    try {
      exports = (await api(`${path}/exports`)).exports || [];
    } catch (error) {
      if (error.status !== 401) replace(exportList, notice('error', error.message));
      return;
    }
    if (ctx.alive()) await drawExportList(exports);
  };

  const drawExportList = async exports => {
    exports.sort((a, b) => String(b.requestedAt).localeCompare(String(a.requestedAt)));
    replace(exportList, h('div', {class: 'table-wrap'}, h('table', {class: 'exports-table'},
      h('caption', {class: 'visually-hidden'}, 'Exports of this hold, newest first'),
      h('thead', {}, h('tr', {}, ['Export', 'Requested', 'Progress', 'Download'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, exports.map(exportRow)))),
    exports.length === 0 ? h('p', {class: 'muted no-exports'}, 'No export yet.') : null);
  };

  const drawRelease = () => {
    if (hold.status !== 'active') {
      replace(releaseBox);
      return;
    }
    const reason = h('textarea', {id: 'release-hold-reason', rows: 2});
    const status = h('div', {class: 'form-status'});
    const confirm = h('input', {type: 'checkbox', id: 'release-hold-confirm'});
    const form = h('form', {novalidate: true},
      field('Why is the hold released?', reason, 'E.g. "case settled 2026-03-01". It is kept with the hold.'),
      h('div', {class: 'check'}, confirm, h('label', {for: 'release-hold-confirm'},
        `I understand that the ${plural((hold.documentIds || []).length, 'document')} it holds can then be deleted and purged by the retention schedule.`)),
      status,
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'secondary danger', id: 'release-hold'}, 'Release the hold')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      if (!reason.value.trim()) {
        replace(status, notice('error', 'Write why the hold is released.'));
        reason.focus();
        return;
      }
      if (!confirm.checked) {
        replace(status, notice('error', 'Tick the box to confirm you mean to release it.'));
        confirm.focus();
        return;
      }
      try {
        hold = await api(`${path}/release`, {method: 'POST', json: {reason: reason.value.trim()}});
      } catch (error) {
        if (error.status !== 401) replace(status, notice('error', error.message));
        return;
      }
      if (!ctx.alive()) return;
      drawHead();
      drawRelease();
      drawExports();
      drawDocuments();
      head.append(notice('ok', 'The hold is released.'));
      ctx.announce('The hold is released.');
    });
    replace(releaseBox, h('h2', {id: 'release-hold-title'}, 'Release the hold'), form);
  };

  replace(root, head, exportsBox, docsBox, releaseBox);
  drawHead();
  drawRelease();
  ctx.focusHeading();
  await Promise.all([drawExports(), drawDocuments()]);
}

