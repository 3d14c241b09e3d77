// #/ram/users/{userName}: one RAM user: details, access keys (a new key's secret is shown once,
// here, and never again), attached policies, and deleting the user.
import { api, q, seg } from './api.js';
import { h, clear, field, table, details, link, formatTime, uid } from './dom.js';
import { pageHeader, busy, messageSlot, showError, confirmInline } from './ui.js';

export async function render(view, params, ctx) {
  const userName = params.userName;
  const base = `/api/ram/users/${seg(userName)}`;
  const user = await api.get(base);

  const headerSlot = messageSlot();
  const del = h('button', { type: 'button', class: 'danger', onclick: () => deleteUser() }, 'Delete User');
  view.append(h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, link('#/ram/users', 'RAM users'),
    ' › ', userName), pageHeader(userName, del), headerSlot);

  const info = h('section', { class: 'panel', 'aria-labelledby': 'user-info' });
  view.append(info);
  showInfo(info, user, base, ctx);

  const keysSection = h('section', { 'aria-labelledby': 'access-keys' });
  const policiesSection = h('section', { 'aria-labelledby': 'permissions' });
  view.append(keysSection, policiesSection);
  await Promise.all([accessKeys(keysSection, base), permissions(policiesSection, base)]);

  async function deleteUser() {
    const ok = await confirmInline(headerSlot, `Delete the RAM user ${userName}? Its access keys and attached `
      + 'policies must be removed first.', 'Yes, delete user');
    if (!ok) return;
    const done = await busy(del, headerSlot, () => api.del(base));
    if (done !== undefined) ctx.navigate('#/ram/users');
  }
}

function showInfo(section, user, base, ctx) {
  const edit = h('button', { type: 'button', onclick: () => editForm() }, 'Edit');
  clear(section).append(h('div', { class: 'section-header' }, h('h2', { id: 'user-info' }, 'Basic information'), edit),
    details([
      ['User name', user.userName],
      ['User ID', user.userId],
      ['Display name', user.displayName],
      ['Email', user.email],
      ['Mobile phone', user.mobilePhone],
      ['Comments', user.comments],
      ['Created', formatTime(user.createDate)],
      ['Updated', formatTime(user.updateDate)],
    ]));

  function editForm() {
    const displayName = h('input', { name: 'displayName', value: user.displayName, maxlength: 128 });
    const comments = h('input', { name: 'comments', value: user.comments, maxlength: 128 });
    const slot = messageSlot();
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save');
    clear(section).append(h('form', { id: 'edit-user', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const changed = await busy(save, slot, () => api.put(base, {
        displayName: displayName.value.trim(), comments: comments.value.trim(),
      }));
      if (changed) showInfo(section, changed, base, ctx);
    } },
    h('h2', { id: 'user-info' }, 'Edit basic information'),
    field('Display name', displayName), field('Comments', comments), slot,
    h('div', { class: 'form-actions' }, save,
      h('button', { type: 'button', onclick: () => showInfo(section, user, base, ctx) }, 'Cancel'))));
    displayName.focus();
  }
}

async function accessKeys(section, base) {
  const secretSlot = h('div');
  const slot = messageSlot();
  const listSlot = h('div');
  const create = h('button', { type: 'button', class: 'primary', onclick: async () => {
    const k = await busy(create, slot, () => api.post(`${base}/access-keys`, {}));
    if (!k) return;
    showSecret(secretSlot, k);
    await reload();
  } }, 'Create AccessKey');
  section.append(h('div', { class: 'section-header' }, h('h2', { id: 'access-keys' }, 'Access Keys'), create),
    secretSlot, slot, listSlot);

  async function reload() {
    let keys;
    try {
      keys = (await api.get(`${base}/access-keys`)).accessKeys;
    } catch (err) {
      showError(slot, err);
      return;
    }
    clear(listSlot).append(table([
      { title: 'AccessKey ID', cell: (k) => h('code', {}, k.accessKeyId) },
      { title: 'Status', cell: (k) => h('span', { class: `badge ${k.status}` }, k.status) },
      { title: 'Created', cell: (k) => formatTime(k.createDate) },
      { title: 'Actions', cell: (k) => keyActions(k) },
    ], keys, 'No access keys. Create one for programs and the console to sign in as this user.',
    { id: 'access-key-list' }));
  }

  function keyActions(k) {
    const next = k.status === 'Active' ? 'Inactive' : 'Active';
    const toggle = h('button', { type: 'button', onclick: async () => {
      const done = await busy(toggle, slot, () => api.put(`${base}/access-keys/${seg(k.accessKeyId)}`,
        { status: next }));
      if (done !== undefined) await reload();
    } }, k.status === 'Active' ? 'Disable' : 'Enable');
    const remove = h('button', { type: 'button', class: 'danger', onclick: async () => {
      const ok = await confirmInline(slot, `Delete the access key ${k.accessKeyId}? Programs using it can no `
        + 'longer sign requests.', 'Yes, delete key');
      if (!ok) return;
      const done = await busy(remove, slot, () => api.del(`${base}/access-keys/${seg(k.accessKeyId)}`));
      if (done !== undefined) await reload();
    } }, 'Delete');
    return h('span', { class: 'row-actions', dataset: { key: k.accessKeyId } }, toggle, ' ', remove);
  }

  await reload();
}

