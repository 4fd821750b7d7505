// Settings (administrators): the list of document types (add, rename, retire one at a time; or download it as CSV
// and upload a replacement: a refused file shows the server's reason with its line), the folders scanners write to, the specially protected record
// categories, the release settings, and the fees and letter templates (letter-settings.js).
import {api} from '../api.js';
import {h, replace, field, notice, empty} from '../dom.js';
import {clientPage, dateTime, documentTypeList, forgetDocumentTypes, pager, plural} from '../widgets.js';
import {drawFeesAndLetters} from './letter-settings.js';

const TYPES_PAGE = 15;

/** Comma- or line-separated words as a list. */
function words(text) {
  return String(text || '').split(/[\n,]+/).map(s => s.trim()).filter(Boolean);
}

export async function settingsScreen(ctx) {
  const {root} = ctx;
  const typesBox = h('section', {class: 'panel', 'aria-labelledby': 'types-title'});
  const watchedBox = h('section', {class: 'panel', 'aria-labelledby': 'watched-folders-title'});
  const categoriesBox = h('section', {class: 'panel', 'aria-labelledby': 'categories-title'});
  const releaseBox = h('section', {class: 'panel', 'aria-labelledby': 'release-settings-title'});
  const feesBox = h('section', {class: 'panel', 'aria-labelledby': 'fees-letters-title'});
  replace(root, h('h1', {tabindex: '-1'}, 'Settings'), typesBox, watchedBox, categoriesBox, releaseBox, feesBox);
  ctx.focusHeading();

  // ------------------------------------------------------------------------------------------ document types
  let typesOffset = 0;
  const drawTypes = async (message) => {
    let types;
    try {
      types = (await api('/api/document-types')).documentTypes || [];
    } catch (error) {
      if (error.status !== 401) replace(typesBox, h('h2', {id: 'types-title'}, 'Document types'), notice('error', error.message));
      return;
    }
    if (!ctx.alive()) return;
    const file = h('input', {type: 'file', id: 'types-file', accept: '.csv,text/csv'});
    const status = h('div', {class: 'form-status', id: 'types-status'});
    const upload = h('form', {class: 'inline-form', novalidate: true},
      field('Replacement list (CSV: name,loinc,display,keywords,retired)', file),
      h('button', {type: 'submit', class: 'secondary', id: 'types-upload'}, 'Upload and replace'));
    upload.addEventListener('submit', async e => {
      e.preventDefault();
      if (!file.files.length) {
        replace(status, notice('error', 'Choose the CSV file first. Download the current list to start from it.'));
        file.focus();
        return;
      }
      const text = await file.files[0].text();
      replace(status, h('p', {class: 'muted'}, 'Checking and saving…'));
      try {
        const answer = await api('/api/document-types', {method: 'PUT', body: text, contentType: 'text/csv; charset=utf-8'});
        forgetDocumentTypes();
        typesOffset = 0;
        await drawTypes(notice('ok', `The list now has ${plural(answer.documentTypes.length, 'document type')}.`));
      } catch (error) {
        if (error.status !== 401) replace(status, notice('error', error.message, ' Nothing was changed; fix that line and upload the file again.'));
      }
    });
    // one type at a time: add (display name, LOINC code, keywords), rename, retire or bring back
    const addInputs = {
      display: h('input', {id: 'type-display', required: true, autocomplete: 'off'}),
      loinc: h('input', {id: 'type-loinc', required: true, autocomplete: 'off', inputmode: 'numeric', placeholder: '12345-6'}),
      keywords: h('input', {id: 'type-keywords', autocomplete: 'off'}),
    };
    const addStatus = h('div', {class: 'form-status', id: 'type-add-status'});
    const addForm = h('form', {class: 'inline-form', id: 'type-add', novalidate: true, 'aria-label': 'Add a document type'},
      field('Name shown', addInputs.display),
      field('LOINC code', addInputs.loinc),
      field('Headings that announce it (separated by ;)', addInputs.keywords),
      h('button', {type: 'submit', class: 'primary', id: 'type-add-submit'}, 'Add type'));
    addForm.addEventListener('submit', async e => {
      e.preventDefault();
      const display = addInputs.display.value.trim(), loinc = addInputs.loinc.value.trim();
      if (!display || !loinc) {
        replace(addStatus, notice('error', 'Enter the name to show and the LOINC code (for example 18842-5).'));
        (display ? addInputs.loinc : addInputs.display).focus();
        return;
      }
      try {
        await api('/api/document-types', {method: 'POST', json: {display, loinc, keywords: addInputs.keywords.value}});
        forgetDocumentTypes();
        await drawTypes(notice('ok', `“${display}” (${loinc}) can now be given to documents.`));
      } catch (error) {
        if (error.status !== 401) replace(addStatus, notice('error', error.message));
      }
    });

    const change = async (type, json, done) => {
      try {
        const changed = await api(`/api/document-types/${encodeURIComponent(type.loinc)}`, {method: 'PATCH', json});
        forgetDocumentTypes();
        await drawTypes(notice('ok', done(changed)));
      } catch (error) {
        if (error.status !== 401) await drawTypes(notice('error', error.message));
      }
    };
    const renameRow = (row, type) => {
      const input = h('input', {id: 'type-rename-' + type.loinc, value: type.display, autocomplete: 'off'});
      const form = h('form', {class: 'inline-form type-rename', novalidate: true},
        field(`New name for ${type.display}`, input),
        h('button', {type: 'submit', class: 'primary'}, 'Save name'),
        h('button', {type: 'button', class: 'secondary', on: {click: () => drawTypes()}}, 'Cancel'));
      form.addEventListener('submit', e => {
        e.preventDefault();
        const display = input.value.trim();
        if (!display) { input.focus(); return; }
        change(type, {display}, t => `Renamed to “${t.display}”. Documents filed before keep the name they were filed under.`);
      });
      replace(row, h('td', {colspan: 6}, form));
      input.focus();
      input.select();
    };

    const shown = clientPage(types, typesOffset, TYPES_PAGE);
    const inUse = types.filter(t => !t.retired).length;
    replace(typesBox, h('h2', {id: 'types-title'}, `Document types (${inUse} in use, ${types.length - inUse} retired)`),
      h('p', {class: 'hint'}, 'Capture files every document under one of these; the LOINC code travels with it to other systems. '
        + 'A retired type stays on the documents filed under it but is no longer offered for new ones.'),
      message || null,
      addForm, addStatus,
      h('div', {class: 'table-wrap'}, h('table', {class: 'types-table'},
        h('thead', {}, h('tr', {}, ['Shown as', 'LOINC', 'LOINC name', 'Recognized by', 'Status', 'Actions'].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, shown.map(t => {
          const row = h('tr', {dataset: {loinc: t.loinc}, class: t.retired ? 'retired' : null});
          replace(row,
            h('td', {}, t.display), h('td', {class: 'mono'}, t.loinc), h('td', {}, t.name),
            h('td', {class: 'wrap hint'}, (t.keywords || []).join('; ')),
            h('td', {}, t.retired ? h('span', {class: 'badge status-retired'}, 'Retired') : 'In use'),
            h('td', {class: 'row-actions'},
              h('button', {type: 'button', class: 'secondary type-rename-button', 'aria-label': `Rename ${t.display}`,
                on: {click: () => renameRow(row, t)}}, 'Rename'),
              t.retired
                ? h('button', {type: 'button', class: 'secondary type-restore', 'aria-label': `Bring back ${t.display}`,
                  on: {click: () => change(t, {retired: false}, x => `“${x.display}” is in use again.`)}}, 'Bring back')
                : h('button', {type: 'button', class: 'secondary type-retire', 'aria-label': `Retire ${t.display}`,
                  on: {click: () => change(t, {retired: true}, x => `“${x.display}” is retired: documents already filed keep it; new ones cannot be given it.`)}}, 'Retire')));
          return row;
        })))),
      pager({offset: typesOffset, limit: TYPES_PAGE, count: shown.length, total: types.length, label: 'types',
        onPage: next => { typesOffset = next; drawTypes(); }}),
      h('h3', {}, 'The whole list as a file'),
      h('div', {class: 'actions'}, h('a', {class: 'button secondary', href: '/api/document-types?format=csv', download: 'document-types.csv', id: 'types-csv'}, 'Download the list (CSV)')),
      upload, status);
  };

  // ----------------------------------------------------------------------------------------- watched folders
  const SERVICE_DATES = [['none', 'None (read from the pages, or set in review)'], ['file-date', 'The day the file was written']];
  const SPLITS = [['separators', 'At ChartVault separator sheets'], ['none', 'Never: each file is one document']];
  const AFTER = [['move', 'Move it to archived/ in the folder'], ['delete', 'Delete it']];
  const label = (pairs, value) => (pairs.find(([v]) => v === value) || [value, value])[1];
  const options = (pairs, chosen) => pairs.map(([value, text]) => h('option', {value, selected: value === chosen}, text));

  /** How a folder is doing: its problem first, else its last pickup. */
  const folderStatus = s => {
    if (s && s.problem) return h('span', {class: ['reason', 'watch-problem']}, h('strong', {}, 'Not taking files: '), s.problem);
    if (s && s.lastPickupAt) {
      return h('span', {}, `Last pickup ${dateTime(s.lastPickupAt)}: ${s.lastFiles} file${s.lastFiles === 1 ? '' : 's'}`,
        s.lastRejected ? `, ${s.lastRejected} refused` : '', h('span', {class: 'muted block mono'}, s.lastBatchId));
    }
    return h('span', {class: 'muted'}, 'No file taken yet.');
  };

  const drawWatched = async (message) => {
    let folders, scanners;
    try {
      [folders, scanners] = await Promise.all([
        api('/api/watched-folders').then(a => a.folders || []),
        api('/api/users').then(a => (a.users || []).filter(u => !u.disabled && (u.roles || []).includes('scanner')).map(u => u.username).sort())]);
    } catch (error) {
      if (error.status !== 401) replace(watchedBox, h('h2', {id: 'watched-folders-title'}, 'Watched folders'), notice('error', error.message));
      return;
    }
    if (!ctx.alive()) return;
    const editArea = h('div', {class: 'watch-edit'});
    const edit = folder => {
      const f = folder || {id: '', path: '', account: scanners[0] || '', documentType: '', serviceDate: 'none',
        split: 'separators', afterArchiving: 'move', settleSeconds: 5};
      const accounts = scanners.includes(f.account) || !f.account ? scanners : [f.account, ...scanners];
      const inputs = {
        id: h('input', {id: 'watch-id', value: f.id, disabled: Boolean(folder), autocomplete: 'off', spellcheck: 'false'}),
        path: h('input', {id: 'watch-path', value: f.path, autocomplete: 'off', spellcheck: 'false'}),
        account: h('select', {id: 'watch-account'}, accounts.map(a => h('option', {value: a, selected: a === f.account}, a))),
        documentType: h('input', {id: 'watch-type', value: f.documentType || '', list: 'watch-types', autocomplete: 'off'}),
        serviceDate: h('select', {id: 'watch-service-date'}, options(SERVICE_DATES, f.serviceDate)),
        split: h('select', {id: 'watch-split'}, options(SPLITS, f.split)),
        afterArchiving: h('select', {id: 'watch-after'}, options(AFTER, f.afterArchiving)),
        settleSeconds: h('input', {type: 'number', id: 'watch-settle', min: 1, max: 3600, value: f.settleSeconds}),
      };
      const status = h('div', {class: 'form-status'});
      const form = h('form', {novalidate: true, 'aria-labelledby': 'watch-form-title'},
        h('h3', {id: 'watch-form-title', tabindex: '-1'}, folder ? `Change "${f.id}"` : 'Watch a folder'),
        scanners.length === 0 ? notice('info', 'No enabled user has the scanner role. Create one for the scanning station under Users first: the folder\'s files are filed as its uploads.') : null,
        h('div', {class: 'grid-fields'},
          field('Id', inputs.id, 'Lower-case words joined by "-", e.g. er-station-2.'),
          field('Folder', inputs.path, 'The absolute path on the ChartVault server (the same on every server), e.g. /mnt/scans/er-station-2.'),
          field('Filed as', inputs.account, 'The station\'s scanning account: batches and the audit trail name it.'),
          field('Document type', inputs.documentType, 'Every file is filed under it; leave empty to let capture read it from the pages.'),
          field('Date of service', inputs.serviceDate),
          field('Split files', inputs.split),
          field('Once archived', inputs.afterArchiving, 'Refused files always go to rejected/ with the reason beside them.'),
          field('Settle time (seconds)', inputs.settleSeconds, 'A file is taken once its size and time have not changed for this long.')),
        documentTypeList('watch-types'),
        status,
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary', id: 'save-watched-folder'}, 'Save the folder'),
          h('button', {type: 'button', class: 'link', on: {click: () => replace(editArea)}}, 'Cancel')));
      form.addEventListener('submit', async e => {
        e.preventDefault();
        const id = inputs.id.value.trim();
        if (!id) {
          replace(status, notice('error', 'Give the folder an id.'));
          inputs.id.focus();
          return;
        }
        try {
          await api(`/api/watched-folders/${encodeURIComponent(id)}`, {method: 'PUT', json: {
            path: inputs.path.value.trim(), account: inputs.account.value, documentType: inputs.documentType.value.trim() || null,
            serviceDate: inputs.serviceDate.value, split: inputs.split.value, afterArchiving: inputs.afterArchiving.value,
            settleSeconds: Number(inputs.settleSeconds.value)}});
          await drawWatched(notice('ok', `Folder ${id} is watched. Files put in it are filed as uploads of ${inputs.account.value}.`));
        } catch (error) {
          if (error.status !== 401) replace(status, notice('error', error.message));
        }
      });
      replace(editArea, form);
      form.querySelector('h3').focus();
    };
    const remove = async (f, button) => {
      if (button.dataset.armed !== 'true') {
        button.dataset.armed = 'true';
        button.textContent = 'Click again to stop';
        return;
      }
      try {
        await api(`/api/watched-folders/${encodeURIComponent(f.id)}`, {method: 'DELETE'});
        await drawWatched(notice('ok', `Folder ${f.id} is no longer watched; the files in it stay where they are.`));
      } catch (error) {
        if (error.status !== 401) replace(editArea, notice('error', error.message));
      }
    };
    replace(watchedBox, h('h2', {id: 'watched-folders-title'}, `Watched folders (${folders.length})`),
      h('p', {class: 'hint'}, 'Folders scanners save to. Each file is taken once it has stopped changing, filed as an upload of the station\'s account (it shows under Capture), and only then moved to archived/ or deleted. Files still being written (.tmp, .part, hidden) are left alone.'),
      message || null,
      folders.length === 0 ? empty('No watched folder.', 'Add one for each scanning station or share.')
        : h('div', {class: 'table-wrap'}, h('table', {class: 'watched-folders-table'},
          h('thead', {}, h('tr', {}, ['Folder', 'Filed as', 'Indexing', 'Once archived', 'Status', ''].map(t => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, folders.map(f => h('tr', {dataset: {folder: f.id}},
            h('td', {}, h('strong', {}, f.id), h('span', {class: 'muted block mono'}, f.path)),
            h('td', {}, f.account),
            h('td', {class: 'wrap'}, f.documentType || 'Type read from the pages', h('span', {class: 'muted block'},
              `Date of service: ${label(SERVICE_DATES, f.serviceDate)}. Split: ${label(SPLITS, f.split)}. Settles ${f.settleSeconds} s.`)),
            h('td', {}, label(AFTER, f.afterArchiving)),
            h('td', {class: 'wrap watch-status'}, folderStatus(f.status)),
            h('td', {}, h('div', {class: 'row-actions'},
              h('button', {type: 'button', class: 'secondary', 'aria-label': `Change ${f.id}`, on: {click: () => edit(f)}}, 'Change'),
              h('button', {type: 'button', class: 'secondary danger', 'aria-label': `Stop watching ${f.id}`, on: {click: e => remove(f, e.currentTarget)}}, 'Stop watching')))))))),
      h('div', {class: 'actions'}, h('button', {type: 'button', class: 'secondary', id: 'add-watched-folder', on: {click: () => edit(null)}}, 'Watch a folder')),
      editArea);
  };

  // ------------------------------------------------------------------------------------ sensitive categories
  const drawCategories = async (message) => {
    let categories;
    try {
      categories = (await api('/api/sensitive-categories')).categories || [];
    } catch (error) {
      if (error.status !== 401) replace(categoriesBox, h('h2', {id: 'categories-title'}, 'Specially protected records'), notice('error', error.message));
      return;
    }
    if (!ctx.alive()) return;
    const editArea = h('div', {class: 'category-edit'});
    const edit = category => {
      const c = category || {category: '', name: '', documentTypes: [], aliases: [], part2: false, readers: ['roi', 'legal', 'admin']};
      const readerRoles = [['scanner', 'Scanning staff (their own uploads)'], ['indexer', 'Indexing and QA staff'],
        ['roi', 'Release of information clerks'], ['legal', 'Legal and compliance']];
      const readerBoxes = readerRoles.map(([role, label]) => h('div', {class: 'check'},
        h('input', {type: 'checkbox', id: `category-reader-${role}`, value: role, checked: (c.readers || []).includes(role)}),
        h('label', {for: `category-reader-${role}`}, label)));
      const inputs = {
        category: h('input', {id: 'category-id', value: c.category, disabled: Boolean(category), autocomplete: 'off', spellcheck: 'false'}),
        name: h('input', {id: 'category-name', value: c.name, autocomplete: 'off'}),
        documentTypes: h('textarea', {id: 'category-types', rows: 3}, (c.documentTypes || []).join('\n')),
        aliases: h('textarea', {id: 'category-aliases', rows: 2}, (c.aliases || []).join('\n')),
        part2: h('input', {type: 'checkbox', id: 'category-part2', checked: c.part2}),
      };
      const status = h('div', {class: 'form-status'});
      const form = h('form', {novalidate: true, 'aria-labelledby': 'category-form-title'},
        h('h3', {id: 'category-form-title', tabindex: '-1'}, category ? `Change "${c.name}"` : 'Add a category'),
        h('div', {class: 'grid-fields'},
          field('Id', inputs.category, 'Lower-case words joined by "-", e.g. hiv-test-results.'),
          field('Name', inputs.name, 'As clerks and the cover sheet say it.'),
          field('Document types (one a line)', inputs.documentTypes, 'Documents of these types belong to it.'),
          field('Other names (one a line)', inputs.aliases, 'How an authorization may name it, e.g. "42 CFR Part 2".')),
        h('div', {class: 'check'}, inputs.part2, h('label', {for: 'category-part2'}, 'Substance use disorder records under 42 CFR Part 2 (each released page carries the Part 2 notice)')),
        h('fieldset', {class: 'readers'}, h('legend', {}, 'Who may read, list and count these records (administrators always may)'), ...readerBoxes),
        status,
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Save the category'),
          h('button', {type: 'button', class: 'link', on: {click: () => replace(editArea)}}, 'Cancel')));
      form.addEventListener('submit', async e => {
        e.preventDefault();
        const id = inputs.category.value.trim();
        if (!id) {
          replace(status, notice('error', 'Give the category an id.'));
          inputs.category.focus();
          return;
        }
        try {
          await api(`/api/sensitive-categories/${encodeURIComponent(id)}`, {method: 'PUT', json: {
            name: inputs.name.value.trim() || null, documentTypes: words(inputs.documentTypes.value),
            aliases: words(inputs.aliases.value), part2: inputs.part2.checked,
            readers: readerBoxes.map(b => b.querySelector('input')).filter(i => i.checked).map(i => i.value)}});
          await drawCategories(notice('ok', `Category ${id} is saved.`));
        } catch (error) {
          if (error.status !== 401) replace(status, notice('error', error.message));
        }
      });
      replace(editArea, form);
      form.querySelector('h3').focus();
    };
    const remove = async (c, button) => {
      if (button.dataset.armed !== 'true') {
        button.dataset.armed = 'true';
        button.textContent = 'Click again to remove';
        return;
      }
      try {
        await api(`/api/sensitive-categories/${encodeURIComponent(c.category)}`, {method: 'DELETE'});
        await drawCategories(notice('ok', `Category ${c.category} is removed: its documents are released like any other.`));
      } catch (error) {
        if (error.status !== 401) replace(editArea, notice('error', error.message));
      }
    };
    replace(categoriesBox, h('h2', {id: 'categories-title'}, 'Specially protected records'),
      h('p', {class: 'hint'}, 'Documents of these categories are seen only by the roles that may read them, and leave in a release only when the signed authorization, attached to the request, names the category.'),
      message || null,
      categories.length === 0 ? empty('No categories.', 'Add one for every kind of record the law protects beyond ordinary health information.')
        : h('div', {class: 'table-wrap'}, h('table', {class: 'categories-table'},
          h('thead', {}, h('tr', {}, ['Category', 'Document types', 'Also named', 'Part 2', 'Read by', ''].map(t => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, categories.map(c => h('tr', {dataset: {category: c.category}},
            h('td', {}, h('strong', {}, c.name), h('span', {class: 'muted block mono'}, c.category)),
            h('td', {class: 'wrap'}, (c.documentTypes || []).join(', ')),
            h('td', {class: 'wrap'}, (c.aliases || []).join(', ') || '—'),
            h('td', {}, c.part2 ? 'Yes' : 'No'),
            h('td', {class: 'wrap'}, (c.readers || []).join(', ')),
            h('td', {}, h('div', {class: 'row-actions'},
              h('button', {type: 'button', class: 'secondary', 'aria-label': `Change ${c.name}`, on: {click: () => edit(c)}}, 'Change'),
              h('button', {type: 'button', class: 'secondary danger', 'aria-label': `Remove ${c.name}`, on: {click: e => remove(c, e.currentTarget)}}, 'Remove')))))))),
      h('div', {class: 'actions'}, h('button', {type: 'button', class: 'secondary', id: 'add-category', on: {click: () => edit(null)}}, 'Add a category')),
      editArea);
  };

  // ---------------------------------------------------------------------------------------- release settings
  const drawRelease = async () => {
    let settings;
    try {
      settings = await api('/api/release-settings');
    } catch (error) {
      if (error.status !== 401) replace(releaseBox, h('h2', {id: 'release-settings-title'}, 'Releases'), notice('error', error.message));
      return;
    }
    if (!ctx.alive()) return;
    const inputs = {
      dueDays: h('input', {type: 'number', id: 'due-days', min: 1, max: 365, value: settings.dueDays}),
      batesPrefix: h('input', {id: 'bates-prefix', value: settings.batesPrefix, maxlength: 20, autocomplete: 'off'}),
      batesDigits: h('input', {type: 'number', id: 'bates-digits', min: 3, max: 12, value: settings.batesDigits}),
    };
    const status = h('div', {class: 'form-status'});
    const example = h('span', {class: 'mono'});
    const showExample = () => { example.textContent = `${inputs.batesPrefix.value}${'1'.padStart(Number(inputs.batesDigits.value) || 6, '0')}`; };
    inputs.batesPrefix.addEventListener('input', showExample);
    inputs.batesDigits.addEventListener('input', showExample);
    showExample();
    const form = h('form', {novalidate: true},
      h('div', {class: 'grid-fields'},
        field('Days to answer a request', inputs.dueDays, 'A new request is due this many days after it was received (HIPAA allows 30).'),
        field('Bates prefix', inputs.batesPrefix, 'Letters before each page number of a packet.'),
        field('Bates digits', inputs.batesDigits)),
      h('p', {class: 'hint'}, 'The first page of a packet is numbered ', example, '.'),
      status,
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary', id: 'save-release-settings'}, 'Save the release settings')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      try {
        await api('/api/release-settings', {method: 'PUT', json: {dueDays: Number(inputs.dueDays.value),
          batesPrefix: inputs.batesPrefix.value.trim(), batesDigits: Number(inputs.batesDigits.value)}});
        replace(status, notice('ok', 'The release settings are saved. They apply to requests logged and released from now on.'));
      } catch (error) {
        if (error.status !== 401) replace(status, notice('error', error.message));
      }
    });
    replace(releaseBox, h('h2', {id: 'release-settings-title'}, 'Releases'), form);
  };

  await Promise.all([drawTypes(), drawWatched(), drawCategories(), drawRelease(), drawFeesAndLetters(feesBox, ctx)]);
}
