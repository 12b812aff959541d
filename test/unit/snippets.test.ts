import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CompletionItem, CompletionItemKind, InsertTextFormat, TextEdit } from 'vscode-languageserver-types';
import { allSnippets, Snippet } from '../../server/src/service/features/snippets/snippets';
import { snippetDefaultText } from '../../server/src/service/features/snippets/text';
import { accept, cursorIn } from '../support/completion';
import { ACCOUNT, PROVIDER, serviceAccount, trustPolicy } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The snippet completions at the `|` of a fixture, with the workspace to validate what accepting one gives. */
async function snippetsAt(file: string, marked: string, others: Record<string, string> = {}) {
  const { text, offset } = cursorIn(marked);
  const ws = await TestWorkspace.of({ ...others, [file]: text });
  const document = ws.document(file);
  const items = ws.service.doComplete(document, document.positionAt(offset)).items.filter((item) => item.kind === CompletionItemKind.Snippet);
  const labels = items.map((item) => item.label);
  /** Accepts the item labelled `label`, writes the result and returns its diagnostics (code: message). */
  const acceptAndValidate = (label: string) => {
    const item = items.find((i) => i.label === label);
    assert.ok(item, `${label} offered in ${JSON.stringify(marked)}; offered: ${labels.join(', ')}`);
    const result = accept(document, item);
    ws.write(file, result);
    return { result, diagnostics: ws.validate(file).map((d) => `${d.code}: ${d.message}`) };
  };
  return { items, labels, acceptAndValidate, item: (label: string) => items.find((i) => i.label === label) as CompletionItem };
}

function prefixes(place: Snippet['place']): string[] {
  return allSnippets()
    .filter((s) => s.place === place)
    .map((s) => s.prefix);
}

/** Where each kind of snippet goes, to accept it with its defaults (a condition needs actions that send its keys). */
const HOSTS: Record<Snippet['place'], [string, string]> = {
  policy: ['new-policy.json', '|'],
  statement: ['policy.json', '{\n  "Version": "2012-10-17",\n  "Statement": [\n    |\n  ]\n}\n'],
  condition: [
    'tagging.json',
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "ec2:CreateTags",\n      "Resource": "arn:aws:ec2:*:*:volume/*",\n      "Condition": {\n        |\n      }\n    }\n  ]\n}\n',
  ],
  manifest: ['manifests.yaml', '|'],
  'eksctl-service-account': [
    'cluster.yaml',
    'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: dev\n  region: us-east-1\niam:\n  withOIDC: true\n  serviceAccounts:\n    |\n',
  ],
  'eksctl-pod-identity': [
    'cluster.yaml',
    'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: dev\n  region: us-east-1\niam:\n  podIdentityAssociations:\n    |\n',
  ],
};

describe('snippet syntax', () => {
  test('placeholders take their defaults, mirrors the default of their placeholder, choices the first option, escapes their character', () => {
    assert.equal(
      snippetDefaultText('${1:team}-${1}-$1 ${2|ec2,lambda|} \\${aws:PrincipalTag/${3:team}} ${4:a ${5:b}}$0'),
      'team-team-team ec2 ${aws:PrincipalTag/team} a b',
    );
    assert.equal(snippetDefaultText('${1}x${1:mirrored before}'), 'mirrored beforexmirrored before');
  });
});

describe('snippets: each one, accepted with its defaults in its place, validates clean', () => {
  for (const snippet of allSnippets()) {
    test(`${snippet.prefix} (${snippet.place})`, async () => {
      const [file, host] = HOSTS[snippet.place];
      const { items, acceptAndValidate } = await snippetsAt(file, host);
      const item = items.find((i) => i.label === snippet.prefix)!;
      assert.equal(item?.insertTextFormat, InsertTextFormat.Snippet);
      assert.equal(item.detail, snippet.name);
      const { result, diagnostics } = acceptAndValidate(snippet.prefix);
      assert.deepEqual(diagnostics, [], result);
      assert.ok(result.includes(snippet.text.split('\n')[1].trim()), 'the snippet is in the result');
    });
  }

  test('every snippet has a prefix of the scheme and a description; prefixes are unique', () => {
    const all = allSnippets();
    assert.equal(all.length, 20);
    assert.equal(new Set(all.map((s) => s.prefix)).size, all.length);
    for (const s of all) {
      assert.match(s.prefix, /^[a-z0-9]+(-[a-z0-9]+)+$/, s.prefix);
      assert.ok(s.description.length > 20, s.prefix);
    }
  });

  test("package.json contributes no snippet file: the server offers them where they fit, with the workspace's values (VS Code would list both)", () => {
    assert.equal(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes.snippets, undefined);
  });
});

