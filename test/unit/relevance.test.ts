import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { languageIdOf } from '../../server/src/service';
import { loadSyntaxes } from '../../server/src/service/parse/treeSitter';
import { mayHoldFacts } from '../../server/src/service/workspace/relevance';
import { EXAMPLES } from '../support/fixtures';
import { factsParsed, hasFacts } from '../support/relevance';
import { TestWorkspace } from '../support/workspace';

const ROOT = path.join(__dirname, '../../..');
type WriteWorkspace = (dir: string, files: number, options?: { shapes?: 'original' | 'real' }) => number;

const folders: string[] = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function filesBelow(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    return statSync(full).isDirectory() ? filesBelow(full) : languageIdOf(full) ? [full] : [];
  });
}

test('every file of the examples and of generated workspaces (every shape) that holds facts passes the prefilter', async () => {
  const { writeWorkspace } = (await import(pathToFileURL(path.join(ROOT, 'bench/workspace.mjs')).href)) as { writeWorkspace: WriteWorkspace };
  const generated = (['original', 'real'] as const).map((shapes) => {
    const dir = mkdtempSync(path.join(tmpdir(), `iam-irsa-relevance-${shapes}-`));
    folders.push(dir);
    writeWorkspace(dir, 200, { shapes });
    return dir;
  });
  const syntaxes = await loadSyntaxes();
  let withFacts = 0;
  for (const file of [EXAMPLES, ...generated].flatMap(filesBelow)) {
    const uri = pathToFileURL(file).toString();
    const languageId = languageIdOf(file)!;
    const text = readFileSync(file, 'utf8');
    if (!hasFacts(factsParsed(uri, languageId, text, syntaxes))) continue;
    withFacts++;
    assert.ok(mayHoldFacts(uri, languageId, text), `${file} holds facts but the prefilter skips it`);
  }
  assert.ok(withFacts > 200, `${withFacts} files with facts`);
});

test('files that name nothing any reader looks for are not parsed: a CI workflow, package.json, an identity policy, a Chart.yaml', () => {
  const skipped: [string, string][] = [
    ['.github/workflows/ci.yaml', 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n'],
    ['Chart.yaml', 'apiVersion: v2\nname: app\nversion: 1.2.3\n'],
    ['values.yaml', 'replicaCount: 2\nimage:\n  repository: nginx\n'],
    ['package.json', '{"name": "app", "version": "1.0.0", "dependencies": {"left-pad": "1.3.0"}}'],
    ['policy.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'],
  ];
  for (const [file, text] of skipped) assert.equal(mayHoldFacts(`file:///w/${file}`, languageIdOf(file)!, text), false, file);
});

test('what the readers read passes: trusts, exports, templates, workloads, Helm values, kustomizations, escaped keys', () => {
  const admitted: [string, string][] = [
    ['trust.json', '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'],
    ['not-principal.json', '{"Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "*"}, "Action": "*"}]}'],
    ['role.json', '{"Role": {"RoleName": "App", "Arn": "arn:aws:iam::111122223333:role/App"}}'],
    ['details.json', '{"UserDetailList": []}'],
    ['template.json', '{"Resources": {"R": {"Type": "AWS::IAM::Role"}}}'],
    ['escaped.json', '{"\\u0053tatement": [{"\\u0050rincipal": "*"}]}'],
    ['deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n'],
    ['cron.yaml', 'kind: CronJob\n'],
    ['sa.yaml', 'kind: ServiceAccount\n'],
    ['values.yaml', 'serviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/App\n'],
    ['kustomization.yaml', 'namespace: team-a\n'],
    ['Kustomization', 'namespace: team-a\n'],
    ['template.yaml', 'Resources:\n  R:\n    Type: AWS::IAM::Role\n'],
    ['cluster.yaml', 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n'],
    ['escaped.yaml', 'kind: "Service\\u0041ccount"\n'],
    ['script.sh', 'echo hello\n'],
    ['main.tf', 'locals {}\n'],
  ];
  for (const [file, text] of admitted) assert.equal(mayHoldFacts(`file:///w/${file}`, languageIdOf(file)!, text), true, file);
});

test('a file the prefilter skips is indexed as empty: its stale facts go, nothing else is read of it', async () => {
  const workspace = await TestWorkspace.of({ 'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: team-a\n' });
  assert.equal(workspace.service.index.serviceAccounts('team-a', 'app').length, 1);
  // Rewritten into a file that names no ServiceAccount: the index forgets it.
  workspace.write('sa.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n');
  assert.equal(workspace.service.index.serviceAccounts('team-a', 'app').length, 0);
  assert.ok(workspace.service.index.get(workspace.uri('sa.yaml')));
});
