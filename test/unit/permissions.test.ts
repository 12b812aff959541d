import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadResources, ManagedPolicies, ManagedPolicyData } from '../../server/src/service';
import { PermissionModel, permissionModel } from '../../server/src/service/workspace/permissions';
import { summarise } from '../../server/src/service/workspace/permissionSummary';
import { TextPolicyDocuments } from '../../server/src/service/workspace/policyDocuments';
import { ACCOUNT, PROVIDER, serviceAccount, trustPolicy } from '../support/fixtures';
import { installedPolicies } from '../support/managedPolicies';
import { TestWorkspace } from '../support/workspace';

/** A small stand-in for the shipped AWS managed policies, built here: the engine reads whatever the adapter injects. */
export function testManagedPolicies(): ManagedPolicies {
  const document = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
  const data: ManagedPolicyData = {
    source: 'test-managed-policies@1',
    policies: [
      { name: 'AmazonS3ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', version: 'v3', document: document('s3:Get*') },
      {
        name: 'AmazonEBSCSIDriverPolicy',
        arn: 'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
        version: 'v2',
        document: document('ec2:CreateVolume'),
      },
    ],
  };
  return new ManagedPolicies(() => data);
}

/** The files indexed as the server does, the permission model of `namespace/name` over them. */
async function modelOf(
  files: Record<string, string>,
  namespace: string,
  name: string,
  managedPolicies = testManagedPolicies(),
): Promise<{ ws: TestWorkspace; model: PermissionModel; text: (uri: string) => string }> {
  const ws = await TestWorkspace.of(files);
  const texts = new Map(Object.entries(files).map(([file, text]) => [ws.uri(file), text]));
  const { syntaxes } = await loadResources();
  const documents = new TextPolicyDocuments((uri) => texts.get(uri), syntaxes);
  const model = permissionModel(namespace, name, { index: ws.service.index, documents, managedPolicies });
  return { ws, model, text: (uri) => texts.get(uri) ?? '' };
}

/** What a reader of the model sees: each role, how it is reached, its policies (kind, label, where the document is) and unknowns. */
function described(ws: TestWorkspace, model: PermissionModel): string[] {
  const file = (uri: string) => uri.slice(ws.uri('x').length - 1);
  const lines = model.unknowns.map((u) => `? ${u.reason} ${u.label} @ ${file(u.uri)}`);
  for (const role of model.roles) {
    lines.push(`role ${role.role.fact.name ?? role.role.fact.label} (${role.role.fact.source}) via ${role.via}`);
    for (const p of [...role.policies, ...(role.boundary ? [role.boundary] : [])]) {
      const where = p.document.kind === 'aws-managed' ? `${p.document.arn} ${p.document.version}` : `${p.document.kind} ${file(p.document.uri)}`;
      lines.push(`  ${p === role.boundary ? 'boundary ' : ''}${p.kind} ${p.label} <- ${where}`);
    }
    for (const u of role.unknowns) lines.push(`  ? ${u.reason} ${u.label}`);
  }
  return lines;
}

function slice(text: string, range: { start: number; end: number }): string {
  return text.slice(range.start, range.end);
}

const TRUST_YAML = (sub: string) => `Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                ${PROVIDER}:sub: ${sub}
                ${PROVIDER}:aud: sts.amazonaws.com`;

const CARTS_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  CartsTablePolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: CartsTable
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: dynamodb:GetItem
            Resource: arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/carts
  CartsBoundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: ['dynamodb:*', 's3:*', 'sqs:*']
            Resource: '*'
  CartsRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: CartsRole
      AssumeRolePolicyDocument:
        ${TRUST_YAML('system:serviceaccount:carts:carts')}
      PermissionsBoundary: !Ref CartsBoundary
      Policies:
        - PolicyName: carts-queue
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: [sqs:SendMessage, sqs:ReceiveMessage]
                Resource: arn:aws:sqs:us-east-1:${ACCOUNT}:carts
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
        - !Ref CartsTablePolicy
        - arn:aws:iam::aws:policy/AmazonNoSuchPolicy
        - !ImportValue shared-policy-arn
        - arn:aws:iam::${ACCOUNT}:policy/SharedAudit
