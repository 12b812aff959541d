import { getNodeValue } from 'jsonc-parser';
import { stringItems } from '../../parse/json';
import { conditionsOf } from '../../parse/policy';
import { Fix, FixRequest, stringList } from './fix';
import { contains, policyAt, statementAt } from './host';
import { endOf, eolOf, lineIndent, renderJson, startsLine } from './layout';

/**
 * UNSUPPORTED_ACTION_FOR_CONDITION_KEY: the Action entries whose actions never send the key
 * (`data.actions`) move to a statement of their own, the same but without that condition, so the
 * condition keeps applying to the actions that send it. Offered when some entries stay (JSON only).
 */
export function splitStatementFixes(request: FixRequest): Fix[] {
  const { context, range } = request;
  const at = policyAt(context, range.start);
  const statement = at?.host === 'json' ? statementAt(at.policy, range.start) : undefined;
  const actionNode = statement?.element.Action?.valueNode;
  const statements = at?.policy.element.Statement?.valueNode;
  if (!statement || actionNode?.type !== 'array' || statements?.type !== 'array') return [];
  const unsupported = new Set(stringList(request.data.actions).map((a) => a.toLowerCase()));
  const entries = stringItems(actionNode);
  const moves = entries.filter((entry) => {
    const written = entry.value as string;
    const colon = written.indexOf(':');
    const actions = colon > 0 ? context.catalog.matchActions(written.slice(0, colon), written.slice(colon + 1)) : [];
    return actions.length > 0 && actions.every((a) => unsupported.has(`${a.service}:${a.name}`.toLowerCase()));
  });
  const found = conditionsOf(statement.element.Condition)
    .flatMap((block) => block.entries.map((entry) => ({ block, entry })))
    .find(({ entry }) => contains(entry.keyNode, range.start));
  if (moves.length === 0 || moves.length === entries.length || !found) return [];

  const text = context.document.getText();
  const eol = eolOf(text);
  const kept = entries.filter((e) => !moves.includes(e));
  const separator = startsLine(text, entries[0].offset) ? `,${eol}${lineIndent(text, entries[0].offset)}` : ', ';
  const keptText = kept.map((e) => text.slice(e.offset, endOf(e))).join(separator);

  const moved = getNodeValue(statement.node) as Record<string, unknown>;
  delete moved.Sid; // Sids must stay unique
  moved.Action = moves.map((e) => e.value as string);
  const condition = moved.Condition as Record<string, Record<string, unknown>>;
  delete condition[found.block.key][found.entry.key];
  if (Object.keys(condition[found.block.key]).length === 0) delete condition[found.block.key];
  if (Object.keys(condition).length === 0) delete moved.Condition;
  const multiline = startsLine(text, statement.node.offset);
  const indent = multiline ? lineIndent(text, statement.node.offset) : undefined;
  const newStatement = `${multiline ? `,${eol}${indent}` : ', '}${renderJson(moved, text, statement.node, indent)}`;

  const names = moves.map((e) => `"${e.value as string}"`);
  return [
    {
      title: `Move ${names.length === 1 ? names[0] : `${names.length} actions`} to a statement without "${found.entry.key}"`,
      edits: [
        { start: entries[0].offset, end: endOf(entries[entries.length - 1]), newText: keptText },
        { start: endOf(statement.node), end: endOf(statement.node), newText: newStatement },
      ],
    },
  ];
}
