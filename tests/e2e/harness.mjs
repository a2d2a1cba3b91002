// Starts the real stack for browser tests: dev certificates, demo data, faltlogg-server on 127.0.0.1
// and Debian's headless Chromium (no browser download), trusting exactly the server's key by its SPKI
// pin. Paths come from the environment ctest sets (FALTLOGG_BUILD_DIR, FALTLOGG_SOURCE_DIR).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

export const sourceDir = process.env.FALTLOGG_SOURCE_DIR || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const buildDir = process.env.FALTLOGG_BUILD_DIR || path.join(sourceDir, 'build/ci');
export const binaries = {
  server: path.join(buildDir, 'server/faltlogg-server'),
  admin: path.join(buildDir, 'server/faltlogg-admin'),
  cli: path.join(buildDir, 'client/faltlogg-cli'),
};
const chromiumPath = process.env.FALTLOGG_CHROMIUM || '/usr/bin/chromium';

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

// Certificates and demo data once; a second server may start on a copy of the same data.
export function prepareData(root) {
  const certs = path.join(root, 'certs');
  execFileSync('bash', [path.join(sourceDir, 'certs/gen-dev-certs.sh'), certs], { stdio: 'ignore' });
  const data = path.join(root, 'data');
  fs.mkdirSync(data, { recursive: true });
  const credentials = execFileSync(binaries.admin, ['--data-dir', data, '--kdf', 'test_fast', 'demo-data'], { encoding: 'utf8' });
  const spki = execFileSync('bash', ['-c',
    `openssl x509 -pubkey -noout -in "${certs}/server.pem" | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`],
  { encoding: 'utf8' }).trim();
  return { certs, data, credentials, spki, ca: fs.readFileSync(path.join(certs, 'ca.pem')) };
}

export async function startServer(prepared, dataDir, extraArgs = []) {
  const portFile = path.join(path.dirname(dataDir), `port-${path.basename(dataDir)}`);
  fs.rmSync(portFile, { force: true });
  const log = fs.openSync(path.join(path.dirname(dataDir), `server-${path.basename(dataDir)}.log`), 'a');
  const child = spawn(binaries.server, ['--data-dir', dataDir, '--listen', '127.0.0.1:0', '--port-file', portFile,
    '--cert', path.join(prepared.certs, 'server.pem'), '--key', path.join(prepared.certs, 'server.key'),
    '--kdf', 'test_fast', '--login-rate-limit', '0', '--metrics-listen', '127.0.0.1:0', ...extraArgs],
    { stdio: ['ignore', 'ignore', log] });
  for (let i = 0; i < 300; i += 1) {
    if (fs.existsSync(portFile)) break;
    if (child.exitCode !== null) throw new Error(`faltlogg-server exited with ${child.exitCode}`);
    await sleep(50);
  }
  const port = Number(fs.readFileSync(portFile, 'utf8').trim());
  const base = `https://127.0.0.1:${port}`;
  return {
    base,
    port,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => { child.once('exit', resolve); setTimeout(resolve, 5000); });
    },
  };
}

export async function launchBrowser(spki, userDataDir) {
  return puppeteer.launch({
    executablePath: chromiumPath,
    headless: false, // the flag below asks for the new headless mode explicitly
    userDataDir,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--ignore-certificate-errors-spki-list=${spki}`,
      '--disable-dev-shm-usage', '--hide-scrollbars'],
  });
}

// An HTTPS request from node, trusting the dev CA (for header, CSRF and bearer checks).
export function request(base, ca, method, urlPath, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    // The path goes out as written (no URL normalising), so traversal attempts reach the server.
    const { hostname, port } = new URL(base);
    const req = https.request({ hostname, port, path: urlPath, method, headers, ca }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch { json = null; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(typeof body === 'string' ? body : JSON.stringify(body));
    req.end();
  });
}

export async function bearerLogin(base, ca, username) {
  const res = await request(base, ca, 'POST', '/api/v1/auth/login', {
    headers: { 'Content-Type': 'application/json' },
    body: { username, password: `${username}-demo`, device_name: 'e2e' },
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
  return res.json;
}

export async function signIn(page, base, username, password = `${username}-demo`, hash = '') {
  await page.goto(`${base}/${hash}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('form.signin input[name=username]');
  await page.type('input[name=username]', username);
  await page.type('input[name=password]', password);
  await Promise.all([
    page.waitForSelector('#nav a, #signin-message:not(:empty)', { timeout: 20000 }),
    page.click('form.signin button[type=submit]'),
  ]);
}

export async function waitForPage(page, name) {
  await page.waitForSelector(`.page[data-page="${name}"][data-ready="true"]`, { timeout: 30000 });
}
