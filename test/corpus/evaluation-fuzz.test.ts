import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContextValue, Decision, evaluate } from '../../server/src/service';
import { Policy } from '../../server/src/service/parse/policy';
import { policyModel } from '../support/evaluation';
import { generatedPolicy, generatedQuestion, GeneratedQuestion } from '../support/fuzz/evaluationQuestions';
import { Random } from '../support/fuzz/random';

// Invariants of AWS's evaluation logic on seeded, generated policies and requests: each failure
// names its case, which replays alone (Random.forCase).
const SEED = 20_261_206;
const CASES = 1_500;

interface Prepared {
  readonly question: GeneratedQuestion;
  readonly policies: Policy[];
  readonly boundary: Policy | undefined;
}

function prepare(question: GeneratedQuestion): Prepared {
  return { question, policies: question.policies.map(policyModel), boundary: question.boundary ? policyModel(question.boundary) : undefined };
}

function decide(
  p: Prepared,
  overrides: { policies?: Policy[]; boundary?: Policy | null; context?: Record<string, ContextValue>; complete?: boolean; action?: string } = {},
): Decision {
  const request = {
    action: overrides.action ?? p.question.action,
    resource: p.question.resource,
    context: overrides.context ?? p.question.context,
    complete: overrides.complete ?? true,
  };
  const boundary = overrides.boundary === null ? undefined : (overrides.boundary ?? p.boundary);
  return evaluate(request, overrides.policies ?? p.policies, boundary).decision;
}

