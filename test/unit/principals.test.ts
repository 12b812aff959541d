import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PolicyKind } from '../../server/src/service/parse/policyKind';
import { pinned, policy } from '../support/fixtures';
import { seen, validate } from '../support/service';

/** Section E: other families report on the same fixtures, so only these codes are compared. */
const OWN = new Set([
  'INVALID_PRINCIPAL_KEY',
  'INVALID_PRINCIPAL_FORMAT',
  'INVALID_SERVICE_PRINCIPAL_FORMAT',
  'UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
  'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
  'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL',
  'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE',
  'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY',
  'MISMATCHED_ACTION_FOR_PRINCIPAL',
  'ALLOW_WITH_NOTPRINCIPAL',
  'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY',
]);

/** Asserts that the marked ranges carry exactly `code` and that no other section E code is reported. */
async function expectCode(source: string, code: string, kind?: PolicyKind): Promise<void> {
  const { actual, expected } = await seen(source, 'json', pinned(kind));
  assert.deepEqual(
    actual.filter((a) => OWN.has(a.code)),
    expected.map((r) => ({ code, ...r })),
  );
}

async function expectNone(text: string, kind?: PolicyKind): Promise<void> {
  const { actual } = await seen(text, 'json', pinned(kind));
  assert.deepEqual(
    actual.filter((a) => OWN.has(a.code)),
    [],
  );
}

async function only(text: string, kind?: PolicyKind) {
  return (await validate(text, 'json', pinned(kind))).filter((d) => OWN.has(String(d.code)));
}

/** A trust statement (inferred as trust: a principal and sts:AssumeRole). */
const trust = (principal: string, action = '"sts:AssumeRole"', extra = '') =>
  policy(`{"Effect": "Allow", "Principal": ${principal}, "Action": ${action}${extra}}`);

/** A bucket policy statement (inferred as resource: a principal and no assume action). */
const bucket = (principal: string, element = 'Principal', effect = 'Allow') =>
  policy(`{"Effect": "${effect}", "${element}": ${principal}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}`);

describe('INVALID_PRINCIPAL_KEY', () => {
  test('a misspelled principal type, on the key, with the fix', async () => {
    await expectCode(trust(`{«"Services"»: "ec2.amazonaws.com"}`), 'INVALID_PRINCIPAL_KEY');
    const [d] = await only(trust(`{"Services": "ec2.amazonaws.com"}`));
    assert.match(String(d.message), /"Services" is not a principal type.*did you mean "Service"\?/);
    assert.deepEqual((d.data as { replacements: string[] }).replacements, ['Service']);
  });
  test('case matters: aws is not AWS', async () => {
    await expectCode(bucket(`{«"aws"»: "123456789012"}`), 'INVALID_PRINCIPAL_KEY');
  });
  test('the four principal types are valid', async () => {
    await expectNone(
      bucket(
        `{"AWS": "123456789012", "Service": "cloudfront.amazonaws.com", "Federated": "accounts.google.com", "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}`,
      ),
    );
  });
});

describe('INVALID_PRINCIPAL_FORMAT', () => {
  test('an account id that is not 12 digits', async () => {
    await expectCode(bucket(`{"AWS": "«12345678901»"}`), 'INVALID_PRINCIPAL_FORMAT');
  });
  test('an ARN that is no principal: a group, a bucket, a bad partition', async () => {
    await expectCode(
      bucket(`{"AWS": ["«arn:aws:iam::123456789012:group/admins»", "«arn:aws:s3:::example-bucket»", "«arn:amazon:iam::123456789012:root»"]}`),
      'INVALID_PRINCIPAL_FORMAT',
    );
  });
  test('a role name alone', async () => {
    await expectCode(trust(`{"AWS": "«MyRole»"}`), 'INVALID_PRINCIPAL_FORMAT');
    const [d] = await only(trust(`{"AWS": "MyRole"}`));
    assert.match(String(d.message), /"MyRole" is not an account id or an ARN.*arn:aws:iam::123456789012:role\/Name/);
  });
  test('a canonical user id that is not 64 hex characters', async () => {
    await expectCode(bucket(`{"CanonicalUser": "«79a59df900b949e55d96a1e698fbaced»"}`), 'INVALID_PRINCIPAL_FORMAT');
  });
  test('accounts, roots, users, roles with paths, sessions, federated users, unique ids and "*" are valid', async () => {
    const values = [
      '*',
      '123456789012',
      'arn:aws:iam::123456789012:root',
      'arn:aws:iam::123456789012:user/division/alice',
      'arn:aws-cn:iam::123456789012:role/service-role/app',
      'arn:aws-us-gov:iam::123456789012:role/app',
      'arn:aws:sts::123456789012:assumed-role/app/session-1',
      'arn:aws:sts::123456789012:federated-user/bob',
      'AROAJQABLZS4A3QDU576Q',
      'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2EXAMPLE',
    ];
    await expectNone(bucket(`{"AWS": ${JSON.stringify(values)}}`));
  });
});

