import { Statement } from '../parse/policy';
import { PolicyContext } from './context';
import { Finding } from './finding';
import { claimKeyFindings } from './irsaClaimKeys';
import { claimValueFindings } from './irsaClaimValues';
import { missingConditions } from './irsaMissingConditions';
import { providerFormat } from './irsaProviderFormat';
import { readTrustStatement } from './irsaTrustStatement';
import { podIdentityActions, podIdentityUnscoped } from './podIdentity';

/**
 * CHECKS.md section I: IRSA trust policies (the EKS OIDC provider, its `:sub` and `:aud`
 * conditions), other OIDC providers without a subject condition, and EKS Pod Identity trusts.
 * `https://` in a Federated ARN is the principals family's; unknown EKS claims the conditions family's.
 */
export function checkIrsa(context: PolicyContext): Finding[] {
  if (context.kind !== 'trust') return [];
  const { text } = context.file;
  const findings: Finding[] = [];
  // What a statement lacks is only judged once it parses: a condition being typed is not a missing one.
  const { errors } = context.file.json;
  const complete = (s: Statement) => !errors.some((e) => e.start >= s.node.offset && e.start <= s.node.offset + s.node.length);
  for (const statement of context.file.policy.statements) {
    const trust = readTrustStatement(statement);
    for (const provider of trust.providers) findings.push(...providerFormat(provider, text));
    findings.push(...claimKeyFindings(trust, text));
    for (const claim of trust.claims) findings.push(...claimValueFindings(claim, trust, text));
    if (!complete(statement)) continue;
    findings.push(...missingConditions(trust, text));
    findings.push(...podIdentityUnscoped(statement, text));
  }
  if (!context.partial && context.file.policy.statements.every(complete))
    findings.push(...podIdentityActions(context.file.policy.statements, text, context.catalog));
  return findings;
}
