// The one door to the server: same origin, the session cookie goes by itself, and every change carries
// the CSRF token the login gave us. A 401 sends the user back to sign-in with a message.
let csrfToken = null;
let onSignedOut = () => {};

export function setCsrf(token) { csrfToken = token; }
export function setSignedOutHandler(handler) { onSignedOut = handler; }

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code || 'http_error';
    this.problem = problem;
  }
}

export async function api(method, path, body, { text = false, quiet401 = false } = {}) {
  const headers = { Accept: text ? 'text/csv' : 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (response.ok) {
    if (response.status === 204) return null;
    return text ? response.text() : response.json();
  }
  let problem = null;
  try { problem = await response.json(); } catch { problem = null; }
  const error = new ApiError(response.status, problem);
  if (response.status === 401 && !quiet401) onSignedOut(error);
  throw error;
}

export const get = (path, options) => api('GET', path, undefined, options);
export const post = (path, body) => api('POST', path, body);
export const put = (path, body) => api('PUT', path, body);

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
