import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditRequest,
  ClientCapabilities,
  CodeAction,
  CodeActionRequest,
  CodeLens,
  Command,
  CompletionItem,
  CompletionList,
  CompletionRequest,
  CompletionResolveRequest,
  CodeLensRequest,
  ConfigurationRequest,
  DefinitionRequest,
  createProtocolConnection,
  Diagnostic,
  DiagnosticRefreshRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticReport,
  DocumentDiagnosticRequest,
  DocumentLink,
  DocumentLinkRequest,
  ErrorCodes,
  ExecuteCommandRequest,
  ExitNotification,
  FileEvent,
  Hover,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  Location,
  LocationLink,
  LogMessageNotification,
  Position,
  ProtocolConnection,
  Range,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  ReferencesRequest,
  RegistrationRequest,
  ResponseError,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { SERVER_NODE_OPTIONS } from '../../shared/serverLaunch';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER_PATH = path.join(REPO_ROOT, 'dist', 'server.js');

export interface SessionOptions {
  /** Offer LSP 3.17 pull diagnostics, as VS Code does; otherwise the server pushes, as for Neovim 0.7. */
  readonly pull?: boolean;
  /** Answer `workspace/configuration` with these `iamIrsa` settings. */
  readonly configuration?: unknown;
  readonly initializationOptions?: unknown;
  /** Folders (paths) to open as the workspace, indexed by the server at start; by default the repository is the root. */
  readonly workspaceFolders?: readonly string[];
  /** Take `LocationLink`s from textDocument/definition, as VS Code does. */
  readonly definitionLinks?: boolean;
  /** Options for node itself, before the server's script (e.g. `--require` of a test preload, `--expose-gc`): after the extension's own (SERVER_NODE_OPTIONS) for our server, a later one overriding. */
  readonly nodeArgs?: readonly string[];
  /** The server's environment; by default the test's own. */
  readonly env?: NodeJS.ProcessEnv;
  /** Another language server's script and arguments (the bench's peers); by default the built iam-irsa server over stdio. */
  readonly command?: readonly string[];
  /** Requests of the server (methods) that the client answers with an error, as a failing client does. */
  readonly refuse?: readonly string[];
  /** The completion list's item defaults the client reads (VS Code's: editRange, data and more); `completion` applies them back. */
  readonly completionItemDefaults?: readonly string[];
}

