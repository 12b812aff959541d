import { isAwsManagedPolicyArn, ManagedPolicies } from '../catalog/managedPolicies';
import { parseJson } from '../parse/json';
import { buildPolicy, Policy } from '../parse/policy';
import { OffsetRange } from '../parse/range';
import { ManagedPolicyFact, PermissionReference, RoleDefinition } from './facts';
import { Located, WorkspaceIndex } from './index';
import { PolicyDocuments } from './policyDocuments';
import { displayName } from './roles';

/** How a policy is attached to a role. */
export type AttachmentKind = 'inline' | 'customer-managed' | 'aws-managed';

/** Where an attached policy's document is: its `policy` model's offsets are into that text. */
export type PolicyDocumentSource =
  /** A policy file of the workspace (`put-role-policy --policy-document file://p.json`, `file("p.json")`). */
  | { readonly kind: 'file'; readonly uri: string }
  /** Written inside a file of the workspace (a template's `PolicyDocument`, an eksctl `attachPolicy`). */
  | { readonly kind: 'embedded'; readonly uri: string; readonly range: OffsetRange }
  /** An AWS managed policy's latest version, from the package the product ships (`text` is what `policy` was parsed from). */
  | { readonly kind: 'aws-managed'; readonly arn: string; readonly version: string; readonly text: string };

/** One policy attached to a role (or its boundary), with where it is attached and its document. */
export interface AttachedPolicy {
  readonly kind: AttachmentKind;
  /** A policy name, a file path or an ARN, as written where it is attached. */
  readonly label: string;
  /** Where the attachment is written (the role's file, the reference's range). */
  readonly attachedAt: { readonly uri: string; readonly range: OffsetRange };
  readonly document: PolicyDocumentSource;
  /** The positioned model, for the evaluator and the summary. */
  readonly policy: Policy;
}

/** Why something about a ServiceAccount's permissions cannot be known from the files. */
export type UnknownReason =
  | 'computed-arn'
  | 'aws-managed-not-in-package'
  | 'customer-managed-not-in-workspace'
  | 'file-not-found'
  | 'document-not-readable'
  | 'generated-by-tool'
  | 'role-not-in-workspace'
  | 'role-arn-not-literal';

/** What cannot be known from the files, said rather than guessed: where it is written and why. */
export interface PermissionUnknown {
  readonly reason: UnknownReason;
  readonly label: string;
  readonly uri: string;
  readonly range: OffsetRange;
  readonly message: string;
  /** The unknown is the role's permissions boundary: whatever the policies allow then depends on it. */
  readonly boundary?: true;
}

export interface AttachmentSources {
  readonly index: WorkspaceIndex;
  readonly documents: PolicyDocuments;
  readonly managedPolicies: ManagedPolicies;
}

/**
 * `arn:PARTITION:iam::ACCOUNT:policy/PATH/NAME` of a customer (not `aws`) account. The account may be
 * a variable (`${ACCOUNT_ID}`, `${var.account}`): the policy is matched by path and name, in any account.
 */
const CUSTOMER_POLICY_ARN = /^arn:[a-z-]+:iam::([^:/]*):policy\/((?:[^/]+\/)*)([\w+=,.@-]+)$/;
/** How sources write a reference to a policy resource of the same project (`!Ref P`, `{"Ref": "P"}`, `aws_iam_policy.p`). */
const POLICY_REFERENCE = /^(?:!Ref\s+([\w.-]+)|\{\s*"Ref"\s*:\s*"([\w.-]+)"\s*\}|(aws_iam_policy\.[\w-]+)(?:\.arn)?)$/;

export type Resolution = { readonly policy: AttachedPolicy } | { readonly unknown: PermissionUnknown };

