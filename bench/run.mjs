// `npm run bench`: builds, then prints each figure as the median of several runs. Figures, not
// assertions: tests never depend on wall-clock time.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
for (const args of [[join(root, 'node_modules/typescript/bin/tsc'), '-b'], [join(root, 'esbuild.mjs')]]) {
  if (spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
}
const { ServerSession } = require(join(root, 'out/test/support/lspClient.js'));
const { service } = require(join(root, 'out/test/support/service.js'));
const { TextDocument } = require('vscode-languageserver-textdocument');
const { parseTree } = require('jsonc-parser');
const { policyOfSize } = await import('./policies.mjs');

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];

async function measure(name, once) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) samples.push(await once());
  rows.push([name, `${median(samples).toFixed(1)} ms`, `min ${Math.min(...samples).toFixed(1)}, max ${Math.max(...samples).toFixed(1)}`]);
}

const brokenPath = join(root, 'examples/broken/dev-team-a-policy.json');
const brokenUri = pathToFileURL(brokenPath).toString();
const brokenText = readFileSync(brokenPath, 'utf8');

// Cold start: process spawn → initialize → didOpen → the first diagnostics the editor shows.
for (const pull of [false, true]) {
  await measure(`server start → first diagnostics (${pull ? 'pull' : 'push'})`, async () => {
    const start = performance.now();
    const session = await ServerSession.start({ pull });
    await session.open(brokenUri, brokenText);
    if (pull) await session.pull(brokenUri);
    else await session.nextPublished(brokenUri);
    const elapsed = performance.now() - start;
    await session.stop();
    return elapsed;
  });
}

// Per keystroke: one character typed into a policy that is open, then its diagnostics.
const svc = await service();
for (const size of [20, 100, 1000]) {
  const text = policyOfSize(size);
  const at = text.indexOf('team-1"') + 'team-1'.length;
  const edited = (n) => text.slice(0, at) + String(n % 10) + text.slice(at);
  let version = 1;
  await measure(`${size} statements: jsonc-parser parse (floor)`, async () => {
    const start = performance.now();
    parseTree(edited(version++), []);
    return performance.now() - start;
  });
  await measure(`${size} statements: service revalidation in-process`, async () => {
    const doc = TextDocument.create('file:///bench/policy.json', 'json', version, edited(version++));
    const start = performance.now();
    svc.validate(doc);
    return performance.now() - start;
  });
  const session = await ServerSession.start({ pull: true });
  const uri = `file:///bench/policy-${size}.json`;
  await session.open(uri, text);
  await session.pull(uri);
  let lspVersion = 1;
  await measure(`${size} statements: keystroke → pulled diagnostics (LSP)`, async () => {
    const start = performance.now();
    lspVersion++;
    await session.change(uri, lspVersion, [{ range: { start: position(text, at), end: position(text, at) }, text: 'x' }]);
    await session.pull(uri);
    return performance.now() - start;
  });
  // Completion right after a keystroke (a new version: parsing is inside the figure), as in `"s3:Get|`.
  if (size === 100) {
    const places = [
      ['an action', 's3:GetObjectVersion', 's3:Get'.length],
      ['a condition key', 'aws:SecureTransport', 'aws:Sec'.length],
    ];
    // The server's text: every keystroke so far typed an x at `at`.
    const serverText = () => text.slice(0, at) + 'x'.repeat(lspVersion - 1) + text.slice(at);
    for (const [what, needle, typed] of places) {
      const probe = TextDocument.create('file:///bench/probe.json', 'json', 1, text);
      const offered = svc.doComplete(probe, probe.positionAt(text.indexOf(needle) + typed)).items;
      if (!offered.some((item) => (item.filterText ?? item.label).includes(needle))) console.warn(`completion of ${what} does not offer ${needle}`);
      await measure(`${size} statements: completion of ${what} in-process`, async () => {
        const current = edited(version);
        const doc = TextDocument.create('file:///bench/policy.json', 'json', version++, current);
        const start = performance.now();
        svc.doComplete(doc, doc.positionAt(current.indexOf(needle) + typed));
        return performance.now() - start;
      });
      await measure(`${size} statements: keystroke → completion of ${what} (LSP)`, async () => {
        const start = performance.now();
        lspVersion++;
        await session.change(uri, lspVersion, [{ range: { start: position(text, at), end: position(text, at) }, text: 'x' }]);
        const current = serverText();
        await session.completion(uri, position(current, current.indexOf(needle) + typed));
        return performance.now() - start;
      });
    }
  }
  await session.stop();
}

function position(text, offset) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

// The workspace index: every file of a generated workspace read from disk and indexed, as the
// server does at start; then one edit of a ServiceAccount re-checked against the whole index.
const { walkFiles } = require(join(root, 'out/server/src/fileWalk.js'));
const { languageIdOf } = require(join(root, 'out/server/src/service/index.js'));
const { writeWorkspace } = await import('./workspace.mjs');
const { mkdtempSync, readFileSync: readText, rmSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
for (const size of [2000, 10000]) {
  const dir = mkdtempSync(join(tmpdir(), `iam-irsa-bench-${size}-`));
  const written = writeWorkspace(dir, size);
  let indexed;
  await measure(`index a workspace of ${written} files (read from disk)`, async () => {
    indexed = await service();
    const start = performance.now();
    for (const file of await walkFiles(dir, { exclude: [] })) indexed.indexFile(pathToFileURL(file).toString(), languageIdOf(file), readText(file, 'utf8'));
    return performance.now() - start;
  });
  const saPath = join(dir, 'apps/team-7/app-7/service-account.yaml');
  const saText = readText(saPath, 'utf8');
  const saUri = pathToFileURL(saPath).toString();
  let editVersion = 1;
  const first = indexed.validate(TextDocument.create(saUri, 'yaml', editVersion++, saText));
  if (first.some((d) => String(d.code).startsWith('LINK_'))) console.warn('unexpected cross-file findings in the generated workspace:', first.map((d) => d.code));
  await measure(`${written} files: re-check after an edit of one file`, async () => {
    const edited = saText.replace('namespace: team-7', `namespace: team-7${editVersion % 2 ? 'x' : ''}`);
    const start = performance.now();
    indexed.validate(TextDocument.create(saUri, 'yaml', editVersion++, edited));
    return performance.now() - start;
  });
  rmSync(dir, { recursive: true, force: true });
}

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\n${'figure'.padEnd(width)}  median      spread (${RUNS} runs)`);
for (const [name, value, spread] of rows) console.log(`${name.padEnd(width)}  ${value.padEnd(10)}  ${spread}`);
