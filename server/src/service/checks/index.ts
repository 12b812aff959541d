import { Catalog } from '../catalog/catalog';
import { ParsedDocument, PolicyFile } from '../parse/document';
import { PolicyKind } from '../parse/policyKind';
import { Statement } from '../parse/policy';
import { EmbeddedModel } from '../workspace/analyze';
import { FileFacts } from '../workspace/facts';
import { WorkspaceIndex } from '../workspace/index';
import { actionChecks } from './actions';
import { conditionChecks } from './conditions';
import { PolicyCheck, PolicyContext } from './context';
import { effectChecks } from './effect';
import { Finding } from './finding';
import { irsaChecks } from './irsa';
import { checkKubernetes } from './kubernetes';
import { checkLimits } from './documentLimits';
import { checkLinks } from './links';
import { placeholderChecks } from './placeholders';
import { principalChecks } from './principals';
import { quotaChecks } from './quotas';
import { resourceChecks } from './resources';
import { securityChecks } from './security';
import { sidChecks } from './sid';
import { structureChecks } from './structure';
import { StatementReuse } from './statementReuse';
import { checkJsonSyntax, checkYamlSyntax } from './syntax';
import { variableChecks } from './variables';
import { versionChecks } from './version';

/** The policy check families, in the order their findings are listed. */
const POLICY_CHECKS: readonly PolicyCheck[] = [
  structureChecks,
  versionChecks,
  sidChecks,
  effectChecks,
  actionChecks,
  resourceChecks,
  principalChecks,
  conditionChecks,
  variableChecks,
  securityChecks,
  quotaChecks,
  irsaChecks,
  placeholderChecks,
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
  /** The statements' findings of this file's previous version, for a policy file. */
  readonly reuse?: StatementReuse;
}

/** Every finding of one document: limits, then the checks of its kind (policy, manifest, embedded policies), then the cross-file links. */
export function runChecks(input: CheckInput): Finding[] {
  const { parsed, text } = input;
  const links = checkLinks(input);
  const limits = checkLimits(parsed, text);
  switch (parsed.kind) {
    case 'policy': {
      const { kind, pinned } = input.policyKind ?? { kind: 'identity', pinned: false };
      return [...limits, ...checkPolicy(parsed, kind, pinned, input, false, false, input.reuse), ...links];
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

function checkPolicy(
  file: PolicyFile,
  kind: PolicyKind,
  pinned: boolean,
  input: CheckInput,
  embedded = false,
  partial = false,
  reuse?: StatementReuse,
): Finding[] {
  const context: PolicyContext = { file, kind, kindPinned: pinned, catalog: input.catalog, trustPolicyQuota: input.trustPolicyQuota, embedded, partial };
  const ofStatement = (statement: Statement) => POLICY_CHECKS.map((check) => check.statement?.(statement, context) ?? []);
  const statements = reuse ? reuse.findings(file.policy.statements, context, ofStatement) : file.policy.statements.map(ofStatement);
  const findings = checkJsonSyntax(file);
  POLICY_CHECKS.forEach((check, family) => {
    if (check.before) findings.push(...check.before(context));
    for (const perFamily of statements) if (perFamily[family].length > 0) findings.push(...perFamily[family]);
    if (check.after) findings.push(...check.after(context));
  });
  return findings;
}
