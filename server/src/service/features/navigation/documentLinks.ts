import { DocumentLink } from 'vscode-languageserver-types';
import { displayName, resolveUse } from '../../workspace/roles';
import { FeatureContext } from '../context';
import { lineLink } from './locations';

/**
 * Links a user can Ctrl+click: each role ARN (annotation, association, Helm value) to the line of
 * the role's definition (`#L<line>`, as VS Code opens file links), each `file://…` policy of a
 * script to that file. A role defined nowhere gets no link.
 */
export function findDocumentLinks(context: FeatureContext): DocumentLink[] {
  const { uri, index, facts } = context;
  const links: DocumentLink[] = [];
  for (const reference of facts.references) {
    // An association whose role the tool makes has no ARN to click.
    if (reference.kind === 'pod-identity' && reference.template) continue;
    const role = resolveUse(reference, uri, index)?.role;
    const range = index.range(uri, reference.range);
    if (!role || !range) continue;
    links.push({
      range,
      target: lineLink(index, role.uri, role.fact.range),
      tooltip: `role ${role.fact.name ?? role.fact.label}, defined in ${displayName(role.uri)}`,
    });
  }
  for (const reference of facts.policyFiles) {
    const range = index.range(uri, reference.range);
    if (!range) continue;
    links.push({ range, target: reference.uri, tooltip: `${reference.kind === 'trust' ? 'trust policy' : 'permission policy'} ${displayName(reference.uri)}` });
  }
  return links;
}
