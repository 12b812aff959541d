import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CompletionItem, Diagnostic, FileChangeType, Location, Position } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { trustPolicy } from '../support/fixtures';
import { REPO_ROOT, ServerSession } from '../support/lspClient';
import { INSTALL_FOLDERS, isBelow, ProbeRecord, runProbed, startProbed } from '../support/sandbox';

const POLICY = 'broken/dev-team-a-policy.json';
const SA = 'broken/service-accounts.yaml';
const TRUST = 'broken/trust-policy-dev-team-a.json';
const SCRIPT = 'broken/create-roles.sh';
/** A trust policy outside the workspace that admits the examples' ServiceAccount: it would show in its references if read. */
const SECRET_SUBJECT = 'system:serviceaccount:team-a:dev-team-a-sa';

/**
 * The server's security stance, observed rather than assumed: a whole editing session over the
 * examples, with links out of the workspace planted in it, runs under a preload that refuses every
 * network attempt and program start and records every file read, written or loaded as code.
 */
describe('security: what the server touches during a session on the examples', () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'iam-irsa-security-'));
  const outside = mkdtempSync(path.join(tmpdir(), 'iam-irsa-outside-'));
  let records: ProbeRecord[] = [];
  let logs: string[] = [];
  let referencesToAccount: Location[] = [];

  const uri = (relative: string) => pathToFileURL(path.join(workspace, relative)).toString();
  const text = (relative: string) => readFileSync(path.join(workspace, relative), 'utf8');

  before(async () => {
    cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
    writeFileSync(path.join(outside, 'secret-trust.json'), trustPolicy(SECRET_SUBJECT));
    writeFileSync(path.join(outside, 'notes.json'), '{"Statement": []}');
    // Links out of the folder: to a system folder, to a system file, to a policy and a folder elsewhere.
    symlinkSync('/etc', path.join(workspace, 'etc'));
    symlinkSync('/etc/passwd', path.join(workspace, 'broken', 'passwd.json'));
    symlinkSync(path.join(outside, 'secret-trust.json'), path.join(workspace, 'broken', 'secret-trust.json'));
    symlinkSync(outside, path.join(workspace, 'elsewhere'));
    // A link that stays inside is read like the file it names.
    symlinkSync('dev-team-b-policy.json', path.join(workspace, 'broken', 'alias-policy.json'));

    const { server, records: read } = await startProbed({ pull: true, workspaceFolders: [workspace], definitionLinks: true });
    try {
      await session(server);
      referencesToAccount = await server.references(uri(SA), at(text(SA), 'dev-team-a-sa', 1), true);
    } finally {
      logs = server.logs;
      await server.stop();
      records = read();
    }
  });
  after(() => {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  /** Everything an editor does: open, pull, edit, complete, resolve, hover, fix, navigate, run commands; files change on disk. */
  async function session(server: ServerSession): Promise<void> {
    await server.until(() => server.logs.find((l) => l.includes('indexed')), 'the workspace index');
    const policy = text(POLICY);
    await server.open(uri(POLICY), policy);
    const diagnostics: Diagnostic[] = await server.pull(uri(POLICY));
    assert.ok(
      diagnostics.some((d) => d.code === 'INVALID_ACTION'),
      'the session checks policies',
    );
    const typo = diagnostics.find((d) => d.code === 'INVALID_ACTION')!;
    assert.ok((await server.codeActions(uri(POLICY), typo.range, [typo])).length > 0, 'a quick fix');
    const items: CompletionItem[] = await server.completion(uri(POLICY), at(policy, 's3:GetObjct', 6));
    assert.ok(items.length > 0, 'completion');
    await server.resolveCompletion(items[0]);
    assert.ok(await server.hover(uri(POLICY), at(policy, 's3:PutObject', 4)), 'hover');
    await server.change(uri(POLICY), 2, [{ range: { start: at(policy, 'GetObjct', 3), end: at(policy, 'GetObjct', 8) }, text: 'Object' }]);
    assert.deepEqual(await server.pull(uri(POLICY)), []);

    for (const file of [SA, TRUST, SCRIPT])
      await server.open(uri(file), text(file), file.endsWith('.yaml') ? 'yaml' : file.endsWith('.sh') ? 'shellscript' : 'json');
    assert.ok(await server.definition(uri(SA), at(text(SA), 'role/DevTeamARole', 6)), 'definition');
    await server.documentLinks(uri(SA));
    await server.documentLinks(uri(SCRIPT));
    await server.codeLenses(uri(TRUST));
    const commands = server.initializeResult.capabilities.executeCommandProvider?.commands ?? [];
    for (const command of commands) {
      const [target, needle] = /trust/i.test(command) ? [SA, 'dev-team-a-sa'] : [TRUST, ':sub'];
      await server.executeCommand(command, [uri(target), at(text(target), needle)]);
    }
    assert.equal(server.appliedEdits.length, commands.length, 'each command asked the editor to apply its edit');

    // A file from outside the folder, opened and closed; files changed on disk, in it, through links and outside.
    const notes = pathToFileURL(path.join(outside, 'notes.json')).toString();
    await server.open(notes, '{"Statement": []}');
    await server.pull(notes);
    await server.close(notes);
    await server.filesChanged([
      { uri: uri('broken/secret-trust.json'), type: FileChangeType.Changed },
      { uri: uri('broken/passwd.json'), type: FileChangeType.Created },
      { uri: pathToFileURL(path.join(outside, 'secret-trust.json')).toString(), type: FileChangeType.Changed },
      { uri: uri('working/dev-team-b-policy.json'), type: FileChangeType.Changed },
    ]);
    await server.close(uri(TRUST));
    // Let the reads those changes start finish before the records are taken.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server.pull(uri(SA));
  }

  test('opens no network connection: no socket, DNS lookup, HTTP request or fetch was attempted', () => {
    assert.ok(records.length > 0, 'the probe recorded the session');
    assert.deepEqual(
      records.filter((r) => r.kind === 'network'),
      [],
    );
  });

  test('starts no program and loads no code from the workspace: every module compiled is its own', () => {
    assert.deepEqual(
      records.filter((r) => r.kind === 'exec'),
      [],
    );
    const loads = records.filter((r) => r.kind === 'load');
    assert.ok(
      loads.some((r) => r.target.endsWith(path.join('dist', 'server.js'))),
      'the bundle itself was seen loading',
    );
    assert.deepEqual(
      loads.filter((r) => !INSTALL_FOLDERS.some((folder) => isBelow(r.target, folder))),
      [],
    );
  });

  test('reads only inside the workspace folder and its own install, and writes nothing', () => {
    const real = realpathSync(workspace);
    const touched = records.filter((r) => r.kind === 'read' || r.kind === 'resolve');
    assert.ok(
      touched.some((r) => r.target === path.join(real, 'broken', 'create-roles.sh')),
      'the workspace was read',
    );
    assert.deepEqual(
      touched.filter((r) => ![real, ...INSTALL_FOLDERS].some((folder) => isBelow(r.target, folder))),
      [],
    );
    // Edits (fixes, created files) go to the editor as workspace/applyEdit; the server writes no file.
    assert.deepEqual(
      records.filter((r) => r.kind === 'write'),
      [],
    );
  });

  test('does not follow links out of the folder: /etc, /etc/passwd and a policy elsewhere stay unread, and are named in the log', () => {
    const outsideReal = realpathSync(outside);
    assert.deepEqual(
      records.filter((r) => isBelow(r.target, '/etc') || isBelow(r.target, outsideReal)),
      [],
    );
    for (const link of ['passwd.json', 'secret-trust.json']) {
      assert.ok(
        logs.some((l) => l.includes(path.join('broken', link)) && l.includes('outside the workspace folder')),
        `the log says why ${link} is not indexed:\n${logs.join('\n')}`,
      );
    }
    // Had the policy elsewhere been indexed, its :sub would be a use of the ServiceAccount.
    assert.ok(referencesToAccount.length > 0, 'the ServiceAccount has references in the workspace');
    assert.deepEqual(
      referencesToAccount.filter((l) => l.uri.includes('secret')),
      [],
    );
  });

  test('a link that stays inside the folder is read like the file it names', () => {
    const real = realpathSync(workspace);
    assert.ok(records.some((r) => r.kind === 'read' && r.target === path.join(real, 'broken', 'dev-team-b-policy.json')));
    assert.ok(!logs.some((l) => l.includes('alias-policy.json')), logs.join('\n'));
  });
});

