// `iam-irsa explain` / `can` on workspaces whose facts only other sources than CloudFormation give:
// a Terraform customer managed policy and permissions boundary, a ServiceAccount with two roles
// (annotation and Pod Identity), and the cluster tags of an eksctl Pod Identity association.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cli, workspace } from './binary';

const ACCOUNT = '111122223333';
const PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

function lines(stdout: string): string[] {
  return stdout.replace(/\n$/, '').split('\n');
}

const serviceAccount = (namespace: string, name: string, role: string) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${namespace}
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/${role}
`;

const MAIN_TF = `resource "aws_iam_role" "orders" {
  name = "OrdersRole"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { StringEquals = { "${PROVIDER}:sub" = "system:serviceaccount:orders:orders" } }
    }]
  })
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_policy" "app" {
  name   = "orders-app"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Queue",
      "Effect": "Allow",
      "Action": "sqs:SendMessage",
      "Resource": "arn:aws:sqs:us-east-1:${ACCOUNT}:orders"
    },
    {
      "Sid": "Keys",
      "Effect": "Allow",
      "Action": "kms:Decrypt",
      "Resource": "*"
    }
  ]
}
EOF
}

resource "aws_iam_policy" "boundary" {
  name   = "orders-boundary"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sqs:*", "s3:*"], Resource = "*" }] })
}

resource "aws_iam_role_policy_attachment" "app" {
  role       = aws_iam_role.orders.name
  policy_arn = aws_iam_policy.app.arn
}
`;

describe('Terraform: a customer managed policy (aws_iam_policy) and a permissions boundary', () => {
  const dir = workspace({ 'infra/main.tf': MAIN_TF, 'k8s/sa.yaml': serviceAccount('orders', 'orders', 'OrdersRole') });

  test('explain: the customer managed policy grants, by statement and line; what the boundary does not allow is listed apart', () => {
    const { status, stdout, stderr } = cli(['explain', 'orders/orders'], dir);
    assert.equal(status, 0, stderr);
    const out = lines(stdout);
    assert.equal(out[0], 'orders/orders: OrdersRole; 1 action in 1 service');
    assert.equal(
      out[1],
      '  role OrdersRole by its eks.amazonaws.com/role-arn annotation (infra/main.tf:2): aws_iam_policy.app; boundary aws_iam_policy.boundary',
    );
    assert.ok(out.includes(`  sqs:SendMessage  Write  arn:aws:sqs:us-east-1:${ACCOUNT}:orders  aws_iam_policy.app statement Queue, infra/main.tf:21`), stdout);
    assert.ok(
      out.includes(
        'Outside the permissions boundary aws_iam_policy.boundary (infra/main.tf:12) of OrdersRole: 1 action its policies grant, denied: kms:Decrypt',
      ),
      stdout,
    );
    assert.equal(stderr, '');
  });

  test('can: allowed by the customer managed policy; denied outside the boundary, with the boundary named', () => {
    const queue = cli(['can', 'orders/orders', 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`], dir);
    assert.equal(queue.status, 0);
    assert.deepEqual(lines(queue.stdout), [
      'allowed (by aws_iam_policy.app statement Queue, infra/main.tf:21)',
      '  role OrdersRole by its eks.amazonaws.com/role-arn annotation',
    ]);
    const keys = cli(['can', 'orders/orders', 'kms:Decrypt', `arn:aws:kms:us-east-1:${ACCOUNT}:key/k-1`], dir);
    assert.equal(keys.status, 1);
    assert.equal(lines(keys.stdout)[0], 'denied: outside the permissions boundary aws_iam_policy.boundary (infra/main.tf:12)');
    const nowhere = cli(['can', 'orders/orders', 's3:GetObject', 'arn:aws:s3:::b/k'], dir);
    assert.equal(lines(nowhere.stdout)[0], 'denied: no statement allows it (implicit)');
  });
});

