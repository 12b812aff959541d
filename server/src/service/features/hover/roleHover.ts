import { Hover, MarkupKind } from 'vscode-languageserver-types';
import { OffsetRange } from '../../parse/range';
import { ConditionValue, PermissionReference, RoleDefinition, RoleReference, SubjectCondition, TrustStatementFacts } from '../../workspace/facts';
import { Located, WorkspaceIndex } from '../../workspace/index';
import { displayName, ResolvedRole, resolveUse, serviceAccountsMatching, statementAdmits, subjectOfUse } from '../../workspace/roles';
import { NavigationTarget, targetAt } from '../navigation/targets';
import { permissionParagraphs } from '../permissions/permissionHover';
import { serviceAccountAt } from '../permissions/serviceAccountAt';
import { decodedUri } from '../../workspace/paths';
import { lineLink, lineNumber } from '../navigation/locations';
import { FeatureContext } from '../context';

/** How many subjects, and manifests per subject, a hover lists before "…". */
const LISTED = 3;

/**
 * Hover on a role ARN (the role, where it is defined, whom its trust admits, its permissions) and on
 * a trust policy's `:sub` value (the manifests it matches). Nothing elsewhere: other positions
 * belong to other hovers.
 */
export function findHover(context: FeatureContext, offset: number): Hover | null {
  // Navigation's places first (an association's ServiceAccount is also its role's use), then a ServiceAccount's name.
  const target = targetAt(context.facts, offset, ['subject', 'role-reference']) ?? targetAt(context.facts, offset, ['service-account', 'service-account-use']);
  if (!target) return null;
  const range = context.index.range(context.uri, target.range);
  if (!range) return null;
  const lines = hoverLines(context, target, offset);
  return lines ? { contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') }, range } : null;
}

function hoverLines(context: FeatureContext, target: Extract<NavigationTarget, { kind: HoverKind }>, offset: number): string[] | undefined {
  // A ServiceAccount's name (manifest, association, workload) or its role ARN: what its pods can do.
  const sa = serviceAccountAt(context.facts, offset, context.uri);
  const permissions = sa ? permissionParagraphs(context.permissions, sa) : [];
  switch (target.kind) {
    case 'role-reference': {
      const lines = roleHover(context, target.reference);
      return lines || permissions.length ? [...(lines ?? []), ...permissions] : undefined;
    }
    case 'subject':
      return subjectHover(context, target.condition, target.value);
    default:
      return permissions.length ? permissions : undefined;
  }
}

type HoverKind = 'subject' | 'role-reference' | 'service-account' | 'service-account-use';

function roleHover(context: FeatureContext, reference: RoleReference): string[] | undefined {
  const { index } = context;
  const resolved = resolveUse(reference, context.uri, index);
  if (!resolved) return undefined;
  const role = resolved.role;
  if (!resolved.arn) {
    // A template: the role is the one whose trust admits the ServiceAccount by its :sub.
    const subject = subjectOfUse(reference);
    const template =
      reference.kind === 'pod-identity'
        ? 'The role made for this Pod Identity association (no ARN written): linked by its namespace and ServiceAccount'
        : `The role ARN is a template: linked by the ServiceAccount's subject \`${subject}\``;
    if (!role || !resolved.trust)
      return [template, 'No role of the workspace admits this ServiceAccount by its `:sub`: iam-irsa cannot tell which role it will be.'];
    const heading = `**IAM role \`${role.fact.name ?? role.fact.label}\`** · path \`${role.fact.path}\`${resolved.account ? ` · account ${resolved.account}` : ''}`;
    return [
      heading,
      template,
      `Defined in ${fileLink(index, role.uri, role.fact.range)}`,
      ...trustLines(context, role, resolved as ResolvedRole, reference),
      permissionsLine(index, role),
    ];
  }
  const account = resolved.account ?? resolved.arn.account;
  const heading = `**IAM role \`${role?.fact.name ?? resolved.arn.name}\`** · path \`${role?.fact.path ?? resolved.arn.path}\` · account ${account}`;
  if (!role) return [heading, 'Not defined in the workspace: iam-irsa cannot show its trust policy or its permissions.'];
  return [heading, `Defined in ${fileLink(index, role.uri, role.fact.range)}`, ...trustLines(context, role, resolved, reference), permissionsLine(index, role)];
}

function trustLines(context: FeatureContext, role: Located<RoleDefinition>, resolved: Partial<ResolvedRole>, reference: RoleReference): string[] {
  const { index } = context;
  const trust = resolved.trust;
  if (!trust) {
    const declared = role.fact.trust;
    return [
      declared?.kind === 'file'
        ? `Trust policy \`${baseName(declared.uri)}\`: not in the workspace, or not a policy`
        : 'Trust policy: not given by the definition',
    ];
  }
  const where = fileLink(index, trust.uri, trust.fact.range);
  const allowed = trust.fact.statements.filter((s) => s.allow);
  const web = allowed.filter((s) => s.webIdentity);
  const lines: string[] = [];
  if (web.length > 0) {
    const open = web.some((s) => s.subjects.length === 0);
    const values = unique(
      web.flatMap((s) => s.subjects.filter((c) => !c.operator.includes('Not')).flatMap((c) => c.values.map((value) => ({ condition: c, value })))),
    );
    const items = values.slice(0, LISTED).map(({ condition, value }) => `- ${subjectSummary(context, condition, value)}`);
    if (values.length > LISTED) items.push(`- … and ${values.length - LISTED} more`);
    if (open) items.unshift('- any ServiceAccount of the cluster (a statement without `:sub` condition)');
    if (items.length === 0) items.push('- any ServiceAccount its negated `:sub` conditions do not exclude');
    lines.push(`Trust ${where} admits:\n${items.join('\n')}`);
    const sa = reference.serviceAccount;
    if (sa && reference.kind === 'irsa') {
      const admits = web.some((s: TrustStatementFacts) => statementAdmits(s, sa.namespace, sa.name));
      lines.push(admits ? `Admits this ServiceAccount, ${sa.namespace}/${sa.name}.` : `Does **not** admit this ServiceAccount, ${sa.namespace}/${sa.name}.`);
    }
  }
  if (allowed.some((s) => s.podIdentity)) lines.push(`Trust ${where} admits EKS Pod Identity (\`pods.eks.amazonaws.com\`)`);
  if (lines.length === 0) lines.push(`Trust ${where}: no Allow statement for web identity or Pod Identity`);
  return lines;
}

function subjectSummary(context: FeatureContext, condition: SubjectCondition, value: ConditionValue): string {
  const { index } = context;
  const groups = byServiceAccount(serviceAccountsMatching(condition.operator, value.value, index), context.uri);
  const operator = condition.operator === 'StringEquals' ? '' : ` (${condition.operator})`;
  return `\`${value.value}\`${operator}: ${groups.length === 0 ? 'no manifest in the workspace' : listGroups(index, groups)}`;
}

function permissionsLine(index: WorkspaceIndex, role: Located<RoleDefinition>): string {
  const permissions = role.fact.permissions;
  if (permissions.length === 0) return 'Permissions: none in the workspace';
  return `Permissions: ${permissions.map((p) => permission(index, role.uri, p)).join(', ')}`;
}

function permission(index: WorkspaceIndex, roleUri: string, p: PermissionReference): string {
  switch (p.kind) {
    case 'managed':
      return `\`${p.label}\` (managed)`;
    case 'file':
      return p.uri ? `[${escapeText(p.label)}](${escapeUrl(p.uri)})` : `\`${p.label}\``;
    case 'inline':
      return `[${escapeText(p.label)}](${escapeUrl(lineLink(index, roleUri, p.range))}) (inline)`;
  }
}

function subjectHover(context: FeatureContext, condition: SubjectCondition, value: ConditionValue): string[] | undefined {
  if (condition.operator.includes('Not')) return undefined;
  const { index } = context;
  const groups = byServiceAccount(serviceAccountsMatching(condition.operator, value.value, index), context.uri);
  const exact = condition.operator === 'StringEquals';
  if (groups.length === 0)
    return [
      exact
        ? `No ServiceAccount manifest in the workspace is \`${value.value}\`.`
        : `No ServiceAccount manifest in the workspace matches \`${value.value}\` (${condition.operator}).`,
    ];
  if (groups.length === 1 && exact)
    return [`\`${value.value}\` is the ServiceAccount ${groups[0].name}, defined in ${manifestLinks(index, groups[0].manifests).join(', ')}`];
  return [`\`${value.value}\`${exact ? '' : ` (${condition.operator})`} matches ${groups.length} ServiceAccounts: ${listGroups(index, groups)}`];
}

/** `team-b/x ([sa.yaml:12](…)), team-b/y ([sa.yaml:20](…))`, up to three, then "… and N more". */
function listGroups(index: WorkspaceIndex, groups: readonly { name: string; manifests: Manifest[] }[]): string {
  const listed = groups.slice(0, LISTED).map((g) => `${g.name} (${manifestLinks(index, g.manifests).join(', ')})`);
  if (groups.length > LISTED) listed.push(`… and ${groups.length - LISTED} more`);
  return listed.join(', ');
}

type Manifest = Located<{ readonly name: string; readonly namespace: string; readonly range: OffsetRange }>;

/** Manifests grouped by `namespace/name` (one ServiceAccount may be defined in several folders), nearest to `fromUri` first. */
function byServiceAccount(manifests: readonly Manifest[], fromUri: string): { name: string; manifests: Manifest[] }[] {
  const groups = new Map<string, Manifest[]>();
  const nearest = [...manifests].sort((a, b) => commonPrefix(b.uri, fromUri) - commonPrefix(a.uri, fromUri));
  for (const m of nearest) {
    const name = `${m.fact.namespace}/${m.fact.name}`;
    groups.set(name, [...(groups.get(name) ?? []), m]);
  }
  return [...groups].map(([name, list]) => ({ name, manifests: list }));
}

/** Links to manifests (up to three, then "… N more"), named by file, or by folder and file when two share a file name. */
function manifestLinks(index: WorkspaceIndex, manifests: readonly Manifest[]): string[] {
  const names = manifests.map((m) => baseName(m.uri));
  const links = manifests.slice(0, LISTED).map((m, i) => fileLink(index, m.uri, m.fact.range, names.indexOf(names[i]) !== names.lastIndexOf(names[i])));
  return manifests.length > LISTED ? [...links, `… ${manifests.length - LISTED} more`] : links;
}

/** `[create-roles.sh:6](file:///…/create-roles.sh#L6)` */
function fileLink(index: WorkspaceIndex, uri: string, range: OffsetRange, withFolder = false): string {
  const line = lineNumber(index, uri, range);
  return `[${escapeText(withFolder ? displayName(uri) : baseName(uri))}${line === undefined ? '' : `:${line}`}](${escapeUrl(lineLink(index, uri, range))})`;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function baseName(uri: string): string {
  return decodedUri(uri.slice(uri.lastIndexOf('/') + 1));
}

function unique<T extends { readonly value: ConditionValue }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.value.value) && (seen.add(i.value.value), true));
}

function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}

function escapeUrl(url: string): string {
  return url.replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29')).replace(/ /g, '%20');
}
