import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CreateFile, TextDocumentEdit, TextEdit } from 'vscode-languageserver-types';
import { SERVER_COMMANDS } from '../../server/src/service/features/commands/commands';
import { CLIENT_COMMAND, CommandOptions, CommandResult, SERVER_COMMAND } from '../../shared/protocol';
import { ACCOUNT, deployment, PROVIDER, serviceAccount, trustPolicy, webIdentityStatement } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

/** A script creating role `role` (with `path`) whose trust policy is the file `trust`. */
function createRole(role: string, trust: string, path = ''): string {
  return `#!/bin/sh\naws iam create-role --role-name ${role}${path ? ` --path ${path}` : ''} --assume-role-policy-document file://${trust}\n`;
}

/** Runs a command on `file` as the server does: the URI first, then the options. */
function run(ws: TestWorkspace, file: string, command: string, options?: CommandOptions): CommandResult {
  return ws.service.executeCommand(ws.document(file), command, [ws.uri(file), options]);
}

/** The file a command's edit creates: its path in the workspace and its text, after checking the edit's shape. */
function created(ws: TestWorkspace, result: CommandResult): { file: string; text: string } {
  assert.ok(result.edit, `an edit, not: ${result.message}`);
  const [create, insert] = result.edit.documentChanges ?? [];
  assert.ok(CreateFile.is(create), 'the edit creates the file first');
  assert.deepEqual(create.options, { overwrite: false, ignoreIfExists: false }, 'never over an existing file');
  assert.ok(TextDocumentEdit.is(insert) && insert.textDocument.uri === create.uri, 'then fills it');
  assert.equal(result.created, create.uri);
  const root = ws.uri('');
  assert.ok(create.uri.startsWith(`${root}/`), create.uri);
  return { file: decodeURIComponent(create.uri.slice(root.length + 1)), text: (insert.edits[0] as TextEdit).newText };
}

function diagnostics(ws: TestWorkspace, file: string): string[] {
  return ws.validate(file).map((d) => `${d.code}: ${d.message}`);
}

describe('commands', () => {
  test('the server executes both commands', () => {
    assert.deepEqual(SERVER_COMMANDS, ['iam-irsa.createTrustPolicy', 'iam-irsa.createServiceAccount']);
  });

  test('package.json: the editor commands are distinct from the server ones, in the palette and the context menu of the files they apply to', () => {
    const { contributes } = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    const ids = contributes.commands.map((c: { command: string }) => c.command);
    assert.ok(ids.includes('iamIrsa.createTrustPolicy') && ids.includes('iamIrsa.createServiceAccount'));
    // The ids the extension registers (shared/protocol.ts) are the ones the manifest contributes; showReferences is run by lenses only.
    assert.deepEqual(
      [...ids].sort(),
      Object.values(CLIENT_COMMAND)
        .filter((id) => id !== CLIENT_COMMAND.showReferences)
        .sort(),
    );
    assert.ok(!ids.some((id: string) => SERVER_COMMANDS.includes(id)), 'the language client registers the server ids itself');
    const when = (menu: string, id: string) => contributes.menus[menu].find((m: { command: string }) => m.command === id)?.when;
    assert.equal(when('commandPalette', 'iamIrsa.createTrustPolicy'), 'editorLangId == yaml && resourceScheme == file');
    assert.equal(when('editor/context', 'iamIrsa.createTrustPolicy'), 'resourceLangId == yaml && resourceScheme == file');
    assert.match(when('commandPalette', 'iamIrsa.createServiceAccount'), /json\|jsonc\|yaml/);
    assert.match(when('editor/context', 'iamIrsa.createServiceAccount'), /json\|jsonc/);
    // The permission commands: in the palette everywhere (they ask which ServiceAccount), in the context menu of YAML.
    const title = (id: string) => contributes.commands.find((c: { command: string }) => c.command === id)?.title;
    assert.equal(title(CLIENT_COMMAND.showEffectivePermissions), 'Show Effective Permissions');
    assert.equal(title(CLIENT_COMMAND.canServiceAccount), 'Can This ServiceAccount …?');
    assert.equal(when('commandPalette', CLIENT_COMMAND.showEffectivePermissions), undefined);
    assert.equal(when('editor/context', CLIENT_COMMAND.showEffectivePermissions), 'resourceLangId == yaml && resourceScheme == file');
    assert.equal(when('editor/context', CLIENT_COMMAND.canServiceAccount), 'resourceLangId == yaml && resourceScheme == file');
  });

  test('an unknown command, or one on a file it does not apply to, says why and edits nothing', async () => {
    const ws = await TestWorkspace.of({
      'policy.json': '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
      'sa.yaml': serviceAccount(),
    });
    assert.deepEqual(run(ws, 'policy.json', 'iam-irsa.nothing'), { message: 'unknown command iam-irsa.nothing' });
    assert.match(run(ws, 'policy.json', SERVER_COMMAND.createTrustPolicy).message!, /no ServiceAccount in this file/);
    assert.match(run(ws, 'sa.yaml', SERVER_COMMAND.createServiceAccount).message!, /no IRSA trust policy here/);
    assert.match(run(ws, 'policy.json', SERVER_COMMAND.createServiceAccount).message!, /no IRSA trust policy here/);
  });
});

