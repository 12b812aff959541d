// The language servers the bench talks to over stdio, as an editor does: ours, and the peers
// vscode-json-language-server (our strict schemas associated) and yaml-language-server.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { processCpuTime, timed } from './stats.mjs';

const require = createRequire(import.meta.url);
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { ServerSession } = require(join(root, 'out/test/support/lspClient.js'));
/** The node options the extension starts our server with (ServerSession starts it so too). */
export const { SERVER_NODE_OPTIONS } = require(join(root, 'out/shared/serverLaunch.js'));

const packageDir = (name) => dirname(require.resolve(`${name}/package.json`));

/** The strict schema of each policy kind, as a user would associate them with their policy files. */
export const SCHEMAS = {
  identity: join(root, 'schemas/identity-policy.schema.json'),
  trust: join(root, 'schemas/trust-policy.schema.json'),
  resource: join(root, 'schemas/resource-policy.schema.json'),
};

/** What VS Code's client declares of completion lists: the item defaults it applies (every server is told the same). */
const EDITOR = { completionItemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] };

/**
 * How each server is started and configured. `schemaFolders` maps a policy kind to the workspace
 * folder its files are written in (the JSON peer validates each against that kind's schema).
 */
const SERVERS = {
  ours: {
    name: 'iam-irsa',
    pull: true,
    start: (workspace, { pull = true, nodeArgs }) => ServerSession.start({ ...EDITOR, pull, workspaceFolders: [workspace], nodeArgs }),
  },
  json: {
    name: 'json',
    pull: true,
    start: (workspace) =>
      ServerSession.start({
        ...EDITOR,
        pull: true,
        workspaceFolders: [workspace],
        command: [join(packageDir('vscode-langservers-extracted'), 'bin/vscode-json-language-server'), '--stdio'],
      }),
    // What VS Code sends: the settings, then the schema associations of its extensions' jsonValidation.
    configure: async (session, { schemaFolders = {} }) => {
      await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: { json: { validate: { enable: true } } } });
      const associations = Object.entries(schemaFolders).map(([kind, folder]) => ({
        fileMatch: [`/${folder}/**/*.json`],
        uri: pathToFileURL(SCHEMAS[kind]).toString(),
      }));
      await session.connection.sendNotification('json/schemaAssociations', associations);
    },
  },
  floor: {
    name: 'floor server',
    pull: true,
    start: (workspace) =>
      ServerSession.start({ ...EDITOR, pull: true, workspaceFolders: [workspace], command: [join(root, 'bench/peers/parse-floor-server.mjs')] }),
  },
  yaml: {
    name: 'yaml',
    pull: false,
    start: (workspace) =>
      ServerSession.start({ ...EDITOR, workspaceFolders: [workspace], command: [join(root, 'bench/peers/yaml-language-server.mjs'), '--stdio'] }),
    // No schema store, no Kubernetes catalogue: both are fetched from the network, and we have no schema of ServiceAccounts.
    configure: (session) =>
      session.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { yaml: { validate: true, hover: true, completion: true, schemaStore: { enable: false }, kubernetesCRDStore: { enable: false } } },
      }),
  },
};

/** One server and the documents open in it, each figure the time until the server has answered. */
export class Editor {
  documents = new Map();

  constructor(kind, session, pull) {
    this.kind = kind;
    this.session = session;
    this.name = SERVERS[kind].name;
    this.pull = pull;
  }

  /**
   * Starts a server on `workspace`; ours is ready once it has indexed it (unless `waitForIndex` is
   * false). `pull: false` starts ours as a client without pull diagnostics would (Neovim 0.7).
   */
  static async start(kind, workspace, options = {}) {
    const session = await SERVERS[kind].start(workspace, options);
    await SERVERS[kind].configure?.(session, options);
    const editor = new Editor(kind, session, options.pull ?? SERVERS[kind].pull);
    if (kind === 'ours' && options.waitForIndex !== false) await editor.indexed();
    return editor;
  }

  /** The server's "indexed N files in M ms" line. */
  async indexed(timeoutMs = 120000) {
    return this.session.until(() => this.session.logs.find((line) => /indexed \d+ files/.test(line)), 'the workspace index', timeoutMs);
  }

  /** didOpen → the document's diagnostics; returns the milliseconds and the diagnostics. */
  async open(uri, text, languageId) {
    this.documents.set(uri, TextDocument.create(uri, languageId, 1, text));
    let diagnostics;
    const elapsed = await timed(async () => (diagnostics = await this.diagnose(uri, () => this.session.open(uri, text, languageId))));
    return { elapsed, diagnostics };
  }

  /** One character typed at `offset` → the document's diagnostics. */
  type(uri, offset, character) {
    return timed(() => this.diagnose(uri, () => this.edit(uri, offset, character)));
  }

  /** The character at `offset` deleted → the document's diagnostics. */
  erase(uri, offset) {
    return timed(() => this.diagnose(uri, () => this.edit(uri, offset, '', 1)));
  }

  /** One character typed at `offset` → completion at `at` (in the text after the keystroke). */
  typeAndComplete(uri, offset, character, at) {
    return timed(async () => {
      await this.edit(uri, offset, character);
      await this.session.completion(uri, this.documents.get(uri).positionAt(at));
    });
  }

  hover(uri, at) {
    return timed(() => this.session.hover(uri, this.documents.get(uri).positionAt(at)));
  }

  async close(uri) {
    this.documents.delete(uri);
    await this.session.close(uri);
  }

  /** The server process's resident memory high-water mark (VmHWM), in MB; undefined where there is no /proc (not Linux). */
  memoryHighWater() {
    const status = existsSync(`/proc/${this.session.process.pid}/status`) ? readFileSync(`/proc/${this.session.process.pid}/status`, 'utf8') : '';
    const kb = /VmHWM:\s*(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  }

  /** The CPU time the server process has used so far, every thread of it (V8's compilers and collector too), in ms; undefined where there is no /proc. */
  cpuTime() {
    return processCpuTime(this.session.process.pid);
  }

  stop() {
    return this.session.stop();
  }

  async edit(uri, offset, character, removed = 0) {
    const before = this.documents.get(uri);
    const change = { range: { start: before.positionAt(offset), end: before.positionAt(offset + removed) }, text: character };
    const after = TextDocument.update(before, [change], before.version + 1);
    this.documents.set(uri, after);
    await this.session.change(uri, after.version, [change]);
  }

  /** After `send`: a pull for the diagnostics, or the next push for `uri` (the yaml peer only pushes). */
  async diagnose(uri, send) {
    if (this.pull) {
      await send();
      return this.session.pull(uri);
    }
    const seen = this.session.published.length;
    await send();
    const pushed = await this.session.until(() => this.session.published.slice(seen).find((p) => p.uri === uri), `diagnostics of ${uri}`, 60000);
    return pushed.diagnostics;
  }
}
