import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InitializeResult,
  Location,
  MessageType,
  ProposedFeatures,
  ShowMessageRequest,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { fileURLToPath } from 'url';
import {
  COMPLETION_TRIGGERS,
  DEFAULT_SETTINGS,
  describeSize,
  FIX_ALL_KIND,
  LanguageService,
  MAX_DOCUMENT_LENGTH,
  readSettings,
  SERVER_COMMANDS,
  ServiceSettings,
  withItemDefaults,
} from './service';
import { serviceLanguageId } from './service';
import { WorkspaceIndexer } from './workspaceIndexer';
import { DiagnosticReports } from './diagnosticReports';
import { WARMED_UP } from './codeCache';
import { consoleToClient, OneWritePerMessage } from './stdioTransport';
import { indexThreads, startService } from './serverStart';
import { readWorkspaceFile, registerPermissionRequests } from './permissionRequests';

/** How long typing must pause before a push client gets new diagnostics. */
const PUSH_DEBOUNCE_MS = 200;
/** How long the workspace must be quiet before other documents' cross-file diagnostics are refreshed. */
const REFRESH_DEBOUNCE_MS = 300;
/** The files the index reads, for the client's file watcher. */
const WATCHED = '**/*.{json,yaml,yml,template,sh,bash,tf,tfvars}';
/** Files named in the log after indexing, each with why it was skipped; a generated tree could name thousands. */
const LOGGED_NOTICES = 20;

// Over stdio, each message leaves in one write (stdioTransport.ts); other transports as the library sets them up.
const stdio = process.argv.includes('--stdio');
const connection = stdio
  ? createConnection(ProposedFeatures.all, process.stdin, new OneWritePerMessage(process.stdout))
  : createConnection(ProposedFeatures.all);
if (stdio) consoleToClient(connection.console);
// Editors other than VS Code name some languages differently (Neovim: sh); the service reads VS Code's names.
const documents = new TextDocuments<TextDocument>({
  create: (uri, languageId, version, text) => TextDocument.create(uri, serviceLanguageId(languageId, uri), version, text),
  update: TextDocument.update,
});

let pullDiagnostics = false;
let refreshSupport = false;
let configurationSupport = false;
let watcherRegistration = false;
let definitionLinkSupport = false;
let codeLensRefreshSupport = false;
/** The completion item defaults the client applies (completionList.itemDefaults): what items share is sent once. */
let itemDefaults: readonly string[] = [];
let workspaceFolders: string[] = [];
let settings: ServiceSettings = DEFAULT_SETTINGS;
/** Settled once the client answered the first workspace/configuration request (at once without one). */
let firstSettings: Promise<void> = Promise.resolve();

// The catalogue and the grammars load once, in the background, from the moment the process starts (serverStart.ts).
const { service, serviceFor } = startService(
  () => settings,
  readWorkspaceFile,
  (message) => {
    connection.console.error(message);
    showMessage(MessageType.Error, message);
  },
);

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
  refreshSupport = capabilities.workspace?.diagnostics?.refreshSupport === true;
  configurationSupport = capabilities.workspace?.configuration === true;
  watcherRegistration = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  definitionLinkSupport = capabilities.textDocument?.definition?.linkSupport === true;
  codeLensRefreshSupport = capabilities.workspace?.codeLens?.refreshSupport === true;
  itemDefaults = capabilities.textDocument?.completion?.completionList?.itemDefaults ?? [];
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspaceFolders = folders.flatMap((uri) => (uri.startsWith('file:') ? [fileURLToPath(uri)] : []));
  applySettings(params.initializationOptions?.settings);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      definitionProvider: true,
      referencesProvider: true,
      documentLinkProvider: { resolveProvider: false },
      codeLensProvider: { resolveProvider: false },
      hoverProvider: true,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      executeCommandProvider: { commands: [...SERVER_COMMANDS] },
    },
    serverInfo: { name: 'iam-irsa', version: process.env.IAM_IRSA_VERSION },
  };
});

