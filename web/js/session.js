// Who is logged in, and the idle timeout: always visible as a countdown in the top bar, a warning dialog before
// the end, and a logout when it runs out. Calls the user did not make (this module's own checks) are sent as
// background calls so they never keep an idle session alive by themselves.
import {api, configure, setCsrfToken} from './api.js';
import {clock, setDateFormat} from './widgets.js';
import {h, replace} from './dom.js';

const WARN_BEFORE_MS = 120_000;   // the warning shows two minutes before the end (half the time on short sessions)
const SYNC_DELAY_MS = 1_500;      // after activity, ask the server for the new expiry once the burst is over

export class Session {
  /** onEnded(message): the session is over (timed out, logged out, refused); show the login screen. */
  constructor({countdown, dialog, onEnded}) {
    this.countdownEl = countdown;
    this.dialog = dialog;
    this.onEnded = onEnded;
    this.user = null;
    this.expiresAt = 0;        // local clock, ms
    this.idleMs = 0;           // the configured idle timeout, learned at login
    this.lastSync = 0;
    this.lastInteraction = 0;
    this.skew = 0;             // server clock minus ours, when they differ by more than the Date header's precision
    this.syncTimer = null;
    this.ticker = null;
    this.leaving = false;      // logging out: a check still under way will be refused, and that is no news
    this.channel = 'BroadcastChannel' in window ? new BroadcastChannel('chartvault-session') : null;
    if (this.channel) this.channel.addEventListener('message', e => this.fromOtherTab(e.data));
    configure({
      onUnauthorized: () => {
        if (!this.leaving) this.end('Your session has ended (it was idle too long, or it was ended elsewhere). Log in again to continue.');
      },
      onActivity: () => this.scheduleSync(),
      onResponse: (response, sentAt) => this.learnClock(response, sentAt),
    });
    for (const event of ['keydown', 'pointerdown']) {
      document.addEventListener(event, () => { this.lastInteraction = Date.now(); }, {capture: true, passive: true});
    }
    this.buildDialog();
  }

  get loggedIn() {
    return this.user !== null;
  }

  /** True if the user holds one of the roles (administrators may do everything). An empty list means anyone. */
  allows(roles) {
    if (!this.user) return false;
    if (!roles || roles.length === 0) return true;
    return this.user.roles.includes('admin') || roles.some(r => this.user.roles.includes(r));
  }

  /** Picks up an existing session (after a reload). Resolves true when there is one. */
  async restore() {
    try {
      const answer = await api('/api/session', {background: true});
      if (!answer.csrfToken) return false; // a token client, not a browser session
      this.begin(answer);
      return true;
    } catch (e) {
      if (e.status === 401) return false;
      throw e;
    }
  }

  async login(username, password) {
    const answer = await api('/api/session', {method: 'POST', json: {username, password}});
    this.begin(answer);
  }

  /**
   * Changes the user's own password. The server then ends every session of the user, this one too, so the user is
   * logged in again with the new password straight away (refusals of the old session meanwhile are no news).
   */
  async changePassword(currentPassword, newPassword) {
    const username = this.user.username;
    this.leaving = true;
    try {
      await api('/api/me/password', {method: 'POST', json: {currentPassword, newPassword}});
    } catch (error) {
      this.leaving = false;
      throw error;
    }
    await this.login(username, newPassword);
  }

  async logout() {
    this.leaving = true;
    clearTimeout(this.syncTimer);
    this.syncTimer = null;
    try {
      await api('/api/session', {method: 'DELETE', background: true});
    } catch (ignored) {
      // the session is gone either way
    }
    if (this.channel) this.channel.postMessage({type: 'logout'});
    this.end('You have logged out.');
  }

  begin(answer) {
    this.leaving = false;
    this.user = {username: answer.username, roles: answer.roles || [], mustChangePassword: answer.mustChangePassword === true};
    setCsrfToken(answer.csrfToken);
    setDateFormat(answer.dateFormat);
    this.accept(answer.idleExpiresAt);
    this.idleMs = Math.max(60_000, Math.round((this.expiresAt - Date.now()) / 60_000) * 60_000);
    clearInterval(this.ticker);
    this.ticker = setInterval(() => this.tick(), 1000);
    this.tick();
  }

  /**
   * The server stamps its answer (to the second) somewhere between our asking and our receiving it; only a stamp
   * outside that window, by more than two seconds, shows that its clock differs from ours.
   */
  learnClock(response, sentAt) {
    const server = Date.parse(response.headers.get('Date') || '');
    if (Number.isNaN(server)) return;
    const receivedAt = Date.now();
    let skew = 0;
    if (server < sentAt - 1000) skew = server - (sentAt - 1000);
    else if (server > receivedAt) skew = server - receivedAt;
    this.skew = Math.abs(skew) > 2000 ? skew : 0;
  }

