// One KMS key: details, state changes (enable, disable, scheduled deletion), aliases, automatic
// rotation and versions, and for External keys the import of key material in the KMS console's two
// steps: get the wrapping public key and import token, then upload the wrapped material.
import { api, seg, q } from './api.js';
import { h, clear, field, select, radios, table, details, link, formatTime } from './dom.js';
import { pageHeader, busy, messageSlot, notice, showError, errorBox, confirmInline } from './ui.js';
import {
  stateBadge, originLabel, rotationText, rotationPeriod, checkField, invalid, days,
  ALIAS_PATTERN, ALIAS_HINT, MIN_ROTATION_DAYS, MAX_ROTATION_DAYS,
} from './kms-keys.js';

const WRAPPING_ALGORITHMS = ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5'];
const BASE64_TEXT = /^[A-Za-z0-9+/=\s]+$/;

/** A link that saves `content` as a file; data: URLs are not allowed by the console's policy. */
function downloadLink(text, fileName, content, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([content], { type }));
  return h('a', { href: url, download: fileName, class: 'download' }, text);
}

function pem(base64) {
  const lines = base64.match(/.{1,64}/g) || [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

function bytesToBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result));
    r.onerror = () => reject(r.error);
    r.readAsArrayBuffer(file);
  });
}

function hasMaterial(k) {
  return k.origin !== 'EXTERNAL' || k.keyState === 'Enabled' || k.keyState === 'Disabled';
}

/**
 * The key's description with an Edit control: an inline form (Save / Cancel). KMS decides what is
 * accepted (at most 8,192 characters), so a refusal shows its error and the key stays as it was.
 */
function descriptionEditor(k, act) {
  const box = h('div', { class: 'key-description' });
  const show = () => {
    const edit = h('button', { type: 'button', class: 'link', 'aria-label': 'Edit description',
      onclick: () => editing() }, 'Edit');
    clear(box).append(h('span', { id: 'key-description' }, k.description || '—'), ' ', edit);
  };
  const editing = () => {
    // No maxlength, unlike Create Key: the limit is KMS's, and its refusal is what the page shows.
    const input = h('input', { type: 'text', class: 'key-description-input' });
    input.value = k.description || '';
    const slot = messageSlot();
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save');
    const cancel = h('button', { type: 'button', onclick: () => show() }, 'Cancel');
    clear(box).append(h('form', { id: 'edit-description', novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      act(save, slot, () => api.put(`/api/kms/keys/${seg(k.keyId)}/description`, { description: input.value }),
        'Description saved.');
    } }, field('Description', input, 'Up to 8,192 characters.'), slot,
    h('div', { class: 'form-actions' }, save, cancel)));
    input.focus();
  };
  show();
  return box;
}

function detailsPanel(k, act) {
  const external = k.origin === 'EXTERNAL';
  return h('section', { class: 'panel' }, details([
    ['Key ID', h('span', { class: 'mono', id: 'key-id' }, k.keyId)],
    ['ARN', h('span', { class: 'mono' }, k.arn)],
    ['State', stateBadge(k.keyState, { id: 'key-state' })],
    ['Aliases', k.aliases === null ? 'not visible to you'
      : k.aliases.map((a) => a.aliasName).join(', ')],
    ['Description', descriptionEditor(k, act)],
    ['Key Spec', k.keySpec],
    ['Key Usage', k.keyUsage],
    ['Key Material Source', originLabel(k.origin)],
    ['Protection Level', k.protectionLevel],
    ['Creator', k.creator],
    ['Created', formatTime(k.creationDate)],
    ['Primary key version', k.primaryKeyVersion ? h('span', { class: 'mono' }, k.primaryKeyVersion) : null],
    ['Automatic rotation', external ? 'Not supported for imported key material' : rotationText(k)],
    !external && k.automaticRotation ? ['Next rotation', formatTime(k.nextRotationDate)] : null,
    !external ? ['Last rotation', formatTime(k.lastRotationDate)] : null,
    external ? ['Key material expiry', h('span', { id: 'material-expiry' },
      !hasMaterial(k) ? 'No key material' : (k.materialExpireTime ? formatTime(k.materialExpireTime) : 'Never'))]
      : null,
    k.keyState === 'PendingDeletion' ? ['Deletion date', h('span', { id: 'delete-date' }, formatTime(k.deleteDate))]
      : null,
  ]));
}

