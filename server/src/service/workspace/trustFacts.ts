import { iamWildcard } from '../catalog/catalog';
import { federatedProviderNames, POD_IDENTITY_PRINCIPAL, trustedProviderKey } from '../catalog/oidc';
import { parseOperator } from '../catalog/operators';
import { isExpression } from '../parse/embedded';
import { stringItems, valueRange } from '../parse/json';
import { conditionsOf, Policy, principalOf, Statement } from '../parse/policy';
import { ConditionValue, SubjectCondition, TrustPolicyFacts, TrustProvider, TrustStatementFacts } from './facts';

const OIDC_PROVIDER_ARN = /^arn:[a-z-]+:iam::(\d{12}|\*)?:oidc-provider\/(.+)$/;

/** What the cross-file checks and navigation need of a trust policy, read from its model. */
export function trustFactsOf(policy: Policy, text: string): TrustPolicyFacts {
  return {
    range: { start: policy.root.offset, end: policy.root.offset + policy.root.length },
    statements: policy.statements.filter((s) => s.node.type === 'object').map((s) => statementFacts(s, text)),
  };
}

function statementFacts(statement: Statement, text: string): TrustStatementFacts {
  const actions = stringItems(statement.element.Action?.valueNode).map((a) => a.value as string);
  const grants = (action: string) => actions.some((a) => iamWildcard(a).test(action));
  const providers: TrustProvider[] = [];
  let podIdentity = false;
  const principal = principalOf(statement.element.Principal);
  const entries = principal?.form === 'object' ? principal.entries : [];
  // Any issuer: EKS's, a self-managed cluster's (kops, kind, k3s, an S3 bucket), or a docs placeholder.
  const federated = federatedProviderNames(entries.filter((e) => e.key === 'Federated').flatMap((e) => e.values.map((v) => String(v.value))));
  for (const entry of entries) {
    for (const value of entry.values) {
      const text_ = value.value as string;
      if (entry.key === 'Federated') {
        const match = OIDC_PROVIDER_ARN.exec(text_);
        if (match) providers.push({ host: match[2], account: match[1] === '*' ? undefined : match[1], range: valueRange(value, text) });
      } else if (entry.key === 'Service' && text_ === POD_IDENTITY_PRINCIPAL) {
        podIdentity = true;
      }
    }
  }
  const subjects: SubjectCondition[] = [];
  const audiences: ConditionValue[] = [];
  for (const block of conditionsOf(statement.element.Condition)) {
    const operator = parseOperator(block.key);
    if (!operator) continue;
    for (const entry of block.entries) {
      const key = trustedProviderKey(entry.key, federated);
      // A computed value (a template's reference) may admit anyone: such a condition is not judged.
      if (!key || entry.values.some(isExpression)) continue;
      const values = entry.values.filter((v) => v.type === 'string').map((v) => ({ value: v.value as string, range: valueRange(v, text) }));
      if (key.claim === 'sub') subjects.push({ operator: operator.base.name, provider: key.provider, values });
      else if (key.claim === 'aud') audiences.push(...values);
    }
  }
  return {
    range: { start: statement.node.offset, end: statement.node.offset + 1 },
    allow: statement.element.Effect?.valueNode?.value === 'Allow',
    webIdentity: grants('sts:AssumeRoleWithWebIdentity'),
    podIdentity,
    providers,
    subjects,
    audiences,
  };
}
