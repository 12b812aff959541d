import { PolicyCheck, statementParses } from './context';
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
export const irsaChecks: PolicyCheck = {
  statement(statement, context): Finding[] {
    if (context.kind !== 'trust') return [];
    const { text } = context.file;
    const findings: Finding[] = [];
    const trust = readTrustStatement(statement);
    for (const provider of trust.providers) findings.push(...providerFormat(provider, text));
    findings.push(...claimKeyFindings(trust, text));
    for (const claim of trust.claims) findings.push(...claimValueFindings(claim, trust, text));
    // What a statement lacks is only judged once it parses: a condition being typed is not a missing one.
    if (!statementParses(statement, context)) return findings;
    findings.push(...missingConditions(trust, text));
    findings.push(...podIdentityUnscoped(statement, text));
    return findings;
  },
  after(context): Finding[] {
    // A partial document (Terraform's dynamic statements) may hold the missing actions.
    if (context.kind !== 'trust' || context.partial) return [];
    const { statements } = context.file.policy;
    return statements.every((s) => statementParses(s, context)) ? podIdentityActions(statements, context.file.text, context.catalog) : [];
  },
};
