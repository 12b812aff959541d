import { promises as fs } from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'url';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { createLanguageService, loadCatalog } from './service';

const USAGE = `Usage: iam-irsa lint [--format stylish|json] PATH...

Checks AWS IAM policies (JSON whose top level has "Statement") and Kubernetes
ServiceAccount manifests (YAML with kind: ServiceAccount) under each PATH.
Directories are walked; node_modules and .git are skipped. Offline; no AWS credentials.

Options:
  --format stylish|json   output format (default: stylish)
  -h, --help              show this help
  -v, --version           show the version

Exit status: 0 no error-severity finding, 1 some, 2 usage or I/O error.`;

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
const LANGUAGE_BY_EXTENSION: Record<string, string> = { '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml' };
const SEVERITY_NAME: Record<DiagnosticSeverity, string> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

type Format = 'stylish' | 'json';

interface Options {
  readonly format: Format;
  readonly paths: readonly string[];
}

interface FileReport {
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
}

class UsageError extends Error {}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help' || rest.includes('--help') || rest.includes('-h')) {
      await write(process.stdout, USAGE + '\n');
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      await write(process.stdout, `${process.env.IAM_IRSA_VERSION ?? 'unknown'}\n`);
      return 0;
    }
    if (command !== 'lint') throw new UsageError(`unknown command "${command}"`);
    const options = parseOptions(rest);
    const files = await collectFiles(options.paths);
    const reports = await lint(files);
    const output = options.format === 'json' ? formatJson(reports) : formatStylish(reports);
    await write(process.stdout, output);
    return reports.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) ? 1 : 0;
  } catch (error) {
    const message = error instanceof UsageError ? `${error.message}\n\n${USAGE}` : String(error instanceof Error ? error.message : error);
    await write(process.stderr, `iam-irsa: ${message}\n`);
    return 2;
  }
}

function parseOptions(args: readonly string[]): Options {
  let format: Format = 'stylish';
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (value !== 'stylish' && value !== 'json') throw new UsageError(`--format must be stylish or json, not "${value ?? ''}"`);
      format = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option "${arg}"`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw new UsageError('no PATH given');
  return { format, paths };
}

/** The files to lint under each path, sorted; a missing path is an I/O error (exit 2). */
async function collectFiles(paths: readonly string[]): Promise<string[]> {
  const files = new Set<string>();
  for (const given of paths) {
    const stat = await fs.stat(given).catch(() => undefined);
    if (!stat) throw new Error(`${given}: no such file or directory`);
    if (stat.isDirectory()) await walk(given, files);
    else files.add(path.resolve(given));
  }
  return [...files].sort();
}

async function walk(directory: string, files: Set<string>): Promise<void> {
  const entries = await fs.readdir(directory, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.resolve(directory, entry.name);
    // Symbolic links to directories are not followed: a link loop must not hang the walk.
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(full, files);
    } else if (LANGUAGE_BY_EXTENSION[path.extname(entry.name).toLowerCase()] && (entry.isFile() || (await isLinkToFile(full)))) {
      files.add(full);
    }
  }
}

async function isLinkToFile(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isFile() === true;
}

async function lint(files: readonly string[]): Promise<FileReport[]> {
  const service = createLanguageService(await loadCatalog());
  const reports: FileReport[] = [];
  for (const file of files) {
    const languageId = LANGUAGE_BY_EXTENSION[path.extname(file).toLowerCase()];
    if (!languageId) continue;
    const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new Error(`${relative(file)}: cannot be read (${error.code ?? error.message})`);
    });
    const document = TextDocument.create(pathToFileURL(file).toString(), languageId, 1, text);
    reports.push({ file: relative(file), diagnostics: service.validate(document) });
  }
  return reports;
}

function relative(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/') || '.';
}

/** The JSON contract of DESIGN.md: 0-based LSP positions, severities by name. */
function formatJson(reports: readonly FileReport[]): string {
  const diagnostics = reports.flatMap((report) =>
    report.diagnostics.map((d) => ({
      file: report.file,
      range: d.range,
      severity: SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error],
      code: d.code,
      message: d.message,
    })),
  );
  return JSON.stringify({ version: 1, files: reports.map((r) => r.file), diagnostics }, null, 2) + '\n';
}

function formatStylish(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  const counts: Record<string, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const report of reports) {
    if (report.diagnostics.length === 0) continue;
    lines.push(report.file);
    for (const d of report.diagnostics) {
      const severity = SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error];
      counts[severity]++;
      const where = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
      lines.push(`  ${where.padEnd(8)} ${severity.padEnd(11)} ${d.message}  ${d.code}`);
    }
    lines.push('');
  }
  const total = counts.error + counts.warning + counts.information + counts.hint;
  lines.push(
    total === 0
      ? `${reports.length} file${reports.length === 1 ? '' : 's'} checked, no problems`
      : `${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.information + counts.hint} info) in ${reports.length} file${reports.length === 1 ? '' : 's'} checked`,
  );
  return lines.join('\n') + '\n';
}

/** Resolves once the stream has taken the data, so that a large output into a pipe arrives whole. */
function write(stream: NodeJS.WriteStream, data: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(data, (error) => (error ? reject(error) : resolve())));
}
