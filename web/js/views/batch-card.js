// A batch and the processing progress of each of its files, kept live by the server's event stream.
import {api} from '../api.js';
import {h, replace} from '../dom.js';
import {dateTime, statusBadge, statusLabel} from '../widgets.js';

// Browsers open at most six connections to one server; each event stream holds one open. Past this many
// live batches, the others are polled instead so the rest of the UI is never starved of connections.
const MAX_STREAMS = 3;
const POLL_MS = 3000;
let openStreams = 0;

/** An element showing the batch; call the returned stop() when the screen is left. */
export function liveBatchCard(batchId, {onDone, headingLevel = 'h2'} = {}) {
  const card = h('section', {class: 'batch-card', 'aria-busy': 'true', dataset: {batchId}},
    h(headingLevel, {}, `Batch ${batchId}`), h('p', {class: 'muted'}, 'Connecting…'));
  let stream = null;
  let timer = null;
  let stopped = false;
  let finished = false;

  const show = progress => {
    if (stopped) return;
    fill(card, progress, headingLevel);
    if (progress.status === 'done' && !finished) {
      finished = true;
      closeStream();
      if (onDone) onDone(progress);
    }
  };
  const poll = async () => {
    try {
      show(await api(`/api/batches/${encodeURIComponent(batchId)}`, {background: true}));
    } catch (error) {
      if (!stopped) replace(card, h(headingLevel, {}, `Batch ${batchId}`), h('p', {class: 'notice error', role: 'alert'}, error.message));
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

  if (openStreams < MAX_STREAMS) {
    openStreams += 1;
    stream = new EventSource(`/api/batches/${encodeURIComponent(batchId)}/events`);
    stream.addEventListener('progress', event => show(JSON.parse(event.data)));
    stream.addEventListener('error', () => {
      // a dropped connection is retried by the browser itself; a refused one (closed) is looked at by polling
      if (stream && stream.readyState === EventSource.CLOSED && !finished) {
        stream.close();
        stream = null;
        openStreams -= 1;
        poll();
      }
    });
  } else {
    poll();
  }
  return {card, stop: () => { stopped = true; closeStream(); }};
}

function fill(card, progress, headingLevel) {
  const done = progress.status === 'done';
  card.setAttribute('aria-busy', String(!done));
  card.classList.toggle('done', done);
  const files = progress.documents || [];
  const failed = files.filter(f => ['failed', 'rejected'].includes(f.status)).length;
  const duplicates = files.filter(f => f.status === 'duplicate').length;
  const summary = done
    ? `Done: ${progress.pagesDone} page${progress.pagesDone === 1 ? '' : 's'} processed`
    : `Processing: ${progress.pagesDone} of ${progress.pagesTotal || '?'} pages`;
  const notes = [];
  if (duplicates) notes.push(`${duplicates} duplicate${duplicates === 1 ? '' : 's'}`);
  if (failed) notes.push(`${failed} not processed`);
  replace(card,
    h(headingLevel, {}, `Batch ${progress.batchId}`),
    h('p', {class: 'batch-meta'}, `Uploaded ${dateTime(progress.createdAt)} by ${progress.createdBy}`),
    h('p', {class: 'batch-summary', dataset: {status: progress.status}}, statusBadge(progress.status), ' ', summary,
      notes.length ? ` · ${notes.join(', ')}` : ''),
    h('progress', {class: 'batch-progress', max: Math.max(1, progress.pagesTotal), value: done ? Math.max(1, progress.pagesTotal) : progress.pagesDone,
      'aria-label': `Pages processed in batch ${progress.batchId}`}),
    h('div', {class: 'table-wrap'}, h('table', {class: 'files'},
      h('caption', {class: 'visually-hidden'}, `Files of batch ${progress.batchId}`),
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'File'), h('th', {scope: 'col'}, 'Status'),
        h('th', {scope: 'col'}, 'Pages'), h('th', {scope: 'col'}, 'What happened'))),
      h('tbody', {}, files.map(fileRow)))));
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