`;

const CARTS_SA = serviceAccount({ namespace: 'carts', name: 'carts', arn: `arn:aws:iam::${ACCOUNT}:role/CartsRole` });

describe('permission model: CloudFormation', () => {
  test('inline Policies, ManagedPolicyArns (AWS managed, customer managed by !Ref, unknowns) and PermissionsBoundary', async () => {
    const { ws, model, text } = await modelOf({ 'carts.yaml': CARTS_TEMPLATE, 'sa.yaml': CARTS_SA }, 'carts', 'carts');
    assert.deepEqual(described(ws, model), [
      'role CartsRole (cloudformation) via annotation',
      '  inline carts-queue <- embedded carts.yaml',
      '  aws-managed arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess <- arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess v3',
      '  customer-managed !Ref CartsTablePolicy <- embedded carts.yaml',
      '  boundary customer-managed !Ref CartsBoundary <- embedded carts.yaml',
      '  ? aws-managed-not-in-package arn:aws:iam::aws:policy/AmazonNoSuchPolicy',
      '  ? computed-arn !ImportValue shared-policy-arn',
      `  ? customer-managed-not-in-workspace arn:aws:iam::${ACCOUNT}:policy/SharedAudit`,
    ]);
    const [role] = model.roles;
    const [inline, , customer] = role.policies;
    // Provenance: where each is attached, and the positioned document.
    assert.equal(slice(text(inline.attachedAt.uri), inline.attachedAt.range), 'carts-queue');
    assert.equal(inline.policy.statements.length, 1);
    assert.match(
      slice(CARTS_TEMPLATE, { start: inline.policy.statements[0].node.offset, end: inline.policy.statements[0].node.offset + 40 }),
      /^Effect: Allow/,
    );
    assert.equal(slice(CARTS_TEMPLATE, customer.attachedAt.range), 'CartsTablePolicy');
    assert.match(slice(CARTS_TEMPLATE, customer.document.kind === 'embedded' ? customer.document.range : { start: 0, end: 0 }), /dynamodb:GetItem/);
    assert.equal(slice(CARTS_TEMPLATE, role.boundary!.attachedAt.range), 'CartsBoundary');
    const [, computed, notDefined] = role.unknowns;
    assert.match(computed.message, /!ImportValue shared-policy-arn is computed when deployed/);
    assert.match(notDefined.message, /SharedAudit is not defined in the workspace/);
    assert.match(role.unknowns[0].message, /AmazonNoSuchPolicy is not in test-managed-policies@1/);
  });

  test('a customer managed policy attached by ARN is found in another template; AWS::IAM::Policy with Roles is inline', async () => {
    const shared = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Audit:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: SharedAudit
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: cloudtrail:LookupEvents
            Resource: '*'
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: carts-extra
      Roles: [CartsRole]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: sns:Publish
            Resource: '*'
`;
    const { ws, model } = await modelOf({ 'carts.yaml': CARTS_TEMPLATE, 'shared.yaml': shared, 'sa.yaml': CARTS_SA }, 'carts', 'carts');
    const lines = described(ws, model);
    assert.ok(lines.includes(`  customer-managed arn:aws:iam::${ACCOUNT}:policy/SharedAudit <- embedded shared.yaml`), lines.join('\n'));
    assert.ok(!lines.some((l) => l.includes('SharedAudit') && l.includes('?')));
  });

  test('a JSON template: {"Ref": …} in ManagedPolicyArns, and a ManagedPolicy attached by its Roles', async () => {
    const statement = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
    const template = JSON.stringify(
      {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          Reader: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: statement('s3:GetObject') } },
          Writer: { Type: 'AWS::IAM::ManagedPolicy', Properties: { Roles: [{ Ref: 'CartsRole' }], PolicyDocument: statement('s3:PutObject') } },
          CartsRole: {
            Type: 'AWS::IAM::Role',
            Properties: {
              RoleName: 'CartsRole',
              AssumeRolePolicyDocument: JSON.parse(trustPolicy('system:serviceaccount:carts:carts')) as unknown,
              ManagedPolicyArns: [{ Ref: 'Reader' }],
            },
          },
        },
      },
      null,
      2,
    );
    const { ws, model } = await modelOf({ 'carts.json': template, 'sa.yaml': CARTS_SA }, 'carts', 'carts');
    const lines = described(ws, model);
    assert.deepEqual(lines.slice(0, 1), ['role CartsRole (cloudformation) via annotation']);
    assert.deepEqual(lines.slice(1).sort(), [
      '  customer-managed Writer <- embedded carts.json',
      '  customer-managed { "Ref": "Reader" } <- embedded carts.json',
    ]);
    const actions = model.roles[0].policies.map((p) => p.policy.statements[0].element.Action?.valueNode?.value).sort();
    assert.deepEqual(actions, ['s3:GetObject', 's3:PutObject']);
  });

  test('a permissions boundary by AWS managed ARN, a computed one (unknown, flagged as the boundary); a role ARN not in the workspace is unknown', async () => {
    const template = CARTS_TEMPLATE.replace(
      'PermissionsBoundary: !Ref CartsBoundary',
      'PermissionsBoundary: arn:aws-us-gov:iam::aws:policy/AmazonS3ReadOnlyAccess',
    );
    const { ws, model } = await modelOf({ 'carts.yaml': template, 'sa.yaml': CARTS_SA }, 'carts', 'carts');
    assert.ok(
      described(ws, model).includes(
        '  boundary aws-managed arn:aws-us-gov:iam::aws:policy/AmazonS3ReadOnlyAccess <- arn:aws-us-gov:iam::aws:policy/AmazonS3ReadOnlyAccess v3',
      ),
    );
    const unknownBoundary = CARTS_TEMPLATE.replace('PermissionsBoundary: !Ref CartsBoundary', 'PermissionsBoundary: !ImportValue org-boundary');
    const computed = (await modelOf({ 'carts.yaml': unknownBoundary, 'sa.yaml': CARTS_SA }, 'carts', 'carts')).model.roles[0];
    assert.equal(computed.boundary, undefined);
    assert.deepEqual(
      computed.unknowns.filter((u) => u.boundary).map((u) => [u.reason, u.message]),
      [['computed-arn', 'Permissions boundary: !ImportValue org-boundary is computed when deployed: the policy it attaches is not known from the files.']],
    );
    const other = await modelOf(
      { 'sa.yaml': serviceAccount({ namespace: 'carts', name: 'carts', arn: `arn:aws:iam::${ACCOUNT}:role/Elsewhere` }) },
      'carts',
      'carts',
    );
    assert.deepEqual(described(other.ws, other.model), ['? role-not-in-workspace arn:aws:iam::111122223333:role/Elsewhere @ sa.yaml']);
  });
});

