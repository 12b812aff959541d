import { promises as fs } from 'fs';
import { fileURLToPath, pathToFileURL } from 'url';
import { isExcluded, isInside, walkFiles } from './fileWalk';
import { NOT_UTF8, Read, readForIndex } from './indexRead';
import type { IndexResult } from './indexWorker';
import { analyzeOnWorkers, IndexItem, workersAvailable } from './indexWorkers';
import { languageIdOf, LanguageService, ServiceSettings } from './service';
import { TimeSlices } from './timeSlices';

export { MAX_INDEXED_BYTES } from './indexRead';

/** Below this many files, starting a worker thread costs more than it saves. */
const WORKER_MIN_FILES = 200;

/** A file of ours the index left out or read imperfectly, and why, for the server's log. */
export interface IndexingNotice {
  readonly file: string;
  readonly message: string;
}

export interface IndexingReport {
  readonly files: number;
  readonly skipped: number;
  readonly ms: number;
  /** The worker threads that read the files (0: the main thread did). */
  readonly threads: number;
  readonly notices: readonly IndexingNotice[];
}

/** A file of the walk to index, with the number of its read: only the latest read of a file may be recorded. */
interface Pending extends IndexItem {
  readonly number: number;
}

/** A read whose text must not be recorded: the editor opened the file meanwhile, or a newer read began. */
const SUPERSEDED = Symbol('superseded');

export interface IndexerOptions {
  /**
   * Worker threads that read and analyse the files of `indexFolders` (0: all on the main thread, in
   * slices). The index they build is the same: facts are plain data, read from the text and the settings.
   */
  readonly threads?: number;
  /** The settings the workers read facts with (the service's): needed for `threads`. */
  readonly settings?: () => ServiceSettings;
}

/**
 * Feeds the language service's workspace index from disk: the whole workspace at start, on worker
 * threads or in slices so that the server keeps answering, then one file at a time as the file
 * watcher reports changes. Open documents are the editor's business: their text, not the disk's, is what counts.
 */
export class WorkspaceIndexer {
  /** The latest read begun of each file, by number: only its text may be recorded. */
  private readonly latestRead = new Map<string, number>();
  private reads = 0;
  /** The workspace folders, as given and as real paths: no file outside them is read. */
  private folders: Promise<readonly { readonly given: string; readonly real: string }[]> = Promise.resolve([]);
  /** The service, once it can read every language (the grammars loaded); until then files are walked and read ahead. */
  private service: LanguageService | undefined;
  private readonly ready: Promise<LanguageService | undefined>;

  /** `service`: the service, or its promise (the grammars still loading), undefined if it never came. */
  constructor(
    service: LanguageService | Promise<LanguageService | undefined>,
    private readonly isOpen: (uri: string) => boolean,
    private readonly exclude: () => readonly string[],
    private readonly options: IndexerOptions = {},
  ) {
    this.ready = Promise.resolve(service).then((ready) => (this.service = ready));
  }

  /** Indexes the folders (undefined: the service never came). The walk and the reads begin before the service is ready. */
  async indexFolders(folders: readonly string[]): Promise<IndexingReport | undefined> {
    const started = performance.now();
    const files = new Set<string>();
    const notices: IndexingNotice[] = [];
    const unreadable = (file: string, reason: string) => notices.push({ file, message: `not indexed: ${reason}` });
    this.folders = Promise.all(folders.map(async (given) => ({ given, real: await fs.realpath(given).catch(() => given) })));
    for (const { given, real } of await this.folders) await walkFiles(given, { exclude: this.exclude(), unreadable, within: real }, files);
    const counts = { indexed: 0, skipped: notices.length };
    const pending: Pending[] = [];
    for (const file of files) {
      const uri = pathToFileURL(file).toString();
      const languageId = languageIdOf(file);
      // An open file is indexed already (the editor's text); a file not ours, or excluded meanwhile, is left out.
      if (this.isOpen(uri)) counts.indexed++;
      else if (!languageId || isExcluded(file, this.exclude())) counts.skipped++;
      else {
        const number = ++this.reads;
        this.latestRead.set(uri, number);
        pending.push({ file, uri, languageId, number });
      }
    }
    const record = (item: IndexItem, result: IndexResult | Read) => {
      if (this.record(item as Pending, result, notices)) counts.indexed++;
      else counts.skipped++;
    };
    const { threads = 0, settings } = this.options;
    const onWorkers = settings && threads > 0 && pending.length >= WORKER_MIN_FILES && workersAvailable();
    if (onWorkers && !(await this.ready)) return undefined;
    // The workers leave to the main thread what they could not do (one failed to start): it is read here.
    const left = onWorkers ? ((await analyzeOnWorkers(pending, threads, settings, record)) as Pending[]) : pending;
    // Files read while the service loads (the grammars), recorded once it is ready.
    const readAhead: [Pending, Read][] = [];
    const slices = new TimeSlices();
    for (const item of left) {
      if (this.service) record(item, readForIndex(item.file));
      else readAhead.push([item, readForIndex(item.file)]);
      if (slices.due()) await slices.pause();
    }
    if (!(await this.ready)) return undefined;
    for (const [item, read] of readAhead) {
      record(item, read);
      if (slices.due()) await slices.pause();
    }
    return { files: counts.indexed, skipped: counts.skipped, ms: performance.now() - started, threads: onWorkers ? threads : 0, notices };
  }

