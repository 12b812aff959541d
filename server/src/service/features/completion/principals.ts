import { CompletionItemKind } from 'vscode-languageserver-types';
import { POD_IDENTITY_PRINCIPAL, WEB_IDENTITY_DOMAINS } from '../../catalog/oidc';
import { PolicyKind } from '../../parse/policyKind';
import { WorkspaceIndex } from '../../workspace/index';
import { Candidate, sortKey } from './items';

/**
 * Service principals roles are most often written for (our own table: the catalogue lists no
 * principals), EKS Pod Identity first.
 */
const SERVICE_PRINCIPALS: readonly [string, string][] = [
  [POD_IDENTITY_PRINCIPAL, 'EKS Pod Identity: pods whose ServiceAccount has a Pod Identity association'],
  ['ec2.amazonaws.com', 'Amazon EC2 instances (instance profiles), EKS nodes included'],
  ['lambda.amazonaws.com', 'AWS Lambda functions'],
  ['ecs-tasks.amazonaws.com', 'Amazon ECS tasks'],
  ['eks.amazonaws.com', 'The Amazon EKS control plane (cluster role)'],
  ['eks-fargate-pods.amazonaws.com', 'Amazon EKS Fargate pods (pod execution role)'],
  ['states.amazonaws.com', 'AWS Step Functions state machines'],
  ['events.amazonaws.com', 'Amazon EventBridge rules'],
  ['scheduler.amazonaws.com', 'Amazon EventBridge Scheduler'],
  ['apigateway.amazonaws.com', 'Amazon API Gateway'],
  ['codebuild.amazonaws.com', 'AWS CodeBuild projects'],
  ['codepipeline.amazonaws.com', 'AWS CodePipeline pipelines'],
  ['cloudformation.amazonaws.com', 'AWS CloudFormation stacks (service role)'],
  ['glue.amazonaws.com', 'AWS Glue jobs and crawlers'],
  ['sagemaker.amazonaws.com', 'Amazon SageMaker'],
  ['elasticbeanstalk.amazonaws.com', 'AWS Elastic Beanstalk'],
  ['firehose.amazonaws.com', 'Amazon Data Firehose delivery streams'],
  ['s3.amazonaws.com', 'Amazon S3 (replication, inventory, notifications)'],
  ['sns.amazonaws.com', 'Amazon SNS'],
  ['cloudfront.amazonaws.com', 'Amazon CloudFront (origin access control)'],
  ['logs.amazonaws.com', 'Amazon CloudWatch Logs'],
  ['ssm.amazonaws.com', 'AWS Systems Manager'],
  ['batch.amazonaws.com', 'AWS Batch'],
  ['edgelambda.amazonaws.com', 'Lambda@Edge'],
];

const TYPES: readonly [string, string, string][] = [
  ['AWS', 'An account (`arn:aws:iam::111122223333:root` or its id), a role, a user, or `*`.', '"arn:aws:iam::${1:111122223333}:root"'],
  ['Service', 'An AWS service, by its host name: `ec2.amazonaws.com`, `pods.eks.amazonaws.com`.', '"$1"'],
  ['Federated', "An identity provider: an IAM OIDC provider ARN (an EKS cluster's issuer for IRSA), a SAML provider, or a web identity domain.", '"$1"'],
  ['CanonicalUser', 'An S3 canonical user id (64 hexadecimal characters).', '"$1"'],
];

/** The principal types not yet present; in a trust policy, the federated and service ones first. */
export function principalTypeCandidates(present: ReadonlySet<string>, kind: PolicyKind | undefined): Candidate[] {
  const order = kind === 'trust' ? ['Federated', 'Service', 'AWS', 'CanonicalUser'] : ['AWS', 'Service', 'Federated', 'CanonicalUser'];
  return TYPES.filter(([name]) => !present.has(name)).map(([name, documentation, member]) => ({
    label: name,
    value: name,
    member,
    kind: CompletionItemKind.Property,
    documentation,
    sort: sortKey(0, order.indexOf(name)),
    retrigger: name !== 'AWS' && name !== 'CanonicalUser',
    data: { iamIrsa: 'principal-type' },
  }));
}

