import { join } from 'path';
import { requireWithCodeCache } from './codeCache';

// dist/cli.js, what bin/iam-irsa.js requires: the CLI's bundle (dist/cliMain.js) loaded through V8's code cache.
export const { main } = requireWithCodeCache(join(__dirname, 'cliMain.js')) as typeof import('./cli');
