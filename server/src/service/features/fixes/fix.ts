import { CodeAction, CodeActionKind, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { FixData } from '../../checks/finding';
import { OffsetRange } from '../../parse/range';
import { AuthoringContext } from '../context';

/** One diagnostic the editor sent back, with what its fix reads: its `data` and its range as offsets. */
export interface FixRequest {
  readonly context: AuthoringContext;
  readonly diagnostic: Diagnostic;
  readonly data: FixData;
  /** The diagnostic's range in this document's offsets. */
  readonly range: OffsetRange;
}

/** A text change of this document, in offsets. */
export interface OffsetEdit extends OffsetRange {
  readonly newText: string;
}

/** A change of another file of the workspace, already in that file's positions. */
export interface OtherFileEdit {
  readonly uri: string;
  readonly edit: TextEdit;
}

/** What a fix proposes before it becomes a CodeAction: a title and its edits, here or in other files. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly OffsetEdit[];
  readonly otherFiles?: readonly OtherFileEdit[];
  readonly isPreferred?: boolean;
}

export function quickFix(request: FixRequest, fix: Fix): CodeAction {
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [request.diagnostic], edit: workspaceEdit(request.context, fix) };
  if (fix.isPreferred) action.isPreferred = true;
  return action;
}

export function workspaceEdit(context: AuthoringContext, fix: Pick<Fix, 'edits' | 'otherFiles'>): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  if (fix.edits.length) changes[context.document.uri] = fix.edits.map((e) => textEdit(context, e));
  for (const { uri, edit } of fix.otherFiles ?? []) (changes[uri] ??= []).push(edit);
  return { changes };
}

export function textEdit(context: AuthoringContext, edit: OffsetEdit): TextEdit {
  return { range: { start: context.document.positionAt(edit.start), end: context.document.positionAt(edit.end) }, newText: edit.newText };
}

/** The first fix of a list is the one the editor applies with the "auto fix" shortcut. */
export function preferFirst(fixes: readonly Fix[]): Fix[] {
  return fixes.map((fix, i) => (i === 0 ? { ...fix, isPreferred: true } : fix));
}

export function isOffsetRange(value: unknown): value is OffsetRange {
  const range = value as OffsetRange | undefined;
  return typeof range?.start === 'number' && typeof range.end === 'number' && range.start <= range.end;
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A value as a short quote for a title. */
export function quoted(value: string): string {
  return `'${value.length > 60 ? value.slice(0, 57) + '…' : value}'`;
}
