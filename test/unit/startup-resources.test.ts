import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLanguageService, loadResourcesFirst, needsGrammars } from '../../server/src/service';

const ROLE = 'resource "aws_iam_role" "app" {\n  name = "AppRole"\n  assume_role_policy = file("trust.json")\n}\n';

test("the server's resources come before the grammars: a policy needs none, a Terraform file is read once they are in", async () => {
  const { resources, grammars } = await loadResourcesFirst();
  const service = createLanguageService(resources);
  await grammars;
  service.indexFile('file:///w/main.tf', 'terraform', ROLE);
  assert.deepEqual(
    service.index.rolesNamed('AppRole').map((r) => r.uri),
    ['file:///w/main.tf'],
  );
  assert.deepEqual(['json', 'yaml', 'terraform', 'shellscript'].filter(needsGrammars), ['terraform', 'shellscript']);
});
