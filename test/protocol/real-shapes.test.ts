// One workspace folder mixing the shapes real repositories have, over stdio: a Kustomize overlay giving
// a ServiceAccount its namespace, a role-arn annotation that is a template, a trust on a self-managed
// cluster's issuer (kops-like api.example.com), and an eksctl addon whose attachPolicy holds a fault.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FileChangeType, LocationLink, MarkupContent } from 'vscode-languageserver-protocol/node';
import { ServerSession } from '../support/lspClient';

const root = mkdtempSync(path.join(tmpdir(), 'iam-irsa-real-shapes-'));
const FILES: Record<string, string> = {
  'iam/create-roles.sh': '#!/bin/sh\naws iam create-role --role-name CartsRole --assume-role-policy-document file://trust.json\n',
  'iam/trust.json': JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/api.example.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { 'api.example.com:sub': 'system:serviceaccount:carts:carts', 'api.example.com:aud': 'sts.amazonaws.com' } },
        },
      ],
    },
    null,
    2,
  ),
  'k8s/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: carts\nresources:\n  - service-account.yaml\n',
  'k8s/service-account.yaml':
    'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: carts\n  annotations:\n    eks.amazonaws.com/role-arn: ${CARTS_IAM_ROLE}\n',
  'cluster.yaml':
    'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: dev\n  region: us-east-1\naddons:\n  - name: vpc-cni\n    attachPolicy:\n      Version: "2012-10-17"\n      Statement:\n        - Effect: Allow\n          Action: ec2:AssignPrivateIpAdresses\n          Resource: "*"\n',
};
for (const [name, content] of Object.entries(FILES)) {
  mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  writeFileSync(path.join(root, name), content);
}
const uri = (name: string) => pathToFileURL(path.join(root, name)).toString();
const SA = 'k8s/service-account.yaml';
const TEMPLATE = { line: 5, character: 35 };

describe('real shapes over stdio: Kustomize, a templated annotation, a self-managed issuer, an eksctl addon', () => {
  let server: ServerSession;
  before(async () => {
    server = await ServerSession.start({ pull: true, workspaceFolders: [root], definitionLinks: true });
    await server.open(uri(SA), FILES[SA], 'yaml');
    await server.open(uri('cluster.yaml'), FILES['cluster.yaml'], 'yaml');
  });
  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('the template is linked by subject to CartsRole in namespace carts: definition, hover, no finding', async () => {
    const links = await server.eventually(async () => {
      const result = (await server.definition(uri(SA), TEMPLATE)) as LocationLink[] | null;
      return result?.length ? result : undefined;
    }, 'the folder to be indexed');
    assert.equal(links[0].targetUri, uri('iam/trust.json'));
    const hover = await server.hover(uri(SA), TEMPLATE);
    assert.match((hover?.contents as MarkupContent).value, /IAM role `CartsRole`/);
    const diagnostics = await server.pull(uri(SA));
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      [],
    );
  });

  test("a fault in the eksctl addon's attachPolicy is reported on its line", async () => {
    const diagnostics = await server.pull(uri('cluster.yaml'));
    assert.deepEqual(
      diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}`),
      ['INVALID_ACTION 12'],
    );
  });

  test('the kustomization changed on disk: the ServiceAccount moves to another namespace and no role admits it', async () => {
    writeFileSync(path.join(root, 'k8s/kustomization.yaml'), FILES['k8s/kustomization.yaml'].replace('namespace: carts', 'namespace: orders'));
    await server.filesChanged([{ uri: uri('k8s/kustomization.yaml'), type: FileChangeType.Changed }]);
    const found = await server.eventually(async () => {
      const diagnostics = await server.pull(uri(SA));
      return diagnostics.find((d) => d.code === 'LINK_ROLE_NOT_FOUND');
    }, 'LINK_ROLE_NOT_FOUND after the kustomization changed');
    assert.equal(found.range.start.line, 5);
    assert.match(
      String(found.message),
      /no role of the workspace admits system:serviceaccount:orders:carts \(namespace "orders" from k8s\/kustomization\.yaml\)/,
    );
  });
});
