import { DocumentDiagnosticReport, DocumentDiagnosticReportKind } from 'vscode-languageserver/node';
import { Diagnostic } from 'vscode-languageserver-types';

/**
 * Pull diagnostics' result ids (LSP 3.17). The service gives the same list object while nothing it reads
 * changed, so each list gets one id. A client that sends back the id it holds (VS Code's does when it pulls
 * every other open document again after a change: `interFileDependencies`) is answered "unchanged".
 */
export class DiagnosticReports {
  private readonly ids = new WeakMap<Diagnostic[], string>();
  private count = 0;

  report(items: Diagnostic[], previousResultId: string | undefined): DocumentDiagnosticReport {
    let resultId = this.ids.get(items);
    if (resultId === undefined) this.ids.set(items, (resultId = String(++this.count)));
    if (previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
  }
}
