import { ArnTemplate, resourceTypeId } from '../catalog/arn';
import { Analyzer, ResourceAnalysis } from '../catalog/arnAnalysis';
import { formatArn, hasWildcard, parseArn } from '../catalog/arnParse';
import { mayNameResourceOf } from '../catalog/arnMatch';
import { IamAction } from '../catalog/iamModel';
import { JsonNode, stringItems, valueRange } from '../parse/json';
import { Statement } from '../parse/policy';
import { Finding } from './finding';

/**
 * RESOURCE_MISMATCH_FOR_ACTION: one action of the statement acts on none of its resources, so the
 * statement never allows it (the others it may). Sure only when the resources are all ARNs of known
 * services with no problem and the action set is known: no NotAction, no NotResource, no `"*"`.
 * Fix data: `actions` (the Action entries to move, all that need the same resources) and `resources`
 * (what the new statement names).
 */

/** What one Action entry needs, when it surely matches none of the statement's resources. */
interface Need {
  readonly entry: JsonNode;
  readonly message: string;
  readonly resources: readonly string[];
}

export function checkActionsAgainstResources(
  statement: Statement,
  items: readonly JsonNode[],
  analyses: readonly ResourceAnalysis[],
  analyzer: Analyzer,
  text: string,
): Finding[] {
  const { Action, NotAction, NotResource } = statement.element;
  if (!Action || NotAction || NotResource || items.length === 0) return [];
  if (!analyses.every((a) => a.problems.length === 0 && a.matches?.length)) return [];
  const values = items.map((item) => item.value as string);
  const resourcesKey = values.join('\n');
  let arns: ReturnType<typeof parseArn>[] | undefined;
  let byResources = needsOf.get(analyzer);
  if (!byResources) needsOf.set(analyzer, (byResources = new Map()));
  let known = byResources.get(resourcesKey);
  if (!known) {
    if (byResources.size >= MAX_KEPT_RESOURCE_LISTS) byResources.clear();
    byResources.set(resourcesKey, (known = new Map()));
  }
  const needs: Need[] = [];
  for (const entry of stringItems(Action.valueNode)) {
    // What an entry needs depends on its text and the resource texts alone: managed policies repeat both.
    const written = entry.value as string;
    let need = known.get(written);
    if (need === undefined) {
      need = needOf(written, (arns ??= values.map((value) => parseArn(value))), analyzer) ?? null;
      known.set(written, need);
    }
    if (need) needs.push({ entry, message: need.message, resources: [...need.resources] });
  }
  return needs.map((need) => {
    const key = need.resources.join('\n');
    const actions = needs.filter((n) => n.resources.join('\n') === key).map((n) => n.entry.value as string);
    return { code: 'RESOURCE_MISMATCH_FOR_ACTION', ...valueRange(need.entry, text), message: need.message, data: { actions, resources: need.resources } };
  });
}

/** Per analyzer (catalogue), per list of resource texts and Action entry text: what the entry needs (null: nothing). */
const needsOf = new WeakMap<Analyzer, Map<string, Map<string, Omit<Need, 'entry'> | null>>>();
/** Bounded by lists of resources: odd input must not grow the memo forever (a list holds the answers of a statement's actions). */
const MAX_KEPT_RESOURCE_LISTS = 5_000;

