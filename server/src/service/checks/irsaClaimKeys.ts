import { eksProviderParts, looksLikeEksProvider } from '../catalog/oidc';
import { hasPlaceholder } from '../catalog/placeholders';
import { editDistance } from '../catalog/suggest';
import { valueRange } from '../parse/json';
import { Finding } from './finding';
import { ClaimCondition, neverHoldsWhenAbsent, TrustedProvider, TrustStatement } from './irsaTrustStatement';

/**
 * Condition keys against the trusted providers (IRSA_PROVIDER_FORMAT on keys, IRSA_PROVIDER_MISMATCH,
 * IRSA_MULTI_PROVIDER_STATEMENT).
 */

const CHECKED_CLAIMS = ['sub', 'aud', 'amr'];

export function claimKeyFindings(trust: TrustStatement, text: string): Finding[] {
  if (trust.providers.length === 0) return [];
  const findings: Finding[] = [];
  const trusted = new Map(trust.providers.map((p) => [p.name, p]));
  // Keys beside a malformed EKS provider may be the right ones: IRSA_PROVIDER_FORMAT on the provider says so.
  const malformedEks = trust.providers.some((p) => p.eks && !eksProviderParts(p.raw.replace(/^[a-z]+:\/\//i, '')));
  // A provider or key written with a placeholder is PLACEHOLDER_VALUE's finding: which provider it means is unknown.
  const placeholder = trust.providers.some((p) => hasPlaceholder(p.raw));
  for (const claim of trust.claims) {
    const range = valueRange(claim.entry.keyNode, text);
    const scheme = /^[a-z]+:\/\//i.exec(claim.provider)?.[0];
    const provider = trusted.get(claim.name);
    if (provider && scheme) {
      const fixed = claim.entry.key.slice(scheme.length);
      findings.push({
        code: 'IRSA_PROVIDER_FORMAT',
        ...range,
        message: `Condition keys name the provider without "${scheme}": the token's claims are "${provider.raw.replace(/^[a-z]+:\/\//i, '')}:<claim>", so "${claim.entry.key}" is in no request and the condition ${outcome(claim)}; did you mean "${fixed}"?`,
        data: { replacements: [fixed] },
      });
    } else if (
      !provider &&
      CHECKED_CLAIMS.includes(claim.claim) &&
      !(malformedEks && looksLikeEksProvider(claim.provider)) &&
      !placeholder &&
      !hasPlaceholder(claim.provider)
    ) {
      const replacements = [...trust.providers]
        .sort((a, b) => editDistance(a.name, claim.name) - editDistance(b.name, claim.name))
        .map((p) => `${p.raw.replace(/^[a-z]+:\/\//i, '')}:${claim.entry.key.slice(claim.provider.length + 1)}`);
      const trustedNames = trust.providers.map((p) => `"${p.raw}"`).join(', ');
      findings.push({
        code: 'IRSA_PROVIDER_MISMATCH',
        ...range,
        message: `"${claim.provider}" is not the provider this statement trusts (${trustedNames})${differenceOf(claim.name, trust.providers)}: tokens of the trusted provider have no "${claim.entry.key}", so the condition ${outcome(claim)}. Use "${replacements[0]}"`,
        data: { replacements },
      });
    }
  }
  // Keys are ANDed and a token has one issuer: two trusted providers' keys that must both be present never are.
  const blocking = trust.claims.filter((c) => trusted.has(c.name) && neverHoldsWhenAbsent(c));
  const written = new Map<string, string>();
  for (const claim of blocking) if (!written.has(claim.name)) written.set(claim.name, claim.provider.replace(/^[a-z]+:\/\//i, ''));
  const [first, ...others] = written.keys();
  if (others.length > 0) {
    for (const claim of blocking.filter((c) => c.name !== first)) {
      findings.push({
        code: 'IRSA_MULTI_PROVIDER_STATEMENT',
        ...valueRange(claim.entry.keyNode, text),
        message: `This statement also requires claims of "${written.get(first)}", and a token comes from one issuer only: no token has both those and "${claim.entry.key}", so AssumeRoleWithWebIdentity is denied for every token. Write one statement per provider`,
        data: { providers: [...written.values()] },
      });
    }
  }
  return findings;
}

/** What a condition on a key no token carries does: it never holds, or (IfExists, negated) restricts nothing. */
function outcome(claim: ClaimCondition): string {
  return neverHoldsWhenAbsent(claim) ? 'never holds: AssumeRoleWithWebIdentity is denied' : 'always holds and restricts nothing';
}

/** ` (another region)`, ` (another cluster ID)` when the key names a sibling of the trusted EKS provider. */
function differenceOf(name: string, providers: readonly TrustedProvider[]): string {
  const key = eksProviderParts(name);
  const trusted = providers.map((p) => eksProviderParts(p.name)).find((p) => p !== undefined);
  if (!key || !trusted) return '';
  if (key.region !== trusted.region) return ` (another region: ${key.region}, not ${trusted.region})`;
  if (key.id !== trusted.id) return ' (another cluster ID)';
  return '';
}
