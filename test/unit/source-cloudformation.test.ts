import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments, Scalar } from 'yaml';
import { ACCOUNT, ANNOTATION, at, EXAMPLES, PROVIDER, serviceAccount } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

/** A YAML template with one IRSA role: its trust as a mapping, an inline policy, a managed policy. */
function yamlTemplate(options: { sub?: string; path?: string; action?: string; roleName?: string } = {}): string {
  const path = options.path ? `\n      Path: ${options.path}` : '';
  return `AWSTemplateFormatVersion: "2010-09-09"
Description: Dev Team A's role
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${options.roleName ?? 'AppRole'}${path}
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                ${PROVIDER}:sub: ${options.sub ?? 'system:serviceaccount:team-a:app'}
                ${PROVIDER}:aud: sts.amazonaws.com
      Policies:
        - PolicyName: ReadObjects
          PolicyDocument:
            Version: 2012-10-17
            Statement:
              - Effect: Allow
                Action: ${options.action ?? 's3:GetObject'}
                Resource: arn:aws:s3:::example-bucket/*
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess
`;
}

/** A role whose trust is the JSON template of `!Sub`, as templates write it to compute condition keys. */
function subTemplate(options: { sub?: string; json?: string } = {}): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  OidcProvider:
    Type: String
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: AppRole
      AssumeRolePolicyDocument: !Sub |
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": {"Federated": "arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}"},
              "Action": "sts:AssumeRoleWithWebIdentity",
              "Condition": {"StringEquals": {"\${OidcProvider}:sub": "${options.sub ?? 'system:serviceaccount:team-a:app'}", "\${OidcProvider}:aud": "sts.amazonaws.com"}}${options.json ?? ''}
            }
          ]
        }
`;
}

/** Short-form tags in every place of a trust and an identity policy. */
const SHORT_FORM_TAGS = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: AppRole
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal:
              Federated: !Sub arn:aws:iam::\${AWS::AccountId}:oidc-provider/${PROVIDER}
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                ${PROVIDER}:sub: system:serviceaccount:team-a:app
      Policies:
        - PolicyName: Bucket
          PolicyDocument:
            Version: 2012-10-17
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, !Ref ExtraAction]
                Resource:
                  - !GetAtt Bucket.Arn
                  - !Join ["", [!GetAtt Bucket.Arn, "/*"]]
                  - Fn::Sub: arn:aws:s3:::\${Bucket}/*
              - !If [IsProd, {Effect: Allow, Action: s3:PutObject, Resource: "*"}, !Ref AWS::NoValue]
`;

async function facts(ws: TestWorkspace, file: string) {
  return ws.service.analyze(ws.document(file));
}

describe('CloudFormation templates: recognition', () => {
  test('YAML with AWSTemplateFormatVersion, SAM by its Transform, JSON by resource types', async () => {
    const ws = await TestWorkspace.of({
      'template.yaml': yamlTemplate(),
      'sam.yaml': `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n`,
      'template.json': JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue' } } }),
    });
    for (const file of ['template.yaml', 'sam.yaml', 'template.json']) assert.equal((await facts(ws, file)).source, 'cloudformation', file);
  });
  test('other YAML and JSON are not templates: compose files, a Resources key of something else, package.json', async () => {
    const ws = await TestWorkspace.of({
      'compose.yaml': `services:\n  web:\n    image: nginx\n`,
      'other.yaml': `Resources:\n  cpu: 2\n  memory: 4Gi\n`,
      'types.yaml': `Resources:\n  Thing:\n    Type: Custom::Thing\n`,
      'package.json': JSON.stringify({ name: 'x', version: '1.0.0', Resources: { a: { Type: 'b' } } }),
    });
    for (const file of ['compose.yaml', 'other.yaml', 'types.yaml', 'package.json']) {
      assert.equal((await facts(ws, file)).source, undefined, file);
      assert.deepEqual(ws.validate(file), [], file);
    }
  });
});

