import { TextDocument } from 'vscode-languageserver-textdocument';
import { ManagedPolicies } from './catalog/managedPolicies';
import { Catalog } from './catalog/catalog';
import { checkAccess } from './checks/access';
import { Finding } from './checks/finding';
import { ServiceAccountSources } from './evaluation/serviceAccount';
import { isAccessFile, readAccessFile } from './parse/accessFile';
import { isJsonLanguage, ParsedDocument } from './parse/document';
import { Syntaxes } from './parse/treeSitter';
import { DocumentAnalysis } from './workspace/analyze';
import { WorkspaceIndex } from './workspace/index';

/**
 * The texts the permission questions read (policy files, files with roles or embedded policies), as
 * the workspace has them: an open document's text, else the last text indexed. Also what each open
 * access file read, so that it is checked again when one of those texts changes (a policy's text
 * changes no fact of the index, so the index's generation does not tell).
 */
export class WorkspaceTexts {
  private readonly texts = new Map<string, string>();
  /** Bumped each time a file's text is indexed or removed. */
  private readonly stamps = new Map<string, number>();
  /** Per open access file: the stamp of each text it read when last checked. */
  private readonly readBy = new Map<string, Map<string, string>>();

  constructor(
    private readonly open: (uri: string) => TextDocument | undefined,
    private readonly resources: { readonly catalog: Catalog; readonly syntaxes: Syntaxes; readonly managedPolicies: ManagedPolicies },
  ) {}

  /** A file read from disk: its text is kept when a permission question may read it. */
  indexed(uri: string, languageId: string, text: string, analysis: DocumentAnalysis): void {
    this.stamps.set(uri, (this.stamps.get(uri) ?? 0) + 1);
    const { facts } = analysis;
    const read =
      analysis.policies.length > 0 || facts.roles.length > 0 || !!facts.managedPolicies?.length || (isJsonLanguage(languageId) && /"statement"/i.test(text));
    if (read) this.texts.set(uri, text);
    else this.texts.delete(uri);
  }

  removed(uri: string): void {
    this.stamps.set(uri, (this.stamps.get(uri) ?? 0) + 1);
    this.texts.delete(uri);
  }

  closed(uri: string): void {
    this.readBy.delete(uri);
  }

  read(uri: string): string | undefined {
    return this.open(uri)?.getText() ?? this.texts.get(uri);
  }

  /** What the ServiceAccount questions read, over the workspace's current texts. */
  sources(index: WorkspaceIndex, read: (uri: string) => string | undefined = (uri) => this.read(uri)): ServiceAccountSources {
    return { index, ...this.resources, read };
  }

  /** An access file's findings (none for other files); for an open one, what it read is remembered. */
  checkAccessFile(document: TextDocument, parsed: ParsedDocument, index: WorkspaceIndex, isOpen: boolean): Finding[] {
    if (!isAccessFile(document.uri) || parsed.kind === 'policy' || !parsed.yaml) return [];
    const stamps = new Map<string, string>();
    const read = (uri: string) => {
      stamps.set(uri, this.stamp(uri));
      return this.read(uri);
    };
    const findings = checkAccess(readAccessFile(parsed.yaml), this.sources(index, read));
    if (isOpen) this.readBy.set(document.uri, stamps);
    return findings;
  }

  /** The open access files that read a text which changed since. */
  stale(): string[] {
    return [...this.readBy].filter(([, stamps]) => [...stamps].some(([uri, stamp]) => this.stamp(uri) !== stamp)).map(([uri]) => uri);
  }

  private stamp(uri: string): string {
    const document = this.open(uri);
    return document ? `open ${document.version}` : `disk ${this.stamps.get(uri) ?? 0}`;
  }
}
