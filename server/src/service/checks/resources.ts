import {
  ArnFields,
  ArnIndex,
  arnIndexOf,
  ArnTemplate,
  covers,
  FieldRule,
  formatArn,
  hasWildcard,
  isWildcardOnly,
  normalizeWord,
  parseArn,
  patternToRegExp,
  ResourcePattern,
  resourceTypeId,
  splitFields,
  variablesAsWildcards,
} from '../catalog/arn';
import { Catalog } from '../catalog/catalog';
import {
  allRegions,
  hasUnknownDirection,
  isKnownRegion,
  isRegionShaped,
  partitionForRegion,
  partitionNames,
  partitionOf,
} from '../catalog/partitions';
import { suggest } from '../catalog/suggest';
import { JsonNode, stringItems, valueRange } from '../parse/json';
import { PolicyElement, Statement } from '../parse/policy';
import { PolicyContext } from './context';
import { Finding } from './finding';
import { CheckCode } from './registry';
import { actionsOfStatement } from './statementActions';

/** What is wrong with one resource string on its own, whatever statement it is in. */
interface ArnProblem {
  readonly code: CheckCode;
  readonly message: string;
  readonly replacements?: readonly string[];
}

interface ResourceAnalysis {
  readonly problems: readonly ArnProblem[];
  /**
   * The templates the ARN may match, when it is a well-formed ARN of one known service: what the
   * statement-level checks compare with the actions' resource types. Absent when that is unknown.
   */
  readonly matches?: readonly ArnTemplate[];
}

/**
 * Section D of CHECKS.md: the grammar of each ARN in `Resource` / `NotResource`, its fields against
 * the catalogue's ARN templates, ARNs the statement's actions cannot act on, and redundant entries.
 * Trust policies take no resource (another family reports one), so they are skipped.
 */
export function checkResources({ file, kind, catalog }: PolicyContext): Finding[] {
  if (kind === 'trust') return [];
  const findings: Finding[] = [];
  const analyzer = analyzerOf(catalog);
  for (const statement of file.policy.statements) {
    for (const element of [statement.element.Resource, statement.element.NotResource]) {
      const items = stringItems(element?.valueNode);
      if (!element || items.length === 0) continue;
      const analyses = items.map((item) => analyzer.analyze(item.value as string));
      items.forEach((item, k) => {
        const range = rangeOf(item, file.text);
        for (const problem of analyses[k].problems) {
          findings.push({ code: problem.code, ...range, message: problem.message, data: problem.replacements?.length ? { replacements: problem.replacements } : undefined });
        }
      });
      if (element === statement.element.Resource) findings.push(...checkAgainstActions(statement, items, analyses, { text: file.text, catalog, analyzer }));
      if (element.valueNode?.type === 'array') findings.push(...redundantResources(element, items, file.text));
    }
  }
  return findings;
}

/** The value between its quotes; the quotes themselves for an empty string, so that something is underlined. */
function rangeOf(node: JsonNode, text: string): { start: number; end: number } {
  const range = valueRange(node, text);
  return range.start < range.end ? range : { start: node.offset, end: node.offset + node.length };
}

interface CheckEnv {
  readonly text: string;
  readonly catalog: Catalog;
  readonly analyzer: Analyzer;
}

// ---------------------------------------------------------------------------------------------
// One ARN on its own

/** Cached analyses per catalogue: the typing path re-checks the same strings again and again. */
class Analyzer {
  private readonly cache = new Map<string, ResourceAnalysis>();
  /** What `resourceTypesOf` found per list of action texts; null when the action set is not known exactly. */
  readonly actionSets = new Map<string, StatementResourceTypes | null>();
  readonly index: ArnIndex;

  constructor(readonly catalog: Catalog) {
    this.index = arnIndexOf(catalog);
  }

