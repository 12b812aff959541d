import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
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
