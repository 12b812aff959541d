import { join } from 'path';
import { requireWithCodeCache } from './codeCache';

// dist/server.js, what editors start: the language server's bundle (dist/serverMain.js) loaded through V8's code cache.
requireWithCodeCache(join(__dirname, 'serverMain.js'));
