import { ArnIndex, arnIndexOf, ArnTemplate } from './arn';
import { accountProblems, ArnProblem, formOf, hint, invalidResourceProblem, regionProblems } from './arnProblems';
import { Catalog } from './catalog';
import { partitionForRegion, partitionNames, partitionOf } from './partitions';
import { suggest } from './suggest';
import { ArnFields, formatArn, hasWildcard, isWildcardOnly, parseArn, patternMatcher, splitFields } from './arnParse';
import { ResourcePattern } from './arnMatch';
import { placeholdersAsWildcards } from './placeholders';

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
      // A placeholder is PLACEHOLDER_VALUE's finding alone: judged as the wildcard it stands for.
      const judged = placeholdersAsWildcards(value);
      analysis = analyzeResource(judged, this);
      // The fixes were made for the wildcard, not for what the placeholder stands for.
      if (judged !== value) analysis = { ...analysis, problems: analysis.problems.map((p) => ({ ...p, replacements: undefined })) };
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
    if (service === '')
      problems.push({
        code: 'INVALID_SERVICE',
        message: `"${value}" has an empty service field: write the service whose resource it names, as in "arn:aws:s3:::my-bucket"`,
      });
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
  const matches = byHeadStart(templates, resource.head).filter((t) => resource.mayMatch(t.resource));
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

/** A service's templates by the first character of their resource part's head ('' for those with none), in the service's order. */
const headStarts = new WeakMap<readonly ArnTemplate[], Map<string, readonly ArnTemplate[]>>();

/**
 * The templates whose head may agree with `head` (one starts with the other), in their order: those
 * whose head is empty or starts with the same character. `mayMatch` refuses the others on their head
 * anyway; most ARNs are compared with a handful of a service's templates instead of all of them.
 */
function byHeadStart(templates: readonly ArnTemplate[], head: string): readonly ArnTemplate[] {
  if (head === '') return templates;
  let byStart = headStarts.get(templates);
  if (!byStart) {
    const headless = templates.filter((t) => t.resource.head === '');
    byStart = new Map([['', headless]]);
    for (const start of new Set(templates.map((t) => t.resource.head.charAt(0))))
      if (start !== '')
        byStart.set(
          start,
          templates.filter((t) => t.resource.head === '' || t.resource.head.startsWith(start)),
        );
    headStarts.set(templates, byStart);
  }
  return byStart.get(head.charAt(0)) ?? byStart.get('')!;
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
