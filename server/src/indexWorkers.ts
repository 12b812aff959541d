import { existsSync } from 'fs';
import { join } from 'path';
import { Worker } from 'worker_threads';
import type { IndexJob, IndexResult } from './indexWorker';
import { ServiceSettings } from './service';

/** A file of the walk to read and analyse. */
export interface IndexItem {
  readonly file: string;
  readonly uri: string;
  readonly languageId: string;
}

/** Files per message: small enough to spread the work evenly, large enough that messages cost little. */
const CHUNK = 64;
/** Chunks given to a worker ahead of its answers, so that it never waits for the main thread. */
const IN_FLIGHT = 2;

/** The worker's script: beside this file, in dist/ (bundled) as in out/ (compiled). */
const WORKER_SCRIPT = join(__dirname, 'indexWorker.js');

export function workersAvailable(): boolean {
  return existsSync(WORKER_SCRIPT);
}

/**
 * Reads and analyses `items` on `threads` worker threads, each answer handed to `record` on the main
 * thread as it comes (in no set order across chunks). The workers end with the work: none keeps its
 * heap once the index is built. Resolves with the items no worker analysed (one failed to start or
 * died): the caller reads those itself.
 */
export function analyzeOnWorkers(
  items: readonly IndexItem[],
  threads: number,
  settings: () => ServiceSettings,
  record: (item: IndexItem, result: IndexResult) => void,
): Promise<IndexItem[]> {
  const chunks: IndexItem[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK));
  const leftovers: IndexItem[] = [];
  let failure: unknown;
  return new Promise((resolve, reject) => {
    const done = () => (failure === undefined ? resolve([...leftovers, ...chunks.splice(0).flat()]) : reject(failure));
    let running = 0;
    const start = () => {
      const worker = new Worker(WORKER_SCRIPT);
      const inFlight: IndexItem[][] = [];
      running++;
      const next = () => {
        const chunk = chunks.shift();
        if (!chunk) return;
        inFlight.push(chunk);
        const job: IndexJob = { files: chunk, settings: settings() };
        worker.postMessage(job);
      };
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        // What this worker was given and did not answer goes back to the caller.
        for (const chunk of inFlight.splice(0)) leftovers.push(...chunk);
        void worker.terminate();
        if (--running === 0) done();
      };
      worker.on('message', (results: IndexResult[] | { error: string }) => {
        const chunk = inFlight.shift();
        if (!chunk || !Array.isArray(results)) return end();
        try {
          chunk.forEach((item, i) => record(item, results[i]));
        } catch (error) {
          // Recording failed (a bug): the indexing fails as it would on the main thread.
          failure ??= error;
          chunks.length = 0;
        }
        next();
        if (inFlight.length === 0) end();
      });
      worker.on('error', end);
      worker.on('exit', end);
      for (let i = 0; i < IN_FLIGHT; i++) next();
      if (inFlight.length === 0) end();
    };
    for (let i = 0; i < threads && chunks.length > 0; i++) start();
    if (running === 0) done();
  });
}
