/**
 * The fault kinds injected into AWS managed policies: each makes one policy wrong in one place,
 * knows that place, and names the code the engine must report there (CHECKS.md A–H).
 */
import { Catalog, CheckCode } from '../../server/src/service';
import {
  injectStructural,
  Injection,
  insertKey,
  isObject,
  itemsOf,
  Json,
  JsonObject,
  markBrace,
  Marks,
  Mutate,
  Mutation,
  nodeAt,
  pick,
  Random,
  random,
  renameKey,
  skipSpace,
  statementsOf,
  tokenEnd,
  treeOf,
} from './inject';

export interface FaultKind {
  readonly id: string;
  /** What is injected; says when a condition is added first rather than found. */
  readonly title: string;
  readonly expect: CheckCode;
  /** The document is validated with its kind pinned to identity by settings (it gains a Principal). */
  readonly pinIdentity?: boolean;
  inject(text: string, seed: string): Injection | undefined;
}

/** Every condition operator AWS documents, written out here apart from the engine's table (the oracle evaluator reads it too). */
export const OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
];
/** DOMAIN.md's operator grammar, independent of the engine's table. */
export function isOperator(name: string): boolean {
  const m = /^(ForAllValues:|ForAnyValue:)?([A-Za-z]+?)(IfExists)?$/.exec(name);
  return !!m && OPERATORS.includes(m[2]) && !(m[2] === 'Null' && m[3]);
}

const STRING_MATCH = /^(ForAllValues:|ForAnyValue:)?String(Not)?Equals(IgnoreCase)?(IfExists)?$/;

/** `service:Action` split at its only colon. */
function splitAction(action: string): [string, string] | undefined {
  const parts = action.split(':');
  return parts.length === 2 && parts[0] && parts[1] ? [parts[0], parts[1]] : undefined;
}

function actionSites(doc: JsonObject, keep: (action: string) => boolean) {
  return statementsOf(doc).flatMap((statement) =>
    itemsOf(statement, 'Action')
      .filter((item) => keep(item.value))
      .map((item) => ({ statement, item })),
  );
}

function resourceSites(doc: JsonObject, keep: (resource: string) => boolean) {
  return statementsOf(doc).flatMap((statement) =>
    itemsOf(statement, 'Resource')
      .filter((item) => keep(item.value))
      .map((item) => ({ statement, item })),
  );
}

/** Every `operator → key` of every Condition, with the block that holds the key. */
interface ConditionKeySite {
  readonly statement: JsonObject;
  readonly condition: JsonObject;
  readonly operator: string;
  readonly block: JsonObject;
  readonly key: string;
}
function conditionKeySites(doc: JsonObject): ConditionKeySite[] {
  return statementsOf(doc).flatMap((statement) => {
    const condition = statement.Condition;
    if (!isObject(condition)) return [];
    return Object.entries(condition).flatMap(([operator, block]) =>
      isObject(block) ? Object.keys(block).map((key) => ({ statement, condition, operator, block, key })) : [],
    );
  });
}

/** A condition added to a statement (into its Condition and operator block when they exist). */
function addCondition(statement: JsonObject, operator: string, key: string, value: Placed): boolean {
  let condition = statement.Condition;
  if (condition === undefined) {
    condition = {};
    insertKey(statement, 'Condition', condition, Object.keys(statement).at(-1));
  }
  if (!isObject(condition)) return false;
  const block = condition[operator];
  if (block === undefined) condition[operator] = { [key]: value.json };
  else if (isObject(block) && !(key in block)) block[key] = value.json;
  else return false;
  return true;
}
type Placed = ReturnType<Marks['value']>;

/** Doubles the last letter of a condition key's first name segment: `aws:SourceIp` → `aws:SourceIpp`. */
function misspellKey(key: string): string | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  const rest = key.slice(colon + 1);
  const segment = /^[^:/]*/.exec(rest)![0];
  if (!/[A-Za-z]$/.test(segment)) return undefined;
  return `${key.slice(0, colon + 1)}${segment}${segment.at(-1)}${rest.slice(segment.length)}`;
}

const q = (value: Json) => JSON.stringify(value);

/**
 * Builds the fault kinds over the catalogue (to know what exists, so that a fault really is one).
 * The catalogue is asked for only when a fault is injected, so the kinds can be listed before it loads.
 */
