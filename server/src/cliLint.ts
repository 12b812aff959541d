import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { readWorkspace, relative } from './cliWorkspace';
import { FileReport } from './formats';
import { installedManagedPolicies } from './managedPolicyFile';
import { createLanguageService, LanguageService, loadResources, ServiceSettings } from './service';

/**
 * `iam-irsa lint`, on one thread or two: the files are read and indexed once, in order, on the main
 * thread; with a worker, the main thread and the worker then take chunks of files in turn (a shared
 * counter) and validate them. Each thread's index goes through the same changes, in the same order,
 * as one thread's would (see `restore`), so that every finding, cross-file ones included, is the
 * single-threaded run's.
 *
 * One thread is the default: measured over the 1,594 AWS managed policies on 2 loaded cores, the
 * worker cost ~3 s more CPU (its own cold start: the bundle, the catalogue's files, the checks'
 * caches and the JIT, which is most of a run's cost) and finished later, not sooner. Measured again with
 * the checks' per-text memos, and with the worker taking the second half of the files in one run (so that
 * each thread reads fewer of the catalogue's services): 5.4 s of CPU instead of 3.4-3.9 s, and later still.
 */

/** `IAM_IRSA_THREADS=2` validates on two threads (a worker beside the main thread), `1` or unset on one. */
export const THREADS_VARIABLE = 'IAM_IRSA_THREADS';

/** Files a thread takes at a time: small enough that the two finish together, large enough to post few messages. */
const CHUNK = 16;

const WORKER_KIND = 'iam-irsa-lint-worker';

/** A file's facts as the index records them. */
type IndexedFacts = Parameters<LanguageService['index']['set']>[1];

interface WorkerStart {
  readonly kind: typeof WORKER_KIND;
  readonly settings: ServiceSettings;
}

/** What the main thread read and indexed, by position in the sorted file list. */
interface WorkerInput {
  readonly uris: readonly string[];
  readonly languageIds: readonly string[];
  readonly texts: readonly string[];
  readonly facts: readonly IndexedFacts[];
  /** The next file position no thread has taken yet (Int32Array over a SharedArrayBuffer). */
  readonly next: Int32Array;
}

type WorkerMessage =
  | { readonly kind: 'chunk'; readonly start: number; readonly diagnostics: readonly Diagnostic[][] }
  | { readonly kind: 'started' }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly message: string };

/** Indexes every file first, so that cross-file findings see the whole set of paths, then checks each. */
export async function lint(files: readonly string[], settings: ServiceSettings): Promise<FileReport[]> {
  const worker = wantsWorker() ? new Worker(__filename, { workerData: { kind: WORKER_KIND, settings } satisfies WorkerStart }) : undefined;
  try {
    const { service, documents } = await readWorkspace(files, settings);
    const texts = documents.map(({ document }) => document.getText());
    const facts = documents.map(({ document }) => service.analyze(document).facts);
    const diagnostics: Diagnostic[][] = new Array(documents.length);
    const restore = (i: number) => service.index.set(documents[i].document.uri, facts[i], texts[i]);
    const validate = (start: number, end: number) => {
      for (let i = start; i < end; i++) {
        restore(i);
        diagnostics[i] = service.validate(documents[i].document);
        // Its parse and findings are not asked for again: dropped now, they cost the collector nothing more.
        service.close(documents[i].document.uri);
      }
    };
    if (!worker) {
      validate(0, documents.length);
    } else {
      const next = new Int32Array(new SharedArrayBuffer(4));
      const input: WorkerInput = {
        uris: documents.map(({ document }) => document.uri),
        languageIds: documents.map(({ document }) => document.languageId),
        texts,
        facts,
        next,
      };
      let started = () => {};
      const workerStarted = new Promise<void>((resolve) => (started = resolve));
      const finished = collect(worker, diagnostics, started);
      // Awaited below; should the main thread fail first, the worker's end (terminated) is no second error.
      finished.catch(() => undefined);
      worker.postMessage(input);
      // The worker takes the first chunk, so that both threads surely validate some files (the tests compare the outputs).
      await Promise.race([workerStarted, finished]);
      takeChunks(next, documents.length, restore, validate);
      await finished;
    }
    return documents.map(({ file }, i) => ({ file: relative(file), diagnostics: diagnostics[i] }));
  } finally {
    void worker?.terminate();
  }
}

function wantsWorker(): boolean {
  return process.env[THREADS_VARIABLE] === '2';
}

/**
 * Takes chunks of positions until none is left, and hands each to `validate` (start, end). The files
 * before a chunk that another thread took are restored in the index all the same (not validated):
 * the index then changes exactly as on one thread, which restores each file just before validating it.
 */
function takeChunks(next: Int32Array, count: number, restore: (i: number) => void, validate: (start: number, end: number) => void, taken?: () => void): void {
  let position = 0;
  for (;;) {
    const start = Atomics.add(next, 0, CHUNK);
    taken?.();
    if (start >= count) break;
    for (; position < start; position++) restore(position);
    position = Math.min(count, start + CHUNK);
    validate(start, position);
  }
}

/** Resolves once the worker has sent the findings of every chunk it took (stored into `diagnostics` at their positions). */
function collect(worker: Worker, diagnostics: Diagnostic[][], started: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'started') started();
      else if (message.kind === 'chunk') message.diagnostics.forEach((d, i) => (diagnostics[message.start + i] = d));
      else if (message.kind === 'done') resolve();
      else reject(new Error(message.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the lint worker stopped (exit ${code}) before it was done`)));
  });
}

/** The worker: loads the service while the main thread reads the files, then validates the chunks it takes. */
async function runWorker({ settings }: WorkerStart): Promise<void> {
  const port = parentPort!;
  try {
    const input = new Promise<WorkerInput>((resolve) => port.once('message', resolve));
    const byUri = new Map<string, string>();
    const service = createLanguageService({ ...(await loadResources(installedManagedPolicies())), readFile: (uri) => byUri.get(uri) }, settings);
    const { uris, languageIds, texts, facts, next } = await input;
    uris.forEach((uri, i) => byUri.set(uri, texts[i]));
    // The index as the main thread built it: every file's facts, in order.
    const restore = (i: number) => service.index.set(uris[i], facts[i], texts[i]);
    for (let i = 0; i < uris.length; i++) restore(i);
    takeChunks(
      next,
      uris.length,
      restore,
      (start, end) => {
        const diagnostics: Diagnostic[][] = [];
        // A model of its own, parsed here: analysing it restores the file in the index, as on one thread.
        for (let i = start; i < end; i++) {
          diagnostics.push(service.validate(TextDocument.create(uris[i], languageIds[i], 1, texts[i])));
          service.close(uris[i]);
        }
        port.postMessage({ kind: 'chunk', start, diagnostics } satisfies WorkerMessage);
      },
      once(() => port.postMessage({ kind: 'started' } satisfies WorkerMessage)),
    );
    port.postMessage({ kind: 'done' } satisfies WorkerMessage);
  } catch (error) {
    port.postMessage({ kind: 'error', message: String(error instanceof Error ? (error.stack ?? error.message) : error) } satisfies WorkerMessage);
  }
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (!done) action();
    done = true;
  };
}

if (!isMainThread && (workerData as Partial<WorkerStart> | undefined)?.kind === WORKER_KIND) void runWorker(workerData as WorkerStart);
