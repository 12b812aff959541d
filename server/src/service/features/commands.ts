import { WorkspaceEdit } from 'vscode-languageserver-types';
import { AuthoringContext } from './authoring';

/** The commands the server executes (workspace/executeCommand). */
export const SERVER_COMMANDS: readonly string[] = [];

/** What a command produced: an edit for the editor to apply, or a message why not. */
export interface CommandResult {
  readonly edit?: WorkspaceEdit;
  readonly message?: string;
}

/** Runs a command on the document named by its first argument. */
export function executeCommand(_context: AuthoringContext, command: string, _args: readonly unknown[]): CommandResult {
  return { message: `unknown command ${command}` };
}
