import { SyntaxNode } from '../../parse/treeSitter';
import {
  ConditionValue,
  FileFacts,
  FolderValueFact,
  RoleDefinition,
  RoleReference,
  TrustPolicyFacts,
  TrustProvider,
  TrustReference,
  ValueTemplate,
} from '../facts';
import { attributesOf, blockHeader, named, topLevelBlocks } from './terraformHcl';
import { templateFromText } from './terraformTrust';

/**
 * The values a Terraform folder gives its expressions, and their substitution: `locals`, `variable`
 * defaults and the tfvars Terraform loads by itself (terraform.tfvars, *.auto.tfvars). Facts are
 * read per file with templates (`local.role_name`); the workspace index resolves them with the
 * values of every file of the same folder, so that an edit of a tfvars file updates the others.
 */

/** The folder of a file's URI, with its trailing slash: Terraform's module. */
export function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** What a file is to the folder's values: a tfvars file Terraform loads, one it does not (`-var-file` only), or a configuration. */
export function tfvarsKind(uri: string): 'tfvars' | 'auto-tfvars' | 'other-tfvars' | undefined {
  const name = uri.slice(uri.lastIndexOf('/') + 1).toLowerCase();
  if (!name.endsWith('.tfvars')) return undefined;
  if (name === 'terraform.tfvars') return 'tfvars';
  return name.endsWith('.auto.tfvars') ? 'auto-tfvars' : 'other-tfvars';
}

/** The most values read of one file: a generated file of thousands is read up to here. */
const MAX_VALUES = 2000;

/** The values one file gives: tfvars assignments, or the `locals` and `variable` defaults of a configuration. */
export function folderValues(root: SyntaxNode, uri: string): FolderValueFact[] {
  const values: FolderValueFact[] = [];
  const add = (name: string, expression: SyntaxNode, from: FolderValueFact['from']) => {
    const value = values.length < MAX_VALUES ? templateFromText(expression.text) : undefined;
    if (value) values.push({ name, value, from });
  };
  const kind = tfvarsKind(uri);
  if (kind === 'tfvars' || kind === 'auto-tfvars') {
    const body = named(root).find((c) => c.type === 'body');
    for (const child of body ? named(body) : []) {
      const [name, value] = child.type === 'attribute' ? named(child) : [];
      if (name?.type === 'identifier' && value?.type === 'expression') add(`var.${name.text}`, value, kind);
    }
    return values;
  }
  for (const block of topLevelBlocks(root)) {
    const { type, labels } = blockHeader(block);
    if (type === 'locals') for (const [name, attribute] of attributesOf(block)) add(`local.${name}`, attribute.value, 'local');
    else if (type === 'variable' && labels.length === 1) {
      const value = attributesOf(block).get('default')?.value;
      if (value) add(`var.${labels[0].value}`, value, 'default');
    }
  }
  return values;
}

const PRECEDENCE: Record<FolderValueFact['from'], number> = { local: 0, default: 0, tfvars: 1, 'auto-tfvars': 2 };

/** How deep a value may refer to another (`local.a` = `"${local.b}-x"` …) before it is left unknown. */
const MAX_DEPTH = 32;

