// Small pieces several screens share: formatting, paging, status badges.
import {h, append} from './dom.js';
import {api} from './api.js';

const STATUS = {
  queued: ['Queued', 'Waiting for a free worker.'],
  processing: ['Processing', 'Pages are being read (OCR).'],
  indexed: ['Done', 'Processed and searchable.'],
  'needs-review': ['Needs review', 'Processed; an indexer must check the patient, type or low-confidence pages.'],
  failed: ['Failed', 'Could not be processed; see the reason.'],
  duplicate: ['Duplicate', 'The same file is already archived; nothing new was stored.'],
  rejected: ['Rejected', 'Not accepted; see the reason.'],
  deleted: ['Deleted', 'This document has been deleted since.'],
  done: ['Done', 'Every file of the batch has been processed.'],
};

export function statusLabel(status) {
  return (STATUS[status] || [status || 'Unknown'])[0];
}

export function statusBadge(status) {
  const [label, meaning] = STATUS[status] || [status || 'Unknown', ''];
  return h('span', {class: ['badge', 'status-' + String(status).replace(/[^a-z-]/g, '')], title: meaning || null}, label);
}

// One date format everywhere a day is shown or typed: the server's CHARTVAULT_DATE_FORMAT (MM/DD/YYYY unless set),
// learned at login. The API itself always speaks YYYY-MM-DD.
let format = 'MM/DD/YYYY';

/** Sets the format days are shown and read in (from the login answer). */
export function setDateFormat(value) {
  if (['MM/DD/YYYY', 'DD/MM/YYYY', 'YYYY-MM-DD'].includes(value)) format = value;
}

/** The format as people read it, for placeholders and hints: "MM/DD/YYYY". */
export function dateFormat() {
  return format;
}

/** What a date field's hint says it takes. */
export function dateHint() {
  return format === 'YYYY-MM-DD' ? 'YYYY-MM-DD' : `${format}, or YYYY-MM-DD`;
}

function formatted(y, m, d) {
  const mm = String(m).padStart(2, '0'), dd = String(d).padStart(2, '0');
  if (format === 'DD/MM/YYYY') return `${dd}/${mm}/${y}`;
  if (format === 'YYYY-MM-DD') return `${y}-${mm}-${dd}`;
  return `${mm}/${dd}/${y}`;
}

/** A time as the user's clock shows it, with the day in the one format: "03/12/2026, 2:05 PM". */
export function dateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const time = d.toLocaleTimeString(format === 'MM/DD/YYYY' ? 'en-US' : 'en-GB', {hour: 'numeric', minute: '2-digit'});
  return `${formatted(d.getFullYear(), d.getMonth() + 1, d.getDate())}, ${time}`;
}

/** A calendar day (YYYY-MM-DD from the API) in the one format; no time zone may shift a date of service. */
export function day(value) {
  if (!value) return '—';
  const parts = String(value).match(/^(\d{4})-(\d{2})-(\d{2})$/);
  return parts ? formatted(parts[1], parts[2], parts[3]) : String(value);
}

/** A day from the API as a date field shows it for editing ('' when none). */
export function dayInput(value) {
  return value ? day(value) : '';
}

/** "1 page", "3 pages": a count with its noun agreeing (give the plural when it is not the noun + s). */
export function plural(n, one, many = one + 's') {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * What a batch came to, in words and in the color of its badge: processing (blue); complete (green) only when no
 * file needs anyone; needs-review (amber) when an indexer must check some; problems (red) when some were rejected
 * or failed. E.g. "Done — 3 need review, 1 rejected".
 */
export function batchOutcome(progress) {
  const c = progress.counts || {};
  if (progress.status !== 'done') {
    return {kind: 'processing', label: 'Processing',
      text: `Processing — ${progress.pagesDone} of ${plural(progress.pagesTotal || 0, 'page')} read`};
  }
  const parts = [];
  if (c.needsReview) parts.push(`${c.needsReview} ${c.needsReview === 1 ? 'needs' : 'need'} review`);
  if (c.rejected) parts.push(`${c.rejected} rejected`);
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.duplicate) parts.push(`${c.duplicate} already archived`);
  if (c.deleted) parts.push(`${c.deleted} deleted since`);
  const indexed = c.indexed || 0;
  const text = parts.length
    ? `Done — ${parts.join(', ')}${indexed ? `; ${indexed} indexed` : ''}`
    : `Done — ${indexed === 1 ? 'the file is' : `all ${indexed} files are`} indexed`;
  const kind = progress.outcome || 'complete';
  const label = {complete: 'Done', 'needs-review': 'Needs review', problems: 'Problems'}[kind] || 'Done';
  return {kind, label, text};
}

/** The batch's outcome as a colored badge and its sentence. */
export function batchOutcomeBadge(progress) {
  const {kind, label, text} = batchOutcome(progress);
  return h('span', {class: ['batch-outcome', 'outcome-' + kind], dataset: {outcome: kind}},
    h('span', {class: ['badge', 'outcome-badge']}, label), ' ', h('span', {class: 'outcome-text'}, text));
}

