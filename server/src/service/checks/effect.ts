import { suggest } from '../catalog/suggest';
import { valueRange } from '../parse/json';
import { Finding } from './finding';
import { PolicyContext } from './context';

const EFFECTS = ['Allow', 'Deny'];

export function checkEffect({ file }: PolicyContext): Finding[] {
  const findings: Finding[] = [];
  for (const statement of file.policy.statements) {
    const value = statement.element.Effect?.valueNode;
    if (!value) continue;
    if (value.type === 'string' && EFFECTS.includes(value.value)) continue;
    const text = value.type === 'string' ? (value.value as string) : file.text.slice(value.offset, value.offset + value.length);
    const replacements = value.type === 'string' ? suggest(text, EFFECTS, 1) : [];
    const hint = replacements.length ? `; did you mean "${replacements[0]}"?` : '';
    findings.push({
      code: 'INVALID_EFFECT',
      ...valueRange(value, file.text),
      message: `Effect ${value.type === 'string' ? `"${text}"` : text} is invalid: it must be exactly "Allow" or "Deny" (case-sensitive)${hint}`,
      data: replacements.length ? { replacements } : undefined,
    });
  }
  return findings;
}
