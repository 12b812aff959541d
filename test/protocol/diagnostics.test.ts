import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { ACCOUNT, PROVIDER, serviceAccount } from '../support/fixtures';
import { REPO_ROOT, ServerSession } from '../support/lspClient';

const brokenPath = path.join(REPO_ROOT, 'examples', 'broken', 'dev-team-a-policy.json');
const brokenUri = pathToFileURL(brokenPath).toString();
const brokenText = readFileSync(brokenPath, 'utf8');
const typoLine = brokenText.split('\n').findIndex((l) => l.includes('GetObjct'));
const typoStart = brokenText.split('\n')[typoLine].indexOf('s3:GetObjct');
const typoRange = { start: { line: typoLine, character: typoStart }, end: { line: typoLine, character: typoStart + 's3:GetObjct'.length } };
const fixTypo = { range: { start: { line: typoLine, character: typoStart + 3 }, end: { line: typoLine, character: typoStart + 11 } }, text: 'GetObject' };

describe('push diagnostics (a client without pull, like Neovim 0.7)', () => {
  let server: ServerSession;
  before(async () => {
    server = await ServerSession.start();
  });
  after(() => server.stop());

  test('does not announce pull diagnostics', () => {
    assert.equal(server.initializeResult.capabilities.diagnosticProvider, undefined);
    assert.deepEqual(server.initializeResult.capabilities.textDocumentSync, { openClose: true, change: 2 });
  });

  test('didOpen publishes INVALID_ACTION on the misspelled action', async () => {
    await server.open(brokenUri, brokenText);
    const published = await server.nextPublished(brokenUri);
    assert.equal(published.version, 1);
    assert.equal(published.diagnostics.length, 1);
    const [d] = published.diagnostics;
    assert.equal(d.code, 'INVALID_ACTION');
    assert.equal(d.source, 'iam-irsa');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.deepEqual(d.range, typoRange);
    assert.match(String(d.message), /did you mean "s3:GetObject"/);
    assert.match(d.codeDescription!.href, /docs\/checks\/INVALID_ACTION\.md$/);
  });

  test('an incremental didChange that fixes the typo clears it', async () => {
    await server.change(brokenUri, 2, [fixTypo]);
    const published = await server.nextPublished(brokenUri, (p) => p.version === 2);
    assert.deepEqual(published.diagnostics, []);
  });

  test('typing fast is debounced: only the last version is published', async () => {
    const uri = 'file:///tmp/iam-irsa-typing.json';
    await server.open(uri, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get", "Resource": "*"}]}');
    await server.nextPublished(uri, (p) => p.version === 1);
    const count = server.published.length;
    for (let version = 2; version <= 6; version++) {
      await server.change(uri, version, [
        { range: { start: { line: 0, character: 77 + version - 2 }, end: { line: 0, character: 77 + version - 2 } }, text: 'Objct'[version - 2] },
      ]);
    }
    const last = await server.nextPublished(uri, (p) => p.version === 6);
    assert.equal(last.diagnostics[0]?.code, 'INVALID_ACTION');
    assert.ok(server.published.length - count <= 2, `published ${server.published.length - count} times for 5 quick edits`);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = 'file:///tmp/iam-irsa-close.json';
    await server.open(uri, '{"Statement": [{"Effect": "allow"}]}');
    await server.nextPublished(uri, (p) => p.diagnostics.length > 0);
    await server.close(uri);
    await server.nextPublished(uri, (p) => p.diagnostics.length === 0);
  });

  test('JSON and YAML that are not ours get no diagnostics', async () => {
    const uri = 'file:///tmp/package.json';
    await server.open(uri, '{"name": "x", // not a policy\n}');
    assert.deepEqual((await server.nextPublished(uri)).diagnostics, []);
    const yamlUri = 'file:///tmp/deployment.yaml';
    await server.open(yamlUri, 'kind: Deployment\nspec: [\n', 'yaml');
    assert.deepEqual((await server.nextPublished(yamlUri)).diagnostics, []);
  });
});

describe('pull diagnostics (LSP 3.17, as VS Code asks)', () => {
  let server: ServerSession;
  before(async () => {
    server = await ServerSession.start({ pull: true });
  });
  after(() => server.stop());

  test('announces a diagnostic provider and answers textDocument/diagnostic', async () => {
    assert.deepEqual(server.initializeResult.capabilities.diagnosticProvider, { interFileDependencies: true, workspaceDiagnostics: false });
    await server.open(brokenUri, brokenText);
    const items = await server.pull(brokenUri);
    assert.deepEqual(
      items.map((d) => [d.code, d.range]),
      [['INVALID_ACTION', typoRange]],
    );
  });

  test('after a fixing didChange the next pull is empty, and nothing is pushed', async () => {
    await server.change(brokenUri, 2, [fixTypo]);
    assert.deepEqual(await server.pull(brokenUri), []);
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(server.published, []);
  });

  test('a document the server does not know yields an empty report', async () => {
    assert.deepEqual(await server.pull('file:///never/opened.json'), []);
  });

  test('a pull with the result id the client holds: "unchanged" while nothing changed, the new list after an edit', async () => {
    // The workspace (the repository) indexed: a change of the index would rightly make the next pull "full".
    await server.until(() => server.logs.find((line) => line.includes('indexed')), 'the workspace index');
    const first = await server.pullReport(brokenUri);
    assert.equal(first.kind, 'full');
    assert.ok(first.resultId);
    assert.deepEqual(await server.pullReport(brokenUri, first.resultId), { kind: 'unchanged', resultId: first.resultId });
    await server.change(brokenUri, 3, [{ text: brokenText }]);
    const edited = await server.pullReport(brokenUri, first.resultId);
    assert.equal(edited.kind, 'full');
    assert.notEqual(edited.resultId, first.resultId);
    assert.deepEqual(edited.kind === 'full' && edited.items.map((d) => d.code), ['INVALID_ACTION']);
  });

  test('another document\'s edit that changes what this one links to: the new list, not "unchanged"', async () => {
    const template = (namespace: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ShopRole
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::111122223333:oidc-provider/${PROVIDER}
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                "${PROVIDER}:sub": system:serviceaccount:${namespace}:api
`;
    const manifest = serviceAccount({ name: 'api', namespace: 'shop', arn: `arn:aws:iam::${ACCOUNT}:role/ShopRole` });
    const templateUri = 'file:///shop/role.yaml';
    const saUri = 'file:///shop/sa.yaml';
    await server.open(templateUri, template('shop'), 'yaml');
    await server.open(saUri, manifest, 'yaml');
    const first = await server.pullReport(saUri);
    assert.deepEqual(first.kind === 'full' && first.items, []);
    assert.equal((await server.pullReport(saUri, first.resultId)).kind, 'unchanged');
    // As VS Code does: the edited document pulled first, then the others again with the ids they hold.
    await server.change(templateUri, 2, [{ text: template('payments') }]);
    await server.pull(templateUri);
    const after = await server.pullReport(saUri, first.resultId);
    assert.deepEqual(after.kind === 'full' && after.items.map((d) => d.code), ['LINK_TRUST_DOES_NOT_ADMIT_SA']);
  });
});

describe('settings', () => {
  test('read from workspace/configuration; the client is asked to re-pull', async () => {
    const server = await ServerSession.start({ pull: true, configuration: { checks: { INVALID_ACTION: 'warning' } } });
    try {
      await server.until(() => server.refreshes[0], 'workspace/diagnostic/refresh');
      await server.open(brokenUri, brokenText);
      const [d] = await server.pull(brokenUri);
      assert.equal(d.severity, DiagnosticSeverity.Warning);
    } finally {
      await server.stop();
    }
  });

  test('from initializationOptions for clients without workspace/configuration', async () => {
    const server = await ServerSession.start({ initializationOptions: { settings: { checks: { INVALID_ACTION: 'off' } } } });
    try {
      await server.open(brokenUri, brokenText);
      assert.deepEqual((await server.nextPublished(brokenUri)).diagnostics, []);
    } finally {
      await server.stop();
    }
  });
});
