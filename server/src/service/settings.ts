import { CHECKS, isCheckCode, Severity } from './checks/registry';
import { POLICY_KINDS, PolicyKind } from './parse/policyKind';

export type SeverityOverride = Severity | 'off';

/** The options the service honours; the editor reads them from `iamIrsa.*`, the CLI from its config. */
export interface ServiceSettings {
  /** Per check code: another severity, or `off`. */
  readonly checks: Readonly<Record<string, SeverityOverride>>;
  /** Glob → policy kind: matching JSON files are policies of that kind, whatever their content. */
  readonly policyKinds: Readonly<Record<string, PolicyKind>>;
  /** Globs of files that get no diagnostics. */
  readonly exclude: readonly string[];
  /** The account's raised role trust policy quota, in characters (default 2,048). */
  readonly trustPolicyQuota: number | undefined;
}

export const DEFAULT_SETTINGS: ServiceSettings = { checks: {}, policyKinds: {}, exclude: [], trustPolicyQuota: undefined };

const OVERRIDES: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];

/** Settings as a user wrote them, checked: what is unusable is dropped and said in `problems`. */
export function readSettings(raw: unknown): { settings: ServiceSettings; problems: string[] } {
  const problems: string[] = [];
  const source = isObject(raw) ? raw : {};
  const checks: Record<string, SeverityOverride> = {};
  for (const [code, value] of entriesOf(source.checks, 'checks', 'an object of check code → severity', problems)) {
    if (!isCheckCode(code)) problems.push(`"checks": unknown check code "${code}"`);
    else if (typeof value !== 'string' || !OVERRIDES.includes(value))
      problems.push(`"checks.${code}": "${String(value)}" is not one of ${OVERRIDES.join(', ')}`);
    else checks[code] = value as SeverityOverride;
  }
  const policyKinds: Record<string, PolicyKind> = {};
  for (const [glob, kind] of entriesOf(source.policyKinds, 'policyKinds', 'an object of glob → policy kind', problems)) {
    if (typeof kind === 'string' && (POLICY_KINDS as readonly string[]).includes(kind)) policyKinds[glob] = kind as PolicyKind;
    else problems.push(`"policyKinds.${glob}": "${String(kind)}" is not one of ${POLICY_KINDS.join(', ')}`);
  }
  let exclude: string[] = [];
  if (source.exclude !== undefined) {
    if (Array.isArray(source.exclude) && source.exclude.every((g) => typeof g === 'string')) exclude = source.exclude as string[];
    else problems.push('"exclude" must be an array of glob strings');
  }
  let trustPolicyQuota: number | undefined;
  if (source.trustPolicyQuota !== undefined && source.trustPolicyQuota !== null) {
    if (typeof source.trustPolicyQuota === 'number' && Number.isInteger(source.trustPolicyQuota) && source.trustPolicyQuota > 0)
      trustPolicyQuota = source.trustPolicyQuota;
    else problems.push('"trustPolicyQuota" must be a positive whole number of characters');
  }
  return { settings: { checks, policyKinds, exclude, trustPolicyQuota }, problems };
}

/** The user's setting for the code, else the finding's own severity, else the code's default. */
export function severityOf(code: string, settings: ServiceSettings, findingSeverity?: Severity): SeverityOverride {
  return settings.checks[code] ?? findingSeverity ?? (isCheckCode(code) ? CHECKS[code].severity : 'error');
}

function entriesOf(value: unknown, name: string, expected: string, problems: string[]): [string, unknown][] {
  if (value === undefined || value === null) return [];
  if (!isObject(value)) {
    problems.push(`"${name}" must be ${expected}`);
    return [];
  }
  return Object.entries(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