/** The new key pair, once: nothing can show this secret again. */
function showSecret(slot, k) {
  const done = h('button', { type: 'button', onclick: () => clear(slot) }, 'I have saved the secret');
  clear(slot).append(h('div', { class: 'secret', role: 'region', 'aria-label': 'New AccessKey' },
    h('p', {}, h('strong', {}, 'Save the AccessKey secret now. '),
      'It is shown only this once and cannot be shown again: Coffer keeps it encrypted and never displays it. '
      + 'If it is lost, create a new AccessKey and delete this one.'),
    details([
      ['AccessKey ID', h('code', { id: 'new-access-key-id' }, k.accessKeyId)],
      ['AccessKey secret', h('code', { id: 'new-access-key-secret' }, k.accessKeySecret)],
    ]),
    done));
  done.focus();
}

async function permissions(section, base) {
  const panel = h('div');
  const slot = messageSlot();
  const listSlot = h('div');
  const add = h('button', { type: 'button', class: 'primary', onclick: () => showPanel() }, 'Add Permissions');
  section.append(h('div', { class: 'section-header' }, h('h2', { id: 'permissions' }, 'Permissions'), add),
    panel, slot, listSlot);

  async function reload() {
    let attached;
    try {
      attached = (await api.get(`${base}/policies`)).policies;
    } catch (err) {
      showError(slot, err);
      return;
    }
    clear(listSlot).append(table([
      { title: 'Policy', cell: (p) => link(`#/ram/policies/${seg(p.policyName)}${q({ type: p.policyType })}`,
        p.policyName) },
      { title: 'Type', cell: (p) => p.policyType },
      { title: 'Description', cell: (p) => p.description },
      { title: 'Attached', cell: (p) => formatTime(p.attachDate) },
      { title: 'Actions', cell: (p) => detachButton(p) },
    ], attached, 'No policies attached: this user may do nothing yet.', { id: 'user-policies' }));
  }

  function detachButton(p) {
    const b = h('button', { type: 'button', onclick: async () => {
      const ok = await confirmInline(slot, `Detach ${p.policyName} from this user?`, 'Yes, detach');
      if (!ok) return;
      const done = await busy(b, slot, () => api.del(`${base}/policies/${seg(p.policyType)}/${seg(p.policyName)}`));
      if (done !== undefined) await reload();
    } }, 'Detach');
    return h('span', { class: 'row-actions', dataset: { policy: p.policyName } }, b);
  }

  async function showPanel() {
    if (panel.firstChild) return;
    add.disabled = true;
    const close = () => { clear(panel); add.disabled = false; add.focus(); };
    const panelSlot = messageSlot();
    let policies = [];
    try {
      policies = await allPolicies();
    } catch (err) {
      showError(slot, err);
      close();
      return;
    }
    const choice = h('select', { name: 'policy', required: true },
      h('option', { value: '' }, 'Choose a policy'),
      ['System', 'Custom'].map((type) => h('optgroup', { label: `${type} policies` },
        policies.filter((p) => p.policyType === type).map((p) => h('option', { value: `${type}:${p.policyName}` },
          p.policyName)))));
    const hintId = uid('policy-description');
    const description = h('p', { class: 'hint', id: hintId, 'aria-live': 'polite' });
    choice.setAttribute('aria-describedby', hintId);
    choice.addEventListener('change', () => {
      const p = policies.find((x) => `${x.policyType}:${x.policyName}` === choice.value);
      description.textContent = p ? `${p.policyType} policy. ${p.description}` : '';
    });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Attach policy');
    panel.append(h('form', { class: 'panel', id: 'add-permissions', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      if (!choice.value) {
        showError(panelSlot, { code: 'MissingPolicy', message: 'Choose a System or Custom policy to attach.' });
        return;
      }
      const [policyType, ...rest] = choice.value.split(':');
      const done = await busy(submit, panelSlot, () => api.post(`${base}/policies`,
        { policyType, policyName: rest.join(':') }));
      if (done === undefined) return;
      close();
      await reload();
    } },
    h('h2', {}, 'Add Permissions'),
    field('Policy', choice), description, panelSlot,
    h('div', { class: 'form-actions' }, submit, h('button', { type: 'button', onclick: close }, 'Cancel'))));
    choice.focus();
  }

  await reload();
}

/** Every policy, System and Custom, following the listing's pages. */
async function allPolicies() {
  const out = [];
  let marker = '';
  do {
    const page = await api.get(`/api/ram/policies${q({ maxItems: 1000, marker })}`);
    out.push(...page.policies);
    marker = page.truncated ? page.marker : '';
  } while (marker);
  return out;
}

