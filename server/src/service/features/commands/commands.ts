import { Position } from 'vscode-languageserver-types';
import { CommandOptions, CommandResult, SERVER_COMMAND } from '../../../../../shared/protocol';
import { AuthoringContext } from '../context';
import { createServiceAccount } from './createServiceAccount';
import { createTrustPolicy } from './createTrustPolicy';

/** The commands the server executes (workspace/executeCommand). */
export const SERVER_COMMANDS: readonly string[] = Object.values(SERVER_COMMAND);

/** Runs a command on the document named by its first argument; the second is `CommandOptions`. */
export function executeCommand(context: AuthoringContext, command: string, args: readonly unknown[]): CommandResult {
  const options = optionsOf(args[1]);
  switch (command) {
    case SERVER_COMMAND.createTrustPolicy:
      return createTrustPolicy(context, options);
    case SERVER_COMMAND.createServiceAccount:
      return createServiceAccount(context, options);
    default:
      return { message: `unknown command ${command}` };
  }
}

/** Arguments come from any client: keep what has the right shape. */
function optionsOf(value: unknown): CommandOptions {
  if (typeof value !== 'object' || value === null) return {};
  const { position, provider } = value as Record<string, unknown>;
  const isPosition = Position.is(position);
  return { ...(isPosition ? { position } : {}), ...(typeof provider === 'string' && provider.trim() ? { provider: provider.trim() } : {}) };
}
