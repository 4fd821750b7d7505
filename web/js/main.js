// The application shell: login, the role-aware navigation, and the router that shows one screen at a time.
// Screens live in views/; each gets a fresh container and a context, and registers what to stop when left.
import {h, replace, notice, field} from './dom.js';
import {Session} from './session.js';
import {captureScreen, batchScreen} from './views/capture.js';
import {reviewScreen} from './views/review.js';
import {searchScreen} from './views/search.js';
import {viewerScreen} from './views/viewer.js';
import {usersScreen} from './views/users.js';
import {tokensScreen} from './views/tokens.js';
import {auditScreen} from './views/audit.js';
import {releasesScreen} from './views/releases.js';
import {disclosuresScreen} from './views/disclosures.js';
import {newReleaseScreen, releaseScreen} from './views/release.js';
import {amendmentsScreen, amendmentScreen} from './views/amendments.js';
import {holdsScreen, holdScreen} from './views/holds.js';
import {retentionScreen} from './views/retention.js';
import {settingsScreen} from './views/settings.js';
import {patientScreen} from './views/patient.js';
import {passwordForm, passwordScreen} from './views/password.js';

const SEARCHERS = ['indexer', 'roi', 'legal'];
const VIEWERS = ['scanner', 'indexer', 'roi', 'legal'];

/**
 * Every screen, who may see it, and whether it is in the navigation (section: the navigation entry it belongs to,
 * when not the first part of its path). Admins see everything. Fixed paths come before :id ones.
 */
const SCREENS = [
  {path: 'capture', title: 'Capture', nav: true, roles: ['scanner'], render: captureScreen},
  {path: 'batches/:id', title: 'Batch', roles: ['scanner'], render: batchScreen},
  {path: 'review', title: 'Review queue', nav: true, roles: ['indexer'], render: reviewScreen},
  {path: 'review/:id', title: 'Review queue', roles: ['indexer'], render: reviewScreen},
  {path: 'search', title: 'Search', nav: true, roles: SEARCHERS, render: searchScreen},
  {path: 'documents/:id', title: 'Document', roles: VIEWERS, render: viewerScreen},
  {path: 'patients/:mrn', title: 'Patient', section: 'search', roles: SEARCHERS, render: patientScreen},
  {path: 'releases', title: 'Releases', nav: true, roles: ['roi'], render: releasesScreen},
  {path: 'releases/new', title: 'Start a release', roles: ['roi'], render: newReleaseScreen},
  {path: 'releases/:id', title: 'Release', roles: ['roi'], render: releaseScreen},
  {path: 'amendments', title: 'Amendments', section: 'releases', roles: ['roi'], render: amendmentsScreen},
  {path: 'amendments/:id', title: 'Amendment request', section: 'releases', roles: ['roi'], render: amendmentScreen},
  {path: 'disclosures/:mrn', title: 'Accounting of disclosures', section: 'releases', roles: ['roi'], render: disclosuresScreen},
  {path: 'holds', title: 'Legal holds', nav: true, roles: ['legal'], render: holdsScreen},
  {path: 'holds/:id', title: 'Legal hold', roles: ['legal'], render: holdScreen},
  {path: 'retention', title: 'Retention', nav: true, roles: ['legal'], render: retentionScreen},
  {path: 'admin/users', title: 'Users', nav: true, roles: ['admin'], render: usersScreen},
  {path: 'admin/audit', title: 'Audit log', nav: true, roles: ['admin'], render: auditScreen},
  {path: 'admin/settings', title: 'Settings', nav: true, roles: ['admin'], render: settingsScreen},
  {path: 'tokens', title: 'API tokens', nav: true, roles: [], render: tokensScreen},
  {path: 'password', title: 'Change your password', roles: [], render: passwordScreen},
];

const main = document.getElementById('main');
const topbar = document.getElementById('topbar');
const nav = document.getElementById('nav');
const announcer = document.getElementById('announcer');
let leaving = [];        // what the current screen asked to stop when it is left (event streams, key handlers)
let loginMessage = null; // why the login screen is shown (logged out, timed out)

const session = new Session({
  countdown: document.getElementById('countdown'),
  dialog: document.getElementById('idle-dialog'),
  onEnded: message => {
    loginMessage = message;
    showLogin();
  },
});

/** Says something to screen-reader users without moving their focus. */
export function announce(text) {
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = text; }, 50);
}

function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const [path, query = ''] = raw.split('?');
  return {path: decodeURIComponent(path), query: Object.fromEntries(new URLSearchParams(query))};
}

function match(path) {
  const parts = path.split('/').filter(Boolean);
  for (const screen of SCREENS) {
    const pattern = screen.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params = {};
    const ok = pattern.every((p, i) => p.startsWith(':') ? (params[p.slice(1)] = parts[i], true) : p === parts[i]);
    if (ok) return {screen, params};
  }
  return null;
}

/** The first screen in the navigation this user may use: where "home" is for them. */
function home() {
  return SCREENS.find(s => s.nav && s.roles.length && session.allows(s.roles)) || SCREENS.find(s => s.path === 'tokens');
}

