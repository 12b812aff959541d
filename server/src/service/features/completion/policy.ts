import { CompletionItem, MarkupKind } from 'vscode-languageserver-types';
import { Catalog } from '../../catalog/catalog';
import { conditionsOf, principalOf } from '../../parse/policy';
import { PolicyKind } from '../../parse/policyKind';
import { actionCandidates } from './actions';
import { conditionKeyCandidates } from './conditionKeys';
import { conditionValueCandidates } from './conditionValues';
import { EFFECT_CANDIDATES, policyKeyCandidates, presentKeys, statementKeyCandidates, VERSION_CANDIDATES } from './elements';
import { Candidate, itemsAt, PolicyItemData } from './items';
import { operatorCandidates } from './operators';
import { principalFormCandidates, principalTypeCandidates, principalValueCandidates } from './principals';
import { resourceCandidates } from './resources';
import { trustsIdentityProvider } from './statement';
import { actionHover } from '../hover/action';
import { AuthoringContext } from '../context';
import { conditionKeyHover } from '../hover/conditionKey';
import { PolicyCursor, policyCursorAt } from '../cursor/policyCursor';

/** Completion inside a policy (a policy file, or a policy embedded in a role-definition source). */
export function policyCompletions(context: AuthoringContext, offset: number): CompletionItem[] {
  const cursor = policyCursorAt(context, offset);
  if (!cursor) return [];
  const place = cursor.place;
  const keys =
    place.kind === 'policy-key' ||
    place.kind === 'statement-key' ||
    place.kind === 'principal-type' ||
    place.kind === 'condition-operator' ||
    place.kind === 'condition-key';
  return itemsAt(context, cursor, candidatesAt(context, cursor, offset), keys);
}

function candidatesAt(context: AuthoringContext, cursor: PolicyCursor, offset: number): readonly Candidate[] {
  const { catalog, index } = context;
  const { place, statement } = cursor;
  const kind = trustsIdentityProvider(statement) ? 'trust' : policyKindAt(context, offset);
  switch (place.kind) {
    case 'policy-key':
      return policyKeyCandidates(presentKeys(cursor.policy.elements, offset));
    case 'policy-value':
      return place.element === 'Version' ? VERSION_CANDIDATES : [];
    case 'statement-key':
      return statement ? statementKeyCandidates(presentKeys(statement.elements, offset), kind) : [];
    case 'statement-slot':
      return [];
    case 'element-value':
      switch (place.element) {
        case 'Effect':
          return EFFECT_CANDIDATES;
        case 'Action':
        case 'NotAction':
          return actionCandidates(catalog, cursor.prefix, kind);
        case 'Resource':
        case 'NotResource':
          return resourceCandidates(catalog, statement);
        case 'Principal':
        case 'NotPrincipal':
          return cursor.json && !cursor.inString ? principalFormCandidates(kind) : [];
        default:
          return [];
      }
    case 'principal-type': {
      const principal = principalOf(statement?.element[place.element as 'Principal' | 'NotPrincipal']);
      return principalTypeCandidates(principal?.form === 'object' ? presentKeys(principal.entries, offset) : new Set(), kind);
    }
    case 'principal-value':
      return principalValueCandidates(index, place.principalType);
    case 'condition-operator':
      return operatorCandidates(presentKeys(conditionsOf(statement?.element.Condition), offset));
    case 'condition-key': {
      const block = conditionsOf(statement?.element.Condition).find((b) => b.key === place.operator);
      return conditionKeyCandidates(catalog, statement, place.operator, presentKeys(block?.entries ?? [], offset));
    }
    case 'condition-value':
      return conditionValueCandidates(catalog, index, place.operator, place.key);
  }
}

/** The kind of the policy under the cursor: the file's, or that of the embedded policy the offset is in. */
function policyKindAt(context: AuthoringContext, offset: number): PolicyKind | undefined {
  if (context.parsed.kind === 'policy') return context.policyKind;
  return context.embedded.find(({ policy }) => offset >= policy.root.offset && offset <= policy.root.offset + policy.root.length)?.kind;
}

/** Fills in an item's documentation (description, access level, docs link) when the editor shows it. */
export function resolvePolicyCompletion(item: CompletionItem, catalog: Catalog): CompletionItem {
  const data = item.data as Partial<PolicyItemData> | undefined;
  if (!data || typeof data !== 'object' || item.documentation) return item;
  let paragraphs: string[] | undefined;
  // The same paragraphs as the hover on the inserted text: description, access level, docs link.
  // `data` comes back from the client: only strings are read from it.
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  // An action's data names it only where its label is not its name (actions.ts).
  const action = text(data.action) ?? (data.iamIrsa === 'action' ? text(item.label) : undefined);
  if ((data.iamIrsa === 'action' || data.iamIrsa === 'action-wildcard') && text(data.service) && action)
    paragraphs = actionHover(catalog, `${data.service}:${action}`, false);
  else if (data.iamIrsa === 'condition-key' && text(data.key)) paragraphs = conditionKeyHover(catalog, data.key!, undefined);
  const documentation = paragraphs?.join('\n\n');
  return documentation ? { ...item, documentation: { kind: MarkupKind.Markdown, value: documentation } } : item;
}
