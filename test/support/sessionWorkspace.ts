import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ACCOUNT, PROVIDER, trustPolicy } from './fixtures';

/** How many teams the workspace has: each a role, a trust, a permission policy and a ServiceAccount. */
const TEAMS = 12;
/** Teams 0–9 get their roles from the script; 10 and 11 from the CloudFormation template. */
const SCRIPTED = 10;

/**
 * Words whose every occurrence may be swapped for another of its class: names, namespaces, role
 * names, accounts, actions and operators that other files refer to, so that an edit changes what the
 * workspace links (a trust's subject, an annotation's role, the file a script names).
 */
export const TOKEN_CLASSES: readonly (readonly string[])[] = [
  range(TEAMS).map((k) => `team-${k}`),
  range(TEAMS).map((k) => `runner-${k}`),
  range(TEAMS).map((k) => `Team${k}Role`),
  [ACCOUNT, '444455556666'],
  ['s3:GetObject', 's3:GetObjct', 's3:PutObject', 's3:ListBucket', 'ec2:DescribeInstances', 's3:*'],
  ['StringEquals', 'StringLike', 'StringEqualsIgnoreCase'],
  ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRole'],
  ['--assume-role-policy-document', '--policy-document'],
  ['file://trust-team-', 'file://policy-team-'],
  ['"Allow"', '"Deny"'],
];

/**
 * Fifty files of an EKS platform repository whose facts refer to each other: a script creating
 * roles from trust and permission policies beside it, a CloudFormation template with two more,
 * bucket policies naming the roles, ServiceAccounts annotated with them, Deployments running as
 * the ServiceAccounts, an eksctl cluster, a Terraform role and a JSON file that is no policy.
 */
export function sessionFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const roleArn = (k: number) => `arn:aws:iam::${ACCOUNT}:role/Team${k}Role`;
  files['iam/create-roles.sh'] = [
    '#!/bin/sh',
    "# Creates the teams' roles from the policies beside this script.",
    'set -eu',
    'cd "$(dirname "$0")"',
    ...range(SCRIPTED).flatMap((k) => [
      `aws iam create-role --role-name Team${k}Role --assume-role-policy-document file://trust-team-${k}.json`,
      `aws iam put-role-policy --role-name Team${k}Role --policy-name Team${k}Policy --policy-document file://policy-team-${k}.json`,
    ]),
    '',
  ].join('\n');
  for (const k of range(TEAMS)) {
    files[`iam/trust-team-${k}.json`] = trustPolicy(`system:serviceaccount:team-${k}:runner-${k}`) + '\n';
    files[`iam/policy-team-${k}.json`] = permissionPolicy(k);
    files[`k8s/sa-team-${k}.yaml`] = serviceAccounts(k, roleArn(k));
  }
  for (const k of range(5)) files[`iam/bucket-${k}.json`] = bucketPolicy(k, roleArn(k));
  for (const k of range(4)) files[`k8s/deploy-${k}.yaml`] = deployment(k);
  files['cfn/stack.yaml'] = cloudFormation([SCRIPTED, SCRIPTED + 1]);
  files['eks/cluster.yaml'] = eksctlCluster();
  files['tf/roles.tf'] = terraformRole();
  files['notes/package.json'] = '{\n  "name": "platform",\n  "private": true,\n  "scripts": { "lint": "echo ok" }\n}\n';
  return files;
}

/** Writes `files` into a new temporary folder and returns its path. */
export function writeWorkspace(files: Record<string, string>, prefix = 'iam-irsa-session-'): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

function permissionPolicy(k: number): string {
  return `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadTeamObjects",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::team-${k}-bucket", "arn:aws:s3:::team-${k}-bucket/*"]
    },
    {
      "Sid": "NoDeletes",
      "Effect": "Deny",
      "Action": "s3:DeleteObject",
      "Resource": "*",
      "Condition": { "StringEquals": { "aws:PrincipalTag/team": "team-${k}" } }
    }
  ]
}
`;
}

function bucketPolicy(k: number, role: string): string {
  return `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "${role}" },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::team-${k}-bucket/*"
    }
  ]
}
`;
}

/** The team's ServiceAccount, and for every third team a second one with no role. */
function serviceAccounts(k: number, role: string): string {
  const own = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: runner-${k}
  namespace: team-${k}
  annotations:
    eks.amazonaws.com/role-arn: ${role}
`;
  return k % 3 === 0 ? `${own}---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: helper-${k}\n  namespace: team-${k}\n` : own;
}

function deployment(k: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker-${k}
  namespace: team-${k}
spec:
  template:
    spec:
      serviceAccountName: runner-${k}
      containers:
        - name: worker
          image: public.ecr.aws/aws-cli/aws-cli:latest
`;
}

function cloudFormation(teams: number[]): string {
  const roles = teams.map(
    (k) => `  Team${k}Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: Team${k}Role
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                ${PROVIDER}:sub: system:serviceaccount:team-${k}:runner-${k}
                ${PROVIDER}:aud: sts.amazonaws.com
      Policies:
        - PolicyName: Team${k}Policy
          PolicyDocument:
            Version: 2012-10-17
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, s3:PutObject]
                Resource: arn:aws:s3:::team-${k}-bucket/*
`,
  );
  return `AWSTemplateFormatVersion: "2010-09-09"\nDescription: Roles of the teams outside the script\nResources:\n${roles.join('')}`;
}

function eksctlCluster(): string {
  return `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: platform
  region: us-east-1
iam:
  withOIDC: true
  serviceAccounts:
    - metadata:
        name: reporter
        namespace: team-3
      roleName: ReporterRole
      attachPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ec2:DescribeInstances
            Resource: "*"
`;
}

function terraformRole(): string {
  return `resource "aws_iam_role" "auditor" {
  name = "AuditorRole"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${PROVIDER}:sub" = "system:serviceaccount:team-5:runner-5"
        }
      }
    }]
  })
}
`;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
