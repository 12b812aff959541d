import { EmbeddedPolicy } from '../../parse/embedded';
import { buildPolicy } from '../../parse/policy';
import { inferPolicyKind, PolicyKind } from '../../parse/policyKind';
import { OffsetRange } from '../../parse/range';
import { SyntaxNode } from '../../parse/treeSitter';
import {
  FileFacts,
  ManagedPolicyFact,
  NO_FACTS,
  OidcProviderFact,
  PermissionReference,
  PolicyFileReference,
  RoleDefinition,
  RoleReference,
  ServiceAccountFact,
  TrustPolicyFacts,
  TrustReference,
} from '../facts';
import {
  attributesOf,
  blockHeader,
  functionCall,
  HclAttribute,
  HclString,
  literalString,
  modulePath,
  nestedBlocks,
  referenceOf,
  span,
  topLevelBlocks,
  tupleItems,
} from './terraformHcl';
import { heredocPolicy, jsonencodePolicy } from './terraformHclJson';
import { PolicyDocument, policyDocument } from './terraformPolicyDocument';
import { moduleRole, ModuleRole } from './terraformModules';
import { templateFromText, trustFactsOfTree } from './terraformTrust';
import { folderValues, tfvarsKind } from './terraformValues';
import { resolveReference, SourceExtraction, SourceInput, SourcePolicy } from './source';
import { hasTemplates, podIdentityAssociation } from './terraformAssociations';
import { policyArn, policyArns } from './terraformPolicyArns';

/** `resource "TYPE" "NAME" { … }` or `data "TYPE" "NAME" { … }`. */
interface Resource {
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  /** The name label, between its quotes. */
  readonly nameRange: OffsetRange;
  readonly block: SyntaxNode;
  readonly attributes: ReadonlyMap<string, HclAttribute>;
}

/** Where a policy attribute's document is. */
type PolicyPlace =
  | { readonly kind: 'embedded'; readonly policy: EmbeddedPolicy }
  | { readonly kind: 'file'; readonly uri: string; readonly range: OffsetRange }
  /** `data.aws_iam_policy_document.NAME.json` of this file. */
  | { readonly kind: 'document'; readonly name: string; readonly range: OffsetRange };

/** The resource types read (`aws_iam_role_policy…`, `aws_iam_policy_document` included): a file naming none is not parsed. */
const READ_TYPES = /\baws_(iam_(role|policy|openid_connect_provider)|eks_pod_identity_association)|terraform-aws-modules\/|\blocals\b|\bvariable\b/;

/**
 * Terraform configurations (.tf): `aws_iam_role` (name, path, `assume_role_policy` as
 * `jsonencode({...})`, a heredoc, `file(...)` or an `aws_iam_policy_document` of the same file,
 * `inline_policy`, `managed_policy_arns`), `aws_iam_role_policy`, `aws_iam_role_policy_attachment`,
 * `aws_iam_policy`, `aws_iam_openid_connect_provider` (the cluster's issuer) and
 * `aws_eks_pod_identity_association`; the roles of the modules `terraformModules.ts` knows; the
 * values the file gives its folder (`locals`, `variable` defaults, terraform.tfvars, *.auto.tfvars).
 * What is literal is read; what is written with the folder's values is kept as a template, which
 * the workspace index resolves (`terraformValues.ts`); anything else is computed: unknown.
 */
export function extractTerraform(input: SourceInput): SourceExtraction | undefined {
  if (input.languageId !== 'terraform') return undefined;
  const tfvars = tfvarsKind(input.uri);
  if (tfvars === 'other-tfvars' || (!tfvars && !READ_TYPES.test(input.text))) return undefined;
  const tree = input.syntaxes.parseTerraform(input.text);
  if (!tree) return undefined;
  try {
    const values = folderValues(tree.rootNode, input.uri);
    const withValues = (facts: FileFacts): FileFacts => (values.length ? { ...facts, folderValues: values } : facts);
    if (tfvars) return values.length ? { source: 'terraform', facts: withValues(NO_FACTS), policies: [] } : undefined;
    const blocks = topLevelBlocks(tree.rootNode);
    const resources = blocks.flatMap((block) => resourceOf(block) ?? []);
    const modules = blocks.flatMap((block) => {
      const { type, labels } = blockHeader(block);
      return type === 'module' && labels.length === 1 ? (moduleRole(block, labels[0].value, labels[0].content) ?? []) : [];
    });
    if (resources.length === 0 && modules.length === 0) return values.length ? { source: 'terraform', facts: withValues(NO_FACTS), policies: [] } : undefined;
    const extraction = new ConfigurationReader(input, resources, modules).read();
    const facts = withValues(extraction.facts);
    return { ...extraction, facts: hasTemplates(facts) ? { ...facts, symbolic: true } : facts };
  } finally {
    tree.delete(); // tree-sitter trees live in wasm memory, which the GC does not reclaim
  }
}

