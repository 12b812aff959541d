import { CommandResult, DIAGNOSTIC_SOURCE } from '../../../shared/protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeAction,
  CodeLens,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DiagnosticRelatedInformation,
  DiagnosticSeverity,
  DocumentLink,
  Hover,
  Location,
  LocationLink,
  Position,
  Range,
} from 'vscode-languageserver-types';
import { Catalog, loadCatalog } from './catalog/catalog';
import { checkActions } from './checks/actions';
import { checkConditions } from './checks/conditions';
import { PolicyContext } from './checks/context';
import { checkEffect } from './checks/effect';
import { Finding } from './checks/finding';
import { checkKubernetes } from './checks/kubernetes';
import { checkLimits } from './checks/limits';
import { checkIrsa } from './checks/irsa';
import { checkPrincipals } from './checks/principals';
import { checkQuotas } from './checks/quotas';
import { Severity } from './checks/registry';
import { checkResources } from './checks/resources';
import { checkSecurity } from './checks/security';
import { checkSids } from './checks/sid';
import { checkStructure } from './checks/structure';
import { checkLinks } from './checks/links';
import { checkJsonSyntax, checkYamlSyntax } from './checks/syntax';
import { checkVariables } from './checks/variables';
import { checkVersion } from './checks/version';
import { AuthoringContext } from './features/authoring';
import { findCodeActions } from './features/codeActions';
import { findCodeLenses } from './features/codeLens';
import { executeCommand } from './features/commands';
import { findCompletions } from './features/completion';
import { findDefinition } from './features/definition';
import { findDocumentLinks } from './features/documentLinks';
import { findHover } from './features/hover';
import { findPolicyHover } from './features/policyHover';
import { resolvePolicyCompletion } from './features/policyCompletion';
import { findReferences } from './features/references';
import { FeatureContext } from './features/target';
import { parseDocument, ParsedDocument, PolicyFile } from './parse/document';
import { buildPolicy } from './parse/policy';
import { inferPolicyKind, PolicyKind } from './parse/policyKind';
import { loadSyntaxes, Syntaxes } from './parse/treeSitter';
import { documentPath, matchesGlob } from './workspace/paths';
import { DEFAULT_SETTINGS, ServiceSettings, severityOf } from './settings';
import { analyzeDocument, DocumentAnalysis } from './workspace/analyze';
import { WorkspaceIndex } from './workspace/index';

export const DOCS_BASE_URL = 'https://github.com/iam-irsa/iam-irsa/blob/main/docs/checks/';

/** What the service needs loaded before it answers: the IAM catalogue and the tree-sitter grammars. */
export interface ServiceResources {
  readonly catalog: Catalog;
  readonly syntaxes: Syntaxes;
}

export interface LanguageService {
  /** Every diagnostic of one document; an empty list for files that are none of ours. */
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
  /** Drops a deleted file from the index; returns whether it was there. */
  removeFile(uri: string): boolean;
  readonly index: WorkspaceIndex;
  configure(settings: ServiceSettings): void;
  /** Drops what is cached for a closed document (its facts stay in the index). */
  forget(uri: string): void;
  // Navigation across files: each reads the document's facts and the workspace index.
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
}

