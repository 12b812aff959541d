import { CompletionItem, CompletionList } from 'vscode-languageserver-types';
import { AuthoringContext } from '../context';
import { kubernetesCompletions } from './kubernetes';
import { policyCompletions } from './policy';
import { snippetCompletions } from '../snippets/snippets';

/** Characters after which the editor asks for completion without Ctrl+Space. */
export const COMPLETION_TRIGGERS = ['"', ':', '/', '$', '{', ' '];

/**
 * Completion at `offset`: policy elements, actions, keys, values and ARNs in policies (plain and
 * embedded); annotation keys and role ARNs in ServiceAccounts; and the snippets that fit the place.
 */
export function findCompletions(context: AuthoringContext, offset: number): CompletionList {
  const items: CompletionItem[] = [...policyCompletions(context, offset), ...kubernetesCompletions(context, offset), ...snippetCompletions(context, offset)];
  return { isIncomplete: false, items };
}
