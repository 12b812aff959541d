import { CodeLens } from 'vscode-languageserver-types';
import { CLIENT_COMMAND, ServiceAccountTarget } from '../../../../../shared/protocol';
import { FeatureContext } from '../context';
import { totals } from './render';

/**
 * A lens over each ServiceAccount manifest that a role annotation names, or whose pods the workspace
 * gives a role (Pod Identity, trust): "can do N actions in M services", from the same effective
 * permissions as the table its command opens. Honest when it cannot tell: "no permissions found",
 * "no role found", the number of unknowns.
 */
export function permissionLenses(context: FeatureContext): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const sa of context.facts.serviceAccounts) {
    const annotation = context.facts.references.find(
      (r) =>
        r.kind === 'irsa' &&
        r.serviceAccount?.namespace === sa.namespace &&
        r.serviceAccount.name === sa.name &&
        r.serviceAccount.range.start === sa.range.start,
    );
    const result = context.permissions.effective(sa.namespace, sa.name, context.uri);
    if (!annotation && result.roles.length === 0) continue;
    const range = context.index.range(context.uri, (annotation ?? sa).range);
    if (!range) continue;
    const parts: string[] = [];
    if (result.roles.some((r) => r.trustAdmits === false)) parts.push("⚠ its role's trust does not admit it");
    parts.push(
      result.roles.length === 0
        ? 'no role found: permissions unknown'
        : result.rows.length === 0
          ? 'no permissions found'
          : `can do ${totals(result.rows).text}`,
    );
    if (result.unknowns.length > 0) parts.push(`${result.unknowns.length} unknown`);
    const target: ServiceAccountTarget = { namespace: sa.namespace, name: sa.name, manifest: context.uri };
    lenses.push({ range, command: { title: parts.join(' · '), command: CLIENT_COMMAND.showEffectivePermissions, arguments: [target] } });
  }
  return lenses;
}
