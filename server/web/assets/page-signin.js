import { api } from './api.js';
import { h, field } from './util.js';
import { t } from './i18n.js';

export function signInPage({ notice, onSignedIn }) {
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, maxlength: 64, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true, maxlength: 1024 });
  const message = h('p', { class: notice ? 'notice' : 'notice', role: 'alert', id: 'signin-message' }, notice ? t(notice) : '');
  const button = h('button', { type: 'submit', class: 'primary' }, t('signIn'));
  const form = h('form', { class: 'card signin', novalidate: true },
    h('h1', {}, t('signInTitle')),
    h('p', { class: 'lead' }, t('signInLead')),
    message,
    field(t('username'), username),
    field(t('password'), password),
    button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) { message.textContent = t('wrongPassword'); return; }
    button.disabled = true;
    button.textContent = t('signingIn');
    try {
      const session = await api('POST', '/api/v1/auth/login', {
        username: username.value.trim(), password: password.value, device_name: 'webbkonsol', session: 'cookie',
      }, { quiet401: true });
      onSignedIn(session);
    } catch (error) {
      message.textContent = error.status === 401 ? t('wrongPassword') : error.status === 429 ? t('rateLimited')
        : error instanceof TypeError ? t('networkError') : `${t('errorGeneric')}: ${error.message}`;
      password.value = '';
      password.focus();
    } finally {
      button.disabled = false;
      button.textContent = t('signIn');
    }
  });
  setTimeout(() => username.focus(), 0);
  return h('div', { class: 'signin-wrap' }, form);
}
