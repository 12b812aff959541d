import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Diagnostic } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT, ServerSession } from '../support/lspClient';

// Hostile input over stdio, as an editor would send it or a workspace would hold it: each gets a clear
// diagnostic or log line in bounded time, and the server answers a normal request right after.

/** Generous: what these take is a bench figure; only a hang or a crash should fail them. */
const BOUND_MS = 20_000;
const DEEP = 100_000;

async function within<T>(what: string, promise: Promise<T>, server: ServerSession): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${BOUND_MS} ms; server stderr: ${server.stderr.join('')}`)), BOUND_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => String(d.code));

const BROKEN = path.join(REPO_ROOT, 'examples', 'broken', 'dev-team-a-policy.json');

/** The normal request after each hostile one: the misspelled action of the broken example is still found. */
async function stillAnswers(server: ServerSession): Promise<void> {
  assert.equal(server.process.exitCode, null, `the server exited; stderr: ${server.stderr.join('')}`);
  const uri = pathToFileURL(BROKEN).toString();
  await server.open(uri, readFileSync(BROKEN, 'utf8'));
  assert.deepEqual(codes(await within('pull of a small policy', server.pull(uri), server)), ['INVALID_ACTION']);
  await server.close(uri);
}

const statement = (i: number) => `{"Sid": "S${i}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket-${i}/*"}`;
const policyOf = (count: number) => `{"Version": "2012-10-17", "Statement": [\n${Array.from({ length: count }, (_, i) => statement(i)).join(',\n')}\n]}`;

/** Bytes as random as a binary file's, the same on every run. */
function noise(length: number): Buffer {
  let seed = 42;
  return Buffer.from(Array.from({ length }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256));
}

describe('hostile documents opened in the editor, and a hostile workspace', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'iam-irsa-hostile-'));
  const uri = (name: string) => pathToFileURL(path.join(root, name)).toString();
  let server: ServerSession;

  before(async () => {
    cpSync(path.join(REPO_ROOT, 'examples', 'working'), root, { recursive: true });
    writeFileSync(path.join(root, 'huge-policy.json'), policyOf(250_000));
    writeFileSync(path.join(root, 'binary-policy.json'), noise(50_000));
    writeFileSync(
      path.join(root, 'latin1-trust.json'),
      Buffer.concat([Buffer.from('{"Version": "2012-10-17", "Statement": [{"Sid": "Caf'), Buffer.from([0xe9]), Buffer.from('"}]}')]),
    );
    symlinkSync('.', path.join(root, 'loop'));
    symlinkSync('self.json', path.join(root, 'self.json'));
    server = await ServerSession.start({ pull: true, workspaceFolders: [root] });
  });
  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('indexing a workspace with a 20 MB file, a link loop and bytes that are not UTF-8: one log line each', async () => {
    const noticed = ['huge-policy.json', 'self.json', 'binary-policy.json', 'latin1-trust.json'];
    const logs = await within(
      'indexing',
      server.until(() => (noticed.every((f) => server.logs.some((l) => l.includes(f))) ? server.logs : undefined), 'a log line for each file', BOUND_MS),
      server,
    );
    assert.ok(
      logs.some((l) => /^iam-irsa: indexed \d+ files in \d+ ms \(2 skipped/.test(l)),
      logs.join('\n'),
    );
    const about = (file: string) => logs.filter((l) => l.includes(path.join(root, file))).map((l) => l.slice(l.indexOf(file)));
    assert.match(about('huge-policy.json').join(), /^huge-policy\.json not indexed: it is 2\d\.\d MB, over the 2\.0 MB iam-irsa reads$/);
    assert.deepEqual(about('self.json'), ['self.json not indexed: it is a loop of symbolic links']);
    assert.deepEqual(about('binary-policy.json'), ['binary-policy.json is not valid UTF-8: indexed with U+FFFD in place of the invalid bytes']);
    assert.deepEqual(about('latin1-trust.json'), ['latin1-trust.json is not valid UTF-8: indexed with U+FFFD in place of the invalid bytes']);
    await stillAnswers(server);
  });

  test('a 20 MB policy opened: one diagnostic on line 1 with its size, and a log line', async () => {
    const text = policyOf(250_000);
    assert.ok(text.length > 20_000_000);
    await server.open(uri('huge-policy.json'), text);
    const diagnostics = await within('pull of a 20 MB policy', server.pull(uri('huge-policy.json')), server);
    assert.deepEqual(codes(diagnostics), ['DOCUMENT_BEYOND_LIMITS']);
    assert.equal(diagnostics[0].range.start.line, 0);
    assert.match(String(diagnostics[0].message), /^Not checked: this file is 2\d\.\d MB, and iam-irsa checks files up to 2\.0 MB/);
    assert.ok(
      server.logs.some((l) => /huge-policy\.json is not checked: it is 2\d\.\d MB, over the 2\.0 MB iam-irsa reads$/.test(l)),
      server.logs.join('\n'),
    );
    await server.close(uri('huge-policy.json'));
    await stillAnswers(server);
  });

  for (const [name, opener] of [
    ['deep-arrays.json', '['],
    ['deep-objects.json', '{"a":'],
  ] as const) {
    test(`a policy whose Statement opens ${opener} 100,000 times: reported where the limit is passed`, async () => {
      const text = `{"Version": "2012-10-17", "Statement": ${opener.repeat(DEEP)}`;
      await server.open(uri(name), text);
      const diagnostics = await within(`pull of ${name}`, server.pull(uri(name)), server);
      assert.equal(codes(diagnostics).filter((c) => c === 'DOCUMENT_BEYOND_LIMITS').length, 1, codes(diagnostics).join());
      assert.ok(await within('completion in the deep part', server.completion(uri(name), { line: 0, character: text.length - 1 }), server));
      await server.close(uri(name));
      await stillAnswers(server);
    });
  }

  test('a ServiceAccount under a billion-laughs alias bomb: checked as usual, aliases never expanded', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const text = `${levels.join('\n')}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:rol/app\n`;
    await server.open(uri('bomb.yaml'), text, 'yaml');
    const diagnostics = await within('pull of the alias bomb', server.pull(uri('bomb.yaml')), server);
    assert.deepEqual(codes(diagnostics), ['IRSA_ROLE_ARN_FORMAT']);
    await server.close(uri('bomb.yaml'));
    await stillAnswers(server);
  });

  test('binary data in a .json: nothing for a file that is no policy, at most 100 syntax errors inside a policy', async () => {
    await server.open(uri('binary.json'), noise(200_000).toString('latin1'));
    assert.deepEqual(await within('pull of binary data', server.pull(uri('binary.json')), server), []);
    await server.open(uri('binary-inside.json'), `{"Version": "2012-10-17", "Statement": [${noise(200_000).toString('latin1')}]}`);
    const inside = await within('pull of a policy holding binary data', server.pull(uri('binary-inside.json')), server);
    assert.equal(codes(inside).filter((c) => c === 'JSON_SYNTAX_ERROR').length, 100);
    await server.close(uri('binary.json'));
    await server.close(uri('binary-inside.json'));
    await stillAnswers(server);
  });

  test('invalid UTF-8 as the editor decodes it (U+FFFD): the misspelled action is found and named', async () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get\uFFFDObject", "Resource": "*"}]}';
    await server.open(uri('replacement.json'), text);
    const diagnostics = await within('pull of a policy with U+FFFD', server.pull(uri('replacement.json')), server);
    assert.deepEqual(codes(diagnostics), ['INVALID_ACTION']);
    assert.match(String(diagnostics[0].message), /did you mean "s3:GetObject"/);
    await server.close(uri('replacement.json'));
    await stillAnswers(server);
  });

  test('a 10,000-statement policy: its size is reported, and a keystroke in it is answered', async () => {
    const text = policyOf(10_000);
    await server.open(uri('ten-thousand.json'), text);
    assert.deepEqual(codes(await within('pull of 10,000 statements', server.pull(uri('ten-thousand.json')), server)), [
      'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA',
    ]);
    // Misspell the last statement's action.
    const lines = text.split('\n');
    const line = lines.length - 2;
    const character = lines[line].indexOf('GetObject');
    await server.change(uri('ten-thousand.json'), 2, [{ range: { start: { line, character }, end: { line, character: character + 3 } }, text: 'Gte' }]);
    const after = await within('pull after a keystroke', server.pull(uri('ten-thousand.json')), server);
    assert.deepEqual(codes(after).sort(), ['INVALID_ACTION', 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA']);
    await server.close(uri('ten-thousand.json'));
    await stillAnswers(server);
  });
});

describe('files deleted while the workspace is being indexed', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'iam-irsa-vanishing-'));
  const COUNT = 2_000;
  const names = Array.from({ length: COUNT }, (_, i) => path.join(root, `team-${i % 20}`, `policy-${i}.json`));
  after(() => rmSync(root, { recursive: true, force: true }));

  test(`${COUNT} files, deleted as the server starts: indexing finishes, names the files it lost, and the server answers`, async () => {
    for (let i = 0; i < 20; i++) mkdirSync(path.join(root, `team-${i}`));
    for (const name of names) writeFileSync(name, policyOf(3));
    const server = await ServerSession.start({ pull: true, workspaceFolders: [root] });
    try {
      // Deleted from the last, while the server walks the folders and reads the files from the first.
      for (const name of [...names].reverse()) unlinkSync(name);
      const summary = await within(
        'indexing',
        server.until(() => server.logs.find((l) => l.startsWith('iam-irsa: indexed')), 'the indexing log', BOUND_MS),
        server,
      );
      const [, indexed, skipped] = /indexed (\d+) files in \d+ ms \((\d+) skipped/.exec(summary)!.map(Number);
      assert.ok(indexed + skipped <= COUNT, summary);
      // Those found by the walk but gone when read are named, 20 at most (how many depends on timing).
      const lost = await server.until(
        () => {
          const lines = server.logs.filter((l) => l.includes(root) && l.includes('not indexed'));
          return lines.length === Math.min(skipped, 20) ? lines : undefined;
        },
        `${Math.min(skipped, 20)} lines naming lost files`,
      );
      assert.ok(
        lost.every((l) => l.endsWith('not indexed: it no longer exists (deleted while being read, or a link to nothing)')),
        lost.join('\n'),
      );
      await stillAnswers(server);
    } finally {
      await server.stop();
    }
  });
});

describe('a client that answers the requests of the server with errors', () => {
  test('each refusal is logged, and the server goes on answering', async () => {
    const refuse = ['client/registerCapability', 'workspace/configuration', 'workspace/diagnostic/refresh', 'window/showMessageRequest'];
    const server = await ServerSession.start({ pull: true, workspaceFolders: [path.join(REPO_ROOT, 'examples', 'working')], configuration: {}, refuse });
    try {
      // Indexing ends with a refresh request; a command without its document ends with a message to the user.
      await server.until(() => (server.refused.includes('workspace/diagnostic/refresh') ? true : undefined), 'workspace/diagnostic/refresh');
      await server.executeCommand('iam-irsa.createTrustPolicy', []);
      await server.until(() => (server.refused.includes('window/showMessageRequest') ? true : undefined), 'window/showMessageRequest');
      await stillAnswers(server);
      assert.deepEqual([...new Set(server.refused)].sort(), [...refuse].sort());
      for (const method of refuse) {
        assert.ok(
          server.logs.some((l) => l.startsWith(`iam-irsa: the client answered ${method} with an error`)),
          server.logs.join('\n'),
        );
      }
    } finally {
      await server.stop();
    }
  });
});
