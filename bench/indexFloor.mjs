// The workspace index's floor, run as a fresh process by indexing.mjs: node starts, loads the parsers our
// indexer uses (jsonc-parser, yaml, web-tree-sitter with the bash and Terraform grammars; their CommonJS builds,
// as our bundle holds them), then reads every file of the folder and parses it once. Nothing is extracted, kept or
// indexed. `node bench/indexFloor.mjs DIR` prints {"files": N, "ms": M}, M the reading and parsing alone.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { parseTree } = require('jsonc-parser');
const { parseAllDocuments } = require('yaml');
const { Language, Parser } = require('web-tree-sitter');
await Parser.init({ locateFile: () => require.resolve('web-tree-sitter/web-tree-sitter.wasm') });
const parserOf = async (wasm) => {
  const parser = new Parser();
  parser.setLanguage(await Language.load(readFileSync(require.resolve(wasm))));
  return parser;
};
const shell = await parserOf('tree-sitter-bash/tree-sitter-bash.wasm');
const terraform = await parserOf('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm');
const parsers = {
  json: (text) => parseTree(text, []),
  yaml: (text) => parseAllDocuments(text),
  sh: (text) => shell.parse(text).delete(),
  tf: (text) => terraform.parse(text).delete(),
};
const byExtension = { json: 'json', yaml: 'yaml', yml: 'yaml', template: 'yaml', sh: 'sh', bash: 'sh', tf: 'tf', tfvars: 'tf' };

const start = performance.now();
let parsed = 0;
for (const entry of readdirSync(process.argv[2], { recursive: true, withFileTypes: true })) {
  const parse = entry.isFile() ? parsers[byExtension[entry.name.split('.').pop()]] : undefined;
  if (!parse) continue;
  parse(readFileSync(join(entry.parentPath ?? entry.path, entry.name), 'utf8'));
  parsed++;
}
process.stdout.write(JSON.stringify({ files: parsed, ms: performance.now() - start }));
