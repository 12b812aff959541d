import { Location } from 'vscode-languageserver-types';
import { OffsetRange } from '../../parse/range';
import { Located, WorkspaceIndex } from '../../workspace/index';

/** Places in the files of the workspace as LSP locations and editor links. */

export function locationOf(index: WorkspaceIndex, uri: string, range: OffsetRange): Location | undefined {
  const lspRange = index.range(uri, range);
  return lspRange ? { uri, range: lspRange } : undefined;
}

export function locationsOf(index: WorkspaceIndex, facts: readonly Located<{ readonly range: OffsetRange }>[]): Location[] {
  return facts.flatMap((f) => locationOf(index, f.uri, f.fact.range) ?? []);
}

/** A link to a place in a file as VS Code opens it: `file:///…#L6` (1-based line). */
export function lineLink(index: WorkspaceIndex, uri: string, range: OffsetRange): string {
  const line = index.range(uri, range)?.start.line;
  return line === undefined ? uri : `${uri}#L${line + 1}`;
}

/** 1-based line of an offset of an indexed file, as editors show it. */
export function lineNumber(index: WorkspaceIndex, uri: string, range: OffsetRange): number | undefined {
  const line = index.range(uri, range)?.start.line;
  return line === undefined ? undefined : line + 1;
}