function statePanel(k, act) {
  const slot = messageSlot();
  const confirmSlot = h('div');
  const buttons = [];
  const path = `/api/kms/keys/${seg(k.keyId)}`;
  if (k.keyState === 'Disabled') {
    const b = h('button', { type: 'button', onclick: () => act(b, slot, () => api.post(`${path}/enable`), 'Key enabled.') },
      'Enable');
    buttons.push(b);
  }
  if (k.keyState === 'Enabled' && !k.service) {
    const b = h('button', { type: 'button', onclick: () => act(b, slot, () => api.post(`${path}/disable`),
      'Key disabled.') }, 'Disable');
    buttons.push(b);
  }
  if (k.keyState === 'PendingDeletion') {
    const b = h('button', { type: 'button', onclick: () => act(b, slot, () => api.del(`${path}/deletion`),
      'Deletion cancelled.') }, 'Cancel Deletion');
    buttons.push(b);
  } else if (!k.service) {
    const b = h('button', { type: 'button', class: 'danger', onclick: () => {
      const pending = h('input', { type: 'number', min: 7, max: 366, value: '30' });
      const yes = h('button', { type: 'button', class: 'danger', onclick: () => {
        pending.removeAttribute('aria-invalid');
        const n = days(pending, 7, 366);
        if (n === null) {
          showError(slot, invalid(pending, 'The pending window is a whole number of days from 7 to 366.'));
          return;
        }
        act(yes, slot, () => api.post(`${path}/deletion`, { pendingWindowInDays: n }), 'Key deletion scheduled.');
      } }, 'Confirm');
      const no = h('button', { type: 'button', onclick: () => { clear(confirmSlot); clear(slot); } }, 'Cancel');
      clear(confirmSlot).append(h('div', { class: 'confirm', role: 'alertdialog', 'aria-label': 'Schedule key deletion' },
        h('p', {}, `Key ${k.keyId} will be deleted when the pending window ends. Until then it cannot be used, `
          + 'and the deletion can be cancelled. Data it protects cannot be decrypted after that.'),
        field('Pending window (days)', pending, '7 to 366 days.'),
        h('div', { class: 'form-actions' }, yes, no)));
      pending.focus();
    } }, 'Schedule Deletion');
    buttons.push(b);
  }
  return h('section', { class: 'panel' }, h('h2', {}, 'Key state'),
    k.service ? notice('This key is managed by OSS (the default key for SSE-KMS); it cannot be disabled or deleted.')
      : null,
    h('div', { class: 'form-actions' }, buttons), confirmSlot, slot);
}