export function faultKinds(catalog: () => Catalog): FaultKind[] {
  const knownAction = (action: string) => {
    const split = splitAction(action);
    return !!split && !/[*?]/.test(action) && !!catalog().action(split[0], split[1]);
  };
  const knownService = (action: string) => {
    const split = splitAction(action);
    return !!split && !/[*?$]/.test(split[0]) && !!catalog().service(split[0]);
  };
  const regionFields = (service: string) => [...(catalog().service(service)?.resourceTypes.values() ?? [])].map((rt) => rt.arn.split(':')[3]);
  /** Services none of whose resource types has a region (IAM, Organizations, CloudFront...). */
  const regionless = (service: string) => {
    const fields = regionFields(service);
    return fields.length > 0 && fields.every((f) => f === '');
  };
  /** Services every one of whose resource types has a `${Region}` field. */
  const regional = (service: string) => {
    const fields = regionFields(service);
    return fields.length > 0 && fields.every((f) => f === '${Region}');
  };
  const arnFields = (resource: string) => {
    const fields = resource.split(':');
    return fields[0] === 'arn' && fields.length >= 6 ? fields : undefined;
  };
  /**
   * Certainly an S3 bucket or object ARN: no region, no account, and a resource part that starts
   * with a literal bucket name (`*...` could also be a multi-region access point, which has an account).
   */
  const s3Bucket = (resource: string) => {
    const f = arnFields(resource);
    return !!f && f[2] === 's3' && f[3] === '' && f[4] === '' && /^[a-z0-9]/.test(f.slice(5).join(':')) && !f[5].startsWith('accesspoint');
  };
  /** `hostedzone` of `hostedzone/*`, `/restapis` of `/restapis/*`: the literal resource-type word a resource part starts with. */
  const resourceWord = (resource: string) => /^\/?[A-Za-z0-9_.-]+(?=[/:]|$)/.exec(resource)?.[0];
  /**
   * An ARN whose type certainly has no account field: a literal S3 bucket, or a resource-type word
   * all of whose templates in its service have none (`arn:aws:route53:::hostedzone/*`).
   */
  const accountless = (resource: string) => {
    const f = arnFields(resource);
    if (!f || f[4] !== '') return false;
    if (s3Bucket(resource)) return true;
    const word = resourceWord(f.slice(5).join(':'));
    if (!word) return false;
    const templates = [...(catalog().service(f[2])?.resourceTypes.values() ?? [])]
      .map((rt) => rt.arn.split(':'))
      .filter((t) => resourceWord(t.slice(5).join(':')) === word);
    return templates.length > 0 && templates.every((t) => t[4] === '');
  };
  /** A `*` at the end of an ARN segment may match across colons (IAM user guide): no wildcard or variable may stand in for the faulty part. */
  const literal = (text: string) => !/[*?$]/.test(text);

  const structural = (id: string, title: string, expect: CheckCode, mutate: Mutate, extra: Partial<FaultKind> = {}): FaultKind => ({
    id,
    title,
    expect,
    ...extra,
    inject: (text, seed) => injectStructural(text, seed, mutate),
  });

  /** Replaces one chosen string of a site list by a faulty value. */
  function replaceItem<T extends { item: { value: string; set(v: Json): void } }>(
    sites: T[],
    rng: Random,
    marks: Marks,
    fault: (value: string, site: T) => string | undefined,
  ): Mutation | undefined {
    const site = pick(rng, sites);
    if (!site) return undefined;
    const faulty = fault(site.item.value, site);
    if (faulty === undefined) return undefined;
    const placed = marks.value(faulty);
    site.item.set(placed.json);
    return { target: { marks: [placed.id] }, description: `${q(site.item.value)} → ${q(faulty)}` };
  }

  /** Renames one chosen condition key. */
  function renameConditionKey(sites: ConditionKeySite[], rng: Random, marks: Marks, fault: (key: string) => string | undefined): Mutation | undefined {
    const usable = sites.flatMap((s) => {
      const faulty = fault(s.key);
      return faulty !== undefined && !(faulty in s.block) ? [{ ...s, faulty }] : [];
    });
    const site = pick(rng, usable);
    if (!site) return undefined;
    const placed = marks.key(site.faulty);
    renameKey(site.block, site.key, placed.json);
    return { target: { marks: [placed.id] }, description: `${site.operator}: ${q(site.key)} → ${q(site.faulty)}` };
  }

  /** Adds `operator: {key: value}` to a chosen statement; the target is the value. */
  function addConditionFault(doc: JsonObject, rng: Random, marks: Marks, operator: string, key: string, value: Json): Mutation | undefined {
    const statements = statementsOf(doc).filter(
      (s) => s.Condition === undefined || (isObject(s.Condition) && !(isObject(s.Condition[operator]) && key in s.Condition[operator])),
    );
    const statement = pick(rng, statements);
    if (!statement) return undefined;
    const placed = marks.value(value);
    if (!addCondition(statement, operator, key, placed)) return undefined;
    return { target: { marks: [placed.id] }, description: `added ${q({ [operator]: { [key]: value } })}` };
  }

  const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

  const kinds: FaultKind[] = [
    // ---- C. Actions
    structural('action-typo', 'action typo: one letter of a real action changed', 'INVALID_ACTION', (doc, rng, marks) =>
      replaceItem(actionSites(doc, knownAction), rng, marks, (action) => {
        const [prefix, name] = splitAction(action)!;
        for (let attempt = 0; attempt < 50; attempt++) {
          const at = Math.floor(rng() * name.length);
          const letter = LETTERS[Math.floor(rng() * LETTERS.length)];
          if (!/[A-Za-z]/.test(name[at]) || letter === name[at].toLowerCase()) continue;
          const typo = name.slice(0, at) + (name[at] === name[at].toUpperCase() ? letter.toUpperCase() : letter) + name.slice(at + 1);
          if (!catalog().action(prefix, typo)) return `${prefix}:${typo}`;
        }
        return undefined;
      }),
    ),
    structural('unknown-service', 'unknown service prefix (last character of the prefix changed, s3 → s4)', 'INVALID_SERVICE_IN_ACTION', (doc, rng, marks) =>
      replaceItem(actionSites(doc, knownService), rng, marks, (action) => {
        const [prefix, name] = splitAction(action)!;
        const alphabet = /\d$/.test(prefix) ? '0123456789' : LETTERS;
        const last = prefix.at(-1)!.toLowerCase();
        for (let step = 1; step < alphabet.length; step++) {
          const candidate = prefix.slice(0, -1) + alphabet[(alphabet.indexOf(last) + step) % alphabet.length];
          if (!catalog().service(candidate)) return `${candidate}:${name}`;
        }
        return undefined;
      }),
    ),
    structural('wildcard-no-match', 'wildcard that matches no action (service:Zzz*)', 'INVALID_ACTION', (doc, rng, marks) =>
      replaceItem(actionSites(doc, knownService), rng, marks, (action) => {
        const [prefix] = splitAction(action)!;
        return catalog().matchActions(prefix, 'Zzz*').length === 0 ? `${prefix}:Zzz*` : undefined;
      }),
    ),
    structural('action-lower-case', 'real action written in lower case', 'NON_CANONICAL_ACTION_CASE', (doc, rng, marks) =>
      replaceItem(
        actionSites(doc, (a) => knownAction(a) && a !== a.toLowerCase()),
        rng,
        marks,
        (action) => action.toLowerCase(),
      ),
    ),
    structural('wildcard-in-service', 'wildcard in the service prefix (s3:GetObject → s*:GetObject)', 'WILDCARD_IN_SERVICE_NAME', (doc, rng, marks) =>
      replaceItem(actionSites(doc, knownAction), rng, marks, (action) => {
        const [prefix, name] = splitAction(action)!;
        return `${prefix[0]}*:${name}`;
      }),
    ),
    structural('variable-in-action', 'policy variable in an action (service:${aws:username})', 'VARIABLE_UNSUPPORTED_IN_ELEMENT', (doc, rng, marks) =>
      replaceItem(actionSites(doc, knownService), rng, marks, (action) => `${splitAction(action)![0]}:\${aws:username}`),
    ),
    structural('empty-action', 'empty Action array', 'EMPTY_ARRAY_ACTION', (doc, rng, marks) => {
      const statement = pick(
        rng,
        statementsOf(doc).filter((s) => s.Action !== undefined),
      );
      if (!statement) return undefined;
      const before = statement.Action;
      const placed = marks.value([]);
      statement.Action = placed.json;
      return { target: { marks: [placed.id] }, description: `Action ${q(before)} → []` };
    }),

    // ---- B. Version and Sid
    structural('version-typo', 'Version typo (2012-10-17 → 2012-10-71)', 'INVALID_VERSION', (doc, _rng, marks) => {
      if (doc.Version !== '2012-10-17') return undefined;
      const placed = marks.value('2012-10-71');
      doc.Version = placed.json;
      return { target: { marks: [placed.id] }, description: '"2012-10-17" → "2012-10-71"' };
    }),
    structural('version-removed', "Version removed (on the policy's opening brace)", 'MISSING_VERSION', (doc, _rng, marks) => {
      if (doc.Version === undefined) return undefined;
      delete doc.Version;
      return { target: markBrace(doc, marks), description: 'Version removed' };
    }),
    structural('sid-dash', 'Sid with a dash (inserted into the Sid, or a Sid "Allow-Access" added)', 'UNSUPPORTED_SID', (doc, rng, marks) => {
      const statement = pick(
        rng,
        statementsOf(doc).filter((s) => s.Sid === undefined || typeof s.Sid === 'string'),
      );
      if (!statement) return undefined;
      const sid = statement.Sid as string | undefined;
      if (sid && sid.length >= 2) {
        const at = 1 + Math.floor(rng() * (sid.length - 1));
        const placed = marks.value(`${sid.slice(0, at)}-${sid.slice(at)}`);
        statement.Sid = placed.json;
        return { target: { marks: [placed.id] }, description: `Sid ${q(sid)} → ${q(placed.json)}` };
      }
      const placed = marks.value('Allow-Access');
      if (sid === undefined) insertKey(statement, 'Sid', placed.json);
      else statement.Sid = placed.json;
      return { target: { marks: [placed.id] }, description: `Sid ${sid === undefined ? 'added' : q(sid) + ' →'} "Allow-Access"` };
    }),
    structural('duplicate-sid', "duplicate Sid (a later statement gets an earlier one's Sid; on the later)", 'UNIQUE_SIDS_REQUIRED', (doc, rng, marks) => {
      const statements = statementsOf(doc);
      if (!Array.isArray(doc.Statement) || statements.length < 2) return undefined;
      const i = Math.floor(rng() * (statements.length - 1));
      const j = i + 1 + Math.floor(rng() * (statements.length - 1 - i));
      const [first, second] = [statements[i], statements[j]];
      let sid = typeof first.Sid === 'string' && first.Sid ? first.Sid : undefined;
      if (!sid) {
        sid = 'DuplicateSid';
        if (first.Sid === undefined) insertKey(first, 'Sid', sid);
        else first.Sid = sid;
      }
      const placed = marks.value(sid);
      if (second.Sid === undefined) insertKey(second, 'Sid', placed.json);
      else second.Sid = placed.json;
      return { target: { marks: [placed.id] }, description: `statement ${j} gets Sid ${q(sid)} of statement ${i}` };
    }),
    structural('empty-sid', 'empty Sid ("")', 'EMPTY_SID_VALUE', (doc, rng, marks) => {
      const statement = pick(rng, statementsOf(doc));
      if (!statement) return undefined;
      const before = statement.Sid;
      const placed = marks.value('');
      if (before === undefined) insertKey(statement, 'Sid', placed.json);
      else statement.Sid = placed.json;
      return { target: { marks: [placed.id] }, description: `Sid ${before === undefined ? 'added' : q(before) + ' →'} ""` };
    }),

    // ---- A. Structure
    structural('effect-lower-case', 'Effect in lower case (Allow → allow)', 'INVALID_EFFECT', (doc, rng, marks) => {
      const statement = pick(
        rng,
        statementsOf(doc).filter((s) => s.Effect === 'Allow' || s.Effect === 'Deny'),
      );
      if (!statement) return undefined;
      const before = statement.Effect as string;
      const placed = marks.value(before.toLowerCase());
      statement.Effect = placed.json;
      return { target: { marks: [placed.id] }, description: `Effect ${q(before)} → ${q(placed.json)}` };
    }),
    structural('missing-effect', "Effect removed (on the statement's opening brace)", 'MISSING_EFFECT', (doc, rng, marks) => {
      const statement = pick(
        rng,
        statementsOf(doc).filter((s) => s.Effect !== undefined),
      );
      if (!statement) return undefined;
      delete statement.Effect;
      return { target: markBrace(statement, marks), description: `Effect removed from statement ${statementsOf(doc).indexOf(statement)}` };
    }),
    structural('missing-action', "Action removed (on the statement's opening brace)", 'MISSING_ACTION', (doc, rng, marks) => {
      const statement = pick(
        rng,
        statementsOf(doc).filter((s) => s.Action !== undefined && s.NotAction === undefined),
      );
      if (!statement) return undefined;
      delete statement.Action;
      return { target: markBrace(statement, marks), description: `Action removed from statement ${statementsOf(doc).indexOf(statement)}` };
    }),
    structural('missing-resource', "Resource removed (on the statement's opening brace)", 'MISSING_RESOURCE', (doc, rng, marks) => {
      const statement = pick(
        rng,
        statementsOf(doc).filter((s) => s.Resource !== undefined && s.NotResource === undefined),
      );
      if (!statement) return undefined;
      delete statement.Resource;
      return { target: markBrace(statement, marks), description: `Resource removed from statement ${statementsOf(doc).indexOf(statement)}` };
    }),
    structural('missing-statement', "Statement removed (on the policy's opening brace)", 'MISSING_STATEMENT', (doc, _rng, marks) => {
      if (doc.Statement === undefined || doc.Version === undefined) return undefined;
      delete doc.Statement;
      return { target: markBrace(doc, marks), description: 'Statement removed' };
    }),
    structural('notaction-beside-action', 'NotAction added beside Action (on the NotAction member)', 'UNSUPPORTED_ELEMENT_COMBINATION', (doc, rng, marks) => {
      const statement = pick(
        rng,
        statementsOf(doc).filter((s) => s.Action !== undefined && s.NotAction === undefined),
      );
      if (!statement) return undefined;
      const action = itemsOf(statement, 'Action')[0]?.value ?? 'iam:DeleteUser';
      const key = marks.key('NotAction');
      const value = marks.value(action);
      insertKey(statement, key.json, value.json, 'Action');
      return { target: { marks: [key.id, value.id] }, description: `added "NotAction": ${q(action)}` };
    }),
    structural(
      'principal-in-identity',
      'Principal added to an identity policy (kind pinned to identity by settings; on the Principal key)',
      'UNSUPPORTED_PRINCIPAL',
      (doc, rng, marks) => {
        const statement = pick(
          rng,
          statementsOf(doc).filter((s) => s.Principal === undefined && s.NotPrincipal === undefined),
        );
        if (!statement) return undefined;
        const key = marks.key('Principal');
        insertKey(statement, key.json, { AWS: 'arn:aws:iam::123456789012:root' }, 'Effect' in statement ? 'Effect' : undefined);
        return { target: { marks: [key.id] }, description: 'added "Principal": {"AWS": "arn:aws:iam::123456789012:root"}' };
      },
      { pinIdentity: true },
    ),
    structural('unknown-element', 'unknown element (Actions, Resources, Efect, Conditions, Statment, Verison)', 'INVALID_POLICY_ELEMENT', (doc, rng, marks) => {
      const typos: [string, string][] = [
        ['Action', 'Actions'],
        ['Resource', 'Resources'],
        ['Effect', 'Efect'],
        ['Condition', 'Conditions'],
        ['Statement', 'Statment'],
        ['Version', 'Verison'],
      ];
      const policyLevel = new Set(['Statement', 'Version']);
      const usable = typos.filter(([from]) => (policyLevel.has(from) ? from in doc : statementsOf(doc).some((s) => from in s)));
      const typo = pick(rng, usable);
      if (!typo) return undefined;
      const [from, to] = typo;
      const owner = policyLevel.has(from)
        ? doc
        : pick(
            rng,
            statementsOf(doc).filter((s) => from in s),
          )!;
      const placed = marks.key(to);
      renameKey(owner, from, placed.json);
      return { target: { marks: [placed.id] }, description: `${q(from)} → ${q(to)}` };
    }),
    structural(
      'duplicate-key-case',
      'Effect twice in different case ("effect" added after "Effect"; on the added key)',
      'DUPLICATE_KEYS_WITH_DIFFERENT_CASE',
      (doc, rng, marks) => {
        const statement = pick(
          rng,
          statementsOf(doc).filter((s) => typeof s.Effect === 'string'),
        );
        if (!statement) return undefined;
        const key = marks.key('effect');
        insertKey(statement, key.json, statement.Effect, 'Effect');
        return { target: { marks: [key.id] }, description: `added "effect": ${q(statement.Effect)} after "Effect"` };
      },
    ),
    structural('statement-string', 'Statement as a string (the first statement JSON-encoded)', 'DATA_TYPE_MISMATCH', (doc, _rng, marks) => {
      const first = statementsOf(doc)[0];
      if (!first) return undefined;
      const placed = marks.value(JSON.stringify(first));
      doc.Statement = placed.json;
      return { target: { marks: [placed.id] }, description: 'Statement → a string holding the first statement' };
    }),

    // ---- D. Resources and ARNs
    structural('arn-prefix-dropped', 'ARN without "arn:" (ARNs with a literal partition)', 'INVALID_ARN_PREFIX', (doc, rng, marks) =>
      replaceItem(
        resourceSites(doc, (r) => r.startsWith('arn:') && literal(r.split(':')[1])),
        rng,
        marks,
        (r) => r.slice(4),
      ),
    ),
    structural(
      'arn-fields-dropped',
      'ARN with its region and account fields dropped, 4 fields left (ARNs without wildcards or variables in them)',
      'MISSING_ARN_FIELD',
      (doc, rng, marks) =>
        replaceItem(
          resourceSites(doc, (r) => arnFields(r)?.length === 6 && literal([0, 1, 2, 5].map((i) => r.split(':')[i]).join(':'))),
          rng,
          marks,
          (r) => {
            const [arn, partition, service, , , resource] = r.split(':');
            return [arn, partition, service, resource].join(':');
          },
        ),
    ),
    structural('partition-typo', 'ARN partition typo (aws → asw)', 'INVALID_PARTITION', (doc, rng, marks) =>
      replaceItem(
        resourceSites(doc, (r) => arnFields(r)?.[1] === 'aws'),
        rng,
        marks,
        (r) => `arn:asw${r.slice('arn:aws'.length)}`,
      ),
    ),
    structural(
      'region-not-allowed',
      'region added to an ARN that has none (an S3 ARN that starts with a literal bucket name, or a service none of whose resource types has a region, e.g. IAM)',
      'ARN_REGION_NOT_ALLOWED',
      (doc, rng, marks) =>
        replaceItem(
          resourceSites(doc, (r) => s3Bucket(r) || (arnFields(r)?.[3] === '' && regionless(arnFields(r)![2]))),
          rng,
          marks,
          (r) => {
            const f = r.split(':');
            f[3] = 'us-east-1';
            return f.join(':');
          },
        ),
    ),
    structural(
      'account-not-allowed',
      'account added to an ARN whose type has none (an S3 ARN that starts with a literal bucket name, or a type such as route53 hostedzone/)',
      'ARN_ACCOUNT_NOT_ALLOWED',
      (doc, rng, marks) =>
        replaceItem(resourceSites(doc, accountless), rng, marks, (r) => {
          const f = r.split(':');
          f[4] = '123456789012';
          return f.join(':');
        }),
    ),
    structural(
      'region-missing',
      'region emptied in the ARN of a service all of whose resource types have one (e.g. EC2)',
      'MISSING_ARN_REGION',
      (doc, rng, marks) =>
        replaceItem(
          resourceSites(doc, (r) => !!arnFields(r)?.[3] && regional(arnFields(r)![2])),
          rng,
          marks,
          (r) => {
            const f = r.split(':');
            f[3] = '';
            return f.join(':');
          },
        ),
    ),

    // ---- F. Conditions (policy variables first)
    structural(
      'unclosed-variable',
      'unclosed ${ in a Resource (its } removed, or /${aws:username appended to an ARN)',
      'MISSING_BRACE_IN_VARIABLE',
      (doc, rng, marks) =>
        replaceItem(
          resourceSites(doc, (r) => r.startsWith('arn:')),
          rng,
          marks,
          (r) => {
            const open = r.indexOf('${');
            const close = open >= 0 ? r.indexOf('}', open) : -1;
            if (close >= 0) return r.slice(0, close) + r.slice(close + 1);
            return `${r}${r.endsWith('/') ? '' : '/'}\${aws:username`;
          },
        ),
    ),
    structural(
      'bad-operator',
      'operator typo, last letter dropped (StringEquals → StringEqual; existing conditions)',
      'INVALID_CONDITION_OPERATOR',
      (doc, rng, marks) => {
        const sites = statementsOf(doc).flatMap((statement) => {
          const condition = statement.Condition;
          if (!isObject(condition)) return [];
          return Object.keys(condition).flatMap((operator) => {
            const faulty = operator.slice(0, -1);
            return isOperator(operator) && !isOperator(faulty) && !(faulty in condition) ? [{ condition, operator, faulty }] : [];
          });
        });
        const site = pick(rng, sites);
        if (!site) return undefined;
        const placed = marks.key(site.faulty);
        renameKey(site.condition, site.operator, placed.json);
        return { target: { marks: [placed.id] }, description: `${q(site.operator)} → ${q(site.faulty)}` };
      },
    ),
    structural('null-if-exists', 'NullIfExists (an existing Null renamed, or a NullIfExists block added)', 'NULL_WITH_IF_EXISTS', (doc, rng, marks) => {
      const renames = statementsOf(doc).flatMap((s) =>
        isObject(s.Condition) && isObject(s.Condition.Null) && !('NullIfExists' in s.Condition) ? [s.Condition] : [],
      );
      const condition = pick(rng, renames);
      const placed = marks.key('NullIfExists');
      if (condition) {
        renameKey(condition, 'Null', placed.json);
        return { target: { marks: [placed.id] }, description: '"Null" → "NullIfExists"' };
      }
      const statement = pick(
        rng,
        statementsOf(doc).filter((s) => s.Condition === undefined),
      );
      if (!statement) return undefined;
      insertKey(statement, 'Condition', { [placed.json]: { 'aws:TokenIssueTime': 'true' } }, Object.keys(statement).at(-1));
      return { target: { marks: [placed.id] }, description: 'added {"NullIfExists": {"aws:TokenIssueTime": "true"}}' };
    }),
    structural(
      'unknown-global-key',
      'unknown aws: condition key, letter doubled (aws:SourceIp → aws:SourceIpp; existing conditions)',
      'INVALID_GLOBAL_CONDITION_KEY',
      (doc, rng, marks) =>
        renameConditionKey(
          conditionKeySites(doc).filter((s) => s.key.toLowerCase().startsWith('aws:')),
          rng,
          marks,
          (key) => {
            const faulty = misspellKey(key);
            return faulty && !catalog().conditionKey(faulty) ? faulty : undefined;
          },
        ),
    ),
    structural(
      'unknown-service-key',
      'unknown service condition key, letter doubled (iam:PassedToService → iam:PassedToServicee; existing conditions)',
      'INVALID_SERVICE_CONDITION_KEY',
      (doc, rng, marks) =>
        renameConditionKey(
          conditionKeySites(doc).filter((s) => {
            const prefix = s.key.split(':')[0].toLowerCase();
            return prefix !== 'aws' && !!catalog().service(prefix);
          }),
          rng,
          marks,
          (key) => {
            const faulty = misspellKey(key);
            return faulty && !catalog().conditionKey(faulty) ? faulty : undefined;
          },
        ),
    ),
    structural(
      'condition-key-format',
      'condition key without its prefix (aws:ResourceAccount → ResourceAccount; existing conditions)',
      'INVALID_CONDITION_KEY_FORMAT',
      (doc, rng, marks) =>
        renameConditionKey(conditionKeySites(doc), rng, marks, (key) => {
          const rest = key.slice(key.indexOf(':') + 1);
          return key.includes(':') && rest && !rest.includes(':') ? rest : undefined;
        }),
    ),
    structural('bool-yes', 'Bool value "yes" (an existing Bool value, or an added Bool aws:SecureTransport)', 'TYPE_MISMATCH_BOOLEAN', (doc, rng, marks) => {
      const existing = conditionKeySites(doc).filter((s) => /^Bool(IfExists)?$/.test(s.operator));
      const site = pick(rng, existing);
      if (site) {
        const before = site.block[site.key];
        const description = `${site.operator} ${q(site.key)}: ${q(before)} → "yes"`;
        const placed = marks.value('yes');
        if (Array.isArray(before) && before.length) before[0] = placed.json;
        else site.block[site.key] = placed.json;
        return { target: { marks: [placed.id] }, description };
      }
      return addConditionFault(doc, rng, marks, 'Bool', 'aws:SecureTransport', 'yes');
    }),
    structural(
      'wildcard-in-string-equals',
      'a * appended to a value under StringEquals (or another non-Like string operator; existing conditions)',
      'WILDCARD_WITHOUT_LIKE_OPERATOR',
      (doc, rng, marks) => {
        const sites = conditionKeySites(doc)
          .filter((s) => STRING_MATCH.test(s.operator))
          .flatMap((s) =>
            itemsOf(s.block, s.key)
              .filter((item) => !/[*?$]/.test(item.value))
              .map((item) => ({ ...s, item })),
          );
        const site = pick(rng, sites);
        if (!site) return undefined;
        const placed = marks.value(`${site.item.value}*`);
        site.item.set(placed.json);
        return { target: { marks: [placed.id] }, description: `${site.operator} ${q(site.key)}: ${q(site.item.value)} → ${q(placed.json)}` };
      },
    ),
    structural('invalid-date', 'Date value "yesterday" (adds a DateGreaterThan aws:CurrentTime condition)', 'INVALID_DATE_VALUE', (doc, rng, marks) =>
      addConditionFault(doc, rng, marks, 'DateGreaterThan', 'aws:CurrentTime', 'yesterday'),
    ),
    structural('invalid-ip', 'IP address 203.0.113.256 (adds an IpAddress aws:SourceIp condition)', 'TYPE_MISMATCH_IP_RANGE', (doc, rng, marks) =>
      addConditionFault(doc, rng, marks, 'IpAddress', 'aws:SourceIp', '203.0.113.256'),
    ),
    structural('numeric-ten', 'Numeric value "ten" (adds a NumericLessThan aws:MultiFactorAuthAge condition)', 'TYPE_MISMATCH_NUMBER', (doc, rng, marks) =>
      addConditionFault(doc, rng, marks, 'NumericLessThan', 'aws:MultiFactorAuthAge', 'ten'),
    ),

    // ---- A. JSON syntax: text mutations of the pretty-printed text
    {
      id: 'json-missing-comma',
      title: 'broken JSON: a comma between two members or items deleted',
      expect: 'JSON_SYNTAX_ERROR',
      inject(text, seed) {
        const rng = random(seed);
        const commas: { comma: number; next: number }[] = [];
        const walk = (node: ReturnType<typeof treeOf>) => {
          const children = node.children ?? [];
          if (node.type === 'object' || node.type === 'array') {
            for (let k = 0; k + 1 < children.length; k++) {
              const comma = skipSpace(text, children[k].offset + children[k].length);
              if (text[comma] !== ',') throw new Error(`no comma after a member at ${comma}`);
              commas.push({ comma, next: skipSpace(text, comma + 1) });
            }
          }
          children.forEach(walk);
        };
        walk(treeOf(text));
        const site = pick(rng, commas);
        if (!site) return undefined;
        const line = text.slice(0, site.comma).split('\n').length;
        return {
          text: text.slice(0, site.comma) + text.slice(site.comma + 1),
          // From the last character before the comma to the end of the token after it.
          target: { start: site.comma - 1, end: tokenEnd(text, site.next) - 1 },
          description: `comma deleted at line ${line}: ${text.slice(site.comma - 20, site.comma + 1).trim()}`,
        };
      },
    },
    {
      id: 'json-missing-brace',
      title: 'broken JSON: the opening brace of a statement deleted',
      expect: 'JSON_SYNTAX_ERROR',
      inject(text, seed) {
        const rng = random(seed);
        const root = treeOf(text);
        const statement = nodeAt(root, ['Statement']);
        const objects =
          statement?.type === 'array' ? (statement.children ?? []).filter((c) => c.type === 'object') : statement?.type === 'object' ? [statement] : [];
        const object = pick(
          rng,
          objects.filter((o) => o.children?.length),
        );
        if (!object) return undefined;
        const firstKey = object.children![0].children![0];
        const colon = skipSpace(text, firstKey.offset + firstKey.length);
        if (text[colon] !== ':') throw new Error('no colon after the first key');
        const line = text.slice(0, object.offset).split('\n').length;
        return {
          text: text.slice(0, object.offset) + text.slice(object.offset + 1),
          // From where the brace was to the colon after the statement's first key.
          target: { start: object.offset, end: colon },
          description: `"{" of the statement at line ${line} deleted`,
        };
      },
    },
    {
      id: 'json-trailing-comma',
      title: 'broken JSON: a trailing comma after the last member or item of an object or array',
      expect: 'JSON_SYNTAX_ERROR',
      inject(text, seed) {
        const rng = random(seed);
        const lasts: number[] = [];
        const walk = (node: ReturnType<typeof treeOf>) => {
          const children = node.children ?? [];
          if ((node.type === 'object' || node.type === 'array') && children.length) {
            const last = children.at(-1)!;
            lasts.push(last.offset + last.length);
          }
          children.forEach(walk);
        };
        walk(treeOf(text));
        const at = pick(rng, lasts);
        if (at === undefined) return undefined;
        const line = text.slice(0, at).split('\n').length;
        return { text: `${text.slice(0, at)},${text.slice(at)}`, target: { start: at, end: at + 1 }, description: `trailing comma added at line ${line}` };
      },
    },
  ];
  return kinds;
}
