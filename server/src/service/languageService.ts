import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeAction,
  CodeLens,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentLink,
  Hover,
  Location,
  LocationLink,
  Position,
  Range,
} from 'vscode-languageserver-types';
import { CanParams, CanResult, CommandResult, EffectivePermissionsResult, ServiceAccountEntry, ServiceAccountTarget } from '../../../shared/protocol';
import { Catalog, loadCatalog } from './catalog/catalog';
import { ManagedPolicies } from './catalog/managedPolicies';
import { runChecks } from './checks/index';
import { toDiagnostics } from './diagnostics';
import { DocumentModel, DocumentModels } from './documentModels';
import { AuthoringContext, FeatureContext } from './features/context';
import { findCodeActions } from './features/fixes/codeActions';
import { findCodeLenses } from './features/navigation/codeLens';
import { executeCommand } from './features/commands/commands';
import { findCompletions } from './features/completion/completion';
import { findDefinition } from './features/navigation/definition';
import { findDocumentLinks } from './features/navigation/documentLinks';
import { findHover } from './features/hover/roleHover';
import { findPolicyHover } from './features/hover/policyHover';
import { resolvePolicyCompletion } from './features/completion/policy';
import { findReferences } from './features/navigation/references';
import { PermissionAnswers } from './features/permissions/answers';
import { canResult, effectivePermissionsResult, questionOf, serviceAccountEntries } from './features/permissions/requests';
import { ServiceAccountName, serviceAccountAt } from './features/permissions/serviceAccountAt';
import { ParsedDocument } from './parse/document';
import { deferredSyntaxes, loadSyntaxes, Syntaxes } from './parse/treeSitter';
import { DEFAULT_SETTINGS, ServiceSettings } from './settings';
import { DocumentAnalysis } from './workspace/analyze';
import { FileFacts } from './workspace/facts';
import { WorkspaceIndex } from './workspace/index';
import { documentPath, matchesGlob } from './workspace/paths';
import { AccessFileReads } from './accessFileReads';

/** What the service needs loaded before it answers: the IAM catalogue and the tree-sitter grammars. */
export interface ServiceResources {
  readonly catalog: Catalog;
  readonly syntaxes: Syntaxes;
  /** The AWS managed policies' documents, read on first use (the adapter says where they are). */
  readonly managedPolicies: ManagedPolicies;
  /**
   * The text of a file of the workspace that is not open (the adapter reads the disk), for the
   * permission features: the policies attached to a role are read from their files. Only files the
   * index holds are asked for. Without it, only open documents are read.
   */
  readonly readFile?: (uri: string) => string | undefined;
}

