import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { MarkupContent, Position } from 'vscode-languageserver-types';
import { CLIENT_COMMAND, CanResult } from '../../shared/protocol';
import { EffectivePermissions } from '../../server/src/service';
import { answerSummary, effectivePermissionsMarkdown } from '../../server/src/service/features/permissions/render';
import { ACCOUNT, serviceAccount, trustPolicy } from '../support/fixtures';
import { installedPolicies } from '../support/managedPolicies';
import { TestWorkspace } from '../support/workspace';

const SEED = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'seed-002');
const SA = 'service-accounts.yaml';

function position(ws: TestWorkspace, file: string, needle: string, shift = 1): Position {
  const document = ws.document(file);
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} in ${file}`);
  return document.positionAt(offset + shift);
}

function hover(ws: TestWorkspace, file: string, needle: string): string {
  const found = ws.service.doHover(ws.document(file), position(ws, file, needle));
  return (found?.contents as MarkupContent | undefined)?.value ?? '';
}

function lenses(ws: TestWorkspace, file: string): string[] {
  return ws.service
    .findCodeLenses(ws.document(file))
    .filter((l) => l.command?.command === CLIENT_COMMAND.showEffectivePermissions)
    .map((l) => `${l.range.start.line + 1}: ${l.command!.title} ${JSON.stringify(l.command!.arguments)}`);
}

/** A Pod Identity role made by a script: its trust admits pods.eks.amazonaws.com, an inline policy with an ABAC condition. */
const POD_TRUST = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] },
  null,
  2,
);
const POD_POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OwnPrefix',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: 'arn:aws:s3:::orders-data/${aws:PrincipalTag/kubernetes-namespace}/*',
      },
      {
        Sid: 'Queue',
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`,
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      },
      { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
    ],
  },
  null,
  2,
);
const POD_FILES = {
  'k8s/orders.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: orders-api\n  namespace: orders\n',
  'iam/pod-trust.json': POD_TRUST,
  'iam/orders-policy.json': POD_POLICY,
  'iam/roles.sh': [
    '#!/bin/sh',
    'aws iam create-role --role-name OrdersRole --assume-role-policy-document file://pod-trust.json',
    'aws iam put-role-policy --role-name OrdersRole --policy-name orders --policy-document file://orders-policy.json',
    `aws eks create-pod-identity-association --cluster-name shop --namespace orders --service-account orders-api --role-arn arn:aws:iam::${ACCOUNT}:role/OrdersRole`,
    '',
  ].join('\n'),
};

