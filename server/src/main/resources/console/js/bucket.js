// #/buckets/{bucket}: one bucket, with the tabs Objects and Basic Settings (?tab=settings opens the
// latter). Basic Settings › Server-side Encryption › Configure › Save changes the bucket's default
// encryption (seed 001, method 2); Delete Bucket removes an empty bucket.
import { api, seg } from './api.js';
import { h, clear, details, link, formatTime } from './dom.js';
import { busy, confirmInline, errorBox, messageSlot, notice, restoreFocus, showError, tabs } from './ui.js';
import { encryptionFieldset, ruleDetails } from './bucket-encryption.js';
import { aclLabel, storageClassLabel } from './buckets.js';

const EXISTING_OBJECTS_NOTE = 'The configurations of the default encryption method for a bucket do not affect '
  + 'the encryption configurations of the existing objects in the bucket.';

/** Keeps the location in step with the tab shown, without a reload (replaceState fires no hashchange). */
function rememberTab(bucket, tab) {
  const hash = `#/buckets/${seg(bucket)}${tab === 'settings' ? '?tab=settings' : ''}`;
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

async function renderObjectsTab(pane, bucket, params, ctx) {
  let mod;
  try {
    mod = await import('./objects.js');
  } catch (err) {
    pane.append(errorBox({ code: 'ObjectsUnavailable',
      message: `The object browser could not be loaded (${err.message || err}).` }));
    return;
  }
  try {
    await mod.renderObjects(pane, bucket, params, ctx);
  } catch (err) {
    pane.append(errorBox(err));
  }
}

function encryptionSection(bucket) {
  const body = h('div', { class: 'sse-current' });
  const status = messageSlot();
  const section = h('section', { class: 'panel bucket-encryption', 'aria-labelledby': 'sse-title' },
    h('h2', { id: 'sse-title' }, 'Server-side Encryption'), status, body);
  let rule = null;

  // refocus: the form just closed took the focus with it; it goes back to Configure.
  const show = (refocus) => {
    const configure = h('button', { type: 'button', onclick: () => edit() }, 'Configure');
    clear(body).append(details(ruleDetails(rule)), h('div', { class: 'form-actions' }, configure));
    if (refocus) restoreFocus(configure);
  };

  const edit = () => {
    clear(status);
    const sse = encryptionFieldset(rule, 'Default Encryption');
    const slot = messageSlot();
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save');
    const cancel = h('button', { type: 'button', onclick: () => show(true) }, 'Cancel');
    const form = h('form', { class: 'configure-encryption', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      let wanted;
      try {
        wanted = sse.value();
      } catch (err) {
        showError(slot, err);
        return;
      }
      const saved = await busy(save, slot, async () => {
        if (wanted.method === 'None') {
          await api.del(`/api/buckets/${seg(bucket)}/encryption`);
          return { method: 'None' };
        }
        return api.put(`/api/buckets/${seg(bucket)}/encryption`, wanted);
      });
      if (saved) {
        rule = saved;
        show(true);
        status.append(notice('The server-side encryption settings were saved.', 'success'));
      }
    } },
    sse.element,
    notice(`Note: ${EXISTING_OBJECTS_NOTE}`, 'warning'),
    slot,
    h('div', { class: 'form-actions' }, save, cancel));
    clear(body).append(form);
    const first = form.querySelector('input:checked');
    if (first) first.focus();
  };

  (async () => {
    try {
      rule = await api.get(`/api/buckets/${seg(bucket)}/encryption`);
      show();
    } catch (err) {
      showError(body, err);
    }
  })();
  return section;
}

function aclSection(info) {
  return h('section', { class: 'panel bucket-acl', 'aria-labelledby': 'acl-title' },
    h('h2', { id: 'acl-title' }, 'Access Control List (ACL)'),
    details([['Bucket ACL', aclLabel(info.acl)]]));
}

function deleteSection(bucket, ctx) {
  const slot = messageSlot();
  const button = h('button', { type: 'button', class: 'danger', onclick: async () => {
    const yes = await confirmInline(slot, `Delete bucket ${bucket}? Only an empty bucket can be deleted; `
      + 'this cannot be undone.', 'Delete');
    if (!yes) return;
    const done = await busy(button, slot, async () => {
      await api.del(`/api/buckets/${seg(bucket)}`);
      return true;
    });
    if (done) ctx.navigate('#/buckets');
  } }, 'Delete Bucket');
  return h('section', { class: 'panel bucket-delete', 'aria-labelledby': 'delete-title' },
    h('h2', { id: 'delete-title' }, 'Delete Bucket'),
    h('p', {}, 'Delete all objects and parts in the bucket first.'), button, slot);
}

async function renderSettings(pane, bucket, ctx) {
  const overview = h('section', { class: 'panel bucket-overview', 'aria-labelledby': 'overview-title' },
    h('h2', { id: 'overview-title' }, 'Basic Information'));
  pane.append(overview);
  let info;
  try {
    info = await api.get(`/api/buckets/${seg(bucket)}`);
  } catch (err) {
    overview.append(errorBox(err));
  }
  if (info) {
    overview.append(details([
      ['Bucket Name', info.name],
      ['Region', info.region],
      ['Storage Class', storageClassLabel(info.storageClass)],
      ['Redundancy Type', info.redundancyType],
      ['Created At', formatTime(info.creationDate)],
    ]));
  }
  pane.append(encryptionSection(bucket));
  if (info) pane.append(aclSection(info));
  pane.append(deleteSection(bucket, ctx));
}

export async function render(view, params, ctx) {
  const { bucket } = params;
  let first = true;
  const pane = (tab, fill) => (body) => {
    // The location follows a switch of tab (not the first showing, whose query may hold more, such
    // as the objects' prefix). A fresh pane per showing: a tab still loading when another is
    // chosen fills a detached node.
    if (!first) rememberTab(bucket, tab);
    first = false;
    const p = h('div', { class: 'tab-pane' });
    body.append(p);
    fill(p);
  };
  view.append(
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, link('#/buckets', 'Buckets'), ' / ', bucket),
    h('div', { class: 'page-header' }, h('h1', {}, bucket)),
    tabs([
      ['objects', 'Objects', pane('objects', (p) => renderObjectsTab(p, bucket, params, ctx))],
      ['settings', 'Basic Settings', pane('settings', (p) => renderSettings(p, bucket, ctx))],
    ], params.tab === 'settings' ? 'settings' : 'objects'));
}
