import { placeholderMessage, placeholderSpans } from '../catalog/placeholders';
import { JsonNode, valueRange } from '../parse/json';
import { PolicyCheck, PolicyContext } from './context';
import { Finding } from './finding';

/**
 * PLACEHOLDER_VALUE: one finding per placeholder left from a documentation template, on the
 * placeholder itself, in any string of the policy (ARNs, condition keys and values). The other
 * families read placeholders as wildcards (catalog/placeholders.ts), so nothing else fires for one.
 * In a policy embedded in CloudFormation, Terraform or a shell script, `${NAME}` is the embedding
 * language's substitution, a template value: not reported.
 */
export const placeholderChecks: PolicyCheck = {
  before: (context) => checkPlaceholders(context.file.json.root, context, new Set(context.file.policy.statements.map((s) => s.node))),
  statement: (statement, context) => checkPlaceholders(statement.node, context),
};

/** In every string under `root`, but not under the nodes in `skip` (the statements, checked on their own). */
function checkPlaceholders(root: JsonNode | undefined, { file, embedded }: PolicyContext, skip?: ReadonlySet<JsonNode>): Finding[] {
  const findings: Finding[] = [];
  const options = { shellVariables: !embedded };
  const visit = (node: JsonNode | undefined): void => {
    if (!node) return;
    if (node.type === 'string' && typeof node.value === 'string') {
      const value = node.value;
      const spans = placeholderSpans(value, options);
      // Most strings hold none: their range is not worked out.
      if (spans.length === 0) return;
      const range = valueRange(node, file.text);
      // Offsets inside the value only when the text holds it verbatim (no escapes); else the whole value.
      const verbatim = file.text.slice(range.start, range.end) === value;
      for (const span of spans) {
        findings.push({
          code: 'PLACEHOLDER_VALUE',
          ...(verbatim ? { start: range.start + span.start, end: range.start + span.end } : range),
          message: placeholderMessage(value, span),
        });
      }
      return;
    }
    for (const child of node.children ?? []) if (!skip?.has(child)) visit(child);
  };
  visit(root);
  return findings;
}
