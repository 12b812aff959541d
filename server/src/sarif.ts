import type { Artifact, ArtifactLocation, Log, ReportingConfiguration, ReportingDescriptor, Result } from 'sarif';
import { pathToFileURL } from 'url';
import { CHECKS, DOCS_BASE_URL, ServiceSettings, Severity } from './service';
import { FileReport, messageText, severityName } from './formats';

const LEVEL: Record<Severity, NonNullable<Result['level']>> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const SRCROOT = '%SRCROOT%';
const INFORMATION_URI = 'https://github.com/iam-irsa/iam-irsa';

export interface SarifOptions {
  /** The directory the `file` paths are relative to: `%SRCROOT%`. */
  readonly root: string;
  /** The settings in force, for the rule overrides of the invocation. */
  readonly settings: ServiceSettings;
  readonly version: string;
}

/**
 * SARIF 2.1.0, one run. Every check is a rule (in CHECKS order, so a ruleIndex means the same check
 * in every log of a version); severities changed or turned off by the config are the invocation's
 * rule configuration overrides. Regions are 1-based; LSP's exclusive end character is SARIF's
 * exclusive endColumn; columns count UTF-16 code units, as LSP does.
 */
export function formatSarif(reports: readonly FileReport[], options: SarifOptions): string {
  const codes = Object.keys(CHECKS) as (keyof typeof CHECKS)[];
  const ruleIndex = new Map<string, number>(codes.map((code, index) => [code, index]));
  const rules = codes.map((code): ReportingDescriptor => ({
    id: code,
    shortDescription: { text: CHECKS[code].title },
    helpUri: DOCS_BASE_URL + code + '.md',
    defaultConfiguration: { level: LEVEL[CHECKS[code].severity] },
  }));
  const ruleConfigurationOverrides = Object.entries(options.settings.checks)
    .filter(([code]) => ruleIndex.has(code))
    .map(([code, override]) => {
      const configuration: ReportingConfiguration = override === 'off' ? { enabled: false } : { level: LEVEL[override] };
      return { descriptor: { id: code, index: ruleIndex.get(code)! }, configuration };
    });
  const artifacts = reports.map((report): Artifact => ({ location: artifactLocation(report.file), roles: ['analysisTarget'] }));
  const results = reports.flatMap((report, artifactIndex) =>
    report.diagnostics.map((d): Result => {
      const code = String(d.code);
      const index = ruleIndex.get(code);
      return {
        ruleId: code,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: LEVEL[severityName(d)],
        message: { text: messageText(d) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { ...artifactLocation(report.file), index: artifactIndex },
              region: {
                startLine: d.range.start.line + 1,
                startColumn: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1,
              },
            },
          },
        ],
      };
    }),
  );
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'iam-irsa', version: options.version, informationUri: INFORMATION_URI, rules } },
        invocations: [{ executionSuccessful: true, ...(ruleConfigurationOverrides.length ? { ruleConfigurationOverrides } : {}) }],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.root) } },
        artifacts,
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function artifactLocation(file: string): ArtifactLocation {
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** A `file:` URI with the trailing slash SARIF requires of a base. */
function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : href + '/';
}
