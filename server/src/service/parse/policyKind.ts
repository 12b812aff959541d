import { stringItems } from './json';
import { Policy } from './policy';

/** What a policy is attached to, which decides the elements it must and must not have. */
export type PolicyKind = 'identity' | 'trust' | 'resource';

export const POLICY_KINDS: readonly PolicyKind[] = ['identity', 'trust', 'resource'];

const ASSUME_ROLE = /^sts:(\*|assumerole.*|assume\*)$/i;

/**
 * CHECKS.md's inference: a statement with a principal and an `sts:AssumeRole*` action makes a trust
 * policy; a principal otherwise makes a resource policy; no principal, an identity policy. When only
 * a minority of statements has a principal, it is an identity policy with a stray principal (and
 * UNSUPPORTED_PRINCIPAL says so) rather than a resource policy missing most of its principals.
 */
export function inferPolicyKind(policy: Policy): PolicyKind {
  const withPrincipal = policy.statements.filter((s) => s.element.Principal || s.element.NotPrincipal);
  if (withPrincipal.length === 0 || withPrincipal.length * 2 < policy.statements.length) return 'identity';
  const assumes = withPrincipal.some((s) => stringItems(s.element.Action?.valueNode).some((a) => ASSUME_ROLE.test(a.value as string)));
  return assumes ? 'trust' : 'resource';
}
