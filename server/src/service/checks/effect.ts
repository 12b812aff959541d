import { suggest } from '../catalog/suggest';
import { valueRange } from '../parse/json';
import { Finding } from './finding';
import { PolicyCheck } from './context';

const EFFECTS = ['Allow', 'Deny'];

export const effectChecks: PolicyCheck = {
  statement(statement, { file }): Finding[] {
    const value = statement.element.Effect?.valueNode;
    // A non-string is a DATA_TYPE_MISMATCH (structure).
    if (value?.type !== 'string' || EFFECTS.includes(value.value)) return [];
    const text = value.value as string;
    const replacements = suggest(text.trim(), EFFECTS, 1);
    const hint = replacements.length ? `; did you mean "${replacements[0]}"?` : '';
    return [
      {
        code: 'INVALID_EFFECT',
        ...valueRange(value, file.text),
        message: `Effect "${text}" is invalid: it must be exactly "Allow" or "Deny" (case-sensitive)${hint}`,
        data: replacements.length ? { replacements } : undefined,
      },
    ];
  },
};
