// The CLI warmed up: one process (the CLI's bundle, dist/cli.js, with its V8 flags) lints every other file of
// a folder, then the files left, and times only that second lint. Its JIT, catalogue and caches are warm; the
// per-text memos are not (no file is linted twice). What a lint costs once start-up and warm-up are paid.
// `node bench/cliWarm.mjs DIR` prints {"files": N, "ms": M}, N the files of the second lint; `cliWarm(dir)` runs it.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScript } from './stats.mjs';

const SCRIPT = fileURLToPath(import.meta.url);

/** Runs this script on `dir` in a fresh node; throws unless the second lint checked the files left. */
export function cliWarm(dir) {
  const { printed, stderr } = runScript(SCRIPT, [dir]);
  if (!printed.ms) throw new Error(`cliWarm.mjs printed no time (${stderr})`);
  return printed;
}

async function main(dir) {
  const require = createRequire(import.meta.url);
  const cli = require(join(dirname(dirname(SCRIPT)), 'dist/cli.js'));
  const files = readdirSync(dir)
    .sort()
    .map((name) => join(dir, name));
  const halves = [files.filter((_, i) => i % 2 === 0), files.filter((_, i) => i % 2 === 1)];
  // The lints' reports are not wanted here: swallowed, as a pipe that takes them at once would.
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (_data, encoding, done) => {
    (typeof encoding === 'function' ? encoding : done)?.();
    return true;
  };
  const lint = async (paths) => {
    const start = performance.now();
    const code = await cli.main(['lint', '--format', 'json', ...paths]);
    if (code !== 0 && code !== 1) throw new Error(`iam-irsa lint exited ${code}`);
    return performance.now() - start;
  };
  await lint(halves[0]);
  const ms = await lint(halves[1]);
  write(JSON.stringify({ files: halves[1].length, ms }));
}

if (process.argv[1] === SCRIPT) await main(process.argv[2]);
