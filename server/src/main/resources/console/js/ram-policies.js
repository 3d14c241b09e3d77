// #/ram/policies[?type=System|Custom]: System and Custom policies, and the Create Policy panel
// with its JSON editor.
import { api, q, seg } from './api.js';
import { h, clear, field, select, table, link, formatTime } from './dom.js';
import { pageHeader, busy, messageSlot, showError } from './ui.js';
import { policyEditor, POLICY_TEMPLATE } from './policy-editor.js';

export const POLICY_NAME = /^[A-Za-z0-9-]{1,128}$/;

export async function render(view, params, ctx) {
  const type = params.type === 'System' || params.type === 'Custom' ? params.type : '';
  const panel = h('div');
  const list = h('div');
  const open = h('button', { type: 'button', class: 'primary', onclick: () => showPanel() }, 'Create Policy');
  const filter = select([['', 'All'], ['System', 'System'], ['Custom', 'Custom']], type, {
    name: 'type', onchange: () => ctx.navigate(`#/ram/policies${q({ type: filter.value })}`),
  });
  view.append(pageHeader('RAM policies', open), panel,
    h('div', { class: 'filters' }, field('Policy type', filter)), list);

  function showPanel() {
    if (panel.firstChild) return;
    open.disabled = true;
    const close = () => { clear(panel); open.disabled = false; open.focus(); };
    panel.append(createPolicyPanel(ctx, close));
    panel.querySelector('input').focus();
  }

  if (params.create === '1') showPanel();
  await load(list, type);
}

async function load(list, type) {
  const slot = messageSlot();
  clear(list).append(slot);
  const policies = [];
  try {
    let marker = '';
    do {
      const page = await api.get(`/api/ram/policies${q({ type, maxItems: 1000, marker })}`);
      policies.push(...page.policies);
      marker = page.truncated ? page.marker : '';
    } while (marker);
  } catch (err) {
    showError(slot, err);
    return;
  }
  list.append(table([
    { title: 'Policy name', cell: (p) => link(`#/ram/policies/${seg(p.policyName)}${q({ type: p.policyType })}`,
      p.policyName) },
    { title: 'Type', cell: (p) => h('span', { class: `badge ${p.policyType}` }, p.policyType) },
    { title: 'Description', cell: (p) => p.description },
    { title: 'Default version', cell: (p) => p.defaultVersion },
    { title: 'Attachments', cell: (p) => String(p.attachmentCount) },
    { title: 'Updated', cell: (p) => formatTime(p.updateDate) },
  ], policies, type === 'Custom' ? 'No custom policies yet.' : 'No policies.', { id: 'ram-policies' }));
}

function createPolicyPanel(ctx, close) {
  const name = h('input', { name: 'policyName', required: true, maxlength: 128, spellcheck: 'false',
    autocomplete: 'off' });
  const description = h('input', { name: 'description', maxlength: 1024, autocomplete: 'off' });
  const slot = messageSlot();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create');
  const editor = policyEditor(POLICY_TEMPLATE, (valid) => { submit.disabled = !valid; });
  const form = h('form', { class: 'panel', id: 'create-policy', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const policyName = name.value.trim();
    if (!POLICY_NAME.test(policyName)) {
      name.setAttribute('aria-invalid', 'true');
      showError(slot, { code: 'InvalidParameter.PolicyName',
        message: 'The policy name must be 1 to 128 characters: letters, digits and "-".' });
      name.focus();
      return;
    }
    name.setAttribute('aria-invalid', 'false');
    if (!editor.valid()) {
      editor.textarea.focus();
      return;
    }
    const made = await busy(submit, slot, () => api.post('/api/ram/policies', {
      policyName, description: description.value.trim(), policyDocument: editor.textarea.value,
    }));
    if (made) ctx.navigate(`#/ram/policies/${seg(made.policyName)}${q({ type: 'Custom' })}`);
    else if (!editor.valid()) submit.disabled = true;
  } },
  h('h2', {}, 'Create Policy'),
  field('Policy name', name, '1-128 characters: letters, digits and "-".'),
  field('Description', description, 'Optional, up to 1,024 characters.'),
  editor.element,
  slot,
  h('div', { class: 'form-actions' }, submit, h('button', { type: 'button', onclick: close }, 'Cancel')));
  return form;
}
