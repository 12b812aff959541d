import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT, ANNOTATION, at, deployment, EXAMPLES, PROVIDER, serviceAccount, trustDocument } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

/** A ClusterConfig with one IRSA ServiceAccount (team-a/app, role AppRole) and one Pod Identity association (team-b/worker, role WorkerRole). */
function cluster(options: { roleOnly?: boolean; action?: string; roleName?: string | null; namespace?: string | null } = {}): string {
  const roleName = options.roleName === null ? '' : `\n      roleName: ${options.roleName ?? 'AppRole'}`;
  const namespace = options.namespace === null ? '' : `\n        namespace: ${options.namespace ?? 'team-a'}`;
  return `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: dev
  region: us-east-1
iam:
  withOIDC: true
  serviceAccounts:
    - metadata:
        name: app${namespace}${roleName}${options.roleOnly ? '\n      roleOnly: true' : ''}
      attachPolicyARNs:
        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
      attachPolicy:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Action: ${options.action ?? 's3:PutObject'}
            Resource: arn:aws:s3:::example-bucket/*
      wellKnownPolicies:
        autoScaler: true
        externalDNS: false
  podIdentityAssociations:
    - namespace: team-b
      serviceAccountName: worker
      roleName: WorkerRole
      permissionPolicyARNs:
        - arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess
`;
}

async function facts(ws: TestWorkspace, file: string) {
  return ws.service.analyze(ws.document(file));
}

describe('eksctl ClusterConfig: recognition', () => {
  test('apiVersion eksctl.io/… and kind ClusterConfig; nothing else', async () => {
    const ws = await TestWorkspace.of({
      'cluster.yaml': cluster(),
      'nodegroup.yaml': `apiVersion: eksctl.io/v1alpha5\nkind: NodeGroup\niam:\n  serviceAccounts: []\n`,
      'other.yaml': `apiVersion: example.io/v1\nkind: ClusterConfig\niam:\n  serviceAccounts:\n    - metadata: {name: app}\n      roleName: AppRole\n`,
    });
    assert.equal((await facts(ws, 'cluster.yaml')).source, 'eksctl');
    for (const file of ['nodegroup.yaml', 'other.yaml']) {
      assert.equal((await facts(ws, file)).source, undefined, file);
      assert.deepEqual(ws.validate(file), [], file);
    }
  });
});

