import { eksProviderParts } from '../../catalog/oidc';
import { partitionForRegion } from '../../catalog/partitions';
import { displayName, statementAdmits } from '../../workspace/roles';
import { RoleDefinition, TrustPolicyFacts } from '../../workspace/facts';
import { Located } from '../../workspace/index';
import { AuthoringContext } from '../context';
import { snippetText } from './items';
import { code, link } from '../markdown';
import { lineLink, lineNumber } from '../navigation/locations';

/** A role of the workspace offered as the value of `eks.amazonaws.com/role-arn`. */
export interface RoleChoice {
  /** The role's ARN; with `ACCOUNT_ID` where the account is not known. */
  readonly arn: string;
  /** When the account is not known: the ARN with a tab stop on the account. */
  readonly snippet?: string;
  /** Its trust policy lets the ServiceAccount assume it. */
  readonly admits: boolean;
  /** The defining file and line. */
  readonly where: string;
  /** Markdown: the role, where it is defined, and whether its trust admits the ServiceAccount. */
  readonly documentation: string;
}

/** How well a role fits the annotation, best first. */
enum Fit {
  Admits,
  OtherServiceAccounts,
  TrustUnknown,
  NoWebIdentity,
}

interface Candidate extends RoleChoice {
  readonly fit: Fit;
  readonly uri: string;
}

/**
 * The roles defined in the workspace, as role ARNs (account from the definition or its trust's OIDC
 * provider, as the cross-file checks resolve them), best first: those whose trust admits the
 * ServiceAccount, then other IRSA roles, then roles whose trust is unknown, then the rest; nearest
 * folder first within each. One choice per ARN.
 */
export function workspaceRoleChoices(
  context: AuthoringContext,
  serviceAccount: { readonly namespace: string; readonly name: string } | undefined,
): RoleChoice[] {
  const { index } = context;
  const candidates: Candidate[] = [];
  for (const file of index.all()) {
    for (const fact of file.facts.roles) {
      if (fact.name) candidates.push(candidateOf(context, { uri: file.uri, fact }, fact.name, serviceAccount));
    }
  }
  candidates.sort((a, b) => a.fit - b.fit || commonPrefix(b.uri, context.uri) - commonPrefix(a.uri, context.uri) || a.arn.localeCompare(b.arn));
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(c.arn) && (seen.add(c.arn), true));
}

function candidateOf(
  context: AuthoringContext,
  role: Located<RoleDefinition>,
  name: string,
  serviceAccount: { readonly namespace: string; readonly name: string } | undefined,
): Candidate {
  const { index } = context;
  const trust = index.trustOf(role)?.fact;
  const providers = trust?.statements.flatMap((s) => s.providers) ?? [];
  const account = role.fact.account ?? providers.find((p) => p.account)?.account;
  const region = providers.map((p) => eksProviderParts(p.host)?.region).find((r) => r !== undefined);
  const partition = (region && partitionForRegion(region)?.name) ?? 'aws';
  const arnOf = (accountText: string) => `arn:${partition}:iam::${accountText}:role${role.fact.path}${name}`;
  const fit = fitOf(trust, serviceAccount);
  const line = lineNumber(index, role.uri, role.fact.range);
  const where = `${displayName(role.uri)}${line === undefined ? '' : `:${line}`}`;
  const documentation = [`**IAM role ${code(name)}** · defined in ${link(where, lineLink(index, role.uri, role.fact.range))}`, fitText(fit, serviceAccount)];
  if (!account) documentation.push('Its account is not known in the workspace: fill it in.');
  return {
    arn: arnOf(account ?? 'ACCOUNT_ID'),
    snippet: account ? undefined : `${snippetText(`arn:${partition}:iam::`)}\${1:ACCOUNT_ID}${snippetText(`:role${role.fact.path}${name}`)}`,
    admits: fit === Fit.Admits,
    where: `role ${name} · ${where}`,
    documentation: documentation.join('\n\n'),
    fit,
    uri: role.uri,
  };
}

function fitOf(trust: TrustPolicyFacts | undefined, serviceAccount: { readonly namespace: string; readonly name: string } | undefined): Fit {
  if (!trust) return Fit.TrustUnknown;
  if (serviceAccount && trust.statements.some((s) => statementAdmits(s, serviceAccount.namespace, serviceAccount.name))) return Fit.Admits;
  return trust.statements.some((s) => s.allow && s.webIdentity) ? Fit.OtherServiceAccounts : Fit.NoWebIdentity;
}

function fitText(fit: Fit, serviceAccount: { readonly namespace: string; readonly name: string } | undefined): string {
  const who = serviceAccount ? `this ServiceAccount (${serviceAccount.namespace}/${serviceAccount.name})` : 'a ServiceAccount';
  switch (fit) {
    case Fit.Admits:
      return `Its trust policy admits ${who}.`;
    case Fit.OtherServiceAccounts:
      return serviceAccount ? `Its trust policy does **not** admit ${who}: it trusts other ServiceAccounts.` : 'Its trust policy admits web identities (IRSA).';
    case Fit.TrustUnknown:
      return 'Its trust policy is not in the workspace.';
    case Fit.NoWebIdentity:
      return `Its trust policy allows no ${code('sts:AssumeRoleWithWebIdentity')} (IRSA): an annotation cannot use it.`;
  }
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
