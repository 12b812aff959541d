import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService, DEFAULT_SETTINGS, loadResources, ServiceResources } from '../../server/src/service';
import { SessionDocument } from './editSession';
import { ServerSession } from './lspClient';

let resources: Promise<ServiceResources> | undefined;

/**
 * What a language service that never saw the session says of its open documents: every closed file
 * indexed from its text on disk, every open one from its buffer, as the server's indexer and editor
 * would have them after a restart.
 */
export async function freshInProcess(documents: readonly SessionDocument[]): Promise<Map<string, Diagnostic[]>> {
  const service = createLanguageService(await (resources ??= loadResources()), DEFAULT_SETTINGS);
  for (const d of documents) if (!d.open) service.indexFile(d.uri, d.languageId, d.disk);
  const open = documents.filter((d) => d.open).map((d) => TextDocument.create(d.uri, d.languageId, d.buffer.version, d.buffer.getText()));
  for (const document of open) service.analyze(document);
  return new Map(open.map((document) => [document.uri, service.validate(document)]));
}

/** What a server process started afresh on the workspace, once it has indexed it, says of the same open texts. */
export async function freshServer(root: string, documents: readonly SessionDocument[]): Promise<Map<string, Diagnostic[]>> {
  const server = await ServerSession.start({ pull: true, workspaceFolders: [root] });
  try {
    await server.until(() => server.logs.find((l) => l.includes('indexed')), 'the workspace index');
    const open = documents.filter((d) => d.open);
    for (const d of open) await server.open(d.uri, d.buffer.getText(), d.languageId, d.buffer.version);
    return await pulled(server, open);
  } finally {
    await server.stop();
  }
}

export async function pulled(server: ServerSession, documents: readonly SessionDocument[]): Promise<Map<string, Diagnostic[]>> {
  const result = new Map<string, Diagnostic[]>();
  for (const document of documents) result.set(document.uri, await server.pull(document.uri));
  return result;
}

/** Each open document's last push, once every one has a push for its current version and the server has gone quiet for `quietMs`. */
export async function lastPushed(server: ServerSession, documents: readonly SessionDocument[], quietMs = 1000): Promise<Map<string, Diagnostic[]>> {
  const open = documents.filter((d) => d.open);
  const last = () => {
    const latest = new Map<string, (typeof server.published)[number]>();
    for (const p of server.published) latest.set(p.uri, p);
    return latest;
  };
  await server.until(() => (open.every((d) => last().get(d.uri)?.version === d.buffer.version) ? true : undefined), 'a push for every open document', 30000);
  for (let count = -1; count !== server.published.length;) {
    count = server.published.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
  const latest = last();
  return new Map(open.map((d) => [d.uri, latest.get(d.uri)!.diagnostics]));
}
