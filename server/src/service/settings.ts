import { CHECKS, isCheckCode, Severity } from './checks/registry';

export type SeverityOverride = Severity | 'off';

/** The options the service honours; the editor reads them from `iamIrsa.*`, the CLI from its config. */
export interface ServiceSettings {
  /** Per check code: another severity, or `off`. */
  readonly checks: Readonly<Record<string, SeverityOverride>>;
}

export const DEFAULT_SETTINGS: ServiceSettings = { checks: {} };

const OVERRIDES: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];

/** Settings as a user wrote them, checked: what is unusable is dropped and said in `problems`. */
export function readSettings(raw: unknown): { settings: ServiceSettings; problems: string[] } {
  const problems: string[] = [];
  const checks: Record<string, SeverityOverride> = {};
  const rawChecks = isObject(raw) ? raw.checks : undefined;
  if (rawChecks !== undefined && !isObject(rawChecks)) {
    problems.push('"checks" must be an object of check code → severity');
  } else if (rawChecks) {
    for (const [code, value] of Object.entries(rawChecks)) {
      if (!isCheckCode(code)) {
        problems.push(`"checks": unknown check code "${code}"`);
      } else if (typeof value !== 'string' || !OVERRIDES.includes(value)) {
        problems.push(`"checks.${code}": "${String(value)}" is not one of ${OVERRIDES.join(', ')}`);
      } else {
        checks[code] = value as SeverityOverride;
      }
    }
  }
  return { settings: { checks }, problems };
}

export function severityOf(code: string, settings: ServiceSettings): SeverityOverride {
  return settings.checks[code] ?? (isCheckCode(code) ? CHECKS[code].severity : 'error');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
