import { eksProviderParts } from '../../catalog/oidc';
import { JsonNode } from '../../parse/json';
import { buildPolicy } from '../../parse/policy';
import { PolicyKind } from '../../parse/policyKind';
import { OffsetRange } from '../../parse/range';
import { ManagedPolicyFact, NO_FACTS, OidcProviderFact, PermissionReference, RoleDefinition, RoleReference, TrustPolicyFacts } from '../facts';
import { trustFactsOf } from '../trustFacts';
import { policyInText } from './policyText';
import { clusterOf } from './cluster';
import { SourceExtraction, SourceInput, SourcePolicy } from './source';
import { jsonValue, TemplateValue, yamlValue } from './templateValues';

const SERVERLESS_TRANSFORM = 'AWS::Serverless-2016-10-31';

/**
 * CloudFormation and SAM templates, YAML or JSON: `AWS::IAM::Role` (name, path, trust policy, inline
 * and managed policies), the policies attached to its roles (`AWS::IAM::Policy`, `ManagedPolicy`,
 * `RolePolicy`), `AWS::IAM::OIDCProvider` and `AWS::EKS::PodIdentityAssociation`. Intrinsic functions
 * are values unknown until deployed: a computed role name leaves the role linkable by logical id only.
 */
export function extractCloudFormation(input: SourceInput): SourceExtraction | undefined {
  const roots = input.yaml
    ? input.yaml.documents.map((document) => yamlValue(document.contents, input.text))
    : input.json
      ? [jsonValue(input.json.root, input.text)]
      : [];
  const templates = roots.filter((root): root is TemplateValue => root !== undefined && isTemplate(root));
  if (templates.length === 0) return undefined;
  const reader = new TemplateReader(input.text);
  for (const template of templates) reader.read(template);
  return reader.extraction();
}

function isTemplate(root: TemplateValue): boolean {
  const resources = root.get('Resources')?.entries() ?? [];
  if (resources.length === 0) return false;
  const transform = root.get('Transform');
  const transforms = transform ? [transform, ...transform.items()].map((t) => t.string) : [];
  return (
    root.get('AWSTemplateFormatVersion') !== undefined ||
    transforms.includes(SERVERLESS_TRANSFORM) ||
    resources.some((r) => r.value?.get('Type')?.string?.startsWith('AWS::'))
  );
}

interface Resource {
  readonly logicalId: string;
  readonly keyRange: OffsetRange;
  readonly type: string;
  readonly properties: TemplateValue | undefined;
}

interface RoleEntry {
  role: RoleDefinition;
  readonly permissions: PermissionReference[];
}

/** A policy document: the tree its facts come from, checked by the engine when its text allows. */
interface Document {
  readonly root: JsonNode;
}

function rangeOf(document: Document | undefined): OffsetRange | undefined {
  return document ? { start: document.root.offset, end: document.root.offset + document.root.length } : undefined;
}

class TemplateReader {
  private readonly roles: RoleEntry[] = [];
  private readonly references: RoleReference[] = [];
  private readonly trustPolicies: TrustPolicyFacts[] = [];
  private readonly oidcProviders: OidcProviderFact[] = [];
  private readonly policies: SourcePolicy[] = [];
  private readonly managedPolicies: ManagedPolicyFact[] = [];

  constructor(private readonly text: string) {}

