// A bucket's objects: folders by prefix (delimiter "/"), uploads with a per-object encryption
// choice and progress (one streamed PUT up to MULTIPART_THRESHOLD, a multipart upload of PART_SIZE
// parts above it), and deletion. bucket.js shows it in the bucket's "Objects" tab.
import { api, q, seg, upload } from './api.js';
import { h, clear, field, select, table, formatBytes, formatTime, link } from './dom.js';
import { busy, confirmInline, errorBox, messageSlot, notice, showError } from './ui.js';

export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
export const PART_SIZE = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;
const MAX_PARTS = 10000;
const PAGE_SIZE = 100;
const MAX_KEY_BYTES = 1023;

// OSS cannot switch a bucket's default encryption off for one object, so there is no "None".
const ENCRYPTION_CHOICES = [
  ['default', 'Bucket default'],
  ['AES256', 'OSS-Managed (AES-256)'],
  ['SM4', 'OSS-Managed (SM4)'],
  ['KMS', 'KMS'],
  ['KMS-SM4', 'KMS with SM4 data encryption'],
];

/**
 * The encryption a write asks for, shared by uploads and encrypt in place: the method and, for
 * KMS, the CMK (empty for alias/acs/oss). value() gives the API's { sse, kmsKeyId, dataEncryption }.
 */
export function encryptionChoice(hint) {
  const method = select(ENCRYPTION_CHOICES, 'default', { name: 'encryption' });
  const cmk = h('input', { name: 'kmsKeyId', spellcheck: 'false', autocomplete: 'off', placeholder: 'alias/acs/oss' });
  const cmkField = field('CMK ID', cmk,
    'Leave empty for alias/acs/oss, the default CMK OSS manages, or enter the ID of a CMK in this region.');
  const sync = () => { cmkField.hidden = !method.value.startsWith('KMS'); };
  method.addEventListener('change', sync);
  sync();
  return {
    nodes: [field('Encryption', method, hint), cmkField],
    value() {
      const v = method.value;
      if (v === 'default') return {};
      if (v === 'AES256' || v === 'SM4') return { sse: v };
      const out = { sse: 'KMS' };
      if (cmk.value.trim()) out.kmsKeyId = cmk.value.trim();
      if (v === 'KMS-SM4') out.dataEncryption = 'SM4';
      return out;
    },
  };
}

/** An object's encryption in words, from the values HEAD answers. */
export function encryptionLabel(o) {
  if (!o.encryptionMethod) return 'None';
  if (o.encryptionMethod === 'KMS') return o.dataEncryption ? `KMS (${o.dataEncryption})` : 'KMS';
  return o.encryptionMethod === 'SM4' ? 'OSS-Managed (SM4)' : 'OSS-Managed (AES-256)';
}

export function folderHash(bucket, prefix) {
  return `#/buckets/${seg(bucket)}${q({ prefix })}`;
}

export function objectHash(bucket, key) {
  return `#/buckets/${seg(bucket)}/object${q({ key })}`;
}

/** Bucket › folder › folder links for `prefix` (which ends with "/" or is empty). */
export function breadcrumbs(bucket, prefix, last) {
  const parts = prefix.split('/').filter((p, i, all) => i < all.length - 1);
  const crumbs = [link('#/buckets', 'Buckets'), ' › ', link(folderHash(bucket, ''), bucket)];
  let path = '';
  for (const p of parts) {
    path += `${p}/`;
    crumbs.push(' › ', link(folderHash(bucket, path), `${p}/`));
  }
  if (last) crumbs.push(' › ', h('span', { 'aria-current': 'page' }, last));
  return h('nav', { class: 'breadcrumbs', 'aria-label': 'Folder' }, crumbs);
}

/** The key's length in UTF-8, the unit OSS limits. */
function utf8Length(s) {
  return new TextEncoder().encode(s).length;
}

/** PART_SIZE, or larger (whole MiB) when a file would need more than OSS's 10,000 parts. */
export function partSizeFor(size) {
  const mib = 1024 * 1024;
  return Math.max(PART_SIZE, Math.ceil(size / MAX_PARTS / mib) * mib);
}

/**
 * Uploads `blob` as `key`; onProgress(sentBytes, totalBytes). Above MULTIPART_THRESHOLD it is a
 * multipart upload with PARTS_IN_FLIGHT parts at a time; a failure aborts it, so no parts linger.
 * Resolves to the object's details.
 */