function resourceOf(block: SyntaxNode): Resource | undefined {
  const { type: kind, labels } = blockHeader(block);
  if ((kind !== 'resource' && kind !== 'data') || labels.length !== 2) return undefined;
  return { kind, type: labels[0].value, name: labels[1].value, nameRange: labels[1].content, block, attributes: attributesOf(block) };
}

class ConfigurationReader {
  private readonly roles = new Map<string, { role: RoleDefinition; permissions: PermissionReference[] }>();
  private readonly references: RoleReference[] = [];
  private readonly policyFiles: PolicyFileReference[] = [];
  private readonly oidcProviders: OidcProviderFact[] = [];
  private readonly trustPolicies: TrustPolicyFacts[] = [];
  private readonly policies: SourcePolicy[] = [];
  private readonly managedPolicies: ManagedPolicyFact[] = [];
  /** The ServiceAccounts of the Pod Identity associations naming each role of this file by reference. */
  private readonly associated = new Map<string, ServiceAccountFact[]>();
  /** `aws_iam_policy_document` data sources by name, read once, with the kind their uses give them. */
  private readonly documents = new Map<string, { read: PolicyDocument; kind?: PolicyKind; trust?: TrustPolicyFacts; merged?: TrustPolicyFacts }>();

  constructor(
    private readonly input: SourceInput,
    private readonly resources: readonly Resource[],
    private readonly modules: readonly ModuleRole[],
  ) {}

  read(): SourceExtraction {
    for (const r of this.resources) {
      if (r.kind === 'data' && r.type === 'aws_iam_policy_document' && !this.documents.has(r.name)) {
        this.documents.set(r.name, { read: policyDocument(r.block) });
      }
    }
    const of = (type: string) => this.resources.filter((r) => r.kind === 'resource' && r.type === type);
    for (const r of of('aws_iam_role')) this.role(r);
    for (const { role, trust, references } of this.modules) {
      this.roles.set(role.label, { role, permissions: [...role.permissions] });
      this.trustPolicies.push(trust);
      this.references.push(...references);
    }
    for (const r of of('aws_iam_role_policy')) this.rolePolicy(r);
    for (const r of of('aws_iam_role_policy_attachment')) this.attachment(r, [r.attributes.get('role')?.value]);
    for (const r of of('aws_iam_policy_attachment')) this.attachment(r, tupleItems(r.attributes.get('roles')?.value) ?? []);
    for (const r of of('aws_iam_policy')) this.managedPolicy(r);
    for (const r of of('aws_iam_openid_connect_provider')) this.oidcProvider(r);
    const roles = { has: (name: string) => this.roles.has(name), link: (name: string, sa: ServiceAccountFact) => this.associate(name, sa) };
    for (const r of of('aws_eks_pod_identity_association')) {
      const reference = podIdentityAssociation(r.attributes, roles);
      if (reference) this.references.push(reference);
    }
    // Checked as their uses say; those no resource of this file uses (another file's role may), as their content says.
    for (const document of this.documents.values()) {
      const { policy, partial, sources } = document.read;
      const kind = document.kind ?? inferPolicyKind(buildPolicy(policy.root));
      if (kind === 'trust') document.trust ??= this.trustFacts(policy, partial || sources.length > 0);
      // Merged in from other documents: what the whole lacks is not this part's to say.
      this.policies.push({ policy, kind, ...(partial || sources.length ? { partial: true } : {}) });
    }
    return {
      source: 'terraform',
      facts: {
        ...NO_FACTS,
        roles: [...this.roles.entries()].map(([key, e]) => ({ ...this.withAssociations(key, e.role), permissions: e.permissions })),
        references: this.references,
        trustPolicies: this.trustPolicies,
        oidcProviders: this.oidcProviders,
        policyFiles: this.policyFiles,
        ...(this.managedPolicies.length ? { managedPolicies: this.managedPolicies } : {}),
      },
      policies: this.policies,
    };
  }

