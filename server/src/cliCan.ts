import { createReadStream, promises as fs } from 'fs';
import { createInterface } from 'readline';
import { ASK_USAGE, runAsk } from './cliAsk';
import { BatchEvaluator } from './service';

export const CAN_USAGE = `${ASK_USAGE}

Usage: iam-irsa can --batch FILE [--format json]

Answers "can this identity do ACTION on RESOURCE?" for each question of FILE (JSON Lines;
- reads standard input), evaluating identity policies and an optional permissions boundary
as AWS does: an explicit Deny wins, else an Allow (inside the boundary), else an implicit deny.
Service control policies, resource policies and session policies are not evaluated.

Each line of FILE is one question:
  {"id": 1, "policies": [POLICY...], "boundary": POLICY or null, "action": "s3:GetObject",
   "resource": "arn:aws:s3:::bucket/key", "context": {"aws:SourceIp": "203.0.113.7",
   "aws:TagKeys": ["team", "env"]}}
The context is complete: a key it does not name is absent from the request.
Each answer is one line, in the same order, written as soon as it is known:
  {"id": 1, "decision": "allowed" | "explicit-deny" | "implicit-deny"}
A line that is not a valid question gets {"id": ..., "error": "..."}; blank lines are skipped.

Exit status: 0 every line answered, 2 usage or I/O error.`;

class CanUsageError extends Error {}

/** `iam-irsa can …`: the arguments after `can`; returns the exit status. */
export async function runCan(args: readonly string[], write: (stream: NodeJS.WriteStream, data: string) => Promise<void>): Promise<number> {
  if (args.length > 0 && !args.some((arg) => arg === '--batch' || arg.startsWith('--batch='))) return runAsk(args, write);
  try {
    if (args.length === 0) throw new CanUsageError('NAMESPACE/NAME ACTION RESOURCE, or --batch FILE, is required');
    const file = parseCanOptions(args);
    if (file !== '-') {
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat) throw new Error(`${file}: no such file`);
      if (stat.isDirectory()) throw new Error(`${file}: a directory, not a file of questions`);
    }
    const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
    const lines = createInterface({ input, crlfDelay: Infinity });
    const evaluator = new BatchEvaluator();
    let pending = '';
    for await (const line of lines) {
      if (line.trim() === '') continue;
      pending += JSON.stringify(evaluator.answer(line)) + '\n';
      // Streaming, with fewer writes: flush when enough has gathered or the input waits.
      if (pending.length > 16_384 || (file === '-' && input.readableLength === 0)) {
        await write(process.stdout, pending);
        pending = '';
      }
    }
    if (pending) await write(process.stdout, pending);
    return 0;
  } catch (error) {
    const message = error instanceof CanUsageError ? `${error.message}\n\n${CAN_USAGE}` : String(error instanceof Error ? error.message : error);
    await write(process.stderr, `iam-irsa: ${message}\n`);
    return 2;
  }
}

function parseCanOptions(args: readonly string[]): string {
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const option = arg.startsWith('--') ? arg.split('=')[0] : arg;
    const value = () => {
      const given = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (given === undefined || given === '') throw new CanUsageError(`${option} needs a value`);
      return given;
    };
    if (option === '--batch') file = value();
    else if (option === '--format') {
      const format = value();
      if (format !== 'json') throw new CanUsageError(`--format must be json with --batch, not "${format}"`);
    } else throw new CanUsageError(arg.startsWith('-') ? `unknown option "${arg}"` : `unexpected argument "${arg}": only --batch FILE is available`);
  }
  if (file === undefined) throw new CanUsageError('--batch FILE is required (FILE or - for standard input)');
  return file;
}
