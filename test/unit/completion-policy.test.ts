import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItem, CompletionItemTag, DiagnosticSeverity, InsertTextFormat, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { snippetDefaultText } from '../../server/src/service/features/snippets/text';
import { PROVIDER, serviceAccount, trustDocument } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

const FEDERATED = `arn:aws:iam::111122223333:oidc-provider/${PROVIDER}`;

interface Completion {
  readonly ws: TestWorkspace;
  readonly document: TextDocument;
  /** The policy items (tagged `iamIrsa`), in the order the editor lists them before filtering. */
  readonly items: CompletionItem[];
}

/** Completion at the `|` of `marked` in `file`, among `others` files of the workspace. */
async function complete(file: string, marked: string, others: Record<string, string> = {}): Promise<Completion> {
  const offset = marked.indexOf('|');
  const ws = await TestWorkspace.of({ ...others, [file]: marked.slice(0, offset) + marked.slice(offset + 1) });
  const document = ws.document(file);
  const items = ws.service
    .doComplete(document, document.positionAt(offset))
    .items.filter((item) => typeof item.data === 'object' && item.data !== null && 'iamIrsa' in item.data)
    .sort((a, b) => String(a.sortText).localeCompare(String(b.sortText)));
  return { ws, document, items };
}

function labels(items: readonly CompletionItem[]): string[] {
  return items.map((item) => item.label);
}

function item(items: readonly CompletionItem[], label: string): CompletionItem {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `${label} among ${labels(items).slice(0, 20).join(', ')}`);
  return found;
}

function edit(item: CompletionItem): TextEdit {
  assert.ok(item.textEdit && 'range' in item.textEdit, 'a text edit with a range');
  return item.textEdit;
}

/** The text an item inserts once its snippet placeholders take their defaults (the first choice). */
function expanded(item: CompletionItem): string {
  const text = edit(item).newText;
  return item.insertTextFormat === InsertTextFormat.Snippet ? snippetDefaultText(text) : text;
}

/** The document's text with the item applied. */
function applied({ document }: Completion, item: CompletionItem): string {
  return TextDocument.applyEdits(document, [{ range: edit(item).range, newText: expanded(item) }]);
}

/** The text an item replaces. */
function replaced({ document }: Completion, item: CompletionItem): string {
  const { range } = edit(item);
  return document.getText().slice(document.offsetAt(range.start), document.offsetAt(range.end));
}

