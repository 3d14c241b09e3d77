// Shared pieces of every page: titles, error and notice boxes, busy buttons, confirmations.
import { h, clear, uid } from './dom.js';

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
  const focused = document.activeElement === button;
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
    // Disabling the focused button dropped the focus to the page; a keyboard user goes on from it.
    if (focused) restoreFocus(button);
  }
}

/** Focuses `el` when the focus has fallen to the page (its control went away or was disabled). */
export function restoreFocus(el) {
  const lost = !document.activeElement || document.activeElement === document.body;
  if (lost && el && el.isConnected) el.focus();
}

/**
 * An inline confirmation: shows `question` with Confirm/Cancel buttons in `slot`; resolves true
 * on confirm. Used instead of window.confirm so it is styled, keyboard-reachable and testable.
 */
export function confirmInline(slot, question, confirmLabel = 'Confirm') {
  const from = document.activeElement;
  return new Promise((resolve) => {
    // Removing the box drops the focus; it goes back to the control that asked.
    const answer = (yes) => { clear(slot); restoreFocus(from); resolve(yes); };
    const yes = h('button', { type: 'button', class: 'danger', onclick: () => answer(true) }, confirmLabel);
    const no = h('button', { type: 'button', onclick: () => answer(false) }, 'Cancel');
    clear(slot).append(h('div', { class: 'confirm', role: 'alertdialog', 'aria-label': question },
      h('p', {}, question), yes, ' ', no));
    yes.focus();
  });
}

/**
 * A tab strip; tabs: [[id, label, render(container)]]. As the ARIA tabs pattern has it, only the
 * selected tab is in the Tab order and the arrow keys (Home, End) move between tabs.
 */
export function tabs(list, selected) {
  const body = h('div', { class: 'tab-body', role: 'tabpanel', id: uid('tabpanel') });
  const strip = h('div', { class: 'tabs', role: 'tablist' });
  const show = (id) => {
    for (const b of strip.children) {
      const on = b.dataset.tab === id;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      if (on) body.setAttribute('aria-labelledby', b.id);
    }
    const entry = list.find(([tid]) => tid === id);
    clear(body);
    entry[2](body);
  };
  strip.addEventListener('keydown', (e) => {
    const buttons = [...strip.children];
    const i = buttons.indexOf(document.activeElement);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (i < 0 || to === undefined) return;
    e.preventDefault();
    const b = buttons[(to + buttons.length) % buttons.length];
    b.focus();
    if (b.getAttribute('aria-selected') !== 'true') show(b.dataset.tab);
  });
  for (const [id, label] of list) {
    strip.append(h('button', { type: 'button', role: 'tab', id: uid('tab'), 'aria-controls': body.id,
      dataset: { tab: id }, onclick: () => show(id) }, label));
  }
  show(selected || list[0][0]);
  return h('div', {}, strip, body);
}
