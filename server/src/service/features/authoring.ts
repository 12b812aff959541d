import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalog } from '../catalog/catalog';
import { ParsedDocument } from '../parse/document';
import { PolicyKind } from '../parse/policyKind';
import { SourcePolicy } from '../workspace/sources/source';
import { FeatureContext } from './target';

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
  readonly embedded: readonly SourcePolicy[];
}
