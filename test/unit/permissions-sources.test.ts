import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT, PROVIDER, serviceAccount } from '../support/fixtures';
import { describedModel, permissionModelOf } from '../support/permissionModel';
import { TestWorkspace } from '../support/workspace';

/**
 * Customer managed policies and permissions boundaries as Terraform, AWS CLI scripts, eksctl and IAM
 * exports write them (docs/permissions.md): each shape, and its twin that cannot be known.
 */

const trustHcl = (sub: string) => `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { StringEquals = { "${PROVIDER}:sub" = "${sub}" } }
    }]
  })`;

const ORDERS_SA = serviceAccount({ namespace: 'orders', name: 'orders', arn: `arn:aws:iam::${ACCOUNT}:role/OrdersRole` });

describe('Terraform: aws_iam_policy and permissions_boundary', () => {
  const tf = `resource "aws_iam_role" "orders" {
  name                 = "OrdersRole"
  assume_role_policy   = ${trustHcl('system:serviceaccount:orders:orders')}
  permissions_boundary = aws_iam_policy.boundary.arn
  managed_policy_arns  = [aws_iam_policy.queue.arn, "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
}

resource "aws_iam_policy" "queue" {
  name   = "orders-queue"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]
}
EOF
}

resource "aws_iam_policy" "table" {
  name   = "orders-table"
  path   = "/app/"
  policy = data.aws_iam_policy_document.table.json
}

data "aws_iam_policy_document" "table" {
  statement {
    actions   = ["dynamodb:GetItem"]
    resources = ["arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders"]
  }
}

resource "aws_iam_policy" "boundary" {
  name = "orders-boundary"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["sqs:*", "dynamodb:*"], Resource = "*" }]
  })
}

resource "aws_iam_role_policy_attachment" "table" {
  role       = aws_iam_role.orders.name
  policy_arn = aws_iam_policy.table.arn
}
`;

  test('a policy by reference (heredoc, aws_iam_policy_document) in managed_policy_arns and an attachment; the boundary by reference', async () => {
    const { ws, model } = await permissionModelOf({ 'main.tf': tf, 'sa.yaml': ORDERS_SA }, 'orders', 'orders');
    assert.deepEqual(describedModel(ws, model), [
      'role OrdersRole (terraform) via annotation',
      '  customer-managed aws_iam_policy.queue <- embedded main.tf [sqs:SendMessage]',
      '  aws-managed arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess <- arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess v3 [s3:Get*]',
      '  customer-managed aws_iam_policy.table <- embedded main.tf [dynamodb:GetItem]',
      '  boundary customer-managed aws_iam_policy.boundary <- embedded main.tf [sqs:*,dynamodb:*]',
    ]);
  });

  test('aws_iam_policy_attachment (roles), a literal customer ARN from another folder, file(); a boundary by literal ARN', async () => {
    const role = `resource "aws_iam_role" "orders" {
  name                 = "OrdersRole"
  assume_role_policy   = ${trustHcl('system:serviceaccount:orders:orders')}
  permissions_boundary = "arn:aws:iam::${ACCOUNT}:policy/shared/OrgBoundary"
}

resource "aws_iam_policy_attachment" "shared" {
  name       = "shared"
  roles      = [aws_iam_role.orders.name, "SomeOtherRole"]
  policy_arn = "arn:aws:iam::${ACCOUNT}:policy/SharedRead"
}
`;
    const shared = `resource "aws_iam_policy" "read" {
  name   = "SharedRead"
  policy = file("\${path.module}/read.json")
}

resource "aws_iam_policy" "boundary" {
  name   = "OrgBoundary"
  path   = "/shared/"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}
`;
    const read = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });
    const { ws, model } = await permissionModelOf(
      { 'app/main.tf': role, 'shared/policies.tf': shared, 'shared/read.json': read, 'sa.yaml': ORDERS_SA },
      'orders',
      'orders',
    );
    assert.deepEqual(describedModel(ws, model), [
      'role OrdersRole (terraform) via annotation',
      `  customer-managed arn:aws:iam::${ACCOUNT}:policy/SharedRead <- file shared/read.json [s3:ListBucket]`,
      `  boundary customer-managed arn:aws:iam::${ACCOUNT}:policy/shared/OrgBoundary <- embedded shared/policies.tf [s3:*]`,
    ]);
  });

  test('twins that cannot be known: a computed ARN, a policy of another folder by reference, a partial document, a generated name', async () => {
    const tf = `resource "aws_iam_role" "orders" {
  name                 = "OrdersRole"
  assume_role_policy   = ${trustHcl('system:serviceaccount:orders:orders')}
  permissions_boundary = var.boundary_arn
  managed_policy_arns  = [aws_iam_policy.elsewhere.arn, aws_iam_policy.dynamic.arn, "arn:aws:iam::${ACCOUNT}:policy/Generated"]
}

resource "aws_iam_policy" "dynamic" {
  name   = "orders-dynamic"
  policy = data.aws_iam_policy_document.dynamic.json
}

resource "aws_iam_policy" "generated" {
  name_prefix = "Generated"
  policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}

data "aws_iam_policy_document" "dynamic" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = var.extra
    content {
      actions   = statement.value
      resources = ["*"]
    }
  }
}
`;
    const other = `resource "aws_iam_policy" "elsewhere" {
  name   = "Elsewhere"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}
`;
    const { ws, model } = await permissionModelOf({ 'app/main.tf': tf, 'other/main.tf': other, 'sa.yaml': ORDERS_SA }, 'orders', 'orders');
    assert.deepEqual(describedModel(ws, model), [
      'role OrdersRole (terraform) via annotation',
      '  ? customer-managed-not-in-workspace aws_iam_policy.elsewhere',
      '  ? document-not-readable aws_iam_policy.dynamic',
      `  ? customer-managed-not-in-workspace arn:aws:iam::${ACCOUNT}:policy/Generated`,
      '  ? computed-arn (boundary) var.boundary_arn',
    ]);
  });

  test('the IRSA module: role_policy_arns by reference and role_permissions_boundary_arn', async () => {
    const tf = `module "orders_irsa" {
  source    = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  role_name = "OrdersRole"
  oidc_providers = {
    main = {
      provider_arn               = "arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}"
      namespace_service_accounts = ["orders:orders"]
    }
  }
  role_policy_arns = {
    queue = aws_iam_policy.queue.arn
  }
  role_permissions_boundary_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
}

resource "aws_iam_policy" "queue" {
  name   = "orders-queue"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }] })
}
`;
    const { ws, model } = await permissionModelOf({ 'main.tf': tf, 'sa.yaml': ORDERS_SA }, 'orders', 'orders');
    assert.deepEqual(describedModel(ws, model), [
      'role OrdersRole (terraform) via annotation',
      '  customer-managed aws_iam_policy.queue <- embedded main.tf [sqs:SendMessage]',
      '  boundary aws-managed arn:aws:iam::aws:policy/PowerUserAccess <- arn:aws:iam::aws:policy/PowerUserAccess v5 [*]',
    ]);
  });
});