/** One of a role's permission references (or its boundary) resolved to its document, or why it cannot be. */
export function resolveAttachment(role: Located<RoleDefinition>, reference: PermissionReference, sources: AttachmentSources): Resolution {
  const at = { uri: role.uri, range: reference.range };
  const unknown = (reason: UnknownReason, message: string): Resolution => ({ unknown: { reason, label: reference.label, ...at, message } });
  const attached = (kind: AttachmentKind, document: PolicyDocumentSource, policy: Policy): Resolution => ({
    policy: { kind, label: reference.label, attachedAt: at, document, policy },
  });

  if (reference.kind === 'file') {
    const uri = reference.uri ?? '';
    const policy = sources.documents.file(uri);
    return policy
      ? attached('inline', { kind: 'file', uri }, policy)
      : unknown('file-not-found', `The policy file ${displayName(uri)} (${reference.label}) is not in the workspace, or is not a policy.`);
  }
  if (reference.partial)
    return unknown(
      'document-not-readable',
      `The document of ${reference.label} is known only in part (dynamic statements, merged documents): it is not evaluated.`,
    );
  if (reference.kind === 'inline') {
    const policy = embeddedDocument(role, reference, sources);
    return policy
      ? attached('inline', { kind: 'embedded', uri: role.uri, range: rangeOf(policy) }, policy)
      : unknown('document-not-readable', `The document of the inline policy ${reference.label} is computed or not written where the tool can read it.`);
  }
  // Managed: written in this file, an AWS managed ARN, a customer managed policy of the workspace, else unknown.
  if (reference.uri) return customerManagedFile(reference.uri, reference.label, attached, unknown, sources);
  if (reference.document) {
    const policy = embeddedAt(role.uri, reference.document, sources);
    return policy
      ? attached('customer-managed', { kind: 'embedded', uri: role.uri, range: reference.document }, policy)
      : unknown('document-not-readable', `The document of the managed policy ${reference.label} is computed or not written where the tool can read it.`);
  }
  const label = reference.label.trim();
  if (isAwsManagedPolicyArn(label)) {
    const managed = sources.managedPolicies.managedPolicy(label);
    if (!managed) {
      const why = sources.managedPolicies.available
        ? `is not in ${sources.managedPolicies.source}`
        : 'cannot be read: the managed policies data is not installed';
      return unknown('aws-managed-not-in-package', `The AWS managed policy ${label} ${why}.`);
    }
    return attached(
      'aws-managed',
      { kind: 'aws-managed', arn: managed.arn, version: managed.version, text: managed.text },
      managedPolicyModel(managed.arn, managed.text),
    );
  }
  if (label.startsWith('wellKnownPolicies.'))
    return unknown('generated-by-tool', `${label}: eksctl generates this policy when it creates the role; its document is not in the files.`);
  const defined = customerManaged(label, role.uri, sources.index);
  if (defined === 'computed') return unknown('computed-arn', `${label} is computed when deployed: the policy it attaches is not known from the files.`);
  if (!defined) return unknown('customer-managed-not-in-workspace', `The customer managed policy ${label} is not defined in the workspace.`);
  if (defined.fact.uri) return customerManagedFile(defined.fact.uri, label, attached, unknown, sources);
  if (defined.fact.partial)
    return unknown(
      'document-not-readable',
      `The document of the customer managed policy ${label} is known only in part (dynamic statements, merged documents): it is not evaluated.`,
    );
  const policy = defined.fact.document ? embeddedAt(defined.uri, defined.fact.document, sources) : undefined;
  return policy
    ? attached('customer-managed', { kind: 'embedded', uri: defined.uri, range: defined.fact.document! }, policy)
    : unknown('document-not-readable', `The document of the customer managed policy ${label} is computed or not written where the tool can read it.`);
}