  private role(r: Resource): void {
    const a = r.attributes;
    const name = a.has('name_prefix') ? undefined : literalString(a.get('name')?.value);
    const nameValue = a.get('name')?.value;
    const nameTemplate = !name && nameValue && !a.has('name_prefix') ? templateFromText(nameValue.text) : undefined;
    const pathValue = a.get('path')?.value;
    const pathTemplate = pathValue && !literalString(pathValue) ? templateFromText(pathValue.text) : undefined;
    const trust = this.trustOf(a.get('assume_role_policy'));
    const permissions: PermissionReference[] = [];
    for (const inline of nestedBlocks(r.block, 'inline_policy')) {
      const attributes = attributesOf(inline);
      const policy = attributes.get('policy');
      const place = this.place(policy, 'identity');
      const name = literalString(attributes.get('name')?.value);
      if (policy)
        permissions.push(this.permission(place, name?.value ?? `${r.type}.${r.name}.inline_policy`, name?.content ?? span(inline.firstChild ?? inline)));
    }
    permissions.push(...policyArns(a.get('managed_policy_arns')?.value));
    const boundary = policyArn(a.get('permissions_boundary')?.value);
    this.roles.set(r.name, {
      role: {
        source: 'terraform',
        name: name?.value,
        ...(nameTemplate && nameValue ? { nameTemplate } : {}),
        label: `${r.type}.${r.name}`,
        path: literalString(a.get('path')?.value)?.value ?? '/',
        ...(pathTemplate ? { pathTemplate } : {}),
        account: undefined,
        range: name?.content ?? r.nameRange,
        trust,
        permissions: [],
        ...(boundary ? { boundary } : {}),
      },
      permissions,
    });
  }

  /** `role = "Name"` or `role = aws_iam_role.x.name` (`.id` is the name too): the role of this file it attaches to. */
  private roleOf(expression: SyntaxNode | undefined): { permissions: PermissionReference[] } | undefined {
    const literal = literalString(expression);
    if (literal) return [...this.roles.values()].find((e) => e.role.name?.toLowerCase() === literal.value.toLowerCase());
    const reference = referenceOf(expression);
    if (reference?.length === 3 && reference[0] === 'aws_iam_role' && (reference[2] === 'name' || reference[2] === 'id')) return this.roles.get(reference[1]);
    return undefined;
  }

  private rolePolicy(r: Resource): void {
    const policy = r.attributes.get('policy');
    const place = this.place(policy, 'identity');
    const role = this.roleOf(r.attributes.get('role')?.value);
    if (!role || !policy) return;
    const name = literalString(r.attributes.get('name')?.value);
    role.permissions.push(this.permission(place, name?.value ?? `${r.type}.${r.name}`, name?.content ?? r.nameRange));
  }

  /** `aws_iam_role_policy_attachment` (`role`), `aws_iam_policy_attachment` (`roles`): `policy_arn` attached to each role of this file. */
  private attachment(r: Resource, roles: readonly (SyntaxNode | undefined)[]): void {
    const arn = policyArn(r.attributes.get('policy_arn')?.value);
    if (!arn) return;
    for (const role of roles) this.roleOf(role)?.permissions.push(arn);
  }

  /** `aws_iam_policy`: a customer managed policy of the module (`name`, `path`, its `policy` document). */
  private managedPolicy(r: Resource): void {
    const a = r.attributes;
    const place = this.place(a.get('policy'), 'identity');
    // Without `name` (or with `name_prefix`) Terraform generates one: unknown.
    const name = a.has('name_prefix') ? undefined : literalString(a.get('name')?.value);
    this.managedPolicies.push({
      name: name?.value,
      label: `${r.type}.${r.name}`,
      path: literalString(a.get('path')?.value)?.value ?? '/',
      range: name?.content ?? r.nameRange,
      ...this.documentOf(place),
    });
  }

  /** Where a policy attribute's document is, as a fact says it: its range in this file, a policy file, or known only in part. */
  private documentOf(place: PolicyPlace | undefined): { document?: OffsetRange; uri?: string; partial?: true } {
    if (place?.kind === 'embedded') return { document: { start: place.policy.root.offset, end: place.policy.root.offset + place.policy.root.length } };
    if (place?.kind === 'file') return { uri: place.uri };
    const read = place?.kind === 'document' ? this.documents.get(place.name)?.read : undefined;
    if (!read) return {};
    if (read.partial || read.sources.length) return { partial: true };
    return { document: { start: read.policy.root.offset, end: read.policy.root.offset + read.policy.root.length } };
  }

  /** An inline policy, found at its name (or resource label); one in a file, at the path. */
  private permission(place: PolicyPlace | undefined, label: string, at: OffsetRange): PermissionReference {
    if (place?.kind === 'file') return { kind: 'file', label, range: place.range, uri: place.uri };
    return { kind: 'inline', label, range: at, ...this.documentOf(place) };
  }

  private trustOf(attribute: HclAttribute | undefined): TrustReference | undefined {
    const place = this.place(attribute, 'trust');
    if (!place) return undefined;
    if (place.kind === 'file') return { kind: 'file', uri: place.uri, range: place.range };
    if (place.kind === 'embedded') return { kind: 'embedded', policy: this.trustFacts(place.policy, false) };
    const merged = this.mergedTrust(place.name, new Set());
    return merged ? { kind: 'embedded', policy: merged } : undefined;
  }

