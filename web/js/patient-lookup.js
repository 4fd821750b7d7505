// Finding a patient's MRN in the registry (the hospital's master patient index) by name and birth date, for a
// chart or a request that came without one. Used by the review queue and by a new release.
import {api} from './api.js';
import {h, replace, field, notice, empty, uniqueId} from './dom.js';
import {dateFormat, dateHint, day, parseDay} from './widgets.js';

/** "FAMILY, GIVEN MIDDLE", as charts print a name. */
export function registryName(patient) {
  const given = (patient.givenNames || []).join(' ');
  return given ? `${patient.familyName}, ${given}` : patient.familyName;
}

/**
 * A closed disclosure "Find the MRN in the patient registry": name and birth date (taken from the form when it
 * is opened: prefill() returns {name, birthDate}), the matching patients, and a button to use one.
 * onPick(patient) receives the registry's patient.
 */
export function patientLookup({prefill = () => ({}), onPick}) {
  const id = uniqueId('lookup');
  const name = h('input', {id: `${id}-name`, autocomplete: 'off', spellcheck: 'false'});
  const born = h('input', {id: `${id}-born`, autocomplete: 'off', inputmode: 'numeric', placeholder: dateFormat()});
  const results = h('div', {class: 'lookup-results', 'aria-live': 'polite'});
  const search = h('button', {type: 'button', class: 'secondary', id: `${id}-search`}, 'Find patient');
  const box = h('details', {class: 'patient-lookup'},
    h('summary', {}, 'Find the MRN in the patient registry'),
    h('div', {class: 'lookup-fields'},
      field('Patient name', name, 'Family name first or last; "OKAFOR, MARGUERITE" or "Marguerite Okafor".'),
      field('Birth date', born, dateHint()),
      search),
    results);
  box.addEventListener('toggle', () => {
    if (!box.open) return;
    const values = prefill() || {};
    if (!name.value && values.name) name.value = values.name;
    if (!born.value && values.birthDate) born.value = values.birthDate;
    (name.value ? born : name).focus();
  });
  const find = async () => {
    let birthDate;
    try {
      birthDate = parseDay('Birth date', born.value);
    } catch (error) {
      replace(results, notice('error', error.message));
      born.focus();
      return;
    }
    if (!name.value.trim() || !birthDate) {
      replace(results, notice('error', 'Give both the patient\'s name and birth date: the registry is searched by the two together.'));
      (name.value.trim() ? born : name).focus();
      return;
    }
    replace(results, h('p', {class: 'muted'}, 'Searching the registry…'));
    try {
      const answer = await api('/api/patients', {query: {name: name.value.trim(), birthDate}});
      const patients = answer.patients || [];
      replace(results, patients.length === 0
        ? empty('No patient in the registry has this name and birth date.', 'Check the spelling and the date, or try the name as printed on the chart.')
        : h('ul', {class: 'lookup-list'}, patients.map(p => h('li', {class: 'lookup-item', dataset: {mrn: p.mrn}},
          h('span', {}, h('strong', {}, registryName(p)), ` · born ${day(p.birthDate)} · MRN ${p.mrn}`,
            p.status === 'merged' ? h('span', {class: 'muted'}, ` (merged into ${p.mergedInto})`) : ''),
          h('button', {type: 'button', class: 'secondary', 'aria-label': `Use MRN ${p.mrn} (${registryName(p)})`,
            on: {click: () => { onPick(p); box.open = false; }}}, 'Use')))));
    } catch (error) {
      if (error.status !== 401) replace(results, notice('error', error.message));
    }
  };
  search.addEventListener('click', find);
  for (const input of [name, born]) {
    input.addEventListener('keydown', e => {
      if (e.key === 'Enter') {
        e.preventDefault();
        e.stopPropagation(); // not the surrounding form's submit
        find();
      }
    });
  }
  return box;
}

/** "OKAFOR, MARGUERITE · born 04/23/1961", or what the registry could not say. */
function patientLine(answer) {
  if (answer.registryEmpty) return 'The patient registry is empty (no ADT feed or import yet): only the form of the MRN is checked.';
  return [answer.patientName, answer.birthDate ? `born ${day(answer.birthDate)}` : 'birth date not in the registry'].filter(Boolean).join(' · ');
}

/**
 * The check beside an MRN field: as the MRN is typed, the registry's patient (name and birth date) is shown, or
 * what is wrong with the MRN (not of the hospital's form, not in the registry) with a field for the reason to keep
 * it anyway. The server makes the same check when the value is saved; this shows it before.
 *
 * Returns {element, check(): Promise<answer|null>, confirmation(): {reason}|null, needsReason(answer), askReason(message)}.
 */
export function mrnCheck(input, {keepHint = 'The reason is recorded in the audit trail.'} = {}) {
  const id = uniqueId('mrn-check');
  const result = h('div', {class: 'mrn-check', id: `${id}-result`, 'aria-live': 'polite'});
  const reason = h('input', {id: `${id}-reason`, class: 'mrn-keep-reason', autocomplete: 'off'});
  const keep = h('div', {class: 'mrn-keep', hidden: true}, field('Keep this MRN anyway, because…', reason, keepHint));
  const element = h('div', {class: 'mrn-check-box'}, result, keep);
  input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), `${id}-result`].filter(Boolean).join(' '));
  let last = {mrn: null, answer: null};
  let timer = null;

  const show = answer => {
    if (!answer) {
      replace(result);
      keep.hidden = true;
      return;
    }
    if (answer.acceptable) {
      keep.hidden = true;
      replace(result, h('p', {class: ['mrn-patient', answer.registryEmpty ? 'muted' : 'ok']},
        answer.registryEmpty ? '' : h('strong', {}, '✓ '), patientLine(answer),
        answer.message ? h('span', {class: 'muted'}, ` (${answer.message})`) : null));
    } else {
      keep.hidden = false;
      replace(result, notice('error', answer.message));
    }
  };

  const check = async () => {
    clearTimeout(timer);
    const mrn = input.value.trim();
    if (!mrn) {
      last = {mrn: null, answer: null};
      show(null);
      return null;
    }
    if (last.mrn === mrn) return last.answer;
    replace(result, h('p', {class: 'muted'}, 'Looking the MRN up in the registry…'));
    try {
      const answer = await api('/api/mrn-check', {query: {mrn}, background: true});
      if (input.value.trim() !== mrn) return check(); // typed on meanwhile
      last = {mrn, answer};
      show(answer);
      return answer;
    } catch (error) {
      if (error.status !== 401) replace(result, notice('error', error.message));
      return null;
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(check, 350);
  });
  input.addEventListener('change', check);

  return {
    element,
    check,
    confirmation: () => (!keep.hidden && reason.value.trim() ? {reason: reason.value.trim()} : null),
    /** True when the MRN may not be saved as it is: unusual and no reason given yet. */
    needsReason: answer => Boolean(answer && !answer.acceptable && !reason.value.trim()),
    /** Shows a refusal (the server's sentence) and puts the keyboard in the reason field. */
    askReason: message => {
      if (message) replace(result, notice('error', message));
      keep.hidden = false;
      reason.focus();
    },
    reset: () => {
      last = {mrn: null, answer: null};
      reason.value = '';
      show(null);
    },
  };
}
