// Choosing one's own password: the screen anyone reaches from their name in the top bar, and the same form shown
// instead of everything else when an administrator set the password (a new account, a reset) and the server
// refuses all other work until the user has chosen their own.
import {h, replace, field, notice} from '../dom.js';

/**
 * The form: current password, new password twice. onChanged() runs once the new password is in force (the session
 * has been renewed with it). The server's password rules come back as its own sentence.
 */
export function passwordForm(session, {submitLabel = 'Change password', onChanged}) {
  const current = h('input', {type: 'password', id: 'current-password', name: 'current-password', autocomplete: 'current-password', required: true});
  const next = h('input', {type: 'password', id: 'new-password', name: 'new-password', autocomplete: 'new-password', required: true});
  const again = h('input', {type: 'password', id: 'new-password-again', name: 'new-password-again', autocomplete: 'new-password', required: true});
  const status = h('div', {class: 'form-status', id: 'password-status'});
  const submit = h('button', {type: 'submit', class: 'primary', id: 'password-submit'}, submitLabel);
  const form = h('form', {class: 'password-form', novalidate: true, 'aria-label': 'Change your password'},
    field('Current password', current),
    field('New password', next, 'At least 12 characters, not a common password and not your user name.'),
    field('New password again', again),
    status, h('div', {class: 'actions'}, submit));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (!current.value || !next.value) {
      replace(status, notice('error', 'Enter your current password and the new one.'));
      (current.value ? next : current).focus();
      return;
    }
    if (next.value !== again.value) {
      replace(status, notice('error', 'The two new passwords are not the same. Type the new password twice.'));
      again.value = '';
      again.focus();
      return;
    }
    submit.disabled = true;
    replace(status, h('p', {class: 'muted'}, 'Changing your password…'));
    try {
      await session.changePassword(current.value, next.value);
      onChanged();
    } catch (error) {
      submit.disabled = false;
      if (error.status === 401) return;
      replace(status, notice('error', error.message));
      (error.status === 403 ? current : next).focus();
    }
  });
  return {form, focus: () => current.focus()};
}

/** The screen at #/password. */
export function passwordScreen(ctx) {
  const {root, session} = ctx;
  const done = h('div', {'aria-live': 'polite'});
  const {form} = passwordForm(session, {onChanged: () => {
    replace(done, notice('ok', 'Your password is changed. Your other sessions and API tokens have ended; make new tokens for your scripts.'));
    form.reset();
  }});
  replace(root, h('h1', {tabindex: '-1'}, 'Change your password'),
    h('p', {class: 'lead'}, `You are logged in as ${session.user.username}. Changing your password logs you out everywhere else.`),
    done, form);
  ctx.focusHeading();
}
