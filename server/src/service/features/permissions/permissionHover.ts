import { PermissionAnswers } from './answers';
import { ServiceAccountName } from './serviceAccountAt';
import { code, link } from '../markdown';
import { countByService, plural, serviceLine, totals, trustWarning, unknownLine, viaText } from './render';

/** How many services, policies and unknowns a hover lists before "…". */
const LISTED_SERVICES = 8;
const LISTED = 3;

/**
 * The hover's paragraphs on what the pods of a ServiceAccount can do: per service and access level,
 * the policies the grants come from, the trust warning, the unknowns, and what is not counted.
 * Short on purpose: "Show Effective Permissions" (the lens) opens the whole table.
 */
export function permissionParagraphs(answers: PermissionAnswers, sa: ServiceAccountName): string[] {
  const result = answers.effective(sa.namespace, sa.name, sa.manifest);
  const who = code(`${sa.namespace}/${sa.name}`);
  const lines: string[] = [];
  if (result.roles.length === 0) {
    lines.push(`**What the pods of ${who} can do**: no role found in the workspace, so no permission the files can show.`);
  } else {
    const { text } = totals(result.rows);
    // One ServiceAccount defined in several folders may reach a role of the same name in each.
    const roles = [...new Set(result.roles.map((r) => `${code(r.name)} ${viaText(r.via)}`))].join('; ');
    lines.push(`**What the pods of ${who} can do**: ${result.rows.length === 0 ? 'no permissions found' : text}, as role ${roles}`);
    for (const role of result.roles) {
      const warning = trustWarning(role, sa.namespace, sa.name);
      if (warning && !lines.includes(warning)) lines.push(warning);
    }
    const counts = countByService(result.rows).sort((a, b) => b.actions - a.actions || (a.service < b.service ? -1 : 1));
    if (counts.length > 0) {
      const items = counts.slice(0, LISTED_SERVICES).map((c) => `- ${serviceLine(c)}`);
      if (counts.length > LISTED_SERVICES) items.push(`- … and ${plural(counts.length - LISTED_SERVICES, 'more service')}`);
      lines.push(items.join('\n'));
      lines.push(`From ${policiesFrom(result.rows)}`);
    }
  }
  if (result.unknowns.length > 0) {
    const items = result.unknowns.slice(0, LISTED).map((u) => `- ${unknownLine(u)}`);
    if (result.unknowns.length > LISTED) items.push(`- … and ${result.unknowns.length - LISTED} more`);
    lines.push(`Unknown (the list may be incomplete):\n${items.join('\n')}`);
  }
  lines.push(`*Explicit denies and the permissions boundary are taken away; conditions are not. ${result.note}*`);
  return lines;
}

/** The policies granting the rows: a link to the first statement's file and line, an AWS managed policy by its ARN. */
function policiesFrom(rows: ReturnType<PermissionAnswers['effective']>['rows']): string {
  const policies = new Map<string, string>();
  for (const { statement } of rows) {
    // A policy by its label and file: one ServiceAccount defined in several folders may reach a policy of the same name in each.
    const key = `${statement.policy}\n${statement.file}`;
    if (policies.has(key)) continue;
    const kind = statement.kind === 'aws-managed' ? 'AWS managed' : statement.kind === 'customer-managed' ? 'customer managed' : statement.kind;
    const text = statement.file.startsWith('file:')
      ? `${link(escape(statement.policy), `${statement.file}#L${statement.line}`)} (${kind})`
      : `${code(statement.file)} (${kind})`;
    policies.set(key, text);
  }
  const all = [...policies.values()];
  return all.length > LISTED ? `${all.slice(0, LISTED).join(', ')} and ${all.length - LISTED} more` : all.join(', ');
}

function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}
