import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCatalog } from '../../server/src/service';
import { ArnIndex, ArnTemplate } from '../../server/src/service/catalog/arn';
import { splitFields } from '../../server/src/service/catalog/arnParse';

/** Splitting at colons outside `${...}`, one character at a time: what `splitFields` must give. */
function referenceSplit(text: string, max: number): string[] {
  const fields: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length && fields.length < max - 1) {
    if (text[i] === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      i = close < 0 ? i + 2 : close + 1;
      continue;
    }
    if (text[i] === ':') {
      fields.push(text.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  fields.push(text.slice(start));
  return fields;
}

describe('ARN fields', () => {
  test('split at colons outside variables as a character-by-character reading does, on 20,000 random texts', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    const pieces = [':', '${', '}', '$', '{', 'a', 'arn', '${aws:username}', '::'];
    for (let n = 0; n < 20000; n++) {
      let text = '';
      for (let length = Math.floor(random() * 14); length > 0; length--) text += pieces[Math.floor(random() * pieces.length)];
      for (const max of [2, 3, 6, 8]) assert.deepEqual(splitFields(text, max), referenceSplit(text, max), `${JSON.stringify(text)} into ${max}`);
    }
  });
});

// The ARN index files each form under its service at once and builds templates on first use: asked by
// ARN service or by resource type, in any order, it must give the same template objects, each form once.
describe('ARN index', () => {
  test('by service and by resource type: the same templates, each filed under its own service, built once', async () => {
    const catalog = await loadCatalog();
    // Resource types first: the templates they build must be the ones the services give afterwards.
    const index = new ArnIndex(catalog);
    const byType: ArnTemplate[] = [];
    for (const prefix of catalog.servicePrefixes()) {
      for (const type of catalog.service(prefix)!.resourceTypes.values()) {
        const templates = index.templatesOfResourceType(prefix, type.key);
        assert.equal(index.templatesOfResourceType(prefix.toUpperCase(), type.key.toUpperCase()), templates, `${prefix}:${type.key}`);
        for (const template of templates) {
          assert.equal(template.id, `${prefix}:${type.key}`.toLowerCase());
          assert.ok(template.arn.startsWith('arn:') && type.arn.includes(template.arn), template.arn);
        }
        byType.push(...templates);
      }
    }
    const byService: ArnTemplate[] = [];
    for (const service of index.services()) {
      assert.ok(index.hasService(service));
      const templates = index.templatesOfService(service);
      assert.ok(templates.length > 0, service);
      for (const template of templates) assert.equal(template.service, service);
      byService.push(...templates);
    }
    assert.ok(byType.length > 1500, `${byType.length} templates`);
    assert.equal(new Set(byService).size, byService.length);
    assert.deepEqual(new Set(byService), new Set(byType));
    assert.equal(index.hasService('no-such-service'), false);
    assert.deepEqual(index.templatesOfService('no-such-service'), []);
    assert.deepEqual(index.templatesOfResourceType('s3', 'no-such-type'), []);
  });

  test("a form's fields as the catalogue writes them: S3 objects, Backup's recovery points of other services, a literal in the account field", async () => {
    const index = new ArnIndex(await loadCatalog());
    const [object] = index.templatesOfResourceType('s3', 'object');
    assert.deepEqual(
      { service: object.service, region: object.region, account: object.account, resource: object.resource.text },
      { service: 's3', region: 'none', account: 'none', resource: '${BucketName}/${ObjectName}' },
    );
    const [recoveryPoint] = index.templatesOfResourceType('backup', 'recoveryPoint');
    assert.equal(recoveryPoint.service, 'backup');
    assert.ok(index.templatesOfService('backup').includes(recoveryPoint));
    const [offering] = index.templatesOfResourceType('mediaconnect', 'Offering');
    assert.deepEqual({ account: offering.account, resource: offering.resource.text }, { account: 'required', resource: 'offering:${OfferingId}' });
  });
});
