import { EKS_DEFAULT_AUDIENCE } from '../catalog/oidc';
import { POD_IDENTITY_ANNOTATION } from '../parse/kubernetes';
import { code } from './markdown';

/** Where the EKS pod identity webhook reads an annotation. */
export type AnnotatedObject = 'ServiceAccount' | 'Pod';

/** One annotation of the pod identity webhook and what the webhook does with it (DOMAIN.md, the webhook's README). */
export interface WebhookAnnotation {
  readonly key: string;
  readonly readOn: readonly AnnotatedObject[];
  /** One line, for a completion item's detail. */
  readonly summary: string;
  /** Markdown: the value it takes and what the webhook injects. */
  readonly effect: string;
}

const ROLE_ARN = POD_IDENTITY_ANNOTATION.roleArn;

export const WEBHOOK_ANNOTATIONS: readonly WebhookAnnotation[] = [
  {
    key: ROLE_ARN,
    readOn: ['ServiceAccount'],
    summary: 'IAM role the pods of this ServiceAccount assume (IRSA)',
    effect: `The full ARN of the IAM role, path included: ${code('arn:PARTITION:iam::ACCOUNT:role/PATH/NAME')}. The webhook sets ${code('AWS_ROLE_ARN')} to it and ${code('AWS_WEB_IDENTITY_TOKEN_FILE')} to a projected ServiceAccount token it mounts in each container; the SDKs then call ${code('sts:AssumeRoleWithWebIdentity')}, which the role's trust policy must allow for this ServiceAccount. A malformed ARN is injected as written (the webhook only logs a warning): the failure shows at AssumeRoleWithWebIdentity.`,
  },
  {
    key: POD_IDENTITY_ANNOTATION.audience,
    readOn: ['ServiceAccount'],
    summary: `Audience of the projected token (default ${EKS_DEFAULT_AUDIENCE})`,
    effect: `The audience of the projected token, ${code(EKS_DEFAULT_AUDIENCE)} when absent. The trust policy's ${code(':aud')} condition must name the same value.`,
  },
  {
    key: POD_IDENTITY_ANNOTATION.stsRegionalEndpoints,
    readOn: ['ServiceAccount'],
    summary: 'Use the regional STS endpoint ("true" / "false")',
    effect: `${code('"true"')} makes the webhook inject ${code('AWS_STS_REGIONAL_ENDPOINTS=regional')}, so that the SDKs call the regional STS endpoint rather than the global one; it overrides the webhook's own setting. Quote it in YAML: annotations are strings, and Kubernetes rejects a bare ${code('true')}, which YAML reads as a boolean.`,
  },
  {
    key: POD_IDENTITY_ANNOTATION.tokenExpiration,
    readOn: ['ServiceAccount', 'Pod'],
    summary: 'Lifetime of the projected token in seconds (default 86400)',
    effect: `The ${code('expirationSeconds')} of the projected token, as a quoted integer: ${code('"86400"')} by default, and a value below 600 counts as 600. On a Pod it overrides the ServiceAccount's.`,
  },
  {
    key: POD_IDENTITY_ANNOTATION.skipContainers,
    readOn: ['Pod'],
    summary: 'Containers the webhook leaves alone (comma-separated names)',
    effect: `A comma-separated list of container and init container names that get neither the token volume nor the ${code('AWS_*')} variables.`,
  },
  {
    key: POD_IDENTITY_ANNOTATION.endpointUrl,
    readOn: ['ServiceAccount'],
    summary: 'AWS endpoint URL injected into the containers',
    effect: `The webhook sets ${code('AWS_ENDPOINT_URL')} to it in the mutated containers, overriding its own setting.`,
  },
];

export function webhookAnnotation(key: string): WebhookAnnotation | undefined {
  return WEBHOOK_ANNOTATIONS.find((a) => a.key === key);
}

/** What the webhook does with an annotation written on an object of kind `kind` (a pod template counts as a Pod), and when it reads it. */
export function annotationDocumentation(annotation: WebhookAnnotation, kind: string | undefined): string[] {
  const paragraphs = [`**${code(annotation.key)}** · EKS pod identity webhook`, annotation.effect];
  if (kind && !(annotation.readOn as readonly string[]).includes(kind))
    paragraphs.push(`The webhook reads it on a ${annotation.readOn.join(' or a ')} only: on a ${kind} it does nothing.`);
  if (annotation.key === POD_IDENTITY_ANNOTATION.audience) paragraphs.push(`Ignored unless the ServiceAccount also has ${code(ROLE_ARN)}.`);
  paragraphs.push('The webhook reads it when a pod is created: running pods keep what they got until they are restarted.');
  return paragraphs;
}
