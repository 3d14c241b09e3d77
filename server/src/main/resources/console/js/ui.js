// Shared pieces of every page: titles, error and notice boxes, busy buttons, confirmations.
import { h, clear } from './dom.js';

/** A page heading with optional actions on the right. */
export function pageHeader(title, ...actions) {
  return h('div', { class: 'page-header' }, h('h1', {}, title), h('div', { class: 'actions' }, actions));
}

/**
 * The box that explains a failure: the server's message (it says what was refused and why), then
 * the code and request id to quote to an operator.
 */
export function errorBox(err) {
  const code = err && err.code ? err.code : 'Error';
  const box = h('div', { class: 'error', role: 'alert' },
    h('strong', { class: 'error-code' }, code), ' ', h('span', { class: 'error-message' }, err.message || String(err)));
  if (err && err.requestId) box.append(h('small', { class: 'request-id' }, ` Request ID: ${err.requestId}`));
  return box;
}

/** Replaces the contents of `slot` with an error box for `err`. */
export function showError(slot, err) {
  clear(slot).append(errorBox(err));
}

export function notice(text, kind = 'info') {
  return h('div', { class: `notice ${kind}`, role: 'status' }, text);
}

/** An empty container to show a form's outcome in. */
export function messageSlot() {
  return h('div', { class: 'message-slot', 'aria-live': 'polite' });
}

/**
 * Runs `action` with `button` disabled; a failure is shown in `slot` (and not rethrown).
 * Resolves to the action's result, or undefined when it failed.
 */
export async function busy(button, slot, action) {
  button.disabled = true;
  if (slot) clear(slot);
  try {
    return await action();
  } catch (err) {
    if (slot) showError(slot, err);
    else throw err;
    return undefined;
  } finally {
    button.disabled = false;
  }
}

/**
 * An inline confirmation: shows `question` with Confirm/Cancel buttons in `slot`; resolves true
 * on confirm. Used instead of window.confirm so it is styled, keyboard-reachable and testable.
 */
export function confirmInline(slot, question, confirmLabel = 'Confirm') {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'button', class: 'danger', onclick: () => { clear(slot); resolve(true); } },
      confirmLabel);
    const no = h('button', { type: 'button', onclick: () => { clear(slot); resolve(false); } }, 'Cancel');
    clear(slot).append(h('div', { class: 'confirm', role: 'alertdialog', 'aria-label': question },
      h('p', {}, question), yes, ' ', no));
    yes.focus();
  });
}

/** A tab strip; tabs: [[id, label, render(container)]]. */
export function tabs(list, selected) {
  const body = h('div', { class: 'tab-body' });
  const strip = h('div', { class: 'tabs', role: 'tablist' });
  const show = (id) => {
    for (const b of strip.children) b.setAttribute('aria-selected', String(b.dataset.tab === id));
    const entry = list.find(([tid]) => tid === id);
    clear(body);
    entry[2](body);
  };
  for (const [id, label] of list) {
    strip.append(h('button', { type: 'button', role: 'tab', dataset: { tab: id }, onclick: () => show(id) }, label));
  }
  show(selected || list[0][0]);
  return h('div', {}, strip, body);
}
