import { stringItems } from '../parse/json';
import { Policy } from '../parse/policy';
import { ActionExpander } from '../catalog/statementActions';
import { RolePermissions } from '../workspace/permissions';
import { BoundaryLocation, boundaryLocation } from './ask';
import { CompiledPolicy, compilePolicy } from './compile';
import { evaluateCompiled } from './evaluate';
import {
  modelOf,
  NOT_EVALUATED,
  RoleSummary,
  roleSummary,
  ServiceAccountSources,
  StatementLocation,
  statementLocation,
  UnknownSummary,
  unknownsOf,
} from './serviceAccount';

/** One action an Allow statement grants the ServiceAccount (after its role's denies and boundary). */
export interface PermissionRow {
  /** The service prefix (`s3`). */
  readonly service: string;
  /** `s3:GetObject`, spelled as the catalogue does. */
  readonly action: string;
  /** The catalogue's access level (`Read`, `Write`, …). */
  readonly accessLevel: string;
  /** The statement's resources (`*` for NotResource or none), the denied ones left out. */
  readonly resources: readonly string[];
  /** The statement has a Condition: the grant holds only when it matches. */
  readonly conditions: boolean;
  /** The role whose policy grants it. */
  readonly role: string;
  readonly statement: StatementLocation;
}

export interface EffectivePermissions {
  readonly namespace: string;
  readonly name: string;
  readonly roles: readonly RoleSummary[];
  /** By service, then action, then where the statement is. */
  readonly rows: readonly PermissionRow[];
  readonly unknowns: readonly UnknownSummary[];
  /** Per role with a boundary: the actions its policies grant that the boundary does not allow (left out of `rows`). */
  readonly outsideBoundary: readonly OutsideBoundary[];
  /** That SCPs, resource policies and session policies are not evaluated. */
  readonly note: string;
}

/** What a role's identity policies grant but its permissions boundary does not allow. */
export interface OutsideBoundary {
  readonly role: string;
  readonly boundary: BoundaryLocation;
  /** `service:Action`, sorted, each once. */
  readonly actions: readonly string[];
}

/**
 * What the pods of ServiceAccount `namespace/name` may do, from the files: each Allow statement of
 * its roles' policies expanded against the catalogue, less every (action, resource) an explicit Deny of
 * the role's policies (or boundary) denies whatever the context, and what the boundary does not allow.
 * A condition the request would decide keeps the row, marked as conditional.
 */
export function effectivePermissions(sources: ServiceAccountSources, namespace: string, name: string, manifest?: string): EffectivePermissions {
  const model = modelOf(sources, namespace, name, manifest);
  const expander = new ActionExpander(sources.catalog);
  const rows: PermissionRow[] = [];
  const outsideBoundary: OutsideBoundary[] = [];
  for (const role of model.roles) {
    const outside = new Set<string>();
    rows.push(...roleRows(sources, role, expander, outside));
    const boundary = boundaryLocation(sources, role);
    if (boundary && outside.size) outsideBoundary.push({ role: role.role.fact.name ?? role.role.fact.label, boundary, actions: [...outside].sort(compare) });
  }
  rows.sort(
    (a, b) =>
      compare(a.service, b.service) || compare(a.action, b.action) || compare(a.statement.file, b.statement.file) || a.statement.line - b.statement.line,
  );
  return {
    namespace,
    name,
    roles: model.roles.map((r) => roleSummary(sources, r, namespace, name)),
    rows,
    unknowns: unknownsOf(sources, model),
    outsideBoundary,
    note: NOT_EVALUATED,
  };
}

function roleRows(sources: ServiceAccountSources, role: RolePermissions, expander: ActionExpander, outside: Set<string>): PermissionRow[] {
  const rows: PermissionRow[] = [];
  const sieve = sieveOf(
    role.policies.map((p) => p.policy),
    role.boundary?.policy,
  );
  const roleName = role.role.fact.name ?? role.role.fact.label;
  for (const attached of role.policies) {
    for (const statement of attached.policy.statements) {
      if (statement.element.Effect?.valueNode?.value !== 'Allow') continue;
      const resourceNode = statement.element.Resource?.valueNode;
      const written = resourceNode ? stringItems(resourceNode).map((n) => n.value as string) : ['*'];
      const conditions = statement.element.Condition !== undefined;
      let location: StatementLocation | undefined;
      for (const action of expander.allowedBy(statement)) {
        const actionName = `${action.service}:${action.name}`;
        const verdicts = written.map((resource) => granted(actionName, resource, sieve));
        const resources = written.filter((_, i) => verdicts[i] === 'granted');
        if (resources.length === 0) {
          if (verdicts.includes('outside-boundary')) outside.add(actionName);
          continue;
        }
        location ??= statementLocation(sources, attached, statement);
        rows.push({ service: action.service, action: actionName, accessLevel: action.accessLevel, resources, conditions, role: roleName, statement: location });
      }
    }
  }
  return rows;
}

/**
 * What can take a grant away: the Deny statements of the role's policies and boundary (an Allow
 * never does), and the boundary. Compiled once per role: AWS managed policies such as ReadOnlyAccess
 * hold thousands of Allow patterns, which no row needs to match again.
 */
interface Sieve {
  readonly denies: readonly CompiledPolicy[];
  readonly boundary: CompiledPolicy | undefined;
}

function sieveOf(policies: readonly Policy[], boundary: Policy | undefined): Sieve {
  const denies = [...policies, ...(boundary ? [boundary] : [])]
    .map((p) => ({ statements: compilePolicy(p).statements.filter((s) => s.effect === 'Deny') }))
    .filter((p) => p.statements.length > 0);
  return { denies, boundary: boundary ? compilePolicy(boundary) : undefined };
}

/**
 * Whether the grant survives: no Deny of the role's policies or boundary matches it for sure, and the
 * boundary (when there is one) allows it, or may by the context. The context is partial: a condition
 * the request would decide keeps the grant.
 */
function granted(action: string, resource: string, sieve: Sieve): 'granted' | 'denied' | 'outside-boundary' {
  const request = { action, resource, complete: false };
  if (sieve.denies.length && evaluateCompiled(request, sieve.denies).decision === 'explicit-deny') return 'denied';
  if (!sieve.boundary) return 'granted';
  const decision = evaluateCompiled(request, [sieve.boundary]).decision;
  return decision === 'allowed' || decision === 'depends' ? 'granted' : 'outside-boundary';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
