import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ErrorCodes, MarkupContent, Position, ResponseError } from 'vscode-languageserver-protocol/node';
import { CanResult, CLIENT_COMMAND, EffectivePermissionsResult, PERMISSION_REQUEST, ServiceAccountEntry } from '../../shared/protocol';
import { REPO_ROOT, ServerSession } from '../support/lspClient';

/** The seed article's Dev Team A/B workspace, read where it is (nothing is written). */
const SEED = path.join(REPO_ROOT, 'test', 'fixtures', 'seed-002');
const SA = path.join(SEED, 'service-accounts.yaml');

const uriOf = (file: string) => pathToFileURL(file).toString();

/** The position `delta` characters into the first `needle` of a file on disk. */
function at(file: string, needle: string, delta = 1): Position {
  const text = readFileSync(file, 'utf8');
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} in ${file}`);
  const lines = text.slice(0, offset + delta).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

const markdown = (hover: { contents: unknown } | null) => (hover?.contents as MarkupContent | undefined)?.value ?? '';

async function permissionLenses(server: ServerSession, uri: string): Promise<string[]> {
  return (await server.codeLenses(uri))
    .filter((l) => l.command?.command === CLIENT_COMMAND.showEffectivePermissions)
    .map((l) => `${l.range.start.line + 1}: ${l.command!.title} ${JSON.stringify(l.command!.arguments)}`);
}

describe('effective permissions over stdio: the seed article workspace', () => {
  let server: ServerSession;
  before(async () => {
    server = await ServerSession.start({ pull: true, workspaceFolders: [SEED] });
    await server.open(uriOf(SA), readFileSync(SA, 'utf8'), 'yaml');
  });
  after(() => server.stop());

  test('hover on the ServiceAccount name: per service and access level, the policy, the trust warning, the note', async () => {
    const text = await server.eventually(async () => {
      const value = markdown(await server.hover(uriOf(SA), at(SA, 'dev-team-a-sa')));
      return value.includes('3 actions in 1 service') ? value : undefined;
    }, 'the permission hover once the folder is indexed');
    assert.ok(text.startsWith('**What the pods of `default/dev-team-a-sa` can do**: 3 actions in 1 service, as role `DevTeamARole`'), text);
    assert.ok(text.includes('- `s3`: 3 actions — Read 1, Write 2'), text);
    assert.ok(text.includes(`From [DevTeamAPolicy](${uriOf(path.join(SEED, 'dev-team-a-policy.json'))}#L4) (inline)`), text);
    assert.ok(text.includes('does not admit `system:serviceaccount:default:dev-team-a-sa`'), text);
    assert.ok(text.includes('session policies are not taken into account'), text);
    const annotation = markdown(await server.hover(uriOf(SA), at(SA, 'role/DevTeamBRole')));
    assert.ok(annotation.includes('**IAM role `DevTeamBRole`**'), annotation);
    assert.ok(annotation.includes('no role found in the workspace'), annotation);
  });

  test('the lens over each annotated ServiceAccount', async () => {
    assert.deepEqual(await permissionLenses(server, uriOf(SA)), [
      `7: ⚠ its role's trust does not admit it · can do 3 actions in 1 service [{"namespace":"default","name":"dev-team-a-sa","manifest":"${uriOf(SA)}"}]`,
      `15: no role found: permissions unknown · 1 unknown [{"namespace":"default","name":"dev-team-b-sa","manifest":"${uriOf(SA)}"}]`,
    ]);
  });

  test('iamIrsa/effectivePermissions by name and by position; null where no ServiceAccount is', async () => {
    const byName = await server.connection.sendRequest<EffectivePermissionsResult>(PERMISSION_REQUEST.effectivePermissions, {
      namespace: 'default',
      name: 'dev-team-a-sa',
    });
    assert.deepEqual(
      byName.rows.map((r) => `${r.action} ${r.accessLevel} ${path.basename(r.statement.file)}:${r.statement.line}`),
      ['s3:DeleteObject Write dev-team-a-policy.json:4', 's3:GetObject Read dev-team-a-policy.json:4', 's3:PutObject Write dev-team-a-policy.json:4'],
    );
    assert.deepEqual(
      byName.roles.map((r) => [r.name, r.via, path.basename(r.file), r.line, r.trustAdmits]),
      [['DevTeamARole', 'annotation', 'create-roles.sh', 4, false]],
    );
    assert.match(byName.markdown, /^# What `default\/dev-team-a-sa` can do/);
    const byPosition = await server.connection.sendRequest<EffectivePermissionsResult>(PERMISSION_REQUEST.effectivePermissions, {
      uri: uriOf(SA),
      position: at(SA, 'role/DevTeamBRole'),
    });
    assert.deepEqual([byPosition.name, byPosition.rows.length], ['dev-team-b-sa', 0]);
    assert.deepEqual(
      byPosition.unknowns.map((u) => [u.reason, path.basename(u.file), u.line]),
      [['role-not-in-workspace', 'service-accounts.yaml', 15]],
    );
    assert.equal(await server.connection.sendRequest(PERMISSION_REQUEST.effectivePermissions, { uri: uriOf(SA), position: { line: 0, character: 2 } }), null);
  });

  test('iamIrsa/can: allowed by the statement, implicit deny, no role', async () => {
    const ask = (resource: string, name = 'dev-team-a-sa') =>
      server.connection.sendRequest<CanResult>(PERMISSION_REQUEST.can, { target: { namespace: 'default', name }, action: 's3:GetObject', resource });
    const allowed = await ask('arn:aws:s3:::example-bucket/q1.csv');
    assert.deepEqual(
      [allowed.decision, allowed.summary, allowed.statement?.line, allowed.dependsOn],
      ['allowed', 'allowed by DevTeamAPolicy statement #1 (dev-team-a-policy.json:4)', 4, []],
    );
    assert.equal((await ask('arn:aws:s3:::other/q1.csv')).decision, 'implicit-deny');
    assert.deepEqual(
      [(await ask('*', 'dev-team-b-sa')).decision, (await ask('*', 'dev-team-b-sa')).summary],
      [null, 'no role found for default/dev-team-b-sa'],
    );
  });

  test('iamIrsa/serviceAccounts; malformed params are InvalidParams errors, and the server goes on', async () => {
    const entries = await server.connection.sendRequest<ServiceAccountEntry[]>(PERMISSION_REQUEST.serviceAccounts, {});
    assert.deepEqual(
      entries.map((e) => `${e.namespace}/${e.name} ${path.basename(e.uri)}:${e.range.start.line + 1}`),
      ['default/dev-team-a-sa service-accounts.yaml:5', 'default/dev-team-b-sa service-accounts.yaml:13'],
    );
    for (const [method, params, message] of [
      [PERMISSION_REQUEST.effectivePermissions, { name: 'x' }, /name the ServiceAccount/],
      [PERMISSION_REQUEST.effectivePermissions, { uri: 'file:///not/open.yaml', position: { line: 0, character: 0 } }, /is not open/],
      [PERMISSION_REQUEST.can, { target: { namespace: 'default', name: 'dev-team-a-sa' }, action: 'GetObject', resource: '*' }, /SERVICE:ACTION/],
      [PERMISSION_REQUEST.can, { target: { namespace: 'default', name: 'dev-team-a-sa' }, action: 's3:GetObject', resource: '*', context: [1] }, /context/],
    ] as const) {
      await assert.rejects(server.connection.sendRequest(method, params), (error: ResponseError<unknown>) => {
        assert.equal(error.code, ErrorCodes.InvalidParams);
        assert.match(error.message, message);
        return true;
      });
    }
    assert.equal((await server.connection.sendRequest<ServiceAccountEntry[]>(PERMISSION_REQUEST.serviceAccounts, {})).length, 2);
  });
});

