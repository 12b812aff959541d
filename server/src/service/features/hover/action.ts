import { Catalog, iamWildcard } from '../../catalog/catalog';
import { serviceActionsUrl } from '../../catalog/docsLinks';
import { code, codeList, link } from '../markdown';
import { IamAction, IamService } from '../../catalog/iamModel';

/** How many actions a wildcard's hover names before "… and N more". */
const FIRST_ACTIONS = 10;
/** How many condition keys an action's hover names. */
const LISTED_KEYS = 12;

/** Access levels in the order the Service Authorization Reference thinks of them. */
const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/**
 * What an `Action` / `NotAction` value stands for: one action of the catalogue (description, access
 * level, resource types, condition keys, dependent actions) or, for a wildcard, the actions it
 * grants. `excluded` for `NotAction`, where the statement applies to every other action.
 */
export function actionHover(catalog: Catalog, text: string, excluded: boolean): string[] | undefined {
  if (text === '*') return wildcardHover(catalog, text, [...catalog.servicePrefixes()], '*', excluded);
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = text.slice(0, colon);
  const name = text.slice(colon + 1);
  if (/[*?]/.test(prefix)) {
    const pattern = iamWildcard(prefix);
    return wildcardHover(
      catalog,
      text,
      [...catalog.servicePrefixes()].filter((p) => pattern.test(p)),
      name,
      excluded,
    );
  }
  const service = catalog.service(prefix);
  if (!service) return undefined;
  if (/[*?]/.test(name)) return wildcardHover(catalog, text, [service.prefix], name, excluded);
  const action = catalog.action(prefix, name);
  return action ? oneAction(service, action, excluded) : undefined;
}

function oneAction(service: IamService, action: IamAction, excluded: boolean): string[] {
  const paragraphs = [`**${code(`${service.prefix}:${action.name}`)}** · ${action.accessLevel} · ${service.name}`, action.description];
  if (excluded) paragraphs.push(`In ${code('NotAction')}: excluded, the statement applies to every action but this one.`);
  paragraphs.push(resourceTypes(service, action));
  const keys = conditionKeysOf(service, action);
  paragraphs.push(keys.length ? `Condition keys: ${codeList(keys, LISTED_KEYS)}` : 'Condition keys: none of its own (global keys still apply)');
  const dependent = [...new Set([...action.dependentActions, ...action.resourceTypes.flatMap((t) => t.dependentActions)])];
  if (dependent.length) paragraphs.push(`Dependent actions (also needed to perform it): ${codeList(dependent, LISTED_KEYS)}`);
  paragraphs.push(link(`${service.name} actions in the Service Authorization Reference`, serviceActionsUrl(service.name)));
  return paragraphs;
}

function resourceTypes(service: IamService, action: IamAction): string {
  if (action.resourceTypes.length === 0) return `Resource types: none, it supports only ${code('"Resource": "*"')}`;
  const lines = action.resourceTypes.map((type) => {
    const arn = service.resourceTypes.get(type.name.toLowerCase())?.arn;
    return `- ${code(type.name)}${type.required ? ' (required)' : ''}${arn ? `: ${code(arn)}` : ''}`;
  });
  return `Resource types:\n${lines.join('\n')}`;
}

/** The keys a request for the action can carry, as the catalogue spells them: the action's own and its resource types'. */
function conditionKeysOf(service: IamService, action: IamAction): string[] {
  const keys = [...action.conditionKeys];
  for (const type of action.resourceTypes) {
    keys.push(...type.conditionKeys, ...(service.resourceTypes.get(type.name.toLowerCase())?.conditionKeys ?? []));
  }
  // The action and its resource types may list the same key, in different case.
  const seen = new Set<string>();
  return keys.filter((k) => !seen.has(k.toLowerCase()) && (seen.add(k.toLowerCase()), true));
}

/** Wildcard hovers per catalogue: `*` reads every action of the catalogue (tens of milliseconds). */
const wildcardHovers = new WeakMap<Catalog, Map<string, string[]>>();
const MAX_CACHED = 500;

function wildcardHover(catalog: Catalog, text: string, prefixes: readonly string[], namePattern: string, excluded: boolean): string[] {
  let cache = wildcardHovers.get(catalog);
  if (!cache) wildcardHovers.set(catalog, (cache = new Map()));
  const key = `${excluded}:${text}`;
  let paragraphs = cache.get(key);
  if (!paragraphs) {
    paragraphs = describeWildcard(catalog, text, prefixes, namePattern, excluded);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, paragraphs);
  }
  return [...paragraphs];
}

function describeWildcard(catalog: Catalog, text: string, prefixes: readonly string[], namePattern: string, excluded: boolean): string[] {
  const services = prefixes.flatMap((p) => catalog.service(p) ?? []);
  const actions = services.flatMap((s) => catalog.matchActions(s.prefix, namePattern));
  const where = services.length === 1 ? services[0].name : `${services.length} services`;
  if (actions.length === 0) return [`**${code(text)}** matches no action of ${where}`];
  const verb = excluded ? 'excludes' : 'grants';
  const paragraphs = [`**${code(text)}** ${verb} ${count(actions.length, 'action')} of ${where}`];
  if (excluded) paragraphs.push(`In ${code('NotAction')}: the statement applies to every action but these.`);
  paragraphs.push(`Access levels: ${accessLevels(actions)}`);
  // Code-unit order: `*` sorts all 22,000 actions, where localeCompare costs tens of milliseconds.
  const names = actions.map((a) => `${a.service}:${a.name}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  paragraphs.push(`${actions.length > FIRST_ACTIONS ? 'First' : 'Actions'}: ${codeList(names, FIRST_ACTIONS)}`);
  if (services.length === 1) paragraphs.push(link(`${services[0].name} actions in the Service Authorization Reference`, serviceActionsUrl(services[0].name)));
  return paragraphs;
}

/** `Read 95 · List 12 · Write 3`, known levels first. */
function accessLevels(actions: readonly IamAction[]): string {
  const counts = new Map<string, number>();
  for (const action of actions) counts.set(action.accessLevel, (counts.get(action.accessLevel) ?? 0) + 1);
  const order = (level: string) => {
    const known = ACCESS_LEVELS.indexOf(level);
    return known < 0 ? ACCESS_LEVELS.length : known;
  };
  return [...counts.entries()]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([level, n]) => `${level} ${n}`)
    .join(' · ');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
