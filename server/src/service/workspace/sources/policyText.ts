import { identityProviderKey } from '../../catalog/oidc';
import { EmbeddedPolicy, EXPRESSION, jsonInDocument, jsonInString, jsonNode } from '../../parse/embedded';
import { JsonNode } from '../../parse/json';
import { OffsetRange } from '../../parse/range';

/**
 * A policy written as a JSON string inside a template: what the engine validates (when the text holds
 * the JSON verbatim, so that its ranges are exact) and the tree its facts are read from.
 */
export interface PolicyInText {
  /** Absent when the string is quoted with escapes: its facts are read, its text is not checked. */
  readonly validated: EmbeddedPolicy | undefined;
  readonly root: JsonNode;
}

/** `${Name}` of `Fn::Sub`; `${!Literal}` is the escape that writes `${Literal}` (an IAM policy variable). */
const SUBSTITUTION = /\$\{(?!!)[^}]*\}/;
const ESCAPED = /\$\{!/g;
/** The provider of a condition key computed by `Fn::Sub` (`${OidcProvider}:sub`): unknown, but still a provider. */
export const SUBSTITUTED_PROVIDER = 'substituted.provider';

/**
 * The JSON object in a string whose characters are `content` in `text`. `verbatim`: the text holds
 * them as they are (a YAML block scalar, a plain scalar), so the policy is checked with exact ranges;
 * otherwise only its facts are read, each on the whole string. `substituted`: the string is the
 * template of `Fn::Sub`, whose `${Name}` values are unknown until deployed.
 */
export function policyInText(text: string, value: string, content: OffsetRange, verbatim: boolean, substituted: boolean): PolicyInText | undefined {
  if (!value.trimStart().startsWith('{')) return undefined;
  if (verbatim) {
    const embedded = jsonInDocument(text, content.start, content.end);
    if (embedded?.root.type !== 'object') return undefined;
    if (!substituted) return { validated: embedded, root: embedded.root };
    return { validated: { root: substitute(embedded.root, 'engine'), errors: embedded.errors }, root: substitute(embedded.root, 'facts') };
  }
  const root = jsonInString(value, content);
  if (!root) return undefined;
  return { validated: undefined, root: substituted ? substitute(root, 'facts') : root };
}

/**
 * A copy of a `Fn::Sub` JSON tree. For the engine, a string or key with a substitution is an
 * `EXPRESSION`. For the facts, strings keep their `${…}` (a subject with one admits anything), and a condition key
 * whose provider is substituted keeps its claim (`:sub`, `:aud`) on an unknown provider.
 */
function substitute(node: JsonNode, mode: 'engine' | 'facts', isKey = false): JsonNode {
  const end = node.offset + node.length;
  if (node.type === 'string') {
    const value = node.value as string;
    if (!SUBSTITUTION.test(value)) return jsonNode('string', node.offset, end, value.replace(ESCAPED, '${'));
    // For the engine a computed key is an EXPRESSION without a value, which `properties()` passes over.
    if (mode === 'engine') return jsonNode(EXPRESSION, node.offset, end);
    if (isKey && !identityProviderKey(value) && value.includes(':'))
      return jsonNode('string', node.offset, end, `${SUBSTITUTED_PROVIDER}:${value.slice(value.lastIndexOf(':') + 1)}`);
    return jsonNode('string', node.offset, end, value);
  }
  const children = node.children?.map((child, i) => substitute(child, mode, node.type === 'property' && i === 0));
  return jsonNode(node.type, node.offset, end, node.value, children);
}
