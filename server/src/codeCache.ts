import { readFileSync, renameSync, writeFileSync } from 'fs';
import Module, { createRequire } from 'module';
import { dirname } from 'path';
import { Script } from 'vm';
import { threadId } from 'worker_threads';

/**
 * Loads a CommonJS bundle through V8's code cache, kept beside it (`codeCacheFile`): a start after the
 * first skips compiling the bundle's start-up code. Node 20 has no `module.enableCompileCache`; this is
 * what it does. The cache is written once the bundle has loaded, if there was none or V8 rejected it
 * (the bundle or node changed), and again when the bundle says it has done its first work; where the
 * folder is not writable, nothing is cached and nothing is said.
 */
/** The process event a bundle emits once its first answer is out (the server: its first diagnostics). */
export const WARMED_UP = 'iam-irsa:warmed-up';

export function requireWithCodeCache(bundle: string): unknown {
  const source = readFileSync(bundle, 'utf8');
  const cacheFile = codeCacheFile(bundle);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // No dynamic `import()` may run in the bundle: a vm.Script has no loader for it (node 20 has only an experimental one).
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  const module = { exports: {} as unknown, filename: bundle };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  if (!cachedData || script.cachedDataRejected) {
    // At the first start after an install or an upgrade of node: once loaded (its start-up code compiled), and
    // again once the bundle has done its first work (WARMED_UP), so that what that compiled is cached too.
    write(cacheFile, script);
    process.once(WARMED_UP, () => write(cacheFile, script));
  }
  return module.exports;
}

/**
 * Where a bundle's code cache is kept: `<bundle>.v8-<version>-<flags>.cache`, one per V8 (node, VS Code's
 * Electron) and per V8 flag hash: V8 rejects a cache made under other flags, so that the extension's
 * server (SERVER_NODE_OPTIONS) and a bare `node` would otherwise replace each other's cache at every start.
 */
export function codeCacheFile(bundle: string): string {
  return `${bundle}.v8-${process.versions.v8}-${v8FlagHash()}.cache`;
}

/**
 * V8's hash of the flags it runs with, as its code caches carry it (the fourth 32-bit word of their
 * header, V8's SerializedCodeData): node's own options (`--require`) leave it as it is.
 */
function v8FlagHash(): string {
  const header = new Script('0').createCachedData();
  return header.length >= 16 ? header.readUInt32LE(12).toString(16).padStart(8, '0') : 'flags';
}

function write(cacheFile: string, script: Script): void {
  // Per thread: the indexer's worker threads load their bundle, and may write its cache, at the same time.
  const temporary = `${cacheFile}.${process.pid}.${threadId}`;
  try {
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
  } catch {
    // A read-only install: started without the cache every time.
  }
}