  accept(idleExpiresAt) {
    const at = Date.parse(idleExpiresAt);
    if (!Number.isNaN(at)) this.expiresAt = at - this.skew;
    this.lastSync = Date.now();
  }

  /** The server has seen the user act: learn the new expiry once the burst of requests is over. */
  scheduleSync() {
    if (!this.user || this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      this.sync();
    }, SYNC_DELAY_MS);
  }

  async sync() {
    if (!this.user || this.leaving) return;
    try {
      const answer = await api('/api/session', {background: true});
      if (!this.user || this.leaving) return;
      this.accept(answer.idleExpiresAt);
      if (this.channel) this.channel.postMessage({type: 'sync', idleExpiresAt: answer.idleExpiresAt});
      this.tick();
    } catch (ignored) {
      // a 401 has already ended the session; a network hiccup is retried by the next activity
    }
  }

  /** Another tab of this browser shares the session: its activity counts here too, and so does its logout. */
  fromOtherTab(message) {
    if (!this.user || !message) return;
    if (message.type === 'logout') this.end('You logged out in another tab.');
    if (message.type === 'sync') {
      const at = Date.parse(message.idleExpiresAt);
      if (at > this.expiresAt) this.accept(message.idleExpiresAt);
    }
  }

  warnBeforeMs() {
    return Math.min(WARN_BEFORE_MS, this.idleMs / 2);
  }

  tick() {
    if (!this.user) return;
    const left = this.expiresAt - Date.now();
    this.countdownEl.textContent = `Logs out in ${clock(left)}`;
    this.countdownEl.classList.toggle('soon', left <= this.warnBeforeMs());
    if (left <= 1000) {
      // a second early: the server ends the session at the same moment, and must not be the first to say so
      this.timedOut();
    } else if (left <= this.warnBeforeMs()) {
      // someone typing in a long form is not idle: keep the session alive for them without asking
      if (this.lastInteraction > this.lastSync && !this.dialog.open) this.sync();
      else this.warn(left);
    } else if (this.dialog.open) {
      this.dialog.close();
    }
  }

  buildDialog() {
    this.dialogText = h('p', {id: 'idle-dialog-text'});
    const stay = h('button', {type: 'button', class: 'primary', id: 'idle-stay', autofocus: true,
      on: {click: () => this.stay()}}, 'Stay logged in');
    const leave = h('button', {type: 'button', class: 'secondary', on: {click: () => this.logout()}}, 'Log out now');
    replace(this.dialog,
      h('h2', {id: 'idle-dialog-title'}, 'Still there?'),
      this.dialogText,
      h('div', {class: 'actions'}, stay, leave));
    this.dialog.setAttribute('aria-labelledby', 'idle-dialog-title');
    this.dialog.setAttribute('aria-describedby', 'idle-dialog-text');
    this.dialog.addEventListener('cancel', e => { e.preventDefault(); this.stay(); });
  }

  warn(left) {
    this.dialogText.textContent = `To protect patient information you will be logged out in ${clock(left)} `
      + 'because ChartVault has not been used. Anything you have not saved will be lost.';
    if (!this.dialog.open) this.dialog.showModal();
  }

  async stay() {
    if (this.dialog.open) this.dialog.close();
    // asking for the session is itself use of it: the server restarts the idle time
    this.lastInteraction = Date.now();
    await this.sync();
  }

  timedOut() {
    const minutes = Math.round(this.idleMs / 60_000);
    this.leaving = true;
    // the request is made (with this session's CSRF token) before the session is forgotten here; if the server
    // has ended it already, its refusal finds the session over and changes nothing
    api('/api/session', {method: 'DELETE', background: true}).catch(() => {});
    if (this.channel) this.channel.postMessage({type: 'logout'});
    this.end(`You were logged out because ChartVault was not used for ${minutes} minute${minutes === 1 ? '' : 's'}. `
      + 'Log in again to continue where you were.');
  }

  end(message) {
    if (!this.user) return;
    this.user = null;
    setCsrfToken(null);
    clearInterval(this.ticker);
    clearTimeout(this.syncTimer);
    this.syncTimer = null;
    if (this.dialog.open) this.dialog.close();
    this.countdownEl.textContent = '';
    this.onEnded(message);
  }
}
