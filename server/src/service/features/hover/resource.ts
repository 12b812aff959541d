import { ArnTemplate, resourceTypeId } from '../../catalog/arn';
import { Catalog } from '../../catalog/catalog';
import { serviceResourcesUrl } from '../../catalog/docsLinks';
import { analyzerOf } from '../../catalog/arnAnalysis';
import { actionsOfStatement } from '../../catalog/statementActions';
import { Statement } from '../../parse/policy';
import { code, codeList, link } from '../markdown';
import { IamAction } from '../../catalog/iamModel';

/** How many resource types, and actions per list, the hover names. */
const LISTED = 6;

/**
 * A `Resource` / `NotResource` value: the resource types of the catalogue its ARN can name (matched as
 * the resource checks match it), and which of the statement's actions act on them. `excluded` for
 * `NotResource`.
 */
export function resourceHover(catalog: Catalog, text: string, statement: Statement | undefined, excluded: boolean): string[] | undefined {
  if (text === '*')
    return [
      `**${code('*')}**: every resource`,
      ...(excluded ? [`In ${code('NotResource')}: every resource is excluded, so the statement applies to none.`] : []),
    ];
  if (!text.startsWith('arn:')) return undefined;
  const { matches } = analyzerOf(catalog).analyze(text);
  if (!matches) return undefined;
  const paragraphs = [`**${code(text)}**`];
  if (excluded) paragraphs.push(`In ${code('NotResource')}: excluded, the statement applies to every other resource.`);
  if (matches.length === 0) {
    paragraphs.push('Matches no resource type of the catalogue.');
    return paragraphs;
  }
  const types = byResourceType(matches);
  // Other services' copies of the ARN's own types (ssm:bucket beside s3:bucket) only count for their actions.
  const shown = types.some((t) => t.own) ? types.filter((t) => t.own) : types;
  const lines = shown.slice(0, LISTED).map(({ label, arns }) => `- ${code(label)}: ${arns.map(code).join(' or ')}`);
  if (shown.length > LISTED) lines.push(`- … and ${shown.length - LISTED} more`);
  paragraphs.push(`${shown.length === 1 ? 'Resource type' : 'Resource types it can name'}:\n${lines.join('\n')}`);
  const actions = statement ? actionsLine(catalog, statement, new Set(types.map((t) => t.id))) : undefined;
  if (actions) paragraphs.push(actions);
  const service = catalog.service(types[0].prefix);
  if (service) paragraphs.push(link(`${service.name} resource types`, serviceResourcesUrl(service.name)));
  return paragraphs;
}

interface MatchedType {
  /** `prefix:type`, lower case, as actions name it. */
  readonly id: string;
  readonly label: string;
  readonly prefix: string;
  /** The ARN names the service of the type itself (not another service's copy of the type). */
  readonly own: boolean;
  readonly arns: string[];
}

/** Templates grouped per resource type, the ARN's own service first (iam:role before another service's copy of it). */
function byResourceType(matches: readonly ArnTemplate[]): MatchedType[] {
  const types = new Map<string, MatchedType>();
  for (const template of matches) {
    const type = types.get(template.id) ?? {
      id: template.id,
      label: `${template.prefix}:${template.resourceType}`,
      prefix: template.prefix,
      own: template.service === template.prefix,
      arns: [],
    };
    if (!type.arns.includes(template.arn)) type.arns.push(template.arn);
    types.set(template.id, type);
  }
  return [...types.values()].sort((a, b) => Number(b.own) - Number(a.own));
}

function actionsLine(catalog: Catalog, statement: Statement, ids: ReadonlySet<string>): string | undefined {
  const { actions, open } = actionsOfStatement(statement, catalog);
  if (open || actions.length === 0) return undefined;
  const actsOn = (a: IamAction) => a.resourceTypes.some((t) => ids.has(resourceTypeId(a.service, t.name)));
  const names = (list: readonly IamAction[]) => list.map((a) => `${a.service}:${a.name}`);
  const fitting = actions.filter(actsOn);
  const other = actions.filter((a) => !actsOn(a));
  if (other.length === 0) return `For every action of the statement (${actions.length === 1 ? code(names(actions)[0]) : `${actions.length} actions`}).`;
  if (fitting.length === 0) return `For **none** of the statement's actions (${codeList(names(other), LISTED)}).`;
  return `For ${codeList(names(fitting), LISTED)}; **not** for ${codeList(names(other), LISTED)}.`;
}
