import { stringItems } from './json';
import { Policy } from './policy';

/** What a policy is attached to, which decides the elements it must and must not have. */
export type PolicyKind = 'identity' | 'trust' | 'resource';

export const POLICY_KINDS: readonly PolicyKind[] = ['identity', 'trust', 'resource'];

const ASSUME_ROLE = /^sts:(\*|assumerole.*|assume\*)$/i;
/** An action of STS, however misspelled its name: only a role's trust policy grants STS actions to a principal. */
const STS_ACTION = /^sts:/i;

/**
 * CHECKS.md's inference: a statement with a principal and an `sts:AssumeRole*` action makes a trust
 * policy, and so does one whose actions are all `sts:` actions (`sts:TagSession`, or a misspelled
 * `sts:AssumeRol3`: INVALID_ACTION says what is wrong, not the checks of another kind of policy);
 * a principal otherwise makes a resource policy; no principal, an identity policy. When only a
 * minority of statements has a principal, it is an identity policy with a stray principal (and
 * UNSUPPORTED_PRINCIPAL says so) rather than a resource policy missing most of its principals.
 */
export function inferPolicyKind(policy: Policy): PolicyKind {
  const withPrincipal = policy.statements.filter((s) => s.element.Principal || s.element.NotPrincipal);
  if (withPrincipal.length === 0 || withPrincipal.length * 2 < policy.statements.length) return 'identity';
  const trusts = withPrincipal.some((s) => {
    const actions = stringItems(s.element.Action?.valueNode).map((a) => a.value as string);
    return actions.some((a) => ASSUME_ROLE.test(a)) || (actions.length > 0 && actions.every((a) => STS_ACTION.test(a)));
  });
  return trusts ? 'trust' : 'resource';
}