describe('CloudFormation templates: AWS::IAM::Role facts', () => {
  test('name, path, label, range, embedded trust, inline and managed permissions', async () => {
    const text = yamlTemplate({ path: '/team/' });
    const ws = await TestWorkspace.of({ 'template.yaml': text });
    const { facts: f, policies } = await facts(ws, 'template.yaml');
    assert.equal(f.roles.length, 1);
    const [role] = f.roles;
    assert.equal(role.source, 'cloudformation');
    assert.equal(role.name, 'AppRole');
    assert.equal(role.label, 'AppRole');
    assert.equal(role.path, '/team/');
    assert.equal(text.slice(role.range.start, role.range.end), 'AppRole');
    assert.equal(role.range.start, text.indexOf('RoleName: AppRole') + 'RoleName: '.length);
    assert.equal(role.trust?.kind, 'embedded');
    const trust = role.trust?.kind === 'embedded' ? role.trust.policy : undefined;
    assert.deepEqual(
      trust?.statements[0].subjects[0].values.map((v) => v.value),
      ['system:serviceaccount:team-a:app'],
    );
    assert.deepEqual(
      trust?.statements[0].providers.map((p) => [p.host, p.account]),
      [[PROVIDER, ACCOUNT]],
    );
    assert.equal(f.trustPolicies[0], trust, 'the embedded trust is also a trust policy of the file');
    assert.deepEqual(
      role.permissions.map((p) => [p.kind, p.label, text.slice(p.range.start, p.range.end)]),
      [
        ['inline', 'ReadObjects', 'ReadObjects'],
        ['managed', 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess'],
      ],
    );
    assert.deepEqual(
      policies.map((p) => p.kind),
      ['trust', 'identity'],
    );
  });
  test('a computed or absent RoleName: no name, linked by logical id only, on the logical id', async () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Generated:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: pods.eks.amazonaws.com}, Action: [sts:AssumeRole, sts:TagSession], Condition: {StringEquals: {aws:RequestTag/kubernetes-namespace: team-b}}}]}
  Computed:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "\${AWS::StackName}-app"
      Path: !Ref RolePath
      AssumeRolePolicyDocument: !Ref TrustParameter
      ManagedPolicyArns:
        - !Ref TeamPolicy
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/ReadOnlyAccess
`;
    const ws = await TestWorkspace.of({ 'template.yaml': text });
    const { facts: f } = await facts(ws, 'template.yaml');
    const [generated, computed] = f.roles;
    assert.equal(generated.name, undefined);
    assert.equal(text.slice(generated.range.start, generated.range.end), 'Generated');
    assert.equal(generated.trust?.kind === 'embedded' && generated.trust.policy.statements[0].podIdentity, true);
    assert.equal(computed.name, undefined);
    assert.equal(computed.path, '/');
    assert.equal(computed.trust, undefined, 'a trust given by !Ref is unknown');
    assert.equal(text.slice(computed.range.start, computed.range.end), 'Computed');
    assert.deepEqual(
      computed.permissions.map((p) => p.label),
      ['!Ref TeamPolicy', '!Sub arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess'],
    );
    assert.deepEqual(ws.validate('template.yaml'), []);
  });
  test('AWS::IAM::Policy, ManagedPolicy and RolePolicy attach to roles by !Ref or by name, and are checked', async () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: AppRole
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: pods.eks.amazonaws.com}, Action: [sts:AssumeRole, sts:TagSession], Condition: {StringEquals: {aws:RequestTag/kubernetes-namespace: team-b}}}]}
  Inline:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: Queue
      Roles: [!Ref AppRole]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sqs:SendMesage
            Resource: arn:aws:sqs:us-east-1:${ACCOUNT}:jobs
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles:
        - AppRole
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: dynamodb:GetItem
            Resource: arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/jobs
  Direct:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref AppRole
      PolicyName: Logs
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: logs:PutLogEvents
            Resource: "*"
`;
    const ws = await TestWorkspace.of({ 'template.yaml': text });
    const { facts: f } = await facts(ws, 'template.yaml');
    assert.deepEqual(
      f.roles[0].permissions.map((p) => [p.kind, p.label, text.slice(p.range.start, p.range.end)]),
      [
        ['inline', 'Queue', 'Queue'],
        ['managed', 'Managed', 'Managed'],
        ['inline', 'Logs', 'Logs'],
      ],
    );
    assert.deepEqual(ws.codes('template.yaml', 'INVALID_ACTION'), [at(text, 'sqs:SendMesage')]);
  });
  test('AWS::IAM::OIDCProvider declares the cluster issuer (not another IdP); AWS::EKS::PodIdentityAssociation is a pod-identity reference', async () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ClusterProvider:
    Type: AWS::IAM::OIDCProvider
    Properties:
      Url: https://${PROVIDER}
      ClientIdList: [sts.amazonaws.com]
  GitHubProvider:
    Type: AWS::IAM::OIDCProvider
    Properties:
      Url: https://token.actions.githubusercontent.com
      ClientIdList: [sts.amazonaws.com]
  Association:
    Type: AWS::EKS::PodIdentityAssociation
    Properties:
      ClusterName: dev
      Namespace: team-b
      ServiceAccount: reporter
      RoleArn: arn:aws:iam::${ACCOUNT}:role/ReporterRole
  Computed:
    Type: AWS::EKS::PodIdentityAssociation
    Properties:
      ClusterName: dev
      Namespace: team-b
      ServiceAccount: other
      RoleArn: !GetAtt ReporterRole.Arn
`;
    const ws = await TestWorkspace.of({ 'template.yaml': text });
    const { facts: f } = await facts(ws, 'template.yaml');
    assert.deepEqual(
      f.oidcProviders.map((p) => [p.host, text.slice(p.range.start, p.range.end)]),
      [[PROVIDER, `https://${PROVIDER}`]],
    );
    assert.equal(f.references.length, 1);
    const [reference] = f.references;
    assert.equal(reference.kind, 'pod-identity');
    assert.equal(reference.arn, `arn:aws:iam::${ACCOUNT}:role/ReporterRole`);
    assert.deepEqual([reference.serviceAccount?.namespace, reference.serviceAccount?.name], ['team-b', 'reporter']);
    assert.equal(text.slice(reference.serviceAccount!.range.start, reference.serviceAccount!.range.end), 'reporter');
  });
  test('the declared issuer is the cluster: a trust policy of another provider gets LINK_PROVIDER_NOT_CLUSTER', async () => {
    const other = PROVIDER.replace('EXAMPLED539D4633E53DE1B71EXAMPLE', 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF');
    const ws = await TestWorkspace.of({
      'provider.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::OIDCProvider\n    Properties:\n      Url: https://${PROVIDER}\n`,
      'good.yaml': yamlTemplate(),
      'other.yaml': yamlTemplate({ roleName: 'OtherRole' }).split(PROVIDER).join(other),
    });
    assert.deepEqual(ws.codes('good.yaml', 'LINK_PROVIDER_NOT_CLUSTER'), []);
    assert.equal(ws.codes('other.yaml', 'LINK_PROVIDER_NOT_CLUSTER').length, 1);
  });
});

