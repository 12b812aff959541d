import { ConfigError, loadConfig } from './cliConfig';
import { collectFiles, displayFile, parseServiceAccount, readWorkspace, trustWarning, viaText } from './cliWorkspace';
import { Catalog, EffectivePermissions, effectivePermissions, PermissionRow, StatementLocation, UnknownSummary } from './service';

export const EXPLAIN_USAGE = `Usage: iam-irsa explain NAMESPACE/NAME [--format stylish|json] [PATH...]

Lists what the pods of ServiceAccount NAMESPACE/NAME may do, from the files under each PATH
(default: the working directory, read as lint reads it): the role(s) it assumes (by its
eks.amazonaws.com/role-arn annotation, a Pod Identity association, or a role's trust), and every
action their Allow statements grant (wildcards expanded against the IAM catalogue), with its access
level, resources, whether conditions apply, and the statement (policy, file:line). Actions an
explicit Deny takes away are left out; those the permissions boundary does not allow are listed
apart ("Outside the permissions boundary …"). What the files cannot tell (an
AWS managed policy not in the package, a role not in the workspace) is listed as unknown.
Service control policies, resource policies and session policies are not taken into account.

Exit status: 0 listed, 1 no role found for the ServiceAccount, 2 usage or I/O error.`;

class ExplainUsageError extends Error {}

type Write = (stream: NodeJS.WriteStream, data: string) => Promise<void>;

/** `iam-irsa explain …`: the arguments after `explain`; returns the exit status. */
export async function runExplain(args: readonly string[], write: Write): Promise<number> {
  try {
    const { namespace, name, format, paths } = parseExplainOptions(args);
    const config = await loadConfig(undefined, process.cwd());
    const workspace = await readWorkspace(await collectFiles(paths, config.settings, config.file), config.settings);
    const result = effectivePermissions(workspace.sources, namespace, name);
    if (format === 'json') await write(process.stdout, JSON.stringify(jsonOf(result), null, 2) + '\n');
    else await write(process.stdout, stylish(result, workspace.resources.catalog));
    if (result.roles.length === 0) {
      await write(process.stderr, `iam-irsa: no role found for the ServiceAccount ${namespace}/${name}${noRoleReason(result)}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    const message = error instanceof ExplainUsageError ? `${error.message}\n\n${EXPLAIN_USAGE}` : String(error instanceof Error ? error.message : error);
    const lines = error instanceof ConfigError ? message.split('\n') : [message];
    await write(process.stderr, lines.map((line) => `iam-irsa: ${line}\n`).join(''));
    return 2;
  }
}

function parseExplainOptions(args: readonly string[]): { namespace: string; name: string; format: 'stylish' | 'json'; paths: string[] } {
  let format: 'stylish' | 'json' = 'stylish';
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const option = arg.startsWith('--') ? arg.split('=')[0] : arg;
    if (option === '--format') {
      const given = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (given !== 'stylish' && given !== 'json') throw new ExplainUsageError(`--format must be stylish or json, not "${given ?? ''}"`);
      format = given;
    } else if (arg.startsWith('-') && arg !== '-') throw new ExplainUsageError(`unknown option "${arg}"`);
    else positional.push(arg);
  }
  const [account, ...paths] = positional;
  const parsed = parseServiceAccount(account);
  if (typeof parsed === 'string') throw new ExplainUsageError(parsed);
  return { ...parsed, format, paths: paths.length ? paths : ['.'] };
}

function noRoleReason(result: EffectivePermissions): string {
  const missing = result.unknowns.find((u) => u.reason === 'role-not-in-workspace' || u.reason === 'role-arn-not-literal');
  if (missing) return `: ${missing.message}`;
  return ': no annotation or Pod Identity association names a role, and no role trust in the files admits it.';
}

export function where(statement: StatementLocation): string {
  const which = statement.sid !== undefined ? statement.sid : `#${statement.index + 1}`;
  return `${statement.policy} statement ${which}, ${displayFile(statement.file)}:${statement.line}`;
}

function unknownLine(unknown: UnknownSummary): string {
  return `${unknown.message} (${displayFile(unknown.file)}:${unknown.line})`;
}

function stylish(result: EffectivePermissions, catalog: Catalog): string {
  const lines: string[] = [];
  const services = new Map<string, PermissionRow[]>();
  for (const row of result.rows) services.set(row.service, [...(services.get(row.service) ?? []), row]);
  const actions = new Set(result.rows.map((r) => r.action)).size;
  const roles = result.roles.map((r) => r.name).join(', ') || 'no role';
  lines.push(
    `${result.namespace}/${result.name}: ${roles}; ${actions} action${actions === 1 ? '' : 's'} in ${services.size} service${services.size === 1 ? '' : 's'}`,
  );
  for (const role of result.roles) {
    const boundary = role.boundary ? `; boundary ${role.boundary}` : '';
    lines.push(`  role ${role.name} ${viaText(role.via)} (${displayFile(role.file)}:${role.line}): ${role.policies.join(', ') || 'no policy'}${boundary}`);
    const warning = trustWarning(role, result.namespace, result.name);
    if (warning) lines.push(`    warning: ${warning}`);
  }
  for (const [prefix, rows] of services) {
    lines.push('', `${catalog.service(prefix)?.name ?? prefix} (${prefix})`);
    const width = Math.max(...rows.map((r) => r.action.length));
    const levelWidth = Math.max(...rows.map((r) => r.accessLevel.length));
    for (const row of rows) {
      const conditions = row.conditions ? ' [conditions]' : '';
      lines.push(`  ${row.action.padEnd(width)}  ${row.accessLevel.padEnd(levelWidth)}  ${row.resources.join(', ')}${conditions}  ${where(row.statement)}`);
    }
  }
  for (const outside of result.outsideBoundary) {
    const { boundary, actions } = outside;
    const shown = actions.slice(0, 10).join(', ') + (actions.length > 10 ? `, … (${actions.length - 10} more)` : '');
    lines.push(
      '',
      `Outside the permissions boundary ${boundary.policy} (${displayFile(boundary.file)}:${boundary.line}) of ${outside.role}: ${actions.length} action${actions.length === 1 ? '' : 's'} its policies grant, denied: ${shown}`,
    );
  }
  if (result.unknowns.length) {
    lines.push('', 'Unknown (the list may be incomplete):');
    for (const unknown of result.unknowns) lines.push(`  ${unknownLine(unknown)}`);
  }
  lines.push('', result.note);
  return lines.join('\n') + '\n';
}

function jsonOf(result: EffectivePermissions): unknown {
  const file = <T extends { file: string }>(item: T): T => ({ ...item, file: displayFile(item.file) });
  return {
    serviceAccount: `${result.namespace}/${result.name}`,
    roles: result.roles.map(file),
    rows: result.rows.map((row) => ({ ...row, statement: file(row.statement) })),
    unknowns: result.unknowns.map(file),
    outsideBoundary: result.outsideBoundary.map((o) => ({ ...o, boundary: file(o.boundary) })),
    note: result.note,
  };
}
