import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestWorkspace } from '../support/workspace';

/**
 * PLACEHOLDER_VALUE: values left from a documentation template get one finding per placeholder,
 * and nothing else that only the placeholder causes. Fixtures are written in the shapes the EKS
 * and IAM user guides show.
 */

/** The EKS user guide's IRSA trust policy, as its template writes it. */
const TRUST_ANGLE = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::<aws-account-id>:oidc-provider/oidc.eks.region-code.amazonaws.com/id/<eks-hash>" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "oidc.eks.region-code.amazonaws.com/id/<eks-hash>:sub": "system:serviceaccount:<namespace>:<service-account>",
          "oidc.eks.region-code.amazonaws.com/id/<eks-hash>:aud": "sts.amazonaws.com"
        }
      }
    }
  ]
}
`;

/** The same trust with runs of X standing for the account and the provider id. */
const TRUST_X = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::XXXXXXXXXXXX:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/XXXXX" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "oidc.eks.us-west-2.amazonaws.com/id/XXXXX:sub": "system:serviceaccount:default:my-app",
          "oidc.eks.us-west-2.amazonaws.com/id/XXXXX:aud": "sts.amazonaws.com"
        }
      }
    }
  ]
}
`;

/** An identity policy with placeholders in braces, YOUR_ words and a shell variable. */
const IDENTITY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "dynamodb:GetItem",
      "Resource": "arn:aws:dynamodb:us-east-1:YOUR_ACCOUNT_ID:table/Books"
    },
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Resource": ["arn:aws:iam::{YOUR_AWS_ACCOUNT_ID}:role/Deployer", "arn:aws:iam::\${ACCOUNT_ID}:role/Reader"]
    },
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::my-bucket/home/\${aws:username}/*",
      "Condition": { "StringEquals": { "aws:PrincipalTag/team": "\${aws:PrincipalTag/team}" } }
    }
  ]
}
`;

/** AWS's documentation accounts are real literals. */
const DOC_ACCOUNTS = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Resource": ["arn:aws:iam::111122223333:role/Deployer", "arn:aws:iam::123456789012:role/Reader"]
    },
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::my-bucket/\${*}/\${?}/\${$}/*"
    }
  ]
}
`;

const SERVICE_ACCOUNT = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: my-app
  namespace: default
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::<ACCOUNT_ID>:role/my-app-role
`;

const CLOUDFORMATION = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: AppRole
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::\${AWS::AccountId}:root
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: sts:AssumeRole
                Resource: !Sub arn:aws:iam::\${AccountId}:role/Reader
`;

const TERRAFORM = `resource "aws_iam_role_policy" "read" {
  name = "read"
  role = "AppRole"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = "arn:aws:iam::\${var.account_id}:role/Reader"
    }]
  })
}
`;

const SHELL = `#!/bin/sh
ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)
aws iam put-role-policy --role-name AppRole --policy-name read --policy-document "{
  \\"Version\\": \\"2012-10-17\\",
  \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"sts:AssumeRole\\", \\"Resource\\": \\"arn:aws:iam::\${ACCOUNT_ID}:role/Reader\\"}]
}"
`;

const FIXTURES: Record<string, string> = {
  'trust-angle.json': TRUST_ANGLE,
  'trust-x.json': TRUST_X,
  'identity.json': IDENTITY,
  'doc-accounts.json': DOC_ACCOUNTS,
  'sa.yaml': SERVICE_ACCOUNT,
  'template.yaml': CLOUDFORMATION,
  'main.tf': TERRAFORM,
  'create.sh': SHELL,
};

/** Each finding as the user sees it: code and the text it underlines. */
async function findings(file: string): Promise<string[]> {
  const ws = await TestWorkspace.of({ [file]: FIXTURES[file] });
  const doc = TextDocument.create('file:///x', 'plaintext', 1, FIXTURES[file]);
  return ws.validate(file).map((d) => `${d.code} ${doc.getText(d.range)}`);
}

describe('PLACEHOLDER_VALUE measure', () => {
  test('print', async () => {
    for (const file of Object.keys(FIXTURES)) {
      const seen = await findings(file);
      console.log(`${file}: ${seen.length}\n  ${seen.join('\n  ')}`);
    }
    assert.ok(true);
  });
});
