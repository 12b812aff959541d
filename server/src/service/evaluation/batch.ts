import { nodeOfValue } from '../parse/json';
import { buildPolicy } from '../parse/policy';
import { CompiledPolicy, compileOnce } from './compile';
import { ContextValue } from './context';
import { evaluateCompiled } from './evaluate';

/**
 * `iam-irsa can --batch`: one JSON Lines question in, one answer out. The context of a question is
 * complete (an absent key is absent), so the answer is never `depends`. Policies become the editor's
 * model (`buildPolicy`) over the tree `parseJson` would give their JSON text (`nodeOfValue`).
 */
export type BatchAnswer =
  { readonly id: unknown; readonly decision: 'allowed' | 'explicit-deny' | 'implicit-deny' } | { readonly id: unknown; readonly error: string };

/** Answers the questions of one batch, one line at a time. */
export class BatchEvaluator {
  answer(line: string): BatchAnswer {
    let question: unknown;
    try {
      question = JSON.parse(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
    } catch (error) {
      return { id: null, error: `not a JSON line: ${(error as Error).message}` };
    }
    if (typeof question !== 'object' || question === null || Array.isArray(question)) return { id: null, error: 'a question is a JSON object' };
    const q = question as Record<string, unknown>;
    const id = q.id ?? null;
    try {
      const problem = invalid(q);
      if (problem) return { id, error: problem };
      const policies = (q.policies as object[]).map((p) => this.compile(p));
      const boundary = q.boundary === null || q.boundary === undefined ? undefined : this.compile(q.boundary as object);
      const context = (q.context ?? {}) as Record<string, ContextValue>;
      const { decision } = evaluateCompiled({ action: q.action as string, resource: q.resource as string, context, complete: true }, policies, boundary);
      return { id, decision: decision === 'depends' ? 'implicit-deny' : decision };
    } catch (error) {
      return { id, error: `cannot be answered: ${(error as Error).message}` };
    }
  }

  private compile(policy: object): CompiledPolicy {
    return compileOnce(buildPolicy(nodeOfValue(policy)));
  }
}

const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What is wrong with a question's shape, if anything. */
function invalid(q: Record<string, unknown>): string | undefined {
  if (!Array.isArray(q.policies)) return '"policies" must be an array of policy objects';
  if (!q.policies.every(isObject)) return 'each of "policies" must be a policy object';
  if (q.boundary !== undefined && q.boundary !== null && !isObject(q.boundary)) return '"boundary" must be a policy object or null';
  if (typeof q.action !== 'string' || q.action === '') return '"action" must be a non-empty string such as "s3:GetObject"';
  if (typeof q.resource !== 'string' || q.resource === '') return '"resource" must be a non-empty string (an ARN, or "*")';
  if (q.context !== undefined && q.context !== null) {
    if (!isObject(q.context)) return '"context" must be an object of key: string or array of strings';
    for (const [key, value] of Object.entries(q.context as object)) {
      const ok = typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
      if (!ok) return `context key "${key}" must be a string or an array of strings`;
    }
  }
  return undefined;
}
