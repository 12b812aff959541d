import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { Severity } from './service';

/** The CLI's findings for one checked file; `file` is relative to the working directory, with `/`. */
export interface FileReport {
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
}

export const SEVERITY_NAME: Record<DiagnosticSeverity, Severity> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

export function severityName(diagnostic: Diagnostic): Severity {
  return SEVERITY_NAME[diagnostic.severity ?? DiagnosticSeverity.Error];
}

/** LSP 3.18 allows markup in a message; the service writes plain text, and every format prints text. */
export function messageText(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/** The JSON contract of DESIGN.md: 0-based LSP positions, severities by name. */
export function formatJson(reports: readonly FileReport[]): string {
  const diagnostics = reports.flatMap((report) =>
    report.diagnostics.map((d) => ({
      file: report.file,
      range: d.range,
      severity: severityName(d),
      code: d.code,
      message: messageText(d),
    })),
  );
  return JSON.stringify({ version: 1, files: reports.map((r) => r.file), diagnostics }, null, 2) + '\n';
}

/** For people: a block per file with 1-based line:column, then a count. */
export function formatStylish(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const report of reports) {
    if (report.diagnostics.length === 0) continue;
    lines.push(report.file);
    for (const d of report.diagnostics) {
      const severity = severityName(d);
      counts[severity]++;
      const where = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
      lines.push(`  ${where.padEnd(8)} ${severity.padEnd(11)} ${messageText(d)}  ${d.code}`);
    }
    lines.push('');
  }
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const files = `${reports.length} file${reports.length === 1 ? '' : 's'}`;
  lines.push(
    total === 0
      ? `${files} checked, no problems`
      : `${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.information + counts.hint} info) in ${files} checked`,
  );
  return lines.join('\n') + '\n';
}
