// A folder's floor, run as a fresh process: node starts, loads the parsers our engine uses (jsonc-parser and
// yaml as bench/parsers.mjs has them; the tree-sitter grammars through the engine's own loader, once a script or
// Terraform file comes), then reads every file of the folder and parses it once. Nothing is extracted, kept or
// checked. The workspace index's floor (indexing.mjs) and the CLI's (cli.mjs).
// `node bench/folderFloor.mjs DIR` prints {"files": N, "ms": M, "cpuMs": C}: M the walk, reading and parsing
// (the grammars' loading left out), C the process's CPU time from its start (every thread: V8's compilers and
// collector too). `folderFloor(dir, files)` runs it so, timed.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from './parsers.mjs';
import { runScript } from './stats.mjs';

const SCRIPT = fileURLToPath(import.meta.url);

/** Runs this script on `dir` in a fresh node: its wall time (spawn → exit) and what it printed; throws unless it parsed `files` files. */
export async function folderFloor(dir, files) {
  const { wallMs, printed, stderr } = runScript(SCRIPT, [dir]);
  if (printed.files !== files) throw new Error(`folderFloor.mjs parsed ${printed.files} of ${files} files (${stderr})`);
  return { wallMs, ...printed };
}

const byExtension = { json: 'json', yaml: 'yaml', yml: 'yaml', template: 'yaml', sh: 'sh', bash: 'sh', tf: 'tf', tfvars: 'tf' };

async function main(dir) {
  const require = createRequire(import.meta.url);
  const { loadSyntaxes } = require(join(dirname(dirname(SCRIPT)), 'out/server/src/service/parse/treeSitter.js'));
  let syntaxes;
  let loadingMs = 0;
  const parsers = {
    ...parse,
    sh: (text) => syntaxes.parseShell(text)?.delete(),
    tf: (text) => syntaxes.parseTerraform(text)?.delete(),
  };

  const start = performance.now();
  let parsed = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const kind = entry.isFile() ? byExtension[entry.name.split('.').pop()] : undefined;
    if (!kind) continue;
    if ((kind === 'sh' || kind === 'tf') && !syntaxes) {
      const loading = performance.now();
      syntaxes = await loadSyntaxes();
      loadingMs = performance.now() - loading;
    }
    parsers[kind](readFileSync(join(entry.parentPath ?? entry.path, entry.name), 'utf8'));
    parsed++;
  }
  const ms = performance.now() - start - loadingMs;
  const { user, system } = process.cpuUsage();
  process.stdout.write(JSON.stringify({ files: parsed, ms, cpuMs: (user + system) / 1000 }));
}

if (process.argv[1] === SCRIPT) await main(process.argv[2]);