  /** Re-reads one file after a change on disk (the service then says which open documents that affected). */
  async refresh(uri: string): Promise<void> {
    const service = await this.ready;
    if (!service || this.isOpen(uri)) return;
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return;
    }
    // A closed file from outside the folders leaves the index unread; so does a link out of them.
    if (!(await this.isInsideFolders(file))) {
      service.removeFile(uri);
      return;
    }
    const read = await this.readLatest(uri, file, []);
    if (read === SUPERSEDED) return;
    if (!('text' in read)) service.removeFile(uri);
    else service.indexFile(uri, languageIdOf(file) ?? 'plaintext', read.text);
  }

  remove(uri: string): void {
    this.latestRead.delete(uri); // a read begun before the deletion must not bring the file back
    if (this.service) this.service.removeFile(uri);
    // Still loading: removed once ready, before any later refresh (which awaits the same promise).
    else void this.ready.then((service) => service?.removeFile(uri));
  }

  /**
   * Records what was read of a file of the walk, unless a newer read began or the editor opened it
   * meanwhile; whether the file counts as indexed (an open one does: the editor's text is in the index).
   */
  private record({ file, uri, languageId, number }: Pending, read: IndexResult | Read, notices: IndexingNotice[]): boolean {
    if (this.latestRead.get(uri) !== number || this.isOpen(uri)) return true;
    this.latestRead.delete(uri);
    if ('skipped' in read) {
      if (read.skipped) notices.push({ file, message: `not indexed: ${read.skipped}` });
      return false;
    }
    if ('notUtf8' in read) notices.push({ file, message: NOT_UTF8 });
    // Facts a worker read are recorded as they are; a text, read here (or whose reader failed there), is analysed here.
    const service = this.service as LanguageService; // recorded only once it is ready
    if ('facts' in read) service.indexFacts(uri, read.facts, read.text);
    else service.indexFile(uri, languageId, read.text);
    return true;
  }

  /** Whether the file is in a workspace folder, and its real path too (it is no link out of them). */
  private async isInsideFolders(file: string): Promise<boolean> {
    const folders = (await this.folders).filter((f) => isInside(file, f.given) || isInside(file, f.real));
    if (folders.length === 0) return false;
    const real = await fs.realpath(file).catch(() => file);
    return folders.some((f) => isInside(real, f.real));
  }

  /**
   * `read`, unless while the file was read the editor opened it (its buffer, already in the index, is
   * what counts) or a newer read of it began (after a save).
   */
  private async readLatest(uri: string, file: string, notices: IndexingNotice[]): Promise<Read | typeof SUPERSEDED> {
    const number = ++this.reads;
    this.latestRead.set(uri, number);
    const read = await this.read(file, notices);
    if (this.latestRead.get(uri) !== number) return SUPERSEDED;
    this.latestRead.delete(uri);
    return this.isOpen(uri) ? SUPERSEDED : read;
  }

  /** The text of a file that is ours, small enough and readable; why not, when that is worth a line in the log. */
  private async read(file: string, notices: IndexingNotice[]): Promise<Read> {
    if (!languageIdOf(file) || isExcluded(file, this.exclude())) return { skipped: undefined };
    // Let whatever is queued (the editor's requests) run first.
    await new Promise((resolve) => setImmediate(resolve));
    const read = readForIndex(file);
    if ('notUtf8' in read) notices.push({ file, message: NOT_UTF8 });
    return read;
  }
}
