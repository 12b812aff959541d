import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkAccess } from './checks/access';
import { Finding } from './checks/finding';
import { ServiceAccountSources } from './evaluation/serviceAccount';
import { isAccessFile, readAccessFile } from './parse/accessFile';
import { ParsedDocument } from './parse/document';

/**
 * What each open access file read, so that it is checked again when one of those texts changes (a
 * policy's text changes no fact of the index, so the index's generation does not tell). The texts
 * themselves are the service's `read`: an open document's text, else the file as the adapter reads it. Its
 * `stamp` also tells the kept permission answers (features/permissions/answers.ts) when a text changed.
 */
export class AccessFileReads {
  /** Bumped each time a file's text is indexed or removed. */
  private readonly stamps = new Map<string, number>();
  /** Per open access file: the stamp of each text it read when last checked. */
  private readonly readBy = new Map<string, Map<string, string>>();

  constructor(
    private readonly open: (uri: string) => TextDocument | undefined,
    private readonly read: (uri: string) => string | undefined,
  ) {}

  /** A file (re)indexed from disk: what read it must be checked again. */
  indexed(uri: string): void {
    this.stamps.set(uri, (this.stamps.get(uri) ?? 0) + 1);
  }

  removed(uri: string): void {
    this.indexed(uri);
  }

  closed(uri: string): void {
    this.readBy.delete(uri);
  }

  /** An access file's findings (none for other files); for an open one, what it read is remembered. */
  checkAccessFile(document: TextDocument, parsed: ParsedDocument, sources: ServiceAccountSources, isOpen: boolean): Finding[] {
    if (!isAccessFile(document.uri) || parsed.kind === 'policy' || !parsed.yaml) return [];
    const stamps = new Map<string, string>();
    const read = (uri: string) => {
      stamps.set(uri, this.stamp(uri));
      return this.read(uri);
    };
    const findings = checkAccess(readAccessFile(parsed.yaml), { ...sources, read });
    if (isOpen) this.readBy.set(document.uri, stamps);
    return findings;
  }

  /** Whether what an open file read when last checked is still what the service reads (true for a file that read nothing). */
  current(uri: string): boolean {
    const stamps = this.readBy.get(uri);
    if (!stamps) return true;
    for (const [read, stamp] of stamps) if (this.stamp(read) !== stamp) return false;
    return true;
  }

  /** The open access files that read a text which changed since. */
  stale(): string[] {
    return [...this.readBy.keys()].filter((uri) => !this.current(uri));
  }

  /** Which version of a file's text the service reads now: an open document's, else the count of its indexings. */
  stamp(uri: string): string {
    const document = this.open(uri);
    return document ? `open ${document.version}` : `disk ${this.stamps.get(uri) ?? 0}`;
  }
}
