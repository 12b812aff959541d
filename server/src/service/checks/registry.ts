/** Severities as users name them in settings and as the CLI prints them. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface CheckInfo {
  readonly code: string;
  readonly severity: Severity;
  /** One line: what the check reports. */
  readonly title: string;
}

function define<C extends string>(checks: Record<C, [Severity, string]>): Record<C, CheckInfo> {
  const result = {} as Record<C, CheckInfo>;
  for (const code of Object.keys(checks) as C[]) {
    const [severity, title] = checks[code];
    result[code] = { code, severity, title };
  }
  return result;
}

/**
 * Every diagnostic the engine can report. Codes are Access Analyzer's issue codes where it has one
 * (CHECKS.md); each has a page at docs/checks/<code>.md.
 */
export const CHECKS = define({
  JSON_SYNTAX_ERROR: ['error', 'The policy is not valid JSON as IAM reads it (no comments, no trailing commas)'],
  INVALID_VERSION: ['error', 'Version is neither 2012-10-17 nor 2008-10-17'],
  INVALID_EFFECT: ['error', 'Effect is not exactly Allow or Deny'],
  INVALID_SERVICE_IN_ACTION: ['error', 'The action names a service prefix that does not exist'],
  INVALID_ACTION: ['error', 'The action does not exist in its service, or a wildcard matches no action'],
  K8S_YAML_SYNTAX: ['error', 'The Kubernetes manifest is not valid YAML'],
});

export type CheckCode = keyof typeof CHECKS;

export function isCheckCode(code: string): code is CheckCode {
  return Object.prototype.hasOwnProperty.call(CHECKS, code);
}
