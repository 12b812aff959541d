import { CONDITION_OPERATORS_URL, SET_QUALIFIERS_URL } from '../../catalog/docsLinks';
import { IF_EXISTS_MEANING, parseOperator, QUALIFIER_MEANING, VALUE_FORMAT } from '../../catalog/operators';
import { code, link } from '../markdown';

/** A condition operator, with its set qualifier and `IfExists`: what it compares and how its values are written. */
export function operatorHover(text: string): string[] | undefined {
  const operator = parseOperator(text);
  if (!operator) return undefined;
  const { base, qualifier, ifExists } = operator;
  const paragraphs = [`**${code(operator.canonical)}** · ${base.type} condition operator`, `${base.description}.`];
  if (base.negated && !ifExists) paragraphs.push('Negated: it also holds when the request does not carry the key.');
  paragraphs.push(`Values: ${VALUE_FORMAT[base.type]}${base.variables ? '; policy variables such as `${aws:username}` allowed' : '; no policy variables'}.`);
  if (qualifier) paragraphs.push(`${code(`${qualifier}:`)} ${QUALIFIER_MEANING[qualifier]}.`);
  if (ifExists) paragraphs.push(`${code('IfExists')}: ${IF_EXISTS_MEANING}.`);
  if (operator.text !== operator.canonical) paragraphs.push(`AWS spells it ${code(operator.canonical)}.`);
  paragraphs.push(
    link('Condition operators in the IAM User Guide', CONDITION_OPERATORS_URL) + (qualifier ? ` · ${link('set qualifiers', SET_QUALIFIERS_URL)}` : ''),
  );
  return paragraphs;
}
