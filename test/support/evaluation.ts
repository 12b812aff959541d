import { AccessRequest, ContextValue, evaluate, Evaluation } from '../../server/src/service';
import { parseJson } from '../../server/src/service/parse/json';
import { buildPolicy, Policy } from '../../server/src/service/parse/policy';

/** A policy object as written in a file, parsed by the editor's own path. */
export function policyModel(document: object | string): Policy {
  const text = typeof document === 'string' ? document : JSON.stringify(document, null, 2);
  return buildPolicy(parseJson(text).root!);
}

/** A Version 2012-10-17 policy of the statements. */
export function identity(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}

export const ALLOW_ALL = { Effect: 'Allow', Action: '*', Resource: '*' };

/** One statement allowing everything under `condition`. */
export function allowIf(condition: object): object {
  return identity({ ...ALLOW_ALL, Condition: condition });
}

export interface Question {
  readonly action?: string;
  readonly resource?: string;
  readonly context?: Record<string, ContextValue>;
  readonly complete?: boolean;
}

export function decide(policies: readonly object[], question: Question = {}, boundary?: object): Evaluation {
  const request: AccessRequest = {
    action: question.action ?? 's3:GetObject',
    resource: question.resource ?? 'arn:aws:s3:::amzn-s3-demo-bucket/key',
    context: question.context ?? {},
    complete: question.complete ?? true,
  };
  return evaluate(request, policies.map(policyModel), boundary ? policyModel(boundary) : undefined);
}

/** The decision alone, for a complete context. */
export function decision(policies: readonly object[], question: Question = {}, boundary?: object): string {
  return decide(policies, question, boundary).decision;
}

/** Whether a policy allowing everything under `condition` allows a request with `context`. */
export function holds(condition: object, context: Record<string, ContextValue>): boolean {
  return decision([allowIf(condition)], { context }) === 'allowed';
}
