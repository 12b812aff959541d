import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { placeholdersAsWildcards, placeholderSpans } from '../../server/src/service/catalog/placeholders';
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
                Resource:
                  - !Sub arn:aws:iam::\${AccountId}:role/Reader
                  - arn:aws:iam::<aws-account-id>:role/Writer
`;

const TERRAFORM = `resource "aws_iam_role_policy" "read" {
  name = "read"
  role = "AppRole"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = ["arn:aws:iam::\${var.account_id}:role/Reader", "arn:aws:iam::<aws-account-id>:role/Writer"]
    }]
  })
}
`;

const SHELL = `#!/bin/sh
aws iam put-role-policy --role-name AppRole --policy-name read --policy-document '{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": ["arn:aws:iam::\${ACCOUNT_ID}:role/Reader", "arn:aws:iam::<aws-account-id>:role/Writer"]}]
}'
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

/** Every finding of a fixture with its message, for the message tests. */
async function messages(file: string): Promise<string[]> {
  const ws = await TestWorkspace.of({ [file]: FIXTURES[file] });
  return ws.validate(file).map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
}

const P = 'PLACEHOLDER_VALUE';

describe('PLACEHOLDER_VALUE', () => {
  test('the EKS guide trust template: one finding per placeholder, none else (before: 4 findings of other codes)', async () => {
    assert.deepEqual(await findings('trust-angle.json'), [
      `${P} <aws-account-id>`,
      `${P} region-code`,
      `${P} <eks-hash>`,
      `${P} region-code`,
      `${P} <eks-hash>`,
      `${P} <namespace>`,
      `${P} <service-account>`,
      `${P} region-code`,
      `${P} <eks-hash>`,
    ]);
  });

  test('the message names what belongs in the place: account, region, OIDC provider ID, namespace, ServiceAccount', async () => {
    const seen = await messages('trust-angle.json');
    assert.equal(seen[0], '"<aws-account-id>" is a placeholder left from a template: replace it with the 12-digit account ID');
    assert.equal(seen[1], '"region-code" is a placeholder left from a template: replace it with the region of the cluster, such as "us-east-1"');
    assert.equal(
      seen[2],
      `"<eks-hash>" is a placeholder left from a template: replace it with the cluster's OIDC provider ID (the last part of its issuer URL)`,
    );
    assert.equal(seen[5], '"<namespace>" is a placeholder left from a template: replace it with the Kubernetes namespace');
    assert.equal(seen[6], `"<service-account>" is a placeholder left from a template: replace it with the ServiceAccount's name`);
  });

  test('runs of X for the account and the provider ID (before: 2 findings of other codes)', async () => {
    assert.deepEqual(await findings('trust-x.json'), [`${P} XXXXXXXXXXXX`, `${P} XXXXX`, `${P} XXXXX`, `${P} XXXXX`]);
  });

  test('braces, YOUR_ words and a shell variable in a plain JSON policy; IAM policy variables are not placeholders', async () => {
    assert.deepEqual(await findings('identity.json'), [`${P} YOUR_ACCOUNT_ID`, `${P} {YOUR_AWS_ACCOUNT_ID}`, `${P} \${ACCOUNT_ID}`]);
    const seen = await messages('identity.json');
    assert.equal(seen[0], '"YOUR_ACCOUNT_ID" is a placeholder left from a template: replace it with the 12-digit account ID');
    assert.equal(seen[2], '"${ACCOUNT_ID}" is a placeholder left from a template: replace it with the 12-digit account ID');
  });

  test("AWS's documentation accounts and ${*}, ${?}, ${$} are real values", async () => {
    assert.deepEqual(await findings('doc-accounts.json'), []);
  });

  test('an AWS principal with a placeholder account: the placeholder alone', async () => {
    const trust = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::<aws-account-id>:root"}, "Action": "sts:AssumeRole"}]}`;
    const ws = await TestWorkspace.of({ 'trust-aws.json': trust });
    const doc = TextDocument.create('file:///x', 'plaintext', 1, trust);
    assert.deepEqual(
      ws.validate('trust-aws.json').map((d) => `${d.code} ${doc.getText(d.range)}`),
      [`${P} <aws-account-id>`],
    );
  });

  test('a ServiceAccount role-arn annotation: the placeholder, not IRSA_ROLE_ARN_FORMAT', async () => {
    assert.deepEqual(await findings('sa.yaml'), [`${P} <ACCOUNT_ID>`]);
  });

  test('CloudFormation !Sub, Terraform interpolation and shell variables stay template values', async () => {
    for (const file of ['template.yaml', 'main.tf', 'create.sh']) {
      assert.deepEqual(await findings(file), [`${P} <aws-account-id>`], file);
    }
  });
});

describe('placeholderSpans', () => {
  const spans = (text: string, shellVariables = true) => placeholderSpans(text, { shellVariables }).map((s) => s.text);

  test('each form once, none overlapping', () => {
    assert.deepEqual(spans('arn:aws:iam::<YOUR_ACCOUNT_ID>:role/{ROLE_NAME}'), ['<YOUR_ACCOUNT_ID>', '{ROLE_NAME}']);
    assert.deepEqual(spans('arn:aws:iam::${ACCOUNT_ID}:role/x'), ['${ACCOUNT_ID}']);
    assert.deepEqual(spans('oidc.eks.region-code.amazonaws.com/id/xxxxx:sub'), ['region-code', 'xxxxx']);
    assert.deepEqual(spans('arn:aws:s3:::YOUR_BUCKET/*'), ['YOUR_BUCKET']);
  });

  test('not placeholders: IAM variables, documentation accounts, words that contain x or region', () => {
    for (const text of [
      'arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/team}/${*}${?}${$}',
      'arn:aws:iam::111122223333:role/x',
      'arn:aws:iam::123456789012:role/x',
      'arn:aws:s3:::boxxxxes-region-codes',
      'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
    ])
      assert.deepEqual(spans(text), [], text);
  });

  test('${NAME} only where the file itself is the policy', () => {
    assert.deepEqual(spans('arn:aws:iam::${ACCOUNT_ID}:role/x', false), []);
  });

  test('as wildcards, for the other checks', () => {
    assert.equal(
      placeholdersAsWildcards('arn:aws:iam::<aws-account-id>:oidc-provider/oidc.eks.region-code.amazonaws.com/id/XXXXX'),
      'arn:aws:iam::*:oidc-provider/oidc.eks.*.amazonaws.com/id/*',
    );
  });
});