  private trustFacts(policy: EmbeddedPolicy, partial: boolean): TrustPolicyFacts {
    const facts = trustFactsOfTree(policy.root, this.input.text, partial);
    this.trustPolicies.push(facts);
    return facts;
  }

  /**
   * A document's trust as a role sees it: its own statements, after those of the documents of this
   * file it names in `source_policy_documents` (merged, as Terraform does); partial when any
   * statement is unknown (dynamic, overridden, or merged from elsewhere).
   */
  private mergedTrust(name: string, seen: Set<string>): TrustPolicyFacts | undefined {
    const document = this.documents.get(name);
    if (!document || seen.has(name)) return undefined;
    seen.add(name);
    const { policy, partial, sources } = document.read;
    document.trust ??= this.trustFacts(policy, partial || sources.length > 0);
    if (!sources.length) return document.trust;
    if (document.merged) return document.merged;
    const parts = sources.map((source) => this.mergedTrust(source, seen));
    const statements = [...parts.flatMap((p) => p?.statements ?? []), ...document.trust.statements];
    const incomplete = partial || parts.some((p) => !p || p.partial);
    return (document.merged = { range: document.trust.range, ...(incomplete ? { partial: true } : {}), statements });
  }

  /**
   * A policy attribute: `jsonencode({...})` and heredocs are checked here as `kind`; `file()` names
   * another file (which `kind` pins); an `aws_iam_policy_document` of this file is checked once,
   * as a trust policy when a role assumes with it.
   */
  private place(attribute: HclAttribute | undefined, kind: 'trust' | 'identity'): PolicyPlace | undefined {
    if (!attribute) return undefined;
    const { value } = attribute;
    const embedded = jsonencodePolicy(value) ?? heredocPolicy(value, this.input.text);
    if (embedded) {
      this.policies.push({ policy: embedded, kind });
      return { kind: 'embedded', policy: embedded };
    }
    const path = filePath(value);
    if (path) {
      const uri = resolveReference(this.input.uri, path.value);
      this.policyFiles.push({ uri, kind, range: path.content });
      return { kind: 'file', uri, range: path.content };
    }
    const reference = referenceOf(value);
    if (
      reference?.length === 4 &&
      reference[0] === 'data' &&
      reference[1] === 'aws_iam_policy_document' &&
      (reference[3] === 'json' || reference[3] === 'minified_json')
    ) {
      this.useDocument(reference[2], kind);
      return { kind: 'document', name: reference[2], range: span(value) };
    }
    return undefined;
  }

  /** A use of a document of this file: a trust use makes it a trust policy (its facts read once). */
  private useDocument(name: string, kind: 'trust' | 'identity', depth = 0): void {
    const document = this.documents.get(name);
    if (!document || depth > 16) return;
    if (document.kind !== 'trust') document.kind = kind;
    if (kind === 'trust') document.trust ??= this.trustFacts(document.read.policy, document.read.partial || document.read.sources.length > 0);
    for (const source of document.read.sources) this.useDocument(source, kind, depth + 1);
  }

  /** A role named by associations: their ServiceAccounts on its trust's Pod Identity statements, where the link reads them. */
  private withAssociations(key: string, role: RoleDefinition): RoleDefinition {
    const accounts = this.associated.get(key)?.map(({ namespace, name }) => ({ namespace, name }));
    if (!accounts || role.trust?.kind !== 'embedded') return role;
    const before = role.trust.policy;
    const policy = {
      ...before,
      statements: before.statements.map((s) =>
        s.podIdentity ? { ...s, podIdentityServiceAccounts: [...(s.podIdentityServiceAccounts ?? []), ...accounts] } : s,
      ),
    };
    const at = this.trustPolicies.indexOf(before);
    if (at >= 0) this.trustPolicies[at] = policy;
    return { ...role, trust: { kind: 'embedded', policy } };
  }

  private associate(name: string, sa: ServiceAccountFact): void {
    this.associated.set(name, [...(this.associated.get(name) ?? []), sa]);
  }

  private oidcProvider(r: Resource): void {
    const url = literalString(r.attributes.get('url')?.value);
    if (!url) return;
    const host = url.value.replace(/^https:\/\//i, '').replace(/\/+$/, '');
    if (host) this.oidcProviders.push({ host, range: url.content });
  }
}

/**
 * `file("trust.json")` or `file("${path.module}/trust.json")`: the path, relative to the .tf file's
 * folder (the module's), and where it is written.
 */
function filePath(expression: SyntaxNode): HclString | undefined {
  const call = functionCall(expression);
  if (call?.name !== 'file' || call.args.length !== 1) return undefined;
  const path = literalString(call.args[0]) ?? modulePath(call.args[0]);
  return path && !path.value.startsWith('/') ? path : undefined;
}