describe('effective permissions in the editor: the seed article (Dev Team A/B)', () => {
  test('hover on the ServiceAccount name: per service and access level, the policy as a link, the trust warning, what is not counted', async () => {
    const ws = await TestWorkspace.fromFolder(SEED);
    const text = hover(ws, SA, 'dev-team-a-sa');
    assert.match(
      text,
      /^\*\*What the pods of `default\/dev-team-a-sa` can do\*\*: 3 actions in 1 service, as role `DevTeamARole` by its `eks\.amazonaws\.com\/role-arn` annotation/,
    );
    assert.ok(text.includes('- `s3`: 3 actions — Read 1, Write 2'), text);
    assert.ok(text.includes(`From [DevTeamAPolicy](${ws.uri('dev-team-a-policy.json')}#L4) (inline)`), text);
    assert.ok(
      text.includes('The trust policy of `DevTeamARole` does not admit `system:serviceaccount:default:dev-team-a-sa`: the pods cannot assume this role'),
      text,
    );
    assert.match(text, /Service control policies \(SCPs\), resource policies .* and session policies are not taken into account/);
  });

  test('hover on the role annotation: the role, then the same summary; a role not in the workspace is an unknown with its line', async () => {
    const ws = await TestWorkspace.fromFolder(SEED);
    const a = hover(ws, SA, 'role/DevTeamARole');
    assert.match(a, /^\*\*IAM role `DevTeamARole`\*\*/);
    assert.ok(a.includes('**What the pods of `default/dev-team-a-sa` can do**: 3 actions in 1 service'), a);
    const b = hover(ws, SA, 'role/DevTeamBRole');
    assert.ok(b.includes('**What the pods of `default/dev-team-b-sa` can do**: no role found in the workspace'), b);
    assert.ok(
      b.includes(`The role DevTeamBRole is not defined in the workspace: its policies are not known. ([service-accounts.yaml:15](${ws.uri(SA)}#L15))`),
      b,
    );
  });

  test('a lens over each annotated ServiceAccount, on its annotation line, running Show Effective Permissions for it', async () => {
    const ws = await TestWorkspace.fromFolder(SEED);
    assert.deepEqual(lenses(ws, SA), [
      `7: ⚠ its role's trust does not admit it · can do 3 actions in 1 service [{"namespace":"default","name":"dev-team-a-sa","manifest":"file:///workspace/service-accounts.yaml"}]`,
      `15: no role found: permissions unknown · 1 unknown [{"namespace":"default","name":"dev-team-b-sa","manifest":"file:///workspace/service-accounts.yaml"}]`,
    ]);
  });

  test('the lens follows an edit of the policy file (the answer is not kept past a change of a file it read)', async () => {
    const ws = await TestWorkspace.fromFolder(SEED);
    assert.match(lenses(ws, SA)[0], /can do 3 actions in 1 service/);
    ws.write('dev-team-a-policy.json', ws.document('dev-team-a-policy.json').getText().replace('"s3:DeleteObject"', '"s3:DeleteObject", "sqs:SendMessage"'));
    assert.match(lenses(ws, SA)[0], /can do 4 actions in 2 services/);
  });

  test('iamIrsa/effectivePermissions: the rows, the roles, the unknowns and a Markdown table with a link per statement', async () => {
    const ws = await TestWorkspace.fromFolder(SEED);
    const result = ws.service.effectivePermissions({ namespace: 'default', name: 'dev-team-a-sa' });
    assert.deepEqual(
      result.rows.map((r) => `${r.action} ${r.accessLevel} ${r.resources.join(',')} ${r.statement.policy}:${r.statement.line}`),
      [
        's3:DeleteObject Write arn:aws:s3:::example-bucket/* DevTeamAPolicy:4',
        's3:GetObject Read arn:aws:s3:::example-bucket/* DevTeamAPolicy:4',
        's3:PutObject Write arn:aws:s3:::example-bucket/* DevTeamAPolicy:4',
      ],
    );
    assert.deepEqual(
      result.roles.map((r) => [r.name, r.via, r.trustAdmits]),
      [['DevTeamARole', 'annotation', false]],
    );
    const link = `[DevTeamAPolicy #1](${ws.uri('dev-team-a-policy.json')}#L4)`;
    assert.ok(result.markdown.includes(`| \`s3\` | \`s3:GetObject\` | Read | \`arn:aws:s3:::example-bucket/*\` |  | ${link} |`), result.markdown);
    assert.ok(result.markdown.includes('- `s3`: 3 actions — Read 1, Write 2 (Amazon S3)'), result.markdown);
    assert.ok(result.markdown.includes('| Service | Action | Access level | Resources | Conditions | Statement |'));
  });

  test('iamIrsa/can: allowed by the statement, implicit deny, no role; a malformed question is an error, not a throw', async () => {
    const ws = await TestWorkspace.fromFolder(SEED);
    const a = { namespace: 'default', name: 'dev-team-a-sa' };
    const allowed = ws.service.can(a, { action: 's3:GetObject', resource: 'arn:aws:s3:::example-bucket/q1.csv' }) as CanResult;
    assert.equal(allowed.decision, 'allowed');
    assert.equal(allowed.summary, 'allowed by DevTeamAPolicy statement #1 (dev-team-a-policy.json:4)');
    assert.deepEqual(allowed.statement && [allowed.statement.file, allowed.statement.line], [ws.uri('dev-team-a-policy.json'), 4]);
    assert.ok(allowed.markdown.includes(`Statement: [DevTeamAPolicy #1](${ws.uri('dev-team-a-policy.json')}#L4)`), allowed.markdown);
    const denied = ws.service.can(a, { action: 's3:GetObject', resource: 'arn:aws:s3:::other-bucket/q1.csv' }) as CanResult;
    assert.equal(denied.summary, 'denied: no statement allows it (implicit deny)');
    const none = ws.service.can({ namespace: 'default', name: 'dev-team-b-sa' }, { action: 's3:GetObject', resource: '*' }) as CanResult;
    assert.deepEqual([none.decision, none.summary], [null, 'no role found for default/dev-team-b-sa']);
    assert.deepEqual(ws.service.can(a, { action: 'GetObject', resource: '*' }), { error: 'action must be SERVICE:ACTION, e.g. s3:GetObject' });
    assert.deepEqual(ws.service.can(a, { action: 's3:GetObject', resource: '*', context: { 'aws:SourceIp': 3 as unknown as string } }), {
      error: 'context aws:SourceIp must be a string or an array of strings',
    });
  });

  test('iamIrsa/serviceAccounts and the ServiceAccount at a position (name, role ARN; none elsewhere)', async () => {
    const ws = await TestWorkspace.fromFolder(SEED);
    assert.deepEqual(
      ws.service.serviceAccounts().map((e) => `${e.namespace}/${e.name} ${e.range.start.line + 1}`),
      ['default/dev-team-a-sa 5', 'default/dev-team-b-sa 13'],
    );
    const document = ws.document(SA);
    const uri = ws.uri(SA);
    assert.deepEqual(ws.service.serviceAccountOf({ uri, position: position(ws, SA, 'role/DevTeamBRole') }, document), {
      namespace: 'default',
      name: 'dev-team-b-sa',
      manifest: uri,
    });
    assert.equal(ws.service.serviceAccountOf({ uri, position: position(ws, SA, 'apiVersion') }, document), undefined);
  });
});