/** A lookup of the folder's values: the literal a reference comes to, or undefined (unknown, a cycle, too deep). */
export function folderLookup(
  files: readonly { readonly uri: string; readonly values: readonly FolderValueFact[] }[],
): (template: ValueTemplate) => string | undefined {
  const ordered = [...files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  const values = new Map<string, ValueTemplate>();
  for (const level of [0, 1, 2])
    for (const file of ordered) for (const value of file.values) if (PRECEDENCE[value.from] === level) values.set(value.name, value.value);
  const resolved = new Map<string, string | undefined>();
  const visiting = new Set<string>();
  const reference = (name: string, depth: number): string | undefined => {
    if (resolved.has(name)) return resolved.get(name);
    const template = values.get(name);
    if (!template || visiting.has(name) || depth > MAX_DEPTH) return undefined;
    visiting.add(name);
    const value = substitute(template, depth + 1);
    visiting.delete(name);
    resolved.set(name, value);
    return value;
  };
  const substitute = (template: ValueTemplate, depth: number): string | undefined => {
    let out = '';
    for (const part of template) {
      const value = typeof part === 'string' ? part : reference(part.ref, depth);
      if (value === undefined) return undefined;
      out += value;
    }
    return out;
  };
  return (template) => substitute(template, 0);
}

/** A file's facts with its templates substituted: what cannot be made a literal stays unknown (a name) or is left out (a condition). */
export function resolveFacts(facts: FileFacts, lookup: (template: ValueTemplate) => string | undefined): FileFacts {
  const trusts = new Map<TrustPolicyFacts, TrustPolicyFacts>();
  const trust = (policy: TrustPolicyFacts) => {
    let result = trusts.get(policy);
    if (!result) trusts.set(policy, (result = resolveTrust(policy, lookup)));
    return result;
  };
  const role = (r: RoleDefinition): RoleDefinition => {
    const name = r.nameTemplate ? lookup(r.nameTemplate) : r.name;
    const path = r.pathTemplate ? lookup(r.pathTemplate) : r.path;
    const reference: TrustReference | undefined = r.trust?.kind === 'embedded' ? { kind: 'embedded', policy: trust(r.trust.policy) } : r.trust;
    return { ...r, name, path: path ?? '/', trust: reference };
  };
  return {
    ...facts,
    roles: facts.roles.map(role),
    trustPolicies: facts.trustPolicies.map(trust),
    references: facts.references.flatMap((r) => resolveReference(r, lookup) ?? []),
  };
}

const OIDC_PROVIDER_ARN = /^arn:[a-z-]+:iam::(\d{12}|\*)?:oidc-provider\/(?:https:\/\/)?(.+?)\/*$/;

/** A provider ARN written with the folder's values, once resolved: its host and account (none when it is no provider ARN). */
function providerOf(arn: string | undefined, provider: TrustProvider): TrustProvider | undefined {
  const match = arn === undefined ? undefined : OIDC_PROVIDER_ARN.exec(arn);
  return match ? { host: match[2], account: match[1] === '*' ? undefined : match[1], range: provider.range } : undefined;
}

/** An association written with the folder's values: dropped unless its ARN resolves; its ServiceAccount unknown unless both parts do. */
function resolveReference(reference: RoleReference, lookup: (template: ValueTemplate) => string | undefined): RoleReference | undefined {
  const { templates } = reference;
  if (!templates) return reference;
  const arn = templates.arn ? lookup(templates.arn) : reference.arn;
  if (arn === undefined) return undefined;
  const sa = reference.serviceAccount;
  const namespace = templates.namespace ? lookup(templates.namespace) : sa?.namespace;
  const name = templates.name ? lookup(templates.name) : sa?.name;
  return { ...reference, arn, serviceAccount: sa && namespace !== undefined && name !== undefined ? { ...sa, namespace, name } : undefined };
}

function resolveTrust(policy: TrustPolicyFacts, lookup: (template: ValueTemplate) => string | undefined): TrustPolicyFacts {
  const value = (v: ConditionValue): ConditionValue | undefined => {
    if (!v.template) return v;
    const resolved = lookup(v.template);
    return resolved === undefined ? undefined : { ...v, value: resolved };
  };
  const resolved = (values: readonly ConditionValue[]) => values.map(value).filter((v): v is ConditionValue => v !== undefined);
  return {
    ...policy,
    statements: policy.statements.map((s) => ({
      ...s,
      providers: s.providers.flatMap((p) => (p.template ? (providerOf(lookup(p.template), p) ?? []) : [p])),
      // A condition with an unknown value may admit anyone: left out rather than read as admitting no one.
      subjects: s.subjects.flatMap((c) => {
        const values = resolved(c.values);
        return values.length === c.values.length ? [{ ...c, values }] : [];
      }),
      audiences: resolved(s.audiences),
    })),
  };
}
