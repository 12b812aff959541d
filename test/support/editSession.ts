import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CancellationTokenSource,
  CompletionRequest,
  DocumentDiagnosticRequest,
  FileChangeType,
  HoverRequest,
  LSPErrorCodes,
  ResponseError,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { languageIdOf } from '../../server/src/service';
import { ServerSession } from './lspClient';
import { TOKEN_CLASSES } from './sessionWorkspace';

/** A seeded generator (mulberry32): the same seed, the same session. */
export class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** One file of the session as the editor holds it: its text on disk, and its buffer while open. */
export interface SessionDocument {
  readonly file: string;
  readonly uri: string;
  readonly languageId: string;
  disk: string;
  buffer: TextDocument;
  open: boolean;
}

/** What became of the requests sent during the session. */
export interface RequestTally {
  answered: number;
  /** Answered with RequestCancelled after the client's $/cancelRequest. */
  cancelled: number;
  /** Cancelled by the client, yet answered with a result (the server had already finished). */
  answeredDespiteCancel: number;
}

/** Characters a user types: enough to break and mend JSON and YAML on the way. */
const TYPED = 'abcdefghijklmnopqrstuvwxyz0123456789-_:/*"{},[] ';

/**
 * An editor's session over a workspace, driven by a seeded generator: edits (swapping linked names,
 * typing and backspacing, deleting, reverting to the saved text), saves, closes and reopens in any
 * order, a language mode change (close and reopen with the unsaved text), and pulls, completions and
 * hovers of which some are cancelled.
 */
