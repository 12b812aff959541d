import { SyntaxNode } from '../../parse/treeSitter';
import { PermissionReference } from '../facts';
import { literalString, referenceOf, span, tupleItems } from './terraformHcl';

/**
 * A managed policy ARN as Terraform writes it: a literal (`"arn:aws:iam::aws:policy/ReadOnlyAccess"`,
 * a customer managed policy's ARN), `aws_iam_policy.X.arn` (the policy resource of the module, by
 * its address), or anything else, kept as written: computed, so said to be unknown.
 */
export function policyArn(expression: SyntaxNode | undefined): PermissionReference | undefined {
  if (!expression) return undefined;
  const literal = literalString(expression);
  if (literal) return { kind: 'managed', label: literal.value, range: literal.content };
  const reference = referenceOf(expression);
  if (reference?.[0] === 'aws_iam_policy' && reference.length === 3 && (reference[2] === 'arn' || reference[2] === 'id'))
    return { kind: 'managed', label: `aws_iam_policy.${reference[1]}`, range: span(expression) };
  return { kind: 'managed', label: expression.text, range: span(expression) };
}

/** `managed_policy_arns = [...]`: each item's ARN; a computed list is one unknown. */
export function policyArns(expression: SyntaxNode | undefined): PermissionReference[] {
  if (!expression) return [];
  const items = tupleItems(expression);
  if (!items) return [policyArn(expression)!];
  return items.map((item) => policyArn(item)!);
}