  read(template: TemplateValue): void {
    const resources: Resource[] = (template.get('Resources')?.entries() ?? []).flatMap((entry) => {
      const type = entry.value?.get('Type')?.string;
      return type ? [{ logicalId: entry.key, keyRange: entry.keyRange, type, properties: entry.value?.get('Properties') }] : [];
    });
    // Customer managed policies first (roles attach them by `!Ref`), then roles, so that the policies
    // attached to them by logical id or by name find them.
    const managedPolicies = new Map<string, ManagedPolicyFact>();
    for (const resource of resources) {
      if (resource.type === 'AWS::IAM::ManagedPolicy') managedPolicies.set(resource.logicalId, this.readManagedPolicy(resource));
    }
    const byLogicalId = new Map<string, RoleEntry>();
    for (const resource of resources) {
      if (resource.type !== 'AWS::IAM::Role') continue;
      const entry = this.readRole(resource, managedPolicies);
      byLogicalId.set(resource.logicalId, entry);
      this.roles.push(entry);
    }
    const roleOf = (value: TemplateValue): RoleEntry | undefined => {
      if (value.intrinsic?.name === 'Ref') return byLogicalId.get(value.intrinsic.argument?.string ?? '');
      const name = value.string?.toLowerCase();
      return name === undefined ? undefined : [...byLogicalId.values()].find((e) => e.role.name?.toLowerCase() === name);
    };
    for (const resource of resources) {
      const properties = resource.properties;
      switch (resource.type) {
        case 'AWS::IAM::Policy':
        case 'AWS::IAM::ManagedPolicy': {
          const managed = managedPolicies.get(resource.logicalId);
          const document = managed ? managed.document : rangeOf(this.document(properties?.get('PolicyDocument'), 'identity'));
          const name = properties?.get(managed ? 'ManagedPolicyName' : 'PolicyName');
          const permission: PermissionReference = {
            kind: managed ? 'managed' : 'inline',
            label: name?.string ?? resource.logicalId,
            range: this.where(name) ?? resource.keyRange,
            ...(document ? { document } : {}),
          };
          for (const role of properties?.get('Roles')?.items() ?? []) roleOf(role)?.permissions.push(permission);
          break;
        }
        case 'AWS::IAM::RolePolicy': {
          const document = rangeOf(this.document(properties?.get('PolicyDocument'), 'identity'));
          const name = properties?.get('PolicyName');
          const role = properties?.get('RoleName');
          if (role)
            roleOf(role)?.permissions.push({
              kind: 'inline',
              label: name?.string ?? resource.logicalId,
              range: this.where(name) ?? resource.keyRange,
              ...(document ? { document } : {}),
            });
          break;
        }
        case 'AWS::Serverless::Function':
          this.serverlessPolicies(properties?.get('Policies'));
          break;
        case 'AWS::IAM::User':
        case 'AWS::IAM::Group':
          // Not roles, but their inline policies are checked all the same.
          for (const inline of properties?.get('Policies')?.items() ?? []) this.document(inline.get('PolicyDocument'), 'identity');
          break;
        case 'AWS::IAM::OIDCProvider': {
          // Only a cluster's issuer: a template may also declare GitHub's or another IdP's provider.
          const url = properties?.get('Url');
          const host = url?.string?.replace(/^https:\/\//, '').replace(/\/$/, '');
          if (url && host && eksProviderParts(host)) this.oidcProviders.push({ host, range: this.where(url)! });
          break;
        }
        case 'AWS::EKS::PodIdentityAssociation':
          this.podIdentityAssociation(properties);
          break;
      }
    }
  }

  extraction(): SourceExtraction {
    return {
      source: 'cloudformation',
      facts: {
        ...NO_FACTS,
        roles: this.roles.map((e) => ({ ...e.role, permissions: e.permissions })),
        references: this.references,
        trustPolicies: this.trustPolicies,
        oidcProviders: this.oidcProviders,
        managedPolicies: this.managedPolicies,
      },
      policies: this.policies,
    };
  }

  private readManagedPolicy(resource: Resource): ManagedPolicyFact {
    const properties = resource.properties;
    const name = properties?.get('ManagedPolicyName');
    const document = rangeOf(this.document(properties?.get('PolicyDocument'), 'identity'));
    const fact: ManagedPolicyFact = {
      name: name?.string,
      label: resource.logicalId,
      path: properties?.get('Path')?.string ?? '/',
      range: this.where(name) ?? resource.keyRange,
      ...(document ? { document } : {}),
    };
    this.managedPolicies.push(fact);
    return fact;
  }

  private readRole(resource: Resource, managedPolicies: ReadonlyMap<string, ManagedPolicyFact>): RoleEntry {
    const properties = resource.properties;
    const name = properties?.get('RoleName');
    const trustDocument = this.document(properties?.get('AssumeRolePolicyDocument'), 'trust');
    let trust: RoleDefinition['trust'];
    if (trustDocument) {
      const policy = trustFactsOf(buildPolicy(trustDocument.root), this.text);
      this.trustPolicies.push(policy);
      trust = { kind: 'embedded', policy };
    }
    const permissions: PermissionReference[] = [];
    for (const inline of properties?.get('Policies')?.items() ?? []) {
      const policyName = inline.get('PolicyName');
      const document = inline.get('PolicyDocument');
      const written = rangeOf(this.document(document, 'identity'));
      permissions.push({
        kind: 'inline',
        label: policyName?.string ?? policyName?.written() ?? 'inline policy',
        range: this.where(policyName) ?? document?.range ?? inline.range,
        ...(written ? { document: written } : {}),
      });
    }
    for (const arn of properties?.get('ManagedPolicyArns')?.items() ?? []) {
      // `!Ref` to a managed policy of this template: its document is here.
      const local = arn.intrinsic?.name === 'Ref' ? managedPolicies.get(arn.intrinsic.argument?.string ?? '') : undefined;
      permissions.push({
        kind: 'managed',
        label: arn.string ?? arn.written(),
        range: this.where(arn)!,
        ...(local?.document ? { document: local.document } : {}),
      });
    }
    const boundary = properties?.get('PermissionsBoundary');
    const role: RoleDefinition = {
      source: 'cloudformation',
      name: name?.string,
      label: resource.logicalId,
      path: properties?.get('Path')?.string ?? '/',
      account: undefined,
      range: (name?.string !== undefined ? this.where(name) : undefined) ?? resource.keyRange,
      trust,
      permissions: [],
      ...(boundary ? { boundary: this.boundary(boundary, managedPolicies) } : {}),
    };
    return { role, permissions };
  }

  /** `PermissionsBoundary`: an ARN, or `!Ref` to a managed policy of this template (its document is here). */
  private boundary(value: TemplateValue, managedPolicies: ReadonlyMap<string, ManagedPolicyFact>): PermissionReference {
    const local = value.intrinsic?.name === 'Ref' ? managedPolicies.get(value.intrinsic.argument?.string ?? '') : undefined;
    return { kind: 'managed', label: value.string ?? value.written(), range: this.where(value)!, ...(local?.document ? { document: local.document } : {}) };
  }

  /**
   * A policy document: a mapping, a JSON string (plain, or the template of `Fn::Sub`), or else computed
   * (`!Ref`, `!If`): unknown. Recorded for the engine with the kind its place gives it.
   */
  private document(value: TemplateValue | undefined, kind: PolicyKind): Document | undefined {
    if (!value) return undefined;
    const intrinsic = value.intrinsic;
    if (intrinsic && intrinsic.name !== 'Sub') return undefined;
    const string = intrinsic
      ? intrinsic.argument?.string !== undefined
        ? intrinsic.argument
        : intrinsic.argument?.items()[0]
      : value.string !== undefined
        ? value
        : undefined;
    if (string?.string !== undefined) {
      const characters = string.characters();
      const found = characters && policyInText(this.text, string.string, characters.content, characters.verbatim, intrinsic !== undefined);
      if (!found) return undefined;
      if (found.validated) this.policies.push({ policy: found.validated, kind });
      return { root: found.root };
    }
    if (intrinsic) return undefined;
    const root = value.tree();
    if (root?.type !== 'object') return undefined;
    this.policies.push({ policy: { root, errors: [] }, kind });
    return { root };
  }

  /** SAM's `Policies`: managed policy names, SAM policy templates, and policy documents (checked). */
  private serverlessPolicies(value: TemplateValue | undefined): void {
    for (const item of value ? [value, ...value.items()] : []) {
      if (item.get('Statement')) this.document(item, 'identity');
    }
  }

  private podIdentityAssociation(properties: TemplateValue | undefined): void {
    const arn = properties?.get('RoleArn');
    if (arn?.string === undefined) return;
    const namespace = properties?.get('Namespace');
    const serviceAccount = properties?.get('ServiceAccount');
    this.references.push({
      kind: 'pod-identity',
      arn: arn.string,
      range: this.where(arn)!,
      serviceAccount:
        namespace?.string && serviceAccount?.string
          ? { name: serviceAccount.string, namespace: namespace.string, namespaceExplicit: true, range: this.where(serviceAccount)! }
          : undefined,
      // A template is deployed to any region: the cluster's name is known, not its ARN.
      ...clusterOf(properties?.get('ClusterName')?.string, undefined, undefined),
    });
  }

  /** A value's range for navigation and diagnostics: a string's characters without its quotes. */
  private where(value: TemplateValue | undefined): OffsetRange | undefined {
    return value?.characters()?.content ?? value?.range;
  }
}