describe('security: the probe sees what it is meant to (so that the silence above means something)', () => {
  test('a process under the probe that fetches, connects, looks up, reads /etc/hostname and runs a program is refused and recorded', () => {
    const records = runProbed(`
      fetch('http://example.com').catch(() => {});
      for (const attempt of [() => require('net').connect(443, 'example.com'), () => require('https').get('https://example.com'), () => require('dns').lookup('example.com', () => {}), () => require('child_process').execFileSync('true')]) {
        try { attempt(); } catch {}
      }
      require('fs').readFileSync('/etc/hostname');
    `);
    assert.deepEqual(
      records.filter((r) => r.kind === 'network' || r.kind === 'exec').map((r) => r.api),
      ['fetch', 'net.connect', 'https.get', 'dns.lookup', 'child_process.execFileSync'],
    );
    assert.ok(records.some((r) => r.kind === 'read' && r.target === realpathSync('/etc/hostname')));
  });
});

describe('security: untrusted workspaces', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const declaration = manifest.capabilities.untrustedWorkspaces;

  test('the extension declares full support, in the words of what the tests above prove', () => {
    assert.equal(declaration.supported, true);
    assert.equal(declaration.restrictedConfigurations, undefined, 'no setting is restricted');
    for (const claim of [
      /nothing outside them/,
      /runs none of them/,
      /writes no file/,
      /no network connection/,
      /same whether the workspace is trusted or not/,
    ]) {
      assert.match(declaration.description, claim);
    }
  });

  test('nothing depends on trust: neither the extension nor the server it starts asks whether the workspace is trusted', () => {
    for (const bundle of ['extension.js', 'server.js']) {
      const code = readFileSync(path.join(REPO_ROOT, 'dist', bundle), 'utf8');
      assert.doesNotMatch(code, /workspace\.isTrusted|onDidGrantWorkspaceTrust/, bundle);
    }
  });

  test('no setting names a program or a path: a new one must be reviewed for untrusted workspaces before it ships', () => {
    const settings = Object.entries(manifest.contributes.configuration.properties as Record<string, { type: string | string[] }>);
    assert.deepEqual(
      settings.map(([name, schema]) => `${name}: ${[schema.type].flat().join('|')}`),
      [
        'iamIrsa.checks: object',
        'iamIrsa.policyKinds: object',
        'iamIrsa.exclude: array',
        'iamIrsa.trustPolicyQuota: integer|null',
        'iamIrsa.trace.server: string',
      ],
      'reviewed: severities, kinds by glob, globs to leave out, a number, a trace level; a setting that names a program, a path or a URL needs restrictedConfigurations',
    );
  });
});

/** The position `delta` characters into the first `needle` of a text. */
function at(content: string, needle: string, delta = 0): Position {
  const offset = content.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the text`);
  return TextDocument.create('file:///x', 'json', 1, content).positionAt(offset + delta);
}
