import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ClientCapabilities,
  ConfigurationRequest,
  createProtocolConnection,
  Diagnostic,
  DiagnosticRefreshRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticReport,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER_PATH = path.join(REPO_ROOT, 'dist', 'server.js');

export interface SessionOptions {
  /** Offer LSP 3.17 pull diagnostics, as VS Code does; otherwise the server pushes, as for Neovim 0.7. */
  readonly pull?: boolean;
  /** Answer `workspace/configuration` with these `iamIrsa` settings. */
  readonly configuration?: unknown;
  readonly initializationOptions?: unknown;
}

/** The built language server spoken to over stdio, exactly as an editor does. */
export class ServerSession {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly refreshes: number[] = [];
  readonly stderr: string[] = [];
  initializeResult!: InitializeResult;
  private readonly waiters: (() => void)[] = [];

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(options: SessionOptions = {}): Promise<ServerSession> {
    const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new ServerSession(child, connection);
    child.stderr!.on('data', (chunk: Buffer) => session.stderr.push(chunk.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      session.published.push(params);
      session.wake();
    });
    connection.onRequest(DiagnosticRefreshRequest.type, () => {
      session.refreshes.push(Date.now());
      session.wake();
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => options.configuration ?? null));
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.listen();
    const capabilities: ClientCapabilities = {
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      workspace: {
        configuration: options.configuration !== undefined,
        ...(options.pull ? { diagnostics: { refreshSupport: true } } : {}),
      },
    };
    session.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(REPO_ROOT).toString(),
      capabilities,
      initializationOptions: options.initializationOptions,
      workspaceFolders: null,
    });
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

  async pull(uri: string): Promise<Diagnostic[]> {
    const report: DocumentDiagnosticReport = await this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    assertFull(report);
    return report.items;
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
