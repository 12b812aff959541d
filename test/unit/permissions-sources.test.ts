import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT, PROVIDER, serviceAccount } from '../support/fixtures';
import { describedModel, permissionModelOf } from '../support/permissionModel';

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
