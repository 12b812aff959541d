import { CompletionItem } from 'vscode-languageserver-types';
import { Catalog } from '../catalog/catalog';
import { AuthoringContext } from './authoring';

/** Completion inside a policy (a policy file, or a policy embedded in a role-definition source). */
export function policyCompletions(_context: AuthoringContext, _offset: number): CompletionItem[] {
  return [];
}

/** Fills in an item's documentation (description, access level, docs link) when the editor shows it. */
export function resolvePolicyCompletion(item: CompletionItem, _catalog: Catalog): CompletionItem {
  return item;
}
