import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { Catalog } from './catalog/catalog';
import { checkActions } from './checks/actions';
import { PolicyContext } from './checks/context';
import { checkEffect } from './checks/effect';
import { Finding } from './checks/finding';
import { Severity } from './checks/registry';
import { checkJsonSyntax, checkYamlSyntax } from './checks/syntax';
import { checkVersion } from './checks/version';
import { parseDocument, ParsedDocument } from './parse/document';
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

const POLICY_CHECKS: ((context: PolicyContext) => Finding[])[] = [checkVersion, checkEffect, checkActions];

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function createLanguageService(catalog: Catalog, initial: ServiceSettings = DEFAULT_SETTINGS): LanguageService {
  let settings = initial;
  const cache = new Map<string, { version: number; languageId: string; parsed: ParsedDocument }>();

  function parse(document: TextDocument): ParsedDocument {
    const hit = cache.get(document.uri);
    if (hit && hit.version === document.version && hit.languageId === document.languageId) return hit.parsed;
    const parsed = parseDocument(document.getText(), document.languageId);
    cache.set(document.uri, { version: document.version, languageId: document.languageId, parsed });
    return parsed;
  }

  function findings(parsed: ParsedDocument): Finding[] {
    switch (parsed.kind) {
      case 'policy': {
        const context: PolicyContext = { file: parsed, catalog };
        return [...checkJsonSyntax(parsed), ...POLICY_CHECKS.flatMap((check) => check(context))];
      }
      case 'kubernetes':
        return checkYamlSyntax(parsed);
      case 'other':
        return [];
    }
  }

  function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic | undefined {
    const severity = severityOf(finding.code, settings);
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
      for (const finding of findings(parse(document))) {
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