describe('eksctl ClusterConfig: facts', () => {
  test('iam.serviceAccounts: the role, its generated trust for exactly that ServiceAccount, its permissions, the ServiceAccount', async () => {
    const text = cluster();
    const ws = await TestWorkspace.of({ 'cluster.yaml': text });
    const { facts: f, policies } = await facts(ws, 'cluster.yaml');
    const [role] = f.roles;
    assert.equal(role.source, 'eksctl');
    assert.equal(role.name, 'AppRole');
    assert.equal(role.label, 'team-a/app');
    assert.equal(role.path, '/');
    assert.equal(role.range.start, text.indexOf('AppRole'));
    assert.equal(role.trust?.kind, 'embedded');
    const trust = role.trust?.kind === 'embedded' ? role.trust.policy : undefined;
    assert.ok(trust && f.trustPolicies.includes(trust));
    const [statement] = trust!.statements;
    assert.deepEqual([statement.allow, statement.webIdentity, statement.podIdentity, statement.providers], [true, true, false, []]);
    assert.deepEqual(
      statement.subjects.map((s) => [s.operator, s.provider, s.values.map((v) => [v.value, text.slice(v.range.start, v.range.end)])]),
      [['StringEquals', '', [['system:serviceaccount:team-a:app', 'app']]]],
    );
    assert.deepEqual(
      statement.audiences.map((a) => a.value),
      ['sts.amazonaws.com'],
    );
    assert.deepEqual(
      role.permissions.map((p) => [p.kind, p.label, text.slice(p.range.start, p.range.end)]),
      [
        ['managed', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
        ['inline', 'attachPolicy', 'attachPolicy'],
        ['managed', 'wellKnownPolicies.autoScaler', 'autoScaler'],
      ],
    );
    assert.deepEqual(
      policies.map((p) => p.kind),
      ['identity'],
    );
    assert.deepEqual(
      f.serviceAccounts.map((sa) => [sa.namespace, sa.name, sa.namespaceExplicit, text.slice(sa.range.start, sa.range.end)]),
      [['team-a', 'app', true, 'app']],
    );
  });
  test('roleOnly: no ServiceAccount; no roleName: a generated name; no namespace: default', async () => {
    const ws = await TestWorkspace.of({ 'cluster.yaml': cluster({ roleOnly: true, roleName: null, namespace: null }) });
    const { facts: f } = await facts(ws, 'cluster.yaml');
    assert.deepEqual(f.serviceAccounts, []);
    assert.equal(f.roles[0].name, undefined);
    assert.equal(f.roles[0].label, 'default/app');
    const trust = f.roles[0].trust?.kind === 'embedded' ? f.roles[0].trust.policy : undefined;
    assert.equal(trust?.statements[0].subjects[0].values[0].value, 'system:serviceaccount:default:app');
  });
  test('iam.podIdentityAssociations: a role trusting pods.eks.amazonaws.com, or a pod-identity reference to an existing role', async () => {
    const text = `${cluster()}    - namespace: team-c
      serviceAccountName: reporter
      createServiceAccount: true
      roleARN: arn:aws:iam::${ACCOUNT}:role/ReporterRole
`;
    const ws = await TestWorkspace.of({ 'cluster.yaml': text });
    const { facts: f } = await facts(ws, 'cluster.yaml');
    const worker = f.roles.find((r) => r.name === 'WorkerRole')!;
    assert.equal(worker.label, 'team-b/worker');
    const trust = worker.trust?.kind === 'embedded' ? worker.trust.policy : undefined;
    assert.deepEqual(
      trust?.statements.map((s) => [s.allow, s.webIdentity, s.podIdentity]),
      [[true, false, true]],
    );
    assert.deepEqual(
      worker.permissions.map((p) => p.label),
      ['arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess'],
    );
    assert.deepEqual(
      f.references.map((r) => [r.kind, r.arn, r.template ?? false, r.serviceAccount?.namespace, r.serviceAccount?.name]),
      [
        // The role eksctl makes for team-b/worker, linked by namespace and name (no ARN).
        ['pod-identity', '', true, 'team-b', 'worker'],
        ['pod-identity', `arn:aws:iam::${ACCOUNT}:role/ReporterRole`, false, 'team-c', 'reporter'],
      ],
    );
    assert.deepEqual(
      f.serviceAccounts.map((sa) => `${sa.namespace}/${sa.name}`),
      ['team-a/app', 'team-c/reporter'],
      'createServiceAccount creates it',
    );
  });
  test('attachRoleARN: eksctl annotates its ServiceAccount with an existing role, checked against that role', async () => {
    const config = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: dev, region: us-east-1}
iam:
  serviceAccounts:
    - metadata: {name: app, namespace: team-a}
      attachRoleARN: arn:aws:iam::${ACCOUNT}:role/SharedRole
`;
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Shared:
    Type: AWS::IAM::Role
    Properties:
      RoleName: SharedRole
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Federated: "arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}"}
            Action: sts:AssumeRoleWithWebIdentity
            Condition: {StringEquals: {"${PROVIDER}:sub": system:serviceaccount:team-b:app, "${PROVIDER}:aud": sts.amazonaws.com}}
`;
    const ws = await TestWorkspace.of({ 'cluster.yaml': config, 'template.yaml': template });
    const { facts: f } = await facts(ws, 'cluster.yaml');
    assert.deepEqual(f.roles, []);
    assert.deepEqual(
      f.references.map((r) => [r.kind, r.arn]),
      [['irsa', `arn:aws:iam::${ACCOUNT}:role/SharedRole`]],
    );
    assert.deepEqual(ws.codes('cluster.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(config, 'arn:aws:iam')]);
  });
});

describe('eksctl ClusterConfig: checks', () => {
  test('an eksctl role used by a manifest in another namespace: LINK_TRUST_DOES_NOT_ADMIT_SA on the annotation and on the config', async () => {
    const text = cluster();
    const ws = await TestWorkspace.of({ 'cluster.yaml': text, 'sa.yaml': serviceAccount({ namespace: 'team-b' }) });
    const [d] = ws.validate('sa.yaml').filter((x) => x.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA');
    assert.equal(`${d.range.start.line + 1}:${d.range.start.character}`, ANNOTATION);
    assert.match(
      String(d.message),
      /role "AppRole" \(workspace\/cluster\.yaml\) does not admit system:serviceaccount:team-b:app.*It admits "system:serviceaccount:team-a:app"/,
    );
    assert.deepEqual(ws.codes('cluster.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(text, 'app', 'serviceAccounts')]);
    const fixed = await TestWorkspace.of({ 'cluster.yaml': text, 'sa.yaml': serviceAccount() });
    assert.deepEqual(fixed.validate('sa.yaml'), []);
    assert.deepEqual(fixed.validate('cluster.yaml'), []);
  });
  test('a manifest annotated with an eksctl Pod Identity role: LINK_TRUST_NOT_WEB_IDENTITY', async () => {
    const ws = await TestWorkspace.of({
      'cluster.yaml': cluster(),
      'sa.yaml': serviceAccount({ name: 'worker', namespace: 'team-b', arn: `arn:aws:iam::${ACCOUNT}:role/WorkerRole` }),
    });
    const [d] = ws.validate('sa.yaml').filter((x) => x.code === 'LINK_TRUST_NOT_WEB_IDENTITY');
    assert.equal(`${d.range.start.line + 1}:${d.range.start.character}`, ANNOTATION);
    assert.match(String(d.message), /trusts pods\.eks\.amazonaws\.com/);
  });
  test('attachPolicy with a misspelled action: INVALID_ACTION at its line in the ClusterConfig', async () => {
    const text = cluster({ action: 's3:PutObjct' });
    const ws = await TestWorkspace.of({ 'cluster.yaml': text });
    const [d] = ws.validate('cluster.yaml');
    assert.equal(d.code, 'INVALID_ACTION');
    assert.equal(`${d.range.start.line + 1}:${d.range.start.character}`, at(text, 's3:PutObjct'));
    assert.deepEqual(ws.validate('cluster.yaml').length, 1);
  });
  test("the ServiceAccount eksctl creates satisfies a Deployment's serviceAccountName; with roleOnly it does not", async () => {
    const ws = await TestWorkspace.of({
      'cluster.yaml': cluster(),
      'deployment.yaml': deployment('app'),
      'other.yaml': serviceAccount({ name: 'other', arn: `arn:aws:iam::${ACCOUNT}:role/AppRole` }),
    });
    assert.deepEqual(ws.codes('deployment.yaml', 'LINK_WORKLOAD_SA_MISSING'), []);
    const roleOnly = await TestWorkspace.of({
      'cluster.yaml': cluster({ roleOnly: true }),
      'deployment.yaml': deployment('app'),
      'other.yaml': serviceAccount({ name: 'other' }),
    });
    assert.deepEqual(roleOnly.codes('deployment.yaml', 'LINK_WORKLOAD_SA_MISSING'), ['9:26']);
  });
  test('the eksctl ServiceAccount satisfies a trust :sub elsewhere; a roleOnly one without manifest is LINK_SUB_WITHOUT_SA', async () => {
    const trust = JSON.stringify(trustDocument('system:serviceaccount:team-a:app'));
    const ws = await TestWorkspace.of({ 'cluster.yaml': cluster(), 'trust.json': trust });
    assert.deepEqual(ws.codes('trust.json', 'LINK_SUB_WITHOUT_SA'), []);
    const text = cluster({ roleOnly: true });
    const roleOnly = await TestWorkspace.of({
      'cluster.yaml': text,
      'sa.yaml': serviceAccount({ name: 'other', arn: `arn:aws:iam::${ACCOUNT}:role/OtherRole` }),
    });
    assert.deepEqual(roleOnly.codes('cluster.yaml', 'LINK_SUB_WITHOUT_SA'), [at(text, 'app', 'serviceAccounts')]);
  });
  test('an annotation with a path names no eksctl role (eksctl roles have none): LINK_ROLE_PATH_MISMATCH', async () => {
    const ws = await TestWorkspace.of({ 'cluster.yaml': cluster(), 'sa.yaml': serviceAccount({ arn: `arn:aws:iam::${ACCOUNT}:role/team/AppRole` }) });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_ROLE_PATH_MISMATCH'), [ANNOTATION]);
  });
});

describe('examples/eksctl', () => {
  test('clean: the roles eksctl creates admit the ServiceAccounts that use them', async () => {
    const ws = await TestWorkspace.fromFolder(EXAMPLES);
    for (const file of ['eksctl/cluster.yaml', 'eksctl/service-accounts.yaml', 'eksctl/deployments.yaml']) {
      assert.deepEqual(
        ws.validate(file).map((d) => `${d.code} ${d.range.start.line + 1}: ${d.message}`),
        [],
        file,
      );
    }
    const roles = [...ws.service.index.all()].filter((f) => f.uri.includes('/eksctl/')).flatMap((f) => f.facts.roles.map((r) => r.name));
    assert.deepEqual(roles.sort(), ['DevTeamAEksctlRole', 'DevTeamBEksctlRole', 'DevTeamBReporterRole']);
  });
});

/** A ClusterConfig with an addon (IRSA policies and a Pod Identity association) and two node groups. */
function addonsConfig(options: { action?: string; nodeAction?: string } = {}): string {
  return `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: dev
  region: us-east-1
addons:
  - name: vpc-cni
    attachPolicyARNs:
      - arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy
    attachPolicy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: ${options.action ?? 'ec2:AssignPrivateIpAddresses'}
          Resource: "*"
  - name: aws-ebs-csi-driver
    podIdentityAssociations:
      - serviceAccountName: ebs-csi-controller-sa
        permissionPolicyARNs:
          - arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy
  - name: coredns
    serviceAccountRoleARN: arn:aws:iam::${ACCOUNT}:role/CoreDnsRole
nodeGroups:
  - name: ng-1
    iam:
      attachPolicyARNs:
        - arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy
      attachPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ${options.nodeAction ?? 's3:GetObject'}
            Resource: arn:aws:s3:::example-bucket/*
managedNodeGroups:
  - name: mng-1
    iam:
      instanceRoleName: NodeRole
      attachPolicyARNs:
        - arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore
`;
}

describe('eksctl ClusterConfig: addons and node groups', () => {
  test('facts: the addon role and its permissions, the association and the role made for it, the node roles', async () => {
    const text = addonsConfig();
    const ws = await TestWorkspace.of({ 'cluster.yaml': text });
    const { facts: f, policies } = await facts(ws, 'cluster.yaml');
    assert.deepEqual(
      f.roles.map((r) => [r.label, r.name, r.trust?.kind, r.permissions.map((p) => p.label)]),
      [
        ['addon vpc-cni', undefined, undefined, ['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy', 'attachPolicy']],
        ['kube-system/ebs-csi-controller-sa', undefined, 'embedded', ['arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy']],
        ['nodegroup ng-1', undefined, undefined, ['arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy', 'attachPolicy']],
        ['nodegroup mng-1', 'NodeRole', undefined, ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore']],
      ],
    );
    assert.deepEqual(
      policies.map((p) => [p.kind, text.slice(p.policy.root.offset, p.policy.root.offset + 9)]),
      [
        ['identity', 'Version: '],
        ['identity', 'Version: '],
      ],
    );
    assert.deepEqual(
      f.references.map((r) => [r.kind, r.arn, r.template ?? false, r.serviceAccount ? `${r.serviceAccount.namespace}/${r.serviceAccount.name}` : undefined]),
      [
        ['pod-identity', '', true, 'kube-system/ebs-csi-controller-sa'],
        ['irsa', `arn:aws:iam::${ACCOUNT}:role/CoreDnsRole`, false, undefined],
      ],
    );
  });
  test("bad: a misspelled action in an addon's attachPolicy, and in a node group's, found on their lines", async () => {
    const text = addonsConfig({ action: 'ec2:AssignPrivateIpAdresses', nodeAction: 's3:GetObjct' });
    const ws = await TestWorkspace.of({ 'cluster.yaml': text });
    assert.deepEqual(ws.codes('cluster.yaml', 'INVALID_ACTION'), [at(text, 'ec2:AssignPrivateIpAdresses'), at(text, 's3:GetObjct')]);
  });
  test("good: no policy finding; the addon's serviceAccountRoleARN is checked as a role ARN (here one no file defines)", async () => {
    const text = addonsConfig();
    const ws = await TestWorkspace.of({ 'cluster.yaml': text });
    assert.deepEqual(
      ws.validate('cluster.yaml').map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character}`),
      [`LINK_ROLE_NOT_FOUND ${at(text, 'arn:aws:iam::111122223333:role/CoreDnsRole')}`],
    );
  });
  test('the role eksctl makes for an association: linked by namespace and name (lens, hover, references from the manifest)', async () => {
    const text = `${cluster({ roleName: null })}    - namespace: team-c
      serviceAccountName: reporter
      permissionPolicyARNs: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
`;
    const manifest = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: reporter\n  namespace: team-c\n';
    const ws = await TestWorkspace.of({ 'cluster.yaml': text, 'sa.yaml': manifest });
    const lenses = ws.service.findCodeLenses(ws.document('cluster.yaml')).map((l) => l.command?.title);
    assert.ok(lenses.filter((t) => t === 'Pod Identity: 1 association').length === 2, lenses.join(' | '));
    const document = ws.document('cluster.yaml');
    const position = document.positionAt(text.indexOf('reporter') + 1);
    const hover = ws.service.doHover(document, position);
    assert.match(JSON.stringify(hover?.contents), /The role made for this Pod Identity association/);
    // Definition on the association's ServiceAccount goes to the manifest, as before.
    const [link] = ws.service.findDefinition(document, position);
    assert.equal(link.targetUri, ws.uri('sa.yaml'));
    const manifestDoc = ws.document('sa.yaml');
    const refs = ws.service.findReferences(manifestDoc, manifestDoc.positionAt(manifest.indexOf('reporter') + 1), { includeDeclaration: false });
    assert.deepEqual(
      refs.map((r) => `${r.uri.split('/').pop()}:${r.range.start.line + 1}`),
      [`cluster.yaml:${text.slice(0, text.indexOf('reporter')).split('\n').length}`],
    );
    assert.deepEqual(
      ws.validate('cluster.yaml').filter((d) => String(d.code).startsWith('LINK_')),
      [],
    );
  });
});
