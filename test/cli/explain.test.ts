// `iam-irsa explain NAMESPACE/NAME` and `iam-irsa can NAMESPACE/NAME ACTION RESOURCE`: on the seed
// article's Dev Team A workspace (test/fixtures/seed-002: DevTeamARole, whose inline DevTeamAPolicy
// allows s3:PutObject, s3:GetObject and s3:DeleteObject on arn:aws:s3:::example-bucket/*), and on a
// CloudFormation workspace written here with an explicit Deny, a condition and a permissions boundary.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cli, workspace } from './binary';

const SEED = 'test/fixtures/seed-002';
const ACCOUNT = '111122223333';
const PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

/** DevTeamARole's trust names another ServiceAccount (the article's mistake). */
const TRUST_WARNING =
  'the trust policy of DevTeamARole does not admit system:serviceaccount:default:dev-team-a-sa: its pods cannot assume the role (LINK_TRUST_DOES_NOT_ADMIT_SA)';

/** The lines of stdout, without the trailing empty one. */
function lines(stdout: string): string[] {
  return stdout.replace(/\n$/, '').split('\n');
}

describe('iam-irsa explain on the seed article (test/fixtures/seed-002)', () => {
  test('default/dev-team-a-sa: DevTeamARole by annotation and the three S3 actions of DevTeamAPolicy, by statement', () => {
    const { status, stdout, stderr } = cli(['explain', 'default/dev-team-a-sa', SEED]);
    assert.equal(stderr, '');
    assert.equal(status, 0);
    const out = lines(stdout);
    assert.equal(out[0], 'default/dev-team-a-sa: DevTeamARole; 3 actions in 1 service');
    assert.equal(out[1], `  role DevTeamARole by its eks.amazonaws.com/role-arn annotation (${SEED}/create-roles.sh:4): DevTeamAPolicy`);
    // The article's trust admits my-namespace/my-service-account only: said, as LINK_TRUST_DOES_NOT_ADMIT_SA says it.
    assert.equal(out[2], `    warning: ${TRUST_WARNING}`);
    assert.equal(out[4], 'Amazon S3 (s3)');
    const where = `DevTeamAPolicy statement #1, ${SEED}/dev-team-a-policy.json:4`;
    assert.deepEqual(out.slice(5, 8), [
      `  s3:DeleteObject  Write  arn:aws:s3:::example-bucket/*  ${where}`,
      `  s3:GetObject     Read   arn:aws:s3:::example-bucket/*  ${where}`,
      `  s3:PutObject     Write  arn:aws:s3:::example-bucket/*  ${where}`,
    ]);
    assert.match(out[out.length - 1], /^Service control policies \(SCPs\), resource policies .* are not taken into account\.$/);
  });

  test('--format json: the roles and one row per action, with access level, resources, conditions and statement', () => {
    const { status, stdout } = cli(['explain', '--format', 'json', 'default/dev-team-a-sa', SEED]);
    assert.equal(status, 0);
    const report = JSON.parse(stdout) as {
      roles: { name: string; via: string }[];
      rows: { action: string; accessLevel: string; resources: string[]; conditions: boolean; statement: { policy: string; file: string; line: number } }[];
      unknowns: unknown[];
    };
    assert.deepEqual(
      report.roles.map((r) => `${r.name} ${r.via}`),
      ['DevTeamARole annotation'],
    );
    assert.deepEqual(
      report.rows.map(
        (r) => `${r.action} ${r.accessLevel} ${r.resources.join(',')} ${r.conditions} ${r.statement.policy} ${r.statement.file}:${r.statement.line}`,
      ),
      ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'].map(
        (a) => `${a} ${a === 's3:GetObject' ? 'Read' : 'Write'} arn:aws:s3:::example-bucket/* false DevTeamAPolicy ${SEED}/dev-team-a-policy.json:4`,
      ),
    );
    assert.deepEqual(report.unknowns, []);
  });

  test('default/dev-team-b-sa: its role is not in the workspace: exit 1, the reason said', () => {
    const { status, stdout, stderr } = cli(['explain', 'default/dev-team-b-sa', SEED]);
    assert.equal(status, 1);
    assert.equal(
      stderr,
      'iam-irsa: no role found for the ServiceAccount default/dev-team-b-sa: The role DevTeamBRole is not defined in the workspace: its policies are not known.\n',
    );
    assert.ok(
      lines(stdout).includes(`  The role DevTeamBRole is not defined in the workspace: its policies are not known. (${SEED}/service-accounts.yaml:15)`),
    );
  });

  test('a bad NAMESPACE/NAME or option is a usage error: exit 2, nothing on stdout', () => {
    for (const args of [['explain'], ['explain', 'dev-team-a-sa', SEED], ['explain', 'Default/X', SEED], ['explain', '--format', 'xml', 'default/a']]) {
      const { status, stdout, stderr } = cli(args);
      assert.equal(status, 2, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, /^iam-irsa: .*\n\nUsage: iam-irsa explain NAMESPACE\/NAME/);
    }
    assert.match(cli(['explain', 'dev-team-a-sa']).stderr, /^iam-irsa: "dev-team-a-sa" is not NAMESPACE\/NAME/);
  });
});

