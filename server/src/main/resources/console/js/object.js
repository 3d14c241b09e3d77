// One object (#/buckets/{bucket}/object?key=K): the values `ossutil stat` shows (HEAD's headers),
// Download, Delete, and "Encrypt in place" — CopyObject onto itself with another encryption, the
// way the OSS FAQ re-encrypts an existing object.
import { ApiError, api, q, request, seg } from './api.js';
import { h, clear, details, formatBytes, formatTime, table } from './dom.js';
import { busy, confirmInline, errorBox, messageSlot, notice, pageHeader, showError } from './ui.js';
import { breadcrumbs, encryptionChoice, encryptionLabel, folderHash } from './objects.js';

function detailPairs(o) {
  return [
    ['Object name', h('span', { class: 'mono' }, o.key)],
    ['Bucket', o.bucket],
    ['Size', `${formatBytes(o.size)} (${o.size} bytes)`],
    ['ETag', h('span', { class: 'mono' }, o.etag)],
    ['Content-MD5', o.contentMd5 ? h('span', { class: 'mono' }, o.contentMd5) : null],
    ['CRC-64', h('span', { class: 'mono' }, o.crc64)],
    ['Content type', o.contentType],
    ['Last modified', formatTime(o.lastModified)],
    ['Storage class', o.storageClass],
    ['Object type', o.objectType],
    ['Encryption method', o.encryptionMethod || 'None'],
    ['Data encryption', o.dataEncryption || 'None'],
    ['KMS key ID', o.kmsKeyId ? h('span', { class: 'mono' }, o.kmsKeyId) : null],
  ];
}

function headersTable(o) {
  const rows = Object.entries(o.headers).sort(([a], [b]) => a.toLowerCase().localeCompare(b.toLowerCase()));
  return table([
    { title: 'Header', cell: ([name]) => h('span', { class: 'mono' }, name) },
    { title: 'Value', cell: ([, value]) => h('span', { class: 'mono' }, value) },
  ], rows, 'No headers.', { id: 'object-headers' });
}

/**
 * Asks for the download first and shows the server's refusal (an SSE-KMS key the caller may not
 * use is refused before any byte); once it is allowed, that request is dropped and the browser
 * fetches the same URL as a download, streaming it to disk instead of into the page's memory.
 */
async function download(url, fileName) {
  const ctl = new AbortController();
  let res;
  try {
    res = await fetch(url, { credentials: 'same-origin', signal: ctl.signal });
  } catch (e) {
    throw new ApiError(0, 'NetworkError', 'The console server cannot be reached.');
  }
  if (!res.ok) {
    let body = {};
    try { body = await res.json(); } catch (e) { /* not JSON: keep the status */ }
    if (res.status === 401) await request('GET', '/api/session').catch(() => {});
    throw new ApiError(res.status, body.Code, body.Message, body.RequestId || res.headers.get('X-Coffer-Request-Id'));
  }
  ctl.abort();
  // With the download attribute a late failure ends as a failed download, never a navigation away.
  const a = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
}

export async function render(view, params, ctx) {
  const { bucket, key } = params;
  if (!key) {
    view.append(errorBox({ code: 'MissingArgument', message: 'The address names no object (?key=).' }));
    return;
  }
  const cut = key.endsWith('/') ? key.slice(0, -1) : key;
  const folder = cut.slice(0, cut.lastIndexOf('/') + 1);
  const name = key.slice(folder.length);
  const base = `/api/buckets/${seg(bucket)}/object`;
  const slot = messageSlot();
  const confirmSlot = messageSlot();
  const detailsSlot = h('div', { class: 'panel', id: 'object-details-panel' });
  const headersSlot = h('div');

  const show = (o) => {
    clear(detailsSlot).append(h('h2', {}, 'Details'), details(detailPairs(o)));
    detailsSlot.querySelector('dl').id = 'object-details';
    clear(headersSlot).append(h('h2', {}, 'HEAD response headers'),
      h('p', { class: 'hint' }, 'What HeadObject answers for this object, as ossutil stat prints it.'), headersTable(o));
  };

  const downloadButton = h('button', { type: 'button', class: 'primary', onclick: () => busy(downloadButton, slot,
    () => download(`${base}/download${q({ key })}`, name.replace(/\/$/, '') || 'download')) }, 'Download');
  const deleteButton = h('button', { type: 'button', class: 'danger', onclick: async () => {
    if (!await confirmInline(confirmSlot, `Delete ${key}? This cannot be undone.`, 'Delete')) return;
    const ok = await busy(deleteButton, slot, () => api.del(`${base}${q({ key })}`));
    if (ok !== undefined) ctx.navigate(folderHash(bucket, folder));
  } }, 'Delete');

  const enc = encryptionChoice('"Bucket default" rewrites the object with the bucket\'s own rule, and without '
    + 'encryption when the bucket has none.');
  const encSlot = messageSlot();
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save');
  const encryptForm = h('form', { class: 'panel', id: 'encrypt-in-place', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const o = await busy(save, encSlot, () => api.post(`${base}/encryption${q({ key })}`, enc.value()));
    if (!o) return;
    show(o);
    encSlot.append(notice(`Saved: ${key} is now stored with encryption ${encryptionLabel(o)}`
      + `${o.kmsKeyId ? ` under CMK ${o.kmsKeyId}` : ''}.`, 'success'));
  } },
  h('h2', {}, 'Encrypt in place'),
  h('p', {}, 'Rewrites the object onto itself (CopyObject) with the encryption chosen here. Content, ETag, '
    + 'Content-MD5, CRC-64, metadata, storage class and ACL stay; Last-Modified changes. A bucket\'s default '
    + 'encryption applies only to new uploads, so this is how existing objects get encrypted.'),
  enc.nodes,
  encSlot,
  h('div', { class: 'form-actions' }, save));

  view.append(breadcrumbs(bucket, folder, name), pageHeader(name || key, downloadButton, deleteButton), confirmSlot,
    slot);
  let o;
  try {
    o = await api.get(`${base}${q({ key })}`);
  } catch (err) {
    showError(slot, err);
    downloadButton.disabled = true;
    return;
  }
  show(o);
  view.append(detailsSlot, encryptForm, headersSlot);
}
