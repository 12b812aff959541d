import { EffectivePermissions, PermissionRow } from '../../evaluation/effective';
import { ServiceAccountAnswer } from '../../evaluation/ask';
import { RoleSummary, StatementLocation, UnknownSummary } from '../../evaluation/serviceAccount';
import { decodedUri } from '../../workspace/paths';
import { code, link } from '../markdown';

/**
 * What a ServiceAccount's pods can do, as Markdown any editor can show: the roles, a summary per
 * service, a table of every action with the statement it comes from (a link to its line), the
 * unknowns, and what is not taken into account. Pure: the server renders, the clients display.
 */

/** The access levels in the catalogue's order, for summaries. */
const LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/** Per service: distinct actions and their count per access level, from the rows. */
export interface ServiceCount {
  readonly service: string;
  readonly actions: number;
  readonly levels: readonly { readonly level: string; readonly actions: number }[];
  /** The labels of the policies granting them, in the order met. */
  readonly policies: readonly string[];
}

export function countByService(rows: readonly PermissionRow[]): ServiceCount[] {
  const services = new Map<string, { actions: Map<string, string>; policies: Set<string> }>();
  for (const row of rows) {
    let entry = services.get(row.service);
    if (!entry) services.set(row.service, (entry = { actions: new Map(), policies: new Set() }));
    entry.actions.set(row.action, row.accessLevel);
    entry.policies.add(row.statement.policy);
  }
  return [...services].map(([service, { actions, policies }]) => {
    const counts = new Map<string, number>();
    for (const level of actions.values()) counts.set(level, (counts.get(level) ?? 0) + 1);
    const levels = [...counts].sort(([a], [b]) => rank(a) - rank(b)).map(([level, n]) => ({ level, actions: n }));
    return { service, actions: actions.size, levels, policies: [...policies] };
  });
}

/** `s3: 12 actions — List 3, Read 6, Write 3` */
export function serviceLine(count: ServiceCount): string {
  return `${code(count.service)}: ${plural(count.actions, 'action')} — ${count.levels.map((l) => `${l.level} ${l.actions}`).join(', ')}`;
}

