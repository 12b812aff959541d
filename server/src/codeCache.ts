import { readFileSync, renameSync, writeFileSync } from 'fs';
import Module, { createRequire } from 'module';
import { dirname } from 'path';
import { Script } from 'vm';

/**
 * Loads a CommonJS bundle through V8's code cache, kept beside it (`<bundle>.v8-<version>.cache`): a start after the
 * first skips compiling the bundle's start-up code. Node 20 has no `module.enableCompileCache`; this is
 * what it does. The cache is written once the bundle has loaded, if there was none or V8 rejected it
 * (the bundle or node changed); where the folder is not writable, nothing is cached and nothing is said.
 */
export function requireWithCodeCache(bundle: string): unknown {
  const source = readFileSync(bundle, 'utf8');
  // One per V8 (node, VS Code's Electron): each rejects the other's.
  const cacheFile = `${bundle}.v8-${process.versions.v8}.cache`;
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
    // Once loaded (its start-up code compiled), at the first start after an install or an upgrade of node.
    const temporary = `${cacheFile}.${process.pid}`;
    try {
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      // A read-only install: started without the cache every time.
    }
  }
  return module.exports;
}
