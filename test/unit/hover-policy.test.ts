import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MarkupContent } from 'vscode-languageserver-types';
import { loadCatalog } from '../../server/src/service/catalog/catalog';
import { TestWorkspace } from '../support/workspace';

interface Seen {
  /** The text of the document the hover's range covers. */
  readonly token: string;
  readonly markdown: string;
}

/** The hover under the `|` of a fixture (the marker removed), or undefined when there is none. */
async function hoverAt(file: string, marked: string, others: Record<string, string> = {}): Promise<Seen | undefined> {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'the fixture marks the cursor with |');
  const ws = await TestWorkspace.of({ ...others, [file]: marked.slice(0, offset) + marked.slice(offset + 1) });
  const document = ws.document(file);
  const hover = ws.service.doHover(document, document.positionAt(offset));
  if (!hover) return undefined;
  assert.ok(hover.range, 'a hover names the token it is about');
  return {
    token: document.getText().slice(document.offsetAt(hover.range.start), document.offsetAt(hover.range.end)),
    markdown: (hover.contents as MarkupContent).value,
  };
}

/** A policy of one statement given as JSON text. */
function statement(body: string): string {
  return `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${body}\n  ]\n}`;
}

function includesAll(markdown: string, parts: readonly string[]): void {
  for (const part of parts) assert.ok(markdown.includes(part), `${JSON.stringify(part)} in:\n${markdown}`);
}

describe('hover on actions', () => {
  test('an action: description, access level, resource types with their ARN formats, condition keys, docs link', async () => {
    const seen = await hoverAt('policy.json', statement('{"Effect": "Allow", "Action": ["s3:Get|Object", "s3:ListBucket"], "Resource": "*"}'));
    assert.equal(seen?.token, 's3:GetObject');
    includesAll(seen!.markdown, [
      '**`s3:GetObject`** · Read · Amazon S3',
      'Grants permission to retrieve objects from Amazon S3',
      '- `object`: `arn:${Partition}:s3:::${BucketName}/${ObjectName}`',
      '`s3:ExistingObjectTag/<key>`',
      'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-actions-as-permissions',
    ]);
    assert.ok(!seen!.markdown.includes('NotAction'));
  });

  test('a required resource type is marked; an action on no resource type supports only "*"', async () => {
    const passRole = await hoverAt('policy.json', statement('{"Effect": "Allow", "Action": "iam:Pass|Role", "Resource": "*"}'));
    includesAll(passRole!.markdown, ['- `role` (required): `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`', '`iam:PassedToService`']);
    const list = await hoverAt('policy.json', statement('{"Effect": "Allow", "Action": "s3:ListAll|MyBuckets", "Resource": "*"}'));
    includesAll(list!.markdown, ['· List ·', 'Resource types: none, it supports only `"Resource": "*"`']);
  });

  test('an action in NotAction is said to be excluded', async () => {
    const seen = await hoverAt('policy.json', statement('{"Effect": "Deny", "NotAction": "iam:Pass|Role", "Resource": "*"}'));
    includesAll(seen!.markdown, ['In `NotAction`: excluded, the statement applies to every action but this one.']);
  });

  test('a wildcard action: how many actions it grants, the first ten, counts per access level', async () => {
    const catalog = await loadCatalog();
    const granted = catalog.matchActions('s3', 'Get*');
    const seen = await hoverAt('policy.json', statement('{"Effect": "Allow", "Action": "s3:Ge|t*", "Resource": "*"}'));
    assert.equal(seen?.token, 's3:Get*');
    const first = granted.map((a) => `s3:${a.name}`).sort((a, b) => a.localeCompare(b));
    includesAll(seen!.markdown, [
      `**\`s3:Get*\`** grants ${granted.length} actions of Amazon S3`,
      `Access levels: Read ${granted.length}`,
      `\`${first[0]}\``,
      `\`${first[9]}\` and ${granted.length - 10} more`,
    ]);
    assert.ok(!seen!.markdown.includes(`\`${first[10]}\``), 'ten actions named, not more');
  });

  test('s3:* counts every access level of the service; "*" every action of every service', async () => {
    const catalog = await loadCatalog();
    const s3 = catalog.matchActions('s3', '*');
    const seen = await hoverAt('policy.json', statement('{"Effect": "Allow", "Action": "s3:|*", "Resource": "*"}'));
    const reads = s3.filter((a) => a.accessLevel === 'Read').length;
    const writes = s3.filter((a) => a.accessLevel === 'Write').length;
    includesAll(seen!.markdown, [`grants ${s3.length} actions of Amazon S3`, `Read ${reads}`, `Write ${writes}`, 'List ']);
    const total = [...catalog.servicePrefixes()].reduce((n, p) => n + catalog.matchActions(p, '*').length, 0);
    const all = await hoverAt('policy.json', statement('{"Effect": "Allow", "Action": "|*", "Resource": "*"}'));
    assert.equal(all?.token, '*');
    includesAll(all!.markdown, [`grants ${total} actions of ${catalog.serviceCount} services`]);
  });

  test('a wildcard in NotAction: the actions it excludes', async () => {
    const seen = await hoverAt('policy.json', statement('{"Effect": "Allow", "NotAction": ["iam:*|"], "Resource": "*"}'));
    includesAll(seen!.markdown, ['**`iam:*`** excludes', 'In `NotAction`: the statement applies to every action but these.']);
  });

  test('a wildcard that matches nothing says so; an unknown action or service has no hover', async () => {
    const none = await hoverAt('policy.json', statement('{"Effect": "Allow", "Action": "s3:Gte|*", "Resource": "*"}'));
    assert.equal(none?.markdown, '**`s3:Gte*`** matches no action of Amazon S3');
    assert.equal(await hoverAt('policy.json', statement('{"Effect": "Allow", "Action": "s3:GetObjekt|", "Resource": "*"}')), undefined);
    assert.equal(await hoverAt('policy.json', statement('{"Effect": "Allow", "Action": "s4:Get|Object", "Resource": "*"}')), undefined);
  });

  test('an action of a policy embedded in a CloudFormation template', async () => {
    const template =
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: sts:Assume|Role\n            Principal:\n              Service: ec2.amazonaws.com\n';
    const seen = await hoverAt('template.yaml', template);
    assert.equal(seen?.token, 'sts:AssumeRole');
    includesAll(seen!.markdown, ['**`sts:AssumeRole`** · Write · AWS Security Token Service', '- `role` (required)']);
  });
});