describe('permission model: aws-cli script', () => {
  const script = `#!/bin/bash
set -euo pipefail
aws iam create-role --role-name OrdersRole --assume-role-policy-document file://trust.json
aws iam put-role-policy --role-name OrdersRole --policy-name orders-sqs --policy-document file://orders-policy.json
aws iam put-role-policy --role-name OrdersRole --policy-name orders-inline --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"*"}]}'
aws iam attach-role-policy --role-name OrdersRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy
aws iam put-role-policy --role-name OrdersRole --policy-name gone --policy-document file://missing.json
`;
  const ordersPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] }, null, 2);

  test('put-role-policy file:// and inline JSON, attach-role-policy (a service-role/ path); the role found by its trust', async () => {
    const { ws, model, text } = await modelOf(
      {
        'iam/create.sh': script,
        'iam/trust.json': trustPolicy('system:serviceaccount:orders:orders'),
        'iam/orders-policy.json': ordersPolicy,
        // The annotation is a template (envsubst): the role whose trust names the ServiceAccount.
        'k8s/sa.yaml': serviceAccount({ namespace: 'orders', name: 'orders', arn: 'arn:aws:iam::$' + '{ACCOUNT_ID}:role/OrdersRole' }),
      },
      'orders',
      'orders',
    );
    assert.deepEqual(described(ws, model), [
      '? role-arn-not-literal arn:aws:iam::$' + '{ACCOUNT_ID}:role/OrdersRole @ k8s/sa.yaml',
      'role OrdersRole (aws-cli) via trust',
      '  inline orders-sqs <- file iam/orders-policy.json',
      '  inline orders-inline <- embedded iam/create.sh',
      '  aws-managed arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy <- arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy v2',
      '  ? file-not-found gone',
    ]);
    assert.match(model.roles[0].unknowns[0].message, /The policy file iam\/missing.json \(gone\) is not in the workspace/);
    const [file, inline] = model.roles[0].policies;
    assert.equal(slice(text(file.attachedAt.uri), file.attachedAt.range), 'file://orders-policy.json');
    assert.equal(inline.policy.statements[0].element.Action?.valueNode?.value, 'sns:Publish');
  });

  test('a Pod Identity association names the role; a role named by an ARN keeps roles merely trusting the subject out', async () => {
    const podIdentity = `aws iam create-role --role-name PodRole --assume-role-policy-document file://pods-trust.json
aws iam attach-role-policy --role-name PodRole --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
aws eks create-pod-identity-association --cluster-name shop --namespace orders --service-account orders --role-arn arn:aws:iam::${ACCOUNT}:role/PodRole
`;
    const podsTrust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
    });
    const files = {
      'create.sh': script,
      'trust.json': trustPolicy('system:serviceaccount:orders:orders'),
      'orders-policy.json': ordersPolicy,
      'pod-identity.sh': podIdentity,
      'pods-trust.json': podsTrust,
    };
    const associated = await modelOf(files, 'orders', 'orders');
    assert.deepEqual(
      associated.model.roles.map((r) => `${r.role.fact.name} via ${r.via}`),
      ['PodRole via pod-identity'],
    );
    const annotated = await modelOf(
      { ...files, 'sa.yaml': serviceAccount({ namespace: 'orders', name: 'orders', arn: `arn:aws:iam::${ACCOUNT}:role/OrdersRole` }) },
      'orders',
      'orders',
    );
    assert.deepEqual(
      annotated.model.roles.map((r) => `${r.role.fact.name} via ${r.via}`),
      ['OrdersRole via annotation', 'PodRole via pod-identity'],
    );
  });

  test('a trust for another ServiceAccount: no role, nothing guessed', async () => {
    const { model } = await modelOf({ 'create.sh': script, 'trust.json': trustPolicy('system:serviceaccount:orders:other') }, 'orders', 'orders');
    assert.deepEqual([model.roles, model.unknowns], [[], []]);
  });
});

