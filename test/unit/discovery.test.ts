import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from '../../server/src/service/parse/document';
import { validate } from '../support/service';

describe('content-based discovery', () => {
  test('JSON without a top-level Statement gets nothing, even when broken', async () => {
    assert.deepEqual(await validate('{"name": "app", "version": "1.0.0", // comment\n "scripts": {},}'), []);
    assert.deepEqual(await validate('{"compilerOptions": {"strict": true,}}', 'jsonc'), []);
    assert.deepEqual(await validate('[{"Statement": []}]'), []);
    assert.deepEqual(await validate('{"Policy": {"Statement": [{"Effect": "allow"}]}}'), []);
    assert.deepEqual(await validate(''), []);
    assert.deepEqual(await validate('\u0000\u0001\u00ff binary'), []);
  });
  test('a policy with a syntax error is still a policy', async () => {
    const diagnostics = await validate('{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}');
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['JSON_SYNTAX_ERROR', 'INVALID_EFFECT'],
    );
  });
  test('a JSON document in an unknown language is ignored', async () => {
    assert.deepEqual(await validate('{"Statement": [{"Effect": "allow"}]}', 'plaintext'), []);
  });
  test('YAML that is not a ServiceAccount gets nothing, even when broken', async () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: [1\n';
    assert.deepEqual(await validate(deployment, 'yaml'), []);
    assert.deepEqual(await validate('apiVersion: v2\nname: chart\nversion: 0.1.0\n', 'yaml'), []);
  });
});

describe('K8S_YAML_SYNTAX', () => {
  test('a broken ServiceAccount manifest is reported at the error', async () => {
    const text = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: dev-team-a-sa\n  annotations: {a: b\n';
    const diagnostics = await validate(text, 'yaml');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'K8S_YAML_SYNTAX');
    assert.equal(diagnostics[0].range.start.line, 5);
    assert.match(String(diagnostics[0].message), /^YAML: /);
  });
  test('the ServiceAccount may be any document of the file, or an item of a List', async () => {
    const multi = 'kind: ConfigMap\nmetadata: {name: x}\n---\nkind: ServiceAccount\nmetadata:\n  name: a\n  labels: [x\n';
    assert.equal((await validate(multi, 'yaml'))[0]?.code, 'K8S_YAML_SYNTAX');
    const list = 'apiVersion: v1\nkind: List\nitems:\n- kind: ServiceAccount\n  metadata:\n    name: a\n    labels: {x\n';
    assert.equal((await validate(list, 'yaml'))[0]?.code, 'K8S_YAML_SYNTAX');
  });
  test('Helm templates are skipped, not reported', async () => {
    const template =
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ include "app.fullname" . }}\n  {{- with .Values.serviceAccount.annotations }}\n  annotations:\n    {{- toYaml . | nindent 4 }}\n  {{- end }}\n';
    assert.deepEqual(await validate(template, 'yaml'), []);
  });
  test('a valid ServiceAccount has no diagnostics', async () => {
    const text =
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: dev-team-a-sa\n  namespace: team-a\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/DevTeamARole\n';
    assert.deepEqual(await validate(text, 'yaml'), []);
  });
});

describe('large JSON files read from their raw text first', () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `i-${i}`, tags: { team: `team-${i % 9}` }, ports: [80, 443] }));
  test('a large JSON data file that names none of our keys is recognised as such without a tree', () => {
    const text = JSON.stringify({ generated: '2024-01-01', items: filler(8_000) }, null, 2);
    assert.ok(text.length > 500_000 && text.length < 2_000_000);
    assert.deepEqual(parseDocument(text, 'json'), { kind: 'other' });
  });
  test('a large policy, a large CloudFormation template and a large IAM export are still parsed and read', async () => {
    const statements = Array.from({ length: 400 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b${i}/*` }));
    const policy = JSON.stringify({ statement: statements, Padding: filler(2_000) });
    assert.ok(policy.length > 64 * 1024);
    assert.equal(parseDocument(policy, 'json').kind, 'policy');
    const template = JSON.stringify({ Metadata: filler(2_000), Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'App' } } } });
    assert.ok(parseDocument(template, 'json').kind === 'other' && (parseDocument(template, 'json') as { json?: unknown }).json);
    const exported = JSON.stringify({ Roles: [{ RoleName: 'App', Arn: 'arn:aws:iam::111122223333:role/App' }], Data: filler(2_000) });
    assert.ok((parseDocument(exported, 'json') as { json?: unknown }).json);
    const escaped = JSON.stringify({ Data: filler(2_000) }).replace(/^\{/, '{"\\u0053tatement": [], ');
    assert.equal(parseDocument(escaped, 'json').kind, 'policy');
  });
});