/** The built language server spoken to over stdio, exactly as an editor does. */
export class ServerSession {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly refreshes: number[] = [];
  /** The edits the server asked the editor to apply (workspace/applyEdit), each accepted. */
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  readonly stderr: string[] = [];
  /** The server's window/logMessage lines (e.g. "indexed 50 files"). */
  readonly logs: string[] = [];
  /** The requests of the server that this client answered with an error (`refuse`), in order. */
  readonly refused: string[] = [];
  initializeResult!: InitializeResult;
  private readonly waiters: (() => void)[] = [];

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(options: SessionOptions = {}): Promise<ServerSession> {
    // Our server with the node options the extension starts it with; a peer as it comes.
    const args = options.command
      ? [...(options.nodeArgs ?? []), ...options.command]
      : [...SERVER_NODE_OPTIONS, ...(options.nodeArgs ?? []), SERVER_PATH, '--stdio'];
    const child = spawn(process.execPath, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env,
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new ServerSession(child, connection);
    child.stderr!.on('data', (chunk: Buffer) => session.stderr.push(chunk.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      session.published.push(params);
      session.wake();
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      session.logs.push(params.message);
      session.wake();
    });
    connection.onRequest(DiagnosticRefreshRequest.type, () => {
      session.refreshes.push(Date.now());
      session.wake();
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => options.configuration ?? null));
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      session.appliedEdits.push(params);
      session.wake();
      return { applied: true };
    });
    for (const method of options.refuse ?? []) {
      connection.onRequest(method, () => {
        session.refused.push(method);
        session.wake();
        return new ResponseError(ErrorCodes.InternalError, `the client refuses ${method}`);
      });
    }
    connection.listen();
    const capabilities: ClientCapabilities = {
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
        ...(options.definitionLinks ? { definition: { dynamicRegistration: false, linkSupport: true } } : {}),
        completion: {
          completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], resolveSupport: { properties: ['documentation', 'detail'] } },
          ...(options.completionItemDefaults ? { completionList: { itemDefaults: [...options.completionItemDefaults] } } : {}),
        },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true },
      },
      workspace: {
        applyEdit: true,
        workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
        configuration: options.configuration !== undefined,
        ...(options.pull ? { diagnostics: { refreshSupport: true } } : {}),
      },
    };
    // A server that dies is an error, not a wait forever: before it answers initialize (a bad command line, a failing
    // import) with its command line and stderr; later, each request in flight (the library rejects them once disposed).
    const died = new Promise<never>((_, reject) =>
      child.once('close', (code, signal) => {
        reject(new Error(`the server exited (${signal ?? `code ${code}`}) before answering initialize: ${args.join(' ')}\n${session.stderr.join('')}`));
        connection.dispose();
      }),
    );
    died.catch(() => undefined);
    session.initializeResult = await Promise.race([
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: pathToFileURL(options.workspaceFolders?.[0] ?? REPO_ROOT).toString(),
        capabilities,
        initializationOptions: options.initializationOptions,
        workspaceFolders: options.workspaceFolders?.map((folder) => ({ uri: pathToFileURL(folder).toString(), name: path.basename(folder) })) ?? null,
      }),
      died,
    ]);
    await connection.sendNotification(InitializedNotification.type, {});
    return session;
  }

  async open(uri: string, text: string, languageId = 'json', version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The report as the server gives it, for a client that holds `previousResultId` from an earlier one. */
  async pullReport(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri },
      ...(previousResultId === undefined ? {} : { previousResultId }),
    });
  }

  async pull(uri: string): Promise<Diagnostic[]> {
    const report: DocumentDiagnosticReport = await this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    assertFull(report);
    return report.items;
  }

  async definition(uri: string, position: Position): Promise<Location | Location[] | LocationLink[] | null> {
    return this.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position });
  }

  async references(uri: string, position: Position, includeDeclaration = false): Promise<Location[]> {
    return (await this.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration } })) ?? [];
  }

  async documentLinks(uri: string): Promise<DocumentLink[]> {
    return (await this.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } })) ?? [];
  }

  async codeLenses(uri: string): Promise<CodeLens[]> {
    return (await this.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
  }

  async hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  /** The items offered at `position`, each with the list's item defaults applied, as an editor shows them. */
  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result = await this.completionList(uri, position);
    return Array.isArray(result) ? result : result ? withItemDefaultsApplied(result) : [];
  }

  /** The completion result as the server sent it. */
  async completionList(uri: string, position: Position): Promise<CompletionList | CompletionItem[] | null> {
    return this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
  }

  async resolveCompletion(item: CompletionItem): Promise<CompletionItem> {
    return this.connection.sendRequest(CompletionResolveRequest.type, item);
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<(CodeAction | Command)[]> {
    return (await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } })) ?? [];
  }

  async executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  /** Tells the server that files changed on disk, as the client's file watcher does. */
  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Asks `probe` again every 100 ms until it returns a value (the server answers from what it has indexed so far). */
  async eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server stderr: ${this.stderr.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The first push for `uri` (after those already seen) that satisfies `accept`. */
  async nextPublished(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 15000): Promise<PublishDiagnosticsParams> {
    return this.until(() => this.published.find((p) => p.uri === uri && accept(p)), `diagnostics for ${uri}`, timeoutMs);
  }

  /** Resolves once `probe` returns a value, re-checked whenever the server sends something. */
  async until<T>(probe: () => T | undefined, what: string, timeoutMs = 15000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; server stderr: ${this.stderr.join('')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The server may already be gone; the kill below settles it either way.
    }
    this.connection.dispose();
    this.process.kill();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

function assertFull(report: DocumentDiagnosticReport): asserts report is DocumentDiagnosticReport & { kind: 'full'; items: Diagnostic[] } {
  if (report.kind !== 'full') throw new Error(`expected a full diagnostic report, got ${report.kind}`);
}

/** A list's items with its item defaults applied as a client does (LSP 3.17): the shared edit range with each item's text, the shared data. */
export function withItemDefaultsApplied(list: CompletionList): CompletionItem[] {
  const defaults = list.itemDefaults;
  if (!defaults) return list.items;
  return list.items.map(({ textEditText, ...item }) => {
    const range = defaults.editRange;
    if (range && !item.textEdit)
      item.textEdit = 'start' in range ? { range, newText: textEditText ?? item.label } : { ...range, newText: textEditText ?? item.label };
    if (defaults.data !== undefined && item.data === undefined) item.data = defaults.data;
    return item;
  });
}
