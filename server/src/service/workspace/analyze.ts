import { KubernetesFile, parseDocument, ParsedDocument } from '../parse/document';
import { isTemplateValue } from '../catalog/placeholders';
import { isKustomizationPath, readKustomization } from '../parse/kustomization';
import { Policy } from '../parse/policy';
import { inferPolicyKind, PolicyKind } from '../parse/policyKind';
import { Syntaxes } from '../parse/treeSitter';
import { nodeRange, stringValue } from '../parse/yaml';
import { FileFacts, NO_FACTS, RoleReference, RoleSource, ServiceAccountFact, WorkloadFact } from './facts';
import { kustomizationFact } from './kustomize';
import { matchesGlob, documentPath } from './paths';
import { mayHoldFacts } from './relevance';
import { SOURCES } from './sources';
import { SourcePolicy } from './sources/source';
import { trustFactsOf } from './trustFacts';

/** What a document contributes to the workspace, and the policies written inside it. */
export interface DocumentAnalysis {
  readonly facts: FileFacts;
  /** Policies embedded in a role-definition source, for the policy engine. */
  readonly policies: readonly SourcePolicy[];
  readonly source?: RoleSource;
}

/** A policy embedded in a role-definition source with its model, built once per document version. */
export interface EmbeddedModel extends SourcePolicy {
  readonly model: Policy;
}

export interface AnalysisInput {
  readonly uri: string;
  readonly text: string;
  readonly languageId: string;
  readonly syntaxes: Syntaxes;
  /** For a policy file: its kind (pinned or inferred), which decides whether it is a trust policy. */
  readonly policyKind?: PolicyKind;
}

const NOTHING: DocumentAnalysis = { facts: NO_FACTS, policies: [] };

/** The policy kind a `policyKinds` setting (glob → kind) pins for the file, if any. */
export function pinnedPolicyKind(uri: string, policyKinds: Readonly<Record<string, PolicyKind>>): PolicyKind | undefined {
  // No setting pins a kind (the usual case): no path is worked out of the URI.
  const entries = Object.entries(policyKinds);
  if (entries.length === 0) return undefined;
  const path = documentPath(uri);
  return entries.find(([glob]) => matchesGlob(path, glob))?.[1];
}

/**
 * A file's facts from its text alone, parsed once and nothing kept (the workspace indexer's path):
 * a file whose raw text names nothing any reader looks for is not parsed at all. `pinned`: the kind
 * a setting gives the file.
 */
export function analyzeText(uri: string, languageId: string, text: string, syntaxes: Syntaxes, pinned: PolicyKind | undefined): DocumentAnalysis {
  if (pinned === undefined && !mayHoldFacts(uri, languageId, text)) return NOTHING;
  return analyzeParsed(parseDocument(text, languageId, pinned !== undefined), { uri, languageId, text, syntaxes }, pinned);
}

/**
 * A parsed document's facts, its policy kind (for a policy file) taken from the file and the settings
 * alone, not from a script naming it: facts recorded before that script was read (or edited) would
 * otherwise differ from those recorded after.
 */
export function analyzeParsed(parsed: ParsedDocument, input: Omit<AnalysisInput, 'policyKind'>, pinned: PolicyKind | undefined): DocumentAnalysis {
  const policyKind = parsed.kind === 'policy' ? (pinned ?? inferPolicyKind(parsed.policy)) : undefined;
  return analyzeDocument(parsed, { ...input, policyKind });
}

/** Reads a parsed document's facts: its trust policy, its ServiceAccounts, or the roles of a source. */
export function analyzeDocument(parsed: ParsedDocument, input: AnalysisInput): DocumentAnalysis {
  switch (parsed.kind) {
    case 'policy':
      // Any policy with principals may be a role's trust: a script indexed later can name it one.
      return { facts: { ...NO_FACTS, trustPolicies: input.policyKind !== 'identity' ? [trustFactsOf(parsed.policy, parsed.text)] : [] }, policies: [] };
    case 'kubernetes':
      return { facts: kubernetesFacts(parsed), policies: [] };
    case 'other':
      if (parsed.oversize) return { facts: NO_FACTS, policies: [] };
      if (parsed.yaml && isKustomizationPath(input.uri)) {
        const kustomization = readKustomization(parsed.yaml);
        if (kustomization) return { facts: { ...NO_FACTS, kustomization: kustomizationFact(input.uri, kustomization) }, policies: [] };
      }
      for (const extract of SOURCES) {
        const found = extract({
          uri: input.uri,
          text: input.text,
          languageId: input.languageId,
          json: parsed.json,
          yaml: parsed.yaml,
          syntaxes: input.syntaxes,
        });
        if (found) return { facts: found.facts, policies: found.policies, source: found.source };
      }
      return { facts: NO_FACTS, policies: [] };
  }
}

function kubernetesFacts(file: KubernetesFile): FileFacts {
  const serviceAccounts: ServiceAccountFact[] = [];
  const references: RoleReference[] = [];
  for (const sa of file.serviceAccounts) {
    if (!sa.name || !sa.nameEntry?.valueNode) continue;
    const audienceNode = sa.podIdentity.audience?.valueNode;
    const audience = stringValue(audienceNode);
    const fact: ServiceAccountFact = {
      name: sa.name,
      namespace: sa.namespace,
      namespaceExplicit: sa.namespaceExplicit,
      range: nodeRange(sa.nameEntry.valueNode),
      ...(audience !== undefined && audienceNode ? { audience: { value: audience, range: nodeRange(audienceNode) } } : {}),
    };
    serviceAccounts.push(fact);
    const arnNode = sa.podIdentity.roleArn?.valueNode;
    const arn = stringValue(arnNode);
    if (arn !== undefined && arnNode)
      references.push({ kind: 'irsa', arn, range: nodeRange(arnNode), serviceAccount: fact, ...(isTemplateValue(arn) ? { template: true } : {}) });
  }
  for (const helm of file.helmRoleArns) {
    if (helm.value !== undefined && helm.entry.valueNode)
      references.push({
        kind: 'helm',
        arn: helm.value,
        range: nodeRange(helm.entry.valueNode),
        serviceAccount: undefined,
        ...(isTemplateValue(helm.value) ? { template: true } : {}),
      });
  }
  const workloads: WorkloadFact[] = file.workloads.map((w) => ({
    kind: w.kind,
    name: w.name,
    namespace: w.namespace,
    namespaceExplicit: w.namespaceExplicit,
    serviceAccountName: w.serviceAccountName,
    range: nodeRange(w.serviceAccountEntry?.valueNode ?? w.nameEntry?.valueNode ?? w.kindEntry.valueNode ?? w.node),
    explicit: w.serviceAccountEntry !== undefined,
  }));
  return { ...NO_FACTS, serviceAccounts, references, workloads };
}
