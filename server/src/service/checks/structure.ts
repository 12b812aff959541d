import { parseOperator } from '../catalog/operators';
import { suggest } from '../catalog/suggest';
import { isExpression } from '../parse/embedded';
import { JsonNode, properties, stringItems, valueRange } from '../parse/json';
import { POLICY_ELEMENTS, PolicyElement, Statement, STATEMENT_ELEMENTS } from '../parse/policy';
import { OffsetRange, rangeOf } from '../parse/range';
import { Finding } from './finding';
import { PolicyCheck, PolicyContext } from './context';

/** The opening brace of an object: where a missing element is reported. */
export function openingBrace(node: JsonNode): OffsetRange {
  return { start: node.offset, end: node.offset + 1 };
}

const JSON_TYPE_NAMES: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
};

/** Section A of CHECKS.md: the shape of the policy, its statements and their elements. */
export const structureChecks: PolicyCheck = {
  before: checkStructure,
  // The document's walk for duplicate keys stops at statements: each statement's keys are its own.
  statement: (statement, context) => [...duplicateKeys(statement.node, context.file.text), ...checkStatementShape(statement, context)],
};

function checkStructure(context: PolicyContext): Finding[] {
  const { file } = context;
  const { policy } = file;
  const findings: Finding[] = [];
  findings.push(...duplicateKeys(file.json.root, file.text, new Set(policy.statements.map((s) => s.node))));
  findings.push(...unknownElements(policy.elements, POLICY_ELEMENTS, 'the policy', file.text));

  const statement = policy.element.Statement;
  if (!statement) {
    if (!context.partial)
      findings.push({
        code: 'MISSING_STATEMENT',
        ...openingBrace(policy.root),
        message: 'The policy has no "Statement": it grants and denies nothing. Add "Statement": [ { "Effect": …, "Action": …, … } ]',
      });
  } else if (statement.valueNode && !isExpression(statement.valueNode) && statement.valueNode.type !== 'array' && statement.valueNode.type !== 'object') {
    findings.push(typeMismatch(statement, 'an object or an array of objects', file.text));
  }
  for (const element of [policy.element.Version, policy.element.Id]) {
    if (element?.valueNode && !isExpression(element.valueNode) && element.valueNode.type !== 'string')
      findings.push(typeMismatch(element, 'a string', file.text));
  }
  return findings;
}

function checkStatementShape(statement: Statement, context: PolicyContext): Finding[] {
  const { text } = context.file;
  if (isExpression(statement.node)) return [];
  if (statement.node.type !== 'object') {
    return [{ code: 'DATA_TYPE_MISMATCH', ...rangeOf(statement.node), message: `A statement must be an object, not ${JSON_TYPE_NAMES[statement.node.type]}` }];
  }
  const findings: Finding[] = [];
  const el = statement.element;
  findings.push(...unknownElements(statement.elements, STATEMENT_ELEMENTS, 'a statement', text));
  const where = openingBrace(statement.node);
  if (!el.Effect)
    findings.push({
      code: 'MISSING_EFFECT',
      ...where,
      message: 'This statement has no "Effect": add "Effect": "Allow" or "Effect": "Deny" (IAM rejects the policy without it)',
    });
  if (!el.Action && !el.NotAction)
    findings.push({
      code: 'MISSING_ACTION',
      ...where,
      message: 'This statement has neither "Action" nor "NotAction": it applies to no action (IAM rejects the policy)',
    });
  if (context.kind !== 'trust' && !el.Resource && !el.NotResource && !(context.kind === 'resource' && implicitResource(statement))) {
    findings.push({
      code: 'MISSING_RESOURCE',
      ...where,
      message: `This statement has neither "Resource" nor "NotResource", which ${context.kind === 'identity' ? 'an identity' : 'a resource'} policy needs: add "Resource": "*" or the ARNs it applies to`,
    });
  }
  if (context.kind !== 'identity' && !el.Principal && !el.NotPrincipal) {
    findings.push({
      code: 'MISSING_PRINCIPAL',
      ...where,
      message: `This statement has no "Principal", which ${context.kind === 'trust' ? 'a trust' : 'a resource'} policy needs: say who it applies to`,
    });
  }
  if (context.kind === 'identity') {
    for (const element of [el.Principal, el.NotPrincipal]) {
      if (element) {
        findings.push({
          code: 'UNSUPPORTED_PRINCIPAL',
          ...valueRange(element.keyNode, text),
          message: `"${element.key}" is not allowed in an identity policy: the principal is whoever the policy is attached to. Remove it, or pin this file as a resource or trust policy (iamIrsa.policyKinds)`,
        });
      }
    }
  }
  for (const [first, second] of [
    [el.Action, el.NotAction],
    [el.Resource, el.NotResource],
    [el.Principal, el.NotPrincipal],
  ] as const) {
    if (first && second) {
      findings.push({
        code: 'UNSUPPORTED_ELEMENT_COMBINATION',
        ...valueRange(second.keyNode, text),
        message: `"${first.key}" and "${second.key}" cannot be in one statement: IAM rejects it. Keep one, or split the statement in two`,
      });
    }
  }
  findings.push(...elementTypes(statement, text));
  findings.push(...emptyContainers(statement));
  return findings;
}

