import { EKS_DEFAULT_AUDIENCE, EKS_OIDC_PROVIDER, eksProviderParts, parseOidcProviderArn, subjectOf } from '../../catalog/oidc';
import { partitionForRegion } from '../../catalog/partitions';
import { ServiceAccountManifest } from '../../parse/kubernetes';
import { nodeRange, stringValue } from '../../parse/yaml';
import { parseRoleArn, WorkspaceIndex } from '../../workspace/index';
import { AuthoringContext } from '../context';
import type { CommandOptions, CommandResult, OidcProviderChoice } from '../../../../../shared/protocol';
import { freeUriBeside, newFile } from './newFile';
import { resolveArn } from '../../workspace/roles';
import { trustPoliciesOf } from '../navigation/targets';

/** The account AWS documentation uses: the trust gets it when nothing says the provider's account. */
export const PLACEHOLDER_ACCOUNT = '111122223333';

/** The cluster's OIDC provider as the trust names it. */
export interface Provider {
  readonly host: string;
  readonly account: string | undefined;
  readonly partition: string | undefined;
}

/**
 * An IRSA trust policy for the ServiceAccount under the cursor (else the file's first), trusting the
 * provider given, else the one its role's trust or the workspace names: a new JSON file beside the
 * manifest. With no provider to go by, or several, the result lists the candidates to choose from.
 */
export function createTrustPolicy(context: AuthoringContext, options: CommandOptions): CommandResult {
  const parsed = context.parsed;
  const manifests = parsed.kind === 'kubernetes' ? parsed.serviceAccounts : [];
  const offset = options.position ? context.document.offsetAt(options.position) : undefined;
  const sa = manifests.find((m) => offset !== undefined && nodeRange(m.node).start <= offset && offset <= nodeRange(m.node).end) ?? manifests[0];
  if (!sa) return { message: 'no ServiceAccount in this file: open a ServiceAccount manifest (kind: ServiceAccount)' };
  if (!sa.name) return { message: 'the ServiceAccount has no metadata.name: a trust policy names the ServiceAccount it admits' };
  const role = sa.roleArn ? parseRoleArn(sa.roleArn) : undefined;
  let provider: Provider | undefined;
  if (options.provider) {
    provider = providerOf(options.provider);
    if (!provider)
      return { message: `"${options.provider}" is not an OIDC provider: give its ARN, the issuer URL or its host (oidc.eks.REGION.amazonaws.com/id/ID)` };
  } else {
    const candidates = providerCandidates(context, sa);
    if (candidates.length !== 1) return { providers: candidates.map(choiceOf) };
    provider = candidates[0];
  }
  const account = (options.provider ? provider.account : undefined) ?? role?.account ?? provider.account;
  const partition = provider.partition ?? role?.partition ?? 'aws';
  const audience = stringValue(sa.podIdentity.audience?.valueNode) || EKS_DEFAULT_AUDIENCE;
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:${partition}:iam::${account ?? PLACEHOLDER_ACCOUNT}:oidc-provider/${provider.host}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${provider.host}:sub`]: subjectOf(sa.namespace, sa.name), [`${provider.host}:aud`]: audience } },
      },
    ],
  };
  // The file the ServiceAccount's role definition names as its trust, while the workspace has none such; else a new name.
  const expected = sa.roleArn ? resolveArn(sa.roleArn, context.uri, context.index)?.role?.fact.trust : undefined;
  const uri =
    expected?.kind === 'file' && !context.index.get(expected.uri) ? expected.uri : freeUriBeside(context.index, context.uri, `trust-policy-${sa.name}`, 'json');
  const file = newFile(uri, `${JSON.stringify(trust, null, 2)}\n`);
  const message = account
    ? undefined
    : `the OIDC provider's account is not known: ${PLACEHOLDER_ACCOUNT} in the new trust policy is a placeholder, replace it with the account of the cluster's OIDC provider`;
  return { edit: file.edit, created: file.uri, ...(message ? { message } : {}) };
}

/** The providers the ServiceAccount may mean: its role's trust's, else every EKS provider of the workspace. */
function providerCandidates(context: AuthoringContext, sa: ServiceAccountManifest): Provider[] {
  const trust = sa.roleArn ? resolveArn(sa.roleArn, context.uri, context.index)?.trust : undefined;
  const ofRole = dedupe((trust?.fact.statements ?? []).flatMap((s) => s.providers).map((p) => providerFromHost(p.host, p.account)));
  return ofRole.length === 1 ? ofRole : workspaceProviders(context.index);
}

/** Every EKS cluster's OIDC provider the workspace names: declared ones, and those trust policies trust. */
export function workspaceProviders(index: WorkspaceIndex): Provider[] {
  const found: Provider[] = [];
  for (const file of index.all()) {
    for (const declared of file.facts.oidcProviders) found.push(providerFromHost(declared.host, undefined));
    for (const policy of trustPoliciesOf(file.facts)) {
      for (const statement of policy.statements) for (const p of statement.providers) found.push(providerFromHost(p.host, p.account));
    }
  }
  return dedupe(found.filter((p) => EKS_OIDC_PROVIDER.test(p.host)));
}

/** One entry per host, with the account when any mention gives it. */
function dedupe(providers: readonly Provider[]): Provider[] {
  const byHost = new Map<string, Provider>();
  for (const provider of providers) {
    const key = provider.host.toLowerCase();
    const known = byHost.get(key);
    if (!known || (!known.account && provider.account)) byHost.set(key, provider);
  }
  return [...byHost.values()];
}

/** A provider of the EKS shape knows its partition from its region. */
export function providerFromHost(host: string, account: string | undefined): Provider {
  const region = eksProviderParts(host)?.region;
  return { host, account, partition: region ? partitionForRegion(region)?.name : undefined };
}

/** An ARN, an issuer URL (`https://…`) or a bare host. */
function providerOf(text: string): Provider | undefined {
  const arn = parseOidcProviderArn(text);
  if (arn) return /^\d{12}$/.test(arn.account) && arn.partition ? { host: arn.provider, account: arn.account, partition: arn.partition } : undefined;
  const host = text.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  if (!host || /[\s"]/.test(host) || host.includes(':')) return undefined;
  return providerFromHost(host, undefined);
}

function choiceOf(provider: Provider): OidcProviderChoice {
  return provider.account
    ? { host: provider.host, arn: `arn:${provider.partition ?? 'aws'}:iam::${provider.account}:oidc-provider/${provider.host}` }
    : { host: provider.host };
}
