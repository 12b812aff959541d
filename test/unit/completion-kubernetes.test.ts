import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupContent } from 'vscode-languageserver-types';
import { parseDocument } from 'yaml';
import { ACCOUNT, trustPolicy } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

interface Completed {
  readonly ws: TestWorkspace;
  readonly document: TextDocument;
  readonly items: CompletionItem[];
}

/** The Kubernetes completion items under the `|` of a fixture (the marker removed), beside `others`. */
async function completeAt(file: string, marked: string, others: Record<string, string> = {}): Promise<Completed> {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'the fixture marks the cursor with |');
  const ws = await TestWorkspace.of({ ...others, [file]: marked.slice(0, offset) + marked.slice(offset + 1) });
  const document = ws.document(file);
  // Snippets are another feature's: these tests look at what this one offers.
  const items = ws.service.doComplete(document, document.positionAt(offset)).items.filter((i) => i.kind !== CompletionItemKind.Snippet);
  return { ws, document, items };
}

const labels = (items: readonly CompletionItem[]) => items.map((i) => i.label);

/** The document's text once an item is accepted, with a snippet's placeholders at their defaults. */
function accept({ document, items }: Completed, label: string): string {
  const item = items.find((i) => i.label === label);
  assert.ok(item, `${label} among ${labels(items).join(', ')}`);
  const edit = item.textEdit;
  assert.ok(edit && 'range' in edit, 'items replace what is typed');
  let newText = edit.newText;
  if (item.insertTextFormat === InsertTextFormat.Snippet) newText = newText.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\\([\\$}])/g, '$1');
  const text = document.getText();
  return text.slice(0, document.offsetAt(edit.range.start)) + newText + text.slice(document.offsetAt(edit.range.end));
}

/** `metadata.annotations` of a YAML text, as Kubernetes reads them (the text must parse). */
function annotationsOf(text: string): Record<string, unknown> {
  const doc = parseDocument(text);
  assert.deepEqual(doc.errors, [], text);
  return (doc.toJS() as { metadata?: { annotations?: Record<string, unknown> } }).metadata?.annotations ?? {};
}

const SA_HEAD = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: team-a\n  annotations:\n';
const WEBHOOK_KEYS = [
  'eks.amazonaws.com/role-arn',
  'eks.amazonaws.com/audience',
  'eks.amazonaws.com/sts-regional-endpoints',
  'eks.amazonaws.com/token-expiration',
  'eks.amazonaws.com/endpoint-url',
];

describe('completion of webhook annotation keys on a ServiceAccount', () => {
  test('a half-typed first key (a plain scalar without colon): every key, role-arn first, the key and its colon replace what is typed', async () => {
    const completed = await completeAt('sa.yaml', `${SA_HEAD}    eks.amazonaws.com/ro|\n`);
    assert.deepEqual(labels(completed.items), WEBHOOK_KEYS);
    const roleArn = completed.items[0];
    assert.match(roleArn.detail!, /IAM role the pods/);
    assert.match((roleArn.documentation as MarkupContent).value, /AWS_ROLE_ARN/);
    assert.equal(roleArn.command?.command, 'editor.action.triggerSuggest', 'the role ARNs are suggested next');
    const text = accept(completed, 'eks.amazonaws.com/role-arn');
    assert.equal(text, `${SA_HEAD}    eks.amazonaws.com/role-arn: \n`);
    assert.deepEqual(Object.keys(annotationsOf(text)), ['eks.amazonaws.com/role-arn']);
  });

  test('a half-typed key below another annotation: the keys not there yet', async () => {
    const completed = await completeAt(
      'sa.yaml',
      `${SA_HEAD}    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/AppRole\n    eks.amazonaws.com/au|\n`,
    );
    assert.deepEqual(
      labels(completed.items),
      WEBHOOK_KEYS.filter((k) => !k.endsWith('role-arn')),
    );
    const text = accept(completed, 'eks.amazonaws.com/audience');
    assert.ok(text.includes('\n    eks.amazonaws.com/audience: \n'), text);
  });

  test('a blank line under annotations, below or above existing keys, and in a kind: List item', async () => {
    const empty = await completeAt('sa.yaml', `${SA_HEAD}    |\n  labels:\n    team: a\n`);
    assert.deepEqual(labels(empty.items), WEBHOOK_KEYS);
    assert.deepEqual(Object.keys(annotationsOf(accept(empty, 'eks.amazonaws.com/role-arn'))), ['eks.amazonaws.com/role-arn']);
    const above = await completeAt('sa.yaml', `${SA_HEAD}    |\n    eks.amazonaws.com/role-arn: x\n`);
    assert.deepEqual(labels(above.items), WEBHOOK_KEYS.slice(1));
    const below = await completeAt('sa.yaml', `${SA_HEAD}    eks.amazonaws.com/role-arn: x\n    |\n  labels:\n    team: a\n`);
    assert.deepEqual(labels(below.items), WEBHOOK_KEYS.slice(1));
    const list = await completeAt(
      'list.yaml',
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata:\n      name: app\n      annotations:\n        |\n  - apiVersion: v1\n    kind: ConfigMap\n',
    );
    assert.deepEqual(labels(list.items), WEBHOOK_KEYS);
  });

  test('a key with its colon is replaced alone, the key under the cursor offered again', async () => {
    const completed = await completeAt('sa.yaml', `${SA_HEAD}    eks.amazonaws.com/aud|iense: sts.amazonaws.com\n`);
    assert.ok(labels(completed.items).includes('eks.amazonaws.com/audience'));
    assert.equal(completed.items[0].command, undefined);
    assert.equal(accept(completed, 'eks.amazonaws.com/audience'), `${SA_HEAD}    eks.amazonaws.com/audience: sts.amazonaws.com\n`);
  });

  test('no annotation keys elsewhere: labels, metadata keys, a ConfigMap, a JSON file', async () => {
    const none: [string, string][] = [
      ['sa.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  labels:\n    eks|\n'],
      ['sa.yaml', `${SA_HEAD}    eks.amazonaws.com/role-arn: x\n  |\n`],
      ['sa.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n|\n'],
      ['cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    eks|\ndata:\n  a: b\n'],
      ['deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    eks|\n'],
      ['crd.yaml', 'apiVersion: example.com/v1\nkind: Chart\nserviceAccount:\n  annotations:\n    eks|\n'],
    ];
    for (const [file, marked] of none) assert.deepEqual(labels((await completeAt(file, marked)).items), [], marked);
  });
});