connection.onInitialized(() => {
  if (configurationSupport) {
    unawaited(connection.client.register(DidChangeConfigurationNotification.type, { section: 'iamIrsa' }), 'client/registerCapability');
    firstSettings = fetchSettings();
    unawaited(firstSettings, 'workspace/configuration');
  }
  if (watcherRegistration)
    unawaited(
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED }, { globPattern: '**/Kustomization' }] }),
      'client/registerCapability',
    );
  void indexWorkspace();
});

// The workspace index: role definitions, ServiceAccounts and trust policies of every file, not only the open ones.
// It walks and reads the files while the grammars load: it records them once they can all be read.
const indexer: Promise<WorkspaceIndexer | undefined> = service.then(
  (s) =>
    s &&
    new WorkspaceIndexer(
      serviceFor(undefined),
      (uri) => documents.get(uri) !== undefined,
      () => settings.exclude,
      { threads: indexThreads(), settings: () => settings },
    ),
);

async function indexWorkspace(): Promise<void> {
  const ready = await indexer;
  if (!ready || workspaceFolders.length === 0) return;
  // The walk leaves out the excluded files: it waits for the client's settings (their first answer).
  await firstSettings.catch(() => undefined);
  const report = await ready.indexFolders(workspaceFolders);
  if (!report) return;
  const threads = report.threads ? `, read on ${report.threads} worker threads` : '';
  connection.console.info(
    `iam-irsa: indexed ${report.files} files in ${report.ms.toFixed(0)} ms (${report.skipped} skipped: too large or unreadable)${threads}`,
  );
  for (const notice of report.notices.slice(0, LOGGED_NOTICES)) connection.console.info(`iam-irsa: ${notice.file} ${notice.message}`);
  if (report.notices.length > LOGGED_NOTICES)
    connection.console.info(`iam-irsa: and ${report.notices.length - LOGGED_NOTICES} more files not indexed or not UTF-8`);
  revalidateAll();
}

connection.onDidChangeWatchedFiles(async ({ changes }) => {
  const [ready, files] = await Promise.all([service, indexer]);
  if (!ready || !files) return;
  for (const change of changes) {
    if (change.type === FileChangeType.Deleted) files.remove(change.uri);
    else await files.refresh(change.uri);
  }
  refreshAffected(ready);
});

connection.onDidChangeConfiguration((change) => {
  if (configurationSupport) unawaited(fetchSettings(), 'workspace/configuration');
  else applySettings(change.settings?.iamIrsa);
});

const reports = new DiagnosticReports();
connection.languages.diagnostics.on(async (params) => {
  const document = documents.get(params.textDocument.uri);
  return reports.report(document ? await validate(document) : [], params.previousResultId);
});

// An opened document's text replaces the disk's in the index at once: other documents' cross-file
// diagnostics must not wait for its own validation.
documents.onDidOpen((event) => {
  const length = event.document.getText().length;
  if (length > MAX_DOCUMENT_LENGTH)
    connection.console.info(
      `iam-irsa: ${event.document.uri} is not checked: it is ${describeSize(length)}, over the ${describeSize(MAX_DOCUMENT_LENGTH)} iam-irsa reads`,
    );
  inBackground(`opening ${event.document.uri}`, async () => {
    const ready = await serviceFor(event.document.languageId);
    if (!ready) return;
    ready.open(event.document);
    refreshAffected(ready);
  });
});

documents.onDidChangeContent((change) => {
  if (pullDiagnostics) return;
  // A document just opened is validated at once; typing is debounced.
  const uri = change.document.uri;
  schedulePush(change.document, typing.has(uri) ? PUSH_DEBOUNCE_MS : 0);
  typing.add(uri);
});

