import { join } from 'path';
import { requireWithCodeCache } from './codeCache';

// dist/indexWorker.js, each indexing worker thread's script: its bundle (dist/indexWorkerMain.js) loaded through V8's code cache.
requireWithCodeCache(join(__dirname, 'indexWorkerMain.js'));
