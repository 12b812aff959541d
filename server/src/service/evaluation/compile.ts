import { JsonNode, stringItems } from '../parse/json';
import { buildConditions, Policy, PolicyElement } from '../parse/policy';
import { OffsetRange, rangeOf } from '../parse/range';
import { CompiledCondition, compileConditions } from './conditions';
import { compileTemplate, Template } from './template';

/** A statement read once for evaluation, keeping where it is (Sid, index, range) for the answer. */
export interface CompiledStatement {
  readonly index: number;
  readonly sid: string | undefined;
  /** The statement's object in the policy's text. */
  readonly range: OffsetRange;
  readonly effect: 'Allow' | 'Deny';
  /** Lower-cased action patterns; `not` when written as NotAction. */
  readonly actions: { readonly not: boolean; readonly patterns: readonly string[] };
  readonly resources: { readonly not: boolean; readonly templates: readonly Template[] };
  /** Compiled on first use: most statements of a question never get past their actions. */
  readonly conditions: readonly CompiledCondition[];
}

export interface CompiledPolicy {
  /** Only the statements that can apply: a malformed one (docs/evaluation.md) is left out. */
  readonly statements: readonly CompiledStatement[];
}

const compiled = new WeakMap<Policy, CompiledPolicy>();

/** Policy variables are read only under Version 2012-10-17; otherwise `${…}` is plain text (IAM user guide). */
export const VARIABLES_VERSION = '2012-10-17';

/** The compiled policy, kept with the model (the editor asks many questions of one policy). */
export function compilePolicy(policy: Policy): CompiledPolicy {
  let result = compiled.get(policy);
  if (!result) {
    result = compileOnce(policy);
    compiled.set(policy, result);
  }
  return result;
}

/** Without the cache: a batch compiles each question's policies once and drops them. */
export function compileOnce(policy: Policy): CompiledPolicy {
  const version = policy.element.Version?.valueNode;
  const variables = version?.type === 'string' && version.value === VARIABLES_VERSION;
  const statements: CompiledStatement[] = [];
  for (const statement of policy.statements) {
    const read = compileStatement(statement.node, statement.index, statement.element, variables);
    if (read) statements.push(read);
  }
  return { statements };
}

type Elements = Readonly<Partial<Record<'Sid' | 'Effect' | 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Condition', PolicyElement>>>;

function compileStatement(node: JsonNode, index: number, element: Elements, variables: boolean): CompiledStatement | undefined {
  if (node.type !== 'object') return undefined;
  const effect = element.Effect?.valueNode?.value;
  if (effect !== 'Allow' && effect !== 'Deny') return undefined;
  const actions = either(element.Action, element.NotAction);
  const resources = either(element.Resource, element.NotResource);
  if (!actions || !resources) return undefined;
  const condition = element.Condition;
  if (condition && condition.valueNode?.type !== 'object') return undefined;
  const sid = element.Sid?.valueNode?.type === 'string' ? (element.Sid.valueNode.value as string) : undefined;
  let conditions: readonly CompiledCondition[] | undefined;
  return {
    index,
    sid,
    range: rangeOf(node),
    effect,
    actions: { not: actions.not, patterns: actions.items.map((a) => a.toLowerCase()) },
    resources: { not: resources.not, templates: resources.items.map((r) => compileTemplate(r, variables)) },
    get conditions() {
      return (conditions ??= condition ? compileConditions(buildConditions(condition), variables) : []);
    },
  };
}

/** The strings of `Action` or of `NotAction` (exactly one must be there, as a string or an array). */
function either(positive: PolicyElement | undefined, negative: PolicyElement | undefined): { not: boolean; items: string[] } | undefined {
  if ((positive === undefined) === (negative === undefined)) return undefined;
  const node = (positive ?? negative)!.valueNode;
  if (node?.type !== 'string' && node?.type !== 'array') return undefined;
  return { not: positive === undefined, items: stringItems(node).map((n) => n.value as string) };
}