export class EditSession {
  readonly documents: SessionDocument[];
  readonly tally: RequestTally = { answered: 0, cancelled: 0, answeredDespiteCancel: 0 };
  edits = 0;
  private readonly random: Random;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly server: ServerSession,
    private readonly root: string,
    files: Record<string, string>,
    seed: number,
    /** Whether the client pulls diagnostics (as VS Code) or waits for pushes (as Neovim). */
    private readonly pull: boolean,
  ) {
    this.random = new Random(seed);
    this.documents = Object.entries(files).map(([file, text]) => {
      const uri = pathToFileURL(path.join(root, file)).toString();
      const languageId = languageIdOf(file) ?? 'plaintext';
      return { file, uri, languageId, disk: text, buffer: TextDocument.create(uri, languageId, 0, text), open: false };
    });
  }

  get openDocuments(): SessionDocument[] {
    return this.documents.filter((d) => d.open);
  }

  /** Opens `count` documents picked by the generator. */
  async openSome(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const closed = this.documents.filter((d) => !d.open);
      if (closed.length) await this.openDocument(this.random.pick(closed), false);
    }
  }

  /** Runs random steps until `edits` edits have been sent, then waits for every answer. */
  async runUntil(edits: number): Promise<void> {
    while (this.edits < edits) await this.step(edits - this.edits);
    await this.settle();
  }

  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private async step(budget: number): Promise<void> {
    const open = this.openDocuments;
    if (open.length === 0) return this.openSome(1);
    const document = this.random.pick(open);
    const roll = this.random.next();
    if (roll < 0.45) await this.swapToken(document);
    else if (roll < 0.7) await this.typeWord(document, budget);
    else if (roll < 0.77) await this.deleteSpan(document);
    else if (roll < 0.81) await this.revert(document);
    else if (roll < 0.86) await this.closeDocument(document);
    else if (roll < 0.92) await this.openSome(1);
    else if (roll < 0.94) await this.changeLanguageMode(document);
    else if (roll < 0.97) await this.save(document);
    else await sleep(20 + this.random.int(180));
    if (document.open) await this.request(document);
    if (this.inFlight.size > 40) await this.settle();
  }

  /** Replaces one linked name (a namespace, a role, an account, an action…) by another of its class. */
  private async swapToken(document: SessionDocument): Promise<void> {
    const text = document.buffer.getText();
    const found: { offset: number; token: string; others: readonly string[] }[] = [];
    for (const tokens of TOKEN_CLASSES) {
      for (const token of tokens) {
        for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1))
          found.push({ offset: at, token, others: tokens.filter((t) => t !== token) });
      }
    }
    if (found.length === 0) return this.typeWord(document, 1);
    const { offset, token, others } = this.random.pick(found);
    await this.edit(document, offset, offset + token.length, this.random.pick(others));
  }

  /** Types a word a character at a time, and half of the time backspaces it away again. */
  private async typeWord(document: SessionDocument, budget: number): Promise<void> {
    const length = Math.min(1 + this.random.int(6), budget);
    const start = this.random.int(document.buffer.getText().length + 1);
    for (let i = 0; i < length; i++) await this.edit(document, start + i, start + i, this.random.pick([...TYPED]));
    if (this.random.chance(0.5) && budget >= 2 * length) {
      for (let i = length; i > 0; i--) await this.edit(document, start + i - 1, start + i, '');
    }
  }

  private async deleteSpan(document: SessionDocument): Promise<void> {
    const length = document.buffer.getText().length;
    const start = this.random.int(length + 1);
    await this.edit(document, start, Math.min(length, start + 1 + this.random.int(20)), '');
  }

  /** Undoes every unsaved edit at once: one change that replaces the whole text. */
  private async revert(document: SessionDocument): Promise<void> {
    await this.send(document, [{ text: document.disk }]);
  }

  private async edit(document: SessionDocument, start: number, end: number, text: string): Promise<void> {
    const buffer = document.buffer;
    await this.send(document, [{ range: { start: buffer.positionAt(start), end: buffer.positionAt(end) }, text }]);
  }

  private async send(document: SessionDocument, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    document.buffer = TextDocument.update(document.buffer, changes, document.buffer.version + 1);
    this.edits++;
    await this.server.change(document.uri, document.buffer.version, changes);
  }

  /** Opens a document with the text on disk, or (a language mode change) with its unsaved buffer. */
  private async openDocument(document: SessionDocument, keepBuffer: boolean): Promise<void> {
    if (!keepBuffer) document.buffer = TextDocument.create(document.uri, document.languageId, document.buffer.version + 1, document.disk);
    document.open = true;
    await this.server.open(document.uri, document.buffer.getText(), document.languageId, document.buffer.version);
  }

  /** The editor drops unsaved edits: the disk's text is the document's again. */
  private async closeDocument(document: SessionDocument): Promise<void> {
    document.open = false;
    await this.server.close(document.uri);
  }

  /** VS Code closes and reopens a document whose language mode changes, unsaved text and all. */
  private async changeLanguageMode(document: SessionDocument): Promise<void> {
    await this.closeDocument(document);
    await this.openDocument(document, true);
  }

  private async save(document: SessionDocument): Promise<void> {
    document.disk = document.buffer.getText();
    writeFileSync(path.join(this.root, document.file), document.disk);
    await this.server.filesChanged([{ uri: document.uri, type: FileChangeType.Changed }]);
  }

  /** A pull (pull clients only), a completion or a hover at a random place; a third of them cancelled. */
  private async request(document: SessionDocument): Promise<void> {
    const roll = this.random.next();
    const textDocument = { uri: document.uri };
    const position = document.buffer.positionAt(this.random.int(document.buffer.getText().length + 1));
    const cancel = this.random.chance(0.33);
    const source = new CancellationTokenSource();
    let answer: Promise<unknown>;
    if (this.pull && roll < 0.3) answer = this.server.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument }, source.token);
    else if (roll < 0.4) answer = this.server.connection.sendRequest(CompletionRequest.type, { textDocument, position }, source.token);
    else if (roll < 0.5) answer = this.server.connection.sendRequest(HoverRequest.type, { textDocument, position }, source.token);
    else return;
    if (cancel) {
      if (this.random.chance(0.5)) source.cancel();
      else setImmediate(() => source.cancel());
    }
    const settled = answer.then(
      () => {
        this.tally.answered++;
        if (cancel) this.tally.answeredDespiteCancel++;
      },
      (error: unknown) => {
        const code = error instanceof ResponseError ? error.code : undefined;
        if (!cancel || (code !== LSPErrorCodes.RequestCancelled && code !== LSPErrorCodes.ServerCancelled)) throw error;
        this.tally.cancelled++;
      },
    );
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled)).catch(() => undefined);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
