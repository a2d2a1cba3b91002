// End-to-end tests of the web console: Debian's headless Chromium against the real faltlogg-server
// with demo data (started here, see harness.mjs). Run by ctest (web_console_e2e) via run.sh.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { prepareData, startServer, launchBrowser, signIn, waitForPage, tempDir, request, bearerLogin, binaries } from './harness.mjs';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const root = tempDir('faltlogg-e2e-');
const prepared = prepareData(root);
// A copy of the same demo data for the server with a 3 s idle limit (session expiry test).
fs.cpSync(prepared.data, path.join(root, 'data-idle'), { recursive: true });
const server = await startServer(prepared, prepared.data);
const idleServer = await startServer(prepared, path.join(root, 'data-idle'), ['--browser-idle-seconds', '3']);
const browser = await launchBrowser(prepared.spki, path.join(root, 'chromium'));
const base = server.base;
const ca = prepared.ca;
const cspViolations = [];
const measurements = {};

async function freshPage(viewport = { width: 1366, height: 768 }) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(viewport);
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  page.on('dialog', (dialog) => dialog.accept());
  return { page, context };
}

const inPage = (page, fn, ...args) => page.evaluate(fn, ...args);
const fetchStatus = (page, url, init) => inPage(page, async (u, i) => {
  const r = await fetch(u, i);
  return { status: r.status, text: await r.text() };
}, url, init || {});

function pad(n) { return String(n).padStart(2, '0'); }
function isoWeekOf(date) {
  const d = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  return { year: d.getUTCFullYear(), week: Math.ceil(((d - yearStart) / 86400000 + 1) / 7) };
}
// Wednesday of last week, 15:00 local: safely inside the previous ISO week.
const now = new Date();
const lastWednesday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 7 - ((now.getDay() + 6) % 7) + 2, 15, 0, 0);
const lastWeek = isoWeekOf(lastWednesday);
const lastWeekKey = `${lastWeek.year}-W${pad(lastWeek.week)}`;
const freeText = `E2E-fritext-${Math.random().toString(36).slice(2, 10)}`;

