import { existsSync } from 'fs';
import { readFile } from 'fs/promises';
import * as path from 'path';
import { Language, Node as SyntaxNode, Parser, Tree } from 'web-tree-sitter';

export type { SyntaxNode, Tree };

/** Positioned parsers for the languages that are not JSON or YAML: shell scripts and Terraform. */
export interface Syntaxes {
  parseShell(text: string): Tree | undefined;
  parseTerraform(text: string): Tree | undefined;
}

/** The wasm files, and where each lives in node_modules when not shipped beside the bundle. */
const WASM = {
  runtime: ['web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'],
  shell: ['tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'],
  terraform: ['tree-sitter-terraform.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'],
} as const;

/** Beside the bundle (dist/, the packaged extension) first, else from node_modules (tests, CLI from source). */
function wasmPath([shipped, module]: readonly [string, string]): string {
  const beside = path.join(__dirname, shipped);
  return existsSync(beside) ? beside : require.resolve(module);
}

let loading: Promise<Syntaxes> | undefined;

/** Loads the tree-sitter runtime and grammars once (a few tens of ms), off the typing path. */
export function loadSyntaxes(): Promise<Syntaxes> {
  loading ??= build();
  return loading;
}

/**
 * Syntaxes whose grammars load in the background: `ready` resolves once they have (or failed to:
 * then no script or Terraform file is read). Until then each parse gives no tree: whoever reads a
 * script or a Terraform file awaits `ready` first (the server, before its first diagnostics of one).
 */
export function deferredSyntaxes(): { readonly syntaxes: Syntaxes; readonly ready: Promise<void> } {
  let loaded: Syntaxes | undefined;
  const ready = loadSyntaxes().then((syntaxes) => {
    loaded = syntaxes;
  });
  return {
    syntaxes: {
      parseShell: (text) => loaded?.parseShell(text),
      parseTerraform: (text) => loaded?.parseTerraform(text),
    },
    ready,
  };
}

/** The languages whose facts and checks need the grammars (VS Code's names). */
export function needsGrammars(languageId: string): boolean {
  return languageId === 'shellscript' || languageId === 'terraform';
}

async function build(): Promise<Syntaxes> {
  const runtime = wasmPath(WASM.runtime);
  await Parser.init({ locateFile: () => runtime });
  // Bytes, not paths: given a path, the library reads it through a dynamic import(), which code-cached bundles lack (server/src/codeCache.ts).
  const [shell, terraform] = await Promise.all([WASM.shell, WASM.terraform].map(async (wasm) => Language.load(await readFile(wasmPath(wasm)))));
  const parserFor = (language: Language) => {
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  };
  const shellParser = parserFor(shell);
  const terraformParser = parserFor(terraform);
  return {
    parseShell: (text) => parseWithin(shellParser, text),
    parseTerraform: (text) => parseWithin(terraformParser, text),
  };
}

/**
 * A grammar's error recovery can take seconds on garbage (tree-sitter-bash took 15 s over a 40 KB
 * line of `((`), where a real file takes milliseconds: past this, the file is not read.
 */
const PARSE_BUDGET_MS = 1000;
/** The text is handed over in pieces: a node's text is then read from its own piece, not from a copy of the rest of the file. */
const CHUNK = 4096;

function parseWithin(parser: Parser, text: string): Tree | undefined {
  const deadline = performance.now() + PARSE_BUDGET_MS;
  const tree = parser.parse((index) => text.slice(index, index + CHUNK), null, { progressCallback: () => performance.now() > deadline });
  // A cancelled parse would resume on the next call, on another text.
  if (!tree) parser.reset();
  return tree ?? undefined;
}