describe('snippets: offered where they fit', () => {
  test('an empty JSON document: the whole policies, replacing the typed word', async () => {
    const { labels, item } = await snippetsAt('trust.json', 'irs|');
    assert.deepEqual(labels, prefixes('policy'));
    assert.deepEqual((item('irsa-trust').textEdit as TextEdit).range, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
    assert.equal(item('irsa-trust').filterText, 'irsa-trust');
  });

  test('inside the empty object of a new file (the braces go): the whole policies, and the result validates clean', async () => {
    const { labels, acceptAndValidate } = await snippetsAt('trust.json', '{\n  pod|\n}\n');
    assert.deepEqual(labels, prefixes('policy'));
    const { result, diagnostics } = acceptAndValidate('pod-identity-trust');
    assert.deepEqual(diagnostics, []);
    assert.match(result, /^\s*\{\n\s*"Version": "2012-10-17",/);
  });

  test('Ctrl+Space in `{}`: the whole policies replace the braces', async () => {
    const { item, acceptAndValidate } = await snippetsAt('trust.json', '{|}');
    assert.deepEqual(
      item('lambda-trust').additionalTextEdits?.map((e) => e.range.start.character),
      [0, 1],
    );
    const { result, diagnostics } = acceptAndValidate('lambda-trust');
    assert.deepEqual(diagnostics, []);
    assert.equal(JSON.parse(result).Statement[0].Principal.Service, 'lambda.amazonaws.com');
  });

  test('a quoted word in an empty object: the string is replaced, the filter text starts with its quote', async () => {
    const { item, acceptAndValidate } = await snippetsAt('trust.json', '{"irs|"}');
    assert.equal(item('irsa-trust').filterText, '"irsa-trust');
    assert.deepEqual(acceptAndValidate('irsa-trust').diagnostics, []);
  });

  test('not in a policy that has content, nor in other JSON files', async () => {
    assert.deepEqual((await snippetsAt('policy.json', '{\n  "Version": "2012-10-17",\n  irs|\n}')).labels, []);
    assert.deepEqual((await snippetsAt('package.json', '{\n  "name": "x",\n  irs|\n}')).labels, []);
    assert.deepEqual((await snippetsAt('policy.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:|"}]}')).labels, []);
  });

  test('a Statement array: the statements, with the comma the array needs after the statement before', async () => {
    const marked =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}\n    abac|\n  ]\n}\n';
    const { labels, item, acceptAndValidate } = await snippetsAt('policy.json', marked);
    assert.deepEqual(
      labels,
      prefixes('statement').filter((p) => p !== 'irsa-trust-statement'),
      'an identity policy gets no trust statement',
    );
    assert.equal(item('abac-statement').additionalTextEdits?.[0].newText, ',');
    assert.deepEqual(acceptAndValidate('abac-statement').diagnostics, []);
  });

  test('a Statement array before a statement: a comma follows the inserted one', async () => {
    const marked =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    deny|\n    {"Effect": "Allow", "Action": "ec2:CreateVolume", "Resource": "*"}\n  ]\n}\n';
    const { item, acceptAndValidate } = await snippetsAt('policy.json', marked);
    const edit = item('deny-untagged-create-statement').textEdit!;
    assert.ok(edit.newText.endsWith('},'));
    assert.deepEqual(acceptAndValidate('deny-untagged-create-statement').diagnostics, []);
  });

  test('the Statement array of a trust policy: trust statements only', async () => {
    const marked = `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},\n    |\n  ]\n}\n`;
    const { labels, acceptAndValidate } = await snippetsAt('trust.json', marked);
    assert.deepEqual(labels, ['irsa-trust-statement']);
    assert.deepEqual(acceptAndValidate('irsa-trust-statement').diagnostics, []);
  });

  test('a Condition: the condition blocks whose operator it does not have yet', async () => {
    const marked =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"StringEquals": {"aws:RequestTag/team": "blue"}, "|"}}]}';
    const { labels, acceptAndValidate } = await snippetsAt('policy.json', marked);
    assert.deepEqual(labels, ['tag-keys-condition', 'missing-tag-condition']);
    assert.deepEqual(acceptAndValidate('tag-keys-condition').diagnostics, []);
  });

  test('a statement without Condition: the condition blocks, inserted as its Condition', async () => {
    const marked = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:CreateVolume", "Resource": "*", "miss|"}]}';
    const { labels, item, acceptAndValidate } = await snippetsAt('policy.json', marked);
    assert.deepEqual(labels, prefixes('condition'));
    assert.match(item('missing-tag-condition').textEdit!.newText, /^"Condition": \{\n\t"Null": \{/);
    const { result, diagnostics } = acceptAndValidate('missing-tag-condition');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(JSON.parse(result).Statement[0].Condition, { Null: { 'aws:RequestTag/team': 'true' } });
  });

  test('not in a statement that has a Condition already, nor in its values', async () => {
    assert.deepEqual((await snippetsAt('policy.json', '{"Statement": [{"Effect": "Allow", "Condition": {}, "|"}]}')).labels, []);
    assert.deepEqual((await snippetsAt('policy.json', '{"Statement": [{"Effect": "Allow", "Condition": {"Null": {"|"}}}]}')).labels, []);
  });

  test('an empty YAML document after another: the manifests', async () => {
    const marked = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: other\n---\nsa-|\n';
    const { labels, acceptAndValidate } = await snippetsAt('manifests.yaml', marked);
    assert.deepEqual(labels, ['sa-irsa', 'sa-irsa-deployment']);
    const { result, diagnostics } = acceptAndValidate('sa-irsa-deployment');
    assert.deepEqual(diagnostics, []);
    assert.match(result, /---\napiVersion: v1\nkind: ServiceAccount\n/);
  });

  test('not inside a manifest, nor indented', async () => {
    assert.deepEqual((await snippetsAt('sa.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  sa|\n')).labels, []);
    assert.deepEqual((await snippetsAt('sa.yaml', 'apiVersion: v1\nkind: ServiceAccount\n|')).labels, []);
    assert.deepEqual((await snippetsAt('sa.yaml', '  sa|')).labels, []);
  });

  test('eksctl: a new item of iam.serviceAccounts, its dash included', async () => {
    const marked =
      'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: dev\n  region: us-east-1\niam:\n  withOIDC: true\n  serviceAccounts:\n    - metadata:\n        name: first\n        namespace: team-a\n    - eks|\n  podIdentityAssociations: []\n';
    const { labels, item, acceptAndValidate } = await snippetsAt('cluster.yaml', marked);
    assert.deepEqual(labels, ['eksctl-irsa']);
    assert.equal(item('eksctl-irsa').filterText, '- eksctl-irsa');
    const { result, diagnostics } = acceptAndValidate('eksctl-irsa');
    assert.deepEqual(diagnostics, []);
    assert.match(result, /\n {4}- metadata:\n {8}name: my-service-account\n {8}namespace: default\n {6}roleName: my-role\n/);
  });

  test('eksctl: under podIdentityAssociations, the association entry; not inside an item, nor in other YAML', async () => {
    const cluster = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: dev\n  region: us-east-1\niam:\n';
    assert.deepEqual((await snippetsAt('cluster.yaml', `${cluster}  podIdentityAssociations:\n    eks|\n`)).labels, ['eksctl-pod-identity']);
    assert.deepEqual((await snippetsAt('cluster.yaml', `${cluster}  podIdentityAssociations:\n  |\n  serviceAccounts: []\n`)).labels, ['eksctl-pod-identity']);
    assert.deepEqual((await snippetsAt('cluster.yaml', `${cluster}  serviceAccounts:\n    - metadata:\n        name: a\n      eks|\n`)).labels, []);
    assert.deepEqual((await snippetsAt('values.yaml', 'iam:\n  serviceAccounts:\n    eks|\n')).labels, []);
  });

  test('the harness sees what is wrong: the IRSA trust with the China audience is not clean', async () => {
    const { result } = (await snippetsAt('trust.json', 'irs|')).acceptAndValidate('irsa-trust');
    const ws = await TestWorkspace.of({ 'trust.json': result.replace('"sts.amazonaws.com"', '"sts.amazonaws.com.cn"') });
    assert.deepEqual(
      ws.validate('trust.json').map((d) => d.code),
      ['IRSA_AUD_VALUE'],
    );
  });

  test('half-typed and broken documents give fewer snippets, never an exception', async () => {
    for (const [file, marked] of [
      ['p.json', '{"Statement": [ {"Effect": |'],
      ['p.json', '[|]'],
      ['p.json', '{"Statement": [{"Condition": {"|'],
      ['m.yaml', 'iam: [\n|'],
      ['c.yaml', 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\niam:\n  serviceAccounts: |'],
    ]) {
      const { labels } = await snippetsAt(file, marked);
      assert.ok(Array.isArray(labels));
    }
  });
});

describe('snippets: the workspace fills in what it knows', () => {
  test("the IRSA trust snippet names the workspace's cluster and a ServiceAccount no trust admits yet, and validates clean there", async () => {
    const others = {
      'k8s/service-accounts.yaml': [serviceAccount({ name: 'admitted' }), serviceAccount({ name: 'reports', namespace: 'billing' })].join('---\n'),
      'iam/trust-admitted.json': trustPolicy('system:serviceaccount:team-a:admitted'),
    };
    const { acceptAndValidate } = await snippetsAt('iam/new-trust.json', '|', others);
    const { result, diagnostics } = acceptAndValidate('irsa-trust');
    assert.match(result, /"system:serviceaccount:billing:reports"/);
    assert.ok(result.includes(`arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}"`), result);
    assert.ok(result.includes(`"${PROVIDER}:sub"`), result);
    assert.deepEqual(diagnostics, []);
  });

  test('without a cluster or ServiceAccounts in the workspace, the placeholders stay', async () => {
    const { acceptAndValidate } = await snippetsAt('new-trust.json', '|');
    const { result } = acceptAndValidate('irsa-trust');
    assert.match(result, /system:serviceaccount:default:my-service-account/);
    assert.match(result, /oidc\.eks\.us-east-1\.amazonaws\.com\/id\/EXAMPLED539D4633E53DE1B71EXAMPLE/);
  });
});
