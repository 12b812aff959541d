import { TextDocument } from 'vscode-languageserver-textdocument';
import { Position, Range } from 'vscode-languageserver-types';

/** A broken promise of the service: what was returned, where, and why it is wrong. */
export class Violation extends Error {}

const isPosition = (value: unknown): value is Position =>
  typeof value === 'object' && value !== null && typeof (value as Position).line === 'number' && typeof (value as Position).character === 'number';

const isRange = (value: unknown): value is Range =>
  typeof value === 'object' && value !== null && isPosition((value as Range).start) && isPosition((value as Range).end);

/** A position the document has: a line it has, a character on that line (at most at its end). */
function checkPosition(position: Position, document: TextDocument, where: string): void {
  const { line, character } = position;
  if (!Number.isInteger(line) || !Number.isInteger(character) || line < 0 || character < 0)
    throw new Violation(`${where}: position ${line}:${character} is not a position`);
  if (line >= document.lineCount) throw new Violation(`${where}: line ${line} is past the last line ${document.lineCount - 1} of ${document.uri}`);
  const next = line + 1 < document.lineCount ? document.offsetAt({ line: line + 1, character: 0 }) : document.getText().length;
  const lineText = document
    .getText()
    .slice(document.offsetAt({ line, character: 0 }), next)
    .replace(/\r?\n$|\r$/, '');
  if (character > lineText.length)
    throw new Violation(`${where}: character ${character} is past the end (${lineText.length}) of line ${line} of ${document.uri}`);
}

function checkRange(range: Range, document: TextDocument, where: string): void {
  checkPosition(range.start, document, `${where}.start`);
  checkPosition(range.end, document, `${where}.end`);
  if (document.offsetAt(range.start) > document.offsetAt(range.end)) throw new Violation(`${where}: starts after it ends: ${JSON.stringify(range)}`);
}

/**
 * Every range and position in a feature's result lies inside the document it is about: the one of
 * the nearest `uri` / `targetUri` / `textDocument.uri` around it (`changes` are keyed by URI), else
 * the document asked about. A URI the workspace lacks is a file the result creates: empty.
 */
export function checkInside(result: unknown, document: TextDocument, documentOf: (uri: string) => TextDocument | undefined, what: string): void {
  const visit = (value: unknown, current: TextDocument, where: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, current, `${where}[${i}]`));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    const uri =
      typeof record.uri === 'string'
        ? record.uri
        : typeof record.targetUri === 'string'
          ? record.targetUri
          : (record.textDocument as { uri?: unknown } | undefined)?.uri;
    const here = typeof uri === 'string' ? (uri === document.uri ? document : (documentOf(uri) ?? TextDocument.create(uri, 'plaintext', 0, ''))) : current;
    for (const [key, child] of Object.entries(record)) {
      const path = `${where}.${key}`;
      // A link's origin is in the document asked about, whatever its target.
      const target = key === 'originSelectionRange' ? document : here;
      if (key === 'changes' && typeof child === 'object' && child !== null) {
        for (const [changed, edits] of Object.entries(child))
          visit(edits, changed === document.uri ? document : (documentOf(changed) ?? TextDocument.create(changed, 'plaintext', 0, '')), `${path}[${changed}]`);
      } else if (isRange(child)) {
        checkRange(child, target, path);
      } else if (isPosition(child) && key === 'position') {
        checkPosition(child, target, path);
      } else {
        visit(child, here, path);
      }
    }
  };
  visit(result, document, what);
}
