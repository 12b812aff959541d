import { Location } from 'vscode-languageserver-types';
import { resolveRoleReference } from '../checks/links';
import { OffsetRange } from '../parse/range';
import { ConditionValue, RoleDefinition, RoleReference, ServiceAccountFact, TrustPolicyFacts, TrustStatementFacts } from '../workspace/facts';
import { Located, parseRoleArn, RoleArn, WorkspaceIndex } from '../workspace/index';
import { statementAdmits, subjectOf, valueAdmits } from '../workspace/trustFacts';

/** A role ARN resolved as the cross-file checks resolve it: the best of its candidate definitions. */
export interface ResolvedArn {
  readonly arn: RoleArn;
  readonly role: Located<RoleDefinition> | undefined;
  readonly trust: Located<TrustPolicyFacts> | undefined;
  /** The role's account: its definition's, or its trust's OIDC provider's. */
  readonly account: string | undefined;
}

/** Undefined for a value that is not a role ARN (IRSA_ROLE_ARN_FORMAT's business). */
export function resolveArn(arnText: string, fromUri: string, index: WorkspaceIndex): ResolvedArn | undefined {
  const arn = parseRoleArn(arnText);
  if (!arn) return undefined;
  const [best] = resolveRoleReference(arn, fromUri, index);
  return { arn, role: best?.role, trust: best?.trust, account: best?.account };
}

export function sameRole(a: Located<RoleDefinition>, b: Located<RoleDefinition>): boolean {
  return a.fact === b.fact || (a.uri === b.uri && a.fact.range.start === b.fact.range.start && a.fact.name === b.fact.name);
}

/** The role ARNs in use anywhere in the workspace whose best definition is `role`. */
export function referencesOfRole(role: Located<RoleDefinition>, index: WorkspaceIndex): Located<RoleReference>[] {
  if (!role.fact.name) return [];
  return index.referencesTo(role.fact.name).filter((reference) => {
    const resolved = resolveArn(reference.fact.arn, reference.uri, index);
    return resolved?.role !== undefined && sameRole(resolved.role, role);
  });
}

/** The roles whose trust policy is `policy` of the file `uri` (a trust policy file, or embedded there). */
export function rolesOfTrustPolicy(uri: string, policy: TrustPolicyFacts, index: WorkspaceIndex): Located<RoleDefinition>[] {
  return index.rolesTrusting(uri).filter((role) => {
    const trust = role.fact.trust;
    if (trust?.kind === 'file') return true;
    return trust?.kind === 'embedded' && role.uri === uri && trust.policy.range.start >= policy.range.start && trust.policy.range.end <= policy.range.end;
  });
}

/** Every ServiceAccount manifest of the workspace. */
export function allServiceAccounts(index: WorkspaceIndex): Located<ServiceAccountFact>[] {
  return [...index.all()].flatMap((file) => file.facts.serviceAccounts.map((fact) => ({ uri: file.uri, fact })));
}

const SUBJECT = /^system:serviceaccount:([^:*?$]+):([^:*?$]+)$/;

/** The ServiceAccount manifests one `:sub` value matches under its operator (none for negated operators). */
export function serviceAccountsMatching(operator: string, value: string, index: WorkspaceIndex): Located<ServiceAccountFact>[] {
  if (operator.includes('Not')) return [];
  const exact = SUBJECT.exec(value);
  if (exact && operator === 'StringEquals') return index.serviceAccounts(exact[1], exact[2]);
  return allServiceAccounts(index).filter((sa) => valueAdmits(operator, value, subjectOf(sa.fact.namespace, sa.fact.name)));
}

/** The ServiceAccount manifests of the workspace that a statement lets assume the role. */
export function serviceAccountsAdmitted(statement: TrustStatementFacts, index: WorkspaceIndex): Located<ServiceAccountFact>[] {
  return allServiceAccounts(index).filter((sa) => statementAdmits(statement, sa.fact.namespace, sa.fact.name));
}

/** The `:sub` values that say who may assume the role (not those of negated operators). */
export function admittingValues(statement: TrustStatementFacts): ConditionValue[] {
  return statement.subjects.filter((c) => !c.operator.includes('Not')).flatMap((c) => c.values);
}

/**
 * Where a role ARN's use meets the trust policy: the `:sub` that admits its ServiceAccount, else the
 * `:sub` that should (the first web identity statement's), else that statement; for a Pod Identity
 * association, the statement trusting pods.eks.amazonaws.com.
 */
export function trustSelection(trust: TrustPolicyFacts, reference: RoleReference): OffsetRange | undefined {
  const allowed = trust.statements.filter((s) => s.allow);
  if (reference.kind === 'pod-identity') {
    const statement = allowed.find((s) => s.podIdentity) ?? allowed[0] ?? trust.statements[0];
    return statement?.range;
  }
  const web = allowed.filter((s) => s.webIdentity);
  const sa = reference.serviceAccount;
  if (sa) {
    const subject = subjectOf(sa.namespace, sa.name);
    for (const statement of web) {
      if (!statementAdmits(statement, sa.namespace, sa.name)) continue;
      const value = statement.subjects.filter((c) => !c.operator.includes('Not')).flatMap((c) => c.values.filter((v) => valueAdmits(c.operator, v.value, subject)))[0];
      return value?.range ?? statement.range;
    }
  }
  const statement = web[0] ?? allowed[0] ?? trust.statements[0];
  if (!statement) return undefined;
  return admittingValues(statement)[0]?.range ?? statement.range;
}

export function locationOf(index: WorkspaceIndex, uri: string, range: OffsetRange): Location | undefined {
  const lspRange = index.range(uri, range);
  return lspRange ? { uri, range: lspRange } : undefined;
}

export function locationsOf(index: WorkspaceIndex, facts: readonly Located<{ readonly range: OffsetRange }>[]): Location[] {
  return facts.flatMap((f) => locationOf(index, f.uri, f.fact.range) ?? []);
}

/** A link to a place in a file as VS Code opens it: `file:///…#L6` (1-based line). */
export function lineLink(index: WorkspaceIndex, uri: string, range: OffsetRange): string {
  const line = index.range(uri, range)?.start.line;
  return line === undefined ? uri : `${uri}#L${line + 1}`;
}

/** 1-based line of an offset of an indexed file, as editors show it. */
export function lineNumber(index: WorkspaceIndex, uri: string, range: OffsetRange): number | undefined {
  const line = index.range(uri, range)?.start.line;
  return line === undefined ? undefined : line + 1;
}
