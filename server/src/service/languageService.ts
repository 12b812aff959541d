import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { Catalog } from './catalog/catalog';
import { checkActions } from './checks/actions';
import { checkConditions } from './checks/conditions';
import { PolicyContext } from './checks/context';
import { checkEffect } from './checks/effect';
import { Finding } from './checks/finding';
import { checkKubernetes } from './checks/kubernetes';
import { checkIrsa } from './checks/irsa';
import { checkPrincipals } from './checks/principals';
import { checkQuotas } from './checks/quotas';
import { Severity } from './checks/registry';
import { checkResources } from './checks/resources';
import { checkSecurity } from './checks/security';
import { checkSids } from './checks/sid';
import { checkStructure } from './checks/structure';
import { checkJsonSyntax, checkYamlSyntax } from './checks/syntax';
import { checkVariables } from './checks/variables';
import { checkVersion } from './checks/version';
import { parseDocument, ParsedDocument, PolicyFile } from './parse/document';
import { inferPolicyKind, PolicyKind } from './parse/policyKind';
import { documentPath, matchesGlob } from './paths';
import { DEFAULT_SETTINGS, ServiceSettings, severityOf } from './settings';

export const SOURCE = 'iam-irsa';
export const DOCS_BASE_URL = 'https://github.com/iam-irsa/iam-irsa/blob/main/docs/checks/';

export interface LanguageService {
  /** Every diagnostic of one document; an empty list for JSON and YAML that is not ours. */
  validate(document: TextDocument): Diagnostic[];
  /** The parsed model of a document version, built once and shared by every feature. */
  parse(document: TextDocument): ParsedDocument;
  configure(settings: ServiceSettings): void;
  /** Drops what is cached for a closed document. */
  forget(uri: string): void;
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

export function createLanguageService(catalog: Catalog, initial: ServiceSettings = DEFAULT_SETTINGS): LanguageService {
  let settings = initial;
  const cache = new Map<string, { version: number; languageId: string; asPolicy: boolean; parsed: ParsedDocument }>();

  function pinnedKind(uri: string): PolicyKind | undefined {
    const path = documentPath(uri);
    return Object.entries(settings.policyKinds).find(([glob]) => matchesGlob(path, glob))?.[1];
  }

  function parse(document: TextDocument): ParsedDocument {
    const asPolicy = pinnedKind(document.uri) !== undefined;
    const hit = cache.get(document.uri);
    if (hit && hit.version === document.version && hit.languageId === document.languageId && hit.asPolicy === asPolicy) return hit.parsed;
    const parsed = parseDocument(document.getText(), document.languageId, asPolicy);
    cache.set(document.uri, { version: document.version, languageId: document.languageId, asPolicy, parsed });
    return parsed;
  }

  function policyFindings(file: PolicyFile, pinned: PolicyKind | undefined): Finding[] {
    const context: PolicyContext = {
      file,
      kind: pinned ?? inferPolicyKind(file.policy),
      kindPinned: pinned !== undefined,
      catalog,
      trustPolicyQuota: settings.trustPolicyQuota,
    };
    return [...checkJsonSyntax(file), ...POLICY_CHECKS.flatMap((check) => check(context))];
  }

  function findings(document: TextDocument): Finding[] {
    const path = documentPath(document.uri);
    if (settings.exclude.some((glob) => matchesGlob(path, glob))) return [];
    const parsed = parse(document);
    switch (parsed.kind) {
      case 'policy':
        return policyFindings(parsed, pinnedKind(document.uri));
      case 'kubernetes':
        return [...(parsed.serviceAccounts.length ? checkYamlSyntax(parsed) : []), ...checkKubernetes(parsed)];
      case 'other':
        return [];
    }
  }

  function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic | undefined {
    const severity = severityOf(finding.code, settings, finding.severity);
    if (severity === 'off') return undefined;
    const diagnostic: Diagnostic = {
      range: { start: document.positionAt(finding.start), end: document.positionAt(finding.end) },
      severity: LSP_SEVERITY[severity],
      source: SOURCE,
      code: finding.code,
      codeDescription: { href: DOCS_BASE_URL + finding.code + '.md' },
      message: finding.message,
    };
    if (finding.data) diagnostic.data = finding.data;
    return diagnostic;
  }

  return {
    parse,
    validate(document) {
      const result: Diagnostic[] = [];
      for (const finding of findings(document)) {
        const diagnostic = toDiagnostic(document, finding);
        if (diagnostic) result.push(diagnostic);
      }
      return result;
    },
    configure(next) {
      settings = next;
    },
    forget(uri) {
      cache.delete(uri);
    },
  };
}
