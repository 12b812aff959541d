import { isExpression } from '../parse/embedded';
import { valueRange } from '../parse/json';
import { Finding } from './finding';
import { PolicyCheck, PolicyContext } from './context';
import { openingBrace } from './structure';

export const CURRENT_VERSION = '2012-10-17';
export const LEGACY_VERSION = '2008-10-17';

/** The policy language version in force: policy variables exist only in 2012-10-17. */
export function effectiveVersion({ file }: PolicyContext): string {
  const value = file.policy.element.Version?.valueNode;
  // A computed Version (`var.policy_version`) is taken to be the current one: nothing is reported on a guess.
  if (isExpression(value)) return CURRENT_VERSION;
  return value?.type === 'string' && value.value === CURRENT_VERSION ? CURRENT_VERSION : LEGACY_VERSION;
}

export const versionChecks: PolicyCheck = { before: checkVersion };

function checkVersion({ file }: PolicyContext): Finding[] {
  const element = file.policy.element.Version;
  if (!element) {
    return [
      {
        code: 'MISSING_VERSION',
        ...openingBrace(file.policy.root),
        message: `The policy has no "Version": IAM reads it as "${LEGACY_VERSION}", where policy variables such as \${aws:username} are plain text. Add "Version": "${CURRENT_VERSION}"`,
        data: { insertVersion: CURRENT_VERSION },
      },
    ];
  }
  const value = element.valueNode;
  // A non-string is a DATA_TYPE_MISMATCH (structure).
  if (value?.type !== 'string' || value.value === CURRENT_VERSION || value.value === LEGACY_VERSION) return [];
  return [
    {
      code: 'INVALID_VERSION',
      ...valueRange(value, file.text),
      message: `Version "${value.value}" is not a policy language version: IAM accepts only "${CURRENT_VERSION}" (use it) or "${LEGACY_VERSION}" (legacy, no policy variables)`,
      data: { replacements: [CURRENT_VERSION] },
    },
  ];
}