/** `3 actions in 1 service` */
export function totals(rows: readonly PermissionRow[]): { actions: number; services: number; text: string } {
  const actions = new Set(rows.map((r) => r.action)).size;
  const services = new Set(rows.map((r) => r.service)).size;
  return { actions, services, text: `${plural(actions, 'action')} in ${plural(services, 'service')}` };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** How the role is reached, in words. */
export function viaText(via: RoleSummary['via']): string {
  return via === 'annotation' ? 'by its `eks.amazonaws.com/role-arn` annotation' : via === 'pod-identity' ? 'by a Pod Identity association' : 'by trust';
}

/** The warning of a role an IRSA annotation names whose trust does not admit the ServiceAccount; undefined otherwise. */
export function trustWarning(role: RoleSummary, namespace: string, name: string): string | undefined {
  if (role.trustAdmits !== false) return undefined;
  return `⚠️ The trust policy of ${code(role.name)} does not admit ${code(`system:serviceaccount:${namespace}:${name}`)}: the pods cannot assume this role (LINK_TRUST_DOES_NOT_ADMIT_SA).`;
}

/** `[DevTeamAPolicy #1](file:///…/p.json#L4)`, or the AWS managed policy's name and line without a link. */
export function statementLink(statement: StatementLocation): string {
  const which = statement.sid ? statement.sid : `#${statement.index + 1}`;
  const label = `${shortPolicy(statement.policy)} ${which}`;
  if (!statement.file.startsWith('file:')) return `${escape(label)} (AWS managed, line ${statement.line})`;
  return `${link(escape(label), `${statement.file}#L${statement.line}`)}${statement.kind === 'boundary' ? ' (boundary)' : ''}`;
}

/** `[file.yaml:12](file:///…#L12)` */
export function fileLink(file: string, line: number): string {
  if (!file.startsWith('file:')) return code(file);
  return link(escape(`${baseName(file)}:${line}`), `${file}#L${line}`);
}

export function roleLine(role: RoleSummary): string {
  const policies = role.policies.length ? role.policies.map((p) => code(p)).join(', ') : 'no policy in the workspace';
  const boundary = role.boundary ? `; boundary ${code(role.boundary)}` : '';
  return `Role ${code(role.name)} ${viaText(role.via)} (${fileLink(role.file, role.line)}): ${policies}${boundary}`;
}

export function unknownLine(unknown: UnknownSummary): string {
  return `${escape(unknown.message)} (${fileLink(unknown.file, unknown.line)})`;
}

/** The table document of `Show Effective Permissions`. */
export function effectivePermissionsMarkdown(result: EffectivePermissions, serviceName: (prefix: string) => string | undefined = () => undefined): string {
  const { namespace, name } = result;
  const out: string[] = [`# What ${code(`${namespace}/${name}`)} can do`];
  if (result.roles.length === 0) out.push('No role found for this ServiceAccount in the workspace: its pods get no AWS permissions the files can show.');
  for (const role of result.roles) {
    out.push(roleLine(role));
    const warning = trustWarning(role, namespace, name);
    if (warning) out.push(`> ${warning}`);
  }
  const counts = countByService(result.rows);
  if (result.roles.length > 0) {
    out.push(
      result.rows.length === 0
        ? '**No permissions found** in the policies the workspace attaches.'
        : `**${totals(result.rows).text}.** Explicit denies and the permissions boundary are taken away; *conditional* marks a grant that holds only when its condition matches the request.`,
    );
  }
  if (counts.length > 0) {
    out.push(counts.map((c) => `- ${serviceLine(c)}${serviceName(c.service) ? ` (${escape(serviceName(c.service)!)})` : ''}`).join('\n'));
    const table = ['| Service | Action | Access level | Resources | Conditions | Statement |', '|---|---|---|---|---|---|'];
    for (const row of result.rows) {
      const cells = [
        code(row.service),
        code(row.action),
        row.accessLevel,
        row.resources.map((r) => code(r)).join('<br>'),
        row.conditions ? 'conditional' : '',
        statementLink(row.statement),
      ];
      table.push(`| ${cells.map(cell).join(' | ')} |`);
    }
    out.push(table.join('\n'));
  }
  for (const { role, boundary, actions } of result.outsideBoundary) {
    const shown =
      actions
        .slice(0, 20)
        .map((a) => code(a))
        .join(', ') + (actions.length > 20 ? `, … (${actions.length - 20} more)` : '');
    out.push(
      `## Outside the permissions boundary`,
      `${code(boundary.policy)} (${fileLink(boundary.file, boundary.line)}) of ${code(role)} does not allow ${actions.length} action${actions.length === 1 ? '' : 's'} its policies grant: ${shown}`,
    );
  }
  if (result.unknowns.length > 0) {
    out.push('## Unknown (the list may be incomplete)', result.unknowns.map((u) => `- ${unknownLine(u)}`).join('\n'));
  }
  out.push(`*${result.note}*`);
  return out.join('\n\n') + '\n';
}

/** One line: what `iam-irsa can` prints, with the statement's file named. */
export function answerSummary(answer: ServiceAccountAnswer, namespace: string, name: string): string {
  const where = (s: StatementLocation) => `${shortPolicy(s.policy)} statement ${s.sid ?? `#${s.index + 1}`} (${placeOf(s)})`;
  switch (answer.decision) {
    case 'allowed':
      return answer.statement ? `allowed by ${where(answer.statement)}` : 'allowed';
    case 'explicit-deny':
      return answer.statement
        ? `denied by ${answer.statement.kind === 'boundary' ? 'the permissions boundary, ' : ''}${where(answer.statement)}`
        : 'denied (explicit deny)';
    case 'implicit-deny':
      return answer.outsideBoundary
        ? `denied: outside the permissions boundary ${shortPolicy(answer.outsideBoundary.policy)} (${placeOf(answer.outsideBoundary)})`
        : 'denied: no statement allows it (implicit deny)';
    case 'depends':
      return `depends on ${answer.dependsOn.join(', ')}`;
    default:
      return `no role found for ${namespace}/${name}`;
  }
}

/** The answer of "Can This ServiceAccount …?" as Markdown: the decision, the statement as a link, the role, the unknowns. */
export function answerMarkdown(answer: ServiceAccountAnswer, namespace: string, name: string, question: { action: string; resource: string }): string {
  const out: string[] = [
    `**${code(`${namespace}/${name}`)}: ${code(question.action)} on ${code(question.resource)}** — ${escape(answerSummary(answer, namespace, name))}`,
  ];
  if (answer.statement) out.push(`Statement: ${statementLink(answer.statement)}`);
  if (answer.decision === 'depends')
    out.push(`The answer depends on ${answer.dependsOn.map((k) => code(k)).join(', ')}: give ${answer.dependsOn.length === 1 ? 'it' : 'them'} as context.`);
  const tags = Object.entries(answer.sessionTags);
  if (tags.length > 0) out.push(`Pod Identity session tags used: ${tags.map(([k, v]) => code(`${k}=${v}`)).join(', ')}`);
  if (answer.role) {
    out.push(roleLine(answer.role));
    const warning = trustWarning(answer.role, namespace, name);
    if (warning) out.push(`> ${warning}`);
  }
  if (answer.otherRoles.length > 0) out.push(`Other roles found, not evaluated: ${answer.otherRoles.map((r) => code(r.name)).join(', ')}`);
  if (answer.unknowns.length > 0) out.push(`Unknown (the answer may be incomplete):\n${answer.unknowns.map((u) => `- ${unknownLine(u)}`).join('\n')}`);
  out.push(`*${answer.note}*`);
  return out.join('\n\n') + '\n';
}

function placeOf(statement: { file: string; line: number }): string {
  return statement.file.startsWith('file:') ? `${baseName(statement.file)}:${statement.line}` : `${statement.file}, line ${statement.line}`;
}

/** An AWS managed policy by its name, not its ARN; anything else as written. */
function shortPolicy(label: string): string {
  return label.startsWith('arn:') ? label.slice(label.lastIndexOf('/') + 1) : label;
}

function baseName(uri: string): string {
  return decodedUri(uri.slice(uri.lastIndexOf('/') + 1));
}

function rank(level: string): number {
  const i = LEVELS.indexOf(level);
  return i === -1 ? LEVELS.length : i;
}

/** Text safe in Markdown prose. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, '\\$&');
}

/** A table cell: no line break, no unescaped pipe. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}
