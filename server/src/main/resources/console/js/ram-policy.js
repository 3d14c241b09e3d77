// #/ram/policies/{policyName}?type=Custom|System: a policy's default document, its versions, a
// new version (custom policies) and deleting a custom policy.
import { api, q, seg } from './api.js';
import { h, clear, table, details, link, formatTime, uid } from './dom.js';
import { pageHeader, busy, messageSlot, confirmInline } from './ui.js';
import { policyEditor, pretty } from './policy-editor.js';

export async function render(view, params, ctx) {
  const name = params.policyName;
  const type = params.type === 'System' ? 'System' : 'Custom';
  const base = `/api/ram/policies/${seg(name)}`;
  const custom = type === 'Custom';
  const headerSlot = messageSlot();
  const del = custom ? h('button', { type: 'button', class: 'danger', onclick: () => deletePolicy() },
    'Delete Policy') : null;
  view.append(h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' },
    link(`#/ram/policies${q({ type })}`, 'RAM policies'), ' › ', name), pageHeader(name, del), headerSlot);
  const body = h('div');
  view.append(body);
  await show();

  async function show() {
    const [policy, versions] = await Promise.all([api.get(`${base}${q({ type })}`),
      api.get(`${base}/versions${q({ type })}`)]);
    clear(body).append(
      h('section', { class: 'panel' }, details([
        ['Type', policy.policyType],
        ['Description', policy.description],
        ['Default version', policy.defaultVersion],
        ['Attached to', `${policy.attachmentCount} user${policy.attachmentCount === 1 ? '' : 's'}`],
        ['Created', formatTime(policy.createDate)],
        ['Updated', formatTime(policy.updateDate)],
      ])),
      h('h2', {}, `Policy document (${policy.defaultVersion}, the default version)`),
      h('pre', { class: 'policy-json', id: 'policy-document', tabindex: '0' }, pretty(policy.policyDocument)),
      versionsSection(versions.versions, policy));
  }

  function versionsSection(versions, policy) {
    const slot = messageSlot();
    const editorSlot = h('div');
    const newVersion = custom ? h('button', { type: 'button', class: 'primary', onclick: () => openEditor() },
      'New Version') : null;
    const section = h('section', { 'aria-labelledby': 'versions' },
      h('div', { class: 'section-header' }, h('h2', { id: 'versions' }, 'Versions'), newVersion),
      editorSlot, slot,
      table([
        { title: 'Version', cell: (v) => v.versionId },
        { title: 'Default', cell: (v) => (v.isDefaultVersion ? 'Default' : '') },
        { title: 'Created', cell: (v) => formatTime(v.createDate) },
        { title: 'Document', cell: (v) => h('details', {}, h('summary', {}, 'Show'),
          h('pre', { class: 'policy-json' }, pretty(v.policyDocument))) },
        { title: 'Actions', cell: (v) => (custom && !v.isDefaultVersion ? versionActions(v, slot) : '') },
      ], versions, 'No versions.', { id: 'policy-versions' }));

    function openEditor() {
      if (editorSlot.firstChild) return;
      newVersion.disabled = true;
      const close = () => { clear(editorSlot); newVersion.disabled = false; newVersion.focus(); };
      const formSlot = messageSlot();
      const submit = h('button', { type: 'submit', class: 'primary' }, 'Create version');
      const editor = policyEditor(pretty(policy.policyDocument), (valid) => { submit.disabled = !valid; });
      const asDefault = h('input', { type: 'checkbox', name: 'setAsDefault', id: uid('default'), checked: true });
      editorSlot.append(h('form', { class: 'panel', id: 'new-version', novalidate: true, onsubmit: async (e) => {
        e.preventDefault();
        if (!editor.valid()) {
          editor.textarea.focus();
          return;
        }
        const made = await busy(submit, formSlot, () => api.post(`${base}/versions`, {
          policyDocument: editor.textarea.value, setAsDefault: asDefault.checked,
        }));
        if (made) await show();
        else if (!editor.valid()) submit.disabled = true;
      } },
      h('h2', {}, 'New Version'),
      editor.element,
      h('div', { class: 'check' }, asDefault, h('label', { for: asDefault.id }, 'Set as default')),
      formSlot,
      h('div', { class: 'form-actions' }, submit, h('button', { type: 'button', onclick: close }, 'Cancel'))));
      editor.textarea.focus();
    }
    return section;
  }

  function versionActions(v, slot) {
    const makeDefault = h('button', { type: 'button', onclick: async () => {
      const done = await busy(makeDefault, slot, () => api.put(`${base}/default-version`, { versionId: v.versionId }));
      if (done !== undefined) await show();
    } }, 'Set as default');
    const remove = h('button', { type: 'button', class: 'danger', onclick: async () => {
      const ok = await confirmInline(slot, `Delete version ${v.versionId} of ${name}?`, 'Yes, delete version');
      if (!ok) return;
      const done = await busy(remove, slot, () => api.del(`${base}/versions/${seg(v.versionId)}`));
      if (done !== undefined) await show();
    } }, 'Delete');
    return h('span', { class: 'row-actions', dataset: { version: v.versionId } }, makeDefault, ' ', remove);
  }

  async function deletePolicy() {
    const ok = await confirmInline(headerSlot, `Delete the policy ${name}? It must be detached from every user `
      + 'and have no versions besides the default.', 'Yes, delete policy');
    if (!ok) return;
    const done = await busy(del, headerSlot, () => api.del(base));
    if (done !== undefined) ctx.navigate(`#/ram/policies${q({ type: 'Custom' })}`);
  }
}

