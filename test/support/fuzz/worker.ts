import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { FuzzCase, FuzzFailure, FuzzOptions, FuzzSummary, runFuzz } from './campaign';
import { REPO } from './seeds';

type Message = { type: 'case'; fuzzCase: FuzzCase } | { type: 'done'; summary: FuzzSummary } | { type: 'failure'; message: string; fuzzCase?: FuzzCase };

/** Where a failing or hanging case is written, to be replayed and cut down. */
export const CASES_FOLDER = path.join(REPO, 'test-results', 'fuzz');

/**
 * Runs a campaign in a worker thread, so that a case that hangs the service can be stopped and
 * named: the worker reports each case before it runs it, and is terminated when one takes longer
 * than `hangMs`. Rejects with the case (also written to CASES_FOLDER) on a failure or a hang.
 */
export function fuzzInWorker(options: FuzzOptions, hangMs: number, onCase?: (fuzzCase: FuzzCase) => void): Promise<FuzzSummary> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: options });
    let current: FuzzCase | undefined;
    let watchdog: NodeJS.Timeout | undefined;
    let settled = false;
    const fail = (message: string, fuzzCase: FuzzCase | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      void worker.terminate();
      reject(
        new Error(
          fuzzCase
            ? `${message}\ninput: ${saveCase(options.seed, fuzzCase)}\nreplay: npm run fuzz -- --seed ${options.seed} --case ${fuzzCase.index}`
            : message,
        ),
      );
    };
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(
        () => fail(`case ${current?.index} (${current?.file}, ${current?.steps.join(' + ')}) did not finish in ${hangMs} ms`, current),
        hangMs,
      );
    };
    worker.on('message', (message: Message) => {
      if (message.type === 'case') {
        current = message.fuzzCase;
        onCase?.(current);
        arm();
      } else if (message.type === 'done') {
        settled = true;
        clearTimeout(watchdog);
        void worker.terminate();
        resolve(message.summary);
      } else {
        fail(message.message, message.fuzzCase);
      }
    });
    worker.on('error', (error) => fail(`the fuzz worker died: ${error.stack ?? error.message}`, current));
    worker.on('exit', (code) => {
      if (code !== 0) fail(`the fuzz worker exited with code ${code}`, current);
    });
    arm();
  });
}

function saveCase(seed: number, fuzzCase: FuzzCase): string {
  mkdirSync(CASES_FOLDER, { recursive: true });
  const file = path.join(CASES_FOLDER, `seed-${seed}-case-${fuzzCase.index}${path.extname(fuzzCase.file)}`);
  writeFileSync(file, fuzzCase.text);
  return file;
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  runFuzz(workerData as FuzzOptions, (fuzzCase) => port.postMessage({ type: 'case', fuzzCase } satisfies Message)).then(
    (summary) => port.postMessage({ type: 'done', summary } satisfies Message),
    (error: unknown) =>
      port.postMessage({
        type: 'failure',
        message: error instanceof Error ? error.message : String(error),
        fuzzCase: error instanceof FuzzFailure ? error.fuzzCase : undefined,
      } satisfies Message),
  );
}
