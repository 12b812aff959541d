import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Location, LocationLink, MarkupContent, Position } from 'vscode-languageserver-types';
import { CLIENT_COMMAND } from '../../shared/protocol';
import { ACCOUNT, EXAMPLES, serviceAccount, webIdentityStatement } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

/** The Dev Team A/B scenario of examples/ (broken/ and working/; other folders show other role sources). */
function examples(): Promise<TestWorkspace> {
  const files: Record<string, string> = {};
  for (const folder of ['broken', 'working']) {
    for (const name of readdirSync(path.join(EXAMPLES, folder))) files[`${folder}/${name}`] = readFileSync(path.join(EXAMPLES, folder, name), 'utf8');
  }
  return TestWorkspace.of(files);
}

const POD_IDENTITY_STATEMENT = { Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] };

function trust(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

const SCRIPT =
  '#!/bin/sh\naws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json\naws iam put-role-policy --role-name AppRole --policy-name AppPolicy --policy-document file://app-policy.json\naws iam attach-role-policy --role-name AppRole --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess\n';
const APP_POLICY = trust({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });

/** The position of `needle` (its `occurrence`-th match) in a file, `delta` characters in. */
function at(ws: TestWorkspace, file: string, needle: string, delta = 1, occurrence = 0): { document: TextDocument; position: Position } {
  const document = ws.document(file);
  const text = document.getText();
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = text.indexOf(needle, index + 1);
  assert.ok(index >= 0, `${needle} in ${file}`);
  return { document, position: document.positionAt(index + delta) };
}

function definition(ws: TestWorkspace, file: string, needle: string, delta = 1, occurrence = 0): LocationLink[] {
  const { document, position } = at(ws, file, needle, delta, occurrence);
  return ws.service.findDefinition(document, position);
}

function references(ws: TestWorkspace, file: string, needle: string, includeDeclaration = false, delta = 1): Location[] {
  const { document, position } = at(ws, file, needle, delta);
  return ws.service.findReferences(document, position, { includeDeclaration });
}

function hover(ws: TestWorkspace, file: string, needle: string, delta = 1): string | undefined {
  const { document, position } = at(ws, file, needle, delta);
  const result = ws.service.doHover(document, position);
  return result ? (result.contents as MarkupContent).value : undefined;
}

/** `file:line` (1-based line) of a location, relative to the workspace root. */
function where(ws: TestWorkspace, uri: string, line: number): string {
  return `${uri.slice(ws.uri('').length + 1)}:${line + 1}`;
}

const seen = (ws: TestWorkspace, locations: Location[]) =>
  locations.map((l) => where(ws, l.uri, l.range.start.line)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
const targets = (ws: TestWorkspace, links: LocationLink[]) => links.map((l) => where(ws, l.targetUri, l.targetSelectionRange.start.line));

/** The text a range covers in a file of the workspace. */
function textAt(ws: TestWorkspace, uri: string, range: { start: Position; end: Position }): string {
  const file = uri.slice(ws.uri('').length + 1);
  const document = ws.document(file);
  return document.getText().slice(document.offsetAt(range.start), document.offsetAt(range.end));
}

describe('go to definition', () => {
  test('examples/broken: the Dev Team A annotation jumps to the :sub of its trust policy, one location', async () => {
    const ws = await examples();
    const links = definition(ws, 'broken/service-accounts.yaml', 'arn:aws:iam::444455556666:role/DevTeamARole', 5);
    assert.equal(links.length, 1);
    const [link] = links;
    assert.equal(where(ws, link.targetUri, link.targetSelectionRange.start.line), 'broken/trust-policy-dev-team-a.json:12');
    assert.equal(textAt(ws, link.targetUri, link.targetSelectionRange), 'system:serviceaccount:default:dev-team-a-sa');
    assert.deepEqual(link.targetRange.start, { line: 0, character: 0 }, 'the target is the whole trust policy');
    assert.equal(textAt(ws, ws.uri('broken/service-accounts.yaml'), link.originSelectionRange!), 'arn:aws:iam::444455556666:role/DevTeamARole');
  });

  test('examples/working: each annotation lands on the :sub that admits it, in its own folder', async () => {
    const ws = await examples();
    const a = definition(ws, 'working/service-accounts.yaml', 'role/DevTeamARole');
    const b = definition(ws, 'working/service-accounts.yaml', 'role/DevTeamBRole');
    assert.deepEqual(targets(ws, a), ['working/trust-policy-dev-team-a.json:12']);
    assert.deepEqual(targets(ws, b), ['working/trust-policy-dev-team-b.json:12']);
    assert.equal(textAt(ws, b[0].targetUri, b[0].targetSelectionRange), 'system:serviceaccount:team-b:dev-team-b-sa');
  });

  test('of several statements, the one that admits the ServiceAccount; of several values, the admitting one', async () => {
    const ws = await TestWorkspace.of({
      'create-roles.sh': SCRIPT,
      'trust.json': trust(
        webIdentityStatement('system:serviceaccount:team-a:one'),
        webIdentityStatement(['system:serviceaccount:team-b:other', 'system:serviceaccount:team-b:two']),
      ),
      'sa.yaml': serviceAccount({ name: 'two', namespace: 'team-b' }),
    });
    const [link] = definition(ws, 'sa.yaml', 'arn:aws');
    assert.equal(textAt(ws, link.targetUri, link.targetSelectionRange), 'system:serviceaccount:team-b:two');
  });

  test('an unknown role has no definition; a role without trust policy goes to its definition', async () => {
    const ws = await TestWorkspace.of({
      'create-roles.sh': '#!/bin/sh\naws iam put-role-policy --role-name AppRole --policy-name P --policy-document file://app-policy.json\n',
      'app-policy.json': APP_POLICY,
      'sa.yaml':
        serviceAccount({ name: 'app', namespace: 'team-a' }) +
        '---\n' +
        serviceAccount({ name: 'other', namespace: 'team-a', arn: `arn:aws:iam::${ACCOUNT}:role/Nowhere` }),
    });
    assert.deepEqual(definition(ws, 'sa.yaml', 'role/Nowhere'), []);
    const links = definition(ws, 'sa.yaml', 'role/AppRole');
    assert.deepEqual(targets(ws, links), ['create-roles.sh:2']);
    assert.equal(textAt(ws, links[0].targetUri, links[0].targetSelectionRange), 'AppRole');
  });

  test('a trust policy file that is not in the workspace: the role definition', async () => {
    const ws = await TestWorkspace.of({ 'create-roles.sh': SCRIPT, 'sa.yaml': serviceAccount({ name: 'app', namespace: 'team-a' }) });
    assert.deepEqual(targets(ws, definition(ws, 'sa.yaml', 'role/AppRole')), ['create-roles.sh:2']);
  });

  test('a :sub value goes to the manifests it matches; a pattern to each; none when no manifest matches', async () => {
    const ws = await TestWorkspace.of({
      'create-roles.sh': SCRIPT,
      'trust.json': trust(webIdentityStatement('system:serviceaccount:team-a:app')),
      'like.json': trust(webIdentityStatement('system:serviceaccount:team-b:*', { operator: 'StringLike' })),
      'none.json': trust(webIdentityStatement('system:serviceaccount:default:app')),
      'sa.yaml':
        serviceAccount({ name: 'app', namespace: 'team-a' }) +
        '---\n' +
        serviceAccount({ name: 'x', namespace: 'team-b' }) +
        '---\n' +
        serviceAccount({ name: 'y', namespace: 'team-b' }),
    });
    const exact = definition(ws, 'trust.json', 'system:serviceaccount:team-a:app');
    assert.deepEqual(targets(ws, exact), ['sa.yaml:4']);
    assert.equal(textAt(ws, exact[0].targetUri, exact[0].targetRange), 'app');
    assert.equal(textAt(ws, ws.uri('trust.json'), exact[0].originSelectionRange!), 'system:serviceaccount:team-a:app');
    assert.deepEqual(targets(ws, definition(ws, 'like.json', 'system:serviceaccount:team-b:*')), ['sa.yaml:12', 'sa.yaml:20']);
    assert.deepEqual(definition(ws, 'none.json', 'system:serviceaccount:default:app'), []);
  });

  test('file:// in a script goes to that file', async () => {
    const ws = await TestWorkspace.of({
      'create-roles.sh': SCRIPT,
      'trust.json': trust(webIdentityStatement('system:serviceaccount:a:b')),
      'app-policy.json': APP_POLICY,
    });
    const links = definition(ws, 'create-roles.sh', 'file://trust.json', 9);
    assert.deepEqual(
      links.map((l) => [l.targetUri, l.targetSelectionRange.start]),
      [[ws.uri('trust.json'), { line: 0, character: 0 }]],
    );
    assert.equal(textAt(ws, ws.uri('create-roles.sh'), links[0].originSelectionRange!), 'file://trust.json');
    assert.deepEqual(
      definition(ws, 'create-roles.sh', 'file://app-policy.json').map((l) => l.targetUri),
      [ws.uri('app-policy.json')],
    );
  });

  test("a workload's serviceAccountName goes to the ServiceAccount of its namespace", async () => {
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: team-a\nspec:\n  template:\n    spec:\n      serviceAccountName: app\n      containers: []\n';
    const ws = await TestWorkspace.of({
      'sa.yaml': serviceAccount({ name: 'app', namespace: 'team-a' }) + '---\n' + serviceAccount({ name: 'app', namespace: 'team-b' }),
      'deploy.yaml': deployment,
    });
    assert.deepEqual(targets(ws, definition(ws, 'deploy.yaml', 'serviceAccountName: app', 21)), ['sa.yaml:4']);
    assert.deepEqual(definition(ws, 'deploy.yaml', 'name: web', 7), [], 'not on the workload name');
  });

  test('a Helm value and a Pod Identity association go to their trust policies', async () => {
    const script = `${SCRIPT}aws iam create-role --role-name PodRole --assume-role-policy-document file://pod-trust.json\naws eks create-pod-identity-association --cluster-name c --namespace team-a --service-account app --role-arn arn:aws:iam::${ACCOUNT}:role/PodRole\n`;
    const ws = await TestWorkspace.of({
      'create-roles.sh': script,
      'trust.json': trust(webIdentityStatement('system:serviceaccount:team-a:app')),
      'pod-trust.json': trust({ Sid: 'Other', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }, POD_IDENTITY_STATEMENT),
      'values.yaml': `serviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/AppRole\n`,
      'sa.yaml': serviceAccount({ name: 'app', namespace: 'team-a' }),
    });
    const helm = definition(ws, 'values.yaml', 'arn:aws');
    assert.equal(textAt(ws, helm[0].targetUri, helm[0].targetSelectionRange), 'system:serviceaccount:team-a:app');
    const pod = definition(ws, 'create-roles.sh', 'role/PodRole');
    assert.deepEqual(targets(ws, pod), ['pod-trust.json:12'], 'the statement trusting pods.eks.amazonaws.com');
    assert.deepEqual(targets(ws, definition(ws, 'create-roles.sh', '--service-account app', 18)), ['sa.yaml:4'], "an association's ServiceAccount");
  });

  test("on a role's own name: itself (the editor then offers its references); nothing elsewhere", async () => {
    const ws = await TestWorkspace.of({ 'create-roles.sh': SCRIPT, 'trust.json': trust(webIdentityStatement('system:serviceaccount:a:b')) });
    assert.deepEqual(targets(ws, definition(ws, 'create-roles.sh', 'AppRole')), ['create-roles.sh:2']);
    assert.deepEqual(definition(ws, 'trust.json', '"Version"'), []);
    assert.deepEqual(definition(ws, 'create-roles.sh', 'create-role '), []);
  });

  test("an open document's current text counts, not the indexed one", async () => {
    const ws = await TestWorkspace.of({
      'create-roles.sh': `${SCRIPT}aws iam create-role --role-name OtherRole --assume-role-policy-document file://other.json\n`,
      'trust.json': trust(webIdentityStatement('system:serviceaccount:team-a:app')),
      'other.json': trust(webIdentityStatement('system:serviceaccount:team-a:app')),
      'sa.yaml': serviceAccount({ name: 'app', namespace: 'team-a' }),
    });
    const edited = TextDocument.create(
      ws.uri('sa.yaml'),
      'yaml',
      2,
      serviceAccount({ name: 'app', namespace: 'team-a', arn: `arn:aws:iam::${ACCOUNT}:role/OtherRole` }),
    );
    const links = ws.service.findDefinition(edited, edited.positionAt(edited.getText().indexOf('role/Other')));
    assert.deepEqual(targets(ws, links), ['other.json:12']);
  });
});

describe('find references', () => {
  test("examples: the role's name, and anywhere in its trust policy, find the annotation of its own folder only", async () => {
    const ws = await examples();
    assert.deepEqual(seen(ws, references(ws, 'broken/create-roles.sh', 'DevTeamARole')), ['broken/service-accounts.yaml:8']);
    assert.deepEqual(seen(ws, references(ws, 'broken/create-roles.sh', 'DevTeamARole', true)), ['broken/create-roles.sh:6', 'broken/service-accounts.yaml:8']);
    assert.deepEqual(seen(ws, references(ws, 'broken/trust-policy-dev-team-a.json', '"Version"')), ['broken/service-accounts.yaml:8']);
    assert.deepEqual(seen(ws, references(ws, 'broken/trust-policy-dev-team-a.json', 'system:serviceaccount', true)), [
      'broken/create-roles.sh:6',
      'broken/service-accounts.yaml:8',
    ]);
    assert.deepEqual(seen(ws, references(ws, 'working/trust-policy-dev-team-b.json', '"Effect"')), ['working/service-accounts.yaml:16']);
  });

  test('a role of another account is not counted; an ARN finds its siblings', async () => {
    const other = '#!/bin/sh\naws iam create-role --role-name AppRole --assume-role-policy-document file://other-trust.json\n';
    const ws = await TestWorkspace.of({
      'a/create-roles.sh': SCRIPT,
      'a/trust.json': trust(webIdentityStatement('system:serviceaccount:team-a:app')),
      'b/create-roles.sh': other,
      'b/other-trust.json': trust(webIdentityStatement('system:serviceaccount:team-a:app', { account: '999988887777' })),
      'k8s/sa.yaml': serviceAccount({ name: 'app', namespace: 'team-a' }) + '---\n' + serviceAccount({ name: 'x', namespace: 'team-a' }),
      'k8s/other.yaml': serviceAccount({ name: 'app', namespace: 'team-a', arn: 'arn:aws:iam::999988887777:role/AppRole' }),
    });
    assert.deepEqual(seen(ws, references(ws, 'a/create-roles.sh', 'AppRole')), ['k8s/sa.yaml:7', 'k8s/sa.yaml:15']);
    assert.deepEqual(seen(ws, references(ws, 'b/other-trust.json', 'Statement')), ['k8s/other.yaml:7']);
    assert.deepEqual(seen(ws, references(ws, 'k8s/sa.yaml', 'arn:aws', true)), ['a/create-roles.sh:2', 'k8s/sa.yaml:7', 'k8s/sa.yaml:15']);
  });

  test('an unknown role: the ARNs that name it', async () => {
    const ws = await TestWorkspace.of({
      'sa.yaml': serviceAccount({ name: 'app', namespace: 'team-a' }) + '---\n' + serviceAccount({ name: 'x', namespace: 'team-b' }),
      'values.yaml': `serviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/AppRole\n`,
    });
    assert.deepEqual(seen(ws, references(ws, 'sa.yaml', 'arn:aws')), ['sa.yaml:7', 'sa.yaml:15', 'values.yaml:3']);
  });

  test('an embedded trust policy finds the ARNs of its role', async () => {
    const inline = JSON.stringify({ Version: '2012-10-17', Statement: [webIdentityStatement('system:serviceaccount:team-a:app')] });
    const ws = await TestWorkspace.of({
      'create-roles.sh': `#!/bin/sh\naws iam create-role --role-name AppRole --assume-role-policy-document '${inline}'\n`,
      'sa.yaml': serviceAccount({ name: 'app', namespace: 'team-a' }),
    });
    assert.deepEqual(seen(ws, references(ws, 'create-roles.sh', 'AssumeRoleWithWebIdentity')), ['sa.yaml:7']);
    assert.deepEqual(seen(ws, references(ws, 'create-roles.sh', 'aws iam')), [], 'outside the policy and the name');
  });

  test("a ServiceAccount's name: the :sub values that admit it and the workloads that run as it", async () => {
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: team-a\nspec:\n  template:\n    spec:\n      serviceAccountName: app\n';
    const ws = await TestWorkspace.of({
      'create-roles.sh': SCRIPT,
      'trust.json': trust(
        webIdentityStatement('system:serviceaccount:team-a:app'),
        webIdentityStatement('system:serviceaccount:team-*:*', { operator: 'StringLike' }),
      ),
      'sa.yaml': serviceAccount({ name: 'app', namespace: 'team-a' }),
      'deploy.yaml': deployment,
    });
    assert.deepEqual(seen(ws, references(ws, 'sa.yaml', 'name: app', true, 7)), ['deploy.yaml:9', 'sa.yaml:4', 'trust.json:12', 'trust.json:25']);
    assert.deepEqual(seen(ws, references(ws, 'deploy.yaml', 'serviceAccountName: app', false, 21)), ['deploy.yaml:9', 'trust.json:12', 'trust.json:25']);
  });
});

describe('document links', () => {
  test('examples/broken: each annotation links to the line of its role, with a tooltip', async () => {
    const ws = await examples();
    const links = ws.service.findDocumentLinks(ws.document('broken/service-accounts.yaml'));
    assert.deepEqual(
      links.map((l) => [l.range.start.line, l.target, l.tooltip]),
      [
        [7, `${ws.uri('broken/create-roles.sh')}#L6`, 'role DevTeamARole, defined in broken/create-roles.sh'],
        [15, `${ws.uri('broken/create-roles.sh')}#L9`, 'role DevTeamBRole, defined in broken/create-roles.sh'],
      ],
    );
  });

  test("a script's file:// policies link to their files; an unknown role gets no link", async () => {
    const ws = await TestWorkspace.of({
      'create-roles.sh': SCRIPT,
      'sa.yaml': serviceAccount({ name: 'app', namespace: 'team-a', arn: `arn:aws:iam::${ACCOUNT}:role/Nowhere` }),
    });
    assert.deepEqual(
      ws.service.findDocumentLinks(ws.document('create-roles.sh')).map((l) => [l.target, l.tooltip, textAt(ws, ws.uri('create-roles.sh'), l.range)]),
      [
        [ws.uri('trust.json'), 'trust policy workspace/trust.json', 'file://trust.json'],
        [ws.uri('app-policy.json'), 'permission policy workspace/app-policy.json', 'file://app-policy.json'],
      ],
    );
    assert.deepEqual(ws.service.findDocumentLinks(ws.document('sa.yaml')), []);
  });
});

describe('code lens', () => {
  const lenses = (ws: TestWorkspace, file: string) => ws.service.findCodeLenses(ws.document(file));

  test('examples: the broken trust admits no ServiceAccount, the working one admits its own', async () => {
    const ws = await examples();
    const broken = lenses(ws, 'broken/trust-policy-dev-team-a.json');
    assert.deepEqual(
      broken.map((l) => [l.range.start.line, l.command?.title]),
      [[3, 'admits no ServiceAccount of the workspace']],
    );
    const [working] = lenses(ws, 'working/trust-policy-dev-team-a.json');
    assert.equal(working.command?.title, 'admits 1 ServiceAccount: team-a/dev-team-a-sa');
    assert.equal(working.command?.command, CLIENT_COMMAND.showReferences);
    const [uri, position, locations] = working.command!.arguments as [string, Position, Location[]];
    assert.equal(uri, ws.uri('working/trust-policy-dev-team-a.json'));
    assert.deepEqual(position, { line: 3, character: 4 });
    // Both folders define team-a/dev-team-a-sa: named once, both manifests shown.
    assert.deepEqual(seen(ws, locations), ['broken/service-accounts.yaml:5', 'working/service-accounts.yaml:5']);
  });

  test('several ServiceAccounts: up to three named, then …', async () => {
    const accounts = ['a', 'b', 'c', 'd'].map((n) => serviceAccount({ name: n, namespace: 'team-b' })).join('---\n');
    const ws = await TestWorkspace.of({
      'trust.json': trust(webIdentityStatement(['system:serviceaccount:team-a:app', 'system:serviceaccount:team-b:x'])),
      'like.json': trust(webIdentityStatement('system:serviceaccount:team-b:*', { operator: 'StringLike' })),
      'sa.yaml': serviceAccount({ name: 'app', namespace: 'team-a' }) + '---\n' + serviceAccount({ name: 'x', namespace: 'team-b' }),
      'more.yaml': accounts,
    });
    assert.deepEqual(
      lenses(ws, 'trust.json').map((l) => l.command?.title),
      ['admits 2 ServiceAccounts: team-a/app, team-b/x'],
    );
    const [like] = lenses(ws, 'like.json');
    assert.equal(like.command?.title, 'admits 5 ServiceAccounts: team-b/a, team-b/b, team-b/c, …');
    assert.equal((like.command?.arguments?.[2] as Location[]).length, 5);
  });

  test('Pod Identity statements count the associations of their roles', async () => {
    const script = `#!/bin/sh\naws iam create-role --role-name PodRole --assume-role-policy-document file://pod-trust.json\naws eks create-pod-identity-association --cluster-name c --namespace team-a --service-account app --role-arn arn:aws:iam::${ACCOUNT}:role/PodRole\naws eks create-pod-identity-association --cluster-name c --namespace team-b --service-account app --role-arn arn:aws:iam::${ACCOUNT}:role/PodRole\n`;
    const ws = await TestWorkspace.of({
      'create-roles.sh': script,
      'pod-trust.json': trust(POD_IDENTITY_STATEMENT),
      'lonely.json': trust(POD_IDENTITY_STATEMENT),
    });
    const [lens] = lenses(ws, 'pod-trust.json');
    assert.equal(lens.command?.title, 'Pod Identity: 2 associations');
    assert.deepEqual(seen(ws, lens.command?.arguments?.[2] as Location[]), ['create-roles.sh:3', 'create-roles.sh:4']);
    assert.deepEqual(
      lenses(ws, 'lonely.json').map((l) => l.command?.title),
      ['Pod Identity: 0 associations'],
    );
  });

  test('embedded trust policies get lenses too; Deny statements and other policies none', async () => {
    const inline = JSON.stringify({
      Version: '2012-10-17',
      Statement: [webIdentityStatement('system:serviceaccount:team-a:app'), { ...webIdentityStatement('x'), Effect: 'Deny' }],
    });
    const ws = await TestWorkspace.of({
      'create-roles.sh': `#!/bin/sh\naws iam create-role --role-name AppRole --assume-role-policy-document '${inline}'\n`,
      'sa.yaml': serviceAccount({ name: 'app', namespace: 'team-a' }),
      'app-policy.json': APP_POLICY,
    });
    assert.deepEqual(
      lenses(ws, 'create-roles.sh').map((l) => [l.range.start.line, l.command?.title]),
      [[1, 'admits 1 ServiceAccount: team-a/app']],
    );
    assert.deepEqual(lenses(ws, 'app-policy.json'), []);
    // The ServiceAccount gets the permission lens only (its role has no policy).
    assert.deepEqual(
      lenses(ws, 'sa.yaml').map((l) => l.command?.title),
      ['no permissions found'],
    );
  });
});

describe('hover', () => {
  test('examples/broken: the role, where it is defined, whom its trust admits, its permissions', async () => {
    const ws = await examples();
    const text = hover(ws, 'broken/service-accounts.yaml', 'arn:aws:iam::444455556666:role/DevTeamARole', 10)!;
    assert.match(text, /IAM role `DevTeamARole`\*\* · path `\/` · account 444455556666/);
    assert.ok(text.includes(`Defined in [create-roles.sh:6](${ws.uri('broken/create-roles.sh')}#L6)`), text);
    assert.ok(text.includes(`Trust [trust-policy-dev-team-a.json:1](${ws.uri('broken/trust-policy-dev-team-a.json')}#L1) admits:`), text);
    assert.ok(text.includes('- `system:serviceaccount:default:dev-team-a-sa`: no manifest in the workspace'), text);
    assert.ok(text.includes('Does **not** admit this ServiceAccount, team-a/dev-team-a-sa.'), text);
    assert.ok(text.includes(`Permissions: [DevTeamAPolicy](${ws.uri('broken/dev-team-a-policy.json')})`), text);
  });

  test('a working role: the manifests its :sub matches, and managed policies by ARN', async () => {
    const ws = await TestWorkspace.of({
      'create-roles.sh': SCRIPT,
      'trust.json': trust(webIdentityStatement('system:serviceaccount:team-a:app')),
      'sa.yaml': serviceAccount({ name: 'app', namespace: 'team-a' }),
    });
    const text = hover(ws, 'sa.yaml', 'arn:aws')!;
    assert.ok(text.includes(`- \`system:serviceaccount:team-a:app\`: team-a/app ([sa.yaml:4](${ws.uri('sa.yaml')}#L4))`), text);
    assert.ok(text.includes('Admits this ServiceAccount, team-a/app.'), text);
    assert.ok(text.includes('`arn:aws:iam::aws:policy/ReadOnlyAccess` (managed)'), text);
    const { document, position } = at(ws, 'sa.yaml', 'arn:aws');
    const range = ws.service.doHover(document, position)!.range!;
    assert.equal(textAt(ws, ws.uri('sa.yaml'), range), `arn:aws:iam::${ACCOUNT}:role/AppRole`);
  });

  test('an unknown role is said to be undefined; a role without trust says so', async () => {
    const ws = await TestWorkspace.of({
      'create-roles.sh': '#!/bin/sh\naws iam attach-role-policy --role-name Bare --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess\n',
      'sa.yaml':
        serviceAccount({ name: 'app', namespace: 'team-a', arn: `arn:aws:iam::${ACCOUNT}:role/Nowhere` }) +
        '---\n' +
        serviceAccount({ name: 'x', namespace: 'team-a', arn: `arn:aws:iam::${ACCOUNT}:role/Bare` }),
    });
    const unknown = hover(ws, 'sa.yaml', 'role/Nowhere')!;
    assert.match(unknown, /IAM role `Nowhere`.*account 111122223333/);
    assert.match(unknown, /Not defined in the workspace/);
    assert.match(hover(ws, 'sa.yaml', 'role/Bare')!, /Trust policy: not given by the definition/);
  });

  test('a :sub value: the manifest it matches, or that none is', async () => {
    const ws = await examples();
    const broken = hover(ws, 'broken/trust-policy-dev-team-a.json', 'system:serviceaccount:default')!;
    assert.equal(broken, 'No ServiceAccount manifest in the workspace is `system:serviceaccount:default:dev-team-a-sa`.');
    const working = hover(ws, 'working/trust-policy-dev-team-b.json', 'system:serviceaccount:team-b')!;
    assert.equal(
      working,
      `\`system:serviceaccount:team-b:dev-team-b-sa\` is the ServiceAccount team-b/dev-team-b-sa, defined in [working/service-accounts.yaml:13](${ws.uri('working/service-accounts.yaml')}#L13), [broken/service-accounts.yaml:13](${ws.uri('broken/service-accounts.yaml')}#L13)`,
      'the manifest nearest to the trust policy first',
    );
  });

  test('a :sub pattern: the ServiceAccounts it matches', async () => {
    const ws = await TestWorkspace.of({
      'like.json': trust(webIdentityStatement(['system:serviceaccount:team-b:*', 'system:serviceaccount:nobody:*'], { operator: 'StringLike' })),
      'sa.yaml': serviceAccount({ name: 'x', namespace: 'team-b' }) + '---\n' + serviceAccount({ name: 'y', namespace: 'team-b' }),
    });
    assert.equal(
      hover(ws, 'like.json', 'system:serviceaccount:team-b'),
      `\`system:serviceaccount:team-b:*\` (StringLike) matches 2 ServiceAccounts: team-b/x ([sa.yaml:4](${ws.uri('sa.yaml')}#L4)), team-b/y ([sa.yaml:12](${ws.uri('sa.yaml')}#L12))`,
    );
    assert.equal(
      hover(ws, 'like.json', 'system:serviceaccount:nobody'),
      'No ServiceAccount manifest in the workspace matches `system:serviceaccount:nobody:*` (StringLike).',
    );
  });

  test('no navigation hover elsewhere: an action gets the action hover, a name or a script word none', async () => {
    const ws = await examples();
    const action = hover(ws, 'broken/trust-policy-dev-team-a.json', 'sts:AssumeRoleWithWebIdentity') ?? '';
    assert.match(action, /AssumeRoleWithWebIdentity/);
    assert.doesNotMatch(action, /ServiceAccount manifest|admits/);
    // A ServiceAccount's name: what its pods can do (test/unit/permissions-editor.test.ts), nothing of navigation.
    assert.doesNotMatch(hover(ws, 'broken/service-accounts.yaml', 'dev-team-a-sa') ?? '', /IAM role|admits:/);
    assert.equal(hover(ws, 'broken/create-roles.sh', 'DevTeamARole'), undefined);
  });
});