describe('command: create an IRSA trust policy for this ServiceAccount', () => {
  test('with the only provider of the workspace: the trust file named by the role definition, which validates clean and admits the ServiceAccount', async () => {
    const ws = await TestWorkspace.of({
      'k8s/sa.yaml': serviceAccount(),
      'iam/create-roles.sh': createRole('AppRole', 'app-trust.json'),
      'iam/other-trust.json': trustPolicy('system:serviceaccount:team-b:other'),
    });
    const result = run(ws, 'k8s/sa.yaml', SERVER_COMMAND.createTrustPolicy);
    assert.equal(result.message, undefined);
    const { file, text } = created(ws, result);
    assert.equal(file, 'iam/app-trust.json');
    assert.equal(text, `${trustPolicy()}\n`);
    // Control: a trust at that path that admits someone else is reported on the ServiceAccount.
    ws.write(file, trustPolicy('system:serviceaccount:team-a:someone-else'));
    assert.equal(ws.codes('k8s/sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA').length, 1);
    ws.write(file, text);
    assert.deepEqual(diagnostics(ws, file), []);
    assert.deepEqual(ws.codes('k8s/sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
    assert.deepEqual(diagnostics(ws, 'k8s/sa.yaml'), []);
  });

  test('the ServiceAccount under the cursor, its audience annotation as :aud; never over an existing file', async () => {
    const manifests = `${serviceAccount({ name: 'first' })}---\n${serviceAccount({ name: 'second', namespace: 'team-b', audience: 'example.com' })}`;
    const ws = await TestWorkspace.of({ 'sa.yaml': manifests, 'trust-policy-second.json': trustPolicy('system:serviceaccount:team-b:second') });
    const document = ws.document('sa.yaml');
    const position = document.positionAt(manifests.indexOf('second'));
    const { file, text } = created(ws, run(ws, 'sa.yaml', SERVER_COMMAND.createTrustPolicy, { position }));
    assert.equal(file, 'trust-policy-second-2.json');
    const condition = JSON.parse(text).Statement[0].Condition.StringEquals;
    assert.deepEqual(condition, { [`${PROVIDER}:sub`]: 'system:serviceaccount:team-b:second', [`${PROVIDER}:aud`]: 'example.com' });
    // Without a cursor: the file's first ServiceAccount; its role is defined nowhere, so the file is named after it.
    assert.equal(created(ws, run(ws, 'sa.yaml', SERVER_COMMAND.createTrustPolicy)).file, 'trust-policy-first.json');
  });

  test('no provider in the workspace: the result asks for one; given as an issuer URL, the account comes from the role ARN', async () => {
    const ws = await TestWorkspace.of({ 'sa.yaml': serviceAccount({ arn: 'arn:aws:iam::444455556666:role/AppRole' }) });
    const asked = run(ws, 'sa.yaml', SERVER_COMMAND.createTrustPolicy);
    assert.deepEqual(asked, { providers: [] });
    const { file, text } = created(ws, run(ws, 'sa.yaml', SERVER_COMMAND.createTrustPolicy, { provider: `https://${PROVIDER}/` }));
    assert.equal(text, `${trustPolicy(undefined, { account: '444455556666' })}\n`);
    ws.write(file, text);
    assert.deepEqual(diagnostics(ws, file), []);
  });

  test('several providers: the result lists them with their ARNs when their account is known; the one chosen is used', async () => {
    const other = 'oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';
    const ws = await TestWorkspace.of({
      'sa.yaml': serviceAccount(),
      'a-trust.json': trustPolicy('system:serviceaccount:team-a:x'),
      'oidc.tf': `resource "aws_iam_openid_connect_provider" "eks" {\n  url             = "https://${other}"\n  client_id_list  = ["sts.amazonaws.com"]\n}\n`,
    });
    const asked = run(ws, 'sa.yaml', SERVER_COMMAND.createTrustPolicy);
    assert.deepEqual(
      [...(asked.providers ?? [])].sort((a, b) => a.host.localeCompare(b.host)),
      [{ host: other }, { host: PROVIDER, arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}` }],
    );
    assert.equal(asked.edit, undefined);
    const { text } = created(ws, run(ws, 'sa.yaml', SERVER_COMMAND.createTrustPolicy, { provider: other }));
    assert.equal(text, `${trustPolicy(undefined, { provider: other })}\n`, 'the account of the role ARN, the partition of the region');
  });

  test('the provider that the current trust of the ServiceAccount role names wins over the others of the workspace', async () => {
    const other = 'oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';
    const ws = await TestWorkspace.of({
      'sa.yaml': serviceAccount(),
      'create-roles.sh': createRole('AppRole', 'trust-app.json'),
      'trust-app.json': trustPolicy('system:serviceaccount:team-a:wrong', { provider: other }),
      'b-trust.json': trustPolicy('system:serviceaccount:team-b:x'),
    });
    const { file, text } = created(ws, run(ws, 'sa.yaml', SERVER_COMMAND.createTrustPolicy));
    assert.equal(file, 'trust-policy-app.json', 'the role has its trust file: a new one beside it');
    assert.equal(JSON.parse(text).Statement[0].Principal.Federated, `arn:aws:iam::${ACCOUNT}:oidc-provider/${other}`);
  });

  test('a China provider gets the aws-cn partition; an unknown account is a placeholder the message names', async () => {
    const china = 'oidc.eks.cn-north-1.amazonaws.com.cn/id/0123456789ABCDEF0123456789ABCDEF';
    const ws = await TestWorkspace.of({ 'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: team-a\n' });
    const result = run(ws, 'sa.yaml', SERVER_COMMAND.createTrustPolicy, { provider: china });
    assert.match(result.message!, /111122223333 in the new trust policy is a placeholder/);
    const { text } = created(ws, result);
    assert.equal(JSON.parse(text).Statement[0].Principal.Federated, `arn:aws-cn:iam::111122223333:oidc-provider/${china}`);
  });

  test('a provider that is none says so', async () => {
    const ws = await TestWorkspace.of({ 'sa.yaml': serviceAccount() });
    assert.match(run(ws, 'sa.yaml', SERVER_COMMAND.createTrustPolicy, { provider: 'not a provider' }).message!, /is not an OIDC provider/);
    assert.match(run(ws, 'sa.yaml', SERVER_COMMAND.createTrustPolicy, { provider: 'arn:aws:iam::123:oidc-provider/x' }).message!, /is not an OIDC provider/);
  });
});

describe('command: create a ServiceAccount for this trust policy', () => {
  test('the role using the trust gives the ARN (path included): the manifest validates clean, the trust admits it, its :sub finds it', async () => {
    const ws = await TestWorkspace.of({
      'iam/trust-policy-app.json': trustPolicy(),
      'iam/create-roles.sh': createRole('AppRole', 'trust-policy-app.json', '/team/'),
      'k8s/other.yaml': serviceAccount({ name: 'other', arn: `arn:aws:iam::${ACCOUNT}:role/OtherRole` }),
    });
    assert.equal(ws.codes('iam/trust-policy-app.json', 'LINK_SUB_WITHOUT_SA').length, 1, 'before: no manifest defines team-a/app');
    const result = run(ws, 'iam/trust-policy-app.json', SERVER_COMMAND.createServiceAccount);
    assert.equal(result.message, undefined);
    const { file, text } = created(ws, result);
    assert.equal(file, 'iam/service-account-app.yaml');
    assert.equal(text, serviceAccount({ arn: `arn:aws:iam::${ACCOUNT}:role/team/AppRole` }));
    ws.write(file, text);
    assert.deepEqual(diagnostics(ws, file), []);
    assert.deepEqual(diagnostics(ws, 'iam/trust-policy-app.json'), []);
  });

  test('no role uses the trust: a placeholder role name, and the message says to replace it', async () => {
    const ws = await TestWorkspace.of({ 'trust.json': trustPolicy() });
    const result = run(ws, 'trust.json', SERVER_COMMAND.createServiceAccount);
    assert.match(result.message!, /no role of the workspace uses this trust policy: replace ROLE_NAME/);
    const { file, text } = created(ws, result);
    assert.equal(text, serviceAccount({ arn: `arn:aws:iam::${ACCOUNT}:role/ROLE_NAME` }));
    ws.write(file, text);
    assert.deepEqual(diagnostics(ws, file), []);
  });

  test('several subjects: the ones no manifest defines, in one file; patterns and defined ones are named in the message', async () => {
    const subjects = ['system:serviceaccount:team-a:app', 'system:serviceaccount:team-b:api', 'system:serviceaccount:team-a:web'];
    const statement = webIdentityStatement(subjects);
    const trust = {
      Version: '2012-10-17',
      Statement: [statement, { ...statement, Condition: { StringLike: { [`${PROVIDER}:sub`]: 'system:serviceaccount:jobs:*' } } }],
    };
    const ws = await TestWorkspace.of({
      'trust.json': JSON.stringify(trust, null, 2),
      'web.yaml': serviceAccount({ name: 'web' }),
      'deploy.yaml': deployment('api', 'team-b'),
    });
    const result = run(ws, 'trust.json', SERVER_COMMAND.createServiceAccount);
    assert.match(result.message!, /team-a\/web is defined already/);
    assert.match(result.message!, /system:serviceaccount:jobs:\* is a pattern/);
    const { file, text } = created(ws, result);
    assert.equal(file, 'service-accounts-trust.yaml');
    const arn = `arn:aws:iam::${ACCOUNT}:role/ROLE_NAME`;
    assert.equal(text, `${serviceAccount({ arn })}---\n${serviceAccount({ name: 'api', namespace: 'team-b', arn })}`);
    ws.write(file, text);
    assert.deepEqual(ws.codes('deploy.yaml', 'LINK_WORKLOAD_SA_MISSING'), [], 'the Deployment finds its ServiceAccount now');
  });

  test('a custom :aud becomes the audience annotation', async () => {
    const ws = await TestWorkspace.of({ 'trust.json': trustPolicy(undefined, { aud: 'example.com' }) });
    const { text } = created(ws, run(ws, 'trust.json', SERVER_COMMAND.createServiceAccount));
    assert.match(text, /\n {4}eks\.amazonaws\.com\/audience: example\.com\n$/);
  });

  test('every subject defined already: nothing to write, and the message says why', async () => {
    const ws = await TestWorkspace.of({ 'trust.json': trustPolicy(), 'sa.yaml': serviceAccount() });
    assert.deepEqual(run(ws, 'trust.json', SERVER_COMMAND.createServiceAccount), { message: 'no ServiceAccount to write: team-a/app is defined already' });
  });
});
