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