describe('Terraform: a policy of another file of the same module', () => {
  test('aws_iam_policy.x in policies.tf beside main.tf is found; one in a subfolder is not', async () => {
    const main = `resource "aws_iam_role" "orders" {
  name               = "OrdersRole"
  assume_role_policy = ${trustHcl('system:serviceaccount:orders:orders')}
}

resource "aws_iam_role_policy_attachment" "queue" {
  role       = aws_iam_role.orders.name
  policy_arn = aws_iam_policy.queue.arn
}
`;
    const policy = `resource "aws_iam_policy" "queue" {
  name   = "orders-queue"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }] })
}
`;
    const beside = await permissionModelOf({ 'infra/main.tf': main, 'infra/policies.tf': policy, 'sa.yaml': ORDERS_SA }, 'orders', 'orders');
    assert.deepEqual(describedModel(beside.ws, beside.model).slice(1), [
      '  customer-managed aws_iam_policy.queue <- embedded infra/policies.tf [sqs:SendMessage]',
    ]);
    const below = await permissionModelOf({ 'infra/main.tf': main, 'infra/sub/policies.tf': policy, 'sa.yaml': ORDERS_SA }, 'orders', 'orders');
    assert.deepEqual(describedModel(below.ws, below.model).slice(1), ['  ? customer-managed-not-in-workspace aws_iam_policy.queue']);
  });
});

