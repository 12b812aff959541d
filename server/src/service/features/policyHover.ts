import { Hover } from 'vscode-languageserver-types';
import { AuthoringContext } from './authoring';

/** Hover on a policy's action, condition key, operator or ARN, and on a webhook annotation key. */
export function findPolicyHover(_context: AuthoringContext, _offset: number): Hover | null {
  return null;
}
