import { TemplatePart } from './arnMatch';
import { splitFields } from './arnParse';
import { Catalog } from './catalog';

/**
 * The catalogue's resource-type ARN templates (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`),
 * indexed by the ARN service they use and by resource type.
 */

/** A resource-type word compared loosely: services spell the same word with and without hyphens. */
export function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/[-_.]/g, '');
}

/** The resource-type words of one ARN service's templates. */
export interface ResourceWords {
  /** As the templates spell them, for did-you-mean. */
  readonly words: readonly string[];
  /** Normalized (see `normalizeWord`). */
  readonly exact: ReadonlySet<string>;
  /** Normalized beginnings of words that run into a variable; `''` means any word. */
  readonly prefixes: readonly string[];
}

/** How a template fills a field: empty, a value required, any value or none (`*`), or AWS's own `aws` account. */
export type FieldRule = 'none' | 'required' | 'any' | 'aws';

export interface ArnTemplate {
  /** The IAM service prefix whose resource type this is (`s3`). */
  readonly prefix: string;
  /** The resource type key (`object`). */
  readonly resourceType: string;
  /** `prefix:resourcetype`, lower case: how actions name it. */
  readonly id: string;
  /** The template as the catalogue writes it. */
  readonly arn: string;
  /** The service field of the ARN (`s3`; `iam` for some `sts` and `ec2` types). */
  readonly service: string;
  readonly region: FieldRule;
  readonly account: FieldRule;
  readonly resource: TemplatePart;
}

function fieldRule(field: string): FieldRule {
  if (field === '') return 'none';
  if (field === '*') return 'any';
  if (field === 'aws') return 'aws';
  return 'required';
}

export function resourceTypeId(prefix: string, resourceType: string): string {
  return `${prefix}:${resourceType}`.toLowerCase();
}

/**
 * Every resource-type ARN template of the catalogue, indexed by the ARN service they use and by
 * resource type. Built once per catalogue, on first use.
 */
export class ArnIndex {
  private readonly byService = new Map<string, ArnTemplate[]>();
  private readonly byResourceType = new Map<string, ArnTemplate[]>();
  private readonly words = new Map<string, ResourceWords>();

  constructor(catalog: Catalog) {
    for (const prefix of catalog.servicePrefixes()) {
      const service = catalog.service(prefix)!;
      for (const type of service.resourceTypes.values()) {
        // A few types list several ARN forms in one string (API Gateway's HTTP and REST APIs).
        for (const arn of type.arn.split(/,\s*/)) {
          const template = buildTemplate(service.prefix, type.key, arn.trim());
          if (!template) continue;
          push(this.byService, template.service, template);
          push(this.byResourceType, template.id, template);
        }
      }
    }
  }

  /** The ARN services some resource type uses, lower case. */
  services(): IterableIterator<string> {
    return this.byService.keys();
  }

  hasService(service: string): boolean {
    return this.byService.has(service);
  }

  templatesOfService(service: string): readonly ArnTemplate[] {
    return this.byService.get(service) ?? [];
  }

  /** The resource-type words of an ARN service, computed on first use. */
  resourceWords(service: string): ResourceWords {
    let words = this.words.get(service);
    if (!words) {
      const spelled = new Set<string>();
      const exact = new Set<string>();
      const prefixes = new Set<string>();
      for (const template of this.templatesOfService(service)) {
        const word = template.resource.word;
        if (word.prefix) prefixes.add(normalizeWord(word.text));
        else if (word.text !== '') {
          spelled.add(word.text);
          exact.add(normalizeWord(word.text));
        }
      }
      words = { words: [...spelled], exact, prefixes: [...prefixes] };
      this.words.set(service, words);
    }
    return words;
  }

  templatesOfResourceType(prefix: string, resourceType: string): readonly ArnTemplate[] {
    return this.byResourceType.get(resourceTypeId(prefix, resourceType)) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function buildTemplate(prefix: string, resourceType: string, arn: string): ArnTemplate | undefined {
  const fields = splitFields(arn);
  if (fields.length < 6 || fields[0] !== 'arn') return undefined;
  let [, , service, region, account, resource] = fields;
  // AWS Backup's recovery points of other services (`arn:${Partition}:${Vendor}:...`): file it under Backup.
  if (service.includes('${')) service = prefix;
  if (account !== '' && account !== '*' && account !== 'aws' && !account.startsWith('${')) {
    // A literal where the account belongs (MediaConnect's `:offering:`): the account field was left out.
    resource = `${account}:${resource}`;
    account = '${Account}';
  }
  return {
    prefix,
    resourceType,
    id: resourceTypeId(prefix, resourceType),
    arn,
    service: service.toLowerCase(),
    region: fieldRule(region),
    account: fieldRule(account),
    resource: new TemplatePart(resource),
  };
}

const indexes = new WeakMap<Catalog, ArnIndex>();

/** The ARN template index of a catalogue, built on first use (a few milliseconds) and kept. */
export function arnIndexOf(catalog: Catalog): ArnIndex {
  let index = indexes.get(catalog);
  if (!index) {
    index = new ArnIndex(catalog);
    indexes.set(catalog, index);
  }
  return index;
}
