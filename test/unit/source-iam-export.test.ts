import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT, at, PROVIDER, serviceAccount, trustDocument } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

interface RoleOptions {
  name?: string;
  path?: string;
  account?: string;
  sub?: string;
  /** The API's form: the trust document URL-encoded in a string. */
  encoded?: boolean;
}

function role(options: RoleOptions = {}) {
  const name = options.name ?? 'AppRole';
  const path = options.path ?? '/';
  const document = trustDocument(options.sub);
  return {
    Path: path,
    RoleName: name,
    RoleId: 'AROAEXAMPLEID',
    Arn: `arn:aws:iam::${options.account ?? ACCOUNT}:role${path}${name}`,
    CreateDate: '2024-01-01T00:00:00+00:00',
    AssumeRolePolicyDocument: options.encoded ? encodeURIComponent(JSON.stringify(document)) : document,
    MaxSessionDuration: 3600,
  };
}

const getRole = (options: RoleOptions = {}) => JSON.stringify({ Role: role(options) }, null, 4);

const identityDocument = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

function authorizationDetails(options: { action?: string; managedAction?: string; oldAction?: string; userAction?: string } = {}): string {
  return JSON.stringify(
    {
      UserDetailList: [
        {
          Path: '/',
          UserName: 'alice',
          Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
          UserPolicyList: [{ PolicyName: 'AliceInline', PolicyDocument: identityDocument(options.userAction ?? 's3:ListBucket') }],
          GroupList: ['devs'],
          AttachedManagedPolicies: [],
        },
      ],
      GroupDetailList: [],
      RoleDetailList: [
        {
          ...role({ path: '/team/' }),
          InstanceProfileList: [],
          RolePolicyList: [{ PolicyName: 'AppInline', PolicyDocument: identityDocument(options.action ?? 's3:GetObject') }],
          AttachedManagedPolicies: [
            { PolicyName: 'AppManaged', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/AppManaged` },
            { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
          ],
          Tags: [],
        },
        role({ name: 'OtherRole', sub: 'system:serviceaccount:other:worker' }),
      ],
      Policies: [
        {
          PolicyName: 'AppManaged',
          Arn: `arn:aws:iam::${ACCOUNT}:policy/AppManaged`,
          DefaultVersionId: 'v2',
          PolicyVersionList: [
            { Document: identityDocument(options.oldAction ?? 's3:PutObject'), VersionId: 'v1', IsDefaultVersion: false },
            { Document: identityDocument(options.managedAction ?? 's3:PutObject'), VersionId: 'v2', IsDefaultVersion: true },
          ],
        },
        {
          PolicyName: 'ReadOnlyAccess',
          Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
          PolicyVersionList: [{ Document: identityDocument('s3:RetiredActionNobodyHas'), VersionId: 'v1', IsDefaultVersion: true }],
        },
      ],
    },
    null,
    4,
  );
}

function factsOf(ws: TestWorkspace, file: string) {
  const facts = ws.service.index.get(ws.uri(file))?.facts;
  assert.ok(facts, `${file} is not indexed`);
  return facts;
}

describe('IAM exports: the three shapes', () => {
  test('get-role: the role, its ARN account and path, its trust, go-to-definition on RoleName', async () => {
    const text = getRole({ path: '/team/' });
    const ws = await TestWorkspace.of({ 'exports/app-role.json': text });
    const { roles, trustPolicies } = factsOf(ws, 'exports/app-role.json');
    assert.equal(roles.length, 1);
    const [r] = roles;
    assert.equal(r.source, 'iam-export');
    assert.equal(r.name, 'AppRole');
    assert.equal(r.label, `arn:aws:iam::${ACCOUNT}:role/team/AppRole`);
    assert.equal(r.path, '/team/');
    assert.equal(r.account, ACCOUNT);
    assert.equal(text.slice(r.range.start, r.range.end), 'AppRole');
    assert.equal(text.slice(r.range.start - 13, r.range.start), '"RoleName": "');
    assert.equal(r.trust?.kind, 'embedded');
    assert.equal(trustPolicies.length, 1);
    const subjects = trustPolicies[0].statements[0].subjects;
    assert.deepEqual(
      subjects[0].values.map((v) => text.slice(v.range.start, v.range.end)),
      ['system:serviceaccount:team-a:app'],
    );
    assert.deepEqual(r.permissions, []);
    assert.equal(ws.service.analyze(ws.document('exports/app-role.json')).source, 'iam-export');
  });

  test('list-roles: every role of the list', async () => {
    const text = JSON.stringify({ Roles: [role(), role({ name: 'BatchRole', path: '/jobs/' })], IsTruncated: false }, null, 2);
    const ws = await TestWorkspace.of({ 'roles.json': text });
    const roles = factsOf(ws, 'roles.json').roles;
    assert.deepEqual(
      roles.map((r) => [r.name, r.path, r.account]),
      [
        ['AppRole', '/', ACCOUNT],
        ['BatchRole', '/jobs/', ACCOUNT],
      ],
    );
    assert.equal(factsOf(ws, 'roles.json').trustPolicies.length, 2);
  });

  test('get-account-authorization-details: roles with inline and managed permissions, policies for the engine', async () => {
    const text = authorizationDetails();
    const ws = await TestWorkspace.of({ 'account.json': text });
    const { roles, trustPolicies } = factsOf(ws, 'account.json');
    assert.deepEqual(
      roles.map((r) => [r.name, r.path]),
      [
        ['AppRole', '/team/'],
        ['OtherRole', '/'],
      ],
    );
    assert.deepEqual(
      roles[0].permissions.map((p) => [p.kind, p.label, text.slice(p.range.start, p.range.end)]),
      [
        ['inline', 'AppInline', 'AppInline'],
        ['managed', `arn:aws:iam::${ACCOUNT}:policy/AppManaged`, `arn:aws:iam::${ACCOUNT}:policy/AppManaged`],
        ['managed', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
      ],
    );
    assert.equal(trustPolicies.length, 2);
    const { policies } = ws.service.analyze(ws.document('account.json'));
    // Two trusts; the role's inline policy, alice's, and AppManaged's default version (not v1, not AWS's own).
    assert.deepEqual(policies.map((p) => p.kind).sort(), ['identity', 'identity', 'identity', 'trust', 'trust']);
    assert.deepEqual(ws.validate('account.json'), []);
  });

  test('a small policy in a large export is within its size quota', async () => {
    const ws = await TestWorkspace.of({ 'account.json': authorizationDetails() });
    assert.deepEqual(
      ws.validate('account.json').map((d) => d.code),
      [],
    );
  });

  test('only the default version of a customer managed policy is checked, and never an AWS managed one', async () => {
    const ws = await TestWorkspace.of({ 'account.json': authorizationDetails({ oldAction: 's3:GetObjct' }) });
    assert.deepEqual(ws.codes('account.json', 'INVALID_ACTION'), []);
    const text = authorizationDetails({ managedAction: 's3:GetObjct' });
    const current = await TestWorkspace.of({ 'account.json': text });
    assert.deepEqual(current.codes('account.json', 'INVALID_ACTION'), [at(text, 's3:GetObjct')]);
  });

  test('a user inline policy is checked too', async () => {
    const text = authorizationDetails({ userAction: 's3:ListBuckt' });
    const ws = await TestWorkspace.of({ 'account.json': text });
    assert.deepEqual(ws.codes('account.json', 'INVALID_ACTION'), [at(text, 's3:ListBuckt')]);
  });

  test('other JSON is not an export', async () => {
    for (const text of [
      '{"name": "app", "version": "1.0.0"}',
      '{"Role": "admin"}',
      '{"Role": {"RoleName": "AppRole"}}',
      '{"Roles": []}',
      '{"Roles": [{"Name": "x"}]}',
      '[1, 2]',
      '',
    ]) {
      const ws = await TestWorkspace.of({ 'other.json': text });
      assert.deepEqual(factsOf(ws, 'other.json').roles, [], text);
      assert.equal(ws.service.analyze(ws.document('other.json')).source, undefined, text);
      assert.deepEqual(ws.validate('other.json'), [], text);
    }
  });

  test('a policy file is a policy, not an export', async () => {
    const text = JSON.stringify({ ...trustDocument('system:serviceaccount:team-a:app'), Roles: [role()] });
    const ws = await TestWorkspace.of({ 'trust.json': text });
    assert.deepEqual(factsOf(ws, 'trust.json').roles, []);
    assert.equal(ws.service.parse(ws.document('trust.json')).kind, 'policy');
  });

  test('a file still being typed (syntax errors) does not throw, and keeps its roles', async () => {
    const text = getRole().replace('"MaxSessionDuration": 3600', '"MaxSessionDuration": ');
    const ws = await TestWorkspace.of({ 'role.json': text });
    assert.equal(factsOf(ws, 'role.json').roles.length, 1);
    ws.validate('role.json');
    const cut = await TestWorkspace.of({ 'role.json': getRole().slice(0, 200) });
    cut.validate('role.json');
  });
});

describe('IAM exports in the workspace checks', () => {
  test('a trust that does not admit the ServiceAccount: LINK_TRUST_DOES_NOT_ADMIT_SA on the annotation and on the :sub', async () => {
    const text = getRole({ sub: 'system:serviceaccount:default:app' });
    const ws = await TestWorkspace.of({ 'app-role.json': text, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
    const [d] = ws.validate('sa.yaml').filter((x) => x.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA');
    assert.match(String(d.message), /role "AppRole" \(workspace\/app-role\.json\) does not admit system:serviceaccount:team-a:app/);
    assert.ok(d.relatedInformation?.some((r) => r.location.uri.endsWith('/app-role.json')));
    assert.deepEqual(ws.codes('app-role.json', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(text, 'system:serviceaccount:default:app')]);

    const fixed = await TestWorkspace.of({ 'app-role.json': getRole(), 'sa.yaml': serviceAccount() });
    assert.deepEqual(fixed.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
    assert.deepEqual(fixed.codes('app-role.json', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
    assert.deepEqual(
      fixed.validate('sa.yaml').filter((x) => String(x.code).startsWith('LINK_')),
      [],
    );
  });

  test('in an account export too, with the role picked by name among the others', async () => {
    const ws = await TestWorkspace.of({
      'account.json': authorizationDetails(),
      'sa.yaml': serviceAccount({ namespace: 'team-b', arn: `arn:aws:iam::${ACCOUNT}:role/team/AppRole` }),
    });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
  });

  test("LINK_ACCOUNT_MISMATCH: the annotation names another account than the export's ARN", async () => {
    // The trust's OIDC provider is in the ARN's account; the export's own ARN decides.
    const ws = await TestWorkspace.of({ 'app-role.json': getRole({ account: '444455556666' }), 'sa.yaml': serviceAccount() });
    const [d] = ws.validate('sa.yaml').filter((x) => x.code === 'LINK_ACCOUNT_MISMATCH');
    assert.ok(d, 'LINK_ACCOUNT_MISMATCH expected');
    assert.equal(d.range.start.line, 6);
    assert.deepEqual((d.data as { replacements: string[] }).replacements, ['arn:aws:iam::444455556666:role/AppRole']);
    assert.doesNotMatch(String(d.message), /OIDC provider/);
    const same = await TestWorkspace.of({ 'app-role.json': getRole(), 'sa.yaml': serviceAccount() });
    assert.deepEqual(same.codes('sa.yaml', 'LINK_ACCOUNT_MISMATCH'), []);
  });

  test("LINK_ROLE_PATH_MISMATCH: the export's Path is the role's path", async () => {
    const ws = await TestWorkspace.of({ 'app-role.json': getRole({ path: '/team/' }), 'sa.yaml': serviceAccount() });
    const [d] = ws.validate('sa.yaml').filter((x) => x.code === 'LINK_ROLE_PATH_MISMATCH');
    assert.deepEqual((d.data as { replacements: string[] }).replacements, [`arn:aws:iam::${ACCOUNT}:role/team/AppRole`]);
  });

  test('a misspelled action in a RolePolicyList document: INVALID_ACTION at its line in the export', async () => {
    const text = authorizationDetails({ action: 's3:GetObjct' });
    const ws = await TestWorkspace.of({ 'account.json': text });
    const position = at(text, 's3:GetObjct');
    assert.deepEqual(ws.codes('account.json', 'INVALID_ACTION'), [position]);
    assert.ok(Number(position.split(':')[0]) > 30, 'deep in the export');
    const [d] = ws.validate('account.json').filter((x) => x.code === 'INVALID_ACTION');
    assert.equal(d.range.end.character - d.range.start.character, 's3:GetObjct'.length);
  });

  test('trust documents are checked as trust policies, in place', async () => {
    const text = getRole().replace('"sts:AssumeRoleWithWebIdentity"', '"sts:AssumeRoleWithWebIdentiti"');
    const ws = await TestWorkspace.of({ 'role.json': text });
    assert.deepEqual(ws.codes('role.json', 'INVALID_ACTION'), [at(text, 'sts:AssumeRoleWithWebIdentiti')]);
  });
});

describe('IAM exports: URL-encoded documents (the API form)', () => {
  test('the trust is decoded for its facts, every range on the string', async () => {
    const text = getRole({ encoded: true, sub: 'system:serviceaccount:default:app' });
    assert.match(text, /%22Statement%22/);
    const ws = await TestWorkspace.of({ 'app-role.json': text, 'sa.yaml': serviceAccount() });
    const [r] = factsOf(ws, 'app-role.json').roles;
    assert.equal(r.trust?.kind, 'embedded');
    const trust = r.trust?.kind === 'embedded' ? r.trust.policy : undefined;
    assert.ok(trust);
    const string = { start: text.indexOf('%7B'), end: text.indexOf('"', text.indexOf('%7B')) };
    assert.deepEqual(trust.range, string);
    const [statement] = trust.statements;
    assert.equal(statement.webIdentity, true);
    assert.deepEqual(
      statement.providers.map((p) => [p.host, p.account, p.range]),
      [[PROVIDER, ACCOUNT, string]],
    );
    assert.deepEqual(
      statement.subjects[0].values.map((v) => [v.value, v.range]),
      [['system:serviceaccount:default:app', string]],
    );
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
    assert.deepEqual(ws.codes('app-role.json', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(text, '%7B')]);
    // Not checked by the policy engine: its ranges would not be the file's.
    assert.deepEqual(ws.service.analyze(ws.document('app-role.json')).policies, []);

    const fixed = await TestWorkspace.of({ 'app-role.json': getRole({ encoded: true }), 'sa.yaml': serviceAccount() });
    assert.deepEqual(fixed.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
  });

  test('a document in a string that is plain JSON, form-encoded, or not JSON at all', async () => {
    const document = JSON.stringify(trustDocument('system:serviceaccount:team-a:app'), null, 1);
    const variants: [string, boolean][] = [
      [document, true],
      [encodeURIComponent(document).replace(/%20/g, '+'), true],
      ['%7B%22Version', false],
      ['100%', false],
    ];
    for (const [encoded, readable] of variants) {
      const text = JSON.stringify({ Role: { ...role(), AssumeRolePolicyDocument: encoded } });
      const ws = await TestWorkspace.of({ 'role.json': text });
      const [r] = factsOf(ws, 'role.json').roles;
      assert.equal(r.name, 'AppRole', encoded);
      const trust = r.trust?.kind === 'embedded' ? r.trust.policy : undefined;
      assert.equal(trust?.statements[0]?.subjects[0]?.values[0]?.value, readable ? 'system:serviceaccount:team-a:app' : undefined, encoded);
      assert.deepEqual(ws.validate('role.json'), [], encoded);
    }
  });

  test('URL-encoded inline policies are not checked (and do not throw)', async () => {
    const text = JSON.stringify({
      RoleDetailList: [
        { ...role(), RolePolicyList: [{ PolicyName: 'Inline', PolicyDocument: encodeURIComponent(JSON.stringify(identityDocument('s3:GetObjct'))) }] },
      ],
    });
    const ws = await TestWorkspace.of({ 'account.json': text });
    assert.deepEqual(
      factsOf(ws, 'account.json').roles[0].permissions.map((p) => p.label),
      ['Inline'],
    );
    assert.deepEqual(ws.codes('account.json', 'INVALID_ACTION'), []);
  });
});

describe('IAM exports: size', () => {
  test('an export of 200 roles: every role and trust, findings in place', async () => {
    const roles = Array.from({ length: 200 }, (_, i) => ({
      ...role({ name: `Role${i}`, sub: `system:serviceaccount:ns${i}:app` }),
      RolePolicyList: [{ PolicyName: `Inline${i}`, PolicyDocument: identityDocument(i === 150 ? 's3:GetObjct' : 's3:GetObject') }],
      AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    }));
    const text = JSON.stringify({ UserDetailList: [], GroupDetailList: [], RoleDetailList: roles, Policies: [] }, null, 4);
    const ws = await TestWorkspace.of({});
    ws.service.indexFile(ws.uri('account.json'), 'json', text);
    assert.equal(factsOf(ws, 'account.json').roles.length, 200);
    assert.equal(factsOf(ws, 'account.json').trustPolicies.length, 200);

    const edited = await TestWorkspace.of({ 'account.json': text, 'sa.yaml': serviceAccount({ namespace: 'ns7', arn: `arn:aws:iam::${ACCOUNT}:role/Role8` }) });
    assert.deepEqual(edited.codes('account.json', 'INVALID_ACTION'), [at(text, 's3:GetObjct')]);
    assert.deepEqual(edited.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
  });
});
