import { Fix, FixRequest, isOffsetRange, preferFirst, quoted, stringList } from './fix';
import { hostAt, replacementIn } from './host';

/**
 * The did-you-mean family: one fix per replacement the check suggested (best first), for the
 * finding's range or the `range` its data names, each written for the syntax it lands in.
 */
export function replacementFixes(request: FixRequest): Fix[] {
  const { context, data } = request;
  const range = isOffsetRange(data.range) ? data.range : request.range;
  const text = context.document.getText();
  const host = hostAt(context, range.start);
  if (!host || range.end > text.length) return [];
  const current = text.slice(range.start, range.end);
  const fixes = stringList(data.replacements).flatMap((replacement): Fix[] => {
    const newText = replacementIn(host, text, range, replacement);
    if (newText === undefined || newText === current) return [];
    return [{ title: titleOf(String(request.diagnostic.code), replacement, current), edits: [{ ...range, newText }] }];
  });
  return preferFirst(fixes);
}

function titleOf(code: string, replacement: string, current: string): string {
  if (replacement === '') return `Remove ${quoted(current)}`;
  if (code === 'K8S_ANNOTATION_NOT_STRING') return `Quote the value: ${replacement}`;
  return `Change to ${quoted(replacement)}`;
}

/** REDUNDANT_ACTION: `remove` is the entry and one separator beside it. */
export function removalFixes(request: FixRequest): Fix[] {
  const { data, context, range } = request;
  const text = context.document.getText();
  if (!isOffsetRange(data.remove) || data.remove.end > text.length) return [];
  return [{ title: `Remove ${quoted(text.slice(range.start, range.end))}`, edits: [{ ...data.remove, newText: '' }], isPreferred: true }];
}