function aliasesPanel(k, act) {
  const slot = messageSlot();
  const confirmSlot = h('div');
  if (k.aliases === null) {
    return h('section', { class: 'panel' }, h('h2', {}, 'Aliases'),
      notice('You are not allowed to list this key\'s aliases (kms:ListAliasesByKeyId).', 'warning'));
  }
  const rows = table([
    { title: 'Alias', cell: (a) => h('span', { class: 'mono' }, a.aliasName) },
    { title: 'ARN', cell: (a) => h('span', { class: 'mono' }, a.aliasArn) },
    { title: 'Actions', cell: (a) => {
      const b = h('button', { type: 'button', class: 'link', onclick: async () => {
        if (await confirmInline(confirmSlot, `Delete the alias ${a.aliasName}?`, 'Confirm')) {
          act(b, slot, () => api.del(`/api/kms/aliases${q({ aliasName: a.aliasName })}`), `Alias ${a.aliasName} deleted.`);
        }
      } }, 'Delete');
      return b;
    } },
  ], k.aliases, 'This key has no aliases.', { id: 'key-aliases' });
  const input = h('input', { type: 'text', placeholder: 'alias/my-key', spellcheck: 'false', autocomplete: 'off' });
  const add = h('button', { type: 'submit' }, 'Add Alias');
  const form = h('form', { novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    input.removeAttribute('aria-invalid');
    const name = input.value.trim();
    if (!ALIAS_PATTERN.test(name)) {
      showError(slot, invalid(input, `The alias "${name}" is not valid: use ${ALIAS_HINT}`));
      return;
    }
    act(add, slot, () => api.post('/api/kms/aliases', { aliasName: name, keyId: k.keyId }), `Alias ${name} added.`);
  } }, field('New alias', input, ALIAS_HINT), add);
  return h('section', { class: 'panel' }, h('h2', {}, 'Aliases'), rows, confirmSlot, form, slot);
}

function rotationPanel(k, act) {
  const slot = messageSlot();
  const path = `/api/kms/keys/${seg(k.keyId)}`;
  const parts = [h('h2', {}, 'Automatic Rotation')];
  if (k.origin !== 'EXTERNAL' && !k.service) {
    const rotate = h('input', { type: 'checkbox', checked: k.automaticRotation });
    const current = k.rotationIntervalSeconds ? Math.round(k.rotationIntervalSeconds / 86400) : 365;
    const period = h('input', { type: 'number', min: MIN_ROTATION_DAYS, max: MAX_ROTATION_DAYS,
      value: String(current), disabled: !k.automaticRotation });
    rotate.addEventListener('change', () => { period.disabled = !rotate.checked; });
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save');
    const now = h('button', { type: 'button', onclick: () => act(now, slot, () => api.post(`${path}/versions`),
      'A new key version was made primary.') }, 'Rotate Now');
    parts.push(h('form', { novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      period.removeAttribute('aria-invalid');
      let n = null;
      if (rotate.checked) {
        n = days(period, MIN_ROTATION_DAYS, MAX_ROTATION_DAYS);
        if (n === null) {
          showError(slot, invalid(period,
            `The rotation period must be a whole number of days from ${MIN_ROTATION_DAYS} to ${MAX_ROTATION_DAYS}.`));
          return;
        }
      }
      act(save, slot, () => api.put(`${path}/rotation`, { automaticRotation: rotate.checked, rotationIntervalDays: n }),
        'Rotation policy saved.');
    } },
    checkField('Automatic Rotation', rotate),
    field('Rotation Period (days)', period, `${MIN_ROTATION_DAYS} to ${MAX_ROTATION_DAYS} days.`),
    k.automaticRotation ? h('p', {}, `Rotates every ${rotationPeriod(k.rotationIntervalSeconds)}; next rotation `
      + `${formatTime(k.nextRotationDate)}.`) : null,
    h('div', { class: 'form-actions' }, save, now)));
  } else {
    parts.push(h('p', { class: 'hint' }, k.service ? 'Keys managed by a cloud service are rotated by it.'
      : 'Keys with imported key material cannot rotate: import new material into a new key instead.'));
  }
  parts.push(h('h3', {}, 'Key versions'));
  parts.push(k.versions === null
    ? notice('You are not allowed to list this key\'s versions (kms:ListKeyVersions).', 'warning')
    : table([
      { title: 'Version ID', cell: (v) => h('span', { class: 'mono' }, v.keyVersionId) },
      { title: 'Created', cell: (v) => formatTime(v.creationDate) },
      { title: 'Primary', cell: (v) => (v.keyVersionId === k.primaryKeyVersion ? 'Yes' : '') },
    ], k.versions, 'No versions.', { id: 'key-versions' }));
  parts.push(slot);
  return h('section', { class: 'panel' }, parts);
}