describe('CloudFormation templates: policies checked in place', () => {
  test('an unquoted Version: 2012-10-17 is a string in YAML 1.2, and no error', async () => {
    const [document] = parseAllDocuments('Version: 2012-10-17\n');
    const version = document.get('Version', true) as Scalar;
    assert.equal(typeof version.value, 'string');
    const ws = await TestWorkspace.of({ 'template.yaml': yamlTemplate(), 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.validate('template.yaml'), []);
    assert.deepEqual(ws.validate('sa.yaml'), []);
  });
  test('INVALID_ACTION in an inline Policies document, at its line in the template', async () => {
    const text = yamlTemplate({ action: 's3:GetObjetc' });
    const ws = await TestWorkspace.of({ 'template.yaml': text });
    const [d] = ws.validate('template.yaml');
    assert.equal(d.code, 'INVALID_ACTION');
    assert.equal(`${d.range.start.line + 1}:${d.range.start.character}`, at(text, 's3:GetObjetc'));
    assert.match(String(d.message), /did you mean "s3:GetObject"/);
  });
  test('a trust policy as the JSON template of !Sub |: a JSON syntax error at its line of the template', async () => {
    const text = subTemplate({ json: ',' });
    const ws = await TestWorkspace.of({ 'template.yaml': text });
    const errors = ws.validate('template.yaml').filter((d) => d.code === 'JSON_SYNTAX_ERROR');
    assert.equal(errors.length, 1);
    assert.equal(`${errors[0].range.start.line + 1}:${errors[0].range.start.character}`, at(text, ',\n            }'), 'on the trailing comma');
    assert.match(String(errors[0].message), /Trailing comma/);
  });
  test('a policy check inside the !Sub JSON, on its own line and column', async () => {
    const text = subTemplate().replace('"sts:AssumeRoleWithWebIdentity"', '"sts:AssumeRoleWithWebIdentityy"');
    const ws = await TestWorkspace.of({ 'template.yaml': text });
    assert.deepEqual(ws.codes('template.yaml', 'INVALID_ACTION'), [at(text, 'sts:AssumeRoleWithWebIdentityy')]);
  });
  test('a JSON string without !Sub: a block scalar or a single-quoted line is checked in place, an escaped one only read', async () => {
    const body = subTemplate().split('!Sub |\n')[1];
    const line = JSON.stringify(JSON.parse(body.split('${OidcProvider}').join(PROVIDER)));
    const block = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: AppRole\n      AssumeRolePolicyDocument: |\n${body.split('${OidcProvider}').join(PROVIDER).replace('sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithWebIdentityy')}`;
    const quoted =
      block.split('AssumeRolePolicyDocument: |')[0] +
      `AssumeRolePolicyDocument: '${line.replace('sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithWebIdentityy')}'\n`;
    const escaped =
      block.split('AssumeRolePolicyDocument: |')[0].replace('RoleName: AppRole', 'RoleName: EscapedRole') +
      `AssumeRolePolicyDocument: ${JSON.stringify(line.replace('team-a', 'default').replace('"2012-10-17"', '"2012-10-18"'))}\n`;
    const ws = await TestWorkspace.of({
      'block.yaml': block,
      'quoted.yaml': quoted,
      'escaped.yaml': escaped,
      'sa.yaml': serviceAccount(),
      'escaped-sa.yaml': serviceAccount({ arn: `arn:aws:iam::${ACCOUNT}:role/EscapedRole` }),
    });
    assert.deepEqual(ws.codes('block.yaml', 'INVALID_ACTION'), [at(block, 'sts:AssumeRoleWithWebIdentityy')]);
    assert.deepEqual(ws.codes('quoted.yaml', 'INVALID_ACTION'), [at(quoted, 'sts:AssumeRoleWithWebIdentityy')]);
    assert.deepEqual(
      ws.validate('escaped.yaml').filter((d) => !String(d.code).startsWith('LINK_')),
      [],
      'escaped text is not checked (its Version is wrong)',
    );
    assert.deepEqual(ws.codes('escaped.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(escaped, '{')], 'but its :sub is read, on the string');
    assert.deepEqual(ws.codes('escaped-sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [ANNOTATION]);
  });
  test('${…} substitutions of !Sub are values unknown until deployed: no variable finding, no condition key finding', async () => {
    const ws = await TestWorkspace.of({ 'template.yaml': subTemplate(), 'sa.yaml': serviceAccount() });
    const codes = ws.validate('template.yaml').map((d) => d.code);
    for (const code of ['INVALID_SERVICE_CONDITION_KEY', 'VARIABLE_UNSUPPORTED_IN_ELEMENT', 'INVALID_CONDITION_KEY_FORMAT', 'JSON_SYNTAX_ERROR'])
      assert.ok(!codes.includes(code), code);
  });
  test('short-form tags inside a policy are not checked (!GetAtt in Resource, !Sub in Principal)', async () => {
    const text = SHORT_FORM_TAGS;
    const ws = await TestWorkspace.of({ 'template.yaml': text, 'sa.yaml': serviceAccount() });
    assert.deepEqual(
      ws.validate('template.yaml').map((d) => `${d.code} ${d.range.start.line + 1}`),
      [],
    );
  });
  test("short-form tags inside a policy: no catalogue, IRSA, variable or cross-file finding (only the engine's type finding, see above)", async () => {
    const text = SHORT_FORM_TAGS;
    const ws = await TestWorkspace.of({ 'template.yaml': text, 'sa.yaml': serviceAccount() });
    assert.deepEqual(
      ws
        .validate('template.yaml')
        .filter((d) => d.code !== 'DATA_TYPE_MISMATCH')
        .map((d) => `${d.code} ${d.range.start.line + 1}`),
      [],
    );
    assert.deepEqual(ws.validate('sa.yaml'), []);
  });
  test('short-form tags outside policies produce nothing (Outputs, Conditions, !If, !Select, !Join)', async () => {
    const text = `${yamlTemplate()}  Bucket:
    Type: AWS::S3::Bucket
    Condition: IsProd
    Properties:
      BucketName: !Join ["-", [!Ref AWS::StackName, !Select [0, !Split ["-", !Ref AWS::Region]]]]
      Tags: !If [IsProd, [{Key: env, Value: prod}], !Ref AWS::NoValue]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Outputs:
  RoleArn:
    Value: !GetAtt AppRole.Arn
    Export: {Name: !Sub "\${AWS::StackName}-role"}
`;
    const ws = await TestWorkspace.of({ 'template.yaml': text, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.validate('template.yaml'), []);
  });
  test('a JSON template: policies checked in place, {"Ref"}/{"Fn::…"} read as computed', async () => {
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        AppRole: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: 'AppRole',
            Path: '/team/',
            AssumeRolePolicyDocument: JSON.parse(subTemplate().split('!Sub |')[1].split('${OidcProvider}').join(PROVIDER)),
            Policies: [
              {
                PolicyName: 'Read',
                PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjcet', Resource: 'arn:aws:s3:::example-bucket/*' }] },
              },
            ],
            ManagedPolicyArns: [{ Ref: 'TeamPolicy' }],
          },
        },
      },
    };
    const text = JSON.stringify(template, null, 2);
    const ws = await TestWorkspace.of({ 'template.json': text, 'sa.yaml': serviceAccount({ arn: `arn:aws:iam::${ACCOUNT}:role/team/AppRole` }) });
    const { facts: f } = await facts(ws, 'template.json');
    assert.equal(f.roles[0].path, '/team/');
    assert.equal(text.slice(f.roles[0].range.start, f.roles[0].range.end), 'AppRole');
    assert.deepEqual(
      f.roles[0].permissions.map((p) => p.label),
      ['Read', '{ "Ref": "TeamPolicy" }'],
    );
    assert.deepEqual(
      ws.validate('template.json').map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character}`),
      [`INVALID_ACTION ${at(text, 's3:GetObjcet')}`],
    );
    assert.deepEqual(ws.validate('sa.yaml'), []);
  });
  test('a trust policy as an escaped JSON string of a JSON template: its facts are read on the string', async () => {
    const document = JSON.parse(subTemplate({ sub: 'system:serviceaccount:default:app' }).split('!Sub |')[1]);
    const text = JSON.stringify(
      {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          AppRole: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'AppRole', AssumeRolePolicyDocument: { 'Fn::Sub': JSON.stringify(document) } } },
        },
      },
      null,
      2,
    );
    const ws = await TestWorkspace.of({ 'template.json': text, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [ANNOTATION]);
    const [d] = ws.validate('template.json').filter((x) => x.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA');
    assert.equal(`${d.range.start.line + 1}:${d.range.start.character}`, at(text, '{\\"Version'), 'on the whole string');
    assert.deepEqual(
      ws.validate('template.json').filter((x) => !String(x.code).startsWith('LINK_')),
      [],
      'escaped text is not checked',
    );
  });
  test('SAM: inline policy documents of a function are checked, policy templates and names are not', async () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Policies:
        - AWSLambdaBasicExecutionRole
        - S3ReadPolicy:
            BucketName: !Ref Bucket
        - Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action: sqs:ReceiveMesage
              Resource: "*"
`;
    const ws = await TestWorkspace.of({ 'template.yaml': text });
    assert.deepEqual(ws.codes('template.yaml', 'INVALID_ACTION'), [at(text, 'sqs:ReceiveMesage')]);
    assert.equal(ws.validate('template.yaml').length, 1);
  });
  test('inline policies of AWS::IAM::User and Group are checked too (no role facts)', async () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Deployer:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - PolicyName: Deploy
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: cloudformation:CreateStak, Resource: "*"}]}
  Admins:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: Read
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: iam:GetRol, Resource: "*"}]}
`;
    const ws = await TestWorkspace.of({ 'template.yaml': text });
    assert.deepEqual(ws.codes('template.yaml', 'INVALID_ACTION'), [at(text, 'cloudformation:CreateStak'), at(text, 'iam:GetRol')]);
    assert.deepEqual((await facts(ws, 'template.yaml')).facts.roles, []);
  });
});

