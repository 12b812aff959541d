import { valueRange } from '../parse/json';
import { Finding } from './finding';
import { PolicyContext } from './context';

export const CURRENT_VERSION = '2012-10-17';
export const LEGACY_VERSION = '2008-10-17';

export function checkVersion({ file }: PolicyContext): Finding[] {
  const value = file.policy.element.Version?.valueNode;
  if (!value) return [];
  if (value.type === 'string' && (value.value === CURRENT_VERSION || value.value === LEGACY_VERSION)) return [];
  const shown = value.type === 'string' ? `"${value.value}"` : file.text.slice(value.offset, value.offset + value.length);
  return [
    {
      code: 'INVALID_VERSION',
      ...valueRange(value, file.text),
      message: `Version ${shown} is not a policy language version: IAM accepts only "${CURRENT_VERSION}" (use it) or "${LEGACY_VERSION}" (legacy, no policy variables)`,
      data: { replacements: [CURRENT_VERSION] },
    },
  ];
}
