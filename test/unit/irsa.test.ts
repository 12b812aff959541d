import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { REPO_ROOT } from '../support/lspClient';
import { expectCode, expectNo, marked, validate } from '../support/service';

/** Section I: IRSA (EKS OIDC) and Pod Identity trust policies. */
const SECTION_I = [
  'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
  'IRSA_MISSING_SUB',
  'IRSA_MISSING_AUD',
  'IRSA_AUD_VALUE',
  'IRSA_SUB_FORMAT',
  'IRSA_WILDCARD_IN_STRINGEQUALS',
  'IRSA_BROAD_SUB_PATTERN',
  'IRSA_PROVIDER_MISMATCH',
  'IRSA_PROVIDER_FORMAT',
  'IRSA_MULTI_PROVIDER_STATEMENT',
  'IRSA_STRINGLIKE_WITHOUT_WILDCARD',
  'IRSA_FORALLVALUES_SUB',
  'PODID_MISSING_TAGSESSION',
  'PODID_UNSCOPED',
];

const P = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const P2 = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const FED = `arn:aws:iam::111122223333:oidc-provider/${P}`;
const FED2 = `arn:aws:iam::111122223333:oidc-provider/${P2}`;
const SUB = `${P}:sub`;
const AUD = `${P}:aud`;
const SA = 'system:serviceaccount:team-a:app';
const GITHUB = 'token.actions.githubusercontent.com';

const policy = (...statements: string[]) => `{"Version": "2012-10-17", "Statement": [${statements.join(', ')}]}`;
const statement = (principal: string, action: string, condition?: string, effect = 'Allow') =>
  `{"Effect": "${effect}", "Principal": ${principal}, "Action": ${action}${condition ? `, "Condition": ${condition}` : ''}}`;
/** A web identity statement trusting `federated` (a JSON value, marks allowed). */
const webIdentity = (federated: string, condition?: string, effect = 'Allow') =>
  statement(`{"Federated": ${federated}}`, '"sts:AssumeRoleWithWebIdentity"', condition, effect);
/** An IRSA trust policy for provider P with this Condition. */
const irsa = (condition?: string, federated = `"${FED}"`) => policy(webIdentity(federated, condition));
/** The EKS user guide's trust policy with these two conditions under StringEquals. */
const standard = (sub = SA, aud = 'sts.amazonaws.com') => irsa(`{"StringEquals": {"${SUB}": "${sub}", "${AUD}": "${aud}"}}`);
const pods = (action: string, condition?: string) => policy(statement('{"Service": "pods.eks.amazonaws.com"}', action, condition));
const NAMESPACE_SCOPE = '{"StringEquals": {"aws:RequestTag/kubernetes-namespace": "team-a"}}';

/** The offsets of the marked text in a fixture, for comparing `data.range`. */
const markOf = (source: string, index = 0) => marked(source).ranges[index];

async function sectionCodes(text: string): Promise<string[]> {
  return (await validate(text)).map((d) => String(d.code)).filter((c) => SECTION_I.includes(c));
}

describe('the scenario and the well-formed trusts', () => {
  test('examples/working trust policies get no section I finding', async () => {
    const dir = path.join(REPO_ROOT, 'examples', 'working');
    const files = readdirSync(dir).filter((f) => f.startsWith('trust-policy'));
    assert.ok(files.includes('trust-policy-dev-team-a.json'));
    for (const file of files) assert.deepEqual(await sectionCodes(readFileSync(path.join(dir, file), 'utf8')), [], file);
  });
  test('the EKS user guide policy, Pod Identity done right and a scoped GitHub trust are clean', async () => {
    assert.deepEqual(await sectionCodes(standard()), []);
    assert.deepEqual(await sectionCodes(pods('["sts:AssumeRole", "sts:TagSession"]', NAMESPACE_SCOPE)), []);
    assert.deepEqual(
      await sectionCodes(
        policy(
          webIdentity(
            `"arn:aws:iam::111122223333:oidc-provider/${GITHUB}"`,
            `{"StringEquals": {"${GITHUB}:aud": "sts.amazonaws.com"}, "StringLike": {"${GITHUB}:sub": "repo:octo-org/*"}}`,
          ),
        ),
      ),
      [],
    );
  });
  test('identity policies get none, whatever they say', async () => {
    const identity = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Resource": "*", "Condition": {"StringEquals": {"${SUB}": "system:serviceaccount:team-a:*"}}}]}`;
    assert.deepEqual(await sectionCodes(identity), []);
  });
  test('the seed trust policy with its placeholder provider name gets none', async () => {
    const seed = readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'seeds', 'trust-policy.json'), 'utf8');
    assert.deepEqual(await sectionCodes(seed), []);
  });
});

