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

/** One ARN form of a resource type as the catalogue lists it, its template built on first use. */
interface Form {
  readonly prefix: string;
  readonly resourceType: string;
  readonly arn: string;
  readonly fields: readonly string[];
  template?: ArnTemplate;
}

/**
 * Every resource-type ARN template of the catalogue, indexed by the ARN service they use and by
 * resource type. Built once per catalogue, on first use: each ARN form filed under its service at
 * once (its fields split), its template built when that service or resource type is first asked for.
 */
export class ArnIndex {
  private readonly formsByService = new Map<string, Form[]>();
  private readonly formsByResourceType = new Map<string, Form[]>();
  private readonly byService = new Map<string, readonly ArnTemplate[]>();
  private readonly byResourceType = new Map<string, readonly ArnTemplate[]>();
  private readonly words = new Map<string, ResourceWords>();

  constructor(catalog: Catalog) {
    for (const prefix of catalog.servicePrefixes()) {
      const service = catalog.service(prefix)!;
      for (const type of service.resourceTypes.values()) {
        // A few types list several ARN forms in one string (API Gateway's HTTP and REST APIs).
        for (const arn of type.arn.includes(',') ? type.arn.split(/,\s*/) : [type.arn]) {
          const form = formOf(service.prefix, type.key, arn.trim());
          if (!form) continue;
          push(this.formsByService, arnServiceOf(form), form);
          push(this.formsByResourceType, resourceTypeId(service.prefix, type.key), form);
        }
      }
    }
  }

  /** The ARN services some resource type uses, lower case. */
  services(): IterableIterator<string> {
    return this.formsByService.keys();
  }

  hasService(service: string): boolean {
    return this.formsByService.has(service);
  }

  templatesOfService(service: string): readonly ArnTemplate[] {
    return templatesOf(this.byService, this.formsByService, service);
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
    return templatesOf(this.byResourceType, this.formsByResourceType, resourceTypeId(prefix, resourceType));
  }
}

/** The templates of the forms filed under `key`, built (each form's once, whichever list asks first) and kept on first use. */
function templatesOf(built: Map<string, readonly ArnTemplate[]>, forms: ReadonlyMap<string, Form[]>, key: string): readonly ArnTemplate[] {
  let templates = built.get(key);
  if (!templates) {
    // A key the catalogue lacks (a service typed in a policy) is not kept: typing must not grow the index.
    const filed = forms.get(key);
    if (!filed) return [];
    templates = filed.map((form) => (form.template ??= buildTemplate(form)));
    built.set(key, templates);
  }
  return templates;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** An ARN form with its six fields, or undefined when it is not an ARN template. */
function formOf(prefix: string, resourceType: string, arn: string): Form | undefined {
  const fields = splitFields(arn);
  if (fields.length < 6 || fields[0] !== 'arn') return undefined;
  return { prefix, resourceType, arn, fields };
}

/** The ARN service a form is filed under, lower case. */
function arnServiceOf({ prefix, fields }: Form): string {
  // AWS Backup's recovery points of other services (`arn:${Partition}:${Vendor}:...`): file it under Backup.
  return (fields[2].includes('${') ? prefix : fields[2]).toLowerCase();
}

function buildTemplate(form: Form): ArnTemplate {
  const { prefix, resourceType, arn, fields } = form;
  let [, , , region, account, resource] = fields;
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
    service: arnServiceOf(form),
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
