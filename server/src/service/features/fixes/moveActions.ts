import { getNodeValue } from 'jsonc-parser';
import { stringItems } from '../../parse/json';
import { Fix, FixRequest, stringList } from './fix';
import { policyAt, statementAt } from './host';
import { endOf, eolOf, lineIndent, renderJson, startsLine } from './layout';

/**
 * RESOURCE_MISMATCH_FOR_ACTION: the Action entries that match none of the statement's resources
 * (`data.actions`) move to a statement of their own, the same (Condition included) but with the
 * resources they act on (`data.resources`). When every entry would move, the statement's Resource
 * is replaced instead. JSON only.
 */
export function moveActionsFixes(request: FixRequest): Fix[] {
  const { context, range, data } = request;
  const at = policyAt(context, range.start);
  const statement = at?.host === 'json' ? statementAt(at.policy, range.start) : undefined;
  const actionNode = statement?.element.Action?.valueNode;
  const resourceNode = statement?.element.Resource?.valueNode;
  const resources = stringList(data.resources);
  const names = new Set(stringList(data.actions));
  if (!statement || !actionNode || !resourceNode || resources.length === 0 || names.size === 0) return [];
  const text = context.document.getText();
  const eol = eolOf(text);
  const multiline = startsLine(text, statement.node.offset);
  const indent = multiline ? lineIndent(text, statement.node.offset) : undefined;
  const resourceValue = resources.length === 1 ? resources[0] : resources;
  const target = resources.length === 1 ? `"${resources[0]}"` : `${resources.length} resources`;
  const entries = stringItems(actionNode);
  const moves = entries.filter((e) => names.has(e.value as string));
  if (moves.length === 0) return [];
  if (moves.length === entries.length) {
    const fieldIndent = startsLine(text, resourceNode.offset) || multiline ? lineIndent(text, resourceNode.offset) : undefined;
    return [
      {
        title: `Set the statement's Resource to ${target}`,
        edits: [
          {
            start: resourceNode.offset,
            end: endOf(resourceNode),
            newText: renderJson(resourceValue, text, resourceNode, Array.isArray(resourceValue) ? fieldIndent : undefined),
          },
        ],
      },
    ];
  }
  if (actionNode.type !== 'array' || statement.node.parent?.type !== 'array') return [];
  const kept = entries.filter((e) => !moves.includes(e));
  const separator = startsLine(text, entries[0].offset) ? `,${eol}${lineIndent(text, entries[0].offset)}` : ', ';
  const keptText = kept.map((e) => text.slice(e.offset, endOf(e))).join(separator);
  const moved = getNodeValue(statement.node) as Record<string, unknown>;
  delete moved.Sid; // Sids must stay unique
  moved.Action = moves.length === 1 ? (moves[0].value as string) : moves.map((e) => e.value as string);
  moved.Resource = resourceValue;
  const newStatement = `${multiline ? `,${eol}${indent}` : ', '}${renderJson(moved, text, statement.node, indent)}`;
  const what = moves.length === 1 ? `"${moves[0].value as string}"` : `${moves.length} actions`;
  return [
    {
      title: `Move ${what} to a statement of ${target}`,
      edits: [
        { start: entries[0].offset, end: endOf(entries[entries.length - 1]), newText: keptText },
        { start: endOf(statement.node), end: endOf(statement.node), newText: newStatement },
      ],
    },
  ];
}