describe('permission model: Terraform', () => {
  test('aws_iam_role_policy (jsonencode) and aws_iam_role_policy_attachment (AWS managed ARN, an aws_iam_policy reference)', async () => {
    const tf = `resource "aws_iam_role" "billing" {
  name = "BillingRole"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { StringEquals = { "${PROVIDER}:sub" = "system:serviceaccount:billing:billing" } }
    }]
  })
}

resource "aws_iam_role_policy" "billing_sqs" {
  name = "billing-sqs"
  role = aws_iam_role.billing.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "*" }]
  })
}

resource "aws_iam_role_policy_attachment" "billing_read" {
  role       = aws_iam_role.billing.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

resource "aws_iam_role_policy_attachment" "billing_custom" {
  role       = aws_iam_role.billing.name
  policy_arn = aws_iam_policy.custom.arn
}
`;
    const { ws, model } = await modelOf(
      { 'main.tf': tf, 'sa.yaml': serviceAccount({ namespace: 'billing', name: 'billing', arn: `arn:aws:iam::${ACCOUNT}:role/BillingRole` }) },
      'billing',
      'billing',
    );
    assert.deepEqual(described(ws, model), [
      'role BillingRole (terraform) via annotation',
      '  inline billing-sqs <- embedded main.tf',
      '  aws-managed arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess <- arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess v3',
      // The Terraform source does not record aws_iam_policy documents yet: said, not guessed.
      '  ? customer-managed-not-in-workspace aws_iam_policy.custom',
    ]);
    assert.equal(model.roles[0].policies[0].policy.statements[0].element.Effect?.valueNode?.value, 'Allow');
  });
});

