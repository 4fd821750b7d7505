// Settings (administrators): the fees of the release office (the flat fee for a patient's electronic copy, the
// third-party schedule, whether a third party's packet waits for payment) and the letter templates with who the
// letters are from. Shown on the Settings screen.
import {api} from '../api.js';
import {h, replace, field, notice} from '../dom.js';

const KINDS = {
  acknowledgement: 'Acknowledgement',
  'extension-notice': 'Extension notice',
  denial: 'Denial letter',
  invoice: 'Invoice',
  'cover-letter': 'Cover letter',
};

/** Draws the fee settings and the letter templates into {@code box}. */
export async function drawFeesAndLetters(box, ctx) {
  let settings, letters;
  try {
    [settings, letters] = await Promise.all([api('/api/release-settings'), api('/api/letter-templates')]);
  } catch (error) {
    if (error.status !== 401) replace(box, h('h2', {id: 'fees-letters-title'}, 'Fees and letters'), notice('error', error.message));
    return;
  }
  if (!ctx.alive()) return;
  replace(box, h('h2', {id: 'fees-letters-title'}, 'Fees and letters'), feeForm(settings.fees || {}), senderForm(letters),
    templateForm(letters));
}

function feeForm(fees) {
  const money = (id, value) => h('input', {id, inputmode: 'decimal', autocomplete: 'off', value: value === undefined ? '' : Number(value).toFixed(2)});
  const inputs = {
    electronicFlatFee: money('fee-flat', fees.electronicFlatFee),
    thirdPartyBaseFee: money('fee-base', fees.thirdPartyBaseFee),
    thirdPartyPerPage: money('fee-per-page', fees.thirdPartyPerPage),
  };
  const hold = h('input', {type: 'checkbox', id: 'fee-hold', checked: Boolean(fees.holdThirdPartyUntilPaid)});
  const status = h('div', {class: 'form-status'});
  const form = h('form', {novalidate: true},
    h('h3', {}, 'Fees'),
    h('div', {class: 'grid-fields'},
      field('Flat fee for a patient\'s electronic copy ($)', inputs.electronicFlatFee, 'HHS\'s guidance: $6.50, in place of a cost-based fee.'),
      field('Third-party base fee ($)', inputs.thirdPartyBaseFee, 'From your state\'s schedule.'),
      field('Third-party fee per page ($)', inputs.thirdPartyPerPage)),
    h('div', {class: 'check'}, hold, h('label', {for: 'fee-hold'}, 'Hold a third party\'s packet until its fee is paid (a patient\'s is never held)')),
    status,
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'secondary', id: 'save-fees'}, 'Save the fees')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const json = {holdThirdPartyUntilPaid: hold.checked};
    for (const [name, input] of Object.entries(inputs)) if (input.value.trim()) json[name] = input.value.trim();
    try {
      await api('/api/release-settings', {method: 'PUT', json: {fees: json}});
      replace(status, notice('ok', 'The fees are saved.'));
    } catch (error) {
      if (error.status !== 401) replace(status, notice('error', error.message));
    }
  });
  return form;
}

function senderForm(letters) {
  const hospital = h('input', {id: 'letters-hospital', value: letters.hospital, maxlength: 200, autocomplete: 'off'});
  const contact = h('input', {id: 'letters-contact', value: letters.contact, maxlength: 500, autocomplete: 'off'});
  const status = h('div', {class: 'form-status'});
  const form = h('form', {novalidate: true},
    h('h3', {}, 'Letters'),
    h('div', {class: 'grid-fields'}, field('Hospital', hospital, 'As the letters sign.'),
      field('Contact', contact, 'Name or title and telephone number of whom requesters contact and complain to.')),
    status,
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'secondary', id: 'save-letters-sender'}, 'Save')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await api('/api/letter-templates', {method: 'PUT', json: {hospital: hospital.value.trim(), contact: contact.value.trim()}});
      replace(status, notice('ok', 'Saved.'));
    } catch (error) {
      if (error.status !== 401) replace(status, notice('error', error.message));
    }
  });
  return form;
}

function templateForm(letters) {
  const byKind = new Map((letters.templates || []).map(t => [t.kind, t]));
  const kind = h('select', {id: 'template-kind'}, Object.entries(KINDS).map(([value, label]) => h('option', {value}, label)));
  const title = h('input', {id: 'template-title', maxlength: 200, autocomplete: 'off'});
  const body = h('textarea', {id: 'template-body', rows: 10, maxlength: 20000});
  const show = () => {
    const t = byKind.get(kind.value) || {};
    title.value = t.title || '';
    body.value = t.body || '';
  };
  kind.addEventListener('change', show);
  show();
  const status = h('div', {class: 'form-status'});
  const form = h('form', {novalidate: true},
    field('Template', kind), field('Title', title),
    field('Text', body, 'Paragraphs separated by an empty line. Placeholders: '
      + (letters.placeholders || []).map(p => `{{${p}}}`).join(' ')
      + '. A denial keeps {{grounds}}, {{review}} and {{complaint}}; an extension notice {{extensionReason}} and {{newDueDate}}.'),
    status,
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'secondary', id: 'save-template'}, 'Save the template')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      const saved = await api(`/api/letter-templates/${encodeURIComponent(kind.value)}`, {method: 'PUT',
        json: {title: title.value, body: body.value}});
      byKind.set(saved.kind, saved);
      replace(status, notice('ok', `The ${KINDS[kind.value].toLowerCase()} template is saved.`));
    } catch (error) {
      if (error.status !== 401) replace(status, notice('error', error.message));
    }
  });
  return form;
}
