import { Hover } from 'vscode-languageserver-types';
import { actionHover } from './action';
import { annotationHover } from './annotation';
import { AuthoringContext } from '../context';
import { conditionKeyHover } from './conditionKey';
import { markdownHover } from '../markdown';
import { operatorHover } from './operator';
import { PolicyCursor, policyCursorAt } from '../cursor/policyCursor';
import { servicePrincipalHover } from './principal';
import { resourceHover } from './resource';

/** Hover on a policy's action, condition key, operator, ARN or service principal, and on a webhook annotation key. */
export function findPolicyHover(context: AuthoringContext, offset: number): Hover | null {
  if (context.parsed.kind === 'kubernetes') return annotationHover(context, offset);
  const cursor = policyCursorAt(context, offset);
  if (!cursor || cursor.replace.end <= cursor.replace.start) return null;
  const paragraphs = policyHover(context, cursor, context.document.getText().slice(cursor.replace.start, cursor.replace.end));
  return paragraphs ? markdownHover(context, cursor.replace, paragraphs) : null;
}

/** The hover of the string under the cursor, by its place in the policy; undefined where there is nothing to tell. */
function policyHover({ catalog }: AuthoringContext, cursor: PolicyCursor, text: string): string[] | undefined {
  const { place, statement } = cursor;
  switch (place.kind) {
    case 'element-value':
      if (place.element === 'Action' || place.element === 'NotAction') return actionHover(catalog, text, place.element === 'NotAction');
      if (place.element === 'Resource' || place.element === 'NotResource') return resourceHover(catalog, text, statement, place.element === 'NotResource');
      return undefined;
    case 'condition-operator':
      return operatorHover(text);
    case 'condition-key':
      return conditionKeyHover(catalog, text, statement);
    case 'principal-value':
      return place.principalType === 'Service' ? servicePrincipalHover(catalog, text) : undefined;
    default:
      return undefined;
  }
}
