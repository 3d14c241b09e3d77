// #/audit: the audit log, newest first, with filters. The filters live in the location
// (#/audit?action=kms:&decision=deny...) so a view can be reloaded or shared; times travel as
// ISO instants and are shown in the browser's time zone.
import { api, q } from './api.js';
import { h, field, select, table, formatTime } from './dom.js';
import { pageHeader, busy, messageSlot, notice } from './ui.js';

const FILTERS = ['action', 'caller', 'decision', 'from', 'to', 'errorCode', 'limit'];

export async function render(view, params, ctx) {
  const action = h('input', { name: 'action', value: params.action || '', spellcheck: 'false',
    placeholder: 'kms: or oss:GetObject' });
  const caller = h('input', { name: 'caller', value: params.caller || '', spellcheck: 'false' });
  const decision = select([['', 'Any'], ['allow', 'Allow'], ['deny', 'Deny']], (params.decision || '').toLowerCase(),
    { name: 'decision' });
  const from = h('input', { type: 'datetime-local', name: 'from', step: '1', value: toLocalInput(params.from) });
  const to = h('input', { type: 'datetime-local', name: 'to', step: '1', value: toLocalInput(params.to) });
  const errorCode = h('input', { name: 'errorCode', value: params.errorCode || '', spellcheck: 'false' });
  const limit = h('input', { type: 'number', name: 'limit', min: '1', max: '1000', step: '1',
    value: params.limit || '100' });
  const slot = messageSlot();
  const results = h('div', { id: 'audit-results' });
  const search = h('button', { type: 'submit', class: 'primary' }, 'Search');
  const reset = h('button', { type: 'button', onclick: () => ctx.navigate('#/audit') }, 'Reset');

  const form = h('form', { class: 'panel filters-grid', id: 'audit-filters', novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    const values = {
      action: action.value.trim(), caller: caller.value.trim(), decision: decision.value,
      from: toInstant(from.value, 0), to: toInstant(to.value, 999), errorCode: errorCode.value.trim(),
      limit: limit.value.trim() === '100' ? '' : limit.value.trim(),
    };
    ctx.navigate(`#/audit${q(values)}`);
  } },
  field('Action', action, 'Exact (oss:GetObject) or a prefix (kms:, ram:Create*).'),
  field('Caller', caller, 'An AccessKey ID or a RAM user name.'),
  field('Decision', decision),
  field('From', from, 'In your time zone.'),
  field('To', to),
  field('Error code', errorCode, 'For example AccessDenied.'),
  field('Limit', limit, 'At most 1,000 events, newest first.'),
  h('div', { class: 'form-actions' }, search, reset));

  view.append(pageHeader('Audit log'),
    h('p', { class: 'hint' }, 'Every KMS and RAM request, every denied OSS request, and console sign-ins and '
      + 'refusals. Only the account (its root AccessKey) may read the audit log.'),
    form, slot, results);

  const query = {};
  for (const k of FILTERS) if (params[k]) query[k] = params[k];
  const answer = await busy(search, slot, () => api.get(`/api/audit${q(query)}`));
  if (answer) showResults(results, answer);
}

function showResults(results, answer) {
  const n = answer.events.length;
  results.append(h('p', { class: 'result-count', id: 'audit-count' },
    `${n} event${n === 1 ? '' : 's'}, newest first.`));
  if (answer.more) {
    results.append(notice(`More events match: narrow the filters or raise the limit (now ${answer.limit}, `
      + 'at most 1,000).', 'warning'));
  }
  if (answer.skippedLines > 0) {
    results.append(notice(`${answer.skippedLines} line(s) of the log file were not audit events and were skipped.`,
      'warning'));
  }
  results.append(table([
    { title: 'Time', cell: (e) => h('time', { datetime: e.time }, formatTime(e.time)) },
    { title: 'Caller', cell: (e) => callerCell(e.principal) },
    { title: 'Action', cell: (e) => h('code', {}, e.action) },
    { title: 'Resource', cell: (e) => (e.resource ? h('code', { class: 'wrap' }, e.resource) : '') },
    { title: 'Decision', cell: (e) => h('span', { class: `badge decision-${e.decision}` }, e.decision) },
    { title: 'Error code', cell: (e) => e.errorCode || '' },
    { title: 'Status', cell: (e) => String(e.status) },
    { title: 'Source address', cell: (e) => e.sourceAddress || '' },
    { title: 'Request ID', cell: (e) => h('code', {}, e.requestId) },
  ], answer.events, 'No events match these filters.', { id: 'audit-events', class: 'list audit' }));
}

function callerCell(p) {
  switch (p.type) {
    case 'ramUser':
      return h('span', {}, p.userName, h('small', { class: 'hint block' }, p.accessKeyId));
    case 'root':
      return h('span', {}, 'root', h('small', { class: 'hint block' }, p.accessKeyId));
    case 'unverified':
      return h('span', {}, 'unverified', h('small', { class: 'hint block' }, p.accessKeyId || ''));
    default:
      return 'anonymous';
  }
}

/**
 * A datetime-local value (local time, whole seconds) as an ISO instant, plus `extraMillis` (999 makes
 * "To" include its whole second); '' when empty or invalid.
 */
function toInstant(local, extraMillis) {
  if (!local) return '';
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? '' : new Date(d.getTime() + extraMillis).toISOString();
}

/** An ISO instant as a datetime-local value in the browser's time zone. */
function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
    + `:${p(d.getSeconds())}`;
}