export async function uploadObject(bucket, key, blob, choice, contentType, onProgress) {
  const params = { key, ...choice, contentType };
  if (blob.size <= MULTIPART_THRESHOLD) {
    return upload('PUT', `/api/buckets/${seg(bucket)}/object${q(params)}`, blob, (sent) => onProgress(sent, blob.size));
  }
  const started = await api.post(`/api/buckets/${seg(bucket)}/uploads${q(params)}`, {});
  const base = `/api/buckets/${seg(bucket)}/uploads/${seg(started.uploadId)}`;
  const partSize = partSizeFor(blob.size);
  const count = Math.ceil(blob.size / partSize);
  const sent = new Array(count).fill(0);
  const etags = new Array(count);
  const report = () => onProgress(sent.reduce((a, b) => a + b, 0), blob.size);
  let next = 0;
  let failure = null;
  const worker = async () => {
    while (next < count && !failure) {
      const i = next;
      next += 1;
      const part = blob.slice(i * partSize, Math.min(blob.size, (i + 1) * partSize));
      try {
        const res = await upload('PUT', `${base}${q({ key, partNumber: i + 1 })}`, part, (s) => {
          sent[i] = Math.min(s, part.size);
          report();
        });
        sent[i] = part.size;
        etags[i] = res.etag;
        report();
      } catch (err) {
        failure = failure || err;
      }
    }
  };
  // Every worker ends before an abort, so no part is stored after the upload is gone.
  await Promise.all(Array.from({ length: Math.min(PARTS_IN_FLIGHT, count) }, worker));
  try {
    if (failure) throw failure;
    return await api.post(`${base}/complete${q({ key })}`,
      { parts: etags.map((etag, i) => ({ partNumber: i + 1, etag })) });
  } catch (err) {
    try { await api.del(`${base}${q({ key })}`); } catch (e) { /* the upload's own failure is what to show */ }
    throw err;
  }
}

function uploadPanel(bucket, prefix, onUploaded) {
  const file = h('input', { type: 'file', name: 'file', required: true });
  const name = h('input', { name: 'objectName', spellcheck: 'false', autocomplete: 'off' });
  const contentType = h('input', { name: 'contentType', spellcheck: 'false', autocomplete: 'off',
    placeholder: 'from the file' });
  const enc = encryptionChoice('OSS-Managed encrypts with keys OSS keeps; KMS with a CMK. "Bucket default" uses '
    + 'the bucket\'s own rule (none when it has none).');
  const progress = h('progress', { max: 100, value: 0 });
  const percent = h('span', { class: 'progress-text', id: 'upload-percent' }, '');
  const progressField = field('Upload progress', progress);
  progressField.append(percent);
  progressField.hidden = true;
  const slot = messageSlot();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Upload');
  const where = prefix ? `the folder ${prefix}` : 'the bucket\'s root';
  const show = (fraction) => {
    const p = Math.floor(fraction * 100);
    progress.value = p;
    percent.textContent = `${p} %`;
  };
  const form = h('form', { class: 'panel upload', id: 'upload-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clear(slot);
    const f = file.files[0];
    if (!f) {
      showError(slot, { code: 'NoFile', message: 'Choose a file to upload.' });
      return;
    }
    const key = prefix + (name.value.trim() || f.name);
    if (key.startsWith('/') || key.startsWith('\\') || utf8Length(key) > MAX_KEY_BYTES) {
      name.setAttribute('aria-invalid', 'true');
      showError(slot, { code: 'InvalidObjectName',
        message: 'An object name must not start with "/" or "\\" and must be at most 1,023 bytes of UTF-8.' });
      return;
    }
    name.removeAttribute('aria-invalid');
    progressField.hidden = false;
    show(0);
    const done = await busy(submit, slot, () => uploadObject(bucket, key, f, enc.value(),
      contentType.value.trim() || f.type, (sent, total) => show(total === 0 ? 1 : sent / total)));
    if (!done) {
      percent.textContent = 'Upload failed';
      return;
    }
    show(1);
    slot.append(notice(h('span', {}, 'Uploaded ', link(objectHash(bucket, done.key), done.key),
      ` (${formatBytes(done.size)}, encryption: ${encryptionLabel(done)}).`), 'success'));
    onUploaded();
  } },
  h('h2', {}, 'Upload'),
  field('File', file, `Files over ${formatBytes(MULTIPART_THRESHOLD)} go up as a multipart upload in `
    + `${formatBytes(PART_SIZE)} parts.`),
  field('Object name', name, `Optional; the file's name when empty. It goes into ${where}; a "/" in it makes folders.`),
  field('Content type', contentType, 'Optional; the browser\'s guess from the file name when empty.'),
  enc.nodes,
  progressField,
  slot,
  h('div', { class: 'form-actions' }, submit));
  return form;
}