const identity = (statement: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", ${statement}}]}`;
const trust = (rest: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "${FEDERATED}"}, "Action": "sts:AssumeRoleWithWebIdentity"${rest}}]}`;

describe('completion in policies: Version, elements, Effect', () => {
  test('Version offers the current language version first and marks the old one', async () => {
    const { items } = await complete('policy.json', '{"Version": "|"}');
    assert.deepEqual(labels(items), ['2012-10-17', '2008-10-17']);
    assert.deepEqual(item(items, '2008-10-17').tags, [CompletionItemTag.Deprecated]);
    assert.equal(item(items, '2012-10-17').tags, undefined);
  });

  test('top-level keys: only those not yet present, each with its value as a snippet outside a string', async () => {
    const c = await complete('policy.json', '{"Version": "2012-10-17", |}');
    assert.deepEqual(labels(c.items), ['Statement', 'Id']);
    assert.match(edit(item(c.items, 'Statement')).newText, /^"Statement": \[\n\t\{\n\t\t"Effect": "\$\{1\|Allow,Deny\|\}",/);
  });

  test('a key typed without its colon is replaced whole by the member', async () => {
    const c = await complete('policy.json', '{"Ver|"}');
    const version = item(c.items, 'Version');
    assert.equal(replaced(c, version), '"Ver"');
    assert.equal(applied(c, version), '{"Version": "2012-10-17"}');
  });

  test('statement keys: those not present, neither alternatives of present ones, the Not forms after the others', async () => {
    const { items } = await complete('policy.json', identity('"Action": "s3:GetObject", |'));
    const offered = labels(items);
    assert.ok(!offered.includes('Effect') && !offered.includes('Action') && !offered.includes('NotAction'), offered.join());
    assert.ok(offered.indexOf('Resource') < offered.indexOf('NotResource'), offered.join());
    assert.ok(offered.includes('Condition') && offered.includes('Sid'));
  });

  test('a trust statement is offered its principal first and none of the elements IAM rejects in a trust policy', async () => {
    const { items } = await complete(
      'trust.json',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "x"}, "Action": "sts:AssumeRoleWithWebIdentity", |}]}',
    );
    assert.deepEqual(labels(items), ['Condition', 'Sid']);
  });

  test('a statement key typed in quotes is inserted with its value, and a comma when a member follows', async () => {
    const c = await complete('policy.json', '{"Version": "2012-10-17", "Statement": [{| "Action": "s3:GetObject"}]}');
    const effect = item(c.items, 'Effect');
    assert.equal(edit(effect).newText, '"Effect": "${1|Allow,Deny|}",');
    assert.equal(applied(c, effect), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}');
  });

  test('Effect offers Allow and Deny', async () => {
    const { items } = await complete('policy.json', '{"Statement": [{"Effect": "|"}]}');
    assert.deepEqual(labels(items), ['Allow', 'Deny']);
  });
});

describe('completion in policies: actions', () => {
  test('typing "s3:Get offers GetObject, replacing what is typed, filtered on the whole action', async () => {
    const c = await complete('policy.json', identity('"Action": "s3:Get|", "Resource": "*"'));
    const getObject = item(c.items, 'GetObject');
    assert.equal(replaced(c, getObject), 's3:Get');
    assert.equal(edit(getObject).newText, 's3:GetObject');
    assert.equal(getObject.filterText, 's3:GetObject');
    assert.equal(getObject.labelDetails?.description, 'Read');
    assert.ok(labels(c.items).includes('PutObject'));
    assert.ok(
      c.items.every((i) => edit(i).newText.startsWith('s3:')),
      'only actions of s3',
    );
  });

  test('the applied action re-validates without errors', async () => {
    const c = await complete('policy.json', identity('"Action": "s3:Get|", "Resource": "arn:aws:s3:::bucket/*"'));
    const text = applied(c, item(c.items, 'GetObject'));
    assert.equal(text, identity('"Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"'));
    c.ws.write('policy.json', text);
    assert.deepEqual(
      c.ws.validate('policy.json').filter((d) => d.severity === DiagnosticSeverity.Error),
      [],
    );
  });

  test("wildcards: the service's `*` and a Verb* for each verb starting several actions", async () => {
    const c = await complete('policy.json', identity('"Action": "s3:|"'));
    assert.equal(edit(item(c.items, '*')).newText, 's3:*');
    assert.equal(edit(item(c.items, 'Get*')).newText, 's3:Get*');
    assert.ok(labels(c.items).includes('List*'));
    assert.ok(!labels(c.items).includes('Abort*'), 'AbortMultipartUpload is the only Abort action');
  });

  test('before `service:`, service prefixes that ask for the actions once inserted, and no action', async () => {
    const { items } = await complete('policy.json', identity('"Action": "s3|"'));
    const s3 = item(items, 's3:');
    assert.equal(s3.detail, 'Amazon S3');
    assert.equal(edit(s3).newText, 's3:');
    assert.equal(s3.command?.command, 'editor.action.triggerSuggest');
    assert.ok(!labels(items).includes('GetObject'));
  });

  test('outside a string, a prefix is inserted in quotes with the cursor inside them, and a comma before the next item', async () => {
    const c = await complete('policy.json', identity('"Action": [| "s3:GetObject"]'));
    assert.equal(edit(item(c.items, 'ec2:')).newText, '"ec2:$0",');
  });

  test('NotAction is completed as Action is', async () => {
    const { items } = await complete('policy.json', identity('"NotAction": ["iam:Pass|"]'));
    assert.equal(edit(item(items, 'PassRole')).newText, 'iam:PassRole');
  });

  test('in a trust statement the assume-role actions come first, before any service', async () => {
    const { items } = await complete(
      'trust.json',
      `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "${FEDERATED}"}, "Action": "|"}]}`,
    );
    assert.deepEqual(labels(items).slice(0, 3), ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRole', 'sts:TagSession']);
    assert.equal(items[3].label, 'sts:');
  });

  test('an identity policy lists services alphabetically, without the assume-role shortcuts', async () => {
    const { items } = await complete('policy.json', identity('"Action": "|"'));
    assert.equal(items[0].label, 'a2c:');
    assert.ok(!labels(items).includes('sts:AssumeRoleWithWebIdentity'));
  });

  test("resolve adds the action's description, access level and docs link; other items pass through", async () => {
    const { ws, items } = await complete('policy.json', identity('"Action": "s3:Get|"'));
    const getObject = item(items, 'GetObject');
    assert.equal(getObject.documentation, undefined, 'documentation is left to resolve');
    const documentation = (ws.service.resolveCompletion(getObject).documentation as MarkupContent).value;
    assert.match(documentation, /^\*\*`s3:GetObject`\*\* · Read · Amazon S3\n/);
    assert.match(documentation, /\nGrants permission to retrieve objects from Amazon S3\n/);
    assert.match(
      documentation,
      /\(https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_amazons3\.html#amazons3-actions-as-permissions\)/,
    );
    const other: CompletionItem = { label: 'eks.amazonaws.com/role-arn', data: { kubernetes: 'annotation' } };
    assert.deepEqual(ws.service.resolveCompletion(other), other);
  });
});

describe('completion in policies: conditions', () => {
  test('operators with IfExists and the set qualifiers, without those the Condition has', async () => {
    const { items } = await complete('policy.json', identity('"Action": "s3:GetObject", "Condition": {"Bool": {"aws:SecureTransport": "true"}, "|"}'));
    const offered = labels(items);
    for (const name of ['StringEquals', 'StringLikeIfExists', 'ForAnyValue:StringLike', 'ForAllValues:StringEquals', 'Null'])
      assert.ok(offered.includes(name), name);
    assert.ok(!offered.includes('Bool'));
    assert.ok(!offered.includes('NullIfExists'));
    assert.ok(offered.indexOf('StringEquals') < offered.indexOf('StringEqualsIfExists'));
  });

  test("keys of the statement's actions and resource types and global keys, not those of other services", async () => {
    const { items } = await complete('policy.json', identity('"Action": "s3:GetObject", "Condition": {"StringEquals": {"|"}}'));
    const offered = labels(items);
    assert.ok(offered.includes('s3:ExistingObjectTag/${key}'), 'a key of the action');
    assert.ok(offered.includes('s3:BucketTag/${TagKey}'), 'a key of its resource type');
    assert.ok(offered.includes('aws:SourceIp'), 'a global key');
    assert.ok(!offered.includes('ec2:InstanceType') && !offered.some((k) => k.startsWith('iam:')), 'no key of another service');
    assert.ok(offered.indexOf('s3:ExistingObjectTag/${key}') < offered.indexOf('aws:SourceIp'), "the action's keys first");
  });

  test('a tag key is a snippet with a tab stop for the tag', async () => {
    const { items } = await complete('policy.json', identity('"Action": "iam:CreateRole", "Condition": {"StringEquals": {"aws:Req|": "x"}}'));
    const requestTag = item(items, 'aws:RequestTag/${TagKey}');
    assert.equal(edit(requestTag).newText, 'aws:RequestTag/${1:TagKey}');
    assert.equal(requestTag.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(edit(item(items, 'aws:PrincipalTag/${TagKey}')).newText, 'aws:PrincipalTag/${1:TagKey}');
  });

  test("a key typed without its value gets one, its tab stop after the tag's", async () => {
    const { items } = await complete('policy.json', identity('"Action": "iam:CreateRole", "Condition": {"StringEquals": {"aws:Req|"}}'));
    assert.equal(edit(item(items, 'aws:RequestTag/${TagKey}')).newText, '"aws:RequestTag/${1:TagKey}": "$0"');
  });

  test('a key the block has already is not offered again', async () => {
    const { items } = await complete('policy.json', identity('"Action": "s3:GetObject", "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1", "|"}}'));
    assert.ok(!labels(items).includes('aws:SourceVpc'));
    assert.ok(labels(items).includes('aws:SourceVpce'));
  });

  test("a trust with an EKS provider is offered its :sub, :aud and :amr first, and no other provider's keys", async () => {
    const { items } = await complete('trust.json', trust(', "Condition": {"StringEquals": {"|"}}'));
    assert.deepEqual(labels(items).slice(0, 3), [`${PROVIDER}:sub`, `${PROVIDER}:aud`, `${PROVIDER}:amr`]);
    assert.ok(
      !labels(items).some((k) => k.startsWith('token.actions.githubusercontent.com') || k.startsWith('accounts.google.com')),
      'no GitHub or Google keys',
    );
    assert.ok(labels(items).includes('sts:RoleSessionName'));
  });

  test("resolve adds a key's type and description, and a wildcard's actions", async () => {
    const { ws, items } = await complete('policy.json', identity('"Action": "s3:GetObject", "Condition": {"StringEquals": {"s3:|"}}'));
    const documentation = (ws.service.resolveCompletion(item(items, 's3:ExistingObjectTag/${key}')).documentation as MarkupContent).value;
    assert.match(documentation, /^\*\*`s3:ExistingObjectTag\/<key>`\*\* · String · Amazon S3\n/);
    assert.match(documentation, /\nFilters access by existing object tag key and value\n/);
    const wildcard = await complete('policy.json', identity('"Action": "s3:List|"'));
    const listing = (ws.service.resolveCompletion(item(wildcard.items, 'List*')).documentation as MarkupContent).value;
    assert.match(listing, /^\*\*`s3:List\*`\*\* grants \d+ actions of Amazon S3/);
  });

  test('values: true and false for a Bool key', async () => {
    const { items } = await complete('policy.json', identity('"Action": "s3:GetObject", "Condition": {"Bool": {"aws:SecureTransport": "|"}}'));
    assert.deepEqual(labels(items), ['true', 'false']);
  });

  test('values: sts.amazonaws.com for :aud', async () => {
    const { items } = await complete('trust.json', trust(`, "Condition": {"StringEquals": {"${PROVIDER}:aud": "|"}}`));
    assert.deepEqual(labels(items), ['sts.amazonaws.com']);
  });

  test("values: the subjects of the workspace's ServiceAccounts for :sub, and a template", async () => {
    const { items } = await complete('trust.json', trust(`, "Condition": {"StringEquals": {"${PROVIDER}:sub": "|"}}`), {
      'sa.yaml': serviceAccount(),
      'other.yaml': serviceAccount({ name: 'worker', namespace: 'jobs' }),
    });
    assert.deepEqual(labels(items), ['system:serviceaccount:jobs:worker', 'system:serviceaccount:team-a:app', 'system:serviceaccount:<namespace>:<name>']);
    assert.equal(edit(items[2]).newText, 'system:serviceaccount:${1:namespace}:${2:name}');
  });

  test('values: a namespace pattern under StringLike only', async () => {
    const like = await complete('trust.json', trust(`, "Condition": {"StringLike": {"${PROVIDER}:sub": "|"}}`), { 'sa.yaml': serviceAccount() });
    assert.ok(labels(like.items).includes('system:serviceaccount:team-a:*'));
    const equals = await complete('trust.json', trust(`, "Condition": {"StringEquals": {"${PROVIDER}:sub": "|"}}`), { 'sa.yaml': serviceAccount() });
    assert.ok(!labels(equals.items).includes('system:serviceaccount:team-a:*'));
  });

  test('the applied :sub value admits the ServiceAccount: the link check is satisfied in both files', async () => {
    const sub = `${PROVIDER}:sub`;
    const marked = JSON.stringify(trustDocument('system:serviceaccount:team-a:other'), null, 2).replace('system:serviceaccount:team-a:other', '|');
    const c = await complete('trust.json', marked, {
      'sa.yaml': serviceAccount({ arn: 'arn:aws:iam::111122223333:role/AppRole' }),
      'script.sh': 'aws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json\n',
    });
    assert.equal(c.ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA').length, 1, 'not admitted before');
    const text = applied(c, item(c.items, 'system:serviceaccount:team-a:app'));
    assert.ok(text.includes(`"${sub}": "system:serviceaccount:team-a:app"`));
    c.ws.write('trust.json', text);
    assert.deepEqual(c.ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
    assert.deepEqual(
      c.ws.validate('trust.json').filter((d) => d.severity === DiagnosticSeverity.Error),
      [],
    );
  });

  test("values: regions for aws:RequestedRegion, the principal's tag for a resource tag", async () => {
    const regions = await complete('policy.json', identity('"Action": "s3:GetObject", "Condition": {"StringEquals": {"aws:RequestedRegion": "|"}}'));
    assert.ok(labels(regions.items).includes('eu-west-1'));
    const tag = await complete('policy.json', identity('"Action": "s3:GetObject", "Condition": {"StringEquals": {"aws:ResourceTag/team": "|"}}'));
    assert.deepEqual(labels(tag.items), ['${aws:PrincipalTag/team}']);
  });

  test('no values for a key nothing is known of', async () => {
    const { items } = await complete('policy.json', identity('"Action": "s3:GetObject", "Condition": {"StringEquals": {"aws:SourceVpc": "|"}}'));
    assert.deepEqual(items, []);
  });
});

describe('completion in policies: resources and principals', () => {
  test("ARN snippets from the resource types of the statement's actions, and *", async () => {
    const { items } = await complete('policy.json', identity('"Action": "s3:GetObject", "Resource": "|"'));
    const object = item(items, 'arn:aws:s3:::${BucketName}/${ObjectName}');
    assert.equal(edit(object).newText, 'arn:aws:s3:::${1:BucketName}/${2:ObjectName}');
    assert.equal(object.insertTextFormat, InsertTextFormat.Snippet);
    assert.ok(labels(items).includes('*'));
    assert.ok(!labels(items).some((l) => l.startsWith('arn:aws:s3:::${BucketName}') && !l.includes('/')), 'no bucket ARN: GetObject acts on objects');
    assert.ok(!labels(items).some((l) => l.startsWith('arn:aws:ec2')));
  });

  test('region and account get tab stops, and the applied ARN re-validates without errors', async () => {
    const c = await complete('policy.json', identity('"Action": "dynamodb:GetItem", "Resource": "|"'));
    const table = item(c.items, 'arn:aws:dynamodb:${Region}:${Account}:table/${TableName}');
    assert.equal(edit(table).newText, 'arn:aws:dynamodb:${1:us-east-1}:${2:111122223333}:table/${3:TableName}');
    c.ws.write('policy.json', applied(c, table));
    assert.deepEqual(
      c.ws.validate('policy.json').filter((d) => d.severity === DiagnosticSeverity.Error),
      [],
    );
  });

  test('principal types not yet present, the federated one first in a trust', async () => {
    const { items } = await complete(
      'trust.json',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com", "|"}, "Action": "sts:AssumeRole"}]}',
    );
    assert.deepEqual(labels(items), ['Federated', 'AWS', 'CanonicalUser']);
  });

  test('service principals', async () => {
    const { items } = await complete(
      'trust.json',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "|"}, "Action": "sts:AssumeRole"}]}',
    );
    assert.equal(items[0].label, 'pods.eks.amazonaws.com');
    assert.ok(labels(items).includes('ec2.amazonaws.com') && labels(items).includes('lambda.amazonaws.com'));
  });

  test('federated principals: the OIDC providers of the workspace, then an EKS provider snippet', async () => {
    const { items } = await complete('new-trust.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "|"}}]}', {
      'trust.json': JSON.stringify(trustDocument()),
    });
    assert.equal(items[0].label, FEDERATED);
    const snippet = item(items, 'arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>');
    assert.equal(
      edit(snippet).newText,
      'arn:aws:iam::${1:111122223333}:oidc-provider/oidc.eks.${2:us-east-1}.amazonaws.com/id/${3:EXAMPLED539D4633E53DE1B71EXAMPLE}',
    );
  });

  test('AWS principals: an account root snippet', async () => {
    const { items } = await complete('policy.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "|"}}]}');
    assert.equal(edit(item(items, 'arn:aws:iam::<account>:root')).newText, 'arn:aws:iam::${1:111122223333}:root');
  });
});

describe('completion in embedded policies and elsewhere', () => {
  const template = (action: string) =>
    `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: ${action}\n            Principal:\n              Service: ec2.amazonaws.com\n`;

  test("CloudFormation: a YAML scalar is replaced by the bare action, the trust's actions first", async () => {
    const c = await complete('template.yaml', template('sts:Assume|Role'));
    const assumeRole = item(c.items, 'AssumeRole');
    assert.equal(replaced(c, assumeRole), 'sts:AssumeRole');
    assert.equal(edit(assumeRole).newText, 'sts:AssumeRole');
    assert.deepEqual(labels(c.items).slice(0, 3), ['AssumeRoleWithWebIdentity', 'AssumeRole', 'TagSession']);
  });

  test('CloudFormation: a value not typed yet is completed at the cursor, `*` quoted for YAML', async () => {
    const yaml = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: s3:GetObject\n                Resource: |\n`;
    const c = await complete('template.yaml', yaml);
    assert.equal(edit(item(c.items, 'arn:aws:s3:::${BucketName}/${ObjectName}')).newText, 'arn:aws:s3:::${1:BucketName}/${2:ObjectName}');
    const star = item(c.items, '*');
    assert.equal(replaced(c, star), '');
    assert.equal(edit(star).newText, "'*'");
    c.ws.write('template.yaml', applied(c, star));
    assert.deepEqual(
      c.ws.validate('template.yaml').filter((d) => d.severity === DiagnosticSeverity.Error),
      [],
    );
  });

  test('Terraform: actions inside jsonencode', async () => {
    const tf =
      'resource "aws_iam_policy" "p" {\n  name = "p"\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect = "Allow"\n      Action = "s3:Get|"\n      Resource = "*"\n    }]\n  })\n}\n';
    const c = await complete('main.tf', tf);
    const getObject = item(c.items, 'GetObject');
    assert.equal(replaced(c, getObject), 's3:Get');
    assert.equal(edit(getObject).newText, 's3:GetObject');
  });

  test('nothing in a JSON file that is no policy, nor in a ServiceAccount manifest', async () => {
    assert.deepEqual((await complete('package.json', '{"name": "x|"}')).items, []);
    assert.deepEqual((await complete('sa.yaml', serviceAccount().replace('name: app', 'name: a|pp'))).items, []);
  });
});