describe('hover on condition keys', () => {
  const conditioned = (condition: string) =>
    statement(`{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*", "Condition": ${condition}}`);

  test('a service key: type, description, which actions send it and which do not', async () => {
    const seen = await hoverAt('policy.json', conditioned('{"StringEquals": {"s3:ExistingObjectTag/te|am": "x"}}'));
    assert.equal(seen?.token, 's3:ExistingObjectTag/team');
    includesAll(seen!.markdown, [
      '**`s3:ExistingObjectTag/team`** · String · Amazon S3',
      'Resolves to `s3:ExistingObjectTag/<key>` (key = `team`)',
      'Filters access by existing object tag key and value',
      'Sent by `s3:GetObject`; **not** by `s3:ListBucket`.',
      'list_amazons3.html#amazons3-policy-keys',
    ]);
  });

  test('a key none of the actions sends', async () => {
    const seen = await hoverAt(
      'policy.json',
      statement('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLike": {"s3:pre|fix": "home/"}}}'),
    );
    includesAll(seen!.markdown, ["Sent by **none** of the statement's actions (`s3:GetObject`)"]);
  });

  test('a tag key resolves to its ${TagKey} template, with the tag named; the global key is described', async () => {
    const seen = await hoverAt(
      'policy.json',
      statement(
        '{"Effect": "Allow", "Action": ["ec2:RunInstances", "s3:PutObject"], "Resource": "*", "Condition": {"StringEquals": {"aws:RequestTag/Depart|ment": "finance"}}}',
      ),
    );
    assert.equal(seen?.token, 'aws:RequestTag/Department');
    includesAll(seen!.markdown, [
      '· String · global condition key',
      'Resolves to `aws:RequestTag/${TagKey}` (TagKey = `Department`)',
      'A tag (key and value) passed in the request',
      'Sent by `ec2:RunInstances`; **not** by `s3:PutObject`.',
      'reference_policies_condition-keys.html#condition-keys-requesttag',
    ]);
  });

  test('a global key: the global note, not a per-action list', async () => {
    const seen = await hoverAt('policy.json', conditioned('{"IpAddress": {"aws:Source|Ip": "203.0.113.0/24"}}'));
    includesAll(seen!.markdown, [
      '**`aws:SourceIp`** · IPAddress · global condition key',
      'The public IP address the request comes from',
      "A global key: any service's request carries it when it applies",
    ]);
    assert.ok(!seen!.markdown.includes('Sent by'));
  });

  test('a multivalued key says how to compare a set', async () => {
    const seen = await hoverAt(
      'policy.json',
      statement('{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:Tag|Keys": ["team"]}}}'),
    );
    includesAll(seen!.markdown, ['· ArrayOfString ·', 'Holds a set of values: compare it with `ForAnyValue:`']);
  });

  test('NotAction leaves the actions open: no per-action claim', async () => {
    const seen = await hoverAt(
      'policy.json',
      statement('{"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"s3:pre|fix": "x"}}}'),
    );
    includesAll(seen!.markdown, ["The statement's actions are open-ended"]);
  });

  test("an EKS issuer's :sub claim in a trust policy", async () => {
    const provider = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
    const trust = statement(
      `{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/${provider}"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"${provider}:s|ub": "system:serviceaccount:team-a:app", "${provider}:aud": "sts.amazonaws.com"}}}`,
    );
    const seen = await hoverAt('trust.json', trust);
    assert.equal(seen?.token, `${provider}:sub`);
    includesAll(seen!.markdown, ['claim `sub`', '`system:serviceaccount:NAMESPACE:NAME`']);
  });

  test('an unknown key has no hover; nor has a condition value', async () => {
    assert.equal(await hoverAt('policy.json', conditioned('{"StringEquals": {"s3:nonsen|se": "x"}}')), undefined);
    assert.equal(await hoverAt('policy.json', conditioned('{"StringEquals": {"s3:prefix": "ho|me/"}}')), undefined);
  });
});

