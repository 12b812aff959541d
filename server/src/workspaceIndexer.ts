import { promises as fs } from 'fs';
import { fileURLToPath, pathToFileURL } from 'url';
import { isExcluded, walkFiles } from './fileWalk';
import { languageIdOf, LanguageService } from './service';

/** Larger files are not read into the index: no policy, manifest or template is that big. */
export const MAX_INDEXED_BYTES = 2_000_000;

/** How long the indexer may hold the event loop before it lets requests through. */
const SLICE_MS = 15;

/** A read whose text must not be recorded: the editor opened the file meanwhile, or a newer read began. */
const SUPERSEDED = Symbol('superseded');

export interface IndexingReport {
  readonly files: number;
  readonly skipped: number;
  readonly ms: number;
}

/**
 * Feeds the language service's workspace index from disk: the whole workspace at start, in
 * slices so that the server keeps answering, then one file at a time as the file watcher reports
 * changes. Open documents are the editor's business: their text, not the disk's, is what counts.
 */
export class WorkspaceIndexer {
  /** The latest read begun of each file, by number: only its text may be recorded. */
  private readonly latestRead = new Map<string, number>();
  private reads = 0;

  constructor(
    private readonly service: LanguageService,
    private readonly isOpen: (uri: string) => boolean,
    private readonly exclude: () => readonly string[],
  ) {}

  async indexFolders(folders: readonly string[]): Promise<IndexingReport> {
    const started = performance.now();
    const files = new Set<string>();
    for (const folder of folders) await walkFiles(folder, { exclude: this.exclude() }, files);
    let indexed = 0;
    let skipped = 0;
    let slice = performance.now();
    for (const file of files) {
      if (await this.indexPath(file)) indexed++;
      else skipped++;
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
    }
    return { files: indexed, skipped, ms: performance.now() - started };
  }

  /** Re-reads one file after a change on disk; returns whether other documents' diagnostics may change. */
  async refresh(uri: string): Promise<boolean> {
    if (this.isOpen(uri)) return false;
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return false;
    }
    const text = await this.readForIndex(uri, file);
    if (text === SUPERSEDED) return false;
    if (text === undefined) return this.service.removeFile(uri);
    return this.service.indexFile(uri, languageIdOf(file) ?? 'plaintext', text);
  }

  remove(uri: string): boolean {
    this.latestRead.delete(uri); // a read begun before the deletion must not bring the file back
    return this.service.removeFile(uri);
  }

  private async indexPath(file: string): Promise<boolean> {
    const uri = pathToFileURL(file).toString();
    if (this.isOpen(uri)) return true;
    const languageId = languageIdOf(file);
    const text = languageId ? await this.readForIndex(uri, file) : undefined;
    if (text === SUPERSEDED) return true;
    if (!languageId || text === undefined) return false;
    this.service.indexFile(uri, languageId, text);
    return true;
  }

  /**
   * A file's text on disk for the index, unless while it was read the editor opened the file (its
   * buffer, already in the index, is what counts) or a newer read of it began (after a save).
   */
  private async readForIndex(uri: string, file: string): Promise<string | undefined | typeof SUPERSEDED> {
    const read = ++this.reads;
    this.latestRead.set(uri, read);
    const text = await this.read(file);
    if (this.latestRead.get(uri) !== read) return SUPERSEDED;
    this.latestRead.delete(uri);
    return this.isOpen(uri) ? SUPERSEDED : text;
  }

  /** The text of a file that is ours, small enough and readable; a file deleted meanwhile reads as undefined. */
  private async read(file: string): Promise<string | undefined> {
    if (!languageIdOf(file) || isExcluded(file, this.exclude())) return undefined;
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile() || stat.size > MAX_INDEXED_BYTES) return undefined;
      return await fs.readFile(file, 'utf8');
    } catch {
      return undefined;
    }
  }
}
