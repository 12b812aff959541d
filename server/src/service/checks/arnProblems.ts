import { ArnIndex, arnIndexOf, ArnTemplate, FieldRule, normalizeWord } from '../catalog/arn';
import { ResourcePattern } from '../catalog/arnMatch';
import { ArnFields, formatArn, hasWildcard, isWildcardOnly, parseArn, patternMatcher, splitFields, variablesAsWildcards } from '../catalog/arnParse';
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
import { CheckCode } from './registry';

/** What is wrong with one resource string on its own, whatever statement it is in. */
export interface ArnProblem {
  readonly code: CheckCode;
  readonly message: string;
  readonly replacements?: readonly string[];
}

export interface ResourceAnalysis {
  readonly problems: readonly ArnProblem[];
  /**
   * The templates the ARN may match, when it is a well-formed ARN of one known service: what the
   * statement-level checks compare with the actions' resource types. Absent when that is unknown.
   */
  readonly matches?: readonly ArnTemplate[];
}

/** Cached analyses per catalogue: the typing path re-checks the same strings again and again. */
export class Analyzer {
  private readonly cache = new Map<string, ResourceAnalysis>();
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

export function analyzerOf(catalog: Catalog): Analyzer {
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
    const pattern = patternMatcher(arn.partition, false);
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
    const pattern = patternMatcher(service);
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
export function formOf(candidates: readonly ArnTemplate[]): string {
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

export function hint(fixed: string | undefined): string {
  return fixed ? `; did you mean "${fixed}"?` : '';
}
