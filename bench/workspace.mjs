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
 * config, Terraform, an IAM export), plus one script per team. With `shapes: 'real'`, half the apps
 * define their role in the shapes real repositories have instead (a script writing its trust with a
 * heredoc, `$(cat <<EOF …)` in an argument, the terraform-aws-modules IRSA module, `locals`, an
 * `aws_iam_policy_document` with a `dynamic` statement), some ServiceAccounts taking their namespace from
 * a team's `kustomization.yaml` or annotated with a template (`${APP_ROLE_ARN}`). Returns the number of files written.
 */
export function writeWorkspace(dir, files, { shapes = 'original' } = {}) {
  const pairs = Math.floor(files / 2);
  const scripts = new Map();
  /** The ServiceAccounts each team's kustomization lists (they set no namespace: it gives theirs). */
  const kustomized = new Map();
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
    put(`${folder}/service-account.yaml`, shapes === 'real' ? realServiceAccount(i % 10, team, `app-${i}`, role) : serviceAccount(team, `app-${i}`, role));
    if (shapes === 'real' && i % 10 === 6) kustomized.set(team, [...(kustomized.get(team) ?? []), `app-${i}/service-account.yaml`]);
    // The role of every fifth app is defined in a script next to its trust policy; the others by the other sources.
    if (shapes === 'real' && i % 10 >= 5) {
      put(realShape(i % 10, folder, team, `app-${i}`, role), realShapeText(i % 10, team, `app-${i}`, role));
      continue;
    }
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
  for (const [team, resources] of kustomized)
    put(`apps/${team}/kustomization.yaml`, `namespace: ${team}\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}`);
  return written;
}

const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}`;

/** Where each real-world shape is written. */
function realShape(kind, folder) {
  return kind === 5 || kind === 6 ? `${folder}/create-role.sh` : `${folder}/main.tf`;
}

function realShapeText(kind, namespace, name, role) {
  const trust = trustPolicy(namespace, name);
  switch (kind) {
    case 5:
      return `#!/bin/bash\nset -euo pipefail\nROLE=${role}\ncat <<EOF > trust.json\n${trust.replace('111122223333', '\${ACCOUNT_ID:-111122223333}')}\nEOF\naws iam create-role --role-name "$ROLE" --assume-role-policy-document file://trust.json\n`;
    case 6:
      return `#!/bin/bash\naws iam create-role --role-name ${role} --assume-role-policy-document "$(cat <<'EOF'\n${trust}\nEOF\n)"\n`;
    case 7:
      return `module "irsa" {\n  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"\n  version = "~> 5.0"\n\n  role_name = "${role}"\n  oidc_providers = {\n    main = {\n      provider_arn               = "${PROVIDER_ARN}"\n      namespace_service_accounts = ["${namespace}:${name}"]\n    }\n  }\n}\n`;
    case 8:
      return `locals {\n  role_name = "${role}"\n  subject   = "system:serviceaccount:${namespace}:${name}"\n}\n\nresource "aws_iam_role" "app" {\n  name = local.role_name\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { Federated = "${PROVIDER_ARN}" }\n      Action    = "sts:AssumeRoleWithWebIdentity"\n      Condition = { StringEquals = { "${PROVIDER}:sub" = local.subject, "${PROVIDER}:aud" = "sts.amazonaws.com" } }\n    }]\n  })\n}\n`;
    default:
      return `data "aws_iam_policy_document" "trust" {\n  statement {\n    effect  = "Allow"\n    actions = ["sts:AssumeRoleWithWebIdentity"]\n    principals {\n      type        = "Federated"\n      identifiers = ["${PROVIDER_ARN}"]\n    }\n    condition {\n      test     = "StringEquals"\n      variable = "${PROVIDER}:sub"\n      values   = ["system:serviceaccount:${namespace}:${name}"]\n    }\n    condition {\n      test     = "StringEquals"\n      variable = "${PROVIDER}:aud"\n      values   = ["sts.amazonaws.com"]\n    }\n  }\n  dynamic "statement" {\n    for_each = var.extra_statements\n    content {\n      effect  = "Allow"\n      actions = statement.value.actions\n    }\n  }\n}\n\nresource "aws_iam_role" "app" {\n  name               = "${role}"\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n}\n`;
  }
}

/** The ServiceAccount of a real-world shape: one without a namespace (its kustomization gives it), one annotated with a template. */
function realServiceAccount(kind, namespace, name, role) {
  if (kind === 6)
    return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/${role}\n`;
  if (kind === 7)
    return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  annotations:\n    eks.amazonaws.com/role-arn: \${APP_ROLE_ARN}\n`;
  return serviceAccount(namespace, name, role);
}
