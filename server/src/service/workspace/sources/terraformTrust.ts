import { EXPRESSION, jsonNode } from '../../parse/embedded';
import { JsonNode, valueRange } from '../../parse/json';
import { buildPolicy, conditionsOf, principalOf } from '../../parse/policy';
import { ConditionValue, TrustPolicyFacts, ValueTemplate } from '../facts';
import { trustFactsOf } from '../trustFacts';

/** The provider of a condition key Terraform computes (`"${local.oidc_provider}:sub"`): unknown, but still a provider. */
export const COMPUTED_PROVIDER = 'computed.provider';
/** The raw text of a computed key whose claim is literal: `"${…}:sub"`. */
const COMPUTED_CLAIM = /\}:([A-Za-z]+)"$/;
/** A condition value standing for the template of that index, until the facts are read. */
const TEMPLATE_MARK = '\u0000template:';

const REFERENCE = /^(?:var|local)\.[A-Za-z_][\w-]*$/;

/**
 * An expression's text as a template of the folder's values: `var.ns`, `local.sa`, or a quoted
 * string whose interpolations are only such references (`"${var.ns}:${local.sa}"`). Undefined for
 * anything else (other references, functions, escapes, directives): a computed value.
 */
export function templateFromText(raw: string): ValueTemplate | undefined {
  const text = raw.trim();
  if (REFERENCE.test(text)) return [{ ref: text }];
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return undefined;
  const body = text.slice(1, -1);
  if (/[\\"]|%\{|\$\$\{/.test(body)) return undefined;
  const parts: (string | { ref: string })[] = [];
  let last = 0;
  for (const match of body.matchAll(/\$\{\s*([^{}]*?)\s*\}/g)) {
    if (!REFERENCE.test(match[1])) return undefined;
    if (match.index > last) parts.push(body.slice(last, match.index));
    parts.push({ ref: match[1] });
    last = match.index + match[0].length;
  }
  const rest = body.slice(last);
  if (rest.includes('${')) return undefined;
  if (rest) parts.push(rest);
  return parts;
}

/** Whether a template has references (else it is a literal already). */
export function isSymbolic(template: ValueTemplate | undefined): boolean {
  return template?.some((p) => typeof p !== 'string') ?? false;
}

/**
 * A trust policy's facts from its model (jsonencode, heredoc or policy document). A condition whose
 * value Terraform computes (`"system:serviceaccount:${data.x.ns}:app"`) may admit anyone until
 * applied: it is left out rather than read as admitting no one, unless the value is a template of
 * the folder's values, which the index resolves. A key whose provider is computed keeps its claim on
 * an unknown provider, so that a literal `:sub` value still tells whom the role admits.
 */
export function trustFactsOfTree(root: JsonNode, text: string, partial: boolean): TrustPolicyFacts {
  const templates: ValueTemplate[] = [];
  const tree = factsTree(root, text, templates);
  const facts = trustFactsOf(buildPolicy(tree), text);
  const templateOf = (value: unknown) =>
    typeof value === 'string' && value.startsWith(TEMPLATE_MARK) ? templates[Number(value.slice(TEMPLATE_MARK.length))] : undefined;
  const resolve = (v: ConditionValue): ConditionValue => {
    const template = templateOf(v.value);
    return template ? { value: '', range: v.range, template } : v;
  };
  // Federated principals written with the folder's values: providers once resolved.
  const statements = buildPolicy(tree).statements.filter((s) => s.node.type === 'object');
  const templatedProviders = statements.map((statement) => {
    const principal = principalOf(statement.element.Principal);
    const federated = principal?.form === 'object' ? principal.entries.filter((e) => e.key === 'Federated').flatMap((e) => e.values) : [];
    return federated.flatMap((node) => {
      const template = templateOf(node.value);
      return template ? [{ host: '', account: undefined, range: valueRange(node, text), template }] : [];
    });
  });
  return {
    ...facts,
    ...(partial ? { partial } : {}),
    statements: facts.statements.map((s, i) => ({
      ...s,
      providers: [...s.providers, ...(templatedProviders[i] ?? [])],
      subjects: s.subjects.map((c) => ({ ...c, values: c.values.map(resolve) })),
      audiences: s.audiences.map(resolve),
    })),
  };
}

/** The policy as the trust facts read it; offsets are kept, the engine checks the policy as written. */
function factsTree(root: JsonNode, text: string, templates: ValueTemplate[]): JsonNode {
  const dropped = new Set<JsonNode>();
  const replaced = new Map<JsonNode, string>();
  const source = (node: JsonNode) => text.slice(node.offset, node.offset + node.length);
  const asTemplate = (v: JsonNode) => {
    const template = templateFromText(source(v));
    if (!template) return;
    replaced.set(v, `${TEMPLATE_MARK}${templates.length}`);
    templates.push(template);
  };
  for (const statement of buildPolicy(root).statements) {
    const principal = statement.element.Principal?.valueNode;
    for (const member of principal?.type === 'object' ? (principal.children ?? []) : []) {
      const [key, value] = member.children ?? [];
      if (key?.value !== 'Federated') continue;
      for (const v of value?.type === 'array' ? (value.children ?? []) : value ? [value] : []) if (v.type === EXPRESSION) asTemplate(v);
    }
    for (const block of conditionsOf(statement.element.Condition)) {
      for (const member of block.valueNode?.type === 'object' ? (block.valueNode.children ?? []) : []) {
        const [key, value] = member.children ?? [];
        const values = value?.type === 'array' ? (value.children ?? []) : value ? [value] : [];
        const computed = values.filter((v) => v.type === EXPRESSION);
        const asTemplates = computed.map((v) => templateFromText(source(v)));
        if (asTemplates.some((t) => t === undefined)) dropped.add(member);
        else
          computed.forEach((v, i) => {
            replaced.set(v, `${TEMPLATE_MARK}${templates.length}`);
            templates.push(asTemplates[i]!);
          });
        if (key?.type === EXPRESSION) {
          const claim = COMPUTED_CLAIM.exec(source(key))?.[1];
          if (claim) replaced.set(key, `${COMPUTED_PROVIDER}:${claim}`);
        }
      }
    }
  }
  if (dropped.size === 0 && replaced.size === 0) return root;
  const copy = (node: JsonNode): JsonNode => {
    const value = replaced.get(node);
    if (value !== undefined) return jsonNode('string', node.offset, node.offset + node.length, value);
    return jsonNode(node.type, node.offset, node.offset + node.length, node.value, node.children?.filter((c) => !dropped.has(c)).map(copy));
  };
  return copy(root);
}
