import { serviceAccountOfSubject, subjectOf } from '../catalog/oidc';
import { matchesWildcard } from '../catalog/wildcard';
import { OffsetRange } from '../parse/range';
import { ConditionValue, RoleDefinition, RoleReference, ServiceAccountFact, TrustPolicyFacts, TrustStatementFacts } from './facts';
import { Located, parseRoleArn, RoleArn, WorkspaceIndex } from './index';
import { decodedUri } from './paths';

/**
 * Who may assume which role, across the files of the workspace: a role ARN resolved to its
 * definitions, a trust policy's statements judged against a ServiceAccount, and the ServiceAccounts
 * a `:sub` admits. The cross-file checks and the editor's navigation, hovers and fixes all ask here,
 * so that they agree.
 */

/** A role definition a role ARN may mean, with its trust policy and account. */
export interface ResolvedRole {
  readonly role: Located<RoleDefinition>;
  readonly trust: Located<TrustPolicyFacts> | undefined;
  /** The role's account: its definition's, or its trust's OIDC provider's. */
  readonly account: string | undefined;
}

/** The definitions a role ARN may mean, best first: same account, same path, nearest folder. */
export function resolveRoleReference(arn: RoleArn, fromUri: string, index: WorkspaceIndex): ResolvedRole[] {
  const candidates = index.rolesNamed(arn.name).map((role) => {
    const trust = index.trustOf(role);
    const account = role.fact.account ?? trust?.fact.statements.flatMap((s) => s.providers).find((p) => p.account)?.account;
    return { role, trust, account };
  });
  const score = (c: ResolvedRole) => (c.account === arn.account ? 4 : c.account === undefined ? 2 : 0) + (c.role.fact.path === arn.path ? 1 : 0);
  return candidates.sort((a, b) => score(b) - score(a) || commonPrefix(b.role.uri, fromUri) - commonPrefix(a.role.uri, fromUri));
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** A role ARN's text resolved as the cross-file checks resolve it: the best of its candidate definitions. */
export interface ResolvedArn extends Partial<ResolvedRole> {
  readonly arn: RoleArn;
}

/** Undefined for a value that is not a role ARN (IRSA_ROLE_ARN_FORMAT's business). */
export function resolveArn(arnText: string, fromUri: string, index: WorkspaceIndex): ResolvedArn | undefined {
  const arn = parseRoleArn(arnText);
  if (!arn) return undefined;
  const [best] = resolveRoleReference(arn, fromUri, index);
  return { arn, role: best?.role, trust: best?.trust, account: best?.account };
}

/**
 * A role use resolved as every cross-file feature resolves it: by its ARN, or, for a template
 * (`${ROLE_ARN}`, `{{ .Values.roleArn }}`), by the ServiceAccount's subject: the role whose trust
 * admits `system:serviceaccount:NS:NAME` by a `:sub` value. `arn` is undefined for a template.
 */
export interface ResolvedUse extends Partial<ResolvedRole> {
  readonly arn?: RoleArn;
  readonly bySubject: boolean;
}

/** Undefined for a value that is neither a role ARN nor a template with a ServiceAccount to link by. */
export function resolveUse(reference: RoleReference, fromUri: string, index: WorkspaceIndex): ResolvedUse | undefined {
  if (!reference.template) {
    const resolved = resolveArn(reference.arn, fromUri, index);
    return resolved && { ...resolved, bySubject: false };
  }
  const sa = reference.serviceAccount;
  if (!sa) return undefined;
  if (reference.kind === 'pod-identity') return { ...podIdentityRoleFor(sa, fromUri, index), bySubject: true };
  if (reference.kind !== 'irsa') return undefined;
  const [best] = rolesAdmittingBySubject(sa.namespace, sa.name, fromUri, index);
  return { ...best, bySubject: true };
}

/** The role a tool makes for one Pod Identity association (eksctl), in the file that asks for it. */
function podIdentityRoleFor(sa: ServiceAccountFact, fromUri: string, index: WorkspaceIndex): ResolvedRole | undefined {
  for (const fact of index.get(fromUri)?.facts.roles ?? []) {
    const role = { uri: fromUri, fact };
    const trust = index.trustOf(role);
    const made = trust?.fact.statements.some(
      (s) => s.podIdentity && s.podIdentityServiceAccounts?.some((a) => a.namespace === sa.namespace && a.name === sa.name),
    );
    if (trust && made) return { role, trust, account: fact.account };
  }
  return undefined;
}

/**
 * The roles whose trust lets the ServiceAccount assume them through a `:sub` value that names it
 * (StringEquals) or matches it (StringLike), not through the absence of one: exact names first,
 * then the nearest folder.
 */
export function rolesAdmittingBySubject(namespace: string, name: string, fromUri: string, index: WorkspaceIndex): ResolvedRole[] {
  const subject = subjectOf(namespace, name);
  const found: { resolved: ResolvedRole; exact: boolean }[] = [];
  for (const uri of index.trustFilesFor(namespace, name)) {
    for (const role of index.rolesTrusting(uri)) {
      const trust = index.trustOf(role);
      if (!trust || found.some((f) => sameRole(f.resolved.role, role))) continue;
      const admitting = trust.fact.statements.filter((s) => s.webIdentity && statementAdmits(s, namespace, name));
      const values = admitting.flatMap((s) =>
        s.subjects.filter((c) => !c.operator.includes('Not')).flatMap((c) => c.values.map((v) => ({ operator: c.operator, value: v.value }))),
      );
      const named = values.filter((v) => !v.value.includes('${') && valueAdmits(v.operator, v.value, subject));
      if (named.length === 0) continue;
      const account = role.fact.account ?? trust.fact.statements.flatMap((s) => s.providers).find((p) => p.account)?.account;
      found.push({ resolved: { role, trust, account }, exact: named.some((v) => v.operator === 'StringEquals' && v.value === subject) });
    }
  }
  return found
    .sort((a, b) => Number(b.exact) - Number(a.exact) || commonPrefix(b.resolved.role.uri, fromUri) - commonPrefix(a.resolved.role.uri, fromUri))
    .map((f) => f.resolved);
}

/** The subject a template role use is linked by: its ServiceAccount's. */
export function subjectOfUse(reference: RoleReference): string {
  const sa = reference.serviceAccount;
  return sa ? subjectOf(sa.namespace, sa.name) : '';
}

function sameRole(a: Located<RoleDefinition>, b: Located<RoleDefinition>): boolean {
  return a.fact === b.fact || (a.uri === b.uri && a.fact.range.start === b.fact.range.start && a.fact.name === b.fact.name);
}

/** The role ARNs in use anywhere in the workspace whose best definition is `role`. */
export function referencesOfRole(role: Located<RoleDefinition>, index: WorkspaceIndex): Located<RoleReference>[] {
  const byName = role.fact.name ? index.referencesTo(role.fact.name) : [];
  // Templates whose ServiceAccount this role's trust admits (cheap test first), and no other role's before it.
  const statements = index.trustOf(role)?.fact.statements ?? [];
  const templates = index.templateReferences().filter(({ uri, fact }) => {
    const sa = fact.serviceAccount;
    if (!sa) return false;
    if (fact.kind === 'pod-identity') return uri === role.uri && statements.some((s) => s.podIdentity);
    return statements.some((s) => s.webIdentity && s.subjects.length > 0 && statementAdmits(s, sa.namespace, sa.name));
  });
  return [...byName, ...templates].filter((reference) => {
    const resolved = resolveUse(reference.fact, reference.uri, index);
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

/** Whether one condition value admits a subject, under its operator (`${…}` variables are not judged: yes). */
export function valueAdmits(operator: string, value: string, subject: string): boolean {
  if (value.includes('${')) return true;
  switch (operator) {
    case 'StringEquals':
    case 'StringNotEquals':
      return value === subject;
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return value.toLowerCase() === subject.toLowerCase();
    case 'StringLike':
    case 'StringNotLike':
      return matchesWildcard(value, subject);
    default:
      return true;
  }
}

/** Whether a web identity statement lets the ServiceAccount `namespace/name` assume the role. */
export function statementAdmits(statement: TrustStatementFacts, namespace: string, name: string): boolean {
  if (!statement.allow || !statement.webIdentity) return false;
  const subject = subjectOf(namespace, name);
  return statement.subjects.every((condition) => {
    const hit = condition.values.some((v) => valueAdmits(condition.operator, v.value, subject));
    return condition.operator.includes('Not') ? !hit : hit;
  });
}

/** The `:sub` values that say who may assume the role (not those of negated operators). */
export function admittingValues(statement: TrustStatementFacts): ConditionValue[] {
  return statement.subjects.filter((c) => !c.operator.includes('Not')).flatMap((c) => c.values);
}

/** Every ServiceAccount manifest of the workspace. */
function allServiceAccounts(index: WorkspaceIndex): Located<ServiceAccountFact>[] {
  return [...index.all()].flatMap((file) => file.facts.serviceAccounts.map((fact) => ({ uri: file.uri, fact })));
}

/** The ServiceAccount manifests one `:sub` value matches under its operator (none for negated operators). */
export function serviceAccountsMatching(operator: string, value: string, index: WorkspaceIndex): Located<ServiceAccountFact>[] {
  if (operator.includes('Not')) return [];
  const exact = serviceAccountOfSubject(value);
  if (exact && operator === 'StringEquals') return index.serviceAccounts(exact.namespace, exact.name);
  return allServiceAccounts(index).filter((sa) => valueAdmits(operator, value, subjectOf(sa.fact.namespace, sa.fact.name)));
}

/** The ServiceAccount manifests of the workspace that a statement lets assume the role. */
export function serviceAccountsAdmitted(statement: TrustStatementFacts, index: WorkspaceIndex): Located<ServiceAccountFact>[] {
  return allServiceAccounts(index).filter((sa) => statementAdmits(statement, sa.fact.namespace, sa.fact.name));
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
      const value = statement.subjects
        .filter((c) => !c.operator.includes('Not'))
        .flatMap((c) => c.values.filter((v) => valueAdmits(c.operator, v.value, subject)))[0];
      return value?.range ?? statement.range;
    }
  }
  const statement = web[0] ?? allowed[0] ?? trust.statements[0];
  if (!statement) return undefined;
  return admittingValues(statement)[0]?.range ?? statement.range;
}

/** A short name for another file in a message: its folder and file name. */
export function displayName(uri: string): string {
  const parts = decodedUri(uri).split('/');
  return parts.slice(-2).join('/');
}
