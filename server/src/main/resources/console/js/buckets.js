// #/buckets: the account's buckets, and the Create Bucket panel (seed 001, method 1): Bucket Name,
// Region, ACL, Storage Class, Redundancy Type and the Server-side Encryption field.
import { api, seg } from './api.js';
import { h, clear, field, radios, table, link, formatTime } from './dom.js';
import { pageHeader, busy, messageSlot, notice, restoreFocus, showError } from './ui.js';
import { encryptionFieldset, describeRule } from './bucket-encryption.js';

export const BUCKET_NAME_RULE = 'The name must be 3 to 63 characters in length and can contain only lowercase '
  + 'letters, digits, and hyphens (-). It must start and end with a lowercase letter or a digit.';
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

export const ACLS = [['private', 'Private'], ['public-read', 'Public Read'], ['public-read-write', 'Public Read/Write']];
export const STORAGE_CLASSES = [['Standard', 'Standard'], ['IA', 'IA'], ['Archive', 'Archive'],
  ['ColdArchive', 'Cold Archive'], ['DeepColdArchive', 'Deep Cold Archive']];

export function aclLabel(acl) {
  const found = ACLS.find(([v]) => v === acl);
  return found ? found[1] : acl;
}

export function storageClassLabel(sc) {
  const found = STORAGE_CLASSES.find(([v]) => v === sc);
  return found ? found[1] : sc;
}

/** Why a bucket name is not valid, or null. */
export function bucketNameProblem(name) {
  if (!name) return 'Enter a bucket name.';
  if (!BUCKET_NAME.test(name)) return `"${name}" is not a valid bucket name. ${BUCKET_NAME_RULE}`;
  return null;
}

function checked(fieldset) {
  const c = fieldset.querySelector('input:checked');
  return c ? c.value : null;
}

function createPanel(region, onCreated, onCancel) {
  const name = h('input', { name: 'bucketName', required: true, spellcheck: 'false', autocomplete: 'off',
    maxlength: 63 });
  const acl = radios('ACL', 'acl', ACLS, 'private');
  const storage = radios('Storage Class', 'storage-class', STORAGE_CLASSES, 'Standard');
  const redundancy = radios('Redundancy Type', 'redundancy', [['LRS', 'LRS'], ['ZRS', 'ZRS']], 'LRS');
  const sse = encryptionFieldset({ method: 'None' });
  const slot = messageSlot();
  const ok = h('button', { type: 'submit', class: 'primary' }, 'OK');
  const cancel = h('button', { type: 'button', onclick: onCancel }, 'Cancel');
  const form = h('form', { class: 'panel create-bucket', id: 'create-bucket', novalidate: true,
    'aria-labelledby': 'create-bucket-title', onsubmit: async (e) => {
      e.preventDefault();
      const bucket = name.value.trim();
      const problem = bucketNameProblem(bucket);
      if (problem) {
        name.setAttribute('aria-invalid', 'true');
        showError(slot, { code: 'InvalidBucketName', message: problem });
        name.focus();
        return;
      }
      name.removeAttribute('aria-invalid');
      let encryption;
      try {
        encryption = sse.value();
      } catch (err) {
        showError(slot, err);
        return;
      }
      const created = await busy(ok, slot, () => api.post('/api/buckets', {
        name: bucket, acl: checked(acl), storageClass: checked(storage), redundancyType: checked(redundancy),
        encryption,
      }));
      if (created) onCreated(created);
    } },
  h('h2', { id: 'create-bucket-title' }, 'Create Bucket'),
  field('Bucket Name', name, BUCKET_NAME_RULE),
  h('p', {}, h('span', { class: 'label' }, 'Region: '), region || ''),
  acl, storage, redundancy, sse.element, slot,
  h('div', { class: 'form-actions' }, ok, cancel));
  return { form, focus: () => name.focus() };
}

export async function render(view, params, ctx) {
  const panelSlot = h('div', { class: 'create-bucket-slot' });
  const status = messageSlot();
  const listSlot = h('div', { class: 'bucket-list' });
  let region = '';

  // Closing the panel removes the focused control with it: the focus goes back to Create Bucket.
  const closeCreate = () => {
    clear(panelSlot);
    restoreFocus(openButton);
  };
  const openCreate = () => {
    clear(status);
    const panel = createPanel(region, (created) => {
      closeCreate();
      status.append(notice(`Bucket ${created.name} was created.`, 'success'));
      load();
    }, closeCreate);
    clear(panelSlot).append(panel.form);
    panel.focus();
  };
  const openButton = h('button', { type: 'button', class: 'primary', onclick: openCreate }, 'Create Bucket');

  view.append(pageHeader('Buckets', openButton), panelSlot, status, listSlot);

  async function load() {
    try {
      const answer = await api.get('/api/buckets');
      region = answer.region;
      clear(listSlot).append(table([
        { title: 'Bucket Name', cell: (b) => link(`#/buckets/${seg(b.name)}`, b.name) },
        { title: 'Region', cell: (b) => b.region },
        { title: 'Storage Class', cell: (b) => storageClassLabel(b.storageClass) },
        { title: 'ACL', cell: (b) => aclLabel(b.acl) },
        { title: 'Server-side Encryption', cell: (b) => describeRule(b.encryption) },
        { title: 'Created At', cell: (b) => formatTime(b.creationDate) },
      ], answer.buckets, 'No buckets yet. Click Create Bucket to make one.', { id: 'bucket-table' }));
    } catch (err) {
      showError(listSlot, err);
    }
  }

  await load();
  if (params.create !== undefined) openCreate();
}
