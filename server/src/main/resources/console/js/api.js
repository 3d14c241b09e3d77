// The console API client: JSON over fetch with the session's CSRF token on every change, and
// uploads over XMLHttpRequest (fetch reports no upload progress). A 401 means the session is gone:
// the app is told, and shows the sign-in form with the server's reason.

let csrfToken = null;
let signedOutHandler = () => {};

export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || `HTTP${status}`;
    this.requestId = requestId || '';
  }
}

export function setCsrfToken(token) {
  csrfToken = token;
}

/** cb(message) runs when a request finds the session ended. */
export function onSignedOut(cb) {
  signedOutHandler = cb;
}

function headers(method, json) {
  const h = {};
  if (json) h['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) h['X-Coffer-Csrf'] = csrfToken;
  return h;
}

async function toError(res) {
  let body = {};
  try { body = await res.json(); } catch (e) { /* not JSON: keep the status */ }
  return new ApiError(res.status, body.Code, body.Message, body.RequestId || res.headers.get('X-Coffer-Request-Id'));
}

function sessionEnded(err) {
  if (err.status === 401 && (err.code === 'SessionExpired' || err.code === 'NotSignedIn')) {
    csrfToken = null;
    signedOutHandler(err.message);
  }
}

/** A JSON request; resolves to the parsed answer (null for 204), rejects with ApiError. */
export async function request(method, path, body) {
  const json = body !== undefined;
  let res;
  try {
    res = await fetch(path, { method, headers: headers(method, json), body: json ? JSON.stringify(body) : undefined,
      credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'NetworkError', 'The console server cannot be reached.');
  }
  if (!res.ok) {
    const err = await toError(res);
    sessionEnded(err);
    throw err;
  }
  return res.status === 204 ? null : res.json();
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body = {}) => request('POST', path, body),
  put: (path, body = {}) => request('PUT', path, body),
  del: (path) => request('DELETE', path),
};

/** Path pieces and query values, percent-encoded. */
export function q(params) {
  const parts = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export const seg = encodeURIComponent;

/**
 * Sends `blob` as the raw body of `method path`; onProgress(sentBytes, totalBytes) as it goes.
 * extraHeaders are added as given. Resolves to the parsed JSON answer.
 */
export function upload(method, path, blob, onProgress, extraHeaders = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    if (csrfToken) xhr.setRequestHeader('X-Coffer-Csrf', csrfToken);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    for (const [k, v] of Object.entries(extraHeaders)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => { if (onProgress) onProgress(e.loaded, e.total); };
    xhr.onerror = () => reject(new ApiError(0, 'NetworkError', 'The upload was interrupted.'));
    xhr.onload = () => {
      let body = {};
      try { body = xhr.responseText ? JSON.parse(xhr.responseText) : {}; } catch (e) { body = {}; }
      if (xhr.status >= 200 && xhr.status < 300) { resolve(body); return; }
      const err = new ApiError(xhr.status, body.Code, body.Message, body.RequestId);
      sessionEnded(err);
      reject(err);
    };
    xhr.send(blob);
  });
}
