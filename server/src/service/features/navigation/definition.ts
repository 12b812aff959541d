import { LocationLink, Range } from 'vscode-languageserver-types';
import { OffsetRange } from '../../parse/range';
import { ServiceAccountFact } from '../../workspace/facts';
import { Located } from '../../workspace/index';
import { resolveUse, serviceAccountsMatching, trustSelection } from '../../workspace/roles';
import { targetAt } from './targets';
import { FeatureContext } from '../context';

const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Go to definition, origin → target: a role ARN → the role's trust policy at the statement that
 * admits (or should admit) its ServiceAccount, or the role's definition when the trust is unknown;
 * a `:sub` value, a `serviceAccountName` or an association's ServiceAccount → the manifests;
 * `file://…` → the file. On a role's own name: itself, so that the editor offers its references.
 */
export function findDefinition(context: FeatureContext, offset: number): LocationLink[] {
  const { uri, index } = context;
  const target = targetAt(context.facts, offset, ['subject', 'role-reference', 'policy-file', 'service-account-use', 'role-definition']);
  if (!target) return [];
  const origin = index.range(uri, target.range);
  if (!origin) return [];
  switch (target.kind) {
    case 'subject':
      return serviceAccountLinks(context, origin, serviceAccountsMatching(target.condition.operator, target.value.value, index));
    case 'service-account-use':
      return serviceAccountLinks(context, origin, index.serviceAccounts(target.use.namespace, target.use.name));
    case 'policy-file':
      return [LocationLink.create(target.reference.uri, FILE_START, FILE_START, origin)];
    case 'role-definition':
      return link(context, origin, uri, target.role.range, target.role.range);
    case 'role-reference': {
      const resolved = resolveUse(target.reference, uri, index);
      if (!resolved?.role) return [];
      const trust = resolved.trust;
      if (trust) {
        const links = link(context, origin, trust.uri, trust.fact.range, trustSelection(trust.fact, target.reference) ?? trust.fact.range);
        if (links.length) return links;
      }
      return link(context, origin, resolved.role.uri, resolved.role.fact.range, resolved.role.fact.range);
    }
  }
}

function serviceAccountLinks(context: FeatureContext, origin: Range, accounts: readonly Located<ServiceAccountFact>[]): LocationLink[] {
  return accounts.flatMap((sa) => link(context, origin, sa.uri, sa.fact.range, sa.fact.range));
}

function link(context: FeatureContext, origin: Range, uri: string, targetRange: OffsetRange, selection: OffsetRange): LocationLink[] {
  const target = context.index.range(uri, targetRange);
  const selected = context.index.range(uri, selection);
  return target && selected ? [LocationLink.create(uri, target, selected, origin)] : [];
}
