// A generated workspace of N files: half ServiceAccount manifests, half policies (trust policies
// and permission policies), with role definitions of every kind the index reads (AWS CLI scripts,
// CloudFormation, eksctl, Terraform, IAM exports). Every ServiceAccount is annotated with a role
// whose trust admits it, so the cross-file checks do real work and find nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const ACCOUNT = '111122223333';

export function trustPolicy(namespace, name) {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${PROVIDER}:sub`]: `system:serviceaccount:${namespace}:${name}`, [`${PROVIDER}:aud`]: 'sts.amazonaws.com' } },
        },
      ],
    },
    null,
    2,
  );
}

export function serviceAccount(namespace, name, role) {
  return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/${role}\n`;
}

/**
 * Writes the workspace into `dir`: `files` / 2 apps, each a ServiceAccount and one file defining its
 * role (a trust policy named by its team's AWS CLI script, a CloudFormation template, an eksctl
 * config, Terraform, an IAM export), plus one script per team. Returns the number of files written.
 */
export function writeWorkspace(dir, files) {
  const pairs = Math.floor(files / 2);
  const scripts = new Map();
  let written = 0;
  const put = (path, text) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
    written++;
  };
  for (let i = 0; i < pairs; i++) {
    const team = `team-${i % 50}`;
    const folder = `apps/${team}/app-${i}`;
    const role = `AppRole${i}`;
    put(`${folder}/service-account.yaml`, serviceAccount(team, `app-${i}`, role));
    // The role of every fifth app is defined in a script next to its trust policy; the others by the other sources.
    switch (i % 5) {
      case 0:
        put(`${folder}/trust-policy.json`, trustPolicy(team, `app-${i}`));
        scripts.set(
          team,
          `${scripts.get(team) ?? '#!/bin/sh\n'}aws iam create-role --role-name ${role} --assume-role-policy-document file://app-${i}/trust-policy.json\n`,
        );
        break;
      case 1:
        put(
          `${folder}/template.yaml`,
          `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: ${role}\n      AssumeRolePolicyDocument:\n${trustPolicy(
            team,
            `app-${i}`,
          )
            .split('\n')
            .map((l) => `        ${l}`)
            .join('\n')}\n`,
        );
        break;
      case 2:
        put(
          `${folder}/cluster.yaml`,
          `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c${i}\n  region: us-east-1\niam:\n  withOIDC: true\n  serviceAccounts:\n    - metadata:\n        name: app-${i}\n        namespace: ${team}\n      roleName: ${role}\n      roleOnly: true\n      attachPolicyARNs:\n        - arn:aws:iam::aws:policy/ReadOnlyAccess\n`,
        );
        break;
      case 3:
        put(
          `${folder}/main.tf`,
          `resource "aws_iam_role" "app" {\n  name = "${role}"\n  assume_role_policy = jsonencode(${trustPolicy(team, `app-${i}`)
            .replace(/"([A-Za-z]+)":/g, '$1 =')
            .replace(/"(oidc[^"]+)":/g, '"$1" =')})\n}\n`,
        );
        break;
      default:
        put(
          `${folder}/role.json`,
          JSON.stringify(
            {
              Role: {
                Path: '/',
                RoleName: role,
                Arn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
                AssumeRolePolicyDocument: JSON.parse(trustPolicy(team, `app-${i}`)),
              },
            },
            null,
            2,
          ),
        );
    }
  }
  for (const [team, script] of scripts) put(`apps/${team}/create-roles.sh`, script);
  return written;
}