/** A customer managed policy whose document is a policy file of the workspace. */
function customerManagedFile(
  uri: string,
  label: string,
  attached: (kind: AttachmentKind, document: PolicyDocumentSource, policy: Policy) => Resolution,
  unknown: (reason: UnknownReason, message: string) => Resolution,
  sources: AttachmentSources,
): Resolution {
  const policy = sources.documents.file(uri);
  return policy
    ? attached('customer-managed', { kind: 'file', uri }, policy)
    : unknown('file-not-found', `The policy file ${displayName(uri)} (${label}) is not in the workspace, or is not a policy.`);
}

/**
 * The customer managed policy an ARN or a reference names: by name (ARN) or label, the role's own
 * file first. A reference names a resource of the same template, or for Terraform of the same
 * module (the files of the folder); only an ARN reaches other files.
 */
function customerManaged(label: string, fromUri: string, index: WorkspaceIndex): Located<ManagedPolicyFact> | 'computed' | undefined {
  const arn = CUSTOMER_POLICY_ARN.exec(label);
  const reference = POLICY_REFERENCE.exec(label);
  if (!arn && !reference) return 'computed';
  const matches = (fact: ManagedPolicyFact) =>
    arn ? fact.name?.toLowerCase() === arn[3].toLowerCase() && fact.path === `/${arn[2]}` : fact.label === (reference![1] ?? reference![2] ?? reference![3]);
  const own = index.get(fromUri)?.facts.managedPolicies?.find(matches);
  if (own) return { uri: fromUri, fact: own };
  if (!arn && !reference![3]) return undefined;
  const folder = fromUri.slice(0, fromUri.lastIndexOf('/') + 1);
  for (const file of index.all()) {
    if (!arn && file.uri.slice(0, file.uri.lastIndexOf('/') + 1) !== folder) continue;
    const fact = file.facts.managedPolicies?.find(matches);
    if (fact) return { uri: file.uri, fact };
  }
  return undefined;
}

/** The embedded identity policy whose document starts at `range`. */
function embeddedAt(uri: string, range: OffsetRange, sources: AttachmentSources): Policy | undefined {
  return sources.documents.embedded(uri).find((p) => p.root.offset === range.start);
}

/**
 * An inline policy's document in the role's file: where the source says (`document`), else the
 * embedded policy that overlaps the reference (a script's JSON argument), else the one right after it
 * with no other attachment between (an eksctl `attachPolicy:` key, a Terraform resource's `name`
 * before its `policy`): sources that do not record `document` yet.
 */
function embeddedDocument(role: Located<RoleDefinition>, reference: PermissionReference, sources: AttachmentSources): Policy | undefined {
  if (reference.document) return embeddedAt(role.uri, reference.document, sources);
  const policies = sources.documents.embedded(role.uri);
  const holding = policies.find((p) => p.root.offset < reference.range.end && reference.range.start < p.root.offset + p.root.length);
  if (holding) return holding;
  const next = policies.find((p) => p.root.offset >= reference.range.end);
  if (!next) return undefined;
  const facts = sources.index.get(role.uri)?.facts;
  const between = (r: OffsetRange) => r !== reference.range && r.start >= reference.range.end && r.start < next.root.offset;
  const others = [
    ...(facts?.roles ?? []).flatMap((r) => [r.range, ...r.permissions.map((p) => p.range)]),
    ...(facts?.managedPolicies ?? []).map((m) => m.range),
  ];
  return others.some(between) ? undefined : next;
}

function rangeOf(policy: Policy): OffsetRange {
  return { start: policy.root.offset, end: policy.root.offset + policy.root.length };
}

/** Parsed once per ARN and document: AWS managed policies are shared by many roles, and some are large. */
const managedModels = new Map<string, { text: string; policy: Policy }>();

function managedPolicyModel(arn: string, text: string): Policy {
  const hit = managedModels.get(arn);
  if (hit?.text === text) return hit.policy;
  const policy = buildPolicy(parseJson(text).root!);
  // Bounded: there are ~1,600 of them; a workspace attaches a few dozen.
  if (managedModels.size >= 2000) managedModels.clear();
  managedModels.set(arn, { text, policy });
  return policy;
}
