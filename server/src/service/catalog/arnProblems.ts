import { ArnIndex, ArnTemplate, FieldRule, normalizeWord } from './arn';
import { Catalog } from './catalog';
import { allRegions, hasUnknownDirection, isKnownRegion, isRegionShaped, partitionForRegion, partitionOf } from './partitions';
import { suggest } from './suggest';
import { ArnFields, hasWildcard, isWildcardOnly, variablesAsWildcards } from './arnParse';

/**
 * What is wrong with the region, the account or the resource part of a well-formed ARN, judged
 * against the templates of its service; and the problem type every ARN analysis reports.
 */

/** The checks an ARN on its own can fail (each a code of checks/registry.ts). */
export type ArnProblemCode =
  | 'INVALID_ARN_PREFIX'
  | 'MISSING_ARN_FIELD'
  | 'INVALID_PARTITION'
  | 'INVALID_SERVICE'
  | 'INVALID_ARN_SERVICE_CASE'
  | 'ARN_REGION_NOT_ALLOWED'
  | 'MISSING_ARN_REGION'
  | 'INVALID_ARN_REGION'
  | 'INVALID_REGION'
  | 'ARN_ACCOUNT_NOT_ALLOWED'
  | 'INVALID_ARN_ACCOUNT'
  | 'INVALID_ARN_RESOURCE';

/** What is wrong with one resource string on its own, whatever statement it is in. */
export interface ArnProblem {
  readonly code: ArnProblemCode;
  readonly message: string;
  readonly replacements?: readonly string[];
}

/** ARN forms of AWS-owned resources whose account field is `aws`, beyond the templates that say so. */
const AWS_OWNED: Readonly<Record<string, RegExp>> = {
  iam: /^policy\//,
  cloudformation: /^transform\//,
  sagemaker: /^hub(-content)?\//,
  sso: /^applicationProvider\//,
  wellarchitected: /^lens\//,
};

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

export function regionProblems(
  value: string,
  arn: ArnFields,
  candidates: readonly ArnTemplate[],
  form: string,
  replace: (patch: Partial<ArnFields>) => string,
): ArnProblem[] {
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
    return [
      {
        code: 'INVALID_ARN_REGION',
        message: `The region pattern "${region}" matches no region: regions are lower-case letters, digits and hyphens, like "us-east-1"`,
      },
    ];
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

export function accountProblems(
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
    const allowed =
      candidates.some((t) => t.account === 'aws' || t.account === 'any') || (owned !== undefined && (hasWildcard(arn.resource) || owned.test(arn.resource)));
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
export function invalidResourceProblem(
  value: string,
  arn: ArnFields,
  service: string,
  index: ArnIndex,
  catalog: Catalog,
  replace: (patch: Partial<ArnFields>) => string,
): ArnProblem | undefined {
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