describe('permission model: eksctl', () => {
  test('iam.serviceAccounts with attachPolicyARNs, attachPolicy and wellKnownPolicies', async () => {
    const config = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: us-east-1
iam:
  withOIDC: true
  serviceAccounts:
    - metadata:
        name: payments
        namespace: payments
      roleName: PaymentsRole
      attachPolicyARNs:
        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
      attachPolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: [sqs:SendMessage]
            Resource: '*'
      wellKnownPolicies:
        autoScaler: true
`;
    const { ws, model } = await modelOf({ 'cluster.yaml': config }, 'payments', 'payments');
    assert.deepEqual(described(ws, model), [
      'role PaymentsRole (eksctl) via trust',
      '  aws-managed arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess <- arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess v3',
      '  inline attachPolicy <- embedded cluster.yaml',
      '  ? generated-by-tool wellKnownPolicies.autoScaler',
    ]);
    const inline = model.roles[0].policies[1];
    assert.match(slice(config, inline.document.kind === 'embedded' ? inline.document.range : { start: 0, end: 0 }), /^Version: '2012-10-17'/);
  });
});

describe('permission model: IAM export', () => {
  test('get-account-authorization-details: RolePolicyList and AttachedManagedPolicies', async () => {
    const inline = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] };
    const trust = JSON.parse(trustPolicy('system:serviceaccount:audit:audit')) as unknown;
    const role = (name: string) => ({
      Path: '/',
      RoleName: name,
      Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      AssumeRolePolicyDocument: trust,
      RolePolicyList: [{ PolicyName: `${name}-inline`, PolicyDocument: inline }],
      AttachedManagedPolicies: [{ PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }],
    });
    const exported = JSON.stringify({ RoleDetailList: [role('AuditRole'), role('OtherRole')], Policies: [] }, null, 2);
    const { ws, model } = await modelOf(
      { 'export.json': exported, 'sa.yaml': serviceAccount({ namespace: 'audit', name: 'audit', arn: `arn:aws:iam::${ACCOUNT}:role/OtherRole` }) },
      'audit',
      'audit',
    );
    assert.deepEqual(described(ws, model), [
      'role OtherRole (iam-export) via annotation',
      '  inline OtherRole-inline <- embedded export.json',
      '  aws-managed arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess <- arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess v3',
    ]);
    const [document] = model.roles[0].policies;
    // The second role's own document, not the first one's.
    assert.ok(document.policy.root.offset > exported.indexOf('OtherRole-inline'));
  });
});

describe("permission model: the seed article's Dev Team A", () => {
  const files = {
    'trust-policy.json': JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/example-oidc-provider' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { 'example-oidc-provider:sub': 'system:serviceaccount:my-namespace:my-service-account' } },
          },
        ],
      },
      null,
      2,
    ),
    'dev-team-a-policy.json': JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::example-bucket/*' }],
      },
      null,
      2,
    ),
    'setup.sh': `aws iam create-role --role-name DevTeamARole --assume-role-policy-document file://trust-policy.json
aws iam put-role-policy --role-name DevTeamARole --policy-name DevTeamAPolicy --policy-document file://dev-team-a-policy.json
`,
    'service-accounts.yaml': `apiVersion: v1
kind: ServiceAccount
metadata:
  name: dev-team-a-sa
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/DevTeamARole
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: dev-team-b-sa
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/DevTeamBRole
`,
  };

  test('dev-team-a-sa: DevTeamARole by its annotation, DevTeamAPolicy from dev-team-a-policy.json; the summary per access level', async () => {
    const { ws, model } = await modelOf(files, 'default', 'dev-team-a-sa');
    assert.deepEqual(described(ws, model), ['role DevTeamARole (aws-cli) via annotation', '  inline DevTeamAPolicy <- file dev-team-a-policy.json']);
    const { catalog } = await loadResources();
    assert.deepEqual(summarise(model, catalog), {
      actions: 3,
      services: [
        {
          service: 's3',
          name: 'Amazon S3',
          actions: 3,
          accessLevels: { List: 0, Read: 1, Write: 2, 'Permissions management': 0, Tagging: 0 },
          policies: ['DevTeamAPolicy'],
        },
      ],
    });
  });

  test('dev-team-b-sa: DevTeamBRole is not defined in the workspace: unknown', async () => {
    const { ws, model } = await modelOf(files, 'default', 'dev-team-b-sa');
    assert.deepEqual(described(ws, model), ['? role-not-in-workspace arn:aws:iam::123456789012:role/DevTeamBRole @ service-accounts.yaml']);
  });
});

describe('summary', () => {
  test('wildcards, NotAction and Deny: Allow statements expanded against the catalogue, denies not subtracted', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['sqs:Send*', 'SQS:receivemessage', 'sqs:NoSuchAction'], Resource: '*' },
        { Effect: 'Deny', Action: 'sqs:SendMessage', Resource: '*' },
        { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      ],
    });
    const { model } = await modelOf(
      {
        'create.sh':
          'aws iam create-role --role-name R --assume-role-policy-document file://trust.json\naws iam put-role-policy --role-name R --policy-name p --policy-document file://p.json\n',
        'trust.json': trustPolicy('system:serviceaccount:a:b'),
        'p.json': policy,
      },
      'a',
      'b',
    );
    const { catalog } = await loadResources();
    const summary = summarise(model, catalog);
    const sqs = summary.services.find((s) => s.service === 'sqs')!;
    assert.equal(sqs.actions, catalog.service('sqs')!.actions.size);
    assert.equal(
      summary.services.find((s) => s.service === 'iam'),
      undefined,
    );
    assert.ok(summary.services.length > 300, `${summary.services.length} services`);
  });

  test('five policies, one of them ReadOnlyAccess: the time it takes (diagnostic)', async (t) => {
    const template = CARTS_TEMPLATE.replace('arn:aws:iam::aws:policy/AmazonNoSuchPolicy', 'arn:aws:iam::aws:policy/ReadOnlyAccess').replace(
      '      ManagedPolicyArns:',
      `        - PolicyName: carts-keys
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: kms:Decrypt
                Resource: '*'
      ManagedPolicyArns:`,
    );
    const { ws, model } = await modelOf({ 'carts.yaml': template, 'sa.yaml': CARTS_SA }, 'carts', 'carts', installedPolicies());
    assert.deepEqual(
      model.roles[0].policies.map((p) => `${p.kind} ${p.label}`),
      [
        'inline carts-queue',
        'inline carts-keys',
        'aws-managed arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        'customer-managed !Ref CartsTablePolicy',
        'aws-managed arn:aws:iam::aws:policy/ReadOnlyAccess',
      ],
      described(ws, model).join('\n'),
    );
    const { catalog } = await loadResources();
    const fiveModel = model;
    let started = performance.now();
    const cold = summarise(fiveModel, catalog);
    const coldMs = performance.now() - started;
    started = performance.now();
    const warm = summarise(fiveModel, catalog);
    const warmMs = performance.now() - started;
    t.diagnostic(
      `summary of 5 policies incl. ReadOnlyAccess (${cold.actions} actions in ${cold.services.length} services): first ${coldMs.toFixed(1)} ms, then ${warmMs.toFixed(1)} ms`,
    );
    assert.deepEqual(warm, cold);
    assert.ok(cold.actions > 1000, `${cold.actions} actions`);
    assert.ok(cold.services.find((s) => s.service === 'kms')!.policies.includes('carts-keys'));
    assert.deepEqual(cold.services.find((s) => s.service === 'dynamodb')?.policies, ['!Ref CartsTablePolicy', 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });
});
