// KMS keys: the region's keys with state, origin, spec, aliases and rotation, and the Create Key
// panel (Key Material Source Coffer KMS or External, optional alias, automatic rotation).
import { api } from './api.js';
import { h, clear, field, select, radios, table, link, formatTime, uid } from './dom.js';
import { pageHeader, busy, messageSlot, notice, restoreFocus, showError } from './ui.js';

/** The alias names KMS accepts; the server also refuses the reserved alias/acs/ names. */
export const ALIAS_PATTERN = /^alias\/[A-Za-z0-9_/-]{1,255}$/;
export const ALIAS_HINT = 'alias/ followed by letters, digits, _, / or -.';
export const MIN_ROTATION_DAYS = 7;
export const MAX_ROTATION_DAYS = 365;

export function stateBadge(state, attrs = {}) {
  return h('span', { class: `badge ${state}`, ...attrs }, state);
}

export function originLabel(origin) {
  return origin === 'EXTERNAL' ? 'External' : 'Coffer KMS';
}

export function rotationPeriod(seconds) {
  if (seconds === null || seconds === undefined) return '';
  const days = seconds / 86400;
  return Number.isInteger(days) ? `${days} days` : `${Math.round(seconds / 3600)} hours`;
}

export function rotationText(k) {
  if (!k.automaticRotation) return 'Off';
  return `Every ${rotationPeriod(k.rotationIntervalSeconds)}`;
}

/** A checkbox with its label after it, in one row. */
export function checkField(label, input) {
  if (!input.id) input.id = uid('chk');
  return h('div', { class: 'field check' }, input, h('label', { for: input.id }, label));
}

/** A page-side refusal shown like a server's, so the user sees one kind of error box. */
export function invalid(control, message, code = 'InvalidParameter') {
  control.setAttribute('aria-invalid', 'true');
  control.focus();
  return { code, message };
}

/** Whole days in [min, max] from a number input, or null. */
export function days(input, min, max) {
  const v = input.value.trim();
  if (!/^[0-9]{1,4}$/.test(v)) return null;
  const n = Number(v);
  return n >= min && n <= max ? n : null;
}

function keysTable(answer) {
  return table([
    { title: 'Key ID', cell: (k) => link(`#/kms/${encodeURIComponent(k.keyId)}`, k.keyId, { class: 'mono' }) },
    { title: 'Aliases', cell: (k) => (answer.aliasesVisible
      ? (k.aliases.length ? k.aliases.map((a) => h('div', { class: 'mono' }, a.aliasName)) : '—')
      : h('span', { class: 'hint' }, 'not visible to you')) },
    { title: 'State', cell: (k) => stateBadge(k.keyState) },
    { title: 'Key Spec', cell: (k) => k.keySpec },
    { title: 'Origin', cell: (k) => originLabel(k.origin) },
    { title: 'Rotation', cell: (k) => rotationText(k) },
    { title: 'Created', cell: (k) => formatTime(k.creationDate) },
  ], answer.keys, 'There are no keys in this region yet.', { id: 'kms-keys' });
}

function createPanel(onCreated, onCancel) {
  const spec = select([['Aliyun_AES_256', 'Aliyun_AES_256'], ['Aliyun_SM4', 'Aliyun_SM4']], 'Aliyun_AES_256');
  const description = h('input', { type: 'text', maxlength: 8192 });
  const alias = h('input', { type: 'text', placeholder: 'alias/my-key', spellcheck: 'false', autocomplete: 'off' });
  const rotate = h('input', { type: 'checkbox' });
  const period = h('input', { type: 'number', min: MIN_ROTATION_DAYS, max: MAX_ROTATION_DAYS, value: '365',
    disabled: true });
  let origin = 'Aliyun_KMS';
  const sync = () => {
    rotate.disabled = origin === 'EXTERNAL';
    if (rotate.disabled) rotate.checked = false;
    period.disabled = rotate.disabled || !rotate.checked;
  };
  rotate.addEventListener('change', sync);
  const slot = messageSlot();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create');
  const form = h('form', { class: 'panel', id: 'create-key-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    for (const c of [alias, period]) c.removeAttribute('aria-invalid');
    const aliasName = alias.value.trim();
    if (aliasName && (!ALIAS_PATTERN.test(aliasName))) {
      showError(slot, invalid(alias, `The alias "${aliasName}" is not valid: use ${ALIAS_HINT}`));
      return;
    }
    let interval = null;
    if (rotate.checked) {
      interval = days(period, MIN_ROTATION_DAYS, MAX_ROTATION_DAYS);
      if (interval === null) {
        showError(slot, invalid(period,
          `The rotation period must be a whole number of days from ${MIN_ROTATION_DAYS} to ${MAX_ROTATION_DAYS}.`));
        return;
      }
    }
    const made = await busy(submit, slot, () => api.post('/api/kms/keys', {
      keySpec: spec.value, description: description.value, origin, alias: aliasName || null,
      automaticRotation: rotate.checked, rotationIntervalDays: interval,
    }));
    if (made) onCreated(made);
  } },
  h('h2', {}, 'Create Key'),
  field('Key Spec', spec, 'Symmetric keys for encryption and decryption. SM4 for the Chinese commercial standard.'),
  field('Description', description),
  field('Alias', alias, `Optional. ${ALIAS_HINT}`),
  h('fieldset', { class: 'advanced' }, h('legend', {}, 'Advanced'),
    radios('Key Material Source', 'key-origin', [['Aliyun_KMS', 'Coffer KMS'], ['EXTERNAL', 'External (BYOK)']],
      origin, (v) => { origin = v; sync(); }),
    h('p', { class: 'hint' }, 'External: the key starts without material (Pending Import); you import your own '
      + 'material on the key\'s page. Keys with imported material cannot rotate automatically.'),
    checkField('Automatic Rotation', rotate),
    field('Rotation Period (days)', period, `${MIN_ROTATION_DAYS} to ${MAX_ROTATION_DAYS} days.`)),
  slot,
  h('div', { class: 'form-actions' }, submit,
    h('button', { type: 'button', onclick: onCancel }, 'Cancel')));
  return form;
}

export async function render(view, params, ctx) {
  const flash = h('div');
  const panelHost = h('div');
  const listHost = h('div');
  const toggle = h('button', { type: 'button', class: 'primary', 'aria-expanded': 'false' }, 'Create Key');
  const close = () => {
    clear(panelHost);
    toggle.setAttribute('aria-expanded', 'false');
    restoreFocus(toggle);
  };
  const load = async () => {
    const answer = await api.get('/api/kms/keys');
    clear(listHost).append(keysTable(answer));
  };
  const created = async (k) => {
    close();
    clear(flash).append(notice(h('span', {}, 'Key ', link(`#/kms/${encodeURIComponent(k.keyId)}`, k.keyId,
      { id: 'created-key', class: 'mono' }), k.origin === 'EXTERNAL'
      ? ' created. It waits for key material: open it to import.' : ' created.'), 'success'));
    try {
      await load();
    } catch (err) {
      showError(listHost, err);
    }
  };
  toggle.addEventListener('click', () => {
    if (panelHost.firstChild) { close(); return; }
    clear(flash);
    toggle.setAttribute('aria-expanded', 'true');
    const form = createPanel(created, close);
    panelHost.append(form);
    form.querySelector('select').focus();
  });
  view.append(pageHeader('KMS keys', toggle), flash, panelHost, listHost);
  await load();
  if (params.create === '1') toggle.click();
}
