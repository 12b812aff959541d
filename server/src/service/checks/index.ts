import { Catalog } from '../catalog/catalog';
import { ParsedDocument, PolicyFile } from '../parse/document';
import { PolicyKind } from '../parse/policyKind';
import { EmbeddedModel } from '../workspace/analyze';
import { FileFacts } from '../workspace/facts';
import { WorkspaceIndex } from '../workspace/index';
import { checkActions } from './actions';
import { checkConditions } from './conditions';
import { PolicyContext } from './context';
import { checkEffect } from './effect';
import { Finding } from './finding';
import { checkIrsa } from './irsa';
import { checkKubernetes } from './kubernetes';
import { checkLimits } from './documentLimits';
import { checkLinks } from './links';
import { checkPlaceholders } from './placeholders';
import { checkPrincipals } from './principals';
import { checkQuotas } from './quotas';
import { checkResources } from './resources';
import { checkSecurity } from './security';
import { checkSids } from './sid';
import { checkStructure } from './structure';
import { checkJsonSyntax, checkYamlSyntax } from './syntax';
import { checkVariables } from './variables';
import { checkVersion } from './version';

/** The policy check families, in the order their findings are listed. */
const POLICY_CHECKS: ((context: PolicyContext) => Finding[])[] = [
  checkStructure,
  checkVersion,
  checkSids,
  checkEffect,
  checkActions,
  checkResources,
  checkPrincipals,
  checkConditions,
  checkVariables,
  checkSecurity,
  checkQuotas,
  checkIrsa,
  checkPlaceholders,
];

/** One document version with what every check family reads of it. */
export interface CheckInput {
  readonly uri: string;
  readonly text: string;
  readonly parsed: ParsedDocument;
  /** The document's facts, already recorded in `index`. */
  readonly facts: FileFacts;
  readonly index: WorkspaceIndex;
  readonly catalog: Catalog;
  /** For a policy file: its kind, and whether a setting or another file pinned it (else it is inferred). */
  readonly policyKind?: { readonly kind: PolicyKind; readonly pinned: boolean };
  /** The policies written inside a role-definition source, each checked as the kind its place gives it. */
  readonly embedded: readonly EmbeddedModel[];
  /** The raised trust policy quota, when the account has one (setting). */
  readonly trustPolicyQuota?: number;
}

/** Every finding of one document: limits, then the checks of its kind (policy, manifest, embedded policies), then the cross-file links. */
export function runChecks(input: CheckInput): Finding[] {
  const { parsed, text } = input;
  const links = checkLinks(input);
  const limits = checkLimits(parsed, text);
  switch (parsed.kind) {
    case 'policy': {
      const { kind, pinned } = input.policyKind ?? { kind: 'identity', pinned: false };
      return [...limits, ...checkPolicy(parsed, kind, pinned, input), ...links];
    }
    case 'kubernetes':
      return [...limits, ...(parsed.serviceAccounts.length ? checkYamlSyntax(parsed) : []), ...checkKubernetes(parsed), ...links];
    case 'other': {
      const embedded = input.embedded.flatMap(({ policy, kind, model, partial }) =>
        checkPolicy({ kind: 'policy', text, json: { root: policy.root, errors: policy.errors }, policy: model }, kind, true, input, true, partial),
      );
      return [...limits, ...embedded, ...links];
    }
  }
}

function checkPolicy(file: PolicyFile, kind: PolicyKind, pinned: boolean, input: CheckInput, embedded = false, partial = false): Finding[] {
  const context: PolicyContext = { file, kind, kindPinned: pinned, catalog: input.catalog, trustPolicyQuota: input.trustPolicyQuota, embedded, partial };
  return [...checkJsonSyntax(file), ...POLICY_CHECKS.flatMap((check) => check(context))];
}