documents.onDidClose((event) => {
  // Unsaved edits die with the editor: the disk's text is what the workspace has again.
  inBackground(`closing ${event.document.uri}`, async () => {
    const [ready, files] = await Promise.all([service, indexer]);
    if (!ready || !files) return;
    ready.close(event.document.uri);
    await files.refresh(event.document.uri);
    refreshAffected(ready);
  });
  typing.delete(event.document.uri);
  if (!pullDiagnostics) {
    clearTimeout(pending.get(event.document.uri));
    pending.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  }
});

let warmedUp = false;

async function validate(document: TextDocument): Promise<Diagnostic[]> {
  const ready = await serviceFor(document.languageId);
  if (!ready) return [];
  try {
    const diagnostics = ready.validate(document);
    // This document's roles, ServiceAccounts or subjects changed: other documents' links may have too.
    refreshAffected(ready);
    if (!warmedUp) {
      warmedUp = true;
      // After the answer is out: the code cache loader (codeCache.ts) may now cache what the first validation compiled.
      setImmediate(() => (process as NodeJS.EventEmitter).emit(WARMED_UP));
    }
    return diagnostics;
  } catch (error) {
    // A bug in one check must cost that document its diagnostics, never the server.
    connection.console.error(`iam-irsa: validating ${document.uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    return [];
  }
}

/**
 * A feature on an open document. The service first brings every open document's text into the index
 * (the disk indexer leaves open files to the editor), which may change other documents' links.
 */
async function navigate<T>(uri: string, empty: T, feature: (service: LanguageService, document: TextDocument) => T): Promise<T> {
  const ready = await serviceFor(documents.get(uri)?.languageId);
  const document = documents.get(uri);
  if (!ready || !document) return empty;
  try {
    const result = feature(ready, document);
    refreshAffected(ready);
    return result;
  } catch (error) {
    connection.console.error(`iam-irsa: navigation in ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    return empty;
  }
}

connection.onDefinition((params) =>
  navigate(params.textDocument.uri, [], (s, document) => {
    const links = s.findDefinition(document, params.position);
    // One location makes the editor jump; a client without link support gets the selected part.
    return definitionLinkSupport ? links : links.map((l) => Location.create(l.targetUri, l.targetSelectionRange));
  }),
);
connection.onReferences((params) => navigate(params.textDocument.uri, [], (s, document) => s.findReferences(document, params.position, params.context)));
connection.onDocumentLinks((params) => navigate(params.textDocument.uri, [], (s, document) => s.findDocumentLinks(document)));
connection.onCodeLens((params) => navigate(params.textDocument.uri, [], (s, document) => s.findCodeLenses(document)));
connection.onHover((params) => navigate(params.textDocument.uri, null, (s, document) => s.doHover(document, params.position)));
connection.onCompletion((params) => navigate(params.textDocument.uri, null, (s, doc) => withItemDefaults(s.doComplete(doc, params.position), itemDefaults)));
connection.onCompletionResolve(async (item) => {
  const ready = await service;
  try {
    return ready ? ready.resolveCompletion(item) : item;
  } catch (error) {
    connection.console.error(`iam-irsa: completion resolve failed: ${error instanceof Error ? error.stack : String(error)}`);
    return item;
  }
});
connection.onCodeAction((params) =>
  navigate(params.textDocument.uri, [], (s, document) => s.getCodeActions(document, params.range, params.context.diagnostics, params.context.only)),
);
connection.onExecuteCommand(async (params) => {
  const args = params.arguments ?? [];
  const uri = typeof args[0] === 'string' ? args[0] : undefined;
  const result = uri ? await navigate(uri, undefined, (s, document) => s.executeCommand(document, params.command, args)) : undefined;
  if (!result) {
    showMessage(MessageType.Warning, `iam-irsa: ${params.command} needs an open document`);
    return undefined;
  }
  if (result.message) showMessage(MessageType.Warning, `iam-irsa: ${result.message}`);
  if (!result.edit) return result;
  const applied = await connection.workspace.applyEdit({ label: params.command, edit: result.edit });
  if (applied.applied) return result;
  // Refused (a file of that name appeared meanwhile): nothing was created, so the client must not open it.
  showMessage(MessageType.Warning, `iam-irsa: the editor did not apply the edit${applied.failureReason ? `: ${applied.failureReason}` : ''}`);
  return { message: applied.failureReason ?? 'the edit was not applied' };
});

registerPermissionRequests(connection, service, documents, refreshAffected);

const pending = new Map<string, NodeJS.Timeout>();
const typing = new Set<string>();

function schedulePush(document: TextDocument, delayMs = PUSH_DEBOUNCE_MS): void {
  clearTimeout(pending.get(document.uri));
  pending.set(
    document.uri,
    setTimeout(() => {
      pending.delete(document.uri);
      void pushDiagnostics(document.uri);
    }, delayMs),
  );
}

async function pushDiagnostics(uri: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  const version = document.version;
  const diagnostics = await validate(document);
  // A newer edit has its own validation scheduled; stale results would flicker.
  if (documents.get(uri)?.version !== version) return;
  await connection.sendDiagnostics({ uri, version, diagnostics });
}

/** Work started by an editor event, not awaited by anyone: a bug in it costs that work (logged), never the server. */
function inBackground(what: string, work: () => Promise<void>): void {
  work().catch((error: unknown) => connection.console.error(`iam-irsa: ${what} failed: ${error instanceof Error ? error.stack : String(error)}`));
}

/**
 * A request to the client whose answer the server does not wait for. A client may answer it with an
 * error: that is logged. Left unhandled, the rejection would end the server's process.
 */
function unawaited(request: Promise<unknown>, method: string): void {
  request.catch((error: unknown) => {
    try {
      connection.console.warn(`iam-irsa: the client answered ${method} with an error: ${error instanceof Error ? error.message : String(error)}`);
    } catch {
      // The connection is gone: there is no one left to tell.
    }
  });
}

/** A message to the user, as window/showMessageRequest (what connection.window.show*Message send, though typed void). */
function showMessage(type: MessageType, message: string): void {
  unawaited(connection.sendRequest(ShowMessageRequest.type, { type, message }), 'window/showMessageRequest');
}

async function fetchSettings(): Promise<void> {
  applySettings(await connection.workspace.getConfiguration('iamIrsa'));
}

function applySettings(raw: unknown): void {
  if (raw === undefined || raw === null) return;
  const { settings: next, problems } = readSettings(raw);
  for (const problem of problems) connection.console.warn(`iam-irsa settings: ${problem}`);
  settings = next;
  void service.then((s) => {
    s?.configure(settings);
    revalidateAll();
  });
}

/** After a change that affects other documents: pull clients are asked to re-pull, push clients get new results. */
function revalidate(uris: Iterable<string>): void {
  // Code lenses count ServiceAccounts and associations of the whole workspace.
  if (codeLensRefreshSupport) unawaited(connection.sendRequest(CodeLensRefreshRequest.type), 'workspace/codeLens/refresh');
  if (pullDiagnostics) {
    if (refreshSupport) unawaited(connection.languages.diagnostics.refresh(), 'workspace/diagnostic/refresh');
  } else {
    for (const uri of uris) {
      const document = documents.get(uri);
      if (document) schedulePush(document);
    }
  }
}

/** Every open document: after the workspace was indexed, or the settings changed. */
function revalidateAll(): void {
  revalidate(documents.keys());
}

let refreshTimer: NodeJS.Timeout | undefined;
const toRefresh = new Set<string>();

/** The open documents the service says a change affected are revalidated once the changes settle. */
function refreshAffected(ready: LanguageService): void {
  const affected = ready.affectedDocuments();
  if (affected.length === 0) return;
  for (const uri of affected) toRefresh.add(uri);
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    const uris = [...toRefresh];
    toRefresh.clear();
    revalidate(uris);
  }, REFRESH_DEBOUNCE_MS);
}

documents.listen(connection);
connection.listen();
