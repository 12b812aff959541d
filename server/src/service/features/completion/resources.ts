import { CompletionItemKind } from 'vscode-languageserver-types';
import { arnIndexOf, ArnTemplate } from '../../catalog/arn';
import { actionsOfStatement } from '../../catalog/statementActions';
import { Catalog } from '../../catalog/catalog';
import { Statement } from '../../parse/policy';
import { Candidate, snippetText, sortKey } from './items';

/** Defaults of the ARN fields a snippet asks for: AWS's documentation account and a region. */
const FIELD_DEFAULTS: Record<string, string> = { Region: 'us-east-1', Account: '111122223333' };

/** The template as a snippet: `aws` as the partition, a tab stop for the region, the account and each name. */
function arnSnippet(arn: string): string {
  let stop = 0;
  let result = '';
  let last = 0;
  for (const match of arn.matchAll(/\$\{([^}]*)\}/g)) {
    result += snippetText(arn.slice(last, match.index));
    result += match[1] === 'Partition' ? 'aws' : `\${${++stop}:${FIELD_DEFAULTS[match[1]] ?? match[1]}}`;
    last = match.index! + match[0].length;
  }
  return result + snippetText(arn.slice(last));
}

/**
 * Resource ARNs for the statement: a snippet for each resource type its actions act on (those some
 * action requires first), and `*`.
 */
export function resourceCandidates(catalog: Catalog, statement: Statement | undefined): Candidate[] {
  const index = arnIndexOf(catalog);
  const types = new Map<string, { template: ArnTemplate; required: boolean; actions: string[] }>();
  for (const action of statement ? actionsOfStatement(statement, catalog).actions : []) {
    for (const rt of action.resourceTypes) {
      for (const template of index.templatesOfResourceType(action.service, rt.name)) {
        const entry = types.get(template.arn) ?? { template, required: false, actions: [] };
        entry.required ||= rt.required;
        entry.actions.push(action.name);
        types.set(template.arn, entry);
      }
    }
  }
  const candidates: Candidate[] = [...types.values()].map(({ template, required, actions }) => {
    const label = template.arn.replace('${Partition}', 'aws');
    const shown = actions
      .slice(0, 6)
      .map((a) => `\`${a}\``)
      .join(', ');
    return {
      label,
      value: arnSnippet(template.arn),
      snippet: true,
      filterText: label,
      kind: CompletionItemKind.Reference,
      detail: `${template.prefix} ${template.resourceType}`,
      documentation: `The \`${template.resourceType}\` resource type of ${catalog.service(template.prefix)?.name ?? template.prefix}, which ${shown}${actions.length > 6 ? ', …' : ''} act on.`,
      sort: sortKey(required ? 0 : 1, label.toLowerCase()),
      data: { iamIrsa: 'resource' },
    };
  });
  candidates.push({
    label: '*',
    value: '*',
    kind: CompletionItemKind.Value,
    detail: 'Every resource',
    documentation: 'Every resource: what actions that act on no resource type (`List*`, `Describe*`…) need.',
    sort: sortKey(2, 0),
    data: { iamIrsa: 'resource' },
  });
  return candidates;
}
