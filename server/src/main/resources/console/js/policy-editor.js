// The policy document editor of the Create Policy and New Version forms: a labelled textarea that
// checks the JSON as it is typed. Only JSON syntax is checked here; the server checks the policy
// grammar and its MalformedPolicyDocument message is shown by the form.
import { h, field, uid } from './dom.js';

export const POLICY_TEMPLATE = JSON.stringify({
  Version: '1',
  Statement: [{ Effect: 'Allow', Action: ['oss:GetObject'], Resource: ['acs:oss:*:*:my-bucket/*'] }],
}, null, 2);

/** The document as people read it: indented when it parses, else as stored. */
export function pretty(document) {
  try { return JSON.stringify(JSON.parse(document), null, 2); } catch (e) { return document; }
}

/** Why `text` is not a JSON object, or null when it is one. */
export function jsonProblem(text) {
  if (!text.trim()) return 'The policy document is empty.';
  try {
    const v = JSON.parse(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'The policy document must be a JSON object.';
    return null;
  } catch (e) {
    return `Not valid JSON: ${e.message}`;
  }
}

/**
 * A "Policy document" field. onValidity(valid) runs at once and after every change.
 * Returns { element, textarea, valid() }.
 */
export function policyEditor(initial, onValidity) {
  const textarea = h('textarea', { name: 'policyDocument', rows: 14, spellcheck: 'false', autocomplete: 'off',
    class: 'policy-document' });
  textarea.value = initial;
  const status = h('div', { class: 'json-status', id: uid('json-status'), 'aria-live': 'polite' });
  const element = field('Policy document', textarea,
    'A JSON object: {"Version": "1", "Statement": [{"Effect", "Action", "Resource"}]}.');
  textarea.setAttribute('aria-describedby', `${textarea.getAttribute('aria-describedby')} ${status.id}`);
  element.append(status);
  let valid = false;
  const check = () => {
    const problem = jsonProblem(textarea.value);
    valid = problem === null;
    textarea.setAttribute('aria-invalid', String(!valid));
    status.className = `json-status ${valid ? 'valid' : 'invalid'}`;
    status.textContent = valid ? 'Valid JSON.' : problem;
    onValidity(valid);
  };
  textarea.addEventListener('input', check);
  check();
  return { element, textarea, valid: () => valid };
}