/** The policy check families, in the order their findings are listed. */
const POLICY_CHECKS: ((context: PolicyContext) => Finding[])[] = [
  checkStructure,
  checkVersion,
  checkSids,
  checkEffect,
  checkActions,
  checkResources,
  checkPrincipals,
  checkConditions,
  checkVariables,
  checkSecurity,
  checkQuotas,
  checkIrsa,
];

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function createLanguageService({ catalog, syntaxes }: ServiceResources, initial: ServiceSettings = DEFAULT_SETTINGS): LanguageService {
  let settings = initial;
  const index = new WorkspaceIndex();
  interface Cached {
    readonly version: number;
    readonly languageId: string;
    readonly asPolicy: boolean;
    readonly parsed: ParsedDocument;
    analysis?: DocumentAnalysis;
  }
  const cache = new Map<string, Cached>();

  function settingsKind(uri: string): PolicyKind | undefined {
    const path = documentPath(uri);
    return Object.entries(settings.policyKinds).find(([glob]) => matchesGlob(path, glob))?.[1];
  }

  /** A setting pins the kind; so does another file naming this one as an assume-role or permission policy. */
  function pinnedKind(uri: string): PolicyKind | undefined {
    return settingsKind(uri) ?? index.policyUse(uri);
  }

  function cached(document: TextDocument): Cached {
    const asPolicy = settingsKind(document.uri) !== undefined;
    const hit = cache.get(document.uri);
    if (hit && hit.version === document.version && hit.languageId === document.languageId && hit.asPolicy === asPolicy) return hit;
    const entry: Cached = { version: document.version, languageId: document.languageId, asPolicy, parsed: parseDocument(document.getText(), document.languageId, asPolicy) };
    cache.set(document.uri, entry);
    return entry;
  }

  function analysisOf(uri: string, languageId: string, text: string, parsed: ParsedDocument): DocumentAnalysis {
    // From the file and the settings alone, not from a script naming it: facts recorded before that
    // script was read (or edited) would otherwise differ from those recorded after.
    const policyKind = parsed.kind === 'policy' ? (settingsKind(uri) ?? inferPolicyKind(parsed.policy)) : undefined;
    return analyzeDocument(parsed, { uri, text, languageId, syntaxes, policyKind });
  }

  function analyze(document: TextDocument): DocumentAnalysis {
    const entry = cached(document);
    if (!entry.analysis) {
      entry.analysis = analysisOf(document.uri, document.languageId, document.getText(), entry.parsed);
      index.set(document.uri, entry.analysis.facts, document.getText());
    }
    return entry.analysis;
  }

  function policyFindings(file: PolicyFile, kind: PolicyKind, pinned: boolean): Finding[] {
    const context: PolicyContext = { file, kind, kindPinned: pinned, catalog, trustPolicyQuota: settings.trustPolicyQuota };
    return [...checkJsonSyntax(file), ...POLICY_CHECKS.flatMap((check) => check(context))];
  }

  function findings(document: TextDocument): Finding[] {
    const path = documentPath(document.uri);
    if (settings.exclude.some((glob) => matchesGlob(path, glob))) return [];
    const parsed = cached(document).parsed;
    const analysis = analyze(document);
    const links = checkLinks({ uri: document.uri, facts: analysis.facts, index });
    const text = document.getText();
    const limits = checkLimits(parsed, text);
    switch (parsed.kind) {
      case 'policy': {
        const pinned = pinnedKind(document.uri);
        return [...limits, ...policyFindings(parsed, pinned ?? inferPolicyKind(parsed.policy), pinned !== undefined), ...links];
      }
      case 'kubernetes':
        return [...limits, ...(parsed.serviceAccounts.length ? checkYamlSyntax(parsed) : []), ...checkKubernetes(parsed), ...links];
      case 'other': {
        // Policies inside a role-definition source, each checked as the kind its place gives it.
        const embedded = analysis.policies.flatMap(({ policy, kind }) =>
          policyFindings({ kind: 'policy', text, json: { root: policy.root, errors: policy.errors }, policy: buildPolicy(policy.root) }, kind, true),
        );
        return [...limits, ...embedded, ...links];
      }
    }
  }

  function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic | undefined {
    const severity = severityOf(finding.code, settings, finding.severity);
    if (severity === 'off') return undefined;
    const diagnostic: Diagnostic = {
      range: { start: document.positionAt(finding.start), end: document.positionAt(finding.end) },
      severity: LSP_SEVERITY[severity],
      source: DIAGNOSTIC_SOURCE,
      code: finding.code,
      codeDescription: { href: DOCS_BASE_URL + finding.code + '.md' },
      message: finding.message,
    };
    if (finding.data) diagnostic.data = finding.data;
    const related = (finding.related ?? []).flatMap((r): DiagnosticRelatedInformation[] => {
      const range = index.range(r.uri, r.range);
      return range ? [{ location: { uri: r.uri, range }, message: r.message }] : [];
    });
    if (related.length) diagnostic.relatedInformation = related;
    return diagnostic;
  }

  return {
    parse: (document) => cached(document).parsed,
    analyze,
    index,
    validate,
    indexFile(uri, languageId, text) {
      const parsed = parseDocument(text, languageId, settingsKind(uri) !== undefined);
      return index.set(uri, analysisOf(uri, languageId, text, parsed).facts, text);
    },
    removeFile(uri) {
      cache.delete(uri);
      return index.delete(uri);
    },
    configure(next) {
      settings = next;
      cache.clear();
    },
    forget(uri) {
      cache.delete(uri);
    },
    findDefinition: (document, position) => findDefinition(featureContext(document), document.offsetAt(position)),
    findReferences: (document, position, context) => findReferences(featureContext(document), document.offsetAt(position), context.includeDeclaration),
    findDocumentLinks: (document) => findDocumentLinks(featureContext(document)),
    findCodeLenses: (document) => findCodeLenses(featureContext(document)),
    doHover: (document, position) => findHover(featureContext(document), document.offsetAt(position)) ?? findPolicyHover(authoringContext(document), document.offsetAt(position)),
    authoring: (document) => authoringContext(document),
    doComplete: (document, position) => findCompletions(authoringContext(document), document.offsetAt(position)),
    resolveCompletion: (item) => resolvePolicyCompletion(item, catalog),
    getCodeActions: (document, range, diagnostics, only) =>
      findCodeActions(authoringContext(document), { start: document.offsetAt(range.start), end: document.offsetAt(range.end) }, diagnostics, only, () => validate(document)),
    executeCommand: (document, command, args) => executeCommand(authoringContext(document), command, args),
  };

  function validate(document: TextDocument): Diagnostic[] {
    const result: Diagnostic[] = [];
    for (const finding of findings(document)) {
      const diagnostic = toDiagnostic(document, finding);
      if (diagnostic) result.push(diagnostic);
    }
    return result;
  }

  function featureContext(document: TextDocument): FeatureContext {
    return { uri: document.uri, facts: analyze(document).facts, index };
  }

  function authoringContext(document: TextDocument): AuthoringContext {
    const parsed = cached(document).parsed;
    const analysis = analyze(document);
    const policyKind = parsed.kind === 'policy' ? (pinnedKind(document.uri) ?? inferPolicyKind(parsed.policy)) : undefined;
    return { uri: document.uri, facts: analysis.facts, index, document, parsed, catalog, policyKind, embedded: analysis.policies };
  }
}

/** Loads what the service needs, once, in parallel: the catalogue (~0.3 s) and the grammars. */
export async function loadResources(): Promise<ServiceResources> {
  const [catalog, syntaxes] = await Promise.all([loadCatalog(), loadSyntaxes()]);
  return { catalog, syntaxes };
}
