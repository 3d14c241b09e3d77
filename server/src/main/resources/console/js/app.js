// The console's shell: sign-in, the navigation, and a hash router that loads one page module per
// location. A page module exports render(view, params, ctx); params holds the route's captures and
// the location's query values.
import { api, onSignedOut, setCsrfToken } from './api.js';
import { h, clear } from './dom.js';
import { errorBox } from './ui.js';
import { renderSignIn } from './signin.js';

const ROUTES = [
  ['/buckets', () => import('./buckets.js')],
  ['/buckets/:bucket', () => import('./bucket.js')],
  ['/buckets/:bucket/object', () => import('./object.js')],
  ['/kms', () => import('./kms-keys.js')],
  ['/kms/:keyId', () => import('./kms-key.js')],
  ['/ram/users', () => import('./ram-users.js')],
  ['/ram/users/:userName', () => import('./ram-user.js')],
  ['/ram/policies', () => import('./ram-policies.js')],
  ['/ram/policies/:policyName', () => import('./ram-policy.js')],
  ['/audit', () => import('./audit.js')],
];

const NAV = [
  ['#/buckets', 'Buckets'],
  ['#/kms', 'KMS keys'],
  ['#/ram/users', 'RAM users'],
  ['#/ram/policies', 'RAM policies'],
  ['#/audit', 'Audit log'],
];

const state = { identity: null, renderCount: 0 };
const view = () => document.getElementById('view');

function parseLocation() {
  const raw = location.hash.replace(/^#/, '') || '/buckets';
  const [path, query = ''] = raw.split('?');
  const params = Object.fromEntries(new URLSearchParams(query));
  for (const [pattern, load] of ROUTES) {
    const p = pattern.split('/');
    const s = path.split('/');
    if (p.length !== s.length) continue;
    const captured = {};
    let ok = true;
    for (let i = 0; i < p.length; i += 1) {
      if (p[i].startsWith(':')) {
        if (!s[i]) { ok = false; break; }
        captured[p[i].slice(1)] = decodeURIComponent(s[i]);
      } else if (p[i] !== s[i]) { ok = false; break; }
    }
    if (ok) return { path, load, params: { ...params, ...captured } };
  }
  return { path, load: null, params };
}

/** Goes to a console location; hash is like '#/buckets/b1'. */
export function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function renderNav(path) {
  const nav = document.getElementById('nav');
  nav.hidden = false;
  clear(nav).append(h('ul', {}, NAV.map(([hash, label]) => {
    const current = path === hash.slice(1) || path.startsWith(`${hash.slice(1)}/`);
    return h('li', {}, h('a', { href: hash, 'aria-current': current ? 'page' : false }, label));
  })));
}

function renderIdentity() {
  const el = clear(document.getElementById('identity'));
  if (!state.identity) return;
  const who = state.identity.root ? `root (account ${state.identity.accountId})`
    : `${state.identity.userName} (RAM user)`;
  el.append(h('span', { id: 'signed-in-as' }, `Signed in as ${who}`), ' ',
    h('button', { type: 'button', id: 'sign-out', class: 'link', onclick: signOut }, 'Sign out'));
}

async function signOut() {
  try { await api.del('/api/session'); } catch (e) { /* already gone */ }
  signedOut('You have signed out.');
}

function signedOut(message) {
  state.identity = null;
  setCsrfToken(null);
  renderIdentity();
  document.getElementById('nav').hidden = true;
  renderSignIn(clear(view()), message, signedIn);
  setTitle(view().querySelector('h1'));
}

function signedIn(identity) {
  state.identity = identity;
  setCsrfToken(identity.csrfToken);
  renderIdentity();
  render();
}

/** The window's title names the page shown, as the first thing a screen reader says of it. */
function setTitle(heading) {
  const text = heading ? heading.textContent.trim() : '';
  document.title = text ? `${text} · Coffer console` : 'Coffer console';
}

async function render() {
  if (!state.identity) return;
  const { path, load, params } = parseLocation();
  renderNav(path);
  const v = clear(view());
  const count = ++state.renderCount;
  if (!load) {
    setTitle(null);
    v.append(errorBox({ code: 'NotFound', message: `There is no console page at ${path}.` }));
    return;
  }
  try {
    const page = await load();
    if (count !== state.renderCount) return;
    await page.render(v, params, { identity: state.identity, navigate });
    setTitle(v.querySelector('h1'));
    v.focus({ preventScroll: true });
  } catch (err) {
    if (count !== state.renderCount || !state.identity) return;
    setTitle(v.querySelector('h1'));
    v.append(errorBox(err));
  }
}

async function start() {
  onSignedOut(signedOut);
  window.addEventListener('hashchange', render);
  try {
    signedIn(await api.get('/api/session'));
  } catch (err) {
    if (err.status !== 401) {
      clear(view()).append(errorBox(err));
      return;
    }
    signedOut(err.code === 'SessionExpired' ? err.message : null);
  }
}

start();
