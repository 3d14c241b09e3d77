// #/ram/users: the account's RAM users and the Create User panel.
import { api, q, seg } from './api.js';
import { h, clear, field, table, link, formatTime } from './dom.js';
import { pageHeader, busy, messageSlot, showError } from './ui.js';

export const USER_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export async function render(view, params, ctx) {
  const panel = h('div');
  const list = h('div');
  const open = h('button', { type: 'button', class: 'primary', onclick: () => showPanel() }, 'Create User');
  view.append(pageHeader('RAM users', open), panel, list);

  function showPanel() {
    if (panel.firstChild) return;
    open.disabled = true;
    const close = () => { clear(panel); open.disabled = false; open.focus(); };
    panel.append(createUserPanel(ctx, close));
    panel.querySelector('input').focus();
  }

  await load(list);
}

async function load(list) {
  const slot = messageSlot();
  clear(list).append(slot);
  let users;
  try {
    users = (await api.get(`/api/ram/users${q({ maxItems: 1000 })}`)).users;
  } catch (err) {
    showError(slot, err);
    return;
  }
  list.append(table([
    { title: 'User name', cell: (u) => link(`#/ram/users/${seg(u.userName)}`, u.userName) },
    { title: 'Display name', cell: (u) => u.displayName },
    { title: 'Comments', cell: (u) => u.comments },
    { title: 'Created', cell: (u) => formatTime(u.createDate) },
  ], users, 'No RAM users yet. Create one to give a person or program its own access keys.', { id: 'ram-users' }));
}

function createUserPanel(ctx, close) {
  const name = h('input', { name: 'userName', required: true, maxlength: 64, spellcheck: 'false',
    autocomplete: 'off' });
  const displayName = h('input', { name: 'displayName', maxlength: 128, autocomplete: 'off' });
  const comments = h('input', { name: 'comments', maxlength: 128, autocomplete: 'off' });
  const slot = messageSlot();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create');
  const form = h('form', { class: 'panel', id: 'create-user', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const userName = name.value.trim();
    if (!USER_NAME.test(userName)) {
      name.setAttribute('aria-invalid', 'true');
      showError(slot, { code: 'InvalidParameter.UserName',
        message: 'The user name must be 1 to 64 characters: letters, digits, ".", "-" and "_".' });
      name.focus();
      return;
    }
    name.setAttribute('aria-invalid', 'false');
    const made = await busy(submit, slot, () => api.post('/api/ram/users', {
      userName, displayName: displayName.value.trim(), comments: comments.value.trim(),
    }));
    if (made) ctx.navigate(`#/ram/users/${seg(made.userName)}`);
  } },
  h('h2', {}, 'Create User'),
  field('User name', name, '1-64 characters: letters, digits, ".", "-" and "_". The sign-in name of the user.'),
  field('Display name', displayName, 'Optional, up to 128 characters.'),
  field('Comments', comments, 'Optional, up to 128 characters.'),
  slot,
  h('div', { class: 'form-actions' }, submit, h('button', { type: 'button', onclick: close }, 'Cancel')));
  return form;
}