export interface LanguageService {
  /**
   * Every diagnostic of one document; an empty list for files that are none of ours. For an open document
   * whose text, the workspace index and the settings did not change since (nor, for an access file, the
   * texts it read), the same list object as the last time, computed once: the adapter tells the editor
   * "unchanged" by that identity. The list is not to be modified.
   */
  validate(document: TextDocument): Diagnostic[];
  /** The parsed model of a document version, built once and shared by every feature. */
  parse(document: TextDocument): ParsedDocument;
  /** The document's facts (roles, ServiceAccounts, trust policies), also recorded in the workspace index. */
  analyze(document: TextDocument): DocumentAnalysis;
  /**
   * Records a file that is not open (read from disk by the adapter) in the workspace index.
   * Returns whether what other files see of it changed (so that their diagnostics need a refresh).
   */
  indexFile(uri: string, languageId: string, text: string): boolean;
  /** Records facts already read off a file's text (`factsOfFile`, in a worker thread); returns what `indexFile` does. */
  indexFacts(uri: string, facts: FileFacts, text: string): boolean;
  /** Drops a deleted file from the index; returns whether it was there. */
  removeFile(uri: string): boolean;
  readonly index: WorkspaceIndex;
  configure(settings: ServiceSettings): void;
  /** A document the editor opened: its text, not the disk's, is the workspace's from now on (unless excluded). */
  open(document: TextDocument): void;
  /** Drops what is cached for a closed document (its facts stay in the index until the disk's replace them). */
  close(uri: string): void;
  /**
   * The open documents whose diagnostics and lenses may be out of date: validated before the last
   * change of the workspace index (a file's roles, ServiceAccounts or trust changed, whoever changed
   * them), each change answered once. The adapter asks after every call that can change the index.
   */
  affectedDocuments(): string[];
  // Navigation across files: each reads the document's facts and the workspace index, every open document's current text in it.
  /** Role ARN → its trust policy (or definition); `:sub`, `serviceAccountName` → manifests; `file://` → the file. */
  findDefinition(document: TextDocument, position: Position): LocationLink[];
  /** Role name, trust policy or role ARN → every ARN of the workspace resolving to the role; ServiceAccount → its uses. */
  findReferences(document: TextDocument, position: Position, context: { readonly includeDeclaration: boolean }): Location[];
  /** Role ARNs → the role's definition line; `file://` policies → the file. */
  findDocumentLinks(document: TextDocument): DocumentLink[];
  /** Over each Allow statement of a trust policy: whom it admits, resolved. */
  findCodeLenses(document: TextDocument): CodeLens[];
  /** Markdown on a role ARN or a trust's `:sub` value (navigation), else on an action, key, operator, ARN or annotation key. */
  doHover(document: TextDocument, position: Position): Hover | null;
  // Authoring.
  /** What the authoring features read of a document version: its parse, facts, kind and embedded policies. */
  authoring(document: TextDocument): AuthoringContext;
  doComplete(document: TextDocument, position: Position): CompletionList;
  /** Adds what an item's list entry left out (documentation), when the editor shows it. */
  resolveCompletion(item: CompletionItem): CompletionItem;
  /** Quick fixes for the given diagnostics of `range`; the fix-all action when `only` asks for source actions. */
  getCodeActions(document: TextDocument, range: Range, diagnostics: readonly Diagnostic[], only?: readonly string[]): CodeAction[];
  /** Runs one of the service's commands on `document` (the command's first argument names it). */
  executeCommand(document: TextDocument, command: string, args: readonly unknown[]): CommandResult;
  // What a ServiceAccount's pods can do (docs/lsp.md): the requests other editors use too.
  /** The ServiceAccount named, or the one at a position of an open document; undefined when there is none there. */
  serviceAccountOf(target: ServiceAccountTarget, document?: TextDocument): ServiceAccountName | undefined;
  /** `iamIrsa/effectivePermissions`: the rows, roles, unknowns and the table as Markdown. */
  effectivePermissions(serviceAccount: ServiceAccountName): EffectivePermissionsResult;
  /** `iamIrsa/can`: one question; a malformed one is answered with its error. */
  can(serviceAccount: ServiceAccountName, question: Omit<CanParams, 'target'>): CanResult | { error: string };
  /** `iamIrsa/serviceAccounts`: every ServiceAccount of the workspace. */
  serviceAccounts(): ServiceAccountEntry[];
}

/** An open document's diagnostics and what they were computed from: its text and version, the index's generation, the settings. */
interface Report {
  readonly text: string;
  readonly version: number;
  readonly generation: number;
  readonly settings: ServiceSettings;
  readonly diagnostics: Diagnostic[];
}

/**
 * The language service: the pure engine behind the server, the CLI and the tests (no connection, no
 * file system). It wires the layers: document models (parse, facts), the checks, and the features.
 */