function materialPanel(k, act, importState) {
  const path = `/api/kms/keys/${seg(k.keyId)}`;
  const slot1 = messageSlot();
  const slot2 = messageSlot();
  const deleteSlot = messageSlot();
  const confirmSlot = h('div');

  // ---- step 1: the wrapping public key and the import token ----
  const algorithm = select(WRAPPING_ALGORITHMS, importState.params ? importState.params.wrappingAlgorithm
    : WRAPPING_ALGORITHMS[0]);
  const keySpec = select(['RSA_2048'], 'RSA_2048');
  const result = h('div', { id: 'import-parameters' });
  const token = h('input', { type: 'text', spellcheck: 'false', autocomplete: 'off', class: 'mono' });
  const showParams = (p) => {
    const pub = h('textarea', { readonly: true, rows: 6, class: 'key-text', spellcheck: 'false' });
    pub.value = p.publicKey;
    const tok = h('textarea', { readonly: true, rows: 3, class: 'key-text', spellcheck: 'false' });
    tok.value = p.importToken;
    token.value = p.importToken;
    clear(result).append(
      field('Public key (Base64)', pub, `DER (X.509 SubjectPublicKeyInfo), RSA_2048, for ${p.wrappingAlgorithm}.`),
      h('p', { class: 'download-links' },
        downloadLink('Download public key', `publickey_${k.keyId}.txt`, p.publicKey),
        downloadLink('Download public key (PEM)', `publickey_${k.keyId}.pem`, pem(p.publicKey))),
      field('Import token', tok),
      h('p', { class: 'download-links' }, downloadLink('Download import token', `token_${k.keyId}.txt`, p.importToken)),
      h('p', {}, 'The public key and token can be used until ',
        h('strong', { id: 'token-expiry' }, formatTime(p.tokenExpireTime)), '.'));
  };
  if (importState.params) showParams(importState.params);
  const get = h('button', { type: 'submit' }, 'Get Import Parameters');
  const step1 = h('form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const p = await busy(get, slot1, () => api.post(`${path}/import-parameters`, {
      wrappingAlgorithm: algorithm.value, wrappingKeySpec: keySpec.value }));
    if (p) {
      importState.params = p;
      showParams(p);
    }
  } },
  h('h3', {}, 'Step 1: Get Import Parameters'),
  field('Wrapping Algorithm', algorithm, 'How you will encrypt the key material with the public key.'),
  field('Wrapping Key Spec', keySpec),
  get, slot1, result);

  // ---- step 2: the wrapped material, the token, the expiry ----
  const material = h('textarea', { rows: 6, class: 'key-text', spellcheck: 'false' });
  const file = h('input', { type: 'file' });
  const fileNote = h('div', { 'aria-live': 'polite' });
  file.addEventListener('change', async () => {
    clear(fileNote);
    const f = file.files[0];
    if (!f) return;
    try {
      const bytes = await readFile(f);
      const text = new TextDecoder().decode(bytes);
      // The KMS guides save the wrapped material either raw or already Base64: take both.
      material.value = bytes.length > 0 && BASE64_TEXT.test(text) ? text.replace(/\s+/g, '') : bytesToBase64(bytes);
      fileNote.append(notice(`Read ${bytes.length} bytes from ${f.name}; its Base64 is in the field above.`));
    } catch (err) {
      showError(fileNote, { code: 'FileUnreadable', message: `${f.name} could not be read.` });
    }
  });
  const date = h('input', { type: 'date', disabled: true });
  let expiry = 'never';
  const expiryRadios = radios('Key material expiry', 'expiry-choice', [['never', 'Never'], ['date', 'On date']],
    expiry, (v) => { expiry = v; date.disabled = v !== 'date'; if (!date.disabled) date.focus(); });
  const tomorrow = new Date(Date.now() + 86400000);
  date.min = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-`
    + `${String(tomorrow.getDate()).padStart(2, '0')}`;
  const doImport = h('button', { type: 'submit', class: 'primary' }, 'Import');
  const step2 = h('form', { novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    for (const c of [material, token, date]) c.removeAttribute('aria-invalid');
    const m = material.value.replace(/\s+/g, '');
    if (!m || !/^[A-Za-z0-9+/]+={0,2}$/.test(m)) {
      showError(slot2, invalid(material, 'Enter the encrypted key material as Base64, or choose the file.',
        'InvalidKeyMaterial'));
      return;
    }
    if (!token.value.trim()) {
      showError(slot2, invalid(token, 'Enter the import token from step 1.', 'InvalidImportToken'));
      return;
    }
    let expires = null;
    if (expiry === 'date') {
      if (!date.value) {
        showError(slot2, invalid(date, 'Choose the date the key material expires.', 'InvalidParameter'));
        return;
      }
      // The material expires at the start of the chosen day, in the browser's time zone.
      expires = new Date(`${date.value}T00:00:00`).toISOString();
    }
    act(doImport, slot2, () => api.put(`${path}/material`, {
      encryptedKeyMaterial: m, importToken: token.value.trim(), keyMaterialExpireTime: expires,
    }), 'Key material imported.');
  } },
  h('h3', {}, 'Step 2: Import Key Material'),
  field('Encrypted key material (Base64)', material,
    'The 32 (AES-256) or 16 (SM4) byte key material encrypted with the public key from step 1.'),
  field('Encrypted key material file', file, 'Or choose the file holding it (raw or Base64).'), fileNote,
  field('Token', token, 'The import token from step 1.'),
  expiryRadios, field('Expiry date', date, 'When the key material expires, the key waits for material again.'),
  doImport, slot2);

  // ---- removing the material ----
  let remove = null;
  if (hasMaterial(k)) {
    remove = h('button', { type: 'button', class: 'danger', onclick: async () => {
      if (await confirmInline(confirmSlot, 'Delete the key material? The key cannot encrypt or decrypt until the same '
        + 'material is imported again.', 'Confirm')) {
        act(remove, deleteSlot, () => api.del(`${path}/material`), 'Key material deleted.');
      }
    } }, 'Delete Key Material');
  }
  return h('section', { class: 'panel kms-import' }, h('h2', {}, 'Key Material'),
    hasMaterial(k)
      ? h('p', {}, 'Key material is imported. A new import must bring the same material.')
      : notice('This key has no key material. Import it in two steps: get the wrapping public key and token, '
        + 'then upload your key material encrypted with that public key.', 'warning'),
    remove ? h('div', { class: 'form-actions' }, remove) : null, confirmSlot, deleteSlot,
    step1, step2);
}

export async function render(view, params) {
  const keyId = params.keyId;
  // Import parameters outlive a re-render of the page (a failed or repeated import reuses them).
  const importState = { params: null };

  async function refresh(flashText) {
    const k = await api.get(`/api/kms/keys/${seg(keyId)}`);
    clear(view);
    // Runs one change, then reloads the key; a refusal stays in the action's own box.
    const act = async (button, slot, action, done) => {
      const ok = await busy(button, slot, action);
      if (ok === undefined) return;
      try {
        await refresh(done);
      } catch (err) {
        clear(view).append(errorBox(err));
      }
    };
    view.append(...[
      h('div', { class: 'breadcrumbs' }, link('#/kms', 'KMS keys'), ' › ', k.keyId),
      pageHeader(`Key ${k.keyId}`),
      flashText ? notice(flashText, 'success') : null,
      detailsPanel(k, act),
      statePanel(k, act),
      aliasesPanel(k, act),
      k.origin === 'EXTERNAL' ? materialPanel(k, act, importState) : null,
      rotationPanel(k, act),
    ].filter(Boolean));
    // After a change the outcome and the new state are at the top of the page.
    if (flashText) window.scrollTo(0, 0);
  }
  await refresh();
}