describe('completion of webhook annotation values', () => {
  const SCRIPT = [
    'aws iam create-role --role-name AppRole --assume-role-policy-document file://app-trust.json',
    'aws iam create-role --role-name OtherRole --assume-role-policy-document file://other-trust.json',
    'aws iam create-role --role-name PodRole --assume-role-policy-document file://pod-trust.json',
    'aws iam create-role --role-name Lonely --path /team/ --assume-role-policy-document file://missing.json',
    '',
  ].join('\n');
  const POD_TRUST = JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] },
    null,
    2,
  );
  const ROLES = {
    'create-roles.sh': SCRIPT,
    'app-trust.json': trustPolicy('system:serviceaccount:team-a:app'),
    'other-trust.json': trustPolicy('system:serviceaccount:team-b:other'),
    'pod-trust.json': POD_TRUST,
  };
  const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/AppRole`;

  test("role-arn: the workspace's roles, those whose trust admits this ServiceAccount first, with the defining file", async () => {
    const completed = await completeAt('sa.yaml', `${SA_HEAD}    eks.amazonaws.com/role-arn: |\n`, ROLES);
    assert.deepEqual(labels(completed.items), [
      APP_ROLE,
      `arn:aws:iam::${ACCOUNT}:role/OtherRole`,
      'arn:aws:iam::ACCOUNT_ID:role/team/Lonely',
      'arn:aws:iam::ACCOUNT_ID:role/PodRole',
    ]);
    const [app, other, lonely, pod] = completed.items;
    assert.equal(app.detail, 'role AppRole · workspace/create-roles.sh:1');
    assert.equal(app.preselect, true);
    assert.match((app.documentation as MarkupContent).value, /admits this ServiceAccount \(team-a\/app\)/);
    assert.match((other.documentation as MarkupContent).value, /does \*\*not\*\* admit this ServiceAccount/);
    assert.match((lonely.documentation as MarkupContent).value, /not in the workspace/);
    assert.equal(lonely.insertTextFormat, InsertTextFormat.Snippet, 'an unknown account is a tab stop');
    assert.equal((lonely.textEdit as { newText: string }).newText, 'arn:aws:iam::${1:ACCOUNT_ID}:role/team/Lonely');
    assert.match((pod.documentation as MarkupContent).value, /allows no `sts:AssumeRoleWithWebIdentity`/);
  });

  test('the accepted role ARN links the ServiceAccount to its role: the manifest validates clean', async () => {
    const completed = await completeAt('sa.yaml', `${SA_HEAD}    eks.amazonaws.com/role-arn: |\n`, ROLES);
    const text = accept(completed, APP_ROLE);
    assert.equal(annotationsOf(text)['eks.amazonaws.com/role-arn'], APP_ROLE);
    completed.ws.write('sa.yaml', text);
    assert.deepEqual(
      completed.ws.validate('sa.yaml').map((d) => d.code),
      [],
    );
  });

  test('a partly typed ARN, plain or quoted, is replaced whole; right after the colon a space comes first', async () => {
    const plain = await completeAt('sa.yaml', `${SA_HEAD}    eks.amazonaws.com/role-arn: arn:aws:iam::1|\n`, ROLES);
    assert.equal(accept(plain, APP_ROLE), `${SA_HEAD}    eks.amazonaws.com/role-arn: ${APP_ROLE}\n`);
    const quoted = await completeAt('sa.yaml', `${SA_HEAD}    eks.amazonaws.com/role-arn: "arn:aws:iam::|"\n`, ROLES);
    assert.equal(accept(quoted, APP_ROLE), `${SA_HEAD}    eks.amazonaws.com/role-arn: "${APP_ROLE}"\n`);
    const tight = await completeAt('sa.yaml', `${SA_HEAD}    eks.amazonaws.com/role-arn:|\n`, ROLES);
    assert.equal(annotationsOf(accept(tight, APP_ROLE))['eks.amazonaws.com/role-arn'], APP_ROLE);
  });

  test('sts-regional-endpoints: "true" and "false" quoted, bare inside quotes; the result is a string', async () => {
    const plain = await completeAt(
      'sa.yaml',
      `${SA_HEAD}    eks.amazonaws.com/role-arn: ${APP_ROLE}\n    eks.amazonaws.com/sts-regional-endpoints: tr|\n`,
      ROLES,
    );
    assert.deepEqual(labels(plain.items), ['"true"', '"false"']);
    const text = accept(plain, '"true"');
    assert.equal(annotationsOf(text)['eks.amazonaws.com/sts-regional-endpoints'], 'true');
    plain.ws.write('sa.yaml', text);
    assert.deepEqual(
      plain.ws.validate('sa.yaml').map((d) => d.code),
      [],
    );
    const quoted = await completeAt('sa.yaml', `${SA_HEAD}    eks.amazonaws.com/sts-regional-endpoints: "|"\n`);
    assert.deepEqual(labels(quoted.items), ['true', 'false']);
    assert.equal(annotationsOf(accept(quoted, 'true'))['eks.amazonaws.com/sts-regional-endpoints'], 'true');
  });

  test('audience: sts.amazonaws.com; token-expiration: "86400"', async () => {
    const audience = await completeAt('sa.yaml', `${SA_HEAD}    eks.amazonaws.com/audience: |\n`);
    assert.deepEqual(labels(audience.items), ['sts.amazonaws.com']);
    const expiration = await completeAt('sa.yaml', `${SA_HEAD}    eks.amazonaws.com/token-expiration: |\n`);
    assert.equal(annotationsOf(accept(expiration, '"86400"'))['eks.amazonaws.com/token-expiration'], '86400');
  });

  test('no values for other annotations, nor for the same key outside annotations', async () => {
    assert.deepEqual(labels((await completeAt('sa.yaml', `${SA_HEAD}    example.com/owner: |\n`, ROLES)).items), []);
    assert.deepEqual(
      labels((await completeAt('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  eks.amazonaws.com/role-arn: |\n', ROLES)).items),
      [],
    );
  });
});

describe('completion in Helm values: serviceAccount.annotations', () => {
  test('the keys, in a values file with no webhook annotation yet', async () => {
    const completed = await completeAt('values.yaml', 'replicaCount: 1\nserviceAccount:\n  create: true\n  annotations:\n    eks|\n');
    assert.deepEqual(labels(completed.items), WEBHOOK_KEYS);
    const text = accept(completed, 'eks.amazonaws.com/role-arn');
    assert.ok(parseDocument(text).hasIn(['serviceAccount', 'annotations', 'eks.amazonaws.com/role-arn']), text);
  });

  test('role ARNs without a ServiceAccount to rank by: IRSA roles first', async () => {
    const files = {
      'create-roles.sh': 'aws iam create-role --role-name AppRole --assume-role-policy-document file://app-trust.json\n',
      'app-trust.json': trustPolicy(),
    };
    const completed = await completeAt('values.yaml', `serviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: |\n`, files);
    assert.deepEqual(labels(completed.items), [`arn:aws:iam::${ACCOUNT}:role/AppRole`]);
    assert.match((completed.items[0].documentation as MarkupContent).value, /admits web identities/);
  });
});

describe("completion of the webhook's pod annotations", () => {
  const deployment = (annotations: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      annotations:\n${annotations}    spec:\n      serviceAccountName: app\n      initContainers:\n        - name: init-first\n      containers:\n        - name: sidecar\n        - name: web\n`;

  test("a pod template's annotations: the keys the webhook reads on pods only", async () => {
    const completed = await completeAt('deploy.yaml', deployment('        eks|\n'));
    assert.deepEqual(labels(completed.items), ['eks.amazonaws.com/token-expiration', 'eks.amazonaws.com/skip-containers']);
    const pod = await completeAt('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    |\nspec:\n  containers:\n    - name: web\n');
    assert.deepEqual(labels(pod.items), ['eks.amazonaws.com/token-expiration', 'eks.amazonaws.com/skip-containers']);
  });

  test("skip-containers: the pod's container names, for the list item under the cursor", async () => {
    const first = await completeAt('deploy.yaml', deployment('        eks.amazonaws.com/skip-containers: |\n'));
    assert.deepEqual(labels(first.items), ['init-first', 'sidecar', 'web']);
    const next = await completeAt('deploy.yaml', deployment('        eks.amazonaws.com/skip-containers: "init-first, si|"\n'));
    assert.deepEqual(labels(next.items), ['sidecar', 'web']);
    const text = accept(next, 'sidecar');
    assert.ok(text.includes('eks.amazonaws.com/skip-containers: "init-first, sidecar"\n'), text);
  });
});