function principal(label: string, sort: string, detail: string, snippet?: string): Candidate {
  return {
    label,
    value: snippet ?? label,
    snippet: snippet !== undefined,
    filterText: label,
    kind: snippet ? CompletionItemKind.Snippet : CompletionItemKind.Value,
    detail,
    sort,
    data: { iamIrsa: 'principal' },
  };
}

const ACCOUNT = '${1:111122223333}';

/** The OIDC providers of the workspace: declared (Terraform, CloudFormation) or trusted by a role, with their account when known. */
function workspaceProviders(index: WorkspaceIndex): Map<string, string | undefined> {
  const providers = new Map<string, string | undefined>();
  for (const file of index.all()) {
    for (const provider of file.facts.oidcProviders) if (!providers.has(provider.host)) providers.set(provider.host, undefined);
    for (const trust of file.facts.trustPolicies) {
      for (const statement of trust.statements)
        for (const provider of statement.providers) if (!providers.get(provider.host)) providers.set(provider.host, provider.account);
    }
  }
  return providers;
}

/** Values of a principal type: service host names, the workspace's OIDC providers, account and role ARNs. */
export function principalValueCandidates(index: WorkspaceIndex, type: string): Candidate[] {
  if (type === 'Service') return SERVICE_PRINCIPALS.map(([host, detail], i) => principal(host, sortKey(0, i), detail));
  if (type === 'Federated') {
    const candidates = [...workspaceProviders(index)].map(([host, account], i) => {
      const label = `arn:aws:iam::${account ?? '<account>'}:oidc-provider/${host}`;
      return principal(label, sortKey(0, i), 'OIDC provider of the workspace', account ? undefined : `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}`);
    });
    candidates.push(
      principal(
        'arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>',
        sortKey(1, 0),
        "An EKS cluster's OIDC provider (IRSA)",
        `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.\${2:us-east-1}.amazonaws.com/id/\${3:EXAMPLED539D4633E53DE1B71EXAMPLE}`,
      ),
      principal('arn:aws:iam::<account>:saml-provider/<name>', sortKey(1, 1), 'A SAML identity provider', `arn:aws:iam::${ACCOUNT}:saml-provider/\${2:name}`),
      ...Object.keys(WEB_IDENTITY_DOMAINS).map((domain, i) => principal(domain, sortKey(2, i), 'Web identity provider')),
    );
    return candidates;
  }
  if (type === 'AWS') {
    return [
      principal('arn:aws:iam::<account>:root', sortKey(0, 0), 'Every principal of an account that its own policies allow', `arn:aws:iam::${ACCOUNT}:root`),
      principal('arn:aws:iam::<account>:role/<name>', sortKey(0, 1), 'A role', `arn:aws:iam::${ACCOUNT}:role/\${2:name}`),
      principal('arn:aws:iam::<account>:user/<name>', sortKey(0, 2), 'A user', `arn:aws:iam::${ACCOUNT}:user/\${2:name}`),
    ];
  }
  return [];
}

/** The forms of a `Principal` value: a principal object of each type, or `*`. */
export function principalFormCandidates(kind: PolicyKind | undefined): Candidate[] {
  const forms: [string, string, string][] = [
    ['{"Federated": …}', '{\n\t"Federated": "$1"\n}', "An identity provider (IRSA: the cluster's OIDC provider)"],
    ['{"Service": …}', '{\n\t"Service": "$1"\n}', 'An AWS service'],
    ['{"AWS": …}', `{\n\t"AWS": "arn:aws:iam::${ACCOUNT}:root"\n}`, 'An account, role or user'],
  ];
  const candidates = forms.map(([label, snippet, detail], i) => ({ ...principal(label, sortKey(kind === 'trust' ? 0 : 1, i), detail, snippet), raw: true }));
  if (kind !== 'trust') candidates.push({ ...principal('"*"', sortKey(2, 0), 'Everyone, anonymous users included', '"*"'), raw: true });
  return candidates;
}
