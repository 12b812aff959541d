// `npm run bench`: builds, then prints one table: our language server over stdio beside the peers
// (vscode-json-language-server with our schemas, yaml-language-server) and the parse floor, the
// workspace index, the CLI and memory. Figures, not assertions: tests never depend on wall-clock time.
// BENCH_RUNS (default 5) sets the number of runs; the heaviest figures take at most 3. BENCH_ONLY (a comma-separated
// list of startup, latency, semispace, index, cli, evaluation) measures only those parts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
for (const args of [[join(root, 'node_modules/typescript/bin/tsc'), '-b'], [join(root, 'esbuild.mjs')]]) {
  if (spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
}
const { service } = require(join(root, 'out/test/support/service.js'));
const { managedPolicies } = require(join(root, 'out/test/support/corpus.js'));
const { benchDocuments } = await import('./documents.mjs');
const { measureLatency } = await import('./latency.mjs');
const { measureStartup } = await import('./startup.mjs');
const { measureIndexing } = await import('./indexing.mjs');
const { measureCli } = await import('./cli.mjs');
const { measureSemiSpace } = await import('./semiSpace.mjs');
const { measureEvaluation } = await import('./evaluation.mjs');
const { Table } = await import('./stats.mjs');

const runs = Number(process.env.BENCH_RUNS ?? 5);
const only = process.env.BENCH_ONLY?.split(',').map((part) => part.trim());
const PARTS = ['startup', 'latency', 'semispace', 'index', 'cli', 'evaluation'];
const unknown = only?.filter((part) => !PARTS.includes(part)) ?? [];
if (unknown.length > 0) {
  console.error(`BENCH_ONLY: unknown part ${unknown.join(', ')} (known: ${PARTS.join(', ')})`);
  process.exit(2);
}
const measures = (part) => !only || only.includes(part);
const heavyRuns = Math.min(runs, 3);
const table = new Table();
const started = performance.now();
const progress = (what) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0)} s] ${what}`);

if (measures('startup')) {
  progress('start-up');
  await measureStartup(table, { root, runs });
}

const managed = managedPolicies();
let memory;
if (measures('latency')) {
  progress('open, keystroke, completion and hover latencies');
  const workspace = mkdtempSync(join(tmpdir(), 'iam-irsa-bench-documents-'));
  try {
    memory = await measureLatency(table, { groups: benchDocuments(root, managed), runs, service: await service(), workspace });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

if (measures('semispace')) {
  progress('young generation sizes');
  await measureSemiSpace(table, { groups: benchDocuments(root, managed) });
}

let indexMemory;
if (measures('index')) {
  progress('workspace index');
  indexMemory = await measureIndexing(table, { runs: heavyRuns });
}

if (measures('cli')) {
  progress('CLI');
  await measureCli(table, { root, runs: heavyRuns, managed });
}

if (measures('evaluation')) {
  progress('evaluation: can in-process and can --batch');
  await measureEvaluation(table, { root, runs: heavyRuns });
}

if (memory || indexMemory !== undefined) {
  table.section('Memory: resident set high-water mark (VmHWM) of the server process');
  const mb = (value) => (value === undefined ? 'n/a' : `${value.toFixed(0)} MB`);
  if (memory) {
    table.figure('after every latency document above', mb(memory.ours), { peerName: 'json', peerValue: mb(memory.json) });
    table.figure('', '', { peerName: 'yaml', peerValue: mb(memory.yaml) });
    if (memory.oursBeforeLarge !== undefined) table.figure('  of which before the first 1 MB JSON', mb(memory.oursBeforeLarge));
  }
  if (indexMemory !== undefined) table.figure('after indexing 10,000 files and the edits', mb(indexMemory));
}

progress('done');
table.print(runs);
// Done: a handle some session left open must not keep the process waiting (seen three times with the output piped,
// no server or peer left running). It exits once the table is written out.
process.stdout.write('', () => process.exit(0));
