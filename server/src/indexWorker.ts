import { parentPort } from 'worker_threads';
import { readForIndex } from './indexRead';
import { factsOfFile, FileFacts, loadSyntaxes, ServiceSettings, Syntaxes } from './service';

/** A slice of the walk given to a worker thread: files of ours, each with its URI and language. */
export interface IndexJob {
  readonly files: readonly { readonly file: string; readonly uri: string; readonly languageId: string }[];
  readonly settings: ServiceSettings;
}

/** What a worker thread read of each file of a job, in the job's order: its facts and text, or why it was not read. */
export type IndexResult =
  | { readonly facts: FileFacts; readonly text: string; readonly notUtf8?: true }
  | { readonly skipped: string | undefined }
  /** A reader threw: the main thread analyses the text again, as `indexFile`, for the error to surface there. */
  | { readonly failed: string; readonly text: string };

const NEEDS_GRAMMARS = new Set(['shellscript', 'terraform']);

let syntaxes: Promise<Syntaxes> | undefined;

/** The worker thread's side (dist/indexWorker.js): reads and analyses each job's files, answers with plain data. */
async function run(job: IndexJob): Promise<IndexResult[]> {
  // The grammars (a few tens of ms of wasm) only for a job with a script or Terraform in it.
  const grammars = job.files.some((f) => NEEDS_GRAMMARS.has(f.languageId)) ? await (syntaxes ??= loadSyntaxes()) : undefined;
  return job.files.map(({ file, uri, languageId }): IndexResult => {
    const read = readForIndex(file);
    if (!('text' in read)) return read;
    try {
      const facts = factsOfFile(uri, languageId, read.text, grammars ?? NO_GRAMMARS, job.settings);
      return read.notUtf8 ? { facts, text: read.text, notUtf8: true } : { facts, text: read.text };
    } catch (error) {
      return { failed: error instanceof Error ? (error.stack ?? error.message) : String(error), text: read.text };
    }
  });
}

/** Never called: only JSON and YAML files come without the grammars. */
const NO_GRAMMARS: Syntaxes = {
  parseShell: () => undefined,
  parseTerraform: () => undefined,
};

parentPort?.on('message', (job: IndexJob) => {
  run(job).then(
    (results) => parentPort?.postMessage(results),
    (error: unknown) => parentPort?.postMessage({ error: String(error) }),
  );
});
