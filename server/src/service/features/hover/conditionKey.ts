import { Catalog, conditionKeyId, ResolvedConditionKey } from '../../catalog/catalog';
import { globalConditionKeyUrl, serviceConditionKeysUrl } from '../../catalog/docsLinks';
import { globalKeyMeaning } from '../../catalog/globalKeys';
import {
  EKS_DEFAULT_AUDIENCE,
  eksClaimOf,
  federatedProviderNames,
  identityProviderKey,
  SERVICE_ACCOUNT_SUB_PREFIX,
  trustedProviderKey,
} from '../../catalog/oidc';
import { conditionsOf, principalOf, Statement } from '../../parse/policy';
import { actionsOfStatement } from '../../catalog/statementActions';
import { code, codeList, link } from '../markdown';

/** How many actions a key's hover names per list. */
const LISTED_ACTIONS = 8;

/** The aws: keys a request carries only for actions that handle tags: the catalogue lists them per action. */
const TAG_KEY_IDS = new Set(['aws:requesttag/*', 'aws:resourcetag/*', 'aws:tagkeys']);

/** What the claims of an EKS service account token hold (DOMAIN.md, "IRSA trust policy"). */
const EKS_CLAIMS: Readonly<Record<string, string>> = {
  sub: `The ServiceAccount the token was issued to: ${code(`${SERVICE_ACCOUNT_SUB_PREFIX}NAMESPACE:NAME`)}. Exact under ${code('StringEquals')}; only ${code('StringLike')} reads ${code('*')} and ${code('?')} as wildcards`,
  aud: `The token's audience: ${code(EKS_DEFAULT_AUDIENCE)} (in every partition), unless the ServiceAccount's ${code('eks.amazonaws.com/audience')} annotation sets another`,
  amr: 'The authentication methods reference claim of the token',
};

/**
 * A condition key: its type and meaning, the catalogue template it resolves to, and which of the
 * statement's actions send it; an EKS issuer's claim (`…:sub`, `…:aud`) as the IRSA trust reads it.
 */
export function conditionKeyHover(catalog: Catalog, key: string, statement: Statement | undefined): string[] | undefined {
  const claim = eksClaimOf(key);
  if (claim !== undefined) {
    const provider = identityProviderKey(key)!.provider;
    const meaning = EKS_CLAIMS[claim];
    return [
      `**EKS service account token claim ${code(claim)}** of the cluster issuer ${code(provider)}`,
      meaning ?? `An EKS token has no ${code(claim)} claim: only sub, aud and amr`,
    ];
  }
  const resolved = catalog.conditionKey(key);
  if (!resolved) {
    // Any issuer: a host's claim, or the claim of the statement's own Federated provider (`example-oidc-provider:sub`).
    const idp = identityProviderKey(key) ?? (statement ? trustedProviderKey(key, federatedProviderNames(federatedArns(statement))) : undefined);
    if (!idp) return undefined;
    const heading = `**Claim ${code(idp.claim)}** of the tokens of the identity provider ${code(idp.provider)}`;
    // A Kubernetes cluster's issuer (self-managed, kind, k3s…): its `sub` names a ServiceAccount as EKS's does.
    return idp.claim === 'sub' && subjectValues(statement, key).some((v) => v.startsWith(SERVICE_ACCOUNT_SUB_PREFIX)) ? [heading, EKS_CLAIMS.sub] : [heading];
  }
  const global = resolved.service === 'aws';
  const service = global ? undefined : catalog.service(resolved.service);
  const template = displayTemplate(resolved.key);
  const paragraphs = [`**${code(key)}** · ${resolved.type || 'untyped'} · ${global ? 'global condition key' : (service?.name ?? resolved.service)}`];
  if (resolved.id.includes('*')) paragraphs.push(`Resolves to ${code(template)}${variablePart(key, template)}`);
  const meaning = resolved.description || (global ? globalKeyMeaning(resolved.key) : undefined) || describedByService(catalog, resolved, statement);
  if (meaning) paragraphs.push(meaning);
  if (resolved.type.startsWith('ArrayOf'))
    paragraphs.push(`Holds a set of values: compare it with ${code('ForAnyValue:')} (one matches) or ${code('ForAllValues:')} (all match).`);
  const actions = statement ? actionsLine(catalog, resolved, statement) : undefined;
  if (actions) paragraphs.push(actions);
  paragraphs.push(
    global
      ? link('Global condition keys in the IAM User Guide', globalConditionKeyUrl(resolved.key))
      : link(`${service?.name ?? resolved.service} condition keys`, serviceConditionKeysUrl(service?.name ?? resolved.service)),
  );
  return paragraphs;
}