describe('missing conditions', () => {
  test('IRSA_MISSING_SUB: on the Federated provider, with what a fix inserts', async () => {
    const source = irsa(`{"StringEquals": {"${AUD}": "sts.amazonaws.com"}}`, `"«${FED}»"`);
    const [d] = await expectCode(source, 'IRSA_MISSING_SUB');
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.match(String(d.message), /every ServiceAccount of this cluster/);
    const data = d.data as { provider: string; key: string; conditionRange: unknown; statementRange: unknown };
    assert.equal(data.provider, P);
    assert.equal(data.key, SUB);
    assert.ok(data.conditionRange && data.statementRange);
    await expectCode(irsa(undefined, `"«${FED}»"`), 'IRSA_MISSING_SUB');
    await expectNo(standard(), 'IRSA_MISSING_SUB');
  });
  test('IRSA_MISSING_SUB stays silent where the statement is not a broad trust', async () => {
    // Deny, another action (the principals family's), a misspelled :sub (the conditions family's),
    // another provider's key that locks every token out (IRSA_PROVIDER_MISMATCH), a statement being typed.
    await expectNo(policy(webIdentity(`"${FED}"`, undefined, 'Deny')), 'IRSA_MISSING_SUB');
    await expectNo(policy(statement(`{"Federated": "${FED}"}`, '"sts:AssumeRole"')), 'IRSA_MISSING_SUB');
    await expectNo(irsa(`{"StringEquals": {"${P}:sbu": "${SA}", "${AUD}": "sts.amazonaws.com"}}`), 'IRSA_MISSING_SUB');
    await expectNo(irsa(`{"StringEquals": {"${P2}:sub": "${SA}"}}`), 'IRSA_MISSING_SUB');
    await expectNo(irsa(`{"StringEquals": {"${AUD}": "sts.amazonaws.com", }}`), 'IRSA_MISSING_SUB');
  });
  test('IRSA_MISSING_AUD: information, on the Federated provider', async () => {
    const [d] = await expectCode(irsa(`{"StringEquals": {"${SUB}": "${SA}"}}`, `"«${FED}»"`), 'IRSA_MISSING_AUD');
    assert.equal(d.severity, DiagnosticSeverity.Information);
    const { provider, key, value } = d.data as Record<string, unknown>;
    assert.deepEqual({ provider, key, value }, { provider: P, key: AUD, value: 'sts.amazonaws.com' });
    await expectNo(standard(), 'IRSA_MISSING_AUD');
  });
  test('MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL: another OIDC provider without a subject condition', async () => {
    const github = `arn:aws:iam::111122223333:oidc-provider/${GITHUB}`;
    const [d] = await expectCode(
      policy(webIdentity(`"«${github}»"`, `{"StringEquals": {"${GITHUB}:aud": "sts.amazonaws.com"}}`)),
      'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
    );
    assert.match(String(d.message), /any workflow of any GitHub repository/);
    await expectNo(
      policy(
        webIdentity(`"${github}"`, `{"StringEquals": {"${GITHUB}:aud": "sts.amazonaws.com"}, "StringLike": {"${GITHUB}:sub": "repo:octo-org/octo-repo:*"}}`),
      ),
      'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
    );
    // Cognito scopes with :aud (the identity pool), not :sub.
    await expectCode(policy(webIdentity('"«cognito-identity.amazonaws.com»"')), 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL');
    await expectNo(
      policy(
        webIdentity(
          '"cognito-identity.amazonaws.com"',
          '{"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-1234-1234-1234-123456789012"}}',
        ),
      ),
      'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
    );
    // Google's audience is the app's own client ID, also through an IAM OIDC provider.
    await expectNo(
      policy(
        webIdentity(
          '"arn:aws:iam::111122223333:oidc-provider/accounts.google.com"',
          '{"StringEquals": {"accounts.google.com:aud": "1234567890-abc.apps.googleusercontent.com"}}',
        ),
      ),
      'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
    );
  });
  test('an EKS provider gets IRSA_MISSING_SUB, never MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL too', async () => {
    assert.deepEqual(await sectionCodes(irsa()), ['IRSA_MISSING_SUB', 'IRSA_MISSING_AUD']);
  });
});

describe('the :aud value', () => {
  test('IRSA_AUD_VALUE: misspellings of sts.amazonaws.com, on the value, with the fix', async () => {
    for (const wrong of ['sts.amazonaws.com.cn', 'https://sts.amazonaws.com', 'sts.amazonaws.com/', 'sts.us-west-2.amazonaws.com', 'STS.amazonaws.com']) {
      const [d] = await expectCode(irsa(`{"StringEquals": {"${SUB}": "${SA}", "${AUD}": "«${wrong}»"}}`), 'IRSA_AUD_VALUE');
      assert.deepEqual(d.data, { replacements: ['sts.amazonaws.com'] }, wrong);
    }
    await expectNo(standard(), 'IRSA_AUD_VALUE');
  });
  test('a custom audience (set by eks.amazonaws.com/audience) and another case under IgnoreCase are fine', async () => {
    await expectNo(standard(SA, 'my-audience'), 'IRSA_AUD_VALUE');
    await expectNo(irsa(`{"StringEqualsIgnoreCase": {"${AUD}": "STS.amazonaws.com"}, "StringEquals": {"${SUB}": "${SA}"}}`), 'IRSA_AUD_VALUE');
  });
});

describe('the :sub value', () => {
  test('IRSA_SUB_FORMAT: not system:serviceaccount:<namespace>:<name>, with the likely fix', async () => {
    const cases: [string, string | undefined][] = [
      ['system:serviceaccounts:team-a:app', SA],
      ['serviceaccount:team-a:app', SA],
      ['team-a:app', SA],
      ['system:serviceaccount:Team-A:app', SA],
      ['system:serviceaccount:team-a/app', SA],
      ['system:serviceaccount:app', undefined],
      ['system:serviceaccount:team-a:app:extra', undefined],
      ['system:serviceaccount::app', undefined],
      ['system:serviceaccount:team_a:app', undefined],
    ];
    for (const [wrong, fix] of cases) {
      const [d] = await expectCode(standard(`«${wrong}»`), 'IRSA_SUB_FORMAT');
      assert.deepEqual(d.data, fix ? { replacements: [fix] } : undefined, wrong);
    }
    await expectNo(standard(), 'IRSA_SUB_FORMAT');
    await expectNo(standard('system:serviceaccount:kube-system:aws-load-balancer-controller.v2'), 'IRSA_SUB_FORMAT');
  });
  test('StringLike patterns of the right shape pass; a variable is not judged', async () => {
    for (const pattern of [
      'system:serviceaccount:team-a:app-*',
      'system:serviceaccount:team-?:app',
      'system:serviceaccount:team-a:*',
      'system:serviceaccount:*',
    ]) {
      await expectNo(irsa(`{"StringLike": {"${SUB}": "${pattern}"}, "StringEquals": {"${AUD}": "sts.amazonaws.com"}}`), 'IRSA_SUB_FORMAT');
    }
    await expectCode(irsa(`{"StringLike": {"${SUB}": "«system:serviceaccounts:*»"}}`), 'IRSA_SUB_FORMAT');
    await expectCode(irsa(`{"StringLike": {"${SUB}": "«system:serviceaccount:Team-*:app»"}}`), 'IRSA_SUB_FORMAT');
    await expectNo(standard('system:serviceaccount:${aws:PrincipalTag/ns}:app'), 'IRSA_SUB_FORMAT');
    // A * under StringEquals is IRSA_WILDCARD_IN_STRINGEQUALS, not a format error.
    await expectNo(standard('system:serviceaccount:team-a:*'), 'IRSA_SUB_FORMAT');
  });
  test('IRSA_WILDCARD_IN_STRINGEQUALS: on the value, the operator key to replace in data; WILDCARD_WITHOUT_LIKE_OPERATOR stays silent', async () => {
    const source = irsa(`{"«StringEquals»": {"${SUB}": "«system:serviceaccount:team-a:*»", "${AUD}": "sts.amazonaws.com"}}`);
    const [d] = await expectCode(source.replace('«StringEquals»', 'StringEquals'), 'IRSA_WILDCARD_IN_STRINGEQUALS');
    assert.deepEqual(d.data, { replacements: ['StringLike'], range: markOf(source, 0) });
    await expectNo(standard('system:serviceaccount:team-a:*'), 'WILDCARD_WITHOUT_LIKE_OPERATOR');
    await expectNo(
      irsa(`{"StringLike": {"${SUB}": "system:serviceaccount:team-a:*"}, "StringEquals": {"${AUD}": "sts.amazonaws.com"}}`),
      'IRSA_WILDCARD_IN_STRINGEQUALS',
    );
    const [negated] = await expectCode(irsa(`{"StringNotEqualsIfExists": {"${SUB}": "«system:serviceaccount:team-?:app»"}}`), 'IRSA_WILDCARD_IN_STRINGEQUALS');
    assert.deepEqual((negated.data as { replacements: string[] }).replacements, ['StringNotLikeIfExists']);
  });
  test('IRSA_BROAD_SUB_PATTERN: every ServiceAccount of the cluster or of a namespace', async () => {
    for (const [pattern, scope] of [
      ['system:serviceaccount:*', /every namespace of the cluster/],
      ['system:serviceaccount:*:*', /every namespace of the cluster/],
      ['*', /every namespace of the cluster/],
      ['system:serviceaccount:team-a:*', /namespace "team-a"/],
      ['system:serviceaccount:team-*:*', /every namespace matching "team-\*"/],
    ] as const) {
      const [d] = await expectCode(
        irsa(`{"StringLike": {"${SUB}": "«${pattern}»"}, "StringEquals": {"${AUD}": "sts.amazonaws.com"}}`),
        'IRSA_BROAD_SUB_PATTERN',
      );
      assert.match(String(d.message), scope);
      assert.equal(d.severity, DiagnosticSeverity.Warning);
    }
    await expectNo(
      irsa(`{"StringLike": {"${SUB}": "system:serviceaccount:team-a:app-*"}, "StringEquals": {"${AUD}": "sts.amazonaws.com"}}`),
      'IRSA_BROAD_SUB_PATTERN',
    );
    await expectNo(irsa(`{"StringNotLike": {"${SUB}": "system:serviceaccount:kube-system:*"}, "StringEquals": {"${SUB}": "${SA}"}}`), 'IRSA_BROAD_SUB_PATTERN');
    await expectNo(policy(webIdentity(`"${FED}"`, `{"StringLike": {"${SUB}": "system:serviceaccount:*"}}`, 'Deny')), 'IRSA_BROAD_SUB_PATTERN');
  });
  test('IRSA_STRINGLIKE_WITHOUT_WILDCARD: on the :sub key; the fix only when the block has no other pattern', async () => {
    const source = irsa(`{"«StringLike»": {"«${SUB}»": "${SA}", "${AUD}": "sts.amazonaws.com"}}`);
    const [d] = await expectCode(source.replace('«StringLike»', 'StringLike'), 'IRSA_STRINGLIKE_WITHOUT_WILDCARD');
    assert.equal(d.severity, DiagnosticSeverity.Information);
    assert.deepEqual(d.data, { replacements: ['StringEquals'], range: markOf(source, 0) });
    const [mixed] = await expectCode(irsa(`{"StringLike": {"«${SUB}»": "${SA}", "${AUD}": "sts.*"}}`), 'IRSA_STRINGLIKE_WITHOUT_WILDCARD');
    assert.equal(mixed.data, undefined);
    await expectNo(standard(), 'IRSA_STRINGLIKE_WITHOUT_WILDCARD');
    await expectNo(irsa(`{"StringLike": {"${SUB}": "system:serviceaccount:team-a:app-*"}}`), 'IRSA_STRINGLIKE_WITHOUT_WILDCARD');
  });
  test('IRSA_FORALLVALUES_SUB: on the :sub key, the plain operator as the fix', async () => {
    const source = irsa(`{"«ForAllValues:StringEquals»": {"«${SUB}»": "${SA}", "${AUD}": "sts.amazonaws.com"}}`);
    const [d] = await expectCode(source.replace('«ForAllValues:StringEquals»', 'ForAllValues:StringEquals'), 'IRSA_FORALLVALUES_SUB');
    assert.deepEqual(d.data, { replacements: ['StringEquals'], range: markOf(source, 0) });
    await expectCode(irsa(`{"ForAnyValue:StringLike": {"«${SUB}»": "system:serviceaccount:team-a:app-*"}}`), 'IRSA_FORALLVALUES_SUB');
    await expectNo(standard(), 'IRSA_FORALLVALUES_SUB');
  });
});

describe('providers', () => {
  test('IRSA_PROVIDER_MISMATCH: a key on another region or cluster ID, on the key, the trusted key as the fix', async () => {
    const [d] = await expectCode(irsa(`{"StringEquals": {"«${P2}:sub»": "${SA}", "${AUD}": "sts.amazonaws.com"}}`), 'IRSA_PROVIDER_MISMATCH');
    assert.match(String(d.message), /another region: us-west-2, not us-east-1/);
    assert.deepEqual(d.data, { replacements: [SUB] });
    const otherId = P.replace('EXAMPLED539', 'EXAMPLEE539');
    const [id] = await expectCode(irsa(`{"StringEquals": {"${SUB}": "${SA}", "«${otherId}:aud»": "sts.amazonaws.com"}}`), 'IRSA_PROVIDER_MISMATCH');
    assert.match(String(id.message), /another cluster ID/);
    await expectNo(standard(), 'IRSA_PROVIDER_MISMATCH');
  });
  test('IRSA_PROVIDER_FORMAT: the provider part of the Federated ARN', async () => {
    const arn = (provider: string, partition = 'aws') => `arn:${partition}:iam::111122223333:oidc-provider/${provider}`;
    const id = 'EXAMPLED539D4633E53DE1B71EXAMPLE';
    const cases: [string, string | undefined][] = [
      [`arn:aws:iam::111122223333:oidc-provider/«oidc-eks.us-east-1.amazonaws.com/id/${id}»`, P],
      [`arn:aws:iam::111122223333:oidc-provider/«oidc.eks.us-east-1.amazonaws.com/${id}»`, P],
      [`arn:aws:iam::111122223333:oidc-provider/«oidc.eks.us-east-1.amazonaws.com/id/${id}/»`, P],
      [`arn:aws:iam::111122223333:oidc-provider/oidc.eks.«us-esat-1».amazonaws.com/id/${id}`, 'us-east-1'],
      [`arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.«amazonaws.com.cn»/id/${id}`, 'amazonaws.com'],
      [`arn:aws-cn:iam::111122223333:oidc-provider/oidc.eks.cn-north-1.«amazonaws.com»/id/${id}`, 'amazonaws.com.cn'],
      [`arn:«aws»:iam::111122223333:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/${id}`, 'aws-cn'],
    ];
    for (const [federated, fix] of cases) {
      const [d] = await expectCode(irsa(`{"StringEquals": {"${SUB}": "${SA}"}}`, `"${federated}"`), 'IRSA_PROVIDER_FORMAT');
      assert.equal(d.severity, DiagnosticSeverity.Error, federated);
      assert.deepEqual(d.data, fix ? { replacements: [fix] } : undefined, federated);
    }
    // Beside a malformed provider the well-formed keys may be the right ones: no IRSA_PROVIDER_MISMATCH.
    await expectNo(irsa(`{"StringEquals": {"${SUB}": "${SA}"}}`, `"${arn(`oidc-eks.us-east-1.amazonaws.com/id/${id}`)}"`), 'IRSA_PROVIDER_MISMATCH');
    for (const good of [
      arn(P),
      arn(`oidc.eks.cn-northwest-1.amazonaws.com.cn/id/${id}`, 'aws-cn'),
      arn(`oidc.eks.us-gov-west-1.amazonaws.com/id/${id}`, 'aws-us-gov'),
      arn(`oidc.eks.us-iso-east-1.c2s.ic.gov/id/${id}`, 'aws-iso'),
    ]) {
      await expectNo(irsa(`{"StringEquals": {"${SUB}": "${SA}"}}`, `"${good}"`), 'IRSA_PROVIDER_FORMAT');
    }
  });
  test('IRSA_PROVIDER_FORMAT: an ID that is not 32 upper-case characters is only a warning (unconfirmed rule)', async () => {
    const [d] = await expectCode(
      irsa(undefined, `"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/«5c3d4f5a6b7c8d9e0f1a2b3c4d5e6f70»"`),
      'IRSA_PROVIDER_FORMAT',
    );
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(d.data, { replacements: ['5C3D4F5A6B7C8D9E0F1A2B3C4D5E6F70'] });
    await expectCode(irsa(undefined, `"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/«ABC123»"`), 'IRSA_PROVIDER_FORMAT');
  });
  test("https:// in the Federated ARN is the principals family's; in a condition key it is IRSA_PROVIDER_FORMAT", async () => {
    const federated = `arn:aws:iam::111122223333:oidc-provider/https://${P}`;
    await expectNo(irsa(`{"StringEquals": {"${SUB}": "${SA}", "${AUD}": "sts.amazonaws.com"}}`, `"${federated}"`), 'IRSA_PROVIDER_FORMAT');
    await expectCode(irsa(`{"StringEquals": {"${SUB}": "${SA}"}}`, `"«${federated}»"`), 'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY');
    const [d] = await expectCode(irsa(`{"StringEquals": {"«https://${SUB}»": "${SA}", "${AUD}": "sts.amazonaws.com"}}`), 'IRSA_PROVIDER_FORMAT');
    assert.deepEqual(d.data, { replacements: [SUB] });
    await expectNo(irsa(`{"StringEquals": {"https://${SUB}": "${SA}", "${AUD}": "sts.amazonaws.com"}}`), 'IRSA_PROVIDER_MISMATCH');
  });
  test("IRSA_MULTI_PROVIDER_STATEMENT: two providers' keys in one statement, on the second provider's keys", async () => {
    const both = `["${FED}", "${FED2}"]`;
    const [d] = await expectCode(irsa(`{"StringEquals": {"${SUB}": "${SA}", "«${P2}:sub»": "${SA}"}}`, both), 'IRSA_MULTI_PROVIDER_STATEMENT');
    assert.deepEqual(d.data, { providers: [P, P2] });
    // One statement per provider is the fix; IfExists keys do not require the claim.
    await expectNo(
      policy(webIdentity(`"${FED}"`, `{"StringEquals": {"${SUB}": "${SA}"}}`), webIdentity(`"${FED2}"`, `{"StringEquals": {"${P2}:sub": "${SA}"}}`)),
      'IRSA_MULTI_PROVIDER_STATEMENT',
    );
    await expectNo(irsa(`{"StringEqualsIfExists": {"${SUB}": "${SA}", "${P2}:sub": "${SA}"}}`, both), 'IRSA_MULTI_PROVIDER_STATEMENT');
  });
});

describe('EKS Pod Identity', () => {
  test('PODID_MISSING_TAGSESSION: on the Action value, with the completed Action in data', async () => {
    const [d] = await expectCode(pods('"«sts:AssumeRole»"', NAMESPACE_SCOPE), 'PODID_MISSING_TAGSESSION');
    const whole = markOf(pods('«"sts:AssumeRole"»', NAMESPACE_SCOPE));
    assert.deepEqual(d.data, { replacements: ['["sts:AssumeRole", "sts:TagSession"]'], range: whole, missing: ['sts:TagSession'] });
    await expectCode(pods('«["sts:AssumeRole"]»', NAMESPACE_SCOPE), 'PODID_MISSING_TAGSESSION');
    await expectNo(pods('["sts:AssumeRole", "sts:TagSession"]', NAMESPACE_SCOPE), 'PODID_MISSING_TAGSESSION');
    await expectNo(pods('"sts:*"', NAMESPACE_SCOPE), 'PODID_MISSING_TAGSESSION');
  });
  test('PODID_MISSING_TAGSESSION: the actions may be split between statements', async () => {
    const principal = '{"Service": "pods.eks.amazonaws.com"}';
    await expectNo(policy(statement(principal, '"sts:AssumeRole"', NAMESPACE_SCOPE), statement(principal, '"sts:TagSession"')), 'PODID_MISSING_TAGSESSION');
  });
  test('a misspelled sts: action keeps the document a trust policy: INVALID_ACTION with its did-you-mean, and nothing else on the typo', async () => {
    const text = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRol3","sts:TagSession"]}]}`;
    const diagnostics = await validate(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message]),
      [
        ['INVALID_ACTION', '"AssumeRol3" is not an action of AWS Security Token Service (sts); did you mean "sts:AssumeRole"?'],
        // The Pod Identity checks run: it is a trust policy, not a resource policy without a Resource.
        [
          'PODID_UNSCOPED',
          'Any Pod Identity association in the account can use this role, for any cluster, namespace and ServiceAccount. To narrow it, add a condition on the session tags EKS sets, such as "StringEquals": {"aws:RequestTag/kubernetes-namespace": "<namespace>"} (or aws:RequestTag/eks-cluster-arn, aws:SourceAccount)',
        ],
      ],
    );
    // Statements of sts: actions alone are a trust's too, and a really missing action is still said.
    await expectCode(pods('«["sts:TagSesion"]»', NAMESPACE_SCOPE), 'PODID_MISSING_TAGSESSION');
    await expectNo(pods('["sts:TagSesion"]', NAMESPACE_SCOPE), 'MISSING_RESOURCE');
    // A bucket policy stays a resource policy.
    const bucket = policy(statement('{"AWS": "arn:aws:iam::111122223333:root"}', '"s3:GetObject"'));
    assert.ok((await validate(bucket)).some((d) => d.code === 'MISSING_RESOURCE'));
  });
  test('PODID_UNSCOPED: on the pods.eks.amazonaws.com principal', async () => {
    const [d] = await expectCode(policy(statement('{"Service": "«pods.eks.amazonaws.com»"}', '["sts:AssumeRole", "sts:TagSession"]')), 'PODID_UNSCOPED');
    assert.equal(d.severity, DiagnosticSeverity.Information);
    for (const scope of [
      NAMESPACE_SCOPE,
      '{"StringEquals": {"aws:SourceAccount": "111122223333"}}',
      '{"ArnEquals": {"aws:RequestTag/eks-cluster-arn": "arn:aws:eks:us-east-1:111122223333:cluster/prod"}}',
    ]) {
      await expectNo(pods('["sts:AssumeRole", "sts:TagSession"]', scope), 'PODID_UNSCOPED');
    }
    await expectNo(policy(statement('{"Service": "ec2.amazonaws.com"}', '"sts:AssumeRole"')), 'PODID_UNSCOPED');
  });
});
