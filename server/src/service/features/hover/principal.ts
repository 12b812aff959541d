import { Catalog } from '../../catalog/catalog';
import { POD_IDENTITY_ACTIONS, POD_IDENTITY_PRINCIPAL } from '../../catalog/oidc';
import { code } from '../markdown';

/** Service principals whose role is not told by the service's name alone (our own table). */
const KNOWN_PRINCIPALS: Readonly<Record<string, string>> = {
  [POD_IDENTITY_PRINCIPAL]: `EKS Pod Identity: the EKS Pod Identity Agent assumes the role for the pods of a Pod Identity association (EKS API, not an annotation). The trust must allow ${POD_IDENTITY_ACTIONS.map(code).join(' and ')}; EKS tags the session with ${code('kubernetes-namespace')}, ${code('kubernetes-service-account')}, ${code('eks-cluster-name')}… which ${code('aws:RequestTag/…')} conditions can narrow`,
  'ecs-tasks.amazonaws.com': 'Amazon ECS tasks: the role is a task role or a task execution role',
  'eks-fargate-pods.amazonaws.com': "Amazon EKS on Fargate: the pod execution role Fargate uses to pull images and write logs (not the pods' own AWS identity)",
  'edgelambda.amazonaws.com': 'Lambda@Edge: with lambda.amazonaws.com, the execution role of a function replicated to CloudFront',
};

/**
 * A `Service` principal: what it stands for, when the code base knows it (our table, or a
 * `PREFIX.amazonaws.com` name whose PREFIX is a service of the catalogue).
 */
export function servicePrincipalHover(catalog: Catalog, principal: string): string[] | undefined {
  const known = KNOWN_PRINCIPALS[principal.toLowerCase()];
  const heading = `**${code(principal)}** · service principal`;
  const assumes = `The service assumes the role with ${code('sts:AssumeRole')}.`;
  if (known) return [heading, known];
  const match = /^([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(principal);
  const service = match ? catalog.service(match[1]) : undefined;
  return service ? [heading, `${service.name} (service prefix ${code(service.prefix)}).`, assumes] : undefined;
}
