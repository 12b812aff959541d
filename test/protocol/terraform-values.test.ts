import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { ServerSession } from '../support/lspClient';

/** A Terraform folder whose IRSA module takes its namespace from terraform.tfvars, and the manifest it serves. */
const root = mkdtempSync(path.join(tmpdir(), 'iam-irsa-terraform-values-'));
const FILES: Record<string, string> = {
  'infra/irsa.tf': `module "app_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 5.0"

  role_name = local.role_name
  oidc_providers = {
    main = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
      namespace_service_accounts = ["\${var.namespace}:app"]
    }
  }
}
`,
  'infra/locals.tf': 'locals {\n  role_name = "AppRole"\n}\n',
  'infra/variables.tf': 'variable "namespace" {\n  type = string\n}\n',
  'infra/terraform.tfvars': 'namespace = "team-a"\n',
  'k8s/sa.yaml':
    'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: team-a\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/AppRole\n',
};
for (const [name, text] of Object.entries(FILES)) {
  mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  writeFileSync(path.join(root, name), text);
}
const uri = (relative: string) => pathToFileURL(path.join(root, relative)).toString();

describe('Terraform folder values over stdio: a tfvars change on disk relinks the module role', () => {
  let server: ServerSession;
  before(async () => {
    server = await ServerSession.start({ pull: true, workspaceFolders: [root] });
    await server.open(uri('k8s/sa.yaml'), FILES['k8s/sa.yaml'], 'yaml');
  });
  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('the annotation resolves to the module role (its name from locals.tf), the namespace from terraform.tfvars admits it', async () => {
    const hover = await server.eventually(async () => {
      const h = await server.hover(uri('k8s/sa.yaml'), { line: 6, character: 40 });
      const value = (h?.contents as { value?: string } | undefined)?.value ?? '';
      return value.includes('irsa.tf') ? value : undefined;
    }, 'the role defined in infra/irsa.tf');
    assert.match(hover, /Admits this ServiceAccount/);
    assert.deepEqual(
      (await server.pull(uri('k8s/sa.yaml'))).map((d) => d.code),
      [],
    );
  });

  test('terraform.tfvars changed on disk to team-b: LINK_TRUST_DOES_NOT_ADMIT_SA on the annotation', async () => {
    writeFileSync(path.join(root, 'infra/terraform.tfvars'), 'namespace = "team-b"\n');
    await server.filesChanged([{ uri: uri('infra/terraform.tfvars'), type: FileChangeType.Changed }]);
    const codes = await server.eventually(async () => {
      const found = (await server.pull(uri('k8s/sa.yaml'))).map((d) => `${d.code} ${d.range.start.line + 1}`);
      return found.length ? found : undefined;
    }, 'the refusal after the tfvars change');
    assert.deepEqual(codes, ['LINK_TRUST_DOES_NOT_ADMIT_SA 7']);
    assert.equal(readFileSync(path.join(root, 'infra/terraform.tfvars'), 'utf8'), 'namespace = "team-b"\n');
  });
});