describe('effective permissions over stdio: ReadOnlyAccess and Pod Identity', () => {
  const ACCOUNT = '111122223333';
  const PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
  const root = mkdtempSync(path.join(tmpdir(), 'iam-irsa-permissions-'));
  const file = (relative: string) => path.join(root, relative);
  let server: ServerSession;

  before(async () => {
    const files: Record<string, string> = {
      'k8s/service-accounts.yaml': [
        'apiVersion: v1',
        'kind: ServiceAccount',
        'metadata:',
        '  name: reader',
        '  namespace: audit',
        '  annotations:',
        `    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/ReaderRole`,
        '---',
        'apiVersion: v1',
        'kind: ServiceAccount',
        'metadata:',
        '  name: orders-api',
        '  namespace: orders',
        '',
      ].join('\n'),
      'iam/reader-trust.json': JSON.stringify(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}` },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: { StringEquals: { [`${PROVIDER}:sub`]: 'system:serviceaccount:audit:reader', [`${PROVIDER}:aud`]: 'sts.amazonaws.com' } },
            },
          ],
        },
        null,
        2,
      ),
      'iam/pod-trust.json': JSON.stringify(
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
        },
        null,
        2,
      ),
      'iam/orders-policy.json': JSON.stringify(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Queue',
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`,
              Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
            },
          ],
        },
        null,
        2,
      ),
      'iam/roles.sh': [
        '#!/bin/sh',
        'aws iam create-role --role-name ReaderRole --assume-role-policy-document file://reader-trust.json',
        'aws iam attach-role-policy --role-name ReaderRole --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess',
        'aws iam create-role --role-name OrdersRole --assume-role-policy-document file://pod-trust.json',
        'aws iam put-role-policy --role-name OrdersRole --policy-name orders --policy-document file://orders-policy.json',
        `aws eks create-pod-identity-association --cluster-name shop --namespace orders --service-account orders-api --role-arn arn:aws:iam::${ACCOUNT}:role/OrdersRole`,
        '',
      ].join('\n'),
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(file(name)), { recursive: true });
      writeFileSync(file(name), text);
    }
    server = await ServerSession.start({ pull: true, workspaceFolders: [root] });
    await server.open(uriOf(file('k8s/service-accounts.yaml')), files['k8s/service-accounts.yaml'], 'yaml');
  });
  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('ReadOnlyAccess: the lens counts its thousands of actions; the hover lists eight services and names the AWS managed policy', async () => {
    const uri = uriOf(file('k8s/service-accounts.yaml'));
    const lenses = await server.eventually(async () => {
      const found = await permissionLenses(server, uri);
      return found.length === 2 ? found : undefined;
    }, 'both lenses once the folder is indexed');
    const result = await server.connection.sendRequest<EffectivePermissionsResult>(PERMISSION_REQUEST.effectivePermissions, {
      namespace: 'audit',
      name: 'reader',
    });
    const actions = new Set(result.rows.map((r) => r.action)).size;
    const services = new Set(result.rows.map((r) => r.service)).size;
    assert.ok(actions > 1000 && services > 100, `${actions} actions in ${services} services`);
    assert.deepEqual(lenses, [
      `7: can do ${actions} actions in ${services} services [{"namespace":"audit","name":"reader","manifest":"${uri}"}]`,
      `12: can do 1 action in 1 service [{"namespace":"orders","name":"orders-api","manifest":"${uri}"}]`,
    ]);
    const text = markdown(await server.hover(uri, at(file('k8s/service-accounts.yaml'), 'reader')));
    assert.equal(text.match(/^- `/gm)?.length, 8, text);
    assert.ok(text.includes('From `arn:aws:iam::aws:policy/ReadOnlyAccess` (AWS managed)'), text);
  });

  test('Pod Identity: the hover on a ServiceAccount without annotation names its role; can depends on aws:SourceIp until it is given', async () => {
    const sa = file('k8s/service-accounts.yaml');
    const text = markdown(await server.hover(uriOf(sa), at(sa, 'orders-api')));
    assert.ok(text.includes('1 action in 1 service, as role `OrdersRole` by a Pod Identity association'), text);
    assert.ok(text.includes('- `sqs`: 1 action — Write 1'), text);
    const target = { uri: uriOf(sa), position: at(sa, 'orders-api') };
    const question = { target, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders` };
    const depends = await server.connection.sendRequest<CanResult>(PERMISSION_REQUEST.can, question);
    assert.deepEqual([depends.decision, depends.dependsOn, depends.summary], ['depends', ['aws:SourceIp'], 'depends on aws:SourceIp']);
    assert.equal(depends.sessionTags['aws:PrincipalTag/kubernetes-service-account'], 'orders-api');
    const allowed = await server.connection.sendRequest<CanResult>(PERMISSION_REQUEST.can, { ...question, context: { 'aws:SourceIp': '10.1.2.3' } });
    assert.equal(allowed.summary, 'allowed by orders statement Queue (orders-policy.json:4)');
    const outside = await server.connection.sendRequest<CanResult>(PERMISSION_REQUEST.can, { ...question, context: { 'aws:SourceIp': '192.0.2.1' } });
    assert.equal(outside.decision, 'implicit-deny');
  });
});