describe('CloudFormation templates: cross-file checks', () => {
  test('a role with a Path and an annotation without it: LINK_ROLE_PATH_MISMATCH, with the right ARN', async () => {
    const ws = await TestWorkspace.of({ 'template.yaml': yamlTemplate({ path: '/team/' }), 'sa.yaml': serviceAccount() });
    const [d] = ws.validate('sa.yaml').filter((x) => x.code === 'LINK_ROLE_PATH_MISMATCH');
    assert.equal(`${d.range.start.line + 1}:${d.range.start.character}`, ANNOTATION);
    assert.deepEqual(d.data, { replacements: [`arn:aws:iam::${ACCOUNT}:role/team/AppRole`] });
    const fixed = await TestWorkspace.of({
      'template.yaml': yamlTemplate({ path: '/team/' }),
      'sa.yaml': serviceAccount({ arn: `arn:aws:iam::${ACCOUNT}:role/team/AppRole` }),
    });
    assert.deepEqual(fixed.validate('sa.yaml'), []);
  });
  test('a template trust that does not admit the ServiceAccount: LINK_TRUST_DOES_NOT_ADMIT_SA on the annotation and on the :sub', async () => {
    const text = yamlTemplate({ sub: 'system:serviceaccount:default:app' });
    const ws = await TestWorkspace.of({ 'template.yaml': text, 'sa.yaml': serviceAccount() });
    const [d] = ws.validate('sa.yaml').filter((x) => x.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA');
    assert.equal(`${d.range.start.line + 1}:${d.range.start.character}`, ANNOTATION);
    assert.match(String(d.message), /trust policy of role "AppRole" \(workspace\/template\.yaml\) does not admit system:serviceaccount:team-a:app/);
    assert.ok(
      d.relatedInformation?.some(
        (r) =>
          r.location.uri === ws.uri('template.yaml') && r.location.range.start.line + 1 === Number(at(text, 'system:serviceaccount:default:app').split(':')[0]),
      ),
    );
    assert.deepEqual(ws.codes('template.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(text, 'system:serviceaccount:default:app')]);
  });
  test('the !Sub trust with a computed provider key still names its ServiceAccount', async () => {
    const bad = await TestWorkspace.of({ 'template.yaml': subTemplate({ sub: 'system:serviceaccount:team-b:app' }), 'sa.yaml': serviceAccount() });
    assert.deepEqual(bad.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [ANNOTATION]);
    const good = await TestWorkspace.of({ 'template.yaml': subTemplate(), 'sa.yaml': serviceAccount() });
    assert.deepEqual(good.validate('sa.yaml'), []);
  });
  test('a trust that admits the ServiceAccount, a clean template: no diagnostics on either side', async () => {
    const ws = await TestWorkspace.of({ 'template.yaml': yamlTemplate(), 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.validate('template.yaml'), []);
    assert.deepEqual(ws.validate('sa.yaml'), []);
  });
  test('a template :sub that no manifest defines: LINK_SUB_WITHOUT_SA on the template', async () => {
    const text = yamlTemplate({ sub: 'system:serviceaccount:team-a:worker' });
    const ws = await TestWorkspace.of({ 'template.yaml': text, 'sa.yaml': serviceAccount({ arn: `arn:aws:iam::${ACCOUNT}:role/OtherRole` }) });
    assert.deepEqual(ws.codes('template.yaml', 'LINK_SUB_WITHOUT_SA'), [at(text, 'system:serviceaccount:team-a:worker')]);
  });
  test('a template role is found by name: an annotation of an undefined role gets LINK_ROLE_NOT_FOUND, a defined one not', async () => {
    const ws = await TestWorkspace.of({ 'template.yaml': yamlTemplate(), 'sa.yaml': serviceAccount({ arn: `arn:aws:iam::${ACCOUNT}:role/MissingRole` }) });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_ROLE_NOT_FOUND'), [ANNOTATION]);
  });
  test('a large template keeps its trust policies within their size quota', async () => {
    const roles = Array.from({ length: 6 }, (_, i) =>
      yamlTemplate({ roleName: `AppRole${i}` })
        .split('Resources:\n')[1]
        .replace('  AppRole:', `  AppRole${i}:`),
    ).join('');
    const ws = await TestWorkspace.of({ 'template.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${roles}` });
    assert.deepEqual(
      ws.validate('template.yaml').map((d) => d.code),
      [],
    );
  });
});

describe('examples/cloudformation', () => {
  test('clean, and its roles are what its ServiceAccounts use', async () => {
    const ws = await TestWorkspace.fromFolder(EXAMPLES);
    for (const file of ['cloudformation/dev-team-a.yaml', 'cloudformation/dev-team-b.json', 'cloudformation/service-accounts.yaml']) {
      assert.deepEqual(
        ws.validate(file).map((d) => `${d.code} ${d.range.start.line + 1}: ${d.message}`),
        [],
        file,
      );
    }
    const names = [...ws.service.index.all()].filter((f) => f.uri.includes('/cloudformation/')).flatMap((f) => f.facts.roles.map((r) => `${r.path}${r.name}`));
    assert.deepEqual(names.sort(), ['/dev-teams/DevTeamACfnRole', '/dev-teams/DevTeamBCfnRole']);
  });
});