const ORDERS_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${PROVIDER}:sub`]: 'system:serviceaccount:orders:orders' } },
    },
  ],
});

describe('AWS CLI script: create-policy and permissions boundaries', () => {
  test('create-policy (inline JSON, a file) attached by ARN; create-role --permissions-boundary; put-role-permissions-boundary replaces it', async () => {
    const script = [
      'ACCOUNT_ID=111122223333',
      `aws iam create-policy --policy-name OrdersQueue --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}'`,
      'aws iam create-policy --policy-name OrdersBoundary --path /org/ --policy-document file://boundary.json',
      'aws iam create-role --role-name OrdersRole --assume-role-policy-document file://trust.json --permissions-boundary arn:aws:iam::aws:policy/PowerUserAccess',
      'aws iam attach-role-policy --role-name OrdersRole --policy-arn "arn:aws:iam::${ACCOUNT_ID}:policy/OrdersQueue"',
      'aws iam put-role-permissions-boundary --role-name OrdersRole --permissions-boundary arn:aws:iam::${ACCOUNT_ID}:policy/org/OrdersBoundary',
      '',
    ].join('\n');
    const boundary = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] });
    const { ws, model } = await permissionModelOf(
      { 'iam/setup.sh': script, 'iam/trust.json': ORDERS_TRUST, 'iam/boundary.json': boundary, 'sa.yaml': ORDERS_SA },
      'orders',
      'orders',
    );
    assert.deepEqual(describedModel(ws, model), [
      'role OrdersRole (aws-cli) via annotation',
      '  customer-managed OrdersQueue <- embedded iam/setup.sh [sqs:SendMessage]',
      '  boundary customer-managed OrdersBoundary <- file iam/boundary.json [sqs:*]',
    ]);
  });

  test('a customer managed policy another script creates, attached by literal ARN; twins: not created anywhere, a computed name', async () => {
    const policies = `aws iam create-policy --policy-name SharedRead --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}'\n`;
    const role = [
      'aws iam create-role --role-name OrdersRole --assume-role-policy-document file://trust.json',
      `aws iam attach-role-policy --role-name OrdersRole --policy-arn arn:aws:iam::${ACCOUNT}:policy/SharedRead`,
      `aws iam attach-role-policy --role-name OrdersRole --policy-arn arn:aws:iam::${ACCOUNT}:policy/NotCreated`,
      'aws iam attach-role-policy --role-name OrdersRole --policy-arn "$(aws iam list-policies --query x --output text)"',
      '',
    ].join('\n');
    const { ws, model } = await permissionModelOf(
      { 'policies.sh': policies, 'role.sh': role, 'trust.json': ORDERS_TRUST, 'sa.yaml': ORDERS_SA },
      'orders',
      'orders',
    );
    const lines = describedModel(ws, model);
    assert.deepEqual(lines.slice(0, 3), [
      'role OrdersRole (aws-cli) via annotation',
      `  customer-managed arn:aws:iam::${ACCOUNT}:policy/SharedRead <- embedded policies.sh [s3:ListBucket]`,
      `  ? customer-managed-not-in-workspace arn:aws:iam::${ACCOUNT}:policy/NotCreated`,
    ]);
    assert.match(lines[3], /^ {2}\? computed-arn /);
  });
});

