// Capture (scanning staff): send many files as one batch, watch each upload and then each document's processing
// live, and look back at earlier batches.
import {api, fetchFile, uploadBatch} from '../api.js';
import {h, replace, field, notice, empty} from '../dom.js';
import {batchOutcomeBadge, bytes, dateFormat, dateTime, documentTypeList, pager, parseDay} from '../widgets.js';
import {batchTitle, liveBatchCard} from './batch-card.js';
import {mrnCheck} from '../patient-lookup.js';

const HISTORY_PAGE = 10;
const ACCEPTED = '.pdf,.tif,.tiff,.png,.jpg,.jpeg,.zip,application/pdf,image/tiff,image/png,image/jpeg,application/zip';

export async function captureScreen(ctx) {
  const {root} = ctx;
  let chosen = [];          // File objects waiting to be sent
  let uploading = false;

  const fileInput = h('input', {type: 'file', multiple: true, accept: ACCEPTED, id: 'capture-files', name: 'file',
    'aria-describedby': 'capture-drop-hint'});
  const dropZone = h('div', {class: 'drop-zone', id: 'drop-zone'},
    h('p', {class: 'drop-title', id: 'capture-drop-hint'},
      'Drag scans here, or choose them: PDF, TIFF (also multi-page), PNG, JPEG, or a ZIP of these.'),
    h('label', {for: 'capture-files', class: 'visually-hidden'}, 'Files to upload'), fileInput);
  const chosenList = h('div', {class: 'chosen', 'aria-live': 'polite'});
  const status = h('div', {class: 'form-status'});
  const submit = h('button', {type: 'submit', class: 'primary', disabled: true}, 'Upload');
  const clear = h('button', {type: 'button', class: 'secondary', disabled: true}, 'Clear the list');

  const indexingFields = {
    mrn: h('input', {name: 'mrn', autocomplete: 'off'}),
    patientName: h('input', {name: 'patientName', autocomplete: 'off'}),
    birthDate: h('input', {name: 'birthDate', inputmode: 'numeric', placeholder: dateFormat(), autocomplete: 'off'}),
    documentType: h('input', {name: 'documentType', list: 'capture-types', autocomplete: 'off'}),
    serviceDate: h('input', {name: 'serviceDate', inputmode: 'numeric', placeholder: dateFormat(), autocomplete: 'off'}),
    encounter: h('input', {name: 'encounter', autocomplete: 'off'}),
  };
  const indexing = h('details', {class: 'batch-indexing'},
    h('summary', {}, 'Same patient or type for every file? (optional)'),
    h('p', {class: 'hint'}, 'Leave empty when the files belong to different patients: indexers assign them later in the review queue.'),
    h('div', {class: 'grid-fields'},
      field('MRN', indexingFields.mrn), field('Patient name', indexingFields.patientName),
      field('Birth date', indexingFields.birthDate), field('Document type', indexingFields.documentType),
      field('Service date', indexingFields.serviceDate), field('Encounter', indexingFields.encounter)),
    documentTypeList('capture-types'));

  const splitAtSheets = h('input', {type: 'checkbox', id: 'capture-split', name: 'split', checked: true,
    'aria-describedby': 'capture-split-hint'});
  const splitOption = h('div', {class: 'split-option'},
    h('div', {class: 'check'}, splitAtSheets, h('label', {for: 'capture-split'}, 'Cut the files at ChartVault separator sheets')),
    h('p', {class: 'hint', id: 'capture-split-hint'},
      'Each separator sheet starts a new document, filed with the values printed on it. Untick to keep every file as one document.'));
  const batchName = h('input', {id: 'capture-batch-name', name: 'name', maxlength: 120, autocomplete: 'off'});
  const form = h('form', {class: 'upload-form', 'aria-labelledby': 'upload-title'},
    h('h2', {id: 'upload-title'}, 'Upload a batch'), dropZone, chosenList,
    field('Batch name (optional)', batchName, 'What you will know it by in the history, e.g. "ER charts, Tuesday night".'),
    splitOption, indexing, status,
    h('div', {class: 'actions'}, submit, clear));
  const live = h('div', {class: 'live-batches', id: 'live-batches'});
  const history = h('section', {class: 'history', 'aria-labelledby': 'history-title'});

  replace(root,
    h('h1', {tabindex: '-1'}, 'Capture'),
    h('p', {class: 'lead'}, 'Upload scanned charts. Each upload is one batch; you can follow every file until it is searchable.'),
    form, separatorSheets(ctx), live, history);
  ctx.focusHeading();

  const showChosen = () => {
    submit.disabled = chosen.length === 0 || uploading;
    clear.disabled = chosen.length === 0 || uploading;
    submit.textContent = chosen.length ? `Upload ${chosen.length} file${chosen.length === 1 ? '' : 's'}` : 'Upload';
    if (chosen.length === 0) {
      replace(chosenList);
      return;
    }
    const total = chosen.reduce((sum, f) => sum + f.size, 0);
    replace(chosenList, h('div', {class: 'table-wrap'}, h('table', {class: 'files'},
      h('caption', {}, `${chosen.length} file${chosen.length === 1 ? '' : 's'} chosen, ${bytes(total)}`),
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'File'), h('th', {scope: 'col'}, 'Size'),
        h('th', {scope: 'col'}, 'Upload'), h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Remove')))),
      h('tbody', {}, chosen.map((file, i) => h('tr', {dataset: {index: i}},
        h('td', {class: 'file-name'}, file.name),
        h('td', {}, bytes(file.size)),
        h('td', {}, h('progress', {class: 'upload-progress', max: 100, value: 0, 'aria-label': `Upload of ${file.name}`}),
          h('span', {class: 'upload-percent'}, '')),
        h('td', {}, h('button', {type: 'button', class: 'link', disabled: uploading, 'aria-label': `Remove ${file.name}`,
          on: {click: () => { chosen.splice(i, 1); showChosen(); }}}, 'Remove'))))))));
  };

  const add = files => {
    if (uploading) return;
    const known = new Set(chosen.map(f => `${f.name}|${f.size}|${f.lastModified}`));
    for (const f of files) if (!known.has(`${f.name}|${f.size}|${f.lastModified}`)) chosen.push(f);
    replace(status);
    showChosen();
  };

  fileInput.addEventListener('change', () => {
    add([...fileInput.files]);
    fileInput.value = '';
  });
  for (const type of ['dragenter', 'dragover']) {
    dropZone.addEventListener(type, e => { e.preventDefault(); dropZone.classList.add('dragging'); });
  }
  for (const type of ['dragleave', 'drop']) {
    dropZone.addEventListener(type, () => dropZone.classList.remove('dragging'));
  }
  dropZone.addEventListener('drop', e => {
    e.preventDefault();
    add([...(e.dataTransfer ? e.dataTransfer.files : [])]);
  });
  clear.addEventListener('click', () => { chosen = []; showChosen(); replace(status); });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (!chosen.length || uploading) return;
    let fields;
    try {
      fields = Object.fromEntries(Object.entries(indexingFields).map(([k, input]) =>
        [k, k === 'birthDate' ? parseDay('Birth date', input.value) : k === 'serviceDate' ? parseDay('Service date', input.value) : input.value.trim()]));
    } catch (error) {
      indexing.open = true;
      replace(status, notice('error', error.message));
      return;
    }
    fields.split = splitAtSheets.checked ? 'separators' : 'none';
    fields.name = batchName.value.trim();
    uploading = true;
    showChosen();
    const files = chosen;
    const bars = [...chosenList.querySelectorAll('progress.upload-progress')];
    const percents = [...chosenList.querySelectorAll('.upload-percent')];
    const sizes = files.map(f => f.size);
    const payload = sizes.reduce((a, b) => a + b, 0);
    replace(status, h('p', {class: 'muted'}, 'Uploading…'));
    try {
      const receipt = await uploadBatch(files, fields, (loaded, total) => {
        // the body is the files in order plus a little multipart framing: share the bytes out file by file
        let sent = loaded * payload / Math.max(total, 1);
        sizes.forEach((size, i) => {
          const part = size === 0 ? 1 : Math.max(0, Math.min(1, sent / size));
          sent -= size;
          bars[i].value = Math.round(part * 100);
          percents[i].textContent = ` ${Math.round(part * 100)}%`;
        });
      });
      bars.forEach((bar, i) => { bar.value = 100; percents[i].textContent = ' sent'; });
      chosen = [];
      uploading = false;
      const counts = countOutcomes(receipt.documents);
      replace(status, notice('ok', `${receipt.name ? `Batch “${receipt.name}”` : `Batch ${receipt.batchId}`} received: ${counts}. Processing has started; you can upload the next batch now.`));
      ctx.announce(`Batch received: ${counts}.`);
      for (const input of Object.values(indexingFields)) input.value = '';
      batchName.value = '';
      showChosen();
      follow(receipt.batchId);
    } catch (error) {
      uploading = false;
      showChosen();
      replace(status, notice('error', error.message, ' Nothing from this upload was stored unless it is listed in the batch history.'));
    }
  });

  const follow = batchId => {
    const {card, stop} = liveBatchCard(batchId, {headingLevel: 'h3', onDone: () => loadHistory(0)});
    ctx.onLeave(stop);
    live.prepend(card);
    loadHistory(0);
  };

  const loadHistory = async offset => {
    let answer;
    try {
      answer = await api('/api/batches', {query: {offset, limit: HISTORY_PAGE}});
    } catch (error) {
      replace(history, h('h2', {id: 'history-title'}, 'Batch history'), notice('error', error.message));
      return;
    }
    if (!ctx.alive()) return;
    const batches = answer.batches || [];
    replace(history,
      h('h2', {id: 'history-title'}, 'Batch history'),
      batches.length === 0 && offset === 0
        ? empty('No batches yet.', 'Upload your first scans above; each upload appears here with its progress.')
        : h('div', {class: 'table-wrap'}, h('table', {class: 'history-table'},
          h('caption', {class: 'visually-hidden'}, 'Earlier batches, newest first'),
          h('thead', {}, h('tr', {}, ['Batch', 'Uploaded', 'By', 'Files', 'Pages', 'Status'].map(t => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, batches.map(b => h('tr', {dataset: {batchId: b.batchId}},
            h('td', {}, h('a', {href: `#/batches/${encodeURIComponent(b.batchId)}`}, batchTitle(b))),
            h('td', {}, dateTime(b.createdAt)),
            h('td', {}, b.createdBy),
            h('td', {}, String((b.documents || []).length)),
            h('td', {}, `${b.pagesDone} of ${b.pagesTotal}`),
            h('td', {}, batchOutcomeBadge(b))))))),
      pager({offset, limit: HISTORY_PAGE, count: batches.length, label: 'batches', onPage: loadHistory}));
  };

  await loadHistory(0);
}

/**
 * Printing separator sheets: one with the values of the next document (its barcode files the pages after it), or
 * a blank "next document" sheet that only cuts. The PDF opens in a new tab to print.
 */
function separatorSheets(ctx) {
  const inputs = {
    mrn: h('input', {id: 'sheet-mrn', name: 'mrn', autocomplete: 'off'}),
    patientName: h('input', {id: 'sheet-patientName', name: 'patientName', autocomplete: 'off'}),
    documentType: h('input', {id: 'sheet-documentType', name: 'documentType', list: 'sheet-types', autocomplete: 'off'}),
    serviceDate: h('input', {id: 'sheet-serviceDate', name: 'serviceDate', inputmode: 'numeric', placeholder: dateFormat(), autocomplete: 'off'}),
    encounter: h('input', {id: 'sheet-encounter', name: 'encounter', autocomplete: 'off'}),
  };
  const status = h('div', {class: 'form-status'});
  const mrnBox = mrnCheck(inputs.mrn, {keepHint: 'The reason is recorded in the audit trail.'});
  let lastSheet = null;
  /** Asks for the sheet first (so a refusal is shown here, in words), then opens the PDF in a new tab to print. */
  const openSheet = async query => {
    replace(status, h('p', {class: 'muted'}, 'Making the sheet…'));
    let file;
    try {
      file = await fetchFile('/api/separator-sheets', {query, fallbackName: 'separator-sheet.pdf'});
    } catch (error) {
      if (error.status !== 401) replace(status, notice('error', error.message));
      return;
    }
    if (lastSheet) URL.revokeObjectURL(lastSheet);
    lastSheet = URL.createObjectURL(file.blob);
    const opened = window.open(lastSheet, '_blank');
    const link = h('a', {href: lastSheet, target: '_blank', rel: 'noopener', id: 'sheet-link', download: file.fileName}, 'download the sheet');
    replace(status, opened
      ? notice('ok', 'The sheet opened in a new tab: print it from there, or ', link, '.')
      : notice('info', 'Your browser kept the new tab from opening: ', link, ' and print it.'));
    ctx.announce('The separator sheet is ready.');
  };
  const form = h('form', {novalidate: true, class: 'sheet-form'},
    h('p', {class: 'hint'}, 'Put a printed sheet in front of each document in the scanner\'s stack. Fill in what you know; the MRN and the document type are what file it.'),
    h('div', {class: 'grid-fields'},
      h('div', {}, field('MRN', inputs.mrn), mrnBox.element), field('Patient name', inputs.patientName), field('Document type', inputs.documentType),
      field('Service date', inputs.serviceDate), field('Encounter', inputs.encounter)),
    documentTypeList('sheet-types'),
    status,
    h('div', {class: 'actions'},
      h('button', {type: 'submit', class: 'secondary', id: 'sheet-open'}, 'Open the sheet (PDF)'),
      h('button', {type: 'button', class: 'secondary', id: 'sheet-blank', on: {click: () => openSheet({})}}, 'Blank "next document" sheet')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    let serviceDate;
    try {
      serviceDate = parseDay('Service date', inputs.serviceDate.value);
    } catch (error) {
      replace(status, notice('error', error.message));
      inputs.serviceDate.focus();
      return;
    }
    const query = {mrn: inputs.mrn.value.trim(), patientName: inputs.patientName.value.trim(),
      documentType: inputs.documentType.value.trim(), serviceDate, encounter: inputs.encounter.value.trim()};
    if (!Object.values(query).some(Boolean)) {
      replace(status, notice('error', 'Fill in at least the MRN or the document type, or print a blank "next document" sheet.'));
      inputs.mrn.focus();
      return;
    }
    if (query.mrn) {
      // the sheet files whatever is scanned behind it: the wrong MRN files a chart under nobody, or somebody else
      const answer = await mrnBox.check();
      if (mrnBox.needsReason(answer)) {
        replace(status, notice('error', answer.message, ' Correct it, or say why it is right.'));
        mrnBox.askReason();
        return;
      }
      if (answer && !answer.acceptable) query.confirmUnknownMrn = mrnBox.confirmation().reason;
    }
    openSheet(query);
  });
  return h('details', {class: 'panel separator-sheets'},
    h('summary', {}, h('h2', {class: 'inline-heading'}, 'Print separator sheets')), form);
}

function countOutcomes(documents) {
  const by = {};
  for (const d of documents || []) by[d.status] = (by[d.status] || 0) + 1;
  const words = {queued: 'accepted', duplicate: 'duplicate', rejected: 'rejected'};
  return Object.entries(by).map(([s, n]) => `${n} ${words[s] || s}`).join(', ') || 'no files';
}

/** One batch on its own page, live while it is processing. */
export async function batchScreen(ctx) {
  const {root, params} = ctx;
  const {card, stop} = liveBatchCard(params.id, {headingLevel: 'h2', onDone: progress => {
    if (progress.name && ctx.alive()) ctx.title(progress.name);
  }});
  ctx.onLeave(stop);
  replace(root,
    h('p', {}, h('a', {href: '#/capture'}, '← Capture')),
    h('h1', {tabindex: '-1'}, `Batch ${params.id}`),
    card);
  ctx.title(`Batch ${params.id}`);
  ctx.focusHeading();
}
