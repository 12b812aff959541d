import { matchesWildcard } from '../catalog/wildcard';
import { Policy } from '../parse/policy';
import { OffsetRange } from '../parse/range';
import { CompiledPolicy, compilePolicy, CompiledStatement } from './compile';
import { evaluateCondition } from './conditions';
import { AccessRequest, RequestContext, requestContext } from './context';
import { isPattern, matchPattern, resolveTemplate } from './template';
import { and, every, isUnknown, not, or, some, Tri } from './tri';

/**
 * AWS's evaluation logic for identity policies and a permissions boundary (IAM user guide, "Policy
 * evaluation logic"): an explicit Deny in any of them wins; else an Allow of the identity policies,
 * which with a boundary must also be allowed by it; else the implicit deny. With a partial context,
 * an answer that unknown keys would decide is `depends`, naming them.
 */
export type Decision = 'allowed' | 'explicit-deny' | 'implicit-deny' | 'depends';

/** Where a statement is: the policy (its index among the identity policies, or the boundary), Sid, index, range. */
export interface StatementRef {
  readonly policy: number | 'boundary';
  readonly statement: number;
  readonly sid: string | undefined;
  readonly range: OffsetRange;
}

export interface Evaluation {
  readonly decision: Decision;
  /** `explicit-deny`: the first Deny statement that matches. */
  readonly deniedBy?: StatementRef;
  /** `allowed`: the identity policies' Allow statements that match. */
  readonly allowedBy?: readonly StatementRef[];
  /** `depends`: the condition keys (as written in the policies) whose values would decide. */
  readonly dependsOn?: readonly string[];
  /** `depends`: the statements that may or may not apply, by those keys. */
  readonly undecided?: readonly StatementRef[];
}

export function evaluate(request: AccessRequest, policies: readonly Policy[], boundary?: Policy): Evaluation {
  return evaluateCompiled(request, policies.map(compilePolicy), boundary ? compilePolicy(boundary) : undefined);
}

export function evaluateCompiled(request: AccessRequest, policies: readonly CompiledPolicy[], boundary?: CompiledPolicy): Evaluation {
  const context = requestContext(request.context, request.complete ?? true);
  const action = request.action.toLowerCase();
  const applies = (statement: CompiledStatement) => statementApplies(statement, action, request.resource, context);
  const ref = (policy: number | 'boundary', statement: CompiledStatement): StatementRef => ({
    policy,
    statement: statement.index,
    sid: statement.sid,
    range: statement.range,
  });

  let deny: Tri = false;
  const undecided: StatementRef[] = [];
  const all = boundary ? [...policies.map((p, i) => [i, p] as const), ['boundary', boundary] as const] : policies.map((p, i) => [i, p] as const);
  for (const [at, policy] of all) {
    for (const statement of policy.statements) {
      if (statement.effect !== 'Deny') continue;
      const result = applies(statement);
      if (result === true) return { decision: 'explicit-deny', deniedBy: ref(at, statement) };
      if (result !== false) undecided.push(ref(at, statement));
      deny = or(deny, result);
    }
  }

  let allow: Tri = false;
  const allowedBy: StatementRef[] = [];
  policies.forEach((policy, at) => {
    for (const statement of policy.statements) {
      if (statement.effect !== 'Allow') continue;
      const result = applies(statement);
      if (result === true) allowedBy.push(ref(at, statement));
      else if (result !== false) undecided.push(ref(at, statement));
      allow = or(allow, result);
    }
  });
  const bounded: Tri = boundary
    ? some(boundary.statements, (s) => {
        const result = s.effect === 'Allow' ? applies(s) : false;
        if (isUnknown(result)) undecided.push(ref('boundary', s));
        return result;
      })
    : true;
  const allowed = and(allow, bounded);

  if (allowed === false) return { decision: 'implicit-deny' };
  if (deny === false && allowed === true) return { decision: 'allowed', allowedBy };
  const keys = or(deny, allowed);
  return { decision: 'depends', dependsOn: isUnknown(keys) ? keys : isUnknown(deny) ? deny : [], undecided };
}

/** Action, then resource, then every condition (operators and keys ANDed). */
function statementApplies(statement: CompiledStatement, action: string, resource: string, context: RequestContext): Tri {
  const { actions, resources } = statement;
  if (actions.patterns.some((p) => matchesWildcard(p, action)) === actions.not) return false;
  const named = some(resources.templates, (template) => {
    const resolved = resolveTemplate(template, context);
    if (resolved === undefined) return false;
    return isPattern(resolved) ? matchPattern(resolved, resource) : resolved.unknown;
  });
  const inResources = resources.not ? not(named) : named;
  if (inResources === false) return false;
  return and(
    inResources,
    every(statement.conditions, (c) => evaluateCondition(c, context)),
  );
}
