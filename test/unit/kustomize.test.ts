// A kustomization.yaml's `namespace:` is the namespace of the manifests it lists that set none: the
// cross-file checks and navigation see the ServiceAccount there, and re-derive it when the kustomization changes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { serviceAccount, trustPolicy } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

const SCRIPT = '#!/bin/sh\naws iam create-role --role-name AppRole --assume-role-policy-document file://../trust.json\n';
/** `app`, annotated with AppRole, without namespace: line 6 holds the annotation. */
const SA = serviceAccount({ namespace: null });
const kustomization = (namespace: string | undefined, resources = ['sa.yaml']) =>
  `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${namespace ? `namespace: ${namespace}\n` : ''}resources:\n${resources.map((r) => `  - ${r}\n`).join('')}`;

function workspace(files: Record<string, string>) {
  return TestWorkspace.of({ 'trust.json': trustPolicy('system:serviceaccount:team-a:app'), 'roles/create-roles.sh': SCRIPT, ...files });
}

describe('Kustomize namespace', () => {
  test('good: the kustomization gives team-a to the manifest: admitted, no finding', async () => {
    const ws = await workspace({ 'app/kustomization.yaml': kustomization('team-a'), 'app/sa.yaml': SA });
    assert.deepEqual(
      ws.validate('app/sa.yaml').filter((d) => String(d.code).startsWith('LINK_')),
      [],
    );
    assert.deepEqual(ws.codes('trust.json', 'LINK_SUB_WITHOUT_SA'), []);
  });
  test('bad: another namespace in the kustomization: LINK_TRUST_DOES_NOT_ADMIT_SA naming where the namespace comes from', async () => {
    const ws = await workspace({ 'app/kustomization.yaml': kustomization('team-b'), 'app/sa.yaml': SA });
    const [finding] = ws.validate('app/sa.yaml').filter((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA');
    assert.equal(finding.range.start.line, 5);
    assert.match(String(finding.message), /does not admit system:serviceaccount:team-b:app \(namespace "team-b" from app\/kustomization\.yaml\)/);
  });
  test('a manifest that sets its namespace keeps it; a file the kustomization does not list is left alone', async () => {
    const ws = await workspace({
      'app/kustomization.yaml': kustomization('team-b', ['sa.yaml']),
      'app/sa.yaml': serviceAccount(),
      'app/other.yaml': serviceAccount({ namespace: null, name: 'other' }),
    });
    assert.deepEqual(ws.codes('app/sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
    assert.match(String(ws.validate('app/other.yaml').find((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA')?.message), /system:serviceaccount:default:other/);
  });
  test('an edit of the kustomization re-derives the namespace: the ServiceAccount is affected and revalidated', async () => {
    const ws = await workspace({ 'app/kustomization.yaml': kustomization('team-b'), 'app/sa.yaml': SA });
    ws.service.open(ws.document('app/sa.yaml'));
    assert.equal(ws.codes('app/sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA').length, 1);
    ws.service.affectedDocuments();
    assert.equal(ws.write('app/kustomization.yaml', kustomization('team-a')), true);
    assert.deepEqual(ws.service.affectedDocuments(), [ws.uri('app/sa.yaml')]);
    assert.deepEqual(ws.codes('app/sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
    // And removing the namespace puts it back in default.
    ws.write('app/kustomization.yaml', kustomization(undefined));
    assert.match(String(ws.validate('app/sa.yaml').find((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA')?.message), /system:serviceaccount:default:app/);
    // Deleting it too.
    ws.write('app/kustomization.yaml', kustomization('team-a'));
    assert.deepEqual(ws.codes('app/sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
    ws.service.removeFile(ws.uri('app/kustomization.yaml'));
    assert.equal(ws.codes('app/sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA').length, 1);
  });
  test('the kustomization indexed after the manifest, as a folder walk may order them', async () => {
    const ws = await workspace({ 'app/sa.yaml': SA });
    ws.write('app/kustomization.yaml', kustomization('team-a'));
    assert.deepEqual(ws.codes('app/sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
  });
  test("an overlay listing a base folder gives its namespace to the base manifests that set none (one level); the base's own wins", async () => {
    const ws = await workspace({
      'overlays/prod/kustomization.yml': kustomization('team-a', ['../../base']),
      'base/Kustomization': kustomization(undefined, ['sa.yaml']),
      'base/sa.yaml': SA,
    });
    assert.deepEqual(ws.codes('base/sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
    ws.write('base/Kustomization', kustomization('team-c', ['sa.yaml']));
    assert.match(String(ws.validate('base/sa.yaml').find((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA')?.message), /team-c:app/);
  });
  test('workloads too: serviceAccountName resolves in the kustomization namespace', async () => {
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      serviceAccountName: app\n      containers: [{name: web, image: nginx}]\n';
    const ws = await workspace({
      'app/kustomization.yaml': kustomization('team-a', ['sa.yaml', 'deploy.yaml']),
      'app/sa.yaml': SA,
      'app/deploy.yaml': deployment,
    });
    assert.deepEqual(ws.codes('app/deploy.yaml', 'LINK_WORKLOAD_SA_MISSING'), []);
    const lone = await workspace({ 'app/kustomization.yaml': kustomization('team-a', ['deploy.yaml']), 'app/sa.yaml': SA, 'app/deploy.yaml': deployment });
    assert.equal(lone.codes('app/deploy.yaml', 'LINK_WORKLOAD_SA_MISSING').length, 1);
  });
  test('hostile: a kustomization listing itself and its folder, and one of 10,000 resources', async () => {
    const self = await workspace({ 'app/kustomization.yaml': kustomization('team-a', ['.', 'kustomization.yaml', 'sa.yaml']), 'app/sa.yaml': SA });
    assert.deepEqual(self.codes('app/sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
    const many = Array.from({ length: 10_000 }, (_, i) => `sa-${i}.yaml`);
    const started = Date.now();
    const big = await workspace({ 'app/kustomization.yaml': kustomization('team-a', [...many, 'sa.yaml']), 'app/sa.yaml': SA });
    assert.deepEqual(big.codes('app/sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
    big.write('app/kustomization.yaml', kustomization('team-b', [...many, 'sa.yaml']));
    assert.equal(big.codes('app/sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA').length, 1);
    assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
  });
});
