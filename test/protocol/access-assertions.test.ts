// An open access assertions file over stdio (a push client, as Neovim): its diagnostics, then new ones
// pushed when the policy it reads is edited in the editor, and again when the policy changes on disk.
// A policy's text changes no fact of the workspace index, so only the access file's own record of what
// it read can tell the server to check it again.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Diagnostic, FileChangeType } from 'vscode-languageserver-protocol/node';
import { ServerSession } from '../support/lspClient';

const PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const SEND = { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:payments' };
const PASS_ROLE = { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/payments-*' };
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

const root = mkdtempSync(path.join(tmpdir(), 'iam-irsa-access-'));
const FILES: Record<string, string> = {
  'create-roles.sh': [
    'aws iam create-role --role-name PaymentsRole --assume-role-policy-document file://trust.json',
    'aws iam put-role-policy --role-name PaymentsRole --policy-name PaymentsPolicy --policy-document file://payments-policy.json',
    '',
  ].join('\n'),
  'trust.json': JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${PROVIDER}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${PROVIDER}:sub`]: 'system:serviceaccount:payments:payments', [`${PROVIDER}:aud`]: 'sts.amazonaws.com' } },
      },
    ],
  }),
  'payments-policy.json': policy(SEND),
  'service-account.yaml':
    'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: payments\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/PaymentsRole\n',
  'iam-irsa.access.yaml': [
    '- serviceAccount: payments/payments',
    '  can: sqs:SendMessage',
    '  on: arn:aws:sqs:us-east-1:111122223333:payments',
    '- serviceAccount: payments/*',
    '  cannot: iam:*',
    '',
  ].join('\n'),
};
for (const [name, content] of Object.entries(FILES)) writeFileSync(path.join(root, name), content);
const uri = (name: string) => pathToFileURL(path.join(root, name)).toString();
const ACCESS = uri('iam-irsa.access.yaml');
const POLICY = uri('payments-policy.json');

/** The first push for the access file from now on that satisfies `accept`. */
function pushedFrom(server: ServerSession, accept: (diagnostics: readonly Diagnostic[]) => boolean): () => Promise<readonly Diagnostic[]> {
  const from = server.published.length;
  return () =>
    server.until(() => server.published.slice(from).find((p) => p.uri === ACCESS && accept(p.diagnostics))?.diagnostics, 'diagnostics of the access file');
}

const seen = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character} ${d.code}`);

describe('an open access assertions file over stdio (push diagnostics)', () => {
  let server: ServerSession;
  before(async () => {
    server = await ServerSession.start({ workspaceFolders: [root] });
    // Once the folder is indexed, the ServiceAccount is known and both expectations hold.
    await server.until(() => (server.logs.some((l) => /indexed \d+ files/.test(l)) ? true : undefined), 'the folder to be indexed');
    await server.open(ACCESS, FILES['iam-irsa.access.yaml'], 'yaml');
  });
  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('both expectations hold: no diagnostic', async () => {
    const published = await server.nextPublished(ACCESS);
    assert.deepEqual(seen(published.diagnostics), []);
    assert.deepEqual(seen(server.published.filter((p) => p.uri === ACCESS).at(-1)!.diagnostics), []);
  });

  test('the policy edited in the editor (unsaved) to allow iam:PassRole: the access file gets ACCESS_EXPECTATION_FAILED on cannot', async () => {
    const next = pushedFrom(server, (d) => d.length > 0);
    await server.open(POLICY, policy(SEND), 'json');
    await server.change(POLICY, 2, [{ text: policy(SEND, PASS_ROLE) }]);
    const diagnostics = await next();
    assert.deepEqual(seen(diagnostics), ['5:10 ACCESS_EXPECTATION_FAILED']);
    assert.match(
      String(diagnostics[0].message),
      /^payments\/payments can iam:PassRole on arn:aws:iam::111122223333:role\/payments-\*: allowed by statement 2 of policy PaymentsPolicy \(payments-policy\.json:\d+\)$/,
    );
    assert.equal(diagnostics[0].source, 'iam-irsa');
  });

  test('closed unsaved, then changed on disk to drop sqs:SendMessage: the can expectation fails instead', async () => {
    const cleared = pushedFrom(server, (d) => d.length === 0);
    await server.close(POLICY);
    await cleared();
    const next = pushedFrom(server, (d) => d.length > 0);
    writeFileSync(path.join(root, 'payments-policy.json'), policy({ ...SEND, Action: 'sqs:ReceiveMessage' }));
    await server.filesChanged([{ uri: POLICY, type: FileChangeType.Changed }]);
    const diagnostics = await next();
    assert.deepEqual(seen(diagnostics), ['2:7 ACCESS_EXPECTATION_FAILED']);
    assert.match(
      String(diagnostics[0].message),
      /payments\/payments cannot sqs:SendMessage on .*: no statement of role PaymentsRole allows it \(implicit deny\)/,
    );
  });
});
