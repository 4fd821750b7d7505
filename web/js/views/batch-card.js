// A batch and the processing progress of each of its files, kept live by the server's event stream.
import {api} from '../api.js';
import {h, replace, notice} from '../dom.js';
import {batchOutcomeBadge, dateTime, pager, plural, statusBadge, statusLabel} from '../widgets.js';

// Browsers open at most six connections to one server; each event stream holds one open. Past this many
// live batches, the others are polled instead so the rest of the UI is never starved of connections.
const MAX_STREAMS = 3;
const POLL_MS = 3000;
const FILES_PAGE = 25; // a batch can hold hundreds of files
let openStreams = 0;

/**
 * An element showing the batch, current at once and then kept live: by the server's event stream while the
 * batch is processing (polling when too many streams are open already). Call stop() when the screen is left.
 */
export function liveBatchCard(batchId, {onDone, headingLevel = 'h2'} = {}) {
  const card = h('section', {class: 'batch-card', 'aria-busy': 'true', dataset: {batchId}},
    h(headingLevel, {}, `Batch ${batchId}`), h('p', {class: 'muted'}, 'Loading…'));
  const path = `/api/batches/${encodeURIComponent(batchId)}`;
  let stream = null;
  let timer = null;
  let stopped = false;
  let finished = false;
  let latest = null;
  let filesOffset = 0;

  let renaming = false;
  const draw = () => fill(card, latest, headingLevel, filesOffset, next => { filesOffset = next; draw(); }, {
    renaming,
    startRename: () => { renaming = true; draw(); },
    endRename: renamed => { renaming = false; if (renamed) latest = renamed; draw(); },
  });
  const show = progress => {
    if (stopped || finished) return;
    latest = progress;
    draw();
    if (progress.status === 'done') {
      finished = true;
      closeStream();
      if (onDone) onDone(progress);
    }
  };
  const failed = error => {
    if (!stopped && error.status !== 401) {
      replace(card, h(headingLevel, {}, `Batch ${batchId}`), notice('error', error.message, ' Reload the page to try again.'));
    }
  };
  const poll = async () => {
    try {
      show(await api(path, {background: true}));
    } catch (error) {
      failed(error);
      return;
    }
    if (!stopped && !finished) timer = setTimeout(poll, POLL_MS);
  };
  const closeStream = () => {
    if (stream) {
      stream.close();
      stream = null;
      openStreams -= 1;
    }
    clearTimeout(timer);
  };
  const listen = () => {
    if (openStreams >= MAX_STREAMS) {
      timer = setTimeout(poll, POLL_MS);
      return;
    }
    openStreams += 1;
    stream = new EventSource(`${path}/events`);
    stream.addEventListener('progress', event => show(JSON.parse(event.data)));
    stream.addEventListener('error', () => {
      // a dropped connection is retried by the browser itself; a refused one is followed by polling instead
      if (stream && stream.readyState === EventSource.CLOSED && !finished) {
        closeStream();
        poll();
      }
    });
  };

  api(path).then(progress => {
    show(progress);
    if (!finished && !stopped) listen();
  }, failed);
  return {card, stop: () => { stopped = true; closeStream(); }};
}

/** The batch's name, or its id when it has none. */
export function batchTitle(progress) {
  return progress.name || `Batch ${progress.batchId}`;
}