describe('two roles: an IRSA annotation and a Pod Identity association', () => {
  const dir = workspace({
    'setup.sh': [
      '#!/bin/sh',
      'aws iam create-role --role-name IrsaRole --assume-role-policy-document file://irsa-trust.json',
      'aws iam put-role-policy --role-name IrsaRole --policy-name irsa-s3 --policy-document file://s3.json',
      'aws iam create-role --role-name PodRole --assume-role-policy-document file://pods-trust.json',
      'aws iam put-role-policy --role-name PodRole --policy-name pod-sqs --policy-document file://sqs.json',
      `aws eks create-pod-identity-association --cluster-name shop --region us-east-1 --namespace carts --service-account carts --role-arn arn:aws:iam::${ACCOUNT}:role/PodRole`,
      '',
    ].join('\n'),
    'irsa-trust.json': {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${PROVIDER}:sub`]: 'system:serviceaccount:carts:carts' } },
        },
      ],
    },
    'pods-trust.json': {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
    },
    's3.json': { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
    'sqs.json': {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ShopQueue',
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalTag/eks-cluster-arn': `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/shop` } },
        },
      ],
    },
    'sa.yaml': serviceAccount('carts', 'carts', 'IrsaRole'),
  });

  test('each role evaluated and printed; allowed when either allows (the Pod Identity one by its cluster ARN tag)', () => {
    const s3 = cli(['can', 'carts/carts', 's3:GetObject', 'arn:aws:s3:::b/k'], dir);
    assert.equal(s3.status, 0, s3.stderr);
    assert.deepEqual(lines(s3.stdout), [
      'allowed (by irsa-s3 statement Read, s3.json:4)',
      '  role IrsaRole by its eks.amazonaws.com/role-arn annotation: allowed (by irsa-s3 statement Read, s3.json:4)',
      '  role PodRole by a Pod Identity association: denied: no statement allows it (implicit)',
      '  (the pods may assume 2 roles: allowed when any of them allows)',
    ]);
    assert.ok(!s3.stderr.includes('not evaluated'));
    const sqs = cli(['can', 'carts/carts', 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:carts`], dir);
    assert.equal(sqs.status, 0);
    assert.equal(lines(sqs.stdout)[0], 'allowed (by pod-sqs statement ShopQueue, sqs.json:4)');
    const neither = cli(['can', 'carts/carts', 'dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/carts`, '--format', 'json'], dir);
    assert.equal(neither.status, 1);
    const json = JSON.parse(neither.stdout) as { decision: string; roles: { role: string; via: string; decision: string }[] };
    assert.equal(json.decision, 'implicit-deny');
    assert.deepEqual(
      json.roles.map((r) => [r.role, r.via, r.decision]),
      [
        ['IrsaRole', 'annotation', 'implicit-deny'],
        ['PodRole', 'pod-identity', 'implicit-deny'],
      ],
    );
  });
});

describe('eksctl: the Pod Identity association of a ClusterConfig carries its cluster tags', () => {
  const config = (name: string) => `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: ${name}
  region: eu-west-1
iam:
  podIdentityAssociations:
    - namespace: carts
      serviceAccountName: carts
      roleARN: arn:aws:iam::${ACCOUNT}:role/PodRole
`;
  const files = (name: string) => ({
    'cluster.yaml': config(name),
    'role.sh':
      'aws iam create-role --role-name PodRole --assume-role-policy-document file://pods-trust.json\naws iam put-role-policy --role-name PodRole --policy-name p --policy-document file://p.json\n',
    'pods-trust.json': {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
    },
    'p.json': {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::${aws:PrincipalTag/eks-cluster-name}-data/*',
          Condition: { ArnEquals: { 'aws:PrincipalTag/eks-cluster-arn': `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/shop` } },
        },
      ],
    },
  });

  test('metadata.name and region: eks-cluster-name and eks-cluster-arn are known; another cluster is denied', () => {
    const shop = workspace(files('shop'));
    const own = cli(['can', 'carts/carts', 's3:GetObject', 'arn:aws:s3:::shop-data/k'], shop);
    assert.equal(own.status, 0, own.stdout + own.stderr);
    const staging = workspace(files('staging'));
    const other = cli(['can', 'carts/carts', 's3:GetObject', 'arn:aws:s3:::shop-data/k'], staging);
    assert.equal(other.status, 1);
    assert.equal(lines(other.stdout)[0], 'denied: no statement allows it (implicit)');
  });
});

describe('twins: a cluster the script does not name, a role whose trust does not admit the ServiceAccount', () => {
  const podsTrust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
  };
  const tagged = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ShopOnly',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalTag/eks-cluster-name': 'shop' } },
      },
    ],
  };

  test('--cluster-name "$CLUSTER" (never assigned): the cluster tags stay unknown, the answer depends on them', () => {
    const dir = workspace({
      'setup.sh': [
        'aws iam create-role --role-name PodRole --assume-role-policy-document file://pods-trust.json',
        'aws iam put-role-policy --role-name PodRole --policy-name p --policy-document file://p.json',
        `aws eks create-pod-identity-association --cluster-name "$CLUSTER" --namespace carts --service-account carts --role-arn arn:aws:iam::${ACCOUNT}:role/PodRole`,
        '',
      ].join('\n'),
      'pods-trust.json': podsTrust,
      'p.json': tagged,
    });
    const { status, stdout } = cli(['can', 'carts/carts', 's3:GetObject', 'arn:aws:s3:::b/k'], dir);
    assert.equal(status, 3);
    assert.equal(lines(stdout)[0], 'depends on aws:PrincipalTag/eks-cluster-name');
  });

  test('an annotated role whose trust names another ServiceAccount cannot be assumed: it decides nothing, the other role does', () => {
    const dir = workspace({
      'setup.sh': [
        'aws iam create-role --role-name IrsaRole --assume-role-policy-document file://irsa-trust.json',
        'aws iam put-role-policy --role-name IrsaRole --policy-name wide --policy-document file://wide.json',
        'aws iam create-role --role-name PodRole --assume-role-policy-document file://pods-trust.json',
        'aws iam put-role-policy --role-name PodRole --policy-name p --policy-document file://p.json',
        `aws eks create-pod-identity-association --cluster-name shop --namespace carts --service-account carts --role-arn arn:aws:iam::${ACCOUNT}:role/PodRole`,
        '',
      ].join('\n'),
      'irsa-trust.json': {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}` },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { [`${PROVIDER}:sub`]: 'system:serviceaccount:carts:someone-else' } },
          },
        ],
      },
      'wide.json': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] },
      'pods-trust.json': podsTrust,
      'p.json': tagged,
      'sa.yaml': serviceAccount('carts', 'carts', 'IrsaRole'),
    });
    const table = cli(['can', 'carts/carts', 'dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t`], dir);
    assert.equal(table.status, 1);
    assert.deepEqual(lines(table.stdout), [
      'denied: no statement allows it (implicit)',
      '  role IrsaRole by its eks.amazonaws.com/role-arn annotation: allowed (by wide statement #1, wide.json:4)',
      '  role PodRole by a Pod Identity association: denied: no statement allows it (implicit)',
      '  (the pods may assume 2 roles: allowed when any of them allows; IrsaRole cannot be assumed (its trust))',
    ]);
    assert.match(table.stderr, /the trust policy of IrsaRole does not admit system:serviceaccount:carts:carts/);
    const object = cli(['can', 'carts/carts', 's3:GetObject', 'arn:aws:s3:::b/k'], dir);
    assert.equal(object.status, 0);
    assert.equal(lines(object.stdout)[0], 'allowed (by p statement ShopOnly, p.json:4)');
  });
});
