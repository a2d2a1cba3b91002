// The PouchDB half of the side-by-side bench (run.sh). Two modes:
//   serve DIR CERTDIR PORTFILE   express-pouchdb on HTTPS with the dev certificate, leveldb under DIR
//   replicate DOCS URL DIR       load DOCS (NDJSON, the records faltlogg-cli pushes) into a local leveldb
//                                PouchDB (untimed), push it to URL, then pull it into a fresh local one;
//                                prints push_ms=… pull_ms=…  (PouchDB's default batch_size, 100)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import readline from 'node:readline';

const require = createRequire(path.join(process.env.POUCH_MODULES, 'package.json'));
const PouchDB = require('pouchdb');

async function serve(dir, certDir, portFile) {
  const Prefixed = PouchDB.defaults({ prefix: dir + path.sep });
  const app = require('express-pouchdb')(Prefixed, { mode: 'minimumForPouchDB', logPath: path.join(dir, 'log.txt') });
  const tls = { key: fs.readFileSync(path.join(certDir, 'server.key')), cert: fs.readFileSync(path.join(certDir, 'server.pem')) };
  const server = https.createServer(tls, app).listen(0, '127.0.0.1', () => {
    fs.writeFileSync(portFile, String(server.address().port));
  });
}

async function load(docsFile, db) {
  const lines = readline.createInterface({ input: fs.createReadStream(docsFile) });
  let chunk = [];
  let count = 0;
  for await (const line of lines) {
    if (!line) continue;
    const record = JSON.parse(line);
    chunk.push({ _id: record.id, ...record });
    if (chunk.length === 5000) { await db.bulkDocs(chunk); count += chunk.length; chunk = []; }
  }
  if (chunk.length) { await db.bulkDocs(chunk); count += chunk.length; }
  return count;
}

async function replicate(docsFile, url, dir) {
  const writer = new PouchDB(path.join(dir, 'writer'));
  const count = await load(docsFile, writer);
  const remote = new PouchDB(url);
  let start = performance.now();
  const pushed = await PouchDB.replicate(writer, remote);
  const pushMs = performance.now() - start;
  const reader = new PouchDB(path.join(dir, 'reader'));
  start = performance.now();
  const pulled = await PouchDB.replicate(remote, reader);
  const pullMs = performance.now() - start;
  if (pushed.docs_written !== count || pulled.docs_written !== count) {
    throw new Error(`PouchDB wrote ${pushed.docs_written} / ${pulled.docs_written} of ${count} documents`);
  }
  console.log(`push_ms=${Math.round(pushMs)} pull_ms=${Math.round(pullMs)} docs=${count}`);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'serve') await serve(...args);
else if (mode === 'replicate') await replicate(...args);
else { console.error('usage: pouch_bench.mjs serve DIR CERTDIR PORTFILE | replicate DOCS URL DIR'); process.exit(2); }
