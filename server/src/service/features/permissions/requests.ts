import { Catalog } from '../../catalog/catalog';
import { ContextValue } from '../../evaluation/context';
import { WorkspaceIndex } from '../../workspace/index';
import { CanResult, EffectivePermissionsResult, ServiceAccountEntry } from '../../../../../shared/protocol';
import { PermissionAnswers } from './answers';
import { answerMarkdown, answerSummary, effectivePermissionsMarkdown } from './render';
import { ServiceAccountName, serviceAccountsOf } from './serviceAccountAt';

/** `iamIrsa/effectivePermissions`: the rows, roles and unknowns of `effectivePermissions`, and the table as Markdown. */
export function effectivePermissionsResult(answers: PermissionAnswers, catalog: Catalog, sa: ServiceAccountName): EffectivePermissionsResult {
  const result = answers.effective(sa.namespace, sa.name, sa.manifest);
  // The answer object is the same while it holds: its table (thousands of rows with ReadOnlyAccess) is rendered once.
  let markdown = rendered.get(result);
  if (markdown === undefined) rendered.set(result, (markdown = effectivePermissionsMarkdown(result, (prefix) => catalog.service(prefix)?.name)));
  return { ...result, manifest: sa.manifest, markdown };
}

const rendered = new WeakMap<object, string>();

/** A question as any client sends it; `error` says what is wrong with it. */
export type Question = { readonly action: string; readonly resource: string; readonly context: Record<string, ContextValue> } | { readonly error: string };

/** Checks a question's shape: a client is not trusted to send the declared types. */
export function questionOf(params: { action?: unknown; resource?: unknown; context?: unknown }): Question {
  const { action, resource, context } = params;
  if (typeof action !== 'string' || !/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(action.trim())) return { error: 'action must be SERVICE:ACTION, e.g. s3:GetObject' };
  if (typeof resource !== 'string' || resource.trim() === '') return { error: 'resource must be an ARN or *' };
  const keys: Record<string, ContextValue> = {};
  if (context !== undefined && context !== null) {
    if (typeof context !== 'object' || Array.isArray(context)) return { error: 'context must be an object of key: string or string[]' };
    for (const [key, value] of Object.entries(context)) {
      if (typeof value === 'string') keys[key] = value;
      else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) keys[key] = value as string[];
      else return { error: `context ${key} must be a string or an array of strings` };
    }
  }
  return { action: action.trim(), resource: resource.trim(), context: keys };
}

/** `iamIrsa/can`: the answer of `askServiceAccount`, its one-line summary and its Markdown. */
export function canResult(
  answers: PermissionAnswers,
  sa: ServiceAccountName,
  question: { action: string; resource: string; context: Record<string, ContextValue> },
): CanResult {
  const answer = answers.ask(sa.namespace, sa.name, question, sa.manifest);
  return {
    namespace: sa.namespace,
    name: sa.name,
    decision: answer.decision ?? null,
    role: answer.role ?? null,
    otherRoles: answer.otherRoles,
    roles: answer.roles.map((r) => ({ role: r.role, decision: r.decision })),
    statement: answer.statement ?? null,
    outsideBoundary: answer.outsideBoundary ?? null,
    dependsOn: answer.dependsOn,
    sessionTags: answer.sessionTags,
    unknowns: answer.unknowns,
    note: answer.note,
    summary: answerSummary(answer, sa.namespace, sa.name),
    markdown: answerMarkdown(answer, sa.namespace, sa.name, question),
  };
}

/** `iamIrsa/serviceAccounts`: every ServiceAccount of the workspace, with where it is defined. */
export function serviceAccountEntries(index: WorkspaceIndex): ServiceAccountEntry[] {
  return serviceAccountsOf(index).flatMap(({ uri, fact }) => {
    const range = index.range(uri, fact.range);
    return range ? [{ namespace: fact.namespace, name: fact.name, uri, range }] : [];
  });
}
