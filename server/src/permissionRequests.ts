import { readFileSync, statSync } from 'fs';
import { fileURLToPath } from 'url';
import { Connection, ErrorCodes, ResponseError, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Position } from 'vscode-languageserver-types';
import { CanParams, CanResult, EffectivePermissionsResult, PERMISSION_REQUEST, ServiceAccountEntry, ServiceAccountTarget } from '../../shared/protocol';
import { LanguageService, MAX_DOCUMENT_LENGTH, ServiceAccountName } from './service';

/**
 * The server's requests about a ServiceAccount's permissions (docs/lsp.md), wired to the service:
 * `iamIrsa/effectivePermissions`, `iamIrsa/can`, `iamIrsa/serviceAccounts`. Thin: the params are
 * checked for shape, the service answers.
 */
export function registerPermissionRequests(
  connection: Connection,
  service: Promise<LanguageService | undefined>,
  documents: TextDocuments<TextDocument>,
  /** After each answer: the service may have brought open documents into the index. */
  settled: (service: LanguageService) => void,
): void {
  async function answer<T>(method: string, work: (service: LanguageService) => T): Promise<T | ResponseError<void>> {
    const ready = await service;
    if (!ready) return new ResponseError(ErrorCodes.InternalError, 'iam-irsa: the IAM catalogue could not be loaded');
    try {
      const result = work(ready);
      settled(ready);
      return result;
    } catch (error) {
      if (error instanceof ResponseError) return error;
      connection.console.error(`iam-irsa: ${method} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return new ResponseError(ErrorCodes.InternalError, `iam-irsa: ${method} failed`);
    }
  }

  /** The ServiceAccount the params name (or the one at their position); null when none is there. */
  function serviceAccountOf(ready: LanguageService, target: unknown): ServiceAccountName | null {
    const checked = targetOf(target);
    const document = 'uri' in checked ? documents.get(checked.uri) : undefined;
    if ('uri' in checked && !document) throw new ResponseError(ErrorCodes.InvalidParams, `iam-irsa: ${checked.uri} is not open`);
    return ready.serviceAccountOf(checked, document) ?? null;
  }

  connection.onRequest(PERMISSION_REQUEST.effectivePermissions, (params: unknown) =>
    answer<EffectivePermissionsResult | null>(PERMISSION_REQUEST.effectivePermissions, (ready) => {
      const sa = serviceAccountOf(ready, params);
      return sa && ready.effectivePermissions(sa);
    }),
  );
  connection.onRequest(PERMISSION_REQUEST.can, (params: unknown) =>
    answer<CanResult | null>(PERMISSION_REQUEST.can, (ready) => {
      const { target, ...question } = (typeof params === 'object' && params !== null ? params : {}) as Partial<CanParams>;
      const sa = serviceAccountOf(ready, target);
      if (!sa) return null;
      const result = ready.can(sa, question as Omit<CanParams, 'target'>);
      if ('error' in result) throw new ResponseError(ErrorCodes.InvalidParams, `iam-irsa: ${result.error}`);
      return result;
    }),
  );
  connection.onRequest(PERMISSION_REQUEST.serviceAccounts, () =>
    answer<ServiceAccountEntry[]>(PERMISSION_REQUEST.serviceAccounts, (ready) => ready.serviceAccounts()),
  );
}

/** `{namespace, name, manifest?}` or `{uri, position}`, else an InvalidParams error saying so. */
function targetOf(value: unknown): ServiceAccountTarget {
  const target = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof target.namespace === 'string' && typeof target.name === 'string' && target.namespace && target.name)
    return { namespace: target.namespace, name: target.name, manifest: typeof target.manifest === 'string' ? target.manifest : undefined };
  if (typeof target.uri === 'string' && Position.is(target.position)) return { uri: target.uri, position: target.position };
  throw new ResponseError(ErrorCodes.InvalidParams, 'iam-irsa: name the ServiceAccount as {namespace, name} or {uri, position}');
}

/** A file of the workspace from disk, for the permission features (the policies a role's definition points at); undefined when unreadable. */
export function readWorkspaceFile(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const file = fileURLToPath(uri);
    // Characters never outnumber bytes: a file over the limit in bytes may still be under it in characters.
    if (statSync(file).size > MAX_DOCUMENT_LENGTH * 4) return undefined;
    const text = readFileSync(file, 'utf8');
    return text.length > MAX_DOCUMENT_LENGTH ? undefined : text;
  } catch {
    return undefined;
  }
}
