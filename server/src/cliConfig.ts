import { promises as fs } from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS, readSettings, ServiceSettings } from './service';

/** The config file looked for in the working directory when --config is not given. */
export const DEFAULT_CONFIG_FILE = '.iam-irsa.json';

/** The options of the editor's `iamIrsa.*` settings; `$schema` is let through for editors. */
const KEYS = ['checks', 'policyKinds', 'exclude', 'trustPolicyQuota', '$schema'];

/** A config file that cannot be used: exit 2, and the message names the file. */
export class ConfigError extends Error {}

export interface CliConfig {
  readonly settings: ServiceSettings;
  /** The file the settings came from, as the user would name it; undefined when none. */
  readonly file: string | undefined;
}

/**
 * `--config FILE` when given (it must exist), otherwise `.iam-irsa.json` in `cwd` when present,
 * otherwise the defaults. Every problem `readSettings` finds, and keys it does not know, are errors:
 * in CI a typo must fail loudly, not silently check with other settings.
 */
export async function loadConfig(explicit: string | undefined, cwd: string): Promise<CliConfig> {
  const file = explicit ?? DEFAULT_CONFIG_FILE;
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    text = await fs.readFile(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (explicit === undefined && code === 'ENOENT') return { settings: DEFAULT_SETTINGS, file: undefined };
    throw new ConfigError(
      `${file}: the config file cannot be read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? String(error))})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new ConfigError(`${file}: the config file is not valid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${file}: the config file must hold a JSON object such as {"checks": {"INVALID_ACTION": "warning"}}`);
  }
  const problems = Object.keys(raw)
    .filter((key) => !KEYS.includes(key))
    .map((key) => `"${key}" is not an option (options: ${KEYS.filter((k) => k !== '$schema').join(', ')})`);
  const read = readSettings(raw);
  problems.push(...read.problems);
  if (problems.length) throw new ConfigError(problems.map((problem) => `${file}: ${problem}`).join('\n'));
  return { settings: read.settings, file };
}
