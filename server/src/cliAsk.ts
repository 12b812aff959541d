import { ConfigError, loadConfig } from './cliConfig';
import { where } from './cliExplain';
import { collectFiles, displayFile, parseServiceAccount, readWorkspace, trustWarning, viaText } from './cliWorkspace';
import { askServiceAccount, RoleAnswer, ServiceAccountAnswer } from './service';

export const ASK_USAGE = `Usage: iam-irsa can NAMESPACE/NAME ACTION RESOURCE [--context KEY=VALUE...] [--format json] [--path PATH...]

Answers "can the pods of ServiceAccount NAMESPACE/NAME do ACTION on RESOURCE?" from the files under
each --path (default: the working directory, read as lint reads it): every identity policy of the
role the ServiceAccount may assume, and its permissions boundary, evaluated as AWS does. The context
is partial: a key not given with --context is unknown, so the answer may depend on it (a key given
twice is multivalued). For a Pod Identity link, the ServiceAccount's session tags
(aws:PrincipalTag/kubernetes-namespace, …/kubernetes-service-account, and eks-cluster-name /
eks-cluster-arn when the files name the cluster) are added.
Service control policies, resource policies and session policies are not taken into account.

When the ServiceAccount may assume several roles (an annotation and a Pod Identity association,
several trusts), each is evaluated and printed; the answer is allowed when any of them allows, else
depends when any depends, else denied.

Prints one of, then the role(s):
  allowed (by POLICY statement SID or #N, FILE:LINE)
  denied by POLICY statement SID or #N, FILE:LINE
  denied: outside the permissions boundary POLICY (FILE:LINE)
  denied: no statement allows it (implicit)
  depends on KEY, ...
--format json: {"decision": "allowed" | "explicit-deny" | "implicit-deny" | "depends",
  "role": NAME, "statement": {"policy", "sid", "index", "file", "line"} | null,
  "outsideBoundary": {"policy", "file", "line"} | null, "dependsOn": [KEY...],
  "roles": [{"role", "via", "decision", "statement", "outsideBoundary", "dependsOn"}...],
  "unknowns": [...]}; decision and role are null when no role is found
What the files cannot tell (an AWS managed policy not in the package, a role not in the workspace)
is a warning on standard error: "the answer may be incomplete: ...".

Exit status: 0 allowed, 1 denied (or no role found), 3 depends, 2 usage or I/O error.`;

class AskUsageError extends Error {}

type Write = (stream: NodeJS.WriteStream, data: string) => Promise<void>;

interface AskOptions {
  readonly namespace: string;
  readonly name: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string | string[]>;
  readonly format: 'stylish' | 'json';
  readonly paths: readonly string[];
}

/** `iam-irsa can NAMESPACE/NAME ACTION RESOURCE …`: returns the exit status. */
export async function runAsk(args: readonly string[], write: Write): Promise<number> {
  try {
    const options = parseAskOptions(args);
    const config = await loadConfig(undefined, process.cwd());
    const workspace = await readWorkspace(await collectFiles(options.paths, config.settings, config.file), config.settings);
    const answer = askServiceAccount(workspace.sources, options.namespace, options.name, options);
    const warnings = [
      ...(answer.role ? [trustWarning(answer.role, options.namespace, options.name)].filter((w) => w !== undefined) : []),
      ...answer.otherRoles.map((r) => trustWarning(r, options.namespace, options.name)).filter((w) => w !== undefined),
      ...answer.unknowns.map((u) => `the answer may be incomplete: ${u.message} (${displayFile(u.file)}:${u.line})`),
    ];
    if (options.format === 'json') await write(process.stdout, JSON.stringify(jsonOf(answer), null, 2) + '\n');
    else if (answer.decision) await write(process.stdout, stylish(answer));
    if (warnings.length) await write(process.stderr, warnings.map((w) => `iam-irsa: warning: ${w}\n`).join(''));
    if (!answer.decision) {
      await write(
        process.stderr,
        `iam-irsa: no role found for the ServiceAccount ${options.namespace}/${options.name}: the answer cannot be known from the files\n`,
      );
      return 1;
    }
    return answer.decision === 'allowed' ? 0 : answer.decision === 'depends' ? 3 : 1;
  } catch (error) {
    const message = error instanceof AskUsageError ? `${error.message}\n\n${ASK_USAGE}` : String(error instanceof Error ? error.message : error);
    const lines = error instanceof ConfigError ? message.split('\n') : [message];
    await write(process.stderr, lines.map((line) => `iam-irsa: ${line}\n`).join(''));
    return 2;
  }
}

