import { ArnIndex, ArnTemplate, resourceTypeId } from '../catalog/arn';
import { hasWildcard, parseArn } from '../catalog/arnParse';
import { Catalog } from '../catalog/catalog';
import { JsonNode, stringItems } from '../parse/json';
import { Statement } from '../parse/policy';
import { OffsetRange } from '../parse/range';
import { formOf, hint } from '../catalog/arnProblems';
import { Finding } from './finding';
import { actionsOfStatement } from '../catalog/statementActions';
import { Analyzer, ResourceAnalysis } from '../catalog/arnAnalysis';

/** A statement's `Resource` ARNs against the resource types its actions act on. */

interface StatementResourceTypes {
  /** `prefix:type` ids of every resource type some action of the statement acts on. */
  readonly ids: ReadonlySet<string>;
  /** How to name the actions in a message. */
  readonly actionNames: readonly string[];
  /** The templates of those resource types, for messages. */
  readonly templates: readonly ArnTemplate[];
  /** The IAM service prefixes of the actions. */
  readonly services: ReadonlySet<string>;
  /**
   * Some action acts on any resource type of its service (tagging, resource policies): the
   * catalogue's list of its types lags behind the service's new types.
   */
  readonly generic: boolean;
  /** Every action is of the List access level. */
  readonly allList: boolean;
}

/** What `resourceTypesOf` found per list of action texts, per catalogue; null when the action set is not known exactly. */
const actionSets = new WeakMap<Catalog, Map<string, StatementResourceTypes | null>>();

/**
 * The resource types the statement's actions act on, when the action set is known exactly: no
 * NotAction, no `*`, no wildcard service, no action the catalogue does not know.
 */
function resourceTypesOf(statement: Statement, analyzer: Analyzer): StatementResourceTypes | undefined {
  const action = statement.element.Action?.valueNode;
  if (statement.element.NotAction || !action || (action.type !== 'string' && action.type !== 'array')) return undefined;
  // The answer depends on the action texts only: statements that list the same actions share it.
  const key = stringItems(action)
    .map((item) => item.value as string)
    .join('\n');
  let known = actionSets.get(analyzer.catalog);
  if (!known) actionSets.set(analyzer.catalog, (known = new Map()));
  if (known.has(key)) return known.get(key) ?? undefined;
  const result = computeResourceTypes(statement, analyzer.catalog, analyzer.index);
  if (known.size > 5_000) known.clear();
  known.set(key, result ?? null);
  return result;
}

function computeResourceTypes(statement: Statement, catalog: Catalog, index: ArnIndex): StatementResourceTypes | undefined {
  const { actions, open } = actionsOfStatement(statement, catalog);
  if (open || actions.length === 0) return undefined;
  for (const item of stringItems(statement.element.Action?.valueNode)) {
    const text = item.value as string;
    const colon = text.indexOf(':');
    if (colon <= 0 || catalog.matchActions(text.slice(0, colon), text.slice(colon + 1)).length === 0) return undefined;
  }
  const ids = new Set<string>();
  const templates: ArnTemplate[] = [];
  for (const action of actions) {
    for (const type of action.resourceTypes) {
      const id = resourceTypeId(action.service, type.name);
      if (ids.has(id)) continue;
      const forms = index.templatesOfResourceType(action.service, type.name);
      // A resource type the catalogue does not describe: its ARNs are unknown.
      if (forms.length === 0) return undefined;
      ids.add(id);
      templates.push(...forms);
    }
  }
  return {
    ids,
    actionNames: actions.map((a) => `${a.service}:${a.name}`),
    templates,
    services: new Set(actions.map((a) => a.service)),
    generic: actions.some((a) => a.accessLevel.includes('Tagging') || /^ListTags|ResourcePolicy/.test(a.name)),
    allList: actions.every((a) => a.accessLevel === 'List'),
  };
}

/**
 * An ARN no action of the statement acts on. Reported only when no entry of the list fits any
 * action, so the statement as a whole never applies: a list that also names a fitting resource
 * still works (AWS's own policies carry such spare entries, and the catalogue's per-action lists
 * have gaps).
 */
export function checkAgainstActions(
  statement: Statement,
  items: readonly JsonNode[],
  ranges: readonly OffsetRange[],
  analyses: readonly ResourceAnalysis[],
  analyzer: Analyzer,
): Finding[] {
  if (!analyses.every((a) => a.matches)) return [];
  const types = resourceTypesOf(statement, analyzer);
  if (!types) return [];
  const findings: Finding[] = [];
  const one = types.actionNames.length === 1;
  if (types.ids.size === 0) {
    // The catalogue marks some actions "*"-only that services still authorize against a pattern such as
    // "log-group:*"; a List action on one named resource is the case that surely never matches.
    if (!types.allList) return [];
    items.forEach((item, k) => {
      const value = item.value as string;
      if (analyses[k].problems.length > 0 || hasWildcard(parseArnResource(value))) return;
      findings.push({
        code: 'RESOURCE_NOT_SUPPORTED_BY_ACTION',
        ...ranges[k],
        message: `${actionList(types.actionNames)} ${one ? 'acts' : 'act'} on no specific resource and ${one ? 'supports' : 'support'} only "Resource": "*", so the statement never matches "${value}"; write "*"`,
        data: { replacements: ['*'] },
      });
    });
    return findings;
  }
  if (analyses.some((a) => a.matches!.some((t) => types.ids.has(t.id)))) return [];
  items.forEach((item, k) => {
    const { matches, problems } = analyses[k];
    // Sure only for an ARN recognized as another resource type of the actions' own service (a bucket for
    // s3:GetObject): an ARN that fits no type at all, or another service's, meets the catalogue's gaps.
    if (problems.length > 0 || types.generic || !matches!.some((t) => types.services.has(t.prefix))) return;
    // `*/*` fits every type of the service: it is not "another type".
    if (/^([*?]|\$\{)/.test(parseArnResource(item.value as string))) return;
    const value = item.value as string;
    // Name the ARN's own type (iam:role) before the same ARN filed under another service (ec2's copy of role).
    const own = matches!.filter((t) => t.prefix === t.service);
    const named = [...new Set((own.length ? own : matches!.filter((t) => types.services.has(t.prefix))).map((t) => `${t.prefix}:${t.resourceType}`))];
    const what = named.length === 1 ? `names a resource of type ${named[0]}, which` : 'matches no resource type that';
    // A bucket where objects are meant (and the like): what lies under it may fit.
    const below = `${value}/*`;
    const fix = analyzer.analyze(below).matches?.some((t) => types.ids.has(t.id)) ? below : undefined;
    findings.push({
      code: 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY',
      ...ranges[k],
      message: `"${value}" ${what} ${actionList(types.actionNames)} ${named.length === 1 ? (one ? 'does not act on' : 'do not act on') : one ? 'acts on' : 'act on'}, so the statement never applies; ${one ? 'it acts' : 'they act'} on ${formOf(types.templates)}${hint(fix)}`,
      data: fix ? { replacements: [fix] } : undefined,
    });
  });
  return findings;
}

function parseArnResource(value: string): string {
  const parsed = parseArn(value);
  return 'fieldCount' in parsed ? value : parsed.resource;
}

function actionList(names: readonly string[]): string {
  if (names.length === 1) return names[0];
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more actions`;
}