describe('effective permissions in the editor: Pod Identity and AWS managed policies', () => {
  test('a ServiceAccount with no annotation but a Pod Identity association: hover on its name and the lens show its role; the session tags answer ABAC', async () => {
    const ws = await TestWorkspace.of(POD_FILES);
    const text = hover(ws, 'k8s/orders.yaml', 'orders-api');
    assert.ok(text.includes('can do**: 3 actions in 2 services, as role `OrdersRole` by a Pod Identity association'), text);
    assert.ok(text.includes('- `s3`: 2 actions — Read 1, Write 1'), text);
    assert.ok(text.includes('- `sqs`: 1 action — Write 1'), text);
    assert.deepEqual(lenses(ws, 'k8s/orders.yaml'), [
      `4: can do 3 actions in 2 services [{"namespace":"orders","name":"orders-api","manifest":"file:///workspace/k8s/orders.yaml"}]`,
    ]);
    // Hover on the association's ServiceAccount in the script: the same summary.
    assert.ok(hover(ws, 'iam/roles.sh', 'orders-api').includes('3 actions in 2 services, as role `OrdersRole`'));
    const sa = { namespace: 'orders', name: 'orders-api' };
    const own = ws.service.can(sa, { action: 's3:GetObject', resource: 'arn:aws:s3:::orders-data/orders/k' }) as CanResult;
    assert.equal(own.summary, 'allowed by orders statement OwnPrefix (orders-policy.json:4)');
    assert.deepEqual(
      own.roles.map((r) => `${r.role.name} ${r.role.via}: ${r.decision}`),
      ['OrdersRole pod-identity: allowed'],
    );
    assert.equal(own.outsideBoundary, null);
    // The script names the cluster (--cluster-name shop): its tag is known too.
    assert.deepEqual(own.sessionTags, {
      'aws:PrincipalTag/eks-cluster-name': 'shop',
      'aws:PrincipalTag/kubernetes-namespace': 'orders',
      'aws:PrincipalTag/kubernetes-service-account': 'orders-api',
    });
    const other = ws.service.can(sa, { action: 's3:GetObject', resource: 'arn:aws:s3:::orders-data/payments/k' }) as CanResult;
    assert.equal(other.decision, 'implicit-deny');
    const queue = ws.service.can(sa, { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders` }) as CanResult;
    assert.equal(queue.summary, 'depends on aws:SourceIp');
    const inside = ws.service.can(sa, {
      action: 'sqs:SendMessage',
      resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`,
      context: { 'aws:SourceIp': '10.1.2.3' },
    });
    assert.equal((inside as CanResult).decision, 'allowed');
    const deleted = ws.service.can(sa, { action: 's3:DeleteObject', resource: 'arn:aws:s3:::orders-data/orders/k' }) as CanResult;
    assert.equal(deleted.summary, 'denied by orders statement NoDelete (orders-policy.json:24)');
    // A plain ServiceAccount the workspace gives no role: no lens, and its hover says so.
    const plain = await TestWorkspace.of({ 'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: plain\n' });
    assert.deepEqual(lenses(plain, 'sa.yaml'), []);
    assert.match(hover(plain, 'sa.yaml', 'plain'), /no role found in the workspace/);
  });

  test('ReadOnlyAccess attached: thousands of actions counted once, the hover capped, the AWS managed policy named by its ARN', async () => {
    const ws = await TestWorkspace.of(
      {
        'sa.yaml': `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: reader\n  namespace: audit\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/ReaderRole\n`,
        'trust.json': trustPolicy('system:serviceaccount:audit:reader'),
        'roles.sh': `aws iam create-role --role-name ReaderRole --assume-role-policy-document file://trust.json\naws iam attach-role-policy --role-name ReaderRole --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess\n`,
      },
      undefined,
      installedPolicies(),
    );
    const result = ws.service.effectivePermissions({ namespace: 'audit', name: 'reader' });
    const actions = new Set(result.rows.map((r) => r.action)).size;
    const services = new Set(result.rows.map((r) => r.service)).size;
    assert.ok(actions > 1000 && services > 100, `${actions} actions in ${services} services`);
    assert.deepEqual(lenses(ws, 'sa.yaml'), [
      `7: can do ${actions} actions in ${services} services [{"namespace":"audit","name":"reader","manifest":"file:///workspace/sa.yaml"}]`,
    ]);
    const text = hover(ws, 'sa.yaml', 'reader');
    assert.equal(text.match(/^- `/gm)?.length, 8, 'eight services, then "… and N more"');
    assert.ok(text.includes(`- … and ${services - 8} more services`), text);
    assert.ok(text.includes('From `arn:aws:iam::aws:policy/ReadOnlyAccess` (AWS managed)'), text);
    assert.ok(/\| ReadOnlyAccess \S+ \(AWS managed, line \d+\) \|/.test(result.markdown), 'an AWS managed statement: no file to link');
  });
});

describe('effective permissions in the editor: one ServiceAccount in two environments', () => {
  test("each manifest's hover and lens count its own annotation's role; by name alone, both", async () => {
    const sa = (role: string) => serviceAccount({ namespace: 'shop', name: 'api', arn: `arn:aws:iam::${ACCOUNT}:role/${role}` });
    const inline = (action: string) => `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${action}","Resource":"*"}]}'`;
    const ws = await TestWorkspace.of({
      'dev/sa.yaml': sa('ApiDev'),
      'prod/sa.yaml': sa('ApiProd'),
      'iam/trust.json': trustPolicy('system:serviceaccount:shop:api'),
      'iam/roles.sh': [
        '#!/bin/sh',
        'aws iam create-role --role-name ApiDev --assume-role-policy-document file://trust.json',
        `aws iam put-role-policy --role-name ApiDev --policy-name dev --policy-document ${inline('s3:GetObject')}`,
        'aws iam create-role --role-name ApiProd --assume-role-policy-document file://trust.json',
        `aws iam put-role-policy --role-name ApiProd --policy-name prod --policy-document ${inline('sqs:SendMessage')}`,
        '',
      ].join('\n'),
    });
    const titles = (file: string) => lenses(ws, file).map((l) => l.slice(0, l.indexOf(' [')));
    assert.deepEqual(titles('dev/sa.yaml'), ['7: can do 1 action in 1 service']);
    assert.deepEqual(titles('prod/sa.yaml'), ['7: can do 1 action in 1 service']);
    const dev = hover(ws, 'dev/sa.yaml', 'api\n');
    assert.ok(dev.includes('as role `ApiDev`') && !dev.includes('ApiProd'), dev);
    assert.ok(hover(ws, 'prod/sa.yaml', 'role/ApiProd').includes('- `sqs`: 1 action'), hover(ws, 'prod/sa.yaml', 'role/ApiProd'));
    const prod = ws.service.can({ namespace: 'shop', name: 'api', manifest: ws.uri('prod/sa.yaml') }, { action: 's3:GetObject', resource: '*' }) as CanResult;
    assert.equal(prod.decision, 'implicit-deny');
    // Named without its manifest (the quick pick, another editor): every annotation of the workspace counts.
    const both = ws.service.effectivePermissions({ namespace: 'shop', name: 'api' });
    assert.deepEqual(both.roles.map((r) => r.name).sort(), ['ApiDev', 'ApiProd']);
    assert.equal((ws.service.can({ namespace: 'shop', name: 'api' }, { action: 's3:GetObject', resource: '*' }) as CanResult).decision, 'allowed');
  });
});

describe('the Markdown of Show Effective Permissions', () => {
  const statement = { policy: 'p', kind: 'inline' as const, file: 'file:///w/p.json', line: 3, sid: undefined, index: 1 };
  const base: EffectivePermissions = { namespace: 'ns', name: 'sa', roles: [], rows: [], unknowns: [], outsideBoundary: [], note: 'Not counted.' };

  test('no role: says so, no table; the note always', () => {
    const markdown = effectivePermissionsMarkdown(base);
    assert.equal(
      markdown,
      '# What `ns/sa` can do\n\nNo role found for this ServiceAccount in the workspace: its pods get no AWS permissions the files can show.\n\n*Not counted.*\n',
    );
  });

  test('a role without grants: "No permissions found"; a conditional row, several resources, a boundary statement, a pipe in a resource', () => {
    const role = { name: 'R', via: 'trust' as const, file: 'file:///w/r.sh', line: 2, policies: ['p'], boundary: 'b', trustAdmits: undefined };
    assert.match(effectivePermissionsMarkdown({ ...base, roles: [role] }), /\*\*No permissions found\*\*/);
    const markdown = effectivePermissionsMarkdown({
      ...base,
      roles: [role],
      rows: [
        {
          service: 's3',
          action: 's3:GetObject',
          accessLevel: 'Read',
          resources: ['arn:aws:s3:::a|b/*', 'arn:aws:s3:::c/*'],
          conditions: true,
          role: 'R',
          statement,
        },
        {
          service: 'sqs',
          action: 'sqs:SendMessage',
          accessLevel: 'Write',
          resources: ['*'],
          conditions: false,
          role: 'R',
          statement: { ...statement, sid: 'Send' },
        },
      ],
    });
    assert.ok(markdown.includes('Role `R` by trust ([r.sh:2](file:///w/r.sh#L2)): `p`; boundary `b`'), markdown);
    assert.ok(markdown.includes('**2 actions in 2 services.**'), markdown);
    assert.ok(
      markdown.includes('| `s3` | `s3:GetObject` | Read | `arn:aws:s3:::a\\|b/*`<br>`arn:aws:s3:::c/*` | conditional | [p #2](file:///w/p.json#L3) |'),
      markdown,
    );
    assert.ok(markdown.includes('| `sqs` | `sqs:SendMessage` | Write | `*` |  | [p Send](file:///w/p.json#L3) |'), markdown);
  });

  test('what the boundary leaves out has its own section, and a denial by it says so', () => {
    const role = { name: 'R', via: 'annotation' as const, file: 'file:///w/r.tf', line: 1, policies: ['p'], boundary: 'b', trustAdmits: true };
    const boundary = { policy: 'b', file: 'file:///w/r.tf', line: 9 };
    const markdown = effectivePermissionsMarkdown({
      ...base,
      roles: [role],
      outsideBoundary: [{ role: 'R', boundary, actions: ['iam:PassRole', 's3:DeleteObject'] }],
    });
    assert.ok(
      markdown.includes(
        '## Outside the permissions boundary\n\n`b` ([r.tf:9](file:///w/r.tf#L9)) of `R` does not allow 2 actions its policies grant: `iam:PassRole`, `s3:DeleteObject`',
      ),
      markdown,
    );
    const answer = {
      decision: 'implicit-deny' as const,
      role: undefined,
      roles: [],
      otherRoles: [],
      statement: undefined,
      outsideBoundary: boundary,
      dependsOn: [],
      sessionTags: {},
      unknowns: [],
      note: '',
    };
    assert.equal(answerSummary(answer, 'ns', 'sa'), 'denied: outside the permissions boundary b (r.tf:9)');
    assert.equal(answerSummary({ ...answer, outsideBoundary: undefined }, 'ns', 'sa'), 'denied: no statement allows it (implicit deny)');
  });
});
