// Users and roles (administrators): create a user, change roles, disable, unlock, set a new password.
import {api} from '../api.js';
import {h, replace, field, notice, empty} from '../dom.js';
import {ROLES, clientPage, dateTime, pager} from '../widgets.js';

const PAGE_SIZE = 20;

export async function usersScreen(ctx) {
  const {root} = ctx;
  let users = [];
  let offset = 0;
  const listArea = h('section', {class: 'user-list', 'aria-labelledby': 'users-title'});
  const editArea = h('section', {class: 'user-edit', 'aria-live': 'polite'});
  replace(root, h('h1', {tabindex: '-1'}, 'Users'), createForm(), listArea, editArea);
  ctx.focusHeading();

  function roleBoxes(prefix, selected = []) {
    return h('fieldset', {class: 'roles'}, h('legend', {}, 'Roles'),
      ROLES.map(([role, label, what]) => h('div', {class: 'check'},
        h('input', {type: 'checkbox', id: `${prefix}-${role}`, name: 'roles', value: role, checked: selected.includes(role)}),
        h('label', {for: `${prefix}-${role}`}, label, h('span', {class: 'muted'}, ` — ${what}`)))));
  }

  const chosenRoles = container => [...container.querySelectorAll('input[name="roles"]:checked')].map(i => i.value);

  function createForm() {
    const username = h('input', {name: 'username', id: 'new-username', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false'});
    const password = h('input', {name: 'password', id: 'new-password', type: 'password', autocomplete: 'new-password'});
    const roles = roleBoxes('new-role');
    const mustChange = h('input', {type: 'checkbox', id: 'new-must-change', checked: true});
    mustChange.defaultChecked = true; // ticked again when the form is cleared for the next user
    const status = h('div', {class: 'form-status'});
    const form = h('form', {class: 'create-user', 'aria-labelledby': 'create-user-title'},
      h('h2', {id: 'create-user-title'}, 'Create a user'),
      h('div', {class: 'grid-fields'}, field('User name', username),
        field('First password', password, 'The password rules are shown if it is too weak.')),
      h('div', {class: 'check'}, mustChange, h('label', {for: 'new-must-change'}, 'Must choose their own password at first login',
        h('span', {class: 'muted'}, ' — untick only for an account a script uses'))),
      roles, status, h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary', id: 'create-user'}, 'Create user')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const wanted = chosenRoles(roles);
      if (!username.value.trim() || !password.value) {
        replace(status, notice('error', 'Give a user name and a first password.'));
        return;
      }
      if (!wanted.length) {
        replace(status, notice('error', 'Tick at least one role: it decides what the user may do.'));
        return;
      }
      try {
        const created = await api('/api/users', {method: 'POST', json: {username: username.value.trim(), password: password.value, roles: wanted, mustChangePassword: mustChange.checked}});
        replace(status, notice('ok', `User ${created.username} created with roles: ${created.roles.join(', ')}. Give them the password by a safe channel.`));
        form.reset();
        await load();
      } catch (error) {
        if (error.status !== 401) replace(status, notice('error', error.message));
      }
    });
    return form;
  }

  async function load() {
    const answer = await api('/api/users');
    users = (answer.users || []).sort((a, b) => a.username.localeCompare(b.username));
    show();
  }

  function state(user) {
    if (user.disabled) return 'Disabled';
    if (user.lockedUntil) return `Locked until ${dateTime(user.lockedUntil)}`;
    if (user.mustChangePassword) return 'Active — must choose a new password';
    return 'Active';
  }

  function show() {
    if (offset >= users.length && offset > 0) offset = Math.max(0, users.length - PAGE_SIZE);
    const shown = clientPage(users, offset, PAGE_SIZE);
    replace(listArea, h('h2', {id: 'users-title'}, `All users (${users.length})`),
      users.length === 0 ? empty('No users.', 'Create one above.') : h('div', {class: 'table-wrap'}, h('table', {class: 'users-table'},
        h('caption', {class: 'visually-hidden'}, 'Users, their roles and state'),
        h('thead', {}, h('tr', {}, ['User', 'Roles', 'State', 'Created', 'Password changed', ''].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, shown.map(u => h('tr', {dataset: {username: u.username}},
          h('th', {scope: 'row'}, u.username),
          h('td', {}, (u.roles || []).join(', ')),
          h('td', {}, state(u)),
          h('td', {}, dateTime(u.created)),
          h('td', {}, dateTime(u.passwordChangedAt)),
          h('td', {}, h('button', {type: 'button', class: 'secondary', 'aria-label': `Change ${u.username}`,
            on: {click: () => edit(u)}}, 'Change'))))))),
      pager({offset, limit: PAGE_SIZE, count: shown.length, total: users.length, label: 'users',
        onPage: next => { offset = next; show(); }}));
  }

  function edit(user) {
    const roles = roleBoxes('edit-role', user.roles || []);
    const status = h('div', {class: 'form-status'});
    const password = h('input', {type: 'password', id: 'edit-password', autocomplete: 'new-password'});
    const apply = async (body, done) => {
      try {
        const updated = await api(`/api/users/${encodeURIComponent(user.username)}`, {method: 'PATCH', json: body});
        await load();
        edit(updated);
        replace(editArea.querySelector('.form-status'), notice('ok', done));
      } catch (error) {
        if (error.status !== 401) replace(status, notice('error', error.message));
      }
    };
    const rolesForm = h('form', {class: 'edit-roles'}, roles,
      h('button', {type: 'submit', class: 'primary'}, 'Save roles'));
    rolesForm.addEventListener('submit', e => {
      e.preventDefault();
      const wanted = chosenRoles(roles);
      if (!wanted.length) replace(status, notice('error', 'A user needs at least one role; disable the account instead.'));
      else apply({roles: wanted}, `Roles of ${user.username} are now: ${wanted.join(', ')}.`);
    });
    const mustChange = h('input', {type: 'checkbox', id: 'edit-must-change', checked: true});
    const passwordForm = h('form', {class: 'edit-password'}, field('New password', password, 'Ends the user\'s sessions; give it to them by a safe channel.'),
      h('div', {class: 'check'}, mustChange, h('label', {for: 'edit-must-change'}, 'Must choose their own password at next login')),
      h('button', {type: 'submit', class: 'secondary'}, 'Set password'));
    passwordForm.addEventListener('submit', e => {
      e.preventDefault();
      if (password.value) apply({password: password.value, mustChangePassword: mustChange.checked}, `A new password was set for ${user.username}.`);
    });
    replace(editArea,
      h('h2', {id: 'edit-title', tabindex: '-1'}, `Change ${user.username}`),
      h('p', {}, `State: ${state(user)}`),
      status, rolesForm,
      h('div', {class: 'actions'},
        h('button', {type: 'button', class: 'secondary', on: {click: () => apply({disabled: !user.disabled},
          user.disabled ? `${user.username} can log in again.` : `${user.username} is disabled and logged out everywhere.`)}},
        user.disabled ? 'Enable account' : 'Disable account'),
        user.lockedUntil ? h('button', {type: 'button', class: 'secondary', on: {click: () => apply({unlock: true}, `${user.username} is unlocked.`)}}, 'Unlock') : null,
        h('button', {type: 'button', class: 'link', on: {click: () => replace(editArea)}}, 'Close')),
      passwordForm);
    editArea.querySelector('h2').focus();
  }

  await load();
}
