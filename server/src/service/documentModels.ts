import { TextDocument } from 'vscode-languageserver-textdocument';
import { JsonNode } from './parse/json';
import { parseDocument, ParsedDocument } from './parse/document';
import { buildPolicy, Policy } from './parse/policy';
import { inferPolicyKind, PolicyKind } from './parse/policyKind';
import { reparseEditedStatement } from './parse/statementEdit';
import { Syntaxes } from './parse/treeSitter';
import { ServiceSettings } from './settings';
import { StatementReuse } from './checks/statementReuse';
import { analyzeParsed, analyzeText, DocumentAnalysis, EmbeddedModel, pinnedPolicyKind } from './workspace/analyze';
import { WorkspaceIndex } from './workspace/index';

/**
 * One version of an open document as diagnostics, cursor features and fixes all read it: parsed once,
 * analysed once (its facts recorded in the workspace index), each policy model built once, the
 * embedded ones included.
 */
export class DocumentModel {
  private analysisCache?: DocumentAnalysis;
  private embeddedCache?: readonly EmbeddedModel[];
  private readonly policies = new Map<JsonNode, Policy>();

  constructor(
    readonly version: number,
    readonly languageId: string,
    /** Whether a setting pins the file's kind: then any JSON object is read as a policy. */
    readonly asPolicy: boolean,
    readonly parsed: ParsedDocument,
    private readonly analyzeOnce: () => DocumentAnalysis,
  ) {}

  /** The document's facts and embedded policies, recorded in the workspace index when first asked for. */
  get analysis(): DocumentAnalysis {
    return (this.analysisCache ??= this.analyzeOnce());
  }

  /** The policies written inside a role-definition source, with their models. */
  get embedded(): readonly EmbeddedModel[] {
    return (this.embeddedCache ??= this.analysis.policies.map((source) => ({ ...source, model: this.policyOf(source.policy.root) })));
  }

  /** The model of the policy whose JSON (or YAML, or HCL) root is `root`, a node of this version. */
  policyOf(root: JsonNode): Policy {
    if (this.parsed.kind === 'policy' && root === this.parsed.json.root) return this.parsed.policy;
    let policy = this.policies.get(root);
    if (!policy) this.policies.set(root, (policy = buildPolicy(root)));
    return policy;
  }
}

/** The models of the open documents, one per URI, replaced when the version, language or pinned kind changes. */
export class DocumentModels {
  private readonly models = new Map<string, DocumentModel>();
  /** Per open policy file: its statements' findings, kept from one version to the next. */
  private readonly reuse = new Map<string, StatementReuse>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly syntaxes: Syntaxes,
    private readonly settings: () => ServiceSettings,
  ) {}

  get(document: TextDocument): DocumentModel {
    const asPolicy = this.settingsKind(document.uri) !== undefined;
    const hit = this.models.get(document.uri);
    if (hit && hit.version === document.version && hit.languageId === document.languageId && hit.asPolicy === asPolicy) return hit;
    const text = document.getText();
    // An edit inside one statement of the previous version parses that statement alone (that version's tree is taken over).
    const previous = hit?.languageId === document.languageId && hit.asPolicy === asPolicy && hit.parsed.kind === 'policy' ? hit.parsed : undefined;
    const parsed = (previous && reparseEditedStatement(previous, text)) ?? parseDocument(text, document.languageId, asPolicy);
    const model = new DocumentModel(document.version, document.languageId, asPolicy, parsed, () => {
      const analysis = this.analyzeParsed(document.uri, document.languageId, text, parsed);
      this.index.set(document.uri, analysis.facts, text);
      return analysis;
    });
    this.models.set(document.uri, model);
    return model;
  }

  delete(uri: string): void {
    this.models.delete(uri);
    this.reuse.delete(uri);
  }

  clear(): void {
    this.models.clear();
    this.reuse.clear();
  }

  /** The statement findings kept for a policy file (none for other documents). */
  statementReuse(uri: string, model: DocumentModel): StatementReuse | undefined {
    if (model.parsed.kind !== 'policy') return undefined;
    let reuse = this.reuse.get(uri);
    if (!reuse) this.reuse.set(uri, (reuse = new StatementReuse()));
    return reuse;
  }

  /** A file's facts, from its text and the settings alone. */
  analyzeText(uri: string, languageId: string, text: string): DocumentAnalysis {
    return analyzeText(uri, languageId, text, this.syntaxes, this.settingsKind(uri));
  }

  private analyzeParsed(uri: string, languageId: string, text: string, parsed: ParsedDocument): DocumentAnalysis {
    return analyzeParsed(parsed, { uri, text, languageId, syntaxes: this.syntaxes }, this.settingsKind(uri));
  }

  /** The kind a `policyKinds` setting pins for the file, if any. */
  settingsKind(uri: string): PolicyKind | undefined {
    return pinnedPolicyKind(uri, this.settings().policyKinds);
  }

  /** A setting pins the kind; so does another file naming this one as an assume-role or permission policy. */
  pinnedKind(uri: string): PolicyKind | undefined {
    return this.settingsKind(uri) ?? this.index.policyUse(uri);
  }

  /** A policy file's kind: pinned, else inferred from its content. */
  policyKind(uri: string, model: DocumentModel): { kind: PolicyKind; pinned: boolean } | undefined {
    if (model.parsed.kind !== 'policy') return undefined;
    const pinned = this.pinnedKind(uri);
    return { kind: pinned ?? inferPolicyKind(model.parsed.policy), pinned: pinned !== undefined };
  }
}
