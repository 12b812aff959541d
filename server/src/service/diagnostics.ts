import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../../../shared/protocol';
import { Finding } from './checks/finding';
import { Severity } from './checks/registry';
import { ServiceSettings, severityOf } from './settings';
import { lineStartsOf, Position, positionAt, WorkspaceIndex } from './workspace/index';

export const DOCS_BASE_URL = 'https://github.com/iam-irsa/iam-irsa/blob/main/docs/checks/';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Findings as LSP diagnostics: the severity the settings give each code (none for `off`), a docs link, related places in other files. */
export function toDiagnostics(document: TextDocument, findings: readonly Finding[], settings: ServiceSettings, index: WorkspaceIndex): Diagnostic[] {
  const result: Diagnostic[] = [];
  const positionOf = positionsIn(document.getText());
  for (const finding of findings) {
    const severity = severityOf(finding.code, settings, finding.severity);
    if (severity === 'off') continue;
    const diagnostic: Diagnostic = {
      range: { start: positionOf(finding.start), end: positionOf(finding.end) },
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
    result.push(diagnostic);
  }
  return result;
}

/**
 * `TextDocument.positionAt` for `text`, the line starts found natively (`lineStartsOf`) on the first call: the
 * library's own scan of a text for its line breaks, a character at a time, was 2% of the instructions of
 * `lint` over the AWS managed policies. As the library does, an offset is kept inside the text, and one
 * between a carriage return and its line feed is placed before them.
 */
export function positionsIn(text: string): (offset: number) => Position {
  let starts: Uint32Array | undefined;
  return (offset) => {
    starts ??= lineStartsOf(text);
    let at = Math.max(Math.min(offset, text.length), 0);
    const { line } = positionAt(starts, at);
    while (at > starts[line] && isLineBreak(text.charCodeAt(at - 1))) at--;
    return { line, character: at - starts[line] };
  };
}

function isLineBreak(code: number): boolean {
  return code === 13 || code === 10;
}