/** Changes the hash (the router then renders); query values that are empty are left out. */
export function navigate(path, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') params.set(k, v);
  const qs = params.toString();
  const target = '#/' + path + (qs ? '?' + qs : '');
  if (location.hash === target) render();
  else location.hash = target;
}

function stopScreen() {
  for (const stop of leaving) {
    try { stop(); } catch (ignored) { /* nothing to undo */ }
  }
  leaving = [];
}

function render() {
  if (!session.loggedIn) return;
  if (session.user.mustChangePassword) {
    showPasswordChange();
    return;
  }
  stopScreen();
  const {path, query} = parseHash();
  const found = path ? match(path) : null;
  if (!found) {
    location.replace('#/' + home().path);
    return;
  }
  const {screen, params} = found;
  markNav(screen);
  const root = h('div', {class: 'screen'});
  replace(main, root);
  if (!session.allows(screen.roles)) {
    document.title = 'Not allowed — ChartVault';
    root.append(h('h1', {tabindex: '-1'}, 'Not available to your role'),
      notice('error', `The ${screen.title} screen needs one of these roles: ${screen.roles.join(', ')}. `,
        'Ask an administrator if you need it, or ', h('a', {href: '#/' + home().path}, 'go to your start screen'), '.'));
    root.querySelector('h1').focus();
    return;
  }
  document.title = `${screen.title} — ChartVault`;
  const ctx = {
    root, params, query, session, announce, navigate,
    alive: () => root.isConnected,
    onLeave: stop => leaving.push(stop),
    title: text => { document.title = `${text} — ChartVault`; },
    focusHeading: () => { const h1 = root.querySelector('h1'); if (h1) h1.focus({preventScroll: true}); },
  };
  Promise.resolve(screen.render(ctx)).catch(error => {
    if (!ctx.alive() || error.status === 401) return;
    root.append(notice('error', error.message || 'Something went wrong. Reload the page and try again.'));
  });
}

function markNav(screen) {
  for (const link of nav.querySelectorAll('a')) {
    const current = link.dataset.path === (screen.section || screen.path.split('/')[0])
      || (screen.path.startsWith('admin/') && link.dataset.path === screen.path);
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function buildNav() {
  replace(nav, h('ul', {}, SCREENS.filter(s => s.nav && session.allows(s.roles)).map(s =>
    h('li', {}, h('a', {href: '#/' + s.path, dataset: {path: s.path}}, s.title)))));
  document.getElementById('who').textContent = `${session.user.username} (${session.user.roles.join(', ')})`;
}

function showApp() {
  if (session.user.mustChangePassword) {
    showPasswordChange();
    return;
  }
  topbar.hidden = false;
  buildNav();
  render();
}

/**
 * An administrator set this user's password (a new account, a reset): the server refuses all other work until
 * the user has chosen their own, so this form is all there is to see; logging out is the only other way.
 */
function showPasswordChange() {
  stopScreen();
  topbar.hidden = false;
  replace(nav);
  document.getElementById('who').textContent = session.user.username;
  document.title = 'Choose your password — ChartVault';
  const {form, focus} = passwordForm(session, {submitLabel: 'Save my password and continue', onChanged: () => {
    announce('Your password is saved.');
    showApp();
  }});
  replace(main, h('div', {class: 'login first-password'},
    h('h1', {id: 'first-password-title', tabindex: '-1'}, 'Choose your own password'),
    notice('info', 'Your password was set by an administrator. Before you continue, replace it with one only you know.'),
    form));
  focus();
}

function showLogin() {
  stopScreen();
  topbar.hidden = true;
  document.title = 'Log in — ChartVault';
  const username = h('input', {name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false'});
  const password = h('input', {name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  const status = h('div', {class: 'form-status'});
  const submit = h('button', {type: 'submit', class: 'primary'}, 'Log in');
  const form = h('form', {class: 'login-form', 'aria-labelledby': 'login-title', novalidate: true},
    field('User name', username), field('Password', password), status, submit);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      replace(status, notice('error', 'Enter your user name and password.'));
      (username.value.trim() ? password : username).focus();
      return;
    }
    submit.disabled = true;
    replace(status, h('p', {class: 'muted'}, 'Logging in…'));
    try {
      await session.login(username.value.trim(), password.value);
      loginMessage = null;
      showApp();
    } catch (error) {
      submit.disabled = false;
      password.value = '';
      replace(status, notice('error', error.message));
      password.focus();
    }
  });
  replace(main, h('div', {class: 'login'},
    h('h1', {id: 'login-title'}, 'Log in to ChartVault'),
    loginMessage ? notice('info', loginMessage) : null,
    form,
    h('p', {class: 'muted'}, 'Forgot your password or locked out? Ask a ChartVault administrator to reset or unlock your account.')));
  username.focus();
}

document.getElementById('logout').addEventListener('click', () => session.logout());
document.getElementById('skip-link').addEventListener('click', event => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => {
  if (session.loggedIn) render();
});

async function start() {
  try {
    if (await session.restore()) showApp();
    else showLogin();
  } catch (error) {
    replace(main, notice('error', error.message));
  }
}

start();