export function createLanguageService(resources: ServiceResources, initial: ServiceSettings = DEFAULT_SETTINGS): LanguageService {
  const { catalog, syntaxes, managedPolicies, readFile } = resources;
  let settings = initial;
  const index = new WorkspaceIndex();
  const models = new DocumentModels(index, syntaxes, () => settings);
  /** The editor's open documents (the same objects the adapter updates), and the index generation each was last validated at. */
  const opened = new Map<string, TextDocument>();
  const validatedAt = new Map<string, number>();
  let answeredGeneration = index.generation;
  /** Each open document's last diagnostics and what they were computed from. */
  const reports = new Map<string, Report>();

  const excluded = (uri: string) => {
    // No glob: no path to work out (a lint asks for every file, several times).
    if (settings.exclude.length === 0) return false;
    const path = documentPath(uri);
    return settings.exclude.some((glob) => matchesGlob(path, glob));
  };

  function modelOf(document: TextDocument): DocumentModel {
    if (opened.has(document.uri)) opened.set(document.uri, document);
    return models.get(document);
  }

  // An open document's text is the workspace's; another file is read only when the index holds it (never outside the workspace).
  const read = (uri: string) => (excluded(uri) ? undefined : (opened.get(uri)?.getText() ?? (readFile && index.get(uri) ? readFile(uri) : undefined)));
  const accessReads = new AccessFileReads((uri) => (excluded(uri) ? undefined : opened.get(uri)), read);
  const permissions = new PermissionAnswers({ index, catalog, syntaxes, managedPolicies, read }, (uri) => accessReads.stamp(uri));

  const analyze = (document: TextDocument) => modelOf(document).analysis;
  /** A document's facts as the workspace sees them: Terraform's values of its folder substituted (they may change after the analysis). */
  const factsOf = (document: TextDocument) => {
    const { facts } = analyze(document);
    return index.get(document.uri)?.facts ?? facts;
  };

  /** Every open document's current text in the index before a feature reads it (cached per version: nothing to do after the first time). */
  function syncOpenDocuments(): void {
    for (const document of opened.values()) if (!excluded(document.uri)) analyze(document);
  }

  function validate(document: TextDocument): Diagnostic[] {
    if (excluded(document.uri)) return [];
    const isOpen = opened.has(document.uri);
    const last = reports.get(document.uri);
    if (
      isOpen &&
      last?.version === document.version &&
      last.generation === index.generation &&
      last.settings === settings &&
      last.text === document.getText() &&
      accessReads.current(document.uri)
    ) {
      validatedAt.set(document.uri, index.generation);
      return last.diagnostics;
    }
    const model = modelOf(document);
    const facts = factsOf(document);
    const findings = runChecks({
      uri: document.uri,
      text: document.getText(),
      parsed: model.parsed,
      facts,
      index,
      catalog,
      policyKind: models.policyKind(document.uri, model),
      embedded: model.parsed.kind === 'other' ? model.embedded : [],
      reuse: models.statementReuse(document.uri, model),
      trustPolicyQuota: settings.trustPolicyQuota,
    });
    findings.push(...accessReads.checkAccessFile(document, model.parsed, permissions.sources, isOpen));
    const diagnostics = toDiagnostics(document, findings, settings, index);
    if (isOpen) {
      validatedAt.set(document.uri, index.generation);
      reports.set(document.uri, { text: document.getText(), version: document.version, generation: index.generation, settings, diagnostics });
    }
    return diagnostics;
  }

  function featureContext(document: TextDocument): FeatureContext {
    syncOpenDocuments();
    return { uri: document.uri, facts: factsOf(document), index, permissions };
  }

  function authoringContext(document: TextDocument): AuthoringContext {
    const context = featureContext(document);
    const model = modelOf(document);
    return {
      ...context,
      document,
      parsed: model.parsed,
      catalog,
      policyKind: models.policyKind(document.uri, model)?.kind,
      embedded: model.embedded,
      policyOf: (root) => model.policyOf(root),
    };
  }

  return {
    parse: (document) => modelOf(document).parsed,
    analyze,
    index,
    validate,
    indexFile(uri, languageId, text) {
      accessReads.indexed(uri);
      return index.set(uri, models.analyzeText(uri, languageId, text).facts, text);
    },
    indexFacts(uri, facts, text) {
      accessReads.indexed(uri);
      return index.set(uri, facts, text);
    },
    removeFile(uri) {
      models.delete(uri);
      accessReads.removed(uri);
      return index.delete(uri);
    },
    configure(next) {
      settings = next;
      models.clear();
    },
    open(document) {
      opened.set(document.uri, document);
      if (!excluded(document.uri)) analyze(document);
    },
    close(uri) {
      opened.delete(uri);
      validatedAt.delete(uri);
      reports.delete(uri);
      accessReads.closed(uri);
      models.delete(uri);
    },
    affectedDocuments() {
      // Access files also read policy texts, which change no fact of the index.
      const stale = accessReads.stale();
      const generation = index.generation;
      if (generation === answeredGeneration) return stale;
      answeredGeneration = generation;
      const affected = [...validatedAt].filter(([, at]) => at !== generation).map(([uri]) => uri);
      return [...new Set([...affected, ...stale])];
    },
    findDefinition: (document, position) => findDefinition(featureContext(document), document.offsetAt(position)),
    findReferences: (document, position, context) => findReferences(featureContext(document), document.offsetAt(position), context.includeDeclaration),
    findDocumentLinks: (document) => findDocumentLinks(featureContext(document)),
    findCodeLenses: (document) => findCodeLenses(featureContext(document)),
    doHover: (document, position) =>
      findHover(featureContext(document), document.offsetAt(position)) ?? findPolicyHover(authoringContext(document), document.offsetAt(position)),
    authoring: (document) => authoringContext(document),
    doComplete: (document, position) => findCompletions(authoringContext(document), document.offsetAt(position)),
    resolveCompletion: (item) => resolvePolicyCompletion(item, catalog),
    getCodeActions: (document, range, diagnostics, only) =>
      findCodeActions(authoringContext(document), { start: document.offsetAt(range.start), end: document.offsetAt(range.end) }, diagnostics, only, () =>
        validate(document),
      ),
    executeCommand: (document, command, args) => executeCommand(authoringContext(document), command, args),
    serviceAccountOf(target, document) {
      if ('namespace' in target) return { namespace: target.namespace, name: target.name, manifest: target.manifest };
      if (!document) return undefined;
      const found = serviceAccountAt(featureContext(document).facts, document.offsetAt(target.position), document.uri);
      return found && { namespace: found.namespace, name: found.name, manifest: found.manifest };
    },
    effectivePermissions(serviceAccount) {
      syncOpenDocuments();
      return effectivePermissionsResult(permissions, catalog, serviceAccount);
    },
    can(serviceAccount, params) {
      syncOpenDocuments();
      const question = questionOf(params);
      return 'error' in question ? question : canResult(permissions, serviceAccount, question);
    },
    serviceAccounts() {
      syncOpenDocuments();
      return serviceAccountEntries(index);
    },
  };
}

/**
 * Loads what the service needs, once, in parallel: the catalogue (~0.3 s) and the grammars. The AWS
 * managed policies are not read here (start-up does not pay for them): the adapter injects their reader.
 */
export async function loadResources(managedPolicies: ManagedPolicies = ManagedPolicies.none()): Promise<ServiceResources> {
  const [catalog, syntaxes] = await Promise.all([loadCatalog(), loadSyntaxes()]);
  return { catalog, syntaxes, managedPolicies };
}

/**
 * The server's start: the catalogue loaded, the grammars (the wasm of tree-sitter, the slower of the
 * two) still loading when this resolves, for a policy's or a manifest's first diagnostics need none.
 * `grammars` resolves once scripts and Terraform can be read (it rejects if they cannot).
 */
export async function loadResourcesFirst(
  managedPolicies: ManagedPolicies = ManagedPolicies.none(),
): Promise<{ readonly resources: ServiceResources; readonly grammars: Promise<void> }> {
  const { syntaxes, ready } = deferredSyntaxes();
  // Whoever awaits `grammars` hears of a failure; the resources do not wait for it.
  ready.catch(() => undefined);
  const catalog = await loadCatalog();
  return { resources: { catalog, syntaxes, managedPolicies }, grammars: ready };
}
