import { EmbeddedPolicy } from '../../parse/embedded';
import { ParsedJson } from '../../parse/json';
import { PolicyKind } from '../../parse/policyKind';
import { Syntaxes } from '../../parse/treeSitter';
import { ParsedYaml } from '../../parse/yaml';
import { FileFacts, RoleSource } from '../facts';

/** One file as a role-definition source sees it, parsed once by the service. */
export interface SourceInput {
  readonly uri: string;
  readonly text: string;
  readonly languageId: string;
  /** Present when the file is JSON. */
  readonly json?: ParsedJson;
  /** Present when the file is YAML. */
  readonly yaml?: ParsedYaml;
  readonly syntaxes: Syntaxes;
}

/** A policy written inside the source file, with the kind its place gives it. */
export interface SourcePolicy {
  readonly policy: EmbeddedPolicy;
  readonly kind: PolicyKind;
  /**
   * Part of a document whose other statements are computed or merged in from elsewhere (a Terraform
   * `dynamic "statement"`, `source_policy_documents`): its statements are checked, but no check that
   * concludes from what the whole document lacks.
   */
  readonly partial?: boolean;
}

export interface SourceExtraction {
  readonly source: RoleSource;
  readonly facts: FileFacts;
  /** Every policy the file holds, for the policy engine (ranges in this file). */
  readonly policies: readonly SourcePolicy[];
}

/**
 * Recognizes one kind of file by content (a CloudFormation template, an eksctl ClusterConfig, an IAM
 * export, a shell script calling the AWS CLI, Terraform) and reads its roles; undefined when the
 * file is not of that kind.
 */
export type SourceExtractor = (input: SourceInput) => SourceExtraction | undefined;

/** A path written in a file (`file://trust.json`, `file("x.json")`), resolved against that file's URI. */
export function resolveReference(baseUri: string, path: string): string {
  try {
    return new URL(path.replace(/\\/g, '/'), baseUri).toString();
  } catch {
    return path;
  }
}
