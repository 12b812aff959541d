/**
 * Identity-provider condition keys (`PROVIDER:claim`) that the catalogue does not list: any OIDC
 * provider's standard claims, and the EKS OIDC issuer pattern (DOMAIN.md). Our own table.
 */

/** The claims of an EKS service account token that IAM exposes as condition keys. */
export const EKS_OIDC_CLAIMS = ['sub', 'aud', 'amr'];

/** `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE` (and the China and GovCloud hosts). */
export const EKS_OIDC_PROVIDER = /^oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/id\/([^/:\s]+)$/;

export interface ProviderKey {
  readonly provider: string;
  readonly claim: string;
}

/** A key whose prefix is an identity provider's host (it has a dot), split into provider and claim. */
export function identityProviderKey(key: string): ProviderKey | undefined {
  const colon = key.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const provider = key.slice(0, colon);
  if (!provider.includes('.')) return undefined;
  return { provider, claim: key.slice(colon + 1) };
}