/** Which of the statement's actions send the key, and which do not. */
function actionsLine(catalog: Catalog, key: ResolvedConditionKey, statement: Statement): string | undefined {
  if (key.service === 'aws' && !TAG_KEY_IDS.has(key.id)) {
    return "A global key: any service's request carries it when it applies, whatever the action.";
  }
  const { actions, open } = actionsOfStatement(statement, catalog);
  if (open) return "The statement's actions are open-ended (`NotAction`, `*` or a wildcard service): they are not checked one by one.";
  if (actions.length === 0) return undefined;
  const names = (list: typeof actions) => list.map((a) => `${a.service}:${a.name}`);
  const sending = actions.filter((a) => catalog.conditionKeyIdsOf(a).has(key.id));
  const silent = actions.filter((a) => !sending.includes(a));
  if (silent.length === 0) return `Sent by every action of the statement (${actions.length === 1 ? code(names(actions)[0]) : `${actions.length} actions`}).`;
  if (sending.length === 0)
    return `Sent by **none** of the statement's actions (${codeList(names(silent), LISTED_ACTIONS)}) in the catalogue: a condition that needs it never holds.`;
  return `Sent by ${codeList(names(sending), LISTED_ACTIONS)}; **not** by ${codeList(names(silent), LISTED_ACTIONS)}.`;
}

/** A service's description of a key the global list leaves undescribed (`aws:RequestTag/${TagKey}`). */
function describedByService(catalog: Catalog, key: ResolvedConditionKey, statement: Statement | undefined): string | undefined {
  const prefixes = statement ? actionsOfStatement(statement, catalog).actions.map((a) => a.service) : [];
  for (const prefix of [...new Set(prefixes)]) {
    for (const candidate of catalog.service(prefix)?.conditionKeys.values() ?? []) {
      if (candidate.description && conditionKeyId(candidate.key) === key.id) return candidate.description;
    }
  }
  return undefined;
}

/** The global list writes `aws:RequestTag/tag-key` where services write `aws:RequestTag/${TagKey}`: show the latter. */
function displayTemplate(key: string): string {
  return key.replace(/\/tag-key$/, '/${TagKey}');
}

/** ` (TagKey = Department)`: what the written key puts in the template's variable part. */
function variablePart(key: string, template: string): string {
  const start = template.search(/\$\{|</);
  if (start < 0 || key.length <= start) return '';
  const name = /^(?:\$\{([^}]*)\}|<([^>]*)>)/.exec(template.slice(start));
  const value = key.slice(start, key.length - (template.length - start - (name?.[0].length ?? 0)));
  return name && value ? ` (${name[1] ?? name[2]} = ${code(value)})` : '';
}

/** The statement's Federated principals, as written. */
function federatedArns(statement: Statement): string[] {
  const principal = principalOf(statement.element.Principal);
  return (principal?.form === 'object' ? principal.entries : []).filter((e) => e.key === 'Federated').flatMap((e) => e.values.map((v) => String(v.value)));
}

/** The string values the statement's conditions give `key`. */
function subjectValues(statement: Statement | undefined, key: string): string[] {
  return conditionsOf(statement?.element.Condition)
    .flatMap((block) => block.entries)
    .filter((e) => e.key === key)
    .flatMap((e) => e.values.filter((v) => v.type === 'string').map((v) => v.value as string));
}