/** Repository policies (ECR) are attached to the one resource they govern and take no Resource. */
const IMPLICIT_RESOURCE_SERVICES = new Set(['ecr', 'ecr-public']);

function implicitResource(statement: Statement): boolean {
  const actions = stringItems(statement.element.Action?.valueNode);
  return actions.length > 0 && actions.every((a) => IMPLICIT_RESOURCE_SERVICES.has((a.value as string).split(':')[0].toLowerCase()));
}

/** `Statment`, `Actions`, `effect`: keys the policy language does not have at this level. */
function unknownElements(elements: readonly PolicyElement[], known: readonly string[], level: string, text: string): Finding[] {
  const findings: Finding[] = [];
  for (const element of elements) {
    if (known.includes(element.key)) continue;
    const replacements = suggest(element.key, known, 1);
    const hint = replacements.length ? `; did you mean "${replacements[0]}"?` : ` (it takes ${known.join(', ')})`;
    findings.push({
      code: 'INVALID_POLICY_ELEMENT',
      ...valueRange(element.keyNode, text),
      message: `"${element.key}" is not an element of ${level}: IAM rejects the policy${hint}`,
      data: replacements.length ? { replacements } : undefined,
    });
  }
  return findings;
}

/** In every object of the document: the same key twice, or in two cases (`Effect` and `effect`). */
function duplicateKeys(root: JsonNode | undefined, text: string, skip?: ReadonlySet<JsonNode>): Finding[] {
  const findings: Finding[] = [];
  const visit = (node: JsonNode) => {
    const children = node.children;
    if (!children) return;
    // An object of one property has no duplicate: most of a policy's objects (its strings have no children at all).
    if (node.type === 'object' && children.length > 1) {
      const seen = new Map<string, string>();
      for (const member of children) {
        // The keys as `properties` reads them, without building its list.
        const keyNode = member.children?.[0];
        if (!keyNode || typeof keyNode.value !== 'string') continue;
        const key = keyNode.value;
        const folded = key.toLowerCase();
        const earlier = seen.get(folded);
        if (earlier !== undefined) {
          const message =
            earlier === key
              ? `"${key}" appears twice in this object: only one of the two would be read. Merge them`
              : `"${key}" and "${earlier}" differ only in case: IAM rejects duplicate keys in different case. Merge them into "${earlier}"`;
          findings.push({ code: 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE', ...valueRange(keyNode, text), message });
        } else {
          seen.set(folded, key);
        }
      }
    }
    for (const child of children) if (child.children && !skip?.has(child)) visit(child);
  };
  if (root) visit(root);
  return findings;
}

function typeMismatch(element: PolicyElement, expected: string, text: string): Finding {
  const node = element.valueNode!;
  return {
    code: 'DATA_TYPE_MISMATCH',
    ...valueRange(node, text),
    message: `"${element.key}" must be ${expected}, not ${JSON_TYPE_NAMES[node.type]}`,
  };
}

const STRING_OR_STRINGS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;

function elementTypes(statement: Statement, text: string): Finding[] {
  const findings: Finding[] = [];
  const el = statement.element;
  for (const name of ['Sid', 'Effect'] as const) {
    const element = el[name];
    if (element?.valueNode && !isExpression(element.valueNode) && element.valueNode.type !== 'string') findings.push(typeMismatch(element, 'a string', text));
  }
  for (const name of STRING_OR_STRINGS) {
    const element = el[name];
    const node = element?.valueNode;
    if (!element || !node || isExpression(node)) continue;
    if (node.type === 'array') {
      for (const item of node.children ?? []) {
        if (item.type !== 'string' && !isExpression(item))
          findings.push({
            code: 'DATA_TYPE_MISMATCH',
            ...valueRange(item, text),
            message: `Each entry of "${name}" must be a string, not ${JSON_TYPE_NAMES[item.type]}`,
          });
      }
    } else if (node.type !== 'string') {
      findings.push(typeMismatch(element, 'a string or an array of strings', text));
    }
  }
  for (const name of ['Principal', 'NotPrincipal'] as const) {
    const element = el[name];
    const node = element?.valueNode;
    if (!element || !node || isExpression(node)) continue;
    if (node.type === 'object') {
      for (const entry of properties(node)) {
        const value = entry.valueNode;
        if (!value || isExpression(value)) continue;
        const items = value.type === 'array' ? (value.children ?? []) : [value];
        for (const item of items) {
          if (item.type !== 'string' && !isExpression(item))
            findings.push({
              code: 'DATA_TYPE_MISMATCH',
              ...valueRange(item, text),
              message: `"${entry.key}" principals must be strings, not ${JSON_TYPE_NAMES[item.type]}`,
            });
        }
      }
    } else if (node.type === 'string' && node.value !== '*') {
      findings.push({
        code: 'DATA_TYPE_MISMATCH',
        ...valueRange(node, text),
        message: `"${element.key}" is "*" or an object naming the principal's type: write {"AWS": "${node.value}"} (or "Service", "Federated", "CanonicalUser")`,
        data: { replacements: [`{"AWS": ${JSON.stringify(node.value)}}`], range: rangeOf(node) },
      });
    } else if (node.type !== 'string') {
      findings.push(typeMismatch(element, '"*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"}', text));
    }
  }
  const condition = el.Condition;
  if (condition?.valueNode && !isExpression(condition.valueNode)) {
    if (condition.valueNode.type !== 'object') {
      findings.push(typeMismatch(condition, 'an object of condition operators', text));
    } else {
      for (const block of properties(condition.valueNode)) {
        // A key that is no operator (`"__doc_comment": "…"`) is INVALID_CONDITION_OPERATOR's: its value is not judged apart.
        if (block.valueNode && !isExpression(block.valueNode) && block.valueNode.type !== 'object' && parseOperator(block.key))
          findings.push(typeMismatch(block, 'an object of condition keys and values', text));
      }
    }
  }
  return findings;
}

const EMPTY_CONDITION_CODES = {
  ForAllValues: 'EMPTY_ARRAY_CONDITION_FORALLVALUES',
  ForAnyValue: 'EMPTY_ARRAY_CONDITION_FORANYVALUE',
} as const;

/** Empty arrays and objects that grant or restrict nothing. */
function emptyContainers(statement: Statement): Finding[] {
  const findings: Finding[] = [];
  const el = statement.element;
  const isEmpty = (node: JsonNode | undefined, type: 'array' | 'object') => node?.type === type && (node.children ?? []).length === 0;
  for (const [element, code] of [
    [el.Action, 'EMPTY_ARRAY_ACTION'],
    [el.NotAction, 'EMPTY_ARRAY_ACTION'],
    [el.Resource, 'EMPTY_ARRAY_RESOURCE'],
    [el.NotResource, 'EMPTY_ARRAY_RESOURCE'],
  ] as const) {
    if (element && isEmpty(element.valueNode, 'array')) {
      const effect = element.key.startsWith('Not') ? 'excludes nothing' : 'matches nothing, so the statement never applies';
      findings.push({ code, ...rangeOf(element.valueNode!), message: `"${element.key}" is an empty array: it ${effect}` });
    }
  }
  for (const element of [el.Principal, el.NotPrincipal]) {
    if (!element?.valueNode) continue;
    if (isEmpty(element.valueNode, 'object')) {
      findings.push({ code: 'EMPTY_OBJECT_PRINCIPAL', ...rangeOf(element.valueNode), message: `"${element.key}" is an empty object: it names nobody` });
    }
    for (const entry of properties(element.valueNode)) {
      if (isEmpty(entry.valueNode, 'array'))
        findings.push({ code: 'EMPTY_ARRAY_PRINCIPAL', ...rangeOf(entry.valueNode!), message: `"${entry.key}" is an empty array: it names nobody` });
    }
  }
  const condition = el.Condition?.valueNode;
  if (isEmpty(condition, 'object')) {
    findings.push({
      code: 'EMPTY_OBJECT_CONDITION',
      ...rangeOf(condition!),
      message: '"Condition" is an empty object: it restricts nothing. Remove it or add a condition',
    });
  }
  for (const block of properties(condition)) {
    if (isEmpty(block.valueNode, 'object')) {
      findings.push({ code: 'EMPTY_OBJECT_CONDITION', ...rangeOf(block.valueNode!), message: `"${block.key}" has no condition key: it restricts nothing` });
      continue;
    }
    const operator = parseOperator(block.key);
    for (const entry of properties(block.valueNode)) {
      if (!isEmpty(entry.valueNode, 'array')) continue;
      const code = operator?.qualifier
        ? EMPTY_CONDITION_CODES[operator.qualifier]
        : operator?.ifExists
          ? 'EMPTY_ARRAY_CONDITION_IFEXISTS'
          : 'EMPTY_ARRAY_CONDITION';
      findings.push({
        code,
        ...rangeOf(entry.valueNode!),
        message: `"${entry.key}" under "${block.key}" has an empty list of values: there is nothing to compare with. Add the values or remove the key`,
      });
    }
  }
  return findings;
}
