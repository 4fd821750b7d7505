// The only way the UI talks to ChartVault: the public HTTP API, so a script can do whatever the UI does.

/** An answer the API refused, with the sentence it gave for a person. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const hooks = {
  csrf: null,            // the session's CSRF token, sent on every change
  onUnauthorized: () => {},
  onActivity: () => {},  // the server has just seen this user act
  onResponse: () => {},  // every answer, with when it was asked (its Date header tells how far the server's clock is)
};

export function configure(settings) {
  Object.assign(hooks, settings);
}

export function setCsrfToken(token) {
  hooks.csrf = token;
}

/** Builds '/api/x?a=1' from a path and the non-empty values of a query object. */
export function url(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== null && value !== undefined && value !== '') params.set(key, value);
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Calls the API and returns the JSON answer (null for 204). Refusals become ApiError with the server's message;
 * a 401 also tells the session it is over. background: true for calls the user did not make (they must not
 * count as activity). ifMatch: the record version a change was made against.
 */
export async function api(path, {method = 'GET', json, body, contentType, query, background = false, signal, ifMatch} = {}) {
  const headers = {Accept: 'application/json'};
  if (method !== 'GET' && hooks.csrf) headers['X-CSRF-Token'] = hooks.csrf;
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`; // refused (409) if someone changed it since
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (contentType) {
    headers['Content-Type'] = contentType; // a FormData body sets its own multipart type
  }
  let response;
  const sentAt = Date.now();
  try {
    response = await fetch(url(path, query), {method, headers, body, credentials: 'same-origin', signal});
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'ChartVault cannot be reached. Check the network connection and try again.');
  }
  hooks.onResponse(response, sentAt);
  return answerOf(response, path, method, background);
}

async function answerOf(response, path, method, background) {
  const loggingIn = path === '/api/session' && method === 'POST';
  if (response.status === 401 && !loggingIn) {
    hooks.onUnauthorized();
    throw new ApiError(401, 'login-required', 'Your session has ended. Log in again to continue.');
  }
  if (!response.ok) throw await errorOf(response);
  if (!background) hooks.onActivity();
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

export async function errorOf(response) {
  let code = 'error';
  let message = `ChartVault answered ${response.status}. Try again; if it keeps happening, tell your administrator.`;
  try {
    const body = await response.json();
    if (body && typeof body.message === 'string') message = body.message;
    if (body && typeof body.error === 'string') code = body.error;
  } catch (ignored) {
    // not JSON: keep the general sentence
  }
  if (response.status === 403 && code === 'forbidden') {
    message = 'Your role does not allow this. Ask an administrator if you need it.';
  }
  return new ApiError(response.status, code, message);
}

/**
 * Uploads a batch with XMLHttpRequest (fetch cannot report upload progress). onProgress(loadedBytes, totalBytes)
 * is called while the body is sent. Resolves with the JSON answer, rejects with ApiError.
 */
export function uploadBatch(files, fields, onProgress) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value) form.append(name, value);
  }
  for (const file of files) form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/batches');
    if (hooks.csrf) xhr.setRequestHeader('X-CSRF-Token', hooks.csrf);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', e => { if (e.lengthComputable) onProgress(e.loaded, e.total); });
    xhr.addEventListener('load', () => {
      if (xhr.status === 401) {
        hooks.onUnauthorized();
        reject(new ApiError(401, 'login-required', 'Your session has ended. Log in again and upload the files again.'));
      } else if (xhr.status >= 200 && xhr.status < 300) {
        hooks.onActivity(null);
        resolve(xhr.response);
      } else {
        const body = xhr.response || {};
        reject(new ApiError(xhr.status, body.error || 'error', body.message
          || `The upload was refused (${xhr.status}). Try again; if it keeps happening, tell your administrator.`));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network',
      'The upload was interrupted: ChartVault could not be reached. Check the network and upload the files again.')));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.')));
    xhr.send(form);
  });
}

/**
 * Fetches a file the API produces (a packet, a report) as a Blob, with the server's refusals as ApiError.
 * Resolves {blob, fileName, headers}; the file name comes from Content-Disposition, else fallbackName.
 */
export async function fetchFile(path, {query, method = 'GET', fallbackName = 'download'} = {}) {
  let response;
  const sentAt = Date.now();
  const headers = {};
  if (method !== 'GET' && hooks.csrf) headers['X-CSRF-Token'] = hooks.csrf;
  try {
    response = await fetch(url(path, query), {method, headers, credentials: 'same-origin'});
  } catch (e) {
    throw new ApiError(0, 'network', 'ChartVault cannot be reached. Check the network connection and try again.');
  }
  hooks.onResponse(response, sentAt);
  if (response.status === 401) {
    hooks.onUnauthorized();
    throw new ApiError(401, 'login-required', 'Your session has ended. Log in again to continue.');
  }
  if (!response.ok) throw await errorOf(response);
  hooks.onActivity();
  const disposition = response.headers.get('Content-Disposition') || '';
  const named = disposition.match(/filename="([^"]+)"/);
  return {blob: await response.blob(), fileName: named ? named[1] : fallbackName, headers: response.headers};
}

/** Hands a Blob to the browser as a download with this file name. */
export function saveFile(blob, fileName) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
