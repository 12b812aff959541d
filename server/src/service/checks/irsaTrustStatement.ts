import { identityProviderKey, looksLikeEksProvider, normalizeProvider, OidcProviderArn, parseOidcProviderArn, WEB_IDENTITY_DOMAINS } from '../catalog/oidc';
import { ParsedOperator, parseOperator } from '../catalog/operators';
import { JsonNode } from '../parse/json';
import { ConditionBlock, ConditionEntry, conditionsOf, principalOf, Statement } from '../parse/policy';

/**
 * A trust statement as the IRSA family reads it: the identity providers it trusts and the
 * conditions on their claims.
 */

/** An identity provider a trust statement names in `Principal.Federated`. */
export interface TrustedProvider {
  readonly node: JsonNode;
  /** The provider as written: after `oidc-provider/` in an ARN, or the whole domain. */
  readonly raw: string;
  /** `normalizeProvider(raw)`: what condition keys are compared with. */
  readonly name: string;
  readonly arn: OidcProviderArn | undefined;
  readonly eks: boolean;
}

/** A condition on an identity provider's claim (`PROVIDER:claim`). */
export interface ClaimCondition {
  readonly block: ConditionBlock;
  readonly operator: ParsedOperator | undefined;
  readonly entry: ConditionEntry;
  /** The key's provider as written, `https://` included if it is there. */
  readonly provider: string;
  readonly name: string;
  /** In lower case: condition key names are case-insensitive. */
  readonly claim: string;
}

/** The trust statement as this family reads it. */
export interface TrustStatement {
  readonly statement: Statement;
  readonly allows: boolean;
  readonly providers: readonly TrustedProvider[];
  readonly claims: readonly ClaimCondition[];
}

export function readTrustStatement(statement: Statement): TrustStatement {
  const providers: TrustedProvider[] = [];
  const principal = principalOf(statement.element.Principal);
  for (const entry of principal?.form === 'object' ? principal.entries : []) {
    if (entry.key !== 'Federated') continue;
    for (const node of entry.values) {
      const value = node.value as string;
      const arn = parseOidcProviderArn(value);
      const raw = arn ? arn.provider : WEB_IDENTITY_DOMAINS[value] ? value : undefined;
      if (raw !== undefined) providers.push({ node, raw, name: normalizeProvider(raw), arn, eks: arn !== undefined && looksLikeEksProvider(raw) });
    }
  }
  const names = new Set(providers.map((p) => p.name));
  const claims: ClaimCondition[] = [];
  for (const block of conditionsOf(statement.element.Condition)) {
    const operator = parseOperator(block.key);
    for (const entry of block.entries) {
      const colon = entry.key.lastIndexOf(':');
      if (colon <= 0) continue;
      const provider = entry.key.slice(0, colon);
      const name = normalizeProvider(provider);
      // A provider is a host (it has a dot), or the statement's own provider (`example-oidc-provider:sub`).
      if (!identityProviderKey(entry.key) && !names.has(name)) continue;
      claims.push({ block, operator, entry, provider, name, claim: entry.key.slice(colon + 1).toLowerCase() });
    }
  }
  return { statement, allows: statement.element.Effect?.valueNode?.value === 'Allow', providers, claims };
}

/** Whether a request without the key fails the condition (so a key no token has blocks every token). */
export function neverHoldsWhenAbsent(claim: ClaimCondition): boolean {
  const { operator } = claim;
  if (!operator) return false;
  if (operator.base.name === 'Null') return claim.entry.values.some((v) => String(v.value).toLowerCase() === 'false');
  return !operator.base.negated && !operator.ifExists && operator.qualifier !== 'ForAllValues';
}