  analyze(value: string): ResourceAnalysis {
    let analysis = this.cache.get(value);
    if (!analysis) {
      analysis = analyzeResource(value, this);
      if (this.cache.size > 20_000) this.cache.clear();
      this.cache.set(value, analysis);
    }
    return analysis;
  }
}

const analyzers = new WeakMap<Catalog, Analyzer>();

function analyzerOf(catalog: Catalog): Analyzer {
  let analyzer = analyzers.get(catalog);
  if (!analyzer) {
    analyzer = new Analyzer(catalog);
    analyzers.set(catalog, analyzer);
  }
  return analyzer;
}

const NONE: ResourceAnalysis = { problems: [] };

/** ARN forms of AWS-owned resources whose account field is `aws`, beyond the templates that say so. */
const AWS_OWNED: Readonly<Record<string, RegExp>> = {
  iam: /^policy\//,
  cloudformation: /^transform\//,
  sagemaker: /^hub(-content)?\//,
  sso: /^applicationProvider\//,
  wellarchitected: /^lens\//,
};

function analyzeResource(value: string, analyzer: Analyzer): ResourceAnalysis {
  if (value === '*') return NONE;
  if (!value.startsWith('arn:')) return { problems: prefixProblem(value, analyzer.index) };
  const parsed = parseArn(value);
  if ('fieldCount' in parsed) return { problems: missingFieldProblem(value, parsed.fieldCount, analyzer) };
  return analyzeFields(value, parsed, analyzer);
}

