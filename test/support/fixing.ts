import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import { TestWorkspace } from './workspace';

/**
 * Code actions as the editor asks for them: a workspace with the cursor marked `|` in one file, the
 * diagnostics under it sent back, an action applied to every file it edits.
 */

/** Fixture text with the cursor marked `|`: the text without the mark, and the mark's offset. */
function cursor(source: string): { text: string; offset: number } {
  const offset = source.indexOf('|');
  assert.ok(offset >= 0, 'no | in the fixture');
  return { text: source.slice(0, offset) + source.slice(offset + 1), offset };
}

function touches(range: Range, line: number, character: number): boolean {
  const after = (l: number, c: number) => line > l || (line === l && character >= c);
  const before = (l: number, c: number) => line < l || (line === l && character <= c);
  return after(range.start.line, range.start.character) && before(range.end.line, range.end.character);
}

/** The workspace file a URI of the test workspace names. */
function fileOf(ws: TestWorkspace, uri: string): string {
  return decodeURIComponent(new URL(uri).pathname).slice(ws.root.length + 1);
}

/** A workspace whose file `file` holds a `|`; what the editor sends for the light bulb there. */
export class Fixing {
  private constructor(
    readonly ws: TestWorkspace,
    readonly file: string,
    readonly offset: number,
  ) {}

  static async of(files: Record<string, string>, file: string): Promise<Fixing> {
    const { text, offset } = cursor(files[file]);
    const ws = await TestWorkspace.of({ ...files, [file]: text });
    return new Fixing(ws, file, offset);
  }

  /** The cursor at the start of `code`'s diagnostic in a workspace already built. */
  static on(ws: TestWorkspace, file: string, code: string): Fixing {
    const diagnostic = ws.validate(file).find((d) => d.code === code);
    assert.ok(diagnostic, `no ${code} in ${file}`);
    return new Fixing(ws, file, ws.document(file).offsetAt(diagnostic.range.start));
  }

  text(file = this.file): string {
    return this.ws.document(file).getText();
  }

  /** The diagnostics under the cursor, as the editor sends them back. */
  diagnostics(): Diagnostic[] {
    const position = this.ws.document(this.file).positionAt(this.offset);
    return this.ws.validate(this.file).filter((d) => touches(d.range, position.line, position.character));
  }

  actions(only?: string[]): CodeAction[] {
    const document = this.ws.document(this.file);
    const position = document.positionAt(this.offset);
    return this.ws.service.getCodeActions(document, { start: position, end: position }, this.diagnostics(), only);
  }

  titles(code?: string): string[] {
    return this.actions()
      .filter((a) => code === undefined || a.diagnostics?.some((d) => d.code === code))
      .map((a) => a.title);
  }

  /** Applies the action titled `title` to every file it changes; returns the fixed text of this file. */
  apply(title: string): string {
    const action = this.actions().find((a) => a.title === title);
    assert.ok(action, `no action "${title}" among ${JSON.stringify(this.titles())}`);
    applyEdit(this.ws, action);
    return this.text();
  }

  codes(code: string, file = this.file): number {
    return this.ws.validate(file).filter((d) => d.code === code).length;
  }

  errors(file = this.file): string[] {
    return this.ws
      .validate(file)
      .filter((d) => d.severity === DiagnosticSeverity.Error)
      .map((d) => `${d.code}: ${d.message}`);
  }
}

export function applyEdit(ws: TestWorkspace, action: CodeAction): void {
  for (const [uri, edits] of Object.entries(action.edit?.changes ?? {})) {
    const file = fileOf(ws, uri);
    ws.write(file, TextDocument.applyEdits(ws.document(file), edits));
  }
}

/** Applies `title` on the diagnostic `code` under the cursor: the fixed text, which no longer has it nor any error it did not have. */
export async function fixed(files: Record<string, string>, file: string, code: string, title: string): Promise<{ text: string; fixing: Fixing }> {
  const fixing = await Fixing.of(files, file);
  assert.ok(
    fixing.diagnostics().some((d) => d.code === code),
    `no ${code} under the cursor: ${JSON.stringify(fixing.ws.validate(file).map((d) => d.code))}`,
  );
  const before = fixing.errors().filter((e) => !e.startsWith(`${code}:`));
  const text = fixing.apply(title);
  assert.equal(fixing.codes(code), 0, `${code} still there after "${title}":\n${text}`);
  assert.deepEqual(
    fixing.errors().filter((e) => !before.includes(e)),
    [],
    `new errors after "${title}":\n${text}`,
  );
  return { text, fixing };
}
