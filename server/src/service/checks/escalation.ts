import { ActionCoverage } from '../catalog/actionCoverage';
import { JsonNode, properties, stringItems, valueRange } from '../parse/json';
import { Statement } from '../parse/policy';
import { OffsetRange, rangeOf } from '../parse/range';
import { Finding } from './finding';

/**
 * Known privilege escalation paths across a policy's statements (CHECKS.md section G), and what the
 * security checks ask of an Allow: which actions its patterns cover, on "*", without conditions.
 */

export function hasCondition(statement: Statement): boolean {
  // Asked of every statement on every keystroke: read without building the condition blocks.
  return properties(statement.element.Condition?.valueNode).some((block) => properties(block.valueNode).length > 0);
}

export function resourceIsStar(statement: Statement): boolean {
  return stringItems(statement.element.Resource?.valueNode).some((r) => r.value === '*');
}

/** Known ways to raise one's own privileges (Rhino Security Labs' list, trimmed): each row's actions together, allowed on "*". */
const ESCALATIONS: readonly { readonly actions: readonly string[]; readonly how: string }[] = [
  { actions: ['iam:CreatePolicyVersion'], how: 'write a new default version of a managed policy attached to the holder' },
  { actions: ['iam:SetDefaultPolicyVersion'], how: 'switch a managed policy attached to the holder to a broader older version' },
  { actions: ['iam:AttachUserPolicy'], how: "attach AdministratorAccess to the holder's user" },
  { actions: ['iam:AttachGroupPolicy'], how: "attach AdministratorAccess to the holder's group" },
  { actions: ['iam:AttachRolePolicy'], how: "attach AdministratorAccess to the holder's role" },
  { actions: ['iam:PutUserPolicy'], how: "write an inline policy granting anything into the holder's user" },
  { actions: ['iam:PutGroupPolicy'], how: "write an inline policy granting anything into the holder's group" },
  { actions: ['iam:PutRolePolicy'], how: "write an inline policy granting anything into the holder's role" },
  { actions: ['iam:CreateAccessKey'], how: 'create access keys for another user, an administrator included' },
  { actions: ['iam:CreateLoginProfile'], how: 'set a console password for another user and sign in as them' },
  { actions: ['iam:UpdateLoginProfile'], how: "change another user's console password and sign in as them" },
  { actions: ['iam:UpdateAssumeRolePolicy'], how: "rewrite a role's trust policy so the holder can assume it" },
  { actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], how: 'run a Lambda function with any role and use its permissions' },
  { actions: ['iam:PassRole', 'ec2:RunInstances'], how: 'launch an instance with any role and use its credentials' },
  { actions: ['iam:PassRole', 'cloudformation:CreateStack'], how: 'create a stack that acts with any role' },
  { actions: ['iam:PassRole', 'glue:CreateDevEndpoint'], how: 'open a Glue development endpoint with any role and use its credentials' },
];

interface Grant extends OffsetRange {
  /** How the message names what grants the action: `"iam:*"`, `"NotAction"`. */
  readonly label: string;
}

/** What grants an action in one statement: the Action item that names it, or the NotAction key. */
type GrantSource = { readonly pattern: string; readonly node: JsonNode } | { readonly notAction: JsonNode };

/** Every action some escalation path needs. */
const ESCALATION_ACTIONS = [...new Set(ESCALATIONS.flatMap((row) => row.actions))];

/** The actions the security checks watch (the escalation paths', iam:CreateServiceLinkedRole), each pattern matched against them once. */
export const watchedActions = new ActionCoverage([...ESCALATION_ACTIONS, 'iam:CreateServiceLinkedRole']);

/** Per Action / NotAction value: each watched action with the first item that covers it (the security checks and the escalation paths ask the same). */
const coveringItemsOf = new WeakMap<JsonNode, ReadonlyMap<string, JsonNode>>();

export function coveringItems(value: JsonNode): ReadonlyMap<string, JsonNode> {
  let covering = coveringItemsOf.get(value);
  if (!covering) coveringItemsOf.set(value, (covering = watchedActions.firstCoverings(stringItems(value), (item) => item.value as string)));
  return covering;
}

/**
 * What each statement grants of the escalation actions, kept with the statement: an edit re-parses
 * the statement it touches and keeps the others' `Statement` objects (parse/statementEdit.ts), and
 * this depends on the statement's content alone. Null for a statement that is no Allow on "*"
 * without conditions. Nodes, not ranges: a kept statement's nodes are moved with the text.
 */
const grantsOfStatement = new WeakMap<Statement, ReadonlyMap<string, GrantSource> | null>();

function grantsOf(statement: Statement): ReadonlyMap<string, GrantSource> | null {
  let grants = grantsOfStatement.get(statement);
  if (grants !== undefined) return grants;
  grants = null;
  if (statement.element.Effect?.valueNode?.value === 'Allow' && resourceIsStar(statement) && !hasCondition(statement)) {
    const { Action, NotAction } = statement.element;
    const value = (NotAction ?? Action)?.valueNode;
    const covering = value ? coveringItems(value) : new Map<string, JsonNode>();
    const found = new Map<string, GrantSource>();
    for (const action of ESCALATION_ACTIONS) {
      const node = covering.get(action);
      if (NotAction) {
        if (!node) found.set(action, { notAction: NotAction.keyNode });
      } else if (node) {
        found.set(action, { pattern: node.value as string, node });
      }
    }
    grants = found;
  }
  grantsOfStatement.set(statement, grants);
  return grants;
}

function grantOf(source: GrantSource, text: string): Grant {
  return 'notAction' in source
    ? { ...rangeOf(source.notAction), label: '"NotAction" (every action it does not list)' }
    : { ...valueRange(source.node, text), label: `"${source.pattern}"` };
}

export function privilegeEscalation(statements: readonly Statement[], text: string): Finding[] {
  const granting = statements.map(grantsOf).filter((grants) => grants !== null);
  if (granting.length === 0) return [];
  const grants = new Map<string, Grant | undefined>();
  const grant = (action: string): Grant | undefined => {
    if (grants.has(action)) return grants.get(action);
    // The first statement that grants it, as written.
    const source = granting.find((g) => g.has(action))?.get(action);
    const found = source && grantOf(source, text);
    grants.set(action, found);
    return found;
  };
  const byRange = new Map<string, { range: Grant; rows: string[] }>();
  for (const row of ESCALATIONS) {
    const ranges = row.actions.map(grant);
    if (ranges.some((r) => r === undefined)) continue;
    const range = ranges[0]!;
    const key = `${range.start}:${range.end}`;
    const at = byRange.get(key) ?? { range, rows: [] };
    at.rows.push(`${row.actions.join(' + ')} (${row.how})`);
    byRange.set(key, at);
  }
  return [...byRange.values()].map(({ range, rows }) => ({
    code: 'PRIVILEGE_ESCALATION',
    start: range.start,
    end: range.end,
    message: `${range.label} on "Resource": "*" allows ${rows.length > 1 ? 'known privilege escalation paths' : 'a known privilege escalation path'}: ${rows.slice(0, 3).join('; ')}${rows.length > 3 ? `; and ${rows.length - 3} more` : ''}. Scope "Resource" to the users, roles and policies the workload manages, or remove these actions`,
  }));
}