function prefixProblem(value: string, index: ArnIndex): ArnProblem[] {
  // API Gateway resource policies abbreviate their own ARNs: "execute-api:/stage/GET/path".
  if (value.startsWith('execute-api:')) return [];
  const wildcardAt = value.search(/[*?]|\$\{/);
  if (wildcardAt >= 0 && wildcardAt < 4 && 'arn:'.startsWith(value.slice(0, wildcardAt))) return [];
  let fixed: string | undefined;
  const lower = value.toLowerCase();
  if (lower.startsWith('arn:')) fixed = `arn:${value.slice(4)}`;
  else if (/^arn;|^arn\.|^arn /i.test(value)) fixed = `arn:${value.slice(4)}`;
  else {
    const first = value.slice(0, Math.max(0, value.indexOf(':')));
    if (partitionOf(first)) fixed = `arn:${value}`;
    else if (index.hasService(first)) fixed = `arn:aws:${value}`;
  }
  const shown = value === '' ? 'An empty resource' : `"${value}"`;
  return [
    {
      code: 'INVALID_ARN_PREFIX',
      message: `${shown} is not an ARN: a Resource is "*" or an ARN that starts with "arn:" (arn:partition:service:region:account:resource), and IAM rejects anything else${hint(fixed)}`,
      replacements: fixed ? [fixed] : undefined,
    },
  ];
}

function missingFieldProblem(value: string, fieldCount: number, analyzer: Analyzer): ArnProblem[] {
  // A last field of only wildcards ("arn:aws:s3:*") may be read across the missing colons: not sure enough to report.
  const fields = splitFields(value);
  if (isWildcardOnly(fields[fields.length - 1])) return [];
  const fixes = fieldCount >= 3 ? completions(fields, analyzer) : [];
  return [
    {
      code: 'MISSING_ARN_FIELD',
      message: `"${value}" has ${fieldCount} of the 6 colon-separated ARN fields (arn:partition:service:region:account:resource), so it names no resource; keep every colon and leave a field empty where the service has none, as in "arn:aws:s3:::my-bucket"${hint(fixes[0])}`,
      replacements: fixes.length ? fixes : undefined,
    },
  ];
}

/** The six-field ARNs, made by inserting empty fields after the service, that have no problem at all. */
function completions(fields: readonly string[], analyzer: Analyzer): string[] {
  const head = fields.slice(0, 3);
  const given = fields.slice(3);
  const results: string[] = [];
  // The last value given is the resource; the others go, in order, to the region and account slots.
  const place = (from: number, picked: readonly number[]): void => {
    if (picked.length === given.length - 1) {
      const slots = ['', '', given[given.length - 1]];
      picked.forEach((slot, k) => (slots[slot] = given[k]));
      const candidate = [...head, ...slots].join(':');
      // Only a six-field candidate is analyzed: a shorter one would come back here.
      if ('fieldCount' in parseArn(candidate)) return;
      const analysis = analyzer.analyze(candidate);
      if (analysis.problems.length === 0 && analysis.matches?.length) results.push(candidate);
      return;
    }
    for (let slot = from; slot < 2; slot++) place(slot + 1, [...picked, slot]);
  };
  if (given.length > 0) place(0, []);
  return [...new Set(results)].slice(0, 2);
}

function analyzeFields(value: string, arn: ArnFields, analyzer: Analyzer): ResourceAnalysis {
  const problems: ArnProblem[] = [];
  const { index, catalog } = analyzer;
  const replace = (patch: Partial<ArnFields>) => formatArn({ ...arn, ...patch });

  // Partition
  const partition = partitionOf(arn.partition);
  if (!partition && !isWildcardOnly(arn.partition)) {
    const pattern = patternToRegExp(arn.partition, '');
    if (!hasWildcard(arn.partition) || !partitionNames().some((p) => pattern.test(p))) {
      // The region, when it is a known one, tells the partition best.
      const byRegion = partitionForRegion(arn.region)?.regions.includes(arn.region) ? [partitionForRegion(arn.region)!.name] : [];
      const names = [...new Set([...byRegion, ...suggest(arn.partition, partitionNames(), 2)])].slice(0, 2);
      const fixes = names.map((p) => replace({ partition: p }));
      const shown = arn.partition === '' ? 'The partition of the ARN is empty' : `"${arn.partition}" is not an AWS partition`;
      problems.push({
        code: 'INVALID_PARTITION',
        message: `${shown} (${partitionNames().join(', ')}), so "${value}" names no resource${hint(fixes[0])}`,
        replacements: fixes,
      });
    }
  }

  // Service
  let service = arn.service;
  if (service === '' || isWildcardOnly(service)) {
    if (service === '') problems.push({ code: 'INVALID_SERVICE', message: `"${value}" has an empty service field: write the service whose resource it names, as in "arn:aws:s3:::my-bucket"` });
    return { problems };
  }
  if (hasWildcard(service)) {
    const pattern = patternToRegExp(service);
    if (![...index.services()].some((s) => pattern.test(s))) {
      problems.push({ code: 'INVALID_SERVICE', message: `"${service}" matches the service of no AWS resource ARN, so "${value}" names no resource` });
    }
    return { problems };
  }
  if (service !== service.toLowerCase() && index.hasService(service.toLowerCase())) {
    const fixed = replace({ service: service.toLowerCase() });
    problems.push({
      code: 'INVALID_ARN_SERVICE_CASE',
      message: `The ARN service "${service}" must be lower case: IAM compares ARNs case-sensitively, so "${value}" names no resource${hint(fixed)}`,
      replacements: [fixed],
    });
    service = service.toLowerCase();
  }
  if (!index.hasService(service)) {
    const problem = unknownServiceProblem(value, arn, service, analyzer);
    if (problem) problems.push(problem);
    return { problems };
  }

  // The templates this ARN may be: those whose resource part can match; all of the service when none can.
  const templates = index.templatesOfService(service);
  const resource = new ResourcePattern(arn.resource);
  const matches = templates.filter((t) => resource.mayMatch(t.resource));
  const candidates = matches.length ? matches : templates;
  const form = formOf(candidates);

  problems.push(...regionProblems(value, arn, candidates, form, replace));
  problems.push(...accountProblems(value, arn, service, candidates, form, replace));

  if (matches.length === 0) {
    const problem = invalidResourceProblem(value, arn, service, index, catalog, replace);
    if (problem) problems.push(problem);
  }
  return { problems, matches };
}

function unknownServiceProblem(value: string, arn: ArnFields, service: string, analyzer: Analyzer): ArnProblem | undefined {
  // An IAM service with no resource type in the catalogue may still have ARNs the catalogue does not list.
  if (analyzer.catalog.service(service)) return undefined;
  const names = suggest(service, analyzer.index.services(), 3);
  const fixes = names.map((s) => formatArn({ ...arn, service: s }));
  return {
    code: 'INVALID_SERVICE',
    message: `"${service}" is not the service of any AWS resource ARN, so "${value}" names no resource${hint(fixes[0])}`,
    replacements: fixes,
  };
}

/** How the candidate templates write one field: the rule when they all agree, else undefined. */
function agreed(candidates: readonly ArnTemplate[], field: 'region' | 'account'): FieldRule | undefined {
  const first = candidates[0]?.[field];
  return candidates.every((t) => t[field] === first) ? first : undefined;
}

/** The shortest way to show the ARN forms in a message: up to two templates. */
function formOf(candidates: readonly ArnTemplate[]): string {
  // The shortest forms first: the plain resource before access points and other variants.
  const arns = [...new Set(candidates.map((t) => t.arn))].sort((a, b) => a.length - b.length);
  return arns.slice(0, 2).join(' or ') + (arns.length > 2 ? ' (and others)' : '');
}

/** A field that holds a value: not empty and not only wildcards/variables (which also match an empty field). */
function isGiven(field: string): boolean {
  return field !== '' && !isWildcardOnly(field);
}

function regionProblems(value: string, arn: ArnFields, candidates: readonly ArnTemplate[], form: string, replace: (patch: Partial<ArnFields>) => string): ArnProblem[] {
  const rule = agreed(candidates, 'region');
  const region = arn.region;
  if (rule === 'none' && isGiven(region)) {
    const fixed = replace({ region: '' });
    return [
      {
        code: 'ARN_REGION_NOT_ALLOWED',
        message: `ARNs of this kind have no region (${form}), so "${value}" with region "${region}" names no resource; leave the region empty: "${fixed}"`,
        replacements: [fixed],
      },
    ];
  }
  if (rule === 'required' && region === '') {
    const fixed = replace({ region: '*' });
    return [
      {
        code: 'MISSING_ARN_REGION',
        message: `"${value}" has no region, but ARNs of this kind always have one (${form}), so it names no resource; write the region, or "*" for any region`,
        replacements: [fixed],
      },
    ];
  }
  if (!isGiven(region)) return [];
  if (hasWildcard(region)) {
    // Only characters no region has can be judged in a pattern.
    const literal = variablesAsWildcards(region).replace(/[*?]/g, '');
    if (/^[a-z0-9-]*$/.test(literal)) return [];
    return [{ code: 'INVALID_ARN_REGION', message: `The region pattern "${region}" matches no region: regions are lower-case letters, digits and hyphens, like "us-east-1"` }];
  }
  const partition = partitionOf(arn.partition);
  if (!isRegionShaped(region)) {
    const known = partition ? partition.regions : allRegions();
    const normalized = region.toLowerCase().replace(/[_\s.]+/g, '-');
    const names = known.includes(normalized) ? [normalized] : suggest(normalized, known, 2);
    const fixes = names.map((r) => replace({ region: r }));
    const zone = /^[a-z]{2,4}(-[a-z]+)+-\d+[a-z]$/.test(region) && allRegions().includes(region.slice(0, -1)) ? ' (it is an Availability Zone)' : '';
    return [
      {
        code: 'INVALID_ARN_REGION',
        message: `"${region}" is not a region${zone}: the region field holds a region name such as "us-east-1", or "*"${names.length ? `; did you mean "${names[0]}"?` : ''}`,
        replacements: fixes,
      },
    ];
  }
  if (partition && isKnownRegion(partition, region)) return [];
  const owner = partitionForRegion(region);
  if (partition && owner && owner !== partition) {
    const fixed = replace({ partition: owner.name });
    return [
      {
        code: 'INVALID_REGION',
        message: `"${region}" is a region of the ${owner.name} partition, not of ${partition.name}, so "${value}" names no resource; write the partition of the region: "${fixed}"`,
        replacements: [fixed],
      },
    ];
  }
  if (hasUnknownDirection(region)) {
    const names = suggest(region, partition ? partition.regions : allRegions(), 2);
    return [
      {
        code: 'INVALID_REGION',
        message: `"${region}" is not a region${partition ? ` of the ${partition.name} partition` : ''}${names.length ? `; did you mean "${names[0]}"?` : ''}`,
        replacements: names.map((r) => replace({ region: r })),
      },
    ];
  }
  // Region-shaped and in the partition's naming pattern: a region launched after this table was written.
  return [];
}

function accountProblems(
  value: string,
  arn: ArnFields,
  service: string,
  candidates: readonly ArnTemplate[],
  form: string,
  replace: (patch: Partial<ArnFields>) => string,
): ArnProblem[] {
  const account = arn.account;
  if (!isGiven(account)) return [];
  const rule = agreed(candidates, 'account');
  if (rule === 'none') {
    const fixed = replace({ account: '' });
    return [
      {
        code: 'ARN_ACCOUNT_NOT_ALLOWED',
        message: `ARNs of this kind have no account (${form}), so "${value}" with account "${account}" names no resource; leave the account empty: "${fixed}"`,
        replacements: [fixed],
      },
    ];
  }
  if (account === 'aws') {
    const owned = AWS_OWNED[service];
    const allowed = candidates.some((t) => t.account === 'aws' || t.account === 'any') || (owned !== undefined && (hasWildcard(arn.resource) || owned.test(arn.resource)));
    if (allowed) return [];
    return [
      {
        code: 'INVALID_ARN_ACCOUNT',
        message: `The account "aws" names AWS's own resources, such as managed policies ("arn:aws:iam::aws:policy/ReadOnlyAccess"); ARNs of this kind (${form}) take a 12-digit account ID, or "*"`,
      },
    ];
  }
  if (couldBeAccountId(account)) return [];
  const digits = account.replace(/[-\s]/g, '');
  const fixes = /^\d{12}$/.test(digits) ? [replace({ account: digits })] : [];
  return [
    {
      code: 'INVALID_ARN_ACCOUNT',
      message: `"${account}" is not an account ID: the account field holds the 12 digits of an AWS account (no hyphens), or "*"${fixes.length ? `; did you mean "${digits}"?` : ''}`,
      replacements: fixes,
    },
  ];
}

/** Whether some 12-digit account ID matches the field (wildcards and variables allowed). */
function couldBeAccountId(account: string): boolean {
  const pattern = variablesAsWildcards(account);
  if (!/^[0-9*?]+$/.test(pattern)) return false;
  const fixed = pattern.replace(/\*/g, '').length;
  return pattern.includes('*') ? fixed <= 12 : fixed === 12;
}

/**
 * A resource part that matches no template of its service. Only reported when its resource-type
 * word is a near miss of a real one (`instnace/i-1` for `instance/`): an unknown word with no close
 * neighbour is more often a resource type the catalogue lacks than a mistake.
 */
function invalidResourceProblem(value: string, arn: ArnFields, service: string, index: ArnIndex, catalog: Catalog, replace: (patch: Partial<ArnFields>) => string): ArnProblem | undefined {
  const end = arn.resource.search(/[/:]/);
  const word = end < 0 ? arn.resource : arn.resource.slice(0, end);
  if (word === '' || hasWildcard(word)) return undefined;
  const known = index.resourceWords(service);
  const normalized = normalizeWord(word);
  if (known.exact.has(normalized) || known.prefixes.some((p) => normalized.startsWith(p))) return undefined;
  const names = suggest(word, known.words, 2);
  if (names.length === 0) return undefined;
  const fixes = names.map((n) => replace({ resource: n + arn.resource.slice(word.length) }));
  const templates = index.templatesOfService(service);
  const name = catalog.service(service)?.name;
  const owner = name ? `${name} (${service})` : `"${service}"`;
  return {
    code: 'INVALID_ARN_RESOURCE',
    message: `"${word}" is not a resource type of ${owner} ARNs, so "${value}" names no resource; did you mean "${names[0]}", as in ${formOf(templates.filter((t) => t.resource.word.text === names[0]))}?`,
    replacements: fixes,
  };
}

function hint(fixed: string | undefined): string {
  return fixed ? `; did you mean "${fixed}"?` : '';
}

// ---------------------------------------------------------------------------------------------
// ARNs against the statement's actions

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
  if (analyzer.actionSets.has(key)) return analyzer.actionSets.get(key) ?? undefined;
  const result = computeResourceTypes(statement, analyzer.catalog, analyzer.index);
  if (analyzer.actionSets.size > 5_000) analyzer.actionSets.clear();
  analyzer.actionSets.set(key, result ?? null);
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
function checkAgainstActions(statement: Statement, items: readonly JsonNode[], analyses: readonly ResourceAnalysis[], env: CheckEnv): Finding[] {
  if (!analyses.every((a) => a.matches)) return [];
  const types = resourceTypesOf(statement, env.analyzer);
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
        ...rangeOf(item, env.text),
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
    const fix = env.analyzer.analyze(below).matches?.some((t) => types.ids.has(t.id)) ? below : undefined;
    findings.push({
      code: 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY',
      ...rangeOf(item, env.text),
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

// ---------------------------------------------------------------------------------------------
// Entries covered by others

function redundantResources(element: PolicyElement, items: readonly JsonNode[], text: string): Finding[] {
  const values = items.map((i) => i.value as string);
  const entries = values.map(entryOf);
  const findings: Finding[] = [];
  const children = element.valueNode?.children ?? [];
  items.forEach((item, k) => {
    // Of two equal entries, the second is the one reported.
    const by = entries.findIndex((other, j) => j !== k && coversEntry(other, entries[k]) && !(j > k && coversEntry(entries[k], other)));
    if (by < 0) return;
    findings.push({
      code: 'REDUNDANT_RESOURCE',
      ...rangeOf(item, text),
      message: `"${values[k]}" is already covered by "${values[by]}" in the same ${element.key} list, so it adds nothing: remove it`,
      data: { replacements: [''], range: deletionRange(children, children.indexOf(item)) },
    });
  });
  return findings;
}

/** A resource entry prepared for comparisons: its ARN fields when it is an ARN. */
interface ResourceEntry {
  readonly text: string;
  readonly fields?: readonly string[];
}

function entryOf(text: string): ResourceEntry {
  if (!text.startsWith('arn:')) return { text };
  const arn = parseArn(text);
  return 'fieldCount' in arn ? { text } : { text, fields: [arn.partition, arn.service, arn.region, arn.account, arn.resource] };
}

/**
 * Whether the entry `general` matches everything `specific` does. ARNs are compared field by
 * field, as IAM matches them: a `*` in the region does not reach into the account.
 */
function coversEntry(general: ResourceEntry, specific: ResourceEntry): boolean {
  if (general.text === '*' || general.text === specific.text) return true;
  if (!general.fields || !specific.fields) return false;
  for (let f = 0; f < 5; f++) if (!covers(general.fields[f], specific.fields[f])) return false;
  return true;
}

/** The span that removes one array item with its separating comma. */
function deletionRange(children: readonly JsonNode[], k: number): { start: number; end: number } {
  const item = children[k];
  if (k + 1 < children.length) return { start: item.offset, end: children[k + 1].offset };
  if (k > 0) return { start: children[k - 1].offset + children[k - 1].length, end: item.offset + item.length };
  return { start: item.offset, end: item.offset + item.length };
}
