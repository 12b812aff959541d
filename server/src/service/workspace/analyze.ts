import { KubernetesFile, ParsedDocument } from '../parse/document';
import { PolicyKind } from '../parse/policyKind';
import { Syntaxes } from '../parse/treeSitter';
import { nodeRange, stringValue } from '../parse/yaml';
import { FileFacts, NO_FACTS, RoleReference, RoleSource, ServiceAccountFact } from './facts';
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

export interface AnalysisInput {
  readonly uri: string;
  readonly text: string;
  readonly languageId: string;
  readonly syntaxes: Syntaxes;
  /** For a policy file: its kind (pinned or inferred), which decides whether it is a trust policy. */
  readonly policyKind?: PolicyKind;
}

const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
const AUDIENCE_ANNOTATION = 'eks.amazonaws.com/audience';

/** Reads a parsed document's facts: its trust policy, its ServiceAccounts, or the roles of a source. */
export function analyzeDocument(parsed: ParsedDocument, input: AnalysisInput): DocumentAnalysis {
  switch (parsed.kind) {
    case 'policy':
      return { facts: { ...NO_FACTS, trustPolicies: input.policyKind === 'trust' ? [trustFactsOf(parsed.policy, parsed.text)] : [] }, policies: [] };
    case 'kubernetes':
      return { facts: kubernetesFacts(parsed), policies: [] };
    case 'other':
      for (const extract of SOURCES) {
        const found = extract({ uri: input.uri, text: input.text, languageId: input.languageId, json: parsed.json, yaml: parsed.yaml, syntaxes: input.syntaxes });
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
    const audienceEntry = sa.annotations.find((a) => a.key === AUDIENCE_ANNOTATION);
    const audience = stringValue(audienceEntry?.valueNode);
    const fact: ServiceAccountFact = {
      name: sa.name,
      namespace: sa.namespace,
      namespaceExplicit: sa.namespaceEntry !== undefined,
      range: nodeRange(sa.nameEntry.valueNode),
      ...(audience !== undefined && audienceEntry?.valueNode ? { audience: { value: audience, range: nodeRange(audienceEntry.valueNode) } } : {}),
    };
    serviceAccounts.push(fact);
    const arnEntry = sa.annotations.find((a) => a.key === ROLE_ARN_ANNOTATION);
    const arn = stringValue(arnEntry?.valueNode);
    if (arn !== undefined && arnEntry?.valueNode) references.push({ kind: 'irsa', arn, range: nodeRange(arnEntry.valueNode), serviceAccount: fact });
  }
  return { ...NO_FACTS, serviceAccounts, references };
}