describe('INVALID_SERVICE_PRINCIPAL_FORMAT', () => {
  test('a bare service name, with the host name as the fix', async () => {
    await expectCode(trust(`{"Service": "«ec2»"}`), 'INVALID_SERVICE_PRINCIPAL_FORMAT');
    const [d] = await only(trust(`{"Service": "ec2"}`));
    assert.match(String(d.message), /did you mean "ec2\.amazonaws\.com"\?/);
    assert.deepEqual(d.data, { replacements: ['ec2.amazonaws.com'] });
  });
  test('a URL and an ARN', async () => {
    await expectCode(trust(`{"Service": ["«https://lambda.amazonaws.com/»", "«arn:aws:iam::123456789012:role/x»"]}`), 'INVALID_SERVICE_PRINCIPAL_FORMAT');
    const [d] = await only(trust(`{"Service": "https://lambda.amazonaws.com/"}`));
    assert.deepEqual(d.data, { replacements: ['lambda.amazonaws.com'] });
  });
  test('service host names of every shape are valid', async () => {
    await expectNone(trust(`{"Service": ["ec2.amazonaws.com", "pods.eks.amazonaws.com", "ec2.amazonaws.com.cn", "states.us-east-1.amazonaws.com"]}`));
  });
});

describe('UNSUPPORTED_WILDCARD_IN_PRINCIPAL', () => {
  test('partial wildcards in a resource policy', async () => {
    await expectCode(bucket(`{"AWS": ["«arn:aws:iam::*:role/x»", "«arn:aws:iam::123456789012:role/dev-*»"]}`), 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL');
  });
  test('the message offers aws:PrincipalArn instead', async () => {
    const [d] = await only(bucket(`{"AWS": "arn:aws:iam::123456789012:role/dev-*"}`));
    assert.match(String(d.message), /"ArnLike": \{"aws:PrincipalArn": "arn:aws:iam::123456789012:role\/dev-\*"\}/);
  });
  test('"*" alone is valid', async () => {
    await expectNone(bucket(`{"AWS": "*"}`));
    await expectNone(bucket(`"*"`));
  });
});

describe('ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', () => {
  test('partial wildcards in a trust policy', async () => {
    await expectCode(
      trust(`{"AWS": "«arn:aws:iam::123456789012:role/dev-*»", "Service": "«*.amazonaws.com»"}`),
      'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
    );
  });
  test('a full role ARN is valid', async () => {
    await expectNone(trust(`{"AWS": "arn:aws:iam::123456789012:role/dev-app"}`));
  });
});

describe('ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', () => {
  test('NotPrincipal in a trust policy, on the key', async () => {
    await expectCode(
      policy(`{"Effect": "Allow", «"NotPrincipal"»: {"AWS": "arn:aws:iam::123456789012:role/x"}, "Action": "sts:AssumeRole"}`),
      'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL',
    );
  });
  test('Principal is valid', async () => {
    await expectNone(trust(`{"AWS": "arn:aws:iam::123456789012:role/x"}`));
  });
});

describe('ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', () => {
  test('Resource or NotResource in a trust policy, on the key', async () => {
    await expectCode(trust(`{"Service": "ec2.amazonaws.com"}`, '"sts:AssumeRole"', `, «"Resource"»: "*"`), 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE');
    await expectCode(
      trust(`{"Service": "ec2.amazonaws.com"}`, '"sts:AssumeRole"', `, «"NotResource"»: "arn:aws:iam::123456789012:role/x"`),
      'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE',
    );
  });
  test('a pinned trust policy is checked too; a resource policy keeps its Resource', async () => {
    await expectCode(bucket(`{"AWS": "123456789012"}`).replace('"Resource"', '«"Resource"»'), 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', 'trust');
    await expectNone(bucket(`{"AWS": "123456789012"}`));
  });
});

describe('INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY', () => {
  const web = '"sts:AssumeRoleWithWebIdentity"';
  test('an OIDC provider ARN with https://, with the fix', async () => {
    const arn = 'arn:aws:iam::123456789012:oidc-provider/https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
    await expectCode(trust(`{"Federated": "«${arn}»"}`, web), 'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY');
    const [d] = await only(trust(`{"Federated": "${arn}"}`, web));
    assert.deepEqual(d.data, { replacements: [arn.replace('https://', '')] });
  });
  test('a misspelled identity provider domain, a role ARN, a bare URL', async () => {
    await expectCode(
      trust(`{"Federated": ["«accounts.gogle.com»", "«arn:aws:iam::123456789012:role/x»", "«oidc.eks.us-east-1.amazonaws.com/id/ABC»"]}`, web),
      'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY',
    );
    const [d] = await only(trust(`{"Federated": "accounts.gogle.com"}`, web));
    assert.match(String(d.message), /did you mean "accounts\.google\.com"\?/);
  });
  test('OIDC and SAML provider ARNs and known identity providers are valid', async () => {
    await expectNone(
      trust(`{"Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"}`, web),
    );
    await expectNone(trust(`{"Federated": "arn:aws-cn:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}`, web));
    await expectNone(trust(`{"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"}`, '"sts:AssumeRoleWithSAML"'));
    await expectNone(trust(`{"Federated": ["cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"]}`, web));
  });
});

describe('MISMATCHED_ACTION_FOR_PRINCIPAL', () => {
  const oidc = `{"Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"}`;
  const saml = `{"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"}`;
  test('an OIDC provider with sts:AssumeRole, with the fix', async () => {
    await expectCode(trust(oidc, `["«sts:AssumeRole»", "sts:TagSession"]`), 'MISMATCHED_ACTION_FOR_PRINCIPAL');
    const [d] = await only(trust(oidc, '"sts:AssumeRole"'));
    assert.match(String(d.message), /OIDC identity provider.*sts:AssumeRoleWithWebIdentity/);
    assert.deepEqual(d.data, { replacements: ['sts:AssumeRoleWithWebIdentity'] });
  });
  test('a SAML provider with the web identity action', async () => {
    await expectCode(trust(saml, `"«sts:AssumeRoleWithWebIdentity»"`), 'MISMATCHED_ACTION_FOR_PRINCIPAL');
  });
  test('a service or an account with a federation action, a wildcard of federation actions too', async () => {
    await expectCode(trust(`{"Service": "ec2.amazonaws.com"}`, `"«sts:AssumeRoleWithWebIdentity»"`), 'MISMATCHED_ACTION_FOR_PRINCIPAL');
    await expectCode(trust(`{"AWS": "123456789012"}`, `["sts:AssumeRole", "«sts:AssumeRoleWith*»"]`), 'MISMATCHED_ACTION_FOR_PRINCIPAL');
  });
  test('each principal with its own action, with TagSession and SetSourceIdentity, is valid', async () => {
    await expectNone(trust(oidc, `["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]`));
    await expectNone(trust(saml, `["sts:AssumeRoleWithSAML", "sts:TagSession", "sts:SetSourceIdentity"]`));
    await expectNone(trust(`{"Service": "pods.eks.amazonaws.com"}`, `["sts:AssumeRole", "sts:TagSession"]`));
    await expectNone(trust(`{"AWS": "arn:aws:iam::123456789012:root"}`, `"sts:AssumeRole"`));
    await expectNone(trust(oidc, `"sts:*"`));
  });
  test('a statement with principals of several types is left alone', async () => {
    await expectNone(
      trust(`{"AWS": "123456789012", "Federated": "arn:aws:iam::123456789012:saml-provider/Okta"}`, `["sts:AssumeRole", "sts:AssumeRoleWithSAML"]`),
    );
  });
});

describe('ALLOW_WITH_NOTPRINCIPAL', () => {
  test('Allow with NotPrincipal in a resource policy, on the key', async () => {
    await expectCode(
      bucket(`{"AWS": "arn:aws:iam::123456789012:role/x"}`, 'NotPrincipal').replace('"NotPrincipal"', '«"NotPrincipal"»'),
      'ALLOW_WITH_NOTPRINCIPAL',
    );
  });
  test('Deny with NotPrincipal is the documented use', async () => {
    await expectNone(bucket(`{"AWS": "arn:aws:iam::123456789012:role/x"}`, 'NotPrincipal', 'Deny'));
  });
});

describe('REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY', () => {
  test('the same value twice, with the deletion range', async () => {
    const text = trust(`{"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com", "«ec2.amazonaws.com»"]}`);
    await expectCode(text, 'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY');
    const plain = text.replace(/[«»]/g, '');
    const [d] = await only(plain);
    const { range } = d.data as { replacements: string[]; range: { start: number; end: number } };
    assert.equal(plain.slice(0, range.start) + plain.slice(range.end), plain.replace(', "ec2.amazonaws.com"]', ']'));
  });
  test('an account id and its root ARN', async () => {
    await expectCode(trust(`{"AWS": ["arn:aws:iam::123456789012:root", "«123456789012»"]}`), 'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY');
  });
  test('different principals are valid', async () => {
    await expectNone(trust(`{"AWS": ["123456789012", "arn:aws:iam::210987654321:root"], "Service": "ec2.amazonaws.com"}`));
  });
});

describe('identity policies', () => {
  test('principals there are UNSUPPORTED_PRINCIPAL, reported by another family: nothing from section E', async () => {
    await expectNone(trust(`{"aws": "MyRole", "Service": "ec2"}`, '"sts:AssumeRole"', ', "Resource": "*"'), 'identity');
  });
});
