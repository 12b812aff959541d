import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import {
  createLanguageService,
  DEFAULT_SETTINGS,
  languageIdOf,
  LanguageService,
  loadResources,
  ManagedPolicies,
  ServiceSettings,
} from '../../server/src/service';
import { loadSyntaxes, Syntaxes } from '../../server/src/service/parse/treeSitter';
import { assertPrefilterAdmits } from './relevance';

/** A workspace of in-memory files (relative path → text), indexed by a fresh service, as the server does. */
export class TestWorkspace {
  /** Each write is a new version, as an editor's edits are: the service caches per version. */
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly service: LanguageService,
    readonly root: string,
    private readonly texts: Map<string, string>,
  ) {}

  /** `managedPolicies`: the AWS managed policies' documents (none by default). */
  static async of(files: Record<string, string>, settings?: Partial<ServiceSettings>, managedPolicies?: ManagedPolicies): Promise<TestWorkspace> {
    const root = '/workspace';
    const texts = new Map(Object.entries(files));
    // The files' texts as the server reads them from disk (for the policies the permission features read).
    const prefix = pathToFileURL(`${root}/`).toString();
    const readFile = (uri: string) => (uri.startsWith(prefix) ? texts.get(decodeURIComponent(uri.slice(prefix.length))) : undefined);
    const resources = { ...(await loadResources(managedPolicies)), readFile };
    const workspace = new TestWorkspace(createLanguageService(resources, { ...DEFAULT_SETTINGS, ...settings }), root, texts);
    const syntaxes = (grammars = await loadSyntaxes());
    for (const [file, text] of workspace.texts) {
      assertPrefilterAdmits(workspace.uri(file), languageIdOf(file) ?? 'plaintext', text, syntaxes);
      workspace.service.indexFile(workspace.uri(file), languageIdOf(file) ?? 'plaintext', text);
    }
    return workspace;
  }

  /** A folder of the repository (e.g. examples/broken), read from disk. */
  static async fromFolder(folder: string, settings?: Partial<ServiceSettings>): Promise<TestWorkspace> {
    const files: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (languageIdOf(name)) files[path.relative(folder, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
      }
    };
    walk(folder);
    const workspace = await TestWorkspace.of(files, settings);
    return workspace;
  }

  uri(file: string): string {
    return pathToFileURL(path.posix.join(this.root, file)).toString();
  }

  document(file: string): TextDocument {
    const text = this.texts.get(file);
    if (text === undefined) throw new Error(`no file ${file} in the test workspace`);
    return TextDocument.create(this.uri(file), languageIdOf(file) ?? 'plaintext', this.versions.get(file) ?? 1, text);
  }

  validate(file: string): Diagnostic[] {
    return this.service.validate(this.document(file));
  }

  /** `code` diagnostics of a file as `line:character` of their start (1-based line as editors show). */
  codes(file: string, code: string): string[] {
    return this.validate(file)
      .filter((d) => d.code === code)
      .map((d) => `${d.range.start.line + 1}:${d.range.start.character}`);
  }

  /** Replaces a file's text (an edit, or a change on disk) and re-indexes it. */
  write(file: string, text: string): boolean {
    this.texts.set(file, text);
    this.versions.set(file, (this.versions.get(file) ?? 1) + 1);
    if (grammars) assertPrefilterAdmits(this.uri(file), languageIdOf(file) ?? 'plaintext', text, grammars);
    return this.service.indexFile(this.uri(file), languageIdOf(file) ?? 'plaintext', text);
  }
}

/** The grammars, once a workspace has loaded them: the prefilter's assertion reads every fixture with them. */
let grammars: Syntaxes | undefined;
