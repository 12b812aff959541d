import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalog } from '../catalog/catalog';
import { ParsedDocument } from '../parse/document';
import { PolicyKind } from '../parse/policyKind';
import { JsonNode } from '../parse/json';
import { Policy } from '../parse/policy';
import { EmbeddedModel } from '../workspace/analyze';
import { FileFacts } from '../workspace/facts';
import { WorkspaceIndex } from '../workspace/index';
import { PermissionAnswers } from './permissions/answers';

/** What every feature reads: the document's facts (already in the index) and the index. */
export interface FeatureContext {
  readonly uri: string;
  readonly facts: FileFacts;
  readonly index: WorkspaceIndex;
  /** What the pods of a ServiceAccount can do (the permission model, evaluated), kept while the files it read are unchanged. */
  readonly permissions: PermissionAnswers;
}

/**
 * What the authoring features (completion, policy hover, code actions, commands) read: the
 * document's parse (built once per version), its facts in the workspace index, and the catalogue.
 */
export interface AuthoringContext extends FeatureContext {
  readonly document: TextDocument;
  readonly parsed: ParsedDocument;
  readonly catalog: Catalog;
  /** For a policy file: its kind, pinned (setting, another file's use) or inferred. */
  readonly policyKind?: PolicyKind;
  /** Policies embedded in a role-definition source (CloudFormation, eksctl, Terraform, exports), with their kinds. */
  readonly embedded: readonly EmbeddedModel[];
  /** The model of a policy of this document version by its root node, built once (the policy file's own, an embedded one, one being typed). */
  policyOf(root: JsonNode): Policy;
}
