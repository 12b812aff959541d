import { promises as fs } from 'fs';
import { fileURLToPath, pathToFileURL } from 'url';
import { isExcluded, isInside, unreadableReason, walkFiles } from './fileWalk';
import { describeSize, languageIdOf, LanguageService, MAX_DOCUMENT_LENGTH } from './service';

/** Larger files are not read into the index: no policy, manifest or template is that big (the service parses no larger text). */
export const MAX_INDEXED_BYTES = MAX_DOCUMENT_LENGTH;

/** How long the indexer may hold the event loop before it lets requests through. */
const SLICE_MS = 15;

/** A file of ours the index left out or read imperfectly, and why, for the server's log. */
export interface IndexingNotice {
  readonly file: string;
  readonly message: string;
}

export interface IndexingReport {
  readonly files: number;
  readonly skipped: number;
  readonly ms: number;
  readonly notices: readonly IndexingNotice[];
}

type Read = { readonly text: string } | { readonly skipped: string | undefined };

/** A file of the walk once read, with the number of its read (0: not read, it is open or not ours). */
interface Prepared {
  readonly file: string;
  readonly uri: string;
  readonly languageId: string | undefined;
  readonly number: number;
  readonly read: Read | typeof SUPERSEDED;
}

/** How many files are read ahead of the one being indexed. */
const READ_AHEAD = 32;

/** A read whose text must not be recorded: the editor opened the file meanwhile, or a newer read began. */
const SUPERSEDED = Symbol('superseded');

// Fatal: a file that is not UTF-8 is still read (with U+FFFD for its bad bytes), and said to be so.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LENIENT_UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Feeds the language service's workspace index from disk: the whole workspace at start, in
 * slices so that the server keeps answering, then one file at a time as the file watcher reports
 * changes. Open documents are the editor's business: their text, not the disk's, is what counts.
 */
export class WorkspaceIndexer {
  /** The latest read begun of each file, by number: only its text may be recorded. */
  private readonly latestRead = new Map<string, number>();
  private reads = 0;
  /** The workspace folders, as given and as real paths: no file outside them is read. */
  private folders: Promise<readonly { readonly given: string; readonly real: string }[]> = Promise.resolve([]);

  constructor(
    private readonly service: LanguageService,
    private readonly isOpen: (uri: string) => boolean,
    private readonly exclude: () => readonly string[],
  ) {}

  async indexFolders(folders: readonly string[]): Promise<IndexingReport> {
    const started = performance.now();
    const files = new Set<string>();
    const notices: IndexingNotice[] = [];
    const unreadable = (file: string, reason: string) => notices.push({ file, message: `not indexed: ${reason}` });
    this.folders = Promise.all(folders.map(async (given) => ({ given, real: await fs.realpath(given).catch(() => given) })));
    for (const { given, real } of await this.folders) await walkFiles(given, { exclude: this.exclude(), unreadable, within: real }, files);
    let indexed = 0;
    let skipped = notices.length;
    let slice = performance.now();
    // Reads run ahead of the indexing, READ_AHEAD at a time, so that the disk and the parser work side by side;
    // files are still indexed one at a time, in the walk's order.
    const queue = [...files];
    const pending: Promise<Prepared>[] = [];
    let begun = 0;
    for (let i = 0; i < queue.length; i++) {
      while (begun < queue.length && begun < i + READ_AHEAD) pending.push(this.prepare(queue[begun++], notices));
      if (this.record(await pending.shift()!, notices)) indexed++;
      else skipped++;
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
    }
    return { files: indexed, skipped, ms: performance.now() - started, notices };
  }

  /** Re-reads one file after a change on disk (the service then says which open documents that affected). */
  async refresh(uri: string): Promise<void> {
    if (this.isOpen(uri)) return;
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return;
    }
    // A closed file from outside the folders leaves the index unread; so does a link out of them.
    if (!(await this.isInsideFolders(file))) {
      this.service.removeFile(uri);
      return;
    }
    const read = await this.readLatest(uri, file, []);
    if (read === SUPERSEDED) return;
    if (!('text' in read)) this.service.removeFile(uri);
    else this.service.indexFile(uri, languageIdOf(file) ?? 'plaintext', read.text);
  }

  remove(uri: string): void {
    this.latestRead.delete(uri); // a read begun before the deletion must not bring the file back
    this.service.removeFile(uri);
  }

  /** Reads a file of the walk; `record` indexes it later, unless a newer read began or the editor opened it meanwhile. */
  private async prepare(file: string, notices: IndexingNotice[]): Promise<Prepared> {
    const uri = pathToFileURL(file).toString();
    const languageId = languageIdOf(file);
    if (this.isOpen(uri)) return { file, uri, languageId, number: 0, read: SUPERSEDED };
    if (!languageId) return { file, uri, languageId, number: 0, read: { skipped: undefined } };
    const number = ++this.reads;
    this.latestRead.set(uri, number);
    return { file, uri, languageId, number, read: await this.read(file, notices) };
  }

  /** Whether the file counts as indexed (an open one does: the editor's text is in the index). */
  private record({ file, uri, languageId, number, read }: Prepared, notices: IndexingNotice[]): boolean {
    if (read === SUPERSEDED) return true;
    if (!languageId) return false;
    if (this.latestRead.get(uri) !== number || this.isOpen(uri)) return true;
    this.latestRead.delete(uri);
    if (!('text' in read)) {
      if (read.skipped) notices.push({ file, message: `not indexed: ${read.skipped}` });
      return false;
    }
    this.service.indexFile(uri, languageId, read.text);
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
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) return { skipped: undefined };
      if (stat.size > MAX_INDEXED_BYTES) return { skipped: `it is ${describeSize(stat.size)}, over the ${describeSize(MAX_INDEXED_BYTES)} iam-irsa reads` };
      const bytes = await fs.readFile(file);
      try {
        return { text: UTF8.decode(bytes) };
      } catch {
        notices.push({ file, message: 'is not valid UTF-8: indexed with U+FFFD in place of the invalid bytes' });
        return { text: LENIENT_UTF8.decode(bytes) };
      }
    } catch (error) {
      return { skipped: unreadableReason(error) };
    }
  }
}