describe('iam-irsa can NAMESPACE/NAME on the seed article', () => {
  test('s3:GetObject on an object of example-bucket: allowed by DevTeamAPolicy, exit 0', () => {
    const { status, stdout, stderr } = cli(['can', 'default/dev-team-a-sa', 's3:GetObject', 'arn:aws:s3:::example-bucket/reports/q1.csv', '--path', SEED]);
    assert.equal(stderr, `iam-irsa: warning: ${TRUST_WARNING}\n`);
    assert.equal(status, 0);
    assert.deepEqual(lines(stdout), [
      `allowed (by DevTeamAPolicy statement #1, ${SEED}/dev-team-a-policy.json:4)`,
      '  role DevTeamARole by its eks.amazonaws.com/role-arn annotation',
    ]);
  });

  test('an action or resource the policy does not grant: implicit deny, exit 1', () => {
    const list = cli(['can', 'default/dev-team-a-sa', 's3:ListBucket', 'arn:aws:s3:::example-bucket', '--path', SEED]);
    assert.equal(list.status, 1);
    assert.equal(lines(list.stdout)[0], 'denied: no statement allows it (implicit)');
    const other = cli(['can', 'default/dev-team-a-sa', 's3:GetObject', 'arn:aws:s3:::other-bucket/key', '--path', SEED]);
    assert.equal(other.status, 1);
    assert.equal(lines(other.stdout)[0], 'denied: no statement allows it (implicit)');
  });

  test('--format json: decision, role, statement, dependsOn', () => {
    const { status, stdout } = cli(['can', 'default/dev-team-a-sa', 's3:PutObject', 'arn:aws:s3:::example-bucket/k', '--path', SEED, '--format', 'json']);
    assert.equal(status, 0);
    const answer = JSON.parse(stdout) as Record<string, unknown>;
    assert.deepEqual(
      { decision: answer.decision, role: answer.role, statement: answer.statement, dependsOn: answer.dependsOn },
      {
        decision: 'allowed',
        role: 'DevTeamARole',
        statement: { policy: 'DevTeamAPolicy', kind: 'inline', sid: null, index: 0, file: `${SEED}/dev-team-a-policy.json`, line: 4 },
        dependsOn: [],
      },
    );
  });

  test('default/dev-team-b-sa: no role in the workspace: exit 1, nothing answered, the reason on stderr', () => {
    const args = ['can', 'default/dev-team-b-sa', 's3:GetObject', 'arn:aws:s3:::example-bucket/k', '--path', SEED];
    const { status, stdout, stderr } = cli(args);
    assert.equal(status, 1);
    assert.equal(stdout, '');
    assert.deepEqual(lines(stderr), [
      `iam-irsa: warning: the answer may be incomplete: The role DevTeamBRole is not defined in the workspace: its policies are not known. (${SEED}/service-accounts.yaml:15)`,
      'iam-irsa: no role found for the ServiceAccount default/dev-team-b-sa: the answer cannot be known from the files',
    ]);
    const json = JSON.parse(cli([...args, '--format', 'json']).stdout) as Record<string, unknown>;
    assert.deepEqual([json.decision, json.role, json.statement], [null, null, null]);
  });

  test('bad arguments: exit 2 with the reason', () => {
    const cases: [string[], RegExp][] = [
      [['can', 'default/dev-team-a-sa', 's3:GetObject'], /ACTION and RESOURCE are required/],
      [['can', 'nonamespace', 's3:GetObject', '*'], /"nonamespace" is not NAMESPACE\/NAME/],
      [['can', 'default/dev-team-a-sa', 'GetObject', '*'], /"GetObject" is not an action/],
      [['can', 'default/dev-team-a-sa', 's3:GetObject', 'example-bucket'], /"example-bucket" is not a resource ARN/],
      [['can', 'default/dev-team-a-sa', 's3:GetObject', '*', '--context', 'aws:SourceIp'], /--context needs KEY=VALUE/],
    ];
    for (const [args, message] of cases) {
      const { status, stdout, stderr } = cli(args);
      assert.equal(status, 2, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, message);
    }
  });
});

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  OrdersBoundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: ['s3:*', 'sqs:*']
            Resource: '*'
  OrdersRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: OrdersRole
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                ${PROVIDER}:sub: system:serviceaccount:orders:orders-api
                ${PROVIDER}:aud: sts.amazonaws.com
      PermissionsBoundary: !Ref OrdersBoundary
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AmazonNoSuchPolicy
      Policies:
        - PolicyName: orders-app
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Sid: Objects
                Effect: Allow
                Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']
                Resource: arn:aws:s3:::orders-archive/*
              - Sid: NoDeletes
                Effect: Deny
                Action: s3:DeleteObject
                Resource: '*'
              - Sid: QueueFromVpc
                Effect: Allow
                Action: sqs:SendMessage
                Resource: arn:aws:sqs:us-east-1:${ACCOUNT}:orders
                Condition:
                  IpAddress:
                    aws:SourceIp: 10.0.0.0/8
              - Sid: Table
                Effect: Allow
                Action: dynamodb:GetItem
                Resource: arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders
`;

const SERVICE_ACCOUNT = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: orders-api
  namespace: orders
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/OrdersRole
`;

describe('a role with a Deny, a condition and a permissions boundary (CloudFormation)', () => {
  const dir = workspace({ 'orders.yaml': TEMPLATE, 'k8s/service-account.yaml': SERVICE_ACCOUNT });

  test('explain: the denied action and what the boundary does not allow are left out of the rows, the latter listed apart; the condition is marked; the unknown listed', () => {
    const { status, stdout, stderr } = cli(['explain', 'orders/orders-api'], dir);
    assert.equal(status, 0);
    assert.equal(stderr, '');
    assert.ok(!stdout.includes('warning'));
    const out = lines(stdout);
    assert.equal(out[0], 'orders/orders-api: OrdersRole; 3 actions in 2 services');
    assert.equal(out[1], '  role OrdersRole by its eks.amazonaws.com/role-arn annotation (orders.yaml:15): orders-app; boundary !Ref OrdersBoundary');
    const rows = out.filter((l) => /^ {2}[a-z0-9-]+:/.test(l));
    assert.deepEqual(rows, [
      '  s3:GetObject  Read   arn:aws:s3:::orders-archive/*  orders-app statement Objects, orders.yaml:35',
      '  s3:PutObject  Write  arn:aws:s3:::orders-archive/*  orders-app statement Objects, orders.yaml:35',
      `  sqs:SendMessage  Write  arn:aws:sqs:us-east-1:${ACCOUNT}:orders [conditions]  orders-app statement QueueFromVpc, orders.yaml:43`,
    ]);
    assert.ok(!stdout.includes('s3:DeleteObject'));
    assert.ok(
      out.includes(
        'Outside the permissions boundary !Ref OrdersBoundary (orders.yaml:27) of OrdersRole: 1 action its policies grant, denied: dynamodb:GetItem',
      ),
      stdout,
    );
    const unknown = out.indexOf('Unknown (the list may be incomplete):');
    assert.ok(unknown > 0);
    assert.match(out[unknown + 1], /^ {2}The AWS managed policy arn:aws:iam::aws:policy\/AmazonNoSuchPolicy .*\(orders\.yaml:29\)$/);
  });

  test('can: the Deny wins, exit 1, with a warning that the answer may be incomplete', () => {
    const { status, stdout, stderr } = cli(['can', 'orders/orders-api', 's3:DeleteObject', 'arn:aws:s3:::orders-archive/o-1.json'], dir);
    assert.equal(status, 1);
    assert.equal(lines(stdout)[0], 'denied by orders-app statement NoDeletes, orders.yaml:39');
    assert.match(stderr, /^iam-irsa: warning: the answer may be incomplete: The AWS managed policy arn:aws:iam::aws:policy\/AmazonNoSuchPolicy /);
  });

  test('can: an action the policy allows but the boundary does not: denied outside the boundary, named, exit 1', () => {
    const table = ['can', 'orders/orders-api', 'dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`];
    const { status, stdout } = cli(table, dir);
    assert.equal(status, 1);
    assert.equal(lines(stdout)[0], 'denied: outside the permissions boundary !Ref OrdersBoundary (orders.yaml:27)');
    const json = JSON.parse(cli([...table, '--format', 'json'], dir).stdout) as { decision: string; outsideBoundary: unknown; statement: { sid: string } };
    assert.deepEqual(
      [json.decision, json.outsideBoundary, json.statement.sid],
      ['implicit-deny', { policy: '!Ref OrdersBoundary', file: 'orders.yaml', line: 27 }, 'Table'],
    );
    // Not granted by any policy: the boundary is not the reason.
    const other = cli(['can', 'orders/orders-api', 'sqs:DeleteQueue', `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`], dir);
    assert.equal(lines(other.stdout)[0], 'denied: no statement allows it (implicit)');
  });

  test('can: a condition key left unknown: depends on it, exit 3; given, the answer follows it', () => {
    const queue = ['can', 'orders/orders-api', 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`];
    const unknown = cli(queue, dir);
    assert.equal(unknown.status, 3);
    assert.equal(lines(unknown.stdout)[0], 'depends on aws:SourceIp');
    const json = JSON.parse(cli([...queue, '--format', 'json'], dir).stdout) as { decision: string; dependsOn: string[] };
    assert.deepEqual([json.decision, json.dependsOn], ['depends', ['aws:SourceIp']]);
    const inside = cli([...queue, '--context', 'aws:SourceIp=10.1.2.3'], dir);
    assert.equal(inside.status, 0);
    assert.equal(lines(inside.stdout)[0], 'allowed (by orders-app statement QueueFromVpc, orders.yaml:43)');
    const outside = cli([...queue, '--context=aws:SourceIp=203.0.113.7'], dir);
    assert.equal(outside.status, 1);
    assert.equal(lines(outside.stdout)[0], 'denied: no statement allows it (implicit)');
  });
});

describe('a Pod Identity association (AWS CLI script): the session tags are part of the context', () => {
  const dir = workspace({
    'setup.sh': [
      '#!/bin/sh',
      'aws iam create-role --role-name PaymentsRole --assume-role-policy-document file://trust.json',
      'aws iam put-role-policy --role-name PaymentsRole --policy-name payments-data --policy-document file://payments-policy.json',
      `aws eks create-pod-identity-association --cluster-name prod --namespace payments --service-account api --role-arn arn:aws:iam::${ACCOUNT}:role/PaymentsRole`,
      '',
    ].join('\n'),
    'trust.json': {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
    },
    'payments-policy.json': {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'OwnPrefix', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::payments-data/${aws:PrincipalTag/kubernetes-namespace}/*' },
        {
          Sid: 'ProdOnly',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::payments-data/*',
          Condition: { StringEquals: { 'aws:PrincipalTag/eks-cluster-name': 'prod' } },
        },
      ],
    },
  });

  test('the kubernetes-namespace tag resolves the policy variable: its own prefix allowed, another denied', () => {
    const own = cli(['can', 'payments/api', 's3:GetObject', 'arn:aws:s3:::payments-data/payments/r.csv'], dir);
    assert.equal(own.status, 0);
    assert.deepEqual(lines(own.stdout), [
      'allowed (by payments-data statement OwnPrefix, payments-policy.json:4)',
      '  role PaymentsRole by a Pod Identity association',
    ]);
    const other = cli(['can', 'payments/api', 's3:GetObject', 'arn:aws:s3:::payments-data/billing/r.csv'], dir);
    assert.equal(other.status, 1);
    assert.equal(lines(other.stdout)[0], 'denied: no statement allows it (implicit)');
  });

  test('the cluster named by --cluster-name sets its tag: a condition on it is answered; given otherwise in the context, it follows', () => {
    const put = ['can', 'payments/api', 's3:PutObject', 'arn:aws:s3:::payments-data/x'];
    const known = cli(put, dir);
    assert.equal(known.status, 0);
    assert.equal(lines(known.stdout)[0], 'allowed (by payments-data statement ProdOnly, payments-policy.json:10)');
    const other = cli([...put, '--context', 'aws:PrincipalTag/eks-cluster-name=dev'], dir);
    assert.equal(other.status, 1);
    assert.equal(lines(other.stdout)[0], 'denied: no statement allows it (implicit)');
  });

  test('explain: the role by Pod Identity association, the conditional row marked', () => {
    const { status, stdout } = cli(['explain', 'payments/api'], dir);
    assert.equal(status, 0);
    const out = lines(stdout);
    assert.equal(out[1], '  role PaymentsRole by a Pod Identity association (setup.sh:2): payments-data');
    assert.equal(out[5], '  s3:PutObject  Write  arn:aws:s3:::payments-data/* [conditions]  payments-data statement ProdOnly, payments-policy.json:10');
  });
});

test('--help describes explain and can NAMESPACE/NAME, their outputs and exit statuses', () => {
  const { status, stdout } = cli(['explain', '--help']);
  assert.equal(status, 0);
  assert.match(stdout, /^Usage: iam-irsa explain NAMESPACE\/NAME \[--format stylish\|json\] \[PATH\.\.\.\]$/m);
  assert.match(stdout, /^Exit status: 0 listed, 1 no role found for the ServiceAccount, 2 usage or I\/O error\.$/m);
  assert.match(stdout, /^Usage: iam-irsa can NAMESPACE\/NAME ACTION RESOURCE \[--context KEY=VALUE\.\.\.\] \[--format json\] \[--path PATH\.\.\.\]$/m);
  assert.match(stdout, /^ {2}depends on KEY, \.\.\.$/m);
  assert.match(stdout, /^Exit status: 0 allowed, 1 denied \(or no role found\), 3 depends, 2 usage or I\/O error\.$/m);
});