describe('hover on condition operators', () => {
  const withOperator = (operator: string) =>
    statement(`{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"${operator}": {"aws:TagKeys": ["team"]}}}`);

  test('an operator with a set qualifier and IfExists: each part explained, the value type', async () => {
    const seen = await hoverAt('policy.json', withOperator('ForAnyValue:String|LikeIfExists'));
    assert.equal(seen?.token, 'ForAnyValue:StringLikeIfExists');
    includesAll(seen!.markdown, [
      '**`ForAnyValue:StringLikeIfExists`** · String condition operator',
      'Case-sensitive match with * (any run) and ? (one character) wildcards.',
      'Values: strings; policy variables',
      '`ForAnyValue:` holds when at least one value',
      '`IfExists`: when the key is absent from the request, the condition holds',
      'reference_policies_elements_condition_operators.html',
    ]);
  });

  test('a negated operator holds without the key; Null and Date say how values are written', async () => {
    includesAll((await hoverAt('policy.json', withOperator('StringNot|Equals')))!.markdown, [
      'Negated: it also holds when the request does not carry the key.',
    ]);
    includesAll((await hoverAt('policy.json', withOperator('Nu|ll')))!.markdown, [
      'Values: "true" (the key must be absent) or "false" (it must be present); no policy variables.',
    ]);
    includesAll((await hoverAt('policy.json', withOperator('DateLess|Than')))!.markdown, ['Values: dates: ISO 8601']);
  });

  test('a wrongly cased operator names its spelling; an unknown operator has no hover', async () => {
    includesAll((await hoverAt('policy.json', withOperator('stringequ|als')))!.markdown, ['AWS spells it `StringEquals`.']);
    assert.equal(await hoverAt('policy.json', withOperator('StringEq|ualz')), undefined);
  });
});

describe('hover on resources', () => {
  test('an object ARN: its resource type, for which actions', async () => {
    const seen = await hoverAt(
      'policy.json',
      statement('{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListAllMyBuckets"], "Resource": "arn:aws:s3:::my-bucket/rep|orts/x.csv"}'),
    );
    assert.equal(seen?.token, 'arn:aws:s3:::my-bucket/reports/x.csv');
    includesAll(seen!.markdown, [
      '- `s3:object`: `arn:${Partition}:s3:::${BucketName}/${ObjectName}`',
      'For `s3:GetObject`; **not** for `s3:ListAllMyBuckets`.',
      'list_amazons3.html#amazons3-resources-for-iam-policies',
    ]);
  });

  test("a role ARN for an S3 action: none of the statement's actions", async () => {
    const seen = await hoverAt('policy.json', statement('{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": ["arn:aws:iam::111122223333:role/|x"]}'));
    includesAll(seen!.markdown, [
      'In `NotResource`: excluded',
      '- `iam:role`: `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`',
      "For **none** of the statement's actions (`s3:GetObject`).",
    ]);
  });

  test('"*" is every resource; a value that is not an ARN has no hover', async () => {
    const all = await hoverAt('policy.json', statement('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "|*"}'));
    assert.equal(all?.markdown, '**`*`**: every resource');
    assert.equal(await hoverAt('policy.json', statement('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "my-buck|et"}')), undefined);
  });
});

describe('hover on service principals', () => {
  const trust = (service: string) => statement(`{"Effect": "Allow", "Principal": {"Service": "${service}"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}`);

  test('pods.eks.amazonaws.com is EKS Pod Identity', async () => {
    const seen = await hoverAt('trust.json', trust('pods.eks.amazon|aws.com'));
    assert.equal(seen?.token, 'pods.eks.amazonaws.com');
    includesAll(seen!.markdown, ['EKS Pod Identity', '`sts:TagSession`']);
  });

  test("a service's own principal names the service; an unknown one has no hover", async () => {
    includesAll((await hoverAt('trust.json', trust('ec2.amazon|aws.com')))!.markdown, ['Amazon EC2 (service prefix `ec2`).']);
    assert.equal(await hoverAt('trust.json', trust('nothing.exam|ple.com')), undefined);
  });
});

