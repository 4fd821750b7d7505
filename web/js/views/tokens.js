// API tokens (every user, for their own scripts): create one (shown once), list them, revoke.
import {api} from '../api.js';
import {h, replace, field, notice, empty} from '../dom.js';
import {clientPage, dateTime, pager} from '../widgets.js';

const PAGE_SIZE = 20;

export async function tokensScreen(ctx) {
  const {root} = ctx;
  let tokens = [];
  let offset = 0;
  const name = h('input', {name: 'name', id: 'token-name', autocomplete: 'off'});
  const created = h('div', {class: 'token-created', 'aria-live': 'polite'});
  const form = h('form', {class: 'create-token', 'aria-labelledby': 'token-create-title'},
    h('h2', {id: 'token-create-title'}, 'Create a token'),
    field('What the token is for', name, 'For example "nightly import script". Scripts send it as Authorization: Bearer <token>.'),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Create token')));
  const list = h('section', {'aria-labelledby': 'tokens-title'});
  replace(root, h('h1', {tabindex: '-1'}, 'API tokens'),
    h('p', {class: 'lead'}, 'A token lets a script use ChartVault as you, with your roles. Revoke it when the script no longer needs it.'),
    form, created, list);
  ctx.focusHeading();

  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (!name.value.trim()) {
      replace(created, notice('error', 'Say what the token is for, so you can recognize it later.'));
      name.focus();
      return;
    }
    try {
      const answer = await api('/api/tokens', {method: 'POST', json: {name: name.value.trim()}});
      const secret = h('input', {readonly: true, id: 'new-token', value: answer.token, class: 'token-value', 'aria-describedby': 'token-warning'});
      const copy = h('button', {type: 'button', class: 'secondary', on: {click: async () => {
        secret.select();
        try {
          await navigator.clipboard.writeText(answer.token);
          ctx.announce('Token copied.');
        } catch (ignored) {
          ctx.announce('Select the token and copy it with Ctrl+C.');
        }
      }}}, 'Copy');
      replace(created, h('div', {class: 'notice ok'},
        h('p', {id: 'token-warning'}, h('strong', {}, 'Copy this token now: it is shown only once. '),
          'If it is lost, revoke it and create a new one.'),
        h('label', {for: 'new-token'}, `Token "${answer.name}"`), h('div', {class: 'token-row'}, secret, copy)));
      secret.focus();
      secret.select();
      form.reset();
      await load();
    } catch (error) {
      if (error.status !== 401) replace(created, notice('error', error.message));
    }
  });

  async function load() {
    const answer = await api('/api/tokens');
    tokens = (answer.tokens || []).sort((a, b) => String(b.created).localeCompare(String(a.created)));
    show();
  }

  function revokeButton(token) {
    const button = h('button', {type: 'button', class: 'secondary', 'aria-label': `Revoke ${token.name}`}, 'Revoke');
    let armed = false;
    button.addEventListener('click', async () => {
      if (!armed) {
        armed = true;
        button.textContent = 'Click again to revoke';
        button.classList.add('danger');
        return;
      }
      try {
        await api(`/api/tokens/${encodeURIComponent(token.id)}`, {method: 'DELETE'});
        ctx.announce(`Token ${token.name} revoked.`);
        await load();
      } catch (error) {
        if (error.status !== 401) replace(created, notice('error', error.message));
      }
    });
    button.addEventListener('blur', () => {
      armed = false;
      button.textContent = 'Revoke';
      button.classList.remove('danger');
    });
    return button;
  }

  function show() {
    if (offset >= tokens.length && offset > 0) offset = Math.max(0, tokens.length - PAGE_SIZE);
    const shown = clientPage(tokens, offset, PAGE_SIZE);
    replace(list, h('h2', {id: 'tokens-title'}, ctx.session.allows(['admin']) ? 'All tokens (you are an administrator)' : 'Your tokens'),
      tokens.length === 0 ? empty('You have no API tokens.', 'Create one above when a script needs to use ChartVault.')
        : h('div', {class: 'table-wrap'}, h('table', {class: 'tokens-table'},
          h('caption', {class: 'visually-hidden'}, 'API tokens'),
          h('thead', {}, h('tr', {}, ['Name', 'Owner', 'Created', 'Id', ''].map(t => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, shown.map(t => h('tr', {dataset: {tokenId: t.id}},
            h('th', {scope: 'row'}, t.name), h('td', {}, t.owner), h('td', {}, dateTime(t.created)),
            h('td', {class: 'mono'}, t.id), h('td', {}, revokeButton(t))))))),
      pager({offset, limit: PAGE_SIZE, count: shown.length, total: tokens.length, label: 'tokens',
        onPage: next => { offset = next; show(); }}));
  }

  await load();
}
