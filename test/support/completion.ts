import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItem, InsertTextFormat, InsertTextMode, TextEdit } from 'vscode-languageserver-types';
import { snippetDefaultText } from '../../server/src/service/features/snippets/text';

/** Fixture text with the cursor marked `|`: the text without the marker, and the cursor's offset. */
export function cursorIn(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'no | cursor in the fixture');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/**
 * The document's text after accepting `item` as VS Code does: the main edit and the additional
 * ones, a snippet with every placeholder at its default, and (adjustIndentation) each inserted line
 * after the first indented like the line the edit starts on.
 */
export function accept(document: TextDocument, item: CompletionItem): string {
  const main = item.textEdit;
  assert.ok(main && 'range' in main, `${item.label} has a textEdit with a range`);
  let newText = item.insertTextFormat === InsertTextFormat.Snippet ? snippetDefaultText(main.newText) : main.newText;
  if (item.insertTextMode !== InsertTextMode.asIs) {
    const line = document.getText({ start: { line: main.range.start.line, character: 0 }, end: main.range.start });
    const indentation = /^\s*/.exec(line)![0];
    newText = newText.replace(/\n/g, `\n${indentation}`);
  }
  const edits: TextEdit[] = [{ range: main.range, newText }, ...(item.additionalTextEdits ?? [])];
  return TextDocument.applyEdits(document, edits);
}
