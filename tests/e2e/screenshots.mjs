// One command for every page of the web console at 1366×768 and 390×844, in Swedish and English:
//   node tests/e2e/screenshots.mjs [OUT_DIR]      (default build/ci/web-screenshots)
// It starts its own server with demo data (like the e2e tests) and writes OUT_DIR/<lang>-<width>-<role>-<page>.png.
import fs from 'node:fs';
import path from 'node:path';
import { prepareData, startServer, launchBrowser, signIn, waitForPage, tempDir, buildDir } from './harness.mjs';

export const pagesByRole = {
  'lead.maria': ['standard', 'review', 'workers', 'enrol', 'docs'],
  'fou.eva': ['criteria', 'tables', 'report', 'docs'],
  admin: ['users', 'teams', 'devices', 'enrol', 'targets', 'settings', 'audit', 'docs'],
};
const viewports = [{ width: 1366, height: 768 }, { width: 390, height: 844 }];

const out = path.resolve(process.argv[2] || path.join(buildDir, 'web-screenshots'));
fs.mkdirSync(out, { recursive: true });
const root = tempDir('faltlogg-shots-');
const prepared = prepareData(root);
const server = await startServer(prepared, prepared.data);
const browser = await launchBrowser(prepared.spki, path.join(root, 'chromium'));
let written = 0;
try {
  for (const language of ['sv', 'en']) {
    for (const viewport of viewports) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport(viewport);
      await page.evaluateOnNewDocument((lang) => localStorage.setItem('faltlogg.lang', lang), language);
      await page.goto(`${server.base}/`, { waitUntil: 'networkidle0' });
      await page.waitForSelector('form.signin');
      await page.screenshot({ path: path.join(out, `${language}-${viewport.width}-signin.png`), fullPage: true });
      written += 1;
      for (const [username, pages] of Object.entries(pagesByRole)) {
        await signIn(page, server.base, username);
        for (const name of pages) {
          await page.goto(`${server.base}/#/${name}`);
          await waitForPage(page, name);
          await page.screenshot({ path: path.join(out, `${language}-${viewport.width}-${username.replace('.', '_')}-${name}.png`), fullPage: true });
          written += 1;
        }
        await page.click('#signout');
        await page.waitForSelector('form.signin');
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(root, { recursive: true, force: true });
}
console.log(`screenshots: ${written} PNGs in ${out}`);
