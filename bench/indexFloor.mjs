// The workspace index's floor, run as a fresh process by indexing.mjs: node starts, loads the parsers our
// indexer uses (jsonc-parser and yaml as bench/parsers.mjs has them; the tree-sitter grammars through the engine's
// own loader), then reads every file of the folder and parses it once. Nothing is extracted, kept or indexed.
// `node bench/indexFloor.mjs DIR` prints {"files": N, "ms": M, "cpuMs": C}, M the reading and parsing alone, C the
// process's CPU time from its start (every thread: V8's compilers and collector too).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from './parsers.mjs';

const require = createRequire(import.meta.url);
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { loadSyntaxes } = require(join(root, 'out/server/src/service/parse/treeSitter.js'));
const syntaxes = await loadSyntaxes();
const parsers = {
  ...parse,
  sh: (text) => syntaxes.parseShell(text)?.delete(),
  tf: (text) => syntaxes.parseTerraform(text)?.delete(),
};
const byExtension = { json: 'json', yaml: 'yaml', yml: 'yaml', template: 'yaml', sh: 'sh', bash: 'sh', tf: 'tf', tfvars: 'tf' };

const start = performance.now();
let parsed = 0;
for (const entry of readdirSync(process.argv[2], { recursive: true, withFileTypes: true })) {
  const parseFile = entry.isFile() ? parsers[byExtension[entry.name.split('.').pop()]] : undefined;
  if (!parseFile) continue;
  parseFile(readFileSync(join(entry.parentPath ?? entry.path, entry.name), 'utf8'));
  parsed++;
}
const { user, system } = process.cpuUsage();
process.stdout.write(JSON.stringify({ files: parsed, ms: performance.now() - start, cpuMs: (user + system) / 1000 }));