describe('no hover where there is nothing to tell', () => {
  const cases: [string, string][] = [
    ['a Sid value', statement('{"Sid": "Read|Objects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}')],
    ['an Effect value', statement('{"Effect": "Al|low", "Action": "s3:GetObject", "Resource": "*"}')],
    ['the Version value', '{"Version": "2012-|10-17", "Statement": []}'],
    ['an element name', statement('{"Effect": "Allow", "Act|ion": "s3:GetObject", "Resource": "*"}')],
    ['an AWS principal', statement('{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:ro|ot"}, "Action": "sts:AssumeRole"}')],
  ];
  for (const [what, marked] of cases) {
    test(what, async () => assert.equal(await hoverAt('policy.json', marked), undefined));
  }

  test('a JSON file that is not a policy', async () => {
    assert.equal(await hoverAt('package.json', '{"name": "s3:Get|Object"}'), undefined);
  });
});

describe('hover on pod identity webhook annotations', () => {
  const serviceAccount = (annotations: string) =>
    `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: team-a\n  annotations:\n${annotations}`;

  test('role-arn on a ServiceAccount: what the webhook injects, read at pod creation', async () => {
    const seen = await hoverAt('sa.yaml', serviceAccount('    eks.amazonaws.com/role-|arn: arn:aws:iam::111122223333:role/AppRole\n'));
    assert.equal(seen?.token, 'eks.amazonaws.com/role-arn');
    includesAll(seen!.markdown, ['`AWS_ROLE_ARN`', '`AWS_WEB_IDENTITY_TOKEN_FILE`', 'projected ServiceAccount token', 'when a pod is created', 'restarted']);
    assert.ok(!seen!.markdown.includes('does nothing'));
  });

  test('audience, sts-regional-endpoints, token-expiration on a ServiceAccount', async () => {
    const text =
      '    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/AppRole\n    eks.amazonaws.com/audience: sts.amazonaws.com\n    eks.amazonaws.com/sts-regional-endpoints: "true"\n    eks.amazonaws.com/token-expiration: "3600"\n';
    const hover = (key: string) => hoverAt('sa.yaml', serviceAccount(text.replace(key, `${key.slice(0, 20)}|${key.slice(20)}`)));
    includesAll((await hover('eks.amazonaws.com/audience'))!.markdown, [
      '`sts.amazonaws.com` when absent',
      "trust policy's `:aud`",
      'Ignored unless the ServiceAccount also has `eks.amazonaws.com/role-arn`',
    ]);
    includesAll((await hover('eks.amazonaws.com/sts-regional-endpoints'))!.markdown, ['`AWS_STS_REGIONAL_ENDPOINTS=regional`', 'Quote it in YAML']);
    includesAll((await hover('eks.amazonaws.com/token-expiration'))!.markdown, ['`"86400"` by default', 'below 600 counts as 600']);
  });

  test("on a Deployment's pod template, skip-containers is read; role-arn does nothing there", async () => {
    const deployment = (key: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      annotations:\n        ${key}: "x"\n    spec:\n      serviceAccountName: app\n      containers:\n        - name: web\n          image: nginx\n`;
    const skip = await hoverAt('deploy.yaml', deployment('eks.amazonaws.com/skip-|containers'));
    includesAll(skip!.markdown, ['comma-separated list of container']);
    assert.ok(!skip!.markdown.includes('does nothing'));
    const role = await hoverAt('deploy.yaml', deployment('eks.amazonaws.com/role-|arn'));
    includesAll(role!.markdown, ['The webhook reads it on a ServiceAccount only: on a Pod it does nothing.']);
  });

  test('Helm values: serviceAccount.annotations', async () => {
    const seen = await hoverAt(
      'values.yaml',
      'serviceAccount:\n  create: true\n  annotations:\n    eks.amazonaws.com/role|-arn: arn:aws:iam::111122223333:role/AppRole\n',
    );
    includesAll(seen!.markdown, ['`AWS_ROLE_ARN`']);
  });

  test('no hover on another annotation, nor on the same key in a ConfigMap', async () => {
    assert.equal(
      await hoverAt('sa.yaml', serviceAccount('    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/AppRole\n    example.com/ow|ner: team-a\n')),
      undefined,
    );
    assert.equal(await hoverAt('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  eks.amazonaws.com/role-|arn: x\n'), undefined);
  });
});
