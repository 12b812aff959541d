import {
  createConnection,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  InitializeResult,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService, DEFAULT_SETTINGS, LanguageService, loadCatalog, readSettings, ServiceSettings } from './service';

/** How long typing must pause before a push client gets new diagnostics. */
const PUSH_DEBOUNCE_MS = 200;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let pullDiagnostics = false;
let refreshSupport = false;
let configurationSupport = false;
let settings: ServiceSettings = DEFAULT_SETTINGS;

// The catalogue loads once, in the background, from the moment the process starts.
const service: Promise<LanguageService | undefined> = loadCatalog().then(
  (catalog) => createLanguageService(catalog, settings),
  (error: unknown) => {
    const message = `iam-irsa: the IAM catalogue could not be loaded, no policy is checked: ${String(error)}`;
    connection.console.error(message);
    void connection.window.showErrorMessage(message);
    return undefined;
  },
);

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
  refreshSupport = capabilities.workspace?.diagnostics?.refreshSupport === true;
  configurationSupport = capabilities.workspace?.configuration === true;
  applySettings(params.initializationOptions?.settings);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
    },
    serverInfo: { name: 'iam-irsa', version: process.env.IAM_IRSA_VERSION },
  };
});

connection.onInitialized(() => {
  if (configurationSupport) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'iamIrsa' });
    void fetchSettings();
  }
});

connection.onDidChangeConfiguration((change) => {
  if (configurationSupport) void fetchSettings();
  else applySettings(change.settings?.iamIrsa);
});

connection.languages.diagnostics.on(async (params) => {
  const document = documents.get(params.textDocument.uri);
  return { kind: DocumentDiagnosticReportKind.Full, items: document ? await validate(document) : [] };
});

documents.onDidChangeContent((change) => {
  if (pullDiagnostics) return;
  // A document just opened is validated at once; typing is debounced.
  const uri = change.document.uri;
  schedulePush(change.document, typing.has(uri) ? PUSH_DEBOUNCE_MS : 0);
  typing.add(uri);
});

documents.onDidClose((event) => {
  typing.delete(event.document.uri);
  void service.then((s) => s?.forget(event.document.uri));
  if (!pullDiagnostics) {
    clearTimeout(pending.get(event.document.uri));
    pending.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  }
});

async function validate(document: TextDocument): Promise<Diagnostic[]> {
  const ready = await service;
  if (!ready) return [];
  try {
    return ready.validate(document);
  } catch (error) {
    // A bug in one check must cost that document its diagnostics, never the server.
    connection.console.error(`iam-irsa: validating ${document.uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    return [];
  }
}

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
function revalidateAll(): void {
  if (pullDiagnostics) {
    if (refreshSupport) connection.languages.diagnostics.refresh();
  } else {
    for (const document of documents.all()) schedulePush(document);
  }
}

documents.listen(connection);
connection.listen();
