import { join } from 'path';
import { setFlagsFromString } from 'v8';
import { requireWithCodeCache } from './codeCache';

// A lint is a short batch over many small files: V8 optimizing later (a larger interrupt budget) and without inlining
// spends less on the optimizing compiler than it wins back in the run. The CLI's process only, never the language server's.
setFlagsFromString('--interrupt-budget=150000');
setFlagsFromString('--no-turbo-inlining');

// dist/cli.js, what bin/iam-irsa.js requires: the CLI's bundle (dist/cliMain.js) loaded through V8's code cache.
export const { main } = requireWithCodeCache(join(__dirname, 'cliMain.js')) as typeof import('./cli');