/**
 * Renders the objects under `params.prefix` of `bucket` into `container`.
 * params: { prefix } from the location (#/buckets/{bucket}?prefix=...).
 */
export async function renderObjects(container, bucket, params, ctx) {
  const prefix = params.prefix || '';
  const listSlot = h('div', { class: 'object-list' });
  const confirmSlot = messageSlot();
  const actionSlot = messageSlot();
  let rows = [];
  let nextMarker = null;
  const selected = new Set();

  const deleteSelected = h('button', { type: 'button', class: 'danger', disabled: true, onclick: async () => {
    const keys = [...selected];
    if (!await confirmInline(confirmSlot, `Delete ${keys.length} selected object(s)? This cannot be undone.`,
      'Delete')) return;
    const ok = await busy(deleteSelected, actionSlot, () => api.post(`/api/buckets/${seg(bucket)}/objects/delete`,
      { keys }));
    if (ok) {
      actionSlot.append(notice(`Deleted ${ok.deleted.length} object(s).`, 'success'));
      await reload();
    }
  } }, 'Delete selected');
  const syncSelection = () => { deleteSelected.disabled = selected.size === 0; };

  const deleteOne = (o) => async (e) => {
    const button = e.currentTarget;
    if (!await confirmInline(confirmSlot, `Delete ${o.key}? This cannot be undone.`, 'Delete')) return;
    const ok = await busy(button, actionSlot, () => api.del(`/api/buckets/${seg(bucket)}/object${q({ key: o.key })}`));
    if (ok !== undefined) {
      actionSlot.append(notice(`Deleted ${o.key}.`, 'success'));
      await reload();
    }
  };

  const nameOf = (full) => full.slice(prefix.length);
  const columns = [
    { title: 'Select', cell: (r) => (r.folder ? '' : h('label', { class: 'select-row' },
      h('input', { type: 'checkbox', checked: selected.has(r.key), onchange: (e) => {
        if (e.target.checked) selected.add(r.key); else selected.delete(r.key);
        syncSelection();
      } }), h('span', { class: 'sr-only' }, `Select ${nameOf(r.key)}`))) },
    { title: 'Name', cell: (r) => (r.folder ? link(folderHash(bucket, r.folder), nameOf(r.folder), { class: 'folder' })
      : link(objectHash(bucket, r.key), nameOf(r.key))) },
    { title: 'Size', cell: (r) => (r.folder ? 'Folder' : formatBytes(r.size)) },
    { title: 'Last modified', cell: (r) => (r.folder ? '' : formatTime(r.lastModified)) },
    { title: 'Storage class', cell: (r) => (r.folder ? '' : r.storageClass) },
    { title: 'Encryption', cell: (r) => (r.folder ? '' : encryptionLabel(r)) },
    { title: 'Actions', cell: (r) => (r.folder ? '' : h('button', { type: 'button', class: 'link',
      'aria-label': `Delete ${nameOf(r.key)}`, onclick: deleteOne(r) }, 'Delete')) },
  ];

  const draw = () => {
    const more = nextMarker ? h('button', { type: 'button', onclick: async (e) => {
      await busy(e.currentTarget, actionSlot, () => loadPage());
    } }, 'Load more') : null;
    clear(listSlot).append(table(columns, rows, prefix ? 'This folder is empty.' : 'This bucket has no objects yet.',
      { id: 'objects-table' }));
    if (more) listSlot.append(h('div', { class: 'form-actions' }, more));
  };

  const loadPage = async () => {
    const page = await api.get(`/api/buckets/${seg(bucket)}/objects${q({ prefix, marker: nextMarker,
      maxKeys: PAGE_SIZE })}`);
    rows = rows.concat(page.folders.map((f) => ({ folder: f })), page.objects);
    nextMarker = page.truncated ? page.nextMarker : null;
    draw();
  };

  const reload = async () => {
    rows = [];
    nextMarker = null;
    selected.clear();
    syncSelection();
    try {
      await loadPage();
    } catch (err) {
      clear(listSlot).append(errorBox(err));
    }
  };

  container.append(
    breadcrumbs(bucket, prefix),
    h('div', { class: 'page-header' }, h('h2', {}, prefix ? `Folder ${prefix}` : 'Objects'),
      h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => reload() }, 'Refresh'),
        deleteSelected)),
    confirmSlot,
    actionSlot,
    listSlot,
    uploadPanel(bucket, prefix, reload));
  await reload();
}