const NOTHING = policyModel({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'none:Nothing', Resource: '*' }] });
const ALLOW_ALL = policyModel({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

test(`evaluation fuzz: ${CASES} generated questions keep the invariants of the evaluation logic`, () => {
  const failures: string[] = [];
  const fail = (index: number, what: string) => failures.length < 20 && failures.push(`case ${index}: ${what}`);
  const counts: Record<string, number> = {};
  for (let index = 0; index < CASES; index++) {
    const random = Random.forCase(SEED, index);
    const p = prepare(generatedQuestion(random, index));
    let base: Decision;
    try {
      base = decide(p);
    } catch (error) {
      fail(index, `threw ${(error as Error).stack}`);
      continue;
    }
    counts[base] = (counts[base] ?? 0) + 1;
    if (base === 'depends') fail(index, 'a complete context answered depends');
    if (decide(prepare(p.question)) !== base) fail(index, 'equal inputs gave different answers');

    // Adding a policy of Deny statements never turns a deny into an allow, nor an explicit deny into anything else.
    const deny = policyModel(generatedPolicy(random, 1));
    const withDeny = decide(p, { policies: [...p.policies, deny] });
    if (base !== 'allowed' && withDeny === 'allowed') fail(index, `adding a Deny turned ${base} into allowed`);
    if (base === 'explicit-deny' && withDeny !== 'explicit-deny') fail(index, `adding a Deny turned explicit-deny into ${withDeny}`);

    // A boundary never widens: allowed with it implies allowed without it.
    if (p.boundary && base === 'allowed' && decide(p, { boundary: null }) !== 'allowed') fail(index, 'the boundary widened the permissions');
    // A boundary allowing nothing of the request allows nothing; one allowing everything changes nothing.
    if (decide(p, { boundary: NOTHING }) === 'allowed') fail(index, 'allowed outside the boundary');
    if (decide(p, { boundary: ALLOW_ALL }) !== decide(p, { boundary: null })) fail(index, 'an Allow * boundary changed the answer');

    // Allow * on *: everything not explicitly denied is allowed (no boundary).
    const everything = decide(p, { policies: [...p.policies, ALLOW_ALL], boundary: null });
    const unbounded = decide(p, { boundary: null });
    if (everything !== (unbounded === 'explicit-deny' ? 'explicit-deny' : 'allowed'))
      fail(index, `with Allow * the answer is ${everything} (was ${unbounded})`);

    // The order of policies does not matter; action names are case-insensitive, context key names too.
    if (decide(p, { policies: [...p.policies].reverse() }) !== base) fail(index, 'reversing the policies changed the answer');
    if (decide(p, { action: p.question.action.toUpperCase() }) !== base) fail(index, 'upper-casing the action changed the answer');
    const upperKeys = Object.fromEntries(Object.entries(p.question.context).map(([k, v]) => [k.toUpperCase(), v]));
    if (decide(p, { context: upperKeys }) !== base) fail(index, 'upper-casing the context keys changed the answer');

    // A partial context: a definite answer is the complete one; depends names only keys it lacks.
    const kept = Object.fromEntries(Object.entries(p.question.context).filter(() => random.chance(0.5)));
    const request = { action: p.question.action, resource: p.question.resource, context: kept, complete: false };
    const partial = evaluate(request, p.policies, p.boundary);
    if (partial.decision === 'allowed' && base !== 'allowed') fail(index, `partial context allowed, complete ${base}`);
    if (partial.decision === 'explicit-deny' && base !== 'explicit-deny') fail(index, `partial context explicit-deny, complete ${base}`);
    if (partial.decision === 'implicit-deny' && base === 'allowed') fail(index, 'partial context denied, complete allowed');
    if (partial.decision === 'depends') {
      const lacking = partial.dependsOn ?? [];
      const given = new Set(Object.keys(kept).map((k) => k.toLowerCase()));
      if (lacking.length === 0 || lacking.some((k) => given.has(k.toLowerCase())))
        fail(index, `depends on ${JSON.stringify(lacking)} with ${JSON.stringify(kept)}`);
    }
    // An explicitly empty key is known to be absent, in a partial context too.
    const emptied = Object.fromEntries(Object.entries(p.question.context).map(([k, v]) => [k, Array.isArray(v) && v.length === 0 ? [] : v]));
    const all = evaluate({ ...request, context: emptied }, p.policies, p.boundary);
    if (all.decision === 'allowed' && base !== 'allowed') fail(index, `every key given: partial allowed, complete ${base}`);
    if (all.decision === 'explicit-deny' && base !== 'explicit-deny') fail(index, `every key given: partial explicit-deny, complete ${base}`);
  }
  assert.deepEqual(failures, []);
  for (const decision of ['allowed', 'explicit-deny', 'implicit-deny'])
    assert.ok((counts[decision] ?? 0) > CASES / 20, `too few ${decision}: ${JSON.stringify(counts)}`);
});

test('evaluation fuzz: malformed policies (every shape a JSON value can take) never throw', () => {
  const random = new Random(SEED);
  const values = (depth: number): unknown => {
    const pick = random.int(depth > 2 ? 4 : 7);
    if (pick === 0) return random.pick(['*', 's3:*', 'Allow', 'Deny', '', '${aws:username', '${}', '${a,', "${aws:x, 'd'}", 'arn:aws:s3:::*']);
    if (pick === 1) return random.pick([0, -1, 1.5, 1e308]);
    if (pick === 2) return random.pick([true, false, null]);
    if (pick === 3) return undefined;
    if (pick === 4) return Array.from({ length: random.int(3) }, () => values(depth + 1));
    const keys = [
      'Version',
      'Statement',
      'Effect',
      'Action',
      'NotAction',
      'Resource',
      'NotResource',
      'Condition',
      'StringEquals',
      'ForAllValues:IpAddress',
      'Null',
      'aws:SourceIp',
      'DateLessThanIfExists',
    ];
    return Object.fromEntries(Array.from({ length: random.int(4) }, () => [random.pick(keys), values(depth + 1)]));
  };
  for (let i = 0; i < 2_000; i++) {
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: random.pick(['Allow', 'Deny']), Action: '*', Resource: '*', Condition: values(1) }, values(1)],
    };
    const model = policyModel(policy);
    for (const complete of [true, false]) {
      const answer = evaluate({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:SourceIp': '10.0.0.1' }, complete }, [model], model);
      assert.ok(['allowed', 'explicit-deny', 'implicit-deny', 'depends'].includes(answer.decision));
    }
  }
});