describe('eksctl: permissionsBoundary', () => {
  test('iam.serviceAccounts[].permissionsBoundary: the boundary of the role eksctl makes (AWS managed; a customer ARN not in the workspace is unknown)', async () => {
    const config = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: us-east-1
iam:
  withOIDC: true
  serviceAccounts:
    - metadata:
        name: orders
        namespace: orders
      roleName: OrdersRole
      attachPolicyARNs:
        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
      permissionsBoundary: arn:aws:iam::aws:policy/PowerUserAccess
    - metadata:
        name: billing
        namespace: billing
      roleName: BillingRole
      attachPolicyARNs:
        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
      permissionsBoundary: arn:aws:iam::${ACCOUNT}:policy/NotInTheWorkspace
`;
    const orders = await permissionModelOf({ 'cluster.yaml': config }, 'orders', 'orders');
    assert.deepEqual(describedModel(orders.ws, orders.model), [
      'role OrdersRole (eksctl) via trust',
      '  aws-managed arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess <- arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess v3 [s3:Get*]',
      '  boundary aws-managed arn:aws:iam::aws:policy/PowerUserAccess <- arn:aws:iam::aws:policy/PowerUserAccess v5 [*]',
    ]);
    const billing = await permissionModelOf({ 'cluster.yaml': config }, 'billing', 'billing');
    assert.deepEqual(describedModel(billing.ws, billing.model).slice(2), [
      `  ? customer-managed-not-in-workspace (boundary) arn:aws:iam::${ACCOUNT}:policy/NotInTheWorkspace`,
    ]);
  });

  test("a node group's iam.instanceRolePermissionsBoundary is the boundary of the instance role eksctl makes; none without it", async () => {
    const ws = await TestWorkspace.of({
      'cluster.yaml': `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: us-east-1
managedNodeGroups:
  - name: ng-bounded
    iam:
      attachPolicyARNs:
        - arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy
      instanceRolePermissionsBoundary: arn:aws:iam::${ACCOUNT}:policy/NodeBoundary
  - name: ng-free
    iam:
      attachPolicyARNs:
        - arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy
`,
    });
    const roles = ws.service.index.get(ws.uri('cluster.yaml'))!.facts.roles;
    assert.deepEqual(
      roles.map((role) => `${role.label}: ${role.boundary?.label ?? 'no boundary'}`),
      [`nodegroup ng-bounded: arn:aws:iam::${ACCOUNT}:policy/NodeBoundary`, 'nodegroup ng-free: no boundary'],
    );
  });
});

describe('IAM export: Policies and PermissionsBoundary', () => {
  test("a customer managed policy of the export's Policies (its default version) attached by ARN, and the role's boundary", async () => {
    const document = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
    const exported = JSON.stringify(
      {
        RoleDetailList: [
          {
            Path: '/',
            RoleName: 'OrdersRole',
            Arn: `arn:aws:iam::${ACCOUNT}:role/OrdersRole`,
            AssumeRolePolicyDocument: JSON.parse(ORDERS_TRUST) as unknown,
            RolePolicyList: [],
            AttachedManagedPolicies: [{ PolicyName: 'OrdersQueue', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/OrdersQueue` }],
            PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/OrdersBoundary` },
          },
        ],
        Policies: [
          {
            PolicyName: 'OrdersQueue',
            Path: '/',
            Arn: `arn:aws:iam::${ACCOUNT}:policy/OrdersQueue`,
            DefaultVersionId: 'v2',
            PolicyVersionList: [
              { Document: document('sqs:SendMessage'), VersionId: 'v2', IsDefaultVersion: true },
              { Document: document('sqs:*'), VersionId: 'v1', IsDefaultVersion: false },
            ],
          },
        ],
      },
      null,
      2,
    );
    const { ws, model } = await permissionModelOf({ 'export.json': exported, 'sa.yaml': ORDERS_SA }, 'orders', 'orders');
    assert.deepEqual(describedModel(ws, model), [
      'role OrdersRole (iam-export) via annotation',
      `  customer-managed arn:aws:iam::${ACCOUNT}:policy/OrdersQueue <- embedded export.json [sqs:SendMessage]`,
      `  ? customer-managed-not-in-workspace (boundary) arn:aws:iam::${ACCOUNT}:policy/OrdersBoundary`,
    ]);
  });
});
