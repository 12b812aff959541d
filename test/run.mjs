// `npm test`: builds, then runs every tier (lint, unit, cli, corpus, protocol, ui) with node:test and closes with
// the real count. `npm test -- unit protocol` runs only the named tiers.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// lint first: it fails fast, before the slow tiers.
const TIERS = ['lint', 'unit', 'cli', 'corpus', 'protocol', 'ui'];
const requested = process.argv.slice(2);
const unknown = requested.filter((t) => !TIERS.includes(t));
if (unknown.length) {
  console.error(`unknown tier ${unknown.join(', ')}; tiers: ${TIERS.join(', ')}`);
  process.exit(2);
}
const tiers = requested.length ? requested : TIERS;

for (const [command, args] of [
  [process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b']],
  [process.execPath, [join(root, 'esbuild.mjs')]],
]) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build failed: ${args.join(' ')}\n0 passed, 1 failed`);
    process.exit(1);
  }
}

function testFiles(directory) {
  let entries;
  try {
    entries = readdirSync(directory);
  } catch {
    return [];
  }
  return entries.sort().flatMap((name) => {
    const full = join(directory, name);
    if (statSync(full).isDirectory()) return testFiles(full);
    return name.endsWith('.test.js') ? [full] : [];
  });
}

const files = tiers.flatMap((tier) => testFiles(join(root, 'out', 'test', tier)));
let passed = 0;
let failed = 0;
let skipped = 0;
let todo = 0;
// One file at a time: the editor tiers each start a code-server and a browser.
const stream = run({ files, concurrency: 1 });
stream.on('test:pass', (event) => {
  if (event.details.type === 'suite') return;
  if (event.skip !== undefined) skipped++;
  else if (event.todo !== undefined) todo++;
  else passed++;
});
stream.on('test:fail', (event) => {
  if (event.details.type === 'suite') return;
  // A todo test states a known gap: it does not fail the run, and the closing line counts it.
  if (event.todo !== undefined) todo++;
  else failed++;
});
stream.compose(new spec()).pipe(process.stdout);
process.on('beforeExit', () => {
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${todo ? `, ${todo} todo` : ''}`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
});