// The author's tablet: a real faltlogg-cli store, a record with free text, synced to the server.
const tablet = path.join(root, 'tablet-anna');
const cliEnv = { ...process.env, FALTLOGG_PASSPHRASE: 'e2e tablet passphrase', QT_QPA_PLATFORM: 'offscreen' };
function cli(args, input = '') {
  return execFileSync(binaries.cli, ['--store', tablet, ...args], { env: cliEnv, input, encoding: 'utf8' });
}
function cliSync() {
  return cli(['sync', '--server', base, '--ca', path.join(prepared.certs, 'ca.pem'), '--username', 'falt.anna', '--password-stdin',
    '--max-attempts', '2'], 'falt.anna-demo\n');
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('every HTML, JS and CSS response carries the strict CSP and security headers', async () => {
  for (const url of ['/', '/assets/app.js', '/assets/app.css', '/api/v1/version']) {
    const res = await request(base, ca, 'GET', url);
    assert.equal(res.status, 200, url);
    assert.match(res.headers['content-security-policy'], /default-src 'none'; script-src 'self'; style-src 'self'/, url);
    assert.doesNotMatch(res.headers['content-security-policy'], /unsafe-inline|unsafe-eval|https?:/, url);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
    assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
    assert.match(res.headers['strict-transport-security'], /max-age=\d{7,}/, url);
  }
  const html = (await request(base, ca, 'GET', '/')).text;
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son\w+=|https?:\/\//, 'no inline script, style or other origin in the page');
  assert.equal((await request(base, ca, 'GET', '/assets/../server.key')).status, 400);
  assert.equal((await request(base, ca, 'GET', '/assets/nope.js')).status, 404);
});

test('sign in as each console role shows that role\'s pages; the cookie is HttpOnly, Secure, SameSite=Strict', async () => {
  const expected = { 'lead.maria': ['standard', 'review', 'workers'], 'fou.eva': ['criteria', 'tables', 'report'], admin: ['users', 'devices', 'audit'] };
  for (const [username, pages] of Object.entries(expected)) {
    const { page, context } = await freshPage();
    await signIn(page, base, username);
    const links = await page.$$eval('#nav a', (as) => as.map((a) => a.getAttribute('href')));
    for (const name of pages) assert.ok(links.includes(`#/${name}`), `${username} sees ${name}: ${links}`);
    const forbidden = { 'lead.maria': ['tables', 'users'], 'fou.eva': ['review', 'users', 'standard'], admin: ['review', 'criteria'] }[username];
    for (const name of forbidden) assert.ok(!links.includes(`#/${name}`), `${username} must not see ${name}`);
    const cookies = await page.cookies();
    const session = cookies.find((c) => c.name === '__Host-faltlogg');
    assert.ok(session, 'session cookie set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.secure, true);
    assert.equal(session.sameSite, 'Strict');
    assert.equal(session.path, '/');
    assert.equal(await inPage(page, () => document.cookie.includes('faltlogg')), false, 'the page script cannot read the token');
    await context.close();
  }
});

test('a wrong password and a tablet-only account get a clear message and no session', async () => {
  const { page, context } = await freshPage();
  await signIn(page, base, 'lead.maria', 'wrong-password');
  assert.match(await page.$eval('#signin-message', (n) => n.textContent), /Fel användarnamn eller lösenord/);
  await signIn(page, base, 'falt.anna');
  await page.waitForFunction(() => /surfplattan/.test(document.querySelector('#signin-message')?.textContent || ''));
  assert.equal((await fetchStatus(page, '/api/v1/auth/session')).status, 401);
  await context.close();
});

test('the lead\'s dashboard draws its first chart (time measured from the sign-in click)', async () => {
  const { page, context } = await freshPage();
  await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('form.signin input[name=username]');
  await page.type('input[name=username]', 'lead.maria');
  await page.type('input[name=password]', 'lead.maria-demo');
  const started = Date.now();
  await page.click('form.signin button[type=submit]');
  await page.waitForSelector('.page[data-page="standard"] svg.chart path.series', { timeout: 30000 });
  measurements.first_chart_ms = Date.now() - started;
  const rows = await page.$$eval('.page[data-page="standard"] tbody tr', (trs) => trs.map((tr) => tr.innerText));
  assert.ok(rows.length >= 5, 'criteria rows');
  assert.ok(rows.every((r) => /(Inom lokalt mål|Utanför lokalt mål|För lite underlag|Följs upp)/.test(r)), 'every criterion has a status light');
  assert.ok(rows.some((r) => /procent/.test(r)) && rows.some((r) => /per teammånad/.test(r)), 'units are explicit');
  assert.ok(await page.$('svg.chart .target-line'), 'the trend chart has its target line');
  await context.close();
});

test('a lead approves last week in bulk and the author\'s tablet store shows the review after sync', async () => {
  cli(['init']);
  const data = { occurred_at: lastWednesday.toISOString(), duration_min: 30, area_id: 'norrvik-centrum', arena: 'skola', kontakt: 'kand', aktivitet: 'relationsskapande',
    youths: { flicka: { '13_15': 2 } }, parents: 0, concerns: ['ingen'], actions: [], partners: [], in_pair: true, notes: freeText };
  cli(['add', '--form', 'faltkontakt', '--json', JSON.stringify(data)]);
  cliSync();
  const mine = JSON.parse(cli(['list', '--json'])).records.find((r) => r.data?.notes === freeText);
  assert.ok(mine, 'the tablet holds the record');
  assert.equal(mine.reviews.length, 0);

  const { page, context } = await freshPage();
  await signIn(page, base, 'lead.maria');
  await page.goto(`${base}/#/review?state=unreviewed&week=${lastWeekKey}`);
  await waitForPage(page, 'review');
  const row = await page.$(`tr[data-record="${mine.id}"]`);
  assert.ok(row, 'the new record is in last week\'s queue');
  await row.$eval('button', (b) => b.click());
  await page.waitForSelector(`section.detail[data-record="${mine.id}"]`);
  assert.match(await page.$eval('section.detail', (n) => n.innerText), new RegExp(freeText), 'the lead sees the full record, notes included');
  assert.equal(await page.$$eval('section.detail input:not([name=comment]), section.detail [contenteditable]', (n) => n.length), 0, 'nothing to edit');
  const queued = await page.$$eval('tbody tr[data-record]', (trs) => trs.length);
  await page.click('button[data-action="approve-week"]');
  await page.waitForFunction((n) => /godkända/.test(document.getElementById('toast').textContent), {}, queued);
  const toastText = await page.$eval('#toast', (n) => n.textContent);
  assert.match(toastText, new RegExp(`^${queued} poster godkända`), toastText);
  await context.close();

  cliSync();
  const after = JSON.parse(cli(['list', '--json'])).records.find((r) => r.id === mine.id);
  assert.equal(after.reviews.length, 1, 'the review reached the tablet');
  assert.equal(after.reviews[0].state, 'approved');
});

test('a lead cannot reach another team\'s records by URL or API', async () => {
  const ali = await bearerLogin(base, ca, 'lead.ali');
  const otherTeam = ali.user.team_id;
  // An unreviewed one (demo data has the leads review about two thirds), so an approval would show.
  const theirs = await request(base, ca, 'GET', '/api/v1/review/records?state=unreviewed&limit=1', { headers: { Authorization: `Bearer ${ali.token}` } });
  const otherRecord = theirs.json.records[0].record.id;
  const { page, context } = await freshPage();
  await signIn(page, base, 'lead.maria');
  await page.goto(`${base}/#/review?team_id=${otherTeam}`);
  await waitForPage(page, 'review');
  assert.match(await page.$eval('main', (m) => m.innerText), /inte behörighet/);
  assert.equal(await page.$$eval('tr[data-record]', (n) => n.length), 0);
  assert.equal((await fetchStatus(page, `/api/v1/review/records?team_id=${otherTeam}`)).status, 403);
  const csrf = (await inPage(page, () => fetch('/api/v1/auth/session').then((r) => r.json()))).csrf_token;
  const put = await fetchStatus(page, `/api/v1/review/${otherRecord}`, { method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
    body: JSON.stringify({ state: 'approved', comment: '' }) });
  assert.equal(put.status, 403, put.text);
  const still = await request(base, ca, 'GET', `/api/v1/review/records?limit=1000`, { headers: { Authorization: `Bearer ${ali.token}` } });
  assert.equal(still.json.records.find((r) => r.record.id === otherRecord).review.state, 'unreviewed');
  await context.close();
});

test('an evaluator reaches no row and no free text, by UI or by URL', async () => {
  const { page, context } = await freshPage();
  await signIn(page, base, 'fou.eva');
  for (const name of ['criteria', 'tables', 'report', 'docs']) {
    await page.goto(`${base}/#/${name}`);
    await waitForPage(page, name);
    const text = await page.$eval('body', (b) => b.innerText);
    assert.ok(!text.includes(freeText), `${name} shows no free text`);
    assert.ok(!text.includes('norrvik-centrum'), `${name} shows no row values`);
  }
  for (const name of ['review', 'standard', 'workers', 'users']) {
    await page.goto(`${base}/#/${name}`);
    await page.waitForSelector('main .error');
    assert.equal(await page.$$eval('tr[data-record]', (n) => n.length), 0, name);
  }
  for (const url of ['/api/v1/review/records', '/api/v1/sync/pull?cursor=0', '/api/v1/team/activity', '/api/v1/admin/users',
    '/api/v1/criteria/report?from=2026-01-01&to=2026-01-15']) {
    const res = await fetchStatus(page, url);
    assert.ok(res.status >= 400, `${url} refused (${res.status})`);
    assert.ok(!res.text.includes(freeText), url);
  }
  await context.close();
});

test('a change without the CSRF token is refused and changes nothing', async () => {
  const { page, context } = await freshPage();
  await signIn(page, base, 'lead.maria');
  const noToken = await fetchStatus(page, '/api/v1/auth/logout', { method: 'POST' });
  assert.equal(noToken.status, 403);
  assert.match(noToken.text, /csrf_failed/);
  const wrong = await fetchStatus(page, '/api/v1/auth/logout', { method: 'POST', headers: { 'X-CSRF-Token': '0'.repeat(64) } });
  assert.equal(wrong.status, 403);
  assert.equal((await fetchStatus(page, '/api/v1/auth/session')).status, 200, 'the session survived the forged requests');
  const cookie = (await page.cookies()).find((c) => c.name === '__Host-faltlogg');
  const fromElsewhere = await request(base, ca, 'PUT', '/api/v1/admin/targets', { headers: { Cookie: `__Host-faltlogg=${cookie.value}`, 'Content-Type': 'application/json' }, body: {} });
  assert.equal(fromElsewhere.status, 403);
  await page.click('#signout');
  await page.waitForSelector('form.signin');
  assert.equal((await request(base, ca, 'GET', '/api/v1/auth/session', { headers: { Cookie: `__Host-faltlogg=${cookie.value}` } })).status, 401, 'sign-out ended it');
  await context.close();
});

test('a table downloads as CSV for Excel and parses as the API\'s CSV', async () => {
  const { page, context } = await freshPage();
  const downloads = path.join(root, 'downloads');
  fs.mkdirSync(downloads);
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, browserContextId: context.id });
  await signIn(page, base, 'fou.eva');
  const month = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  await page.goto(`${base}/#/tables?kind=month&year=${month.getFullYear()}&index=${month.getMonth() + 1}&form=faltkontakt&measure=contacts&by1=arena&by2=month`);
  await waitForPage(page, 'tables');
  assert.ok(await page.$('svg.chart rect.bar'), 'the table has a chart');
  await page.click('button[data-action="download-csv"]');
  let file;
  for (let i = 0; i < 100 && !file; i += 1) {
    file = fs.readdirSync(downloads).find((f) => f.endsWith('.csv'));
    if (!file) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(file, 'a CSV was downloaded');
  const text = fs.readFileSync(path.join(downloads, file), 'utf8');
  assert.ok(text.startsWith('\uFEFF'), 'UTF-8 BOM for Excel');
  const [header, body] = text.slice(1).split('\r\n\r\n');
  assert.match(header, /^Period;\d{4}-\d{2}-\d{2} – /m);
  assert.match(header, /^k;5$/m);
  assert.match(header, /Räkneregel;/);
  const range = { from: `${month.getFullYear()}-${pad(month.getMonth() + 1)}-01`, to: new Date(month.getFullYear(), month.getMonth() + 1, 0) };
  range.to = `${range.to.getFullYear()}-${pad(range.to.getMonth() + 1)}-${pad(range.to.getDate())}`;
  const api = await inPage(page, (q) => fetch(`/api/v1/aggregates?${q}`).then((r) => r.text()),
    `measure=contacts&by=arena%2Cmonth&from=${range.from}&to=${range.to}&form=faltkontakt&format=csv`);
  const parse = (csv) => csv.replace(/^\uFEFF/, '').trim().split('\r\n').map((line) => line.split(';'));
  const ours = parse(body.replace(/(\d{4})\u2013(\d{2})/g, '$1-$2'));
  assert.deepEqual(ours, parse(api));
  assert.match(body, /\d{4}\u2013\d{2}/, 'month labels written so Excel keeps them as text');
  // Tables by activity (decision 0096): offered by the builder, labelled in words, v1 and v2 records alike.
  assert.ok((await page.$$eval('select[name="by1"] option', (os) => os.map((o) => o.value))).includes('aktivitet'));
  await page.goto(`${base}/#/tables?kind=month&year=${month.getFullYear()}&index=${month.getMonth() + 1}&form=faltkontakt&measure=contacts&by1=aktivitet&by2=arena`);
  await waitForPage(page, 'tables');
  await page.waitForFunction(() => document.querySelector('table.data caption')?.textContent.includes('Aktivitet × Arena'));
  const rowLabels = await page.$$eval('table.data tbody th[scope="row"]', (ths) => ths.map((th) => th.textContent));
  assert.ok(rowLabels.includes('Uppsökande runda'), `activities in words: ${rowLabels}`);
  assert.ok(!rowLabels.includes('uppsokande_runda'), 'no raw codes');
  await context.close();
});

test('an admin sets a district\'s C8 age band and digital for C3; a wrong band is refused with the rule and changes nothing', async () => {
  const { page, context } = await freshPage();
  await signIn(page, base, 'admin');
  await page.goto(`${base}/#/settings`);
  await waitForPage(page, 'settings');
  const district = await page.$eval('select[name="district_id"]', (s) => s.value);
  const settingsNow = () => inPage(page, (d) => fetch(`/api/v1/admin/settings?district_id=${d}`).then((r) => r.json())
    .then((b) => b.packs.find((p) => p.id === 'faltarbete-aktivitet').settings), district);
  const auditEntries = () => inPage(page, () => fetch('/api/v1/admin/audit').then((r) => r.json()).then((b) => b.entries));
  const card = 'section[data-pack="faltarbete-aktivitet"]';
  const save = async (setting) => {
    const row = `${card} [data-setting="${setting}"]`;
    await page.$eval(`${row} .form-message`, (n) => { n.textContent = ''; });
    await page.click(`${row} button[data-action="save-setting"]`);
    await page.waitForFunction((sel) => document.querySelector(sel).textContent.length > 0, {}, `${row} .form-message`);
    return page.$eval(`${row} .form-message`, (n) => n.textContent);
  };
  const before = await settingsNow();
  const entries = await auditEntries();
  await page.select(`${card} select[name="c8_from"]`, '16');
  await page.select(`${card} select[name="c8_to"]`, '12');
  assert.match(await save('c8_age_band'), /^Sparades inte: åldersbandet ska vara FRÅN–TILL med FRÅN 10, 13, 16 eller 18 .*spara igen\.$/);
  assert.deepEqual(await settingsNow(), before, 'a refused band changes nothing');
  assert.equal(await auditEntries(), entries, 'and logs nothing');
  await page.select(`${card} select[name="c8_from"]`, '13');
  await page.select(`${card} select[name="c8_to"]`, '17');
  assert.equal(await save('c8_age_band'), 'Sparat och loggat.');
  await page.select(`${card} select[name="c3_digital"]`, before.c3_digital ? 'off' : 'on');
  assert.equal(await save('c3_digital'), 'Sparat och loggat.');
  assert.deepEqual(await settingsNow(), { c8_age_band: '13-17', c3_digital: !before.c3_digital });
  assert.equal(await auditEntries(), entries + 2, 'each change is audit-logged');
  await page.reload();
  await waitForPage(page, 'settings');
  assert.equal(await page.$eval(`${card} select[name="c8_from"]`, (s) => s.value), '13', 'the page shows what is stored');
  // The same refusal in English, and a lead may not read or change the settings at all.
  await inPage(page, () => localStorage.setItem('faltlogg.lang', 'en'));
  await page.reload();
  await waitForPage(page, 'settings');
  await page.select(`${card} select[name="c8_from"]`, '18');
  await page.select(`${card} select[name="c8_to"]`, '15');
  assert.match(await save('c8_age_band'), /^Not saved: the age band must be FROM–TO .*save again\.$/);
  await inPage(page, () => localStorage.setItem('faltlogg.lang', 'sv'));
  const lead = await bearerLogin(base, ca, 'lead.maria');
  for (const [method, body] of [['GET', undefined], ['PUT', { district_id: district, pack_id: 'faltarbete-aktivitet', setting: 'c3_digital', value: 'on' }]]) {
    const refused = await request(base, ca, method, `/api/v1/admin/settings${method === 'GET' ? `?district_id=${district}` : ''}`,
      { headers: { Authorization: `Bearer ${lead.token}`, 'Content-Type': 'application/json' }, body });
    assert.equal(refused.status, 403, `${method} as a lead`);
  }
  // Back to what it was, through the page, for the tests after this one.
  await page.reload();
  await waitForPage(page, 'settings');
  const [from, to] = before.c8_age_band.split('-');
  await page.select(`${card} select[name="c8_from"]`, from);
  await page.select(`${card} select[name="c8_to"]`, to);
  assert.equal(await save('c8_age_band'), 'Sparat och loggat.');
  await page.select(`${card} select[name="c3_digital"]`, before.c3_digital ? 'on' : 'off');
  assert.equal(await save('c3_digital'), 'Sparat och loggat.');
  assert.deepEqual(await settingsNow(), before);
  await context.close();
});

test('an expired session goes back to sign-in', async () => {
  const { page, context } = await freshPage();
  // The documentation page loads in one request, so the idle clock starts right after it.
  await signIn(page, idleServer.base, 'fou.eva', 'fou.eva-demo', '#/docs');
  await waitForPage(page, 'docs');
  await new Promise((r) => setTimeout(r, 5000));
  await page.click('#nav a[href="#/tables"]');
  await page.waitForSelector('form.signin', { timeout: 15000 });
  assert.match(await page.$eval('#signin-message', (n) => n.textContent), /Sessionen har gått ut/);
  await context.close();
});

test('axe-core finds no serious or critical violation on any page', async () => {
  const pagesByRole = { 'lead.maria': ['standard', 'review', 'workers', 'enrol', 'docs'], 'fou.eva': ['criteria', 'tables', 'report', 'docs'],
    admin: ['users', 'teams', 'devices', 'enrol', 'targets', 'settings', 'audit'] };
  const problems = [];
  let scanned = 0;
  const scan = async (page, label) => {
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      problems.push(`${label}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    }
    scanned += 1;
  };
  for (const viewport of [{ width: 1366, height: 768 }, { width: 390, height: 844 }]) {
    const { page, context } = await freshPage(viewport);
    await page.goto(`${base}/`);
    await page.waitForSelector('form.signin');
    await scan(page, `signin@${viewport.width}`);
    for (const [username, pages] of Object.entries(pagesByRole)) {
      await signIn(page, base, username);
      for (const name of pages) {
        await page.goto(`${base}/#/${name}`);
        await waitForPage(page, name);
        await scan(page, `${username} ${name}@${viewport.width}`);
      }
      await page.click('#signout');
      await page.waitForSelector('form.signin');
    }
    await context.close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
  measurements.axe_pages_scanned = scanned;
});

test('no Content-Security-Policy violation was reported by the browser during the run', async () => {
  assert.deepEqual(cspViolations, []);
});

let failed = 0;
try {
  for (const [index, { name, fn }] of tests.entries()) {
    const started = Date.now();
    try {
      await fn();
      console.log(`ok ${index + 1} - ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed += 1;
      console.log(`not ok ${index + 1} - ${name}\n  ${String(error.stack || error).split('\n').join('\n  ')}`);
    }
  }
} finally {
  await browser.close();
  await server.stop();
  await idleServer.stop();
}
console.log(`# web console e2e: ${tests.length - failed}/${tests.length} passed; time to first chart (lead dashboard, demo data): ${measurements.first_chart_ms} ms; axe scanned ${measurements.axe_pages_scanned ?? 0} pages`);
if (failed === 0) fs.rmSync(root, { recursive: true, force: true });
else console.log(`# kept ${root} (server logs) for inspection`);
process.exit(failed === 0 ? 0 : 1);
