import assert from 'node:assert/strict';
import * as path from 'node:path';
import { PolicyKind } from '../../server/src/service/parse/policyKind';

/** The EKS cluster's OIDC issuer (without https://) that the IRSA fixtures trust. */
export const PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

/** The account of the fixtures' roles and OIDC provider. */
export const ACCOUNT = '111122223333';

/** The repository's examples folder. */
export const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');

/** The subject of `serviceAccount()`: team-a/app. */
const SUBJECT = 'system:serviceaccount:team-a:app';

/**
 * 1-based line and 0-based character of `needle` in `text`, as `TestWorkspace.codes` reports:
 * its first occurrence after the first of `from` (if given), `shift` characters in.
 */
export function at(text: string, needle: string, from = '', shift = 0): string {
  const offset = text.indexOf(needle, from ? text.indexOf(from) : 0);
  assert.ok(offset >= 0, `${needle} not in the text`);
  const before = text.slice(0, offset + shift).split('\n');
  return `${before.length}:${before[before.length - 1].length}`;
}

export interface ServiceAccountOptions {
  /** Default: app. */
  name?: string;
  /** Default: team-a; null: no namespace line (the manifest is in "default"). */
  namespace?: string | null;
  /** The eks.amazonaws.com/role-arn annotation. Default: the role AppRole of `ACCOUNT`. */
  arn?: string;
  /** An eks.amazonaws.com/audience annotation after the role ARN. Default: none. */
  audience?: string;
}

/** A ServiceAccount manifest annotated with a role ARN. */
export function serviceAccount(options: ServiceAccountOptions = {}): string {
  const namespace = options.namespace === null ? '' : `\n  namespace: ${options.namespace ?? 'team-a'}`;
  const audience = options.audience ? `\n    eks.amazonaws.com/audience: ${options.audience}` : '';
  return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${options.name ?? 'app'}${namespace}\n  annotations:\n    eks.amazonaws.com/role-arn: ${options.arn ?? `arn:aws:iam::${ACCOUNT}:role/AppRole`}${audience}\n`;
}

/** Where the annotation's value starts in `serviceAccount()` (with a name and a namespace), as `codes` reports it. */
export const ANNOTATION = '7:32';

/** A Deployment (web) in `namespace` whose pods run as `serviceAccountName`. */
export function deployment(serviceAccountName: string, namespace = 'team-a'): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ${namespace}\nspec:\n  template:\n    spec:\n      serviceAccountName: ${serviceAccountName}\n      containers:\n        - name: web\n          image: nginx\n`;
}

export interface TrustOptions {
  /** The account of the OIDC provider. Default: `ACCOUNT`. */
  account?: string;
  /** The OIDC issuer. Default: `PROVIDER`. */
  provider?: string;
  /** The condition operator on :sub and :aud. Default: StringEquals. */
  operator?: string;
  /** The :aud value. Default: sts.amazonaws.com. */
  aud?: string;
}

/** An IRSA statement: `provider` may assume the role with a web identity of subject `sub` (several: any of them). */
export function webIdentityStatement(sub: string | string[], options: TrustOptions = {}) {
  const provider = options.provider ?? PROVIDER;
  return {
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${options.account ?? ACCOUNT}:oidc-provider/${provider}` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { [options.operator ?? 'StringEquals']: { [`${provider}:sub`]: sub, [`${provider}:aud`]: options.aud ?? 'sts.amazonaws.com' } },
  };
}

/** An IRSA trust policy with one statement, as an object. Default `sub`: that of `serviceAccount()`. */
export function trustDocument(sub: string = SUBJECT, options: TrustOptions = {}) {
  return { Version: '2012-10-17', Statement: [webIdentityStatement(sub, options)] };
}

/** `trustDocument` as pretty-printed JSON text (two spaces), as a trust policy file holds it. */
export function trustPolicy(sub: string = SUBJECT, options: TrustOptions = {}): string {
  return JSON.stringify(trustDocument(sub, options), null, 2);
}

/** A policy document as JSON text, of statements given as JSON text, one a line. */
export function policy(...statements: string[]): string {
  return `{
  "Version": "2012-10-17",
  "Statement": [
    ${statements.join(',\n    ')}
  ]
}`;
}

/** Settings that take every JSON file as a policy of `kind`; none: the kind is inferred. */
export function pinned(kind?: PolicyKind): { policyKinds: Record<string, PolicyKind> } | undefined {
  return kind ? { policyKinds: { '**/*.json': kind } } : undefined;
}
