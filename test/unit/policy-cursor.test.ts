import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { policyCursorAt } from '../../server/src/service/features/cursor/policyCursor';
import { TestWorkspace } from '../support/workspace';

/** The place under the `|` of a fixture, with the typed prefix, as completion and hover see it. */
async function placeAt(file: string, marked: string): Promise<string> {
  const offset = marked.indexOf('|');
  const ws = await TestWorkspace.of({ [file]: marked.slice(0, offset) + marked.slice(offset + 1) });
  const doc = ws.document(file);
  const cursor = policyCursorAt(ws.service.authoring(doc), offset);
  if (!cursor) return 'none';
  const { kind, ...rest } = cursor.place;
  const detail = Object.values(rest).join(',');
  return `${kind}${detail ? `(${detail})` : ''} "${cursor.prefix}" ${cursor.inString ? 'in' : 'out'}${cursor.statement ? ` #${cursor.statement.index}` : ''} ${doc.getText().slice(cursor.replace.start, cursor.replace.end)}`;
}

describe('policy cursor', () => {
  const cases: [string, string, string][] = [
    ['policy.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get|"}]}', 'element-value(Action) "s3:Get" in #0 s3:Get'],
    ['policy.json', '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "ec2:Des|cribe"]}]}', 'element-value(Action) "ec2:Des" in #0 ec2:Describe'],
    ['policy.json', '{"Statement": [{"Effect": "Allow", "Action": "s3:Get|', 'element-value(Action) "s3:Get" in #0 s3:Get'],
    ['policy.json', '{"Statement": [{"Effect": "Allow", "Act|"}]}', 'statement-key "Act" in #0 Act'],
    ['policy.json', '{"Statement": [{"Effect": "Allow", | }]}', 'statement-key "" out #0 '],
    ['policy.json', '{"Statement": [{"Effect": "Allow"}, | ]}', 'statement-slot "" out '],
    ['policy.json', '{"Ver|"}', 'policy-key "Ver" in Ver'],
    ['policy.json', '{"Version": "|"}', 'policy-value(Version) "" in '],
    ['policy.json', '{"Statement": {"Effect": "|"}}', 'element-value(Effect) "" in #0 '],
    ['policy.json', '{"Statement": [{"Principal": {"Service": "pods.|"}}]}', 'principal-value(Principal,Service) "pods." in #0 pods.'],
    ['policy.json', '{"Statement": [{"Principal": {"|"}}]}', 'principal-type(Principal) "" in #0 '],
    ['policy.json', '{"Statement": [{"Condition": {"String|"}}]}', 'condition-operator "String" in #0 String'],
    ['policy.json', '{"Statement": [{"Condition": {"StringEquals": {"aws:Req|"}}}]}', 'condition-key(StringEquals) "aws:Req" in #0 aws:Req'],
    ['policy.json', '{"Statement": [{"Condition": {"Bool": {"aws:SecureTransport": "|"}}}]}', 'condition-value(Bool,aws:SecureTransport) "" in #0 '],
    ['policy.json', '{"Statement": [{"Condition": {"StringLike": {"k": ["a", "b|"]}}}]}', 'condition-value(StringLike,k) "b" in #0 b'],
    [
      'template.yaml',
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: sts:Assume|Role\n            Principal:\n              Service: ec2.amazonaws.com\n',
      'element-value(Action) "sts:Assume" in #0 sts:AssumeRole',
    ],
    ['package.json', '{"name": "x|"}', 'none'],
  ];
  for (const [file, marked, expected] of cases) {
    test(`${file}: ${marked.replace(/\n/g, ' ').slice(-60)}`, async () => {
      assert.equal(await placeAt(file, marked), expected);
    });
  }
});
