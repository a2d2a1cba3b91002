// The console's shell: who is signed in, the menu their role allows, and hash routes (#/review, ...).
// The menu only hides what a role may not do; the server refuses it anyway.
import { get, post, setCsrf, setSignedOutHandler } from './api.js';
import { h, clear } from './util.js';
import { t, lang, setLang } from './i18n.js';
import { signInPage } from './page-signin.js';
import { standardPage, reviewPage, workersPage } from './pages-lead.js';
import { criteriaPage, tablesPage, reportPage, docsPage } from './pages-eval.js';
import { usersPage, teamsPage, devicesPage, enrolPage, targetsPage, auditPage } from './pages-admin.js';
import { settingsPage } from './page-settings.js';

const routes = {
  standard: { roles: ['team_lead'], label: 'navStandard', page: standardPage },
  review: { roles: ['team_lead'], label: 'navReview', page: reviewPage },
  workers: { roles: ['team_lead'], label: 'navWorkers', page: workersPage },
  criteria: { roles: ['evaluator'], label: 'navCriteria', page: criteriaPage },
  tables: { roles: ['evaluator'], label: 'navTables', page: tablesPage },
  report: { roles: ['evaluator'], label: 'navReport', page: reportPage },
  users: { roles: ['admin'], label: 'navUsers', page: usersPage },
  teams: { roles: ['admin'], label: 'navTeams', page: teamsPage },
  devices: { roles: ['admin'], label: 'navDevices', page: devicesPage },
  enrol: { roles: ['admin', 'team_lead'], label: 'navEnrol', page: enrolPage },
  targets: { roles: ['admin'], label: 'navTargets', page: targetsPage },
  settings: { roles: ['admin'], label: 'navSettings', page: settingsPage },
  audit: { roles: ['admin'], label: 'navAudit', page: auditPage },
  docs: { roles: ['team_lead', 'evaluator', 'admin'], label: 'navDocs', page: docsPage },
};
const consoleRoles = ['team_lead', 'evaluator', 'admin'];

const state = { user: null, notice: null };

function allowed(name) {
  const route = routes[name];
  return route && state.user && state.user.roles.some((role) => route.roles.includes(role));
}

function firstPage() {
  return Object.keys(routes).find(allowed) || 'signin';
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [name, search] = raw.split('?');
  return { name: name || '', params: new URLSearchParams(search || '') };
}

export function navigate(name, params) {
  const search = params ? `?${new URLSearchParams(params)}` : '';
  const next = `#/${name}${search}`;
  if (location.hash === next) render(); else location.hash = next;
}

function renderChrome() {
  document.documentElement.lang = lang();
  document.querySelector('.skip').textContent = t('skip');
  const nav = clear(document.getElementById('nav'));
  nav.setAttribute('aria-label', t('nav'));
  const current = parseHash().name;
  if (state.user) {
    const list = h('ul');
    for (const name of Object.keys(routes).filter(allowed)) {
      list.append(h('li', {}, h('a', { href: `#/${name}`, 'aria-current': name === current ? 'page' : null }, t(routes[name].label))));
    }
    nav.append(list);
  }
  const who = document.getElementById('who');
  who.textContent = state.user
    ? `${state.user.display_name} · ${state.user.roles.map((r) => t('roles')[r] || r).join(', ')}${state.user.team_name ? ` · ${state.user.team_name}` : ''}`
    : '';
  const langButton = document.getElementById('lang');
  langButton.textContent = t('otherLang');
  langButton.setAttribute('lang', t('otherLangCode'));
  const signOut = document.getElementById('signout');
  signOut.textContent = t('signOut');
  signOut.hidden = !state.user;
}

export async function render() {
  renderChrome();
  const main = clear(document.getElementById('main'));
  const { name, params } = parseHash();
  if (!state.user) {
    main.append(signInPage({ notice: state.notice, onSignedIn }));
    document.title = `${t('signInTitle')} – Fältlogg`;
    return;
  }
  if (!name || name === 'signin') { navigate(firstPage()); return; }
  if (!routes[name]) { main.append(h('h1', {}, t('notFound'))); return; }
  if (!allowed(name)) {
    main.append(h('h1', {}, t(routes[name].label)), h('p', { class: 'error', role: 'alert' }, t('forbidden')));
    return;
  }
  document.title = `${t(routes[name].label)} – Fältlogg`;
  const container = h('div', { class: 'page', 'data-page': name, 'aria-busy': 'true' });
  main.append(container);
  try {
    await routes[name].page(container, { user: state.user, params, navigate });
  } catch (error) {
    container.append(errorBox(error));
  }
  // Tests and screen readers alike can tell a page that finished loading from one still fetching.
  container.setAttribute('data-ready', 'true');
  container.setAttribute('aria-busy', 'false');
}

export function errorBox(error) {
  const text = error?.status === 403 ? t('forbidden') : error?.status === 404 ? t('notFound')
    : error instanceof TypeError ? t('networkError') : `${t('errorGeneric')}: ${error?.message || error}`;
  return h('p', { class: 'error', role: 'alert' }, text);
}

export function toast(text) {
  const node = document.getElementById('toast');
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { node.hidden = true; }, 4000);
}

function onSignedIn(session) {
  state.user = session.user;
  state.notice = null;
  setCsrf(session.csrf_token);
  if (!state.user.roles.some((role) => consoleRoles.includes(role))) {
    // A field worker's account is for the tablet: end the browser session at once.
    post('/api/v1/auth/logout').catch(() => {});
    state.user = null;
    state.notice = 'tabletOnly';
  }
  const { name } = parseHash();
  if (state.user && name && allowed(name)) render(); else navigate(state.user ? firstPage() : 'signin');
}

setSignedOutHandler((error) => {
  state.user = null;
  setCsrf(null);
  state.notice = error?.code === 'session_expired' || error?.code === 'unauthorized' ? 'sessionExpired' : null;
  render();
});

async function boot() {
  document.getElementById('lang').addEventListener('click', () => { setLang(lang() === 'sv' ? 'en' : 'sv'); render(); });
  document.getElementById('signout').addEventListener('click', async () => {
    try { await post('/api/v1/auth/logout'); } catch { /* the cookie is cleared either way */ }
    state.user = null;
    setCsrf(null);
    state.notice = 'signedOut';
    navigate('signin');
  });
  window.addEventListener('hashchange', () => render());
  setLang(lang());
  try {
    const session = await get('/api/v1/auth/session', { quiet401: true });
    state.user = session.user;
    setCsrf(session.csrf_token);
  } catch {
    state.user = null;
  }
  render();
}

boot();
