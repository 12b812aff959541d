import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { CAN_USAGE, runCan } from './cliCan';
import { ConfigError, DEFAULT_CONFIG_FILE, loadConfig } from './cliConfig';
import { EXPLAIN_USAGE, runExplain } from './cliExplain';
import { lint } from './cliLint';
import { WARMED_UP } from './codeCache';
import { collectFiles, write } from './cliWorkspace';
import { formatJson, formatStylish } from './formats';
import { formatSarif } from './sarif';

const USAGE = `Usage: iam-irsa lint [--format stylish|json|sarif] [--config FILE] PATH...

Checks AWS IAM policies (JSON whose top level has "Statement") and Kubernetes
ServiceAccount manifests (YAML with kind: ServiceAccount) under each PATH.
Directories are walked; node_modules and .git are skipped. Offline; no AWS credentials.
Access assertions files (iam-irsa.access.yaml, *.access.yaml: "payments/* cannot iam:*") are
checked against the roles of the matching ServiceAccounts (docs/access-assertions.md).

Options:
  --format stylish|json|sarif  output format (default: stylish); sarif is SARIF 2.1.0
                               with paths relative to the working directory (%SRCROOT%)
  --config FILE                settings file (default: ${DEFAULT_CONFIG_FILE} in the working
                               directory, if there is one)
  -h, --help                   show this help
  -v, --version                show the version

Config file: the options of the editor's iamIrsa.* settings, as JSON:
  {
    "checks": { "INVALID_ACTION": "warning", "MISSING_VERSION": "off" },
    "policyKinds": { "iam/trust/*.json": "trust" },
    "exclude": ["vendor/**", "**/*.template.json"],
    "trustPolicyQuota": 4096
  }
  checks: error, warning, information, hint or off per check code. policyKinds: glob to
  identity, trust or resource; matching files are checked as that kind. Globs match
  absolute paths; one without a leading / or ** matches anywhere (vendor/** is any
  vendor folder). An excluded file is not checked, even when named as a PATH (a note
  says so on stderr). An unreadable or invalid config file is a usage error.

Exit status: 0 no error-severity finding, 1 some, 2 usage, config or I/O error.

${EXPLAIN_USAGE}

${CAN_USAGE}`;

const FORMATS = ['stylish', 'json', 'sarif'] as const;

type Format = (typeof FORMATS)[number];

interface Options {
  readonly format: Format;
  readonly config: string | undefined;
  readonly paths: readonly string[];
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
      await write(process.stdout, `${version()}\n`);
      return 0;
    }
    if (command === 'can') return await runCan(rest, write);
    if (command === 'explain') return await runExplain(rest, write);
    if (command !== 'lint') throw new UsageError(`unknown command "${command}"`);
    const options = parseOptions(rest);
    const cwd = process.cwd();
    const config = await loadConfig(options.config, cwd);
    const files = await collectFiles(options.paths, config.settings, config.file);
    const reports = await lint(files, config.settings);
    const output =
      options.format === 'json'
        ? formatJson(reports)
        : options.format === 'sarif'
          ? formatSarif(reports, { root: cwd, settings: config.settings, version: version() })
          : formatStylish(reports);
    await write(process.stdout, output);
    // At the first run after an install: the code cache is written again with what this lint compiled.
    (process as NodeJS.EventEmitter).emit(WARMED_UP);
    return reports.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) ? 1 : 0;
  } catch (error) {
    const message = error instanceof UsageError ? `${error.message}\n\n${USAGE}` : String(error instanceof Error ? error.message : error);
    const lines = error instanceof ConfigError ? message.split('\n') : [message];
    await write(process.stderr, lines.map((line) => `iam-irsa: ${line}\n`).join(''));
    return 2;
  }
}

function version(): string {
  return process.env.IAM_IRSA_VERSION ?? 'unknown';
}

function parseOptions(args: readonly string[]): Options {
  let format: Format = 'stylish';
  let config: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const option = arg.startsWith('--') ? arg.split('=')[0] : arg;
    const value = () => {
      const given = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (given === undefined || given === '') throw new UsageError(`${option} needs a value`);
      return given;
    };
    if (option === '--format') {
      const given = value();
      if (!(FORMATS as readonly string[]).includes(given))
        throw new UsageError(`--format must be ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS[FORMATS.length - 1]}, not "${given}"`);
      format = given as Format;
    } else if (option === '--config') {
      config = value();
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option "${arg}"`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw new UsageError('no PATH given');
  return { format, config, paths };
}
