import { iamWildcard } from '../catalog/catalog';
import { EKS_DEFAULT_AUDIENCE, SERVICE_ACCOUNT_SUB_PREFIX, WEB_IDENTITY_DOMAINS } from '../catalog/oidc';
import { stringItems, valueRange } from '../parse/json';
import { rangeOf } from '../parse/range';
import { Finding } from './finding';
import { neverHoldsWhenAbsent, TrustStatement } from './irsaTrustStatement';

/** Missing conditions (IRSA_MISSING_SUB, IRSA_MISSING_AUD, MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL). */

const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

/** Claims that say who a token was issued to, as opposed to which client asked for it (`aud`) or how (`amr`). */
const NOT_SUBJECT_CLAIMS = new Set(['aud', 'amr', 'azp', 'oaud', 'iss']);

export function missingConditions(trust: TrustStatement, text: string): Finding[] {
  const { statement } = trust;
  if (!trust.allows || statement.element.NotAction) return [];
  if (!stringItems(statement.element.Action?.valueNode).some((a) => iamWildcard(a.value as string).test(WEB_IDENTITY))) return [];
  const findings: Finding[] = [];
  const where = {
    conditionRange: statement.element.Condition?.valueNode ? rangeOf(statement.element.Condition.valueNode) : undefined,
    statementRange: rangeOf(statement.node),
  };
  for (const provider of trust.providers) {
    const own = trust.claims.filter((c) => c.name === provider.name && c.operator?.base.name !== 'Null');
    // A condition on another provider's key that must be present locks this provider's tokens out anyway.
    const lockedOut = trust.claims.some((c) => c.name !== provider.name && neverHoldsWhenAbsent(c));
    if (lockedOut) continue;
    const issuer = provider.raw.replace(/^[a-z]+:\/\//i, '');
    const range = valueRange(provider.node, text);
    if (provider.eks) {
      // Any other claim of an EKS token (`:sbu`) is a misspelled :sub (the conditions family reports it).
      if (!own.some((c) => c.claim !== 'aud' && c.claim !== 'amr')) {
        findings.push({
          code: 'IRSA_MISSING_SUB',
          ...range,
          message: `No condition on "${issuer}:sub": every ServiceAccount of this cluster, in every namespace, gets tokens that AssumeRoleWithWebIdentity accepts, so any pod of the cluster can assume the role. Add "StringEquals": {"${issuer}:sub": "system:serviceaccount:<namespace>:<name>"}`,
          data: { provider: issuer, key: `${issuer}:sub`, value: `${SERVICE_ACCOUNT_SUB_PREFIX}<namespace>:<name>`, ...where },
        });
      }
      if (!own.some((c) => c.claim !== 'sub' && c.claim !== 'amr')) {
        findings.push({
          code: 'IRSA_MISSING_AUD',
          ...range,
          message: `No condition on "${issuer}:aud": the role accepts this cluster's tokens whatever audience they were issued for, not only those the pod identity webhook requests for STS. Add "${issuer}:aud": "${EKS_DEFAULT_AUDIENCE}" beside the :sub condition`,
          data: { provider: issuer, key: `${issuer}:aud`, value: EKS_DEFAULT_AUDIENCE, ...where },
        });
      }
      continue;
    }
    const domainClaim = WEB_IDENTITY_DOMAINS[provider.name];
    const scoped = domainClaim ? own.length > 0 : own.some((c) => !NOT_SUBJECT_CLAIMS.has(c.claim));
    if (scoped) continue;
    const claim = domainClaim ?? 'sub';
    findings.push({
      code: 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
      ...range,
      message: `No condition on "${issuer}:${claim}": anyone who can get a token from ${issuer}${issuer.startsWith('token.actions.githubusercontent.com') ? ' (any workflow of any GitHub repository)' : ''} can assume the role with AssumeRoleWithWebIdentity. Add a condition on "${issuer}:${claim}"${claim === 'sub' ? ' naming the subjects you trust' : ''}`,
      data: { provider: issuer, key: `${issuer}:${claim}`, ...where },
    });
  }
  return findings;
}