function needOf(written: string, arns: readonly ReturnType<typeof parseArn>[], analyzer: Analyzer): Omit<Need, 'entry'> | undefined {
  const action = actionNeedOf(written, analyzer);
  if (!action) return undefined;
  const { starOnly, templates, ids, services } = action;
  if (starOnly && arns.some((arn) => 'fieldCount' in arn || hasWildcard(arn.resource))) return undefined;
  const fields = arns.filter((arn): arn is Exclude<typeof arn, { fieldCount: number }> => !('fieldCount' in arn));
  // A resource part that starts with a wildcard or a variable (`*/*`) may be any type of the service.
  if (fields.length !== arns.length || fields.some((arn) => /^([*?]|\$\{)/.test(arn.resource))) return undefined;
  for (const arn of fields) {
    const matches = analyzer.analyze(formatArn(arn)).matches ?? [];
    if (matches.some((t) => ids.has(t.id) && mayNameResourceOf(arn.resource, t.resource.text))) return undefined;
    // Sure only for ARNs of the action's own service: an action that reaches another service's resources
    // meets the catalogue's gaps (its list names the types it authorizes, not all it touches).
    if (!matches.some((t) => services.has(t.prefix))) return undefined;
  }
  const resources = starOnly ? ['*'] : resourcesFor(templates, ids, fields, analyzer);
  return { message: action.message, resources };
}

/** What an Action entry's text alone says of what it needs: its actions' resource types, and the message naming them. */
interface ActionNeed {
  /** Some action acts on no specific resource ("*" only). */
  readonly starOnly: boolean;
  readonly templates: readonly ArnTemplate[];
  readonly ids: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly message: string;
}

/** Per analyzer (catalogue) and Action entry text: what the text alone says (null: the entry is never sure to need anything). */
const actionNeeds = new WeakMap<Analyzer, Map<string, ActionNeed | null>>();

function actionNeedOf(written: string, analyzer: Analyzer): ActionNeed | undefined {
  let known = actionNeeds.get(analyzer);
  if (!known) actionNeeds.set(analyzer, (known = new Map()));
  let need = known.get(written);
  if (need === undefined) {
    need = computeActionNeed(written, analyzer) ?? null;
    if (known.size >= MAX_KEPT_ACTIONS) known.clear();
    known.set(written, need);
  }
  return need ?? undefined;
}

const MAX_KEPT_ACTIONS = 50_000;

function computeActionNeed(written: string, analyzer: Analyzer): ActionNeed | undefined {
  const colon = written.indexOf(':');
  const prefix = colon > 0 ? written.slice(0, colon) : '';
  if (colon <= 0 || /[*?]/.test(prefix)) return undefined;
  const actions = analyzer.catalog.matchActions(prefix, written.slice(colon + 1));
  if (actions.length === 0) return undefined;
  // Tagging and resource-policy actions act on any type of their service: the catalogue's lists lag behind.
  if (actions.some((a) => a.accessLevel.includes('Tagging') || /^(List|Get)Tags|ResourcePolicy/.test(a.name))) return undefined;
  const typed = actions.filter((a) => a.resourceTypes.length > 0);
  const starOnly = actions.filter((a) => a.resourceTypes.length === 0);
  // The catalogue marks some actions "*"-only that services still authorize against a pattern such as
  // "log-group:*": only a List action on named resources (no wildcard) surely never matches.
  if (starOnly.length > 0 && !starOnly.every((a) => a.accessLevel === 'List')) return undefined;
  const templates = templatesOf(typed, analyzer);
  if (!templates) return undefined;
  const what = [...(starOnly.length ? ['no specific resource ("Resource": "*")'] : []), ...typeNames(templates)];
  const verb = actions.length > 1 ? `${written} (${actions.length} actions) act` : `${written} acts`;
  return {
    starOnly: starOnly.length > 0,
    templates,
    ids: new Set(templates.map((t) => t.id)),
    services: new Set(actions.map((a) => a.service)),
    message: `${verb} on ${list(what)}, none of this statement's resources: it is never allowed here`,
  };
}

/** The templates of the actions' resource types; undefined when one type's ARN is unknown (nothing is sure then). */
function templatesOf(actions: readonly IamAction[], analyzer: Analyzer): ArnTemplate[] | undefined {
  const seen = new Set<string>();
  const templates: ArnTemplate[] = [];
  for (const action of actions) {
    for (const type of action.resourceTypes) {
      const id = resourceTypeId(action.service, type.name);
      if (seen.has(id)) continue;
      seen.add(id);
      const forms = analyzer.index.templatesOfResourceType(action.service, type.name);
      if (forms.length === 0) return undefined;
      templates.push(...forms);
    }
  }
  return templates;
}

/** `bucket (arn:${Partition}:s3:::${BucketName})`, one per resource type. */
function typeNames(templates: readonly ArnTemplate[]): string[] {
  const byType = new Map<string, string[]>();
  for (const t of templates) byType.set(t.resourceType, [...(byType.get(t.resourceType) ?? []), t.arn]);
  return [...byType].map(([type, forms]) => `${type} (${forms.join(' or ')})`);
}

function list(names: readonly string[]): string {
  const shown = names.length > 4 ? [...names.slice(0, 3), `${names.length - 3} more resource types`] : names;
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

type Fields = Exclude<ReturnType<typeof parseArn>, { fieldCount: number }>;

/**
 * What the new statement names: an ARN of the needed type derived from the statement's own (the
 * bucket of `arn:aws:s3:::b/*`, the objects of a bucket), else the type's ARN format with the
 * partition, region and account of the statement's first ARN and `<Placeholders>` to edit.
 */
function resourcesFor(templates: readonly ArnTemplate[], ids: ReadonlySet<string>, arns: readonly Fields[], analyzer: Analyzer): string[] {
  const fits = (candidate: string) => {
    const analysis = analyzer.analyze(candidate);
    const parsed = parseArn(candidate);
    return (
      analysis.problems.length === 0 &&
      !('fieldCount' in parsed) &&
      (analysis.matches ?? []).some((t) => ids.has(t.id) && mayNameResourceOf(parsed.resource, t.resource.text))
    );
  };
  const derived: string[] = [];
  for (const arn of arns) {
    const cuts = [...arn.resource.matchAll(/[/:]/g)].map((m) => arn.resource.slice(0, m.index)).reverse();
    const candidates = [...cuts, `${arn.resource}/*`].map((resource) => formatArn({ ...arn, resource }));
    const found = candidates.find((c) => !c.endsWith(':') && !c.endsWith('/') && fits(c));
    if (found && !derived.includes(found)) derived.push(found);
  }
  if (derived.length) return derived;
  const first = arns[0];
  const template = [...templates].sort((a, b) => a.arn.length - b.arn.length)[0];
  const filled = template.arn
    .replace('${Partition}', first.partition)
    .replace('${Region}', template.region === 'none' ? '' : first.region)
    .replace('${Account}', template.account === 'none' ? '' : first.account);
  return [filled.replace(/\$\{([^}]*)\}/g, '<$1>')];
}
