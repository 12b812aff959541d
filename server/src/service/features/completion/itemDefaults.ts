import { CompletionItem, CompletionList, Range } from 'vscode-languageserver-types';

/** The item defaults (LSP 3.17 `CompletionList.itemDefaults`) this module writes, as a client names them in its capabilities. */
export type ItemDefault = 'editRange' | 'data';

/**
 * `list` with what its items share said once, in `itemDefaults`, for a client that reads them
 * (`textDocument.completion.completionList.itemDefaults`): the range every item's edit replaces, and
 * the `data` most items carry. A service's whole action list (hundreds of items, each with the same
 * range) is then a third fewer bytes to write, send and read. The client applies the defaults back:
 * each item means exactly what it meant.
 */
export function withItemDefaults(list: CompletionList, supported: readonly string[]): CompletionList {
  if (list.items.length < 2) return list;
  let items = list.items;
  const itemDefaults: NonNullable<CompletionList['itemDefaults']> = { ...list.itemDefaults };
  const editRange = supported.includes('editRange') && itemDefaults.editRange === undefined ? sharedRange(items) : undefined;
  if (editRange) {
    itemDefaults.editRange = editRange;
    items = items.map((item) => {
      const copy = copyWithout(item, 'textEdit');
      const newText = (item.textEdit as { newText: string }).newText;
      if (newText !== item.label) copy.textEditText = newText;
      return copy;
    });
  }
  const data = supported.includes('data') && itemDefaults.data === undefined ? mostCommonData(items) : undefined;
  if (data) {
    itemDefaults.data = data;
    items = items.map((item) => (item.data === data ? copyWithout(item, 'data') : item));
  }
  return editRange || data ? { ...list, itemDefaults, items } : list;
}

/** The range of every item's `textEdit` when they all have one (not an insert/replace pair) and it is the same. */
function sharedRange(items: readonly CompletionItem[]): Range | undefined {
  let shared: Range | undefined;
  for (const { textEdit } of items) {
    if (!textEdit || !('range' in textEdit)) return undefined;
    const { start, end } = textEdit.range;
    if (!shared) shared = textEdit.range;
    else if (
      start.line !== shared.start.line ||
      start.character !== shared.start.character ||
      end.line !== shared.end.line ||
      end.character !== shared.end.character
    )
      return undefined;
  }
  return shared;
}

/**
 * The `data` object that more than one item carries (the same object: a list built from one cached
 * candidate list shares them), the most often; only when every item has data of its own (an item
 * without would otherwise take the default as its own).
 */
function mostCommonData(items: readonly CompletionItem[]): object | undefined {
  const counts = new Map<unknown, number>();
  for (const { data } of items) {
    if (data === undefined || data === null) return undefined;
    counts.set(data, (counts.get(data) ?? 0) + 1);
  }
  let best: object | undefined;
  let most = 1;
  for (const [data, count] of counts) {
    if (count > most && typeof data === 'object') {
      best = data as object;
      most = count;
    }
  }
  return best;
}

/** A copy of `item` without one of its properties (a loop: V8 copies an object rest spread far slower, and lists run to hundreds). */
function copyWithout(item: CompletionItem, omitted: keyof CompletionItem): CompletionItem {
  const copy: Record<string, unknown> = {};
  for (const key in item) if (key !== omitted) copy[key] = item[key as keyof CompletionItem];
  return copy as unknown as CompletionItem;
}