export function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** m:ss for a countdown. */
export function clock(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Previous / next paging for a list the server pages. total may be unknown (null): then `more` (or a full
 * page) decides whether there is a next page.
 */
export function pager({offset, limit, count, total = null, more = null, label = 'items', onPage}) {
  if (count === 0 && offset === 0) return null;
  const hasMore = total !== null ? offset + count < total : (more !== null ? more : count === limit);
  const first = count === 0 ? offset : offset + 1;
  const last = offset + count;
  const summary = total !== null ? `${first}–${last} of ${total} ${label}` : `${first}–${last} ${label}`;
  const pageCount = total !== null ? Math.max(1, Math.ceil(total / limit)) : null;
  const pageNumber = Math.floor(offset / limit) + 1;
  return h('nav', {class: 'pager', 'aria-label': `Pages of ${label}`},
    h('button', {type: 'button', class: 'secondary', disabled: offset === 0,
      on: {click: () => onPage(Math.max(0, offset - limit))}}, '← Previous'),
    h('span', {class: 'pager-summary', 'aria-live': 'polite'}, summary,
      pageCount ? ` · page ${pageNumber} of ${pageCount}` : ''),
    h('button', {type: 'button', class: 'secondary', disabled: !hasMore,
      on: {click: () => onPage(offset + limit)}}, 'Next →'));
}

/** Paging of a list the API returns whole (users, tokens): slices it on the client. */
export function clientPage(items, offset, limit) {
  return items.slice(offset, offset + limit);
}

let typesAsked = null; // the document-type list, asked once per page load (administrators may replace it)

/** The hospital's document types ({name, loinc, display, keywords}), from the API; [] when it cannot be read. */
export function documentTypes() {
  if (!typesAsked) {
    typesAsked = api('/api/document-types', {background: true}).then(answer => answer.documentTypes || [], () => {
      typesAsked = null;
      return [];
    });
  }
  return typesAsked;
}

/** Forgets the list, after an administrator replaced it. */
export function forgetDocumentTypes() {
  typesAsked = null;
}

/** A <datalist> of the document types, so type fields suggest them (by name; the LOINC code is accepted too). */
export function documentTypeList(id) {
  const list = h('datalist', {id});
  // retired types stay on old documents but are not offered for new ones
  documentTypes().then(types => append(list, types.filter(t => !t.retired)
    .map(t => h('option', {value: t.display}, `${t.display} (${t.loinc})`))));
  return list;
}

export const ROLES = [
  ['scanner', 'Scanner', 'uploads batches'],
  ['indexer', 'Indexer', 'works the review queue, searches'],
  ['roi', 'Release of information', 'searches, views and downloads'],
  ['legal', 'Legal', 'searches, holds, exports and retention'],
  ['admin', 'Administrator', 'users, audit log and everything else'],
];

/**
 * A calendar day typed the way indexers type it: 2025-11-02 always, else in the one format's order with '/', '.'
 * or '-' between, one-digit months and days allowed, or all eight digits (US: 11/02/2025, 11/2/2025, 11022025).
 * Returns YYYY-MM-DD, '' for an empty field, or throws an Error with a sentence naming the field.
 */
export function parseDay(label, text) {
  const value = (text || '').trim();
  if (!value) return '';
  const dayFirst = format === 'DD/MM/YYYY';
  let y, m, d;
  let parts = value.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  if (parts) [, y, m, d] = parts;
  else if (format !== 'YYYY-MM-DD' && (parts = value.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/))) {
    [, m, d, y] = parts;
    if (dayFirst) [m, d] = [d, m];
  } else if (format !== 'YYYY-MM-DD' && (parts = value.match(/^(\d{2})(\d{2})(\d{4})$/))) {
    [, m, d, y] = parts;
    if (dayFirst) [m, d] = [d, m];
  } else throw new Error(`${label}: write the date as ${format === 'YYYY-MM-DD' ? 'YYYY-MM-DD' : `${format} or YYYY-MM-DD`}, not "${value}".`);
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) {
    throw new Error(`${label}: ${value} is not a real date (${format}).`);
  }
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A link to the patient view (#/patients/MRN): the patient's documents grouped by type and date. */
export function patientLink(mrn, label) {
  if (!mrn) return label || null;
  return h('a', {href: `#/patients/${encodeURIComponent(mrn)}`, class: 'patient-link',
    title: `All documents of MRN ${mrn}`}, label || `MRN ${mrn}`);
}

/** What a document is called in lists and titles: its type, date of service and patient, not the scan's file name. */
export function documentTitle(d) {
  const type = d.documentType || 'Type not set';
  const date = d.serviceDate ? day(d.serviceDate) : 'no date of service';
  const who = d.patientName || (d.mrn ? `MRN ${d.mrn}` : 'patient not set');
  return `${type} — ${date} — ${who}`;
}
