import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { createProtocolConnection, InitializeRequest, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT, ServerSession } from '../support/lspClient';
import { SERVER_NODE_OPTIONS } from '../../shared/serverLaunch';

const BIN = path.join(REPO_ROOT, 'bin', 'iam-irsa-language-server.js');
const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 10_000, input: '' });

/** The server's name and version from an initialize over the bin's stdin/stdout. */
async function initialize(args: string[]): Promise<{ name: string; version?: string } | undefined> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();
  try {
    const result = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    return result.serverInfo;
  } finally {
    connection.dispose();
    child.kill();
  }
}

describe('iam-irsa-language-server', () => {
  test('package.json ships it as a bin', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(pkg.bin['iam-irsa-language-server'], 'bin/iam-irsa-language-server.js');
  });

  for (const args of [['--stdio'], []]) {
    test(`${args.length ? args.join(' ') : 'with no option'}: speaks LSP over stdin/stdout`, async () => {
      assert.deepEqual(await initialize(args), { name: 'iam-irsa', version: VERSION });
    });
  }

  test('--version prints the version', () => {
    for (const flag of ['--version', '-v']) {
      const result = run([flag]);
      assert.equal(result.status, 0);
      assert.equal(result.stdout, `${VERSION}\n`);
    }
  });

  test('--help says what it is, its options and where the editor set-up is', () => {
    const result = run(['--help']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Usage: iam-irsa-language-server \[--stdio\]/);
    assert.match(result.stdout, /--stdio {2,}talk LSP over stdin\/stdout/);
    assert.match(result.stdout, /"Other editors" in the README/);
    assert.equal(result.stderr, '');
  });

  test('an unknown option or an argument is a usage error: exit 2, the reason and the usage on stderr', () => {
    for (const [args, reason] of [
      [['--node-ipc'], 'unknown option "--node-ipc"'],
      [['--stdio', 'file.json'], 'unexpected argument "file.json"'],
    ] as const) {
      const result = run([...args]);
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      assert.ok(result.stderr.startsWith(`iam-irsa-language-server: ${reason}\n`), result.stderr);
      assert.match(result.stderr, /Usage: iam-irsa-language-server/);
    }
  });
});

describe("the server bundle through V8's code cache (dist/serverMain.js.v8-*.cache)", () => {
  const bundle = path.join(REPO_ROOT, 'dist', 'serverMain.js');
  /** The cache a server started with these node options reads and writes (named by V8's flags, worked out in such a process). */
  const cacheFileFor = (nodeOptions: readonly string[]) =>
    spawnSync(
      process.execPath,
      [
        ...nodeOptions,
        '-e',
        `process.stdout.write(require(${JSON.stringify(path.join(REPO_ROOT, 'out/server/src/codeCache.js'))}).codeCacheFile(${JSON.stringify(bundle)}))`,
      ],
      { encoding: 'utf8' },
    ).stdout;
  // The server as the extension starts it (ServerSession does too).
  const cache = cacheFileFor(SERVER_NODE_OPTIONS);
  const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjct", "Resource": "*"}]}';

  /** One editor session: the codes of a misspelled action's diagnostics, once the server has exited. */
  async function session(nodeArgs: readonly string[] = []): Promise<string[]> {
    const server = await ServerSession.start({ pull: true, nodeArgs });
    try {
      await server.open('file:///cache-test/policy.json', policy, 'json');
      return (await server.pull('file:///cache-test/policy.json')).map((d) => String(d.code));
    } finally {
      await server.stop();
    }
  }

  test('written at the first start (once loaded, again after the first diagnostics), then read: the diagnostics are the same; a damaged cache is replaced, not trusted', async () => {
    rmSync(cache, { force: true });
    assert.deepEqual(await session(), ['INVALID_ACTION']);
    assert.ok(existsSync(cache), 'the first start leaves the cache');
    const written = readFileSync(cache);
    assert.deepEqual(await session(), ['INVALID_ACTION']);
    assert.deepEqual(readFileSync(cache), written, 'a start that used the cache leaves it as it was');
    writeFileSync(cache, Buffer.from('not a V8 code cache'));
    assert.deepEqual(await session(), ['INVALID_ACTION']);
    assert.ok(readFileSync(cache).length > 1000, 'the damaged cache was written anew');
  });

  test('a start with other node options keeps a cache of its own (V8 rejects one made under other flags): neither replaces the other', async () => {
    assert.deepEqual(await session(), ['INVALID_ACTION']);
    const written = readFileSync(cache);
    // node's default young generation after the extension's bound: other V8 flags.
    const other = cacheFileFor([...SERVER_NODE_OPTIONS, '--max-semi-space-size=0']);
    assert.match(other, /serverMain\.js\.v8-.*\.cache$/);
    assert.notEqual(other, cache);
    // node's own options (a preload, as the sandbox tests start it) are no V8 flags: the same cache.
    assert.equal(cacheFileFor([...SERVER_NODE_OPTIONS, '--require', path.join(REPO_ROOT, 'out/shared/serverLaunch.js')]), cache);
    rmSync(other, { force: true });
    assert.deepEqual(await session(['--max-semi-space-size=0']), ['INVALID_ACTION']);
    assert.ok(existsSync(other), 'the start with other options leaves its own cache');
    const otherWritten = readFileSync(other);
    assert.deepEqual(await session(), ['INVALID_ACTION']);
    assert.deepEqual(readFileSync(cache), written, "the extension's cache was not replaced");
    assert.deepEqual(await session(['--max-semi-space-size=0']), ['INVALID_ACTION']);
    assert.deepEqual(readFileSync(other), otherWritten, 'nor the other one');
    rmSync(other, { force: true });
  });
});