/** The overall sentence, then each role: `role NAME VIA` for one, with its own sentence when there are several. */
function stylish(answer: ServiceAccountAnswer): string {
  const lines = [sentence(answer)];
  if (answer.roles.length === 1) lines.push(`  role ${answer.role!.name} ${viaText(answer.role!.via)}`);
  else {
    for (const role of answer.roles) lines.push(`  role ${role.role.name} ${viaText(role.role.via)}: ${sentence(role)}`);
    const barred = answer.roles.filter((r) => r.role.trustAdmits === false).map((r) => r.role.name);
    const cannot = barred.length && barred.length < answer.roles.length ? `; ${barred.join(', ')} cannot be assumed (its trust)` : '';
    lines.push(`  (the pods may assume ${answer.roles.length} roles: allowed when any of them allows${cannot})`);
  }
  return lines.join('\n') + '\n';
}

function sentence(answer: Pick<RoleAnswer, 'statement' | 'dependsOn' | 'outsideBoundary'> & { decision: RoleAnswer['decision'] | undefined }): string {
  switch (answer.decision) {
    case 'allowed':
      return `allowed (by ${where(answer.statement!)})`;
    case 'explicit-deny':
      return `denied by ${answer.statement?.kind === 'boundary' ? 'the permissions boundary ' : ''}${where(answer.statement!)}`;
    case 'depends':
      return `depends on ${answer.dependsOn.join(', ')}`;
    default: {
      const boundary = answer.outsideBoundary;
      if (boundary) return `denied: outside the permissions boundary ${boundary.policy} (${displayFile(boundary.file)}:${boundary.line})`;
      return 'denied: no statement allows it (implicit)';
    }
  }
}

function jsonOf(answer: ServiceAccountAnswer): unknown {
  const statementOf = (statement: RoleAnswer['statement']) =>
    statement
      ? {
          policy: statement.policy,
          kind: statement.kind,
          sid: statement.sid ?? null,
          index: statement.index,
          file: displayFile(statement.file),
          line: statement.line,
        }
      : null;
  const boundaryOf = (boundary: RoleAnswer['outsideBoundary']) => (boundary ? { ...boundary, file: displayFile(boundary.file) } : null);
  return {
    decision: answer.decision ?? null,
    role: answer.role?.name ?? null,
    statement: statementOf(answer.statement),
    outsideBoundary: boundaryOf(answer.outsideBoundary),
    dependsOn: answer.dependsOn,
    roles: answer.roles.map((r) => ({
      role: r.role.name,
      via: r.role.via,
      decision: r.decision,
      statement: statementOf(r.statement),
      outsideBoundary: boundaryOf(r.outsideBoundary),
      dependsOn: r.dependsOn,
    })),
    unknowns: answer.unknowns.map((u) => ({ reason: u.reason, message: u.message, file: displayFile(u.file), line: u.line })),
  };
}

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

function parseAskOptions(args: readonly string[]): AskOptions {
  let format: 'stylish' | 'json' = 'stylish';
  const context: Record<string, string | string[]> = {};
  const paths: string[] = [];
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const option = arg.startsWith('--') ? arg.split('=')[0] : arg;
    const value = () => {
      const given = arg.startsWith('--') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (given === undefined || given === '') throw new AskUsageError(`${option} needs a value`);
      return given;
    };
    if (option === '--format') {
      const given = value();
      if (given !== 'stylish' && given !== 'json') throw new AskUsageError(`--format must be stylish or json, not "${given}"`);
      format = given;
    } else if (option === '--path') paths.push(value());
    else if (option === '--context') {
      const given = value();
      const equals = given.indexOf('=');
      if (equals <= 0) throw new AskUsageError(`--context needs KEY=VALUE (e.g. aws:SourceIp=203.0.113.7), not "${given}"`);
      const key = given.slice(0, equals);
      const previous = context[key];
      context[key] = previous === undefined ? given.slice(equals + 1) : [...[previous].flat(), given.slice(equals + 1)];
    } else if (arg.startsWith('-') && arg !== '-') throw new AskUsageError(`unknown option "${arg}"`);
    else positional.push(arg);
  }
  const [account, action, resource, ...extra] = positional;
  const parsed = parseServiceAccount(account);
  if (typeof parsed === 'string') throw new AskUsageError(parsed);
  if (action === undefined || resource === undefined) throw new AskUsageError('ACTION and RESOURCE are required (e.g. s3:GetObject arn:aws:s3:::bucket/key)');
  if (!ACTION.test(action)) throw new AskUsageError(`"${action}" is not an action: SERVICE:ACTION, e.g. s3:GetObject (no wildcard)`);
  if (resource !== '*' && !resource.startsWith('arn:')) throw new AskUsageError(`"${resource}" is not a resource ARN (arn:…) or *`);
  if (extra.length) throw new AskUsageError(`unexpected argument "${extra[0]}": give paths with --path`);
  return { ...parsed, action, resource, context, format, paths: paths.length ? paths : ['.'] };
}
