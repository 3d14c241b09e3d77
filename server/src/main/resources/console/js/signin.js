// The sign-in form: an access key pair of the account (root) or of a RAM user.
import { api } from './api.js';
import { h, field } from './dom.js';
import { busy, messageSlot, notice } from './ui.js';

export function renderSignIn(view, message, onSignedIn) {
  const id = h('input', { name: 'accessKeyId', autocomplete: 'username', required: true, spellcheck: 'false' });
  const secret = h('input', { name: 'accessKeySecret', type: 'password', autocomplete: 'current-password',
    required: true });
  const slot = messageSlot();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'signin', id: 'sign-in-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const identity = await busy(submit, slot, () => api.post('/api/session', {
      accessKeyId: id.value.trim(), accessKeySecret: secret.value,
    }));
    if (identity) {
      secret.value = '';
      onSignedIn(identity);
    }
  } },
  h('h1', {}, 'Sign in to Coffer'),
  message ? notice(message, 'warning') : null,
  h('p', {}, 'Use an AccessKey pair of the account or of a RAM user.'),
  field('AccessKey ID', id),
  field('AccessKey secret', secret),
  slot,
  submit);
  view.append(form);
  id.focus();
}
