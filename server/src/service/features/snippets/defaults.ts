import { eksProviderParts } from '../../catalog/oidc';
import { statementAdmits } from '../../workspace/roles';
import { AuthoringContext } from '../context';
import { workspaceProviders } from '../commands/createTrustPolicy';
import { trustPoliciesOf } from '../navigation/targets';

/**
 * The workspace's own values for the documentation placeholders the snippets of `snippets/` use:
 * the cluster's OIDC provider (account, region, id) when the workspace names exactly one, and, for
 * trust snippets, a ServiceAccount of the workspace that no trust admits yet (the nearest first).
 * A snippet then inserts the trust for the ServiceAccount in the next file, not a placeholder one.
 */
export function workspaceDefaults(context: AuthoringContext, trust: boolean): ReadonlyMap<string, string> {
  const defaults = new Map<string, string>();
  const providers = workspaceProviders(context.index);
  const parts = providers.length === 1 ? eksProviderParts(providers[0].host) : undefined;
  if (parts) {
    defaults.set('us-east-1', parts.region);
    defaults.set('EXAMPLED539D4633E53DE1B71EXAMPLE', parts.id);
    if (providers[0].account) defaults.set('111122223333', providers[0].account);
  }
  const sa = trust ? unadmittedServiceAccount(context) : undefined;
  if (sa) {
    defaults.set('default', sa.namespace);
    defaults.set('my-service-account', sa.name);
  }
  return defaults;
}

/** `${N:default}` placeholders whose default the workspace knows, with the workspace's value. */
export function withDefaults(body: string, defaults: ReadonlyMap<string, string>): string {
  if (defaults.size === 0) return body;
  return body.replace(/\$\{(\d+):([^}$]*)\}/g, (whole, n: string, value: string) => {
    const known = defaults.get(value);
    return known === undefined ? whole : `\${${n}:${escapeSnippet(known)}}`;
  });
}

function unadmittedServiceAccount(context: AuthoringContext): { namespace: string; name: string } | undefined {
  const statements = [...context.index.all()]
    .flatMap((file) => trustPoliciesOf(file.facts).flatMap((p) => p.statements))
    .filter((s) => s.allow && s.webIdentity);
  let best: { namespace: string; name: string; near: number } | undefined;
  for (const file of context.index.all()) {
    if (file.uri === context.uri) continue;
    for (const sa of file.facts.serviceAccounts) {
      if (statements.some((s) => statementAdmits(s, sa.namespace, sa.name))) continue;
      const near = commonPrefix(file.uri, context.uri);
      if (!best || near > best.near) best = { namespace: sa.namespace, name: sa.name, near };
    }
  }
  return best;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Snippet syntax gives `$`, `}` and `\` a meaning inside a placeholder. */
function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}
