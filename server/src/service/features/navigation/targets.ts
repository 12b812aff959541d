import { OffsetRange } from '../../parse/range';
import {
  ConditionValue,
  FileFacts,
  PolicyFileReference,
  RoleDefinition,
  RoleReference,
  ServiceAccountFact,
  SubjectCondition,
  TrustPolicyFacts,
  TrustStatementFacts,
} from '../../workspace/facts';

/** A ServiceAccount named by something that runs as it: a workload's `serviceAccountName`, a Pod Identity association. */
export interface ServiceAccountUse {
  readonly namespace: string;
  readonly name: string;
  readonly range: OffsetRange;
}

/** A fact of a document that navigation knows, with the range the cursor must be in. */
export type NavigationTarget =
  | { readonly kind: 'role-reference'; readonly range: OffsetRange; readonly reference: RoleReference }
  | {
      readonly kind: 'subject';
      readonly range: OffsetRange;
      readonly value: ConditionValue;
      readonly condition: SubjectCondition;
      readonly statement: TrustStatementFacts;
      readonly policy: TrustPolicyFacts;
    }
  | { readonly kind: 'policy-file'; readonly range: OffsetRange; readonly reference: PolicyFileReference }
  | { readonly kind: 'service-account-use'; readonly range: OffsetRange; readonly use: ServiceAccountUse }
  | { readonly kind: 'service-account'; readonly range: OffsetRange; readonly serviceAccount: ServiceAccountFact }
  | { readonly kind: 'role-definition'; readonly range: OffsetRange; readonly role: RoleDefinition }
  | { readonly kind: 'trust-policy'; readonly range: OffsetRange; readonly policy: TrustPolicyFacts };

export type TargetKind = NavigationTarget['kind'];

/** The trust policies a file holds: policy files, and those embedded in its role definitions. */
export function trustPoliciesOf(facts: FileFacts): TrustPolicyFacts[] {
  const policies = [...facts.trustPolicies];
  for (const role of facts.roles) {
    const trust = role.trust;
    if (trust?.kind === 'embedded' && !policies.some((p) => p.range.start === trust.policy.range.start && p.range.end === trust.policy.range.end))
      policies.push(trust.policy);
  }
  return policies;
}

/** Every fact of the file under `offset` (a cursor just after a value still counts), innermost first. */
export function targetsAt(facts: FileFacts, offset: number): NavigationTarget[] {
  const found: NavigationTarget[] = [];
  const at = (range: OffsetRange) => range.start <= offset && offset <= range.end;
  for (const reference of facts.references) {
    const sa = reference.serviceAccount;
    // A Pod Identity association names its ServiceAccount in place; an annotation's is the manifest's own name.
    const use = reference.kind === 'pod-identity' && sa && at(sa.range);
    // An association whose role the tool makes stands on its ServiceAccount's name: that comes first.
    if (use && reference.template) found.push({ kind: 'service-account-use', range: sa.range, use: sa });
    if (at(reference.range)) found.push({ kind: 'role-reference', range: reference.range, reference });
    if (use && !reference.template) found.push({ kind: 'service-account-use', range: sa.range, use: sa });
  }
  for (const reference of facts.policyFiles) if (at(reference.range)) found.push({ kind: 'policy-file', range: reference.range, reference });
  for (const workload of facts.workloads) {
    if (workload.explicit && at(workload.range))
      found.push({
        kind: 'service-account-use',
        range: workload.range,
        use: { namespace: workload.namespace, name: workload.serviceAccountName, range: workload.range },
      });
  }
  for (const serviceAccount of facts.serviceAccounts)
    if (at(serviceAccount.range)) found.push({ kind: 'service-account', range: serviceAccount.range, serviceAccount });
  for (const role of facts.roles) if (at(role.range)) found.push({ kind: 'role-definition', range: role.range, role });
  for (const policy of trustPoliciesOf(facts)) {
    if (!at(policy.range)) continue;
    found.push({ kind: 'trust-policy', range: policy.range, policy });
    for (const statement of policy.statements) {
      for (const condition of statement.subjects) {
        for (const value of condition.values) if (at(value.range)) found.push({ kind: 'subject', range: value.range, value, condition, statement, policy });
      }
    }
  }
  return found.sort((a, b) => a.range.end - a.range.start - (b.range.end - b.range.start));
}

/** The innermost fact under `offset` among the kinds a feature answers for. */
export function targetAt<K extends TargetKind>(facts: FileFacts, offset: number, kinds: readonly K[]): Extract<NavigationTarget, { kind: K }> | undefined {
  return targetsAt(facts, offset).find((t): t is Extract<NavigationTarget, { kind: K }> => (kinds as readonly string[]).includes(t.kind));
}
