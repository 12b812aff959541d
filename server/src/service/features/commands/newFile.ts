import { CreateFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { WorkspaceIndex } from '../../workspace/index';
import { decodedUri } from '../../workspace/paths';

/** A file a command creates: the edit the user sees, and the file for the editor to open. */
export interface NewFile {
  readonly uri: string;
  readonly edit: WorkspaceEdit;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `<stem>.<extension>` in the folder of `besideUri`, or `<stem>-2`, `-3`… when the workspace has
 * that file already.
 */
export function freeUriBeside(index: WorkspaceIndex, besideUri: string, stem: string, extension: string): string {
  const folder = besideUri.slice(0, besideUri.lastIndexOf('/') + 1);
  // A name taken from a document may hold a lone surrogate, which no file name (nor encodeURIComponent) takes.
  const name = encodeURIComponent(stem.replace(LONE_SURROGATE, '\uFFFD'));
  let uri = `${folder}${name}.${extension}`;
  for (let n = 2; index.get(uri); n++) uri = `${folder}${name}-${n}.${extension}`;
  return uri;
}

/** Creates the file `uri` holding `text`. The editor refuses to create a file that exists: the edit never overwrites one. */
export function newFile(uri: string, text: string): NewFile {
  const edit: WorkspaceEdit = {
    documentChanges: [
      CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }),
      TextDocumentEdit.create({ uri, version: null }, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }]),
    ],
  };
  return { uri, edit };
}

/** The file name of a URI, decoded, without its extension. */
export function fileStem(uri: string): string {
  const name = decodedUri(uri.slice(uri.lastIndexOf('/') + 1));
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
