import { CompletionItem } from 'vscode-languageserver-types';
import { AuthoringContext } from './authoring';

/** The snippets of `snippets/` that fit the place (a whole policy, a statement, a condition, a manifest). */
export function snippetCompletions(_context: AuthoringContext, _offset: number): CompletionItem[] {
  return [];
}