function fill(card, progress, headingLevel, filesOffset, onFilesPage, rename) {
  const done = progress.status === 'done';
  card.setAttribute('aria-busy', String(!done));
  card.classList.toggle('done', done);
  const files = progress.documents || [];
  replace(card,
    h(headingLevel, {class: 'batch-title'}, batchTitle(progress),
      progress.name ? h('span', {class: 'batch-id muted'}, ` ${progress.batchId}`) : null),
    rename.renaming ? renameForm(progress, rename.endRename) : h('p', {class: 'batch-meta'},
      `Uploaded ${dateTime(progress.createdAt)} by ${progress.createdBy} · ${plural(files.length, 'file')} · `,
      h('button', {type: 'button', class: 'link batch-rename', on: {click: rename.startRename}},
        progress.name ? 'Rename' : 'Name this batch')),
    h('p', {class: 'batch-summary', dataset: {status: progress.status, outcome: progress.outcome || ''}}, batchOutcomeBadge(progress)),
    h('progress', {class: 'batch-progress', max: Math.max(1, progress.pagesTotal), value: done ? Math.max(1, progress.pagesTotal) : progress.pagesDone,
      'aria-label': `Pages processed in ${batchTitle(progress)}`}),
    h('div', {class: 'table-wrap'}, h('table', {class: 'files'},
      h('caption', {class: 'visually-hidden'}, `Files of ${batchTitle(progress)}`),
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'File'), h('th', {scope: 'col'}, 'Status'),
        h('th', {scope: 'col'}, 'Pages'), h('th', {scope: 'col'}, 'What happened'))),
      h('tbody', {}, files.slice(filesOffset, filesOffset + FILES_PAGE).map(fileRow)))),
    files.length > FILES_PAGE ? pager({offset: filesOffset, limit: FILES_PAGE, total: files.length,
      count: files.slice(filesOffset, filesOffset + FILES_PAGE).length, label: 'files', onPage: onFilesPage}) : null);
  if (rename.renaming) card.querySelector('.batch-name-input').focus();
}

/** Naming the batch (blank clears the name); Escape or Cancel leaves it as it was. */
function renameForm(progress, done) {
  const input = h('input', {class: 'batch-name-input', id: `batch-name-${progress.batchId}`, value: progress.name || '',
    maxlength: 120, autocomplete: 'off'});
  const status = h('span', {class: 'form-status'});
  const form = h('form', {class: 'inline-form batch-rename-form', novalidate: true},
    h('label', {for: input.id}, 'Batch name'), input,
    h('button', {type: 'submit', class: 'primary'}, 'Save name'),
    h('button', {type: 'button', class: 'secondary', on: {click: () => done(null)}}, 'Cancel'), status);
  input.addEventListener('keydown', e => { if (e.key === 'Escape') done(null); });
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      done(await api(`/api/batches/${encodeURIComponent(progress.batchId)}`, {method: 'PATCH', json: {name: input.value.trim() || null}}));
    } catch (error) {
      if (error.status !== 401) replace(status, notice('error', error.message));
    }
  });
  return form;
}

function fileRow(file) {
  const settled = ['indexed', 'needs-review', 'failed'].includes(file.status);
  const pages = file.pagesTotal > 0
    ? [h('progress', {max: file.pagesTotal, value: settled ? file.pagesTotal : file.pages, 'aria-label': `Pages processed of ${file.file}`}),
      ` ${settled ? file.pagesTotal : file.pages} of ${file.pagesTotal}`]
    : (['queued', 'processing'].includes(file.status) ? h('progress', {'aria-label': `Waiting: ${file.file}`}) : '—');
  return h('tr', {dataset: {status: file.status}},
    h('td', {class: 'file-name'}, file.file),
    h('td', {}, statusBadge(file.status)),
    h('td', {class: 'pages'}, pages),
    h('td', {}, explanation(file)));
}

function explanation(file) {
  const open = (text) => file.documentId
    ? h('a', {href: `#/documents/${encodeURIComponent(file.documentId)}`}, text) : null;
  switch (file.status) {
    case 'duplicate':
      return [h('span', {}, 'This exact file is already archived; it was not stored again. '), open('Open the archived copy')];
    case 'rejected':
      return h('span', {class: 'reason'}, file.error || 'Not accepted.', ' Fix the file and upload it again.');
    case 'failed':
      return [h('span', {class: 'reason'}, file.error || 'Processing failed.'), ' ', open('Open')];
    case 'needs-review':
      return [h('span', {}, 'An indexer will check it in the review queue. '), open('Open')];
    case 'indexed':
      return open('Open');
    case 'deleted':
      return 'Deleted since upload.';
    default:
      return statusLabel(file.status);
  }
}
