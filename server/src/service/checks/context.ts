import { Catalog } from '../catalog/catalog';
import { PolicyFile } from '../parse/document';
import { PolicyKind } from '../parse/policyKind';

/** What every policy check reads: the parsed file, its kind and the catalogue. */
export interface PolicyContext {
  readonly file: PolicyFile;
  readonly kind: PolicyKind;
  /** True when the kind was pinned (a setting, or where the policy sits) rather than inferred. */
  readonly kindPinned: boolean;
  readonly catalog: Catalog;
  /** The raised trust policy quota, when the account has one (setting). */
  readonly trustPolicyQuota?: number;
  /** True for a policy written inside another file (CloudFormation, Terraform, a shell script). */
  readonly embedded?: boolean;
  /** True when the policy is part of a document whose other statements are unknown: nothing is concluded from an absence. */
  readonly partial?: boolean;
}
