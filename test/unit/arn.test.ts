import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCatalog } from '../../server/src/service';
import { arnIndexOf } from '../../server/src/service/catalog/arn';
import { covers, ResourcePattern, TemplatePart } from '../../server/src/service/catalog/arnMatch';
import { formatArn, isWildcardOnly, parseArn, splitFields } from '../../server/src/service/catalog/arnParse';
import {
  hasUnknownDirection,
  isKnownRegion,
  isRegionShaped,
  partitionForRegion,
  partitionNames,
  partitionOf,
} from '../../server/src/service/catalog/partitions';

describe('ARN fields', () => {
  test('splits six fields and keeps the colons of the resource part', () => {
    assert.deepEqual(parseArn('arn:aws:logs:us-east-1:123456789012:log-group:/aws/x:*'), {
      partition: 'aws',
      service: 'logs',
      region: 'us-east-1',
      account: '123456789012',
      resource: 'log-group:/aws/x:*',
    });
  });
  test('a colon inside a policy variable does not split', () => {
    assert.deepEqual(splitFields('arn:aws:iam::${aws:PrincipalAccount}:role/${aws:username}'), [
      'arn',
      'aws',
      'iam',
      '',
      '${aws:PrincipalAccount}',
      'role/${aws:username}',
    ]);
  });
  test('fewer than six fields', () => {
    assert.deepEqual(parseArn('arn:aws:s3::bucket'), { fieldCount: 5 });
  });
  test('formats back to the same text', () => {
    const text = 'arn:aws:ec2:us-east-1:123456789012:instance/*';
    const arn = parseArn(text);
    assert.ok(!('fieldCount' in arn));
    assert.equal(formatArn(arn), text);
  });
  test('a field of wildcards and variables matches anything', () => {
    assert.ok(isWildcardOnly('*'));
    assert.ok(isWildcardOnly('${aws:RequestedRegion}'));
    assert.ok(!isWildcardOnly('us-*'));
    assert.ok(!isWildcardOnly(''));
  });
});

describe('policy pattern against template', () => {
  const object = new TemplatePart('${BucketName}/${ObjectName}');
  const bucket = new TemplatePart('${BucketName}');
  const role = new TemplatePart('role/${RoleNameWithPath}');
  test('a literal resource', () => {
    assert.ok(new ResourcePattern('my-bucket/key.txt').mayMatch(object));
    assert.ok(!new ResourcePattern('my-bucket').mayMatch(object));
    assert.ok(new ResourcePattern('my-bucket').mayMatch(bucket));
  });
  test('a template variable takes slashes (role paths)', () => {
    assert.ok(new ResourcePattern('role/service-role/team/app').mayMatch(role));
    assert.ok(!new ResourcePattern('user/alice').mayMatch(role));
  });
  test('wildcards on the policy side absorb anything', () => {
    assert.ok(new ResourcePattern('my-bucket*').mayMatch(object));
    assert.ok(new ResourcePattern('*').mayMatch(role));
    assert.ok(new ResourcePattern('rol?/*').mayMatch(role));
    assert.ok(!new ResourcePattern('user/*').mayMatch(role));
    assert.ok(new ResourcePattern('my-bucket/${aws:username}/*').mayMatch(object));
  });
  test('a variable needs at least one character', () => {
    assert.ok(!new ResourcePattern('role/').mayMatch(role));
    assert.ok(new ResourcePattern('role/?').mayMatch(role));
  });
  test('literal words compare without regard to case', () => {
    assert.ok(new ResourcePattern('Role/x').mayMatch(role));
  });
  test("a literal resource matches a template as the template's RegExp does, for every template of the catalogue", async () => {
    const index = arnIndexOf(await loadCatalog());
    const templates = [...index.services()].flatMap((service) => [...index.templatesOfService(service)]);
    // Each template filled in (variables with values, upper-cased, empty, cut short), against its own and its service's others.
    const fills = (text: string) => [
      text.replace(/\$\{[^}]*\}/g, 'v-1'),
      text.replace(/\$\{[^}]*\}/g, 'a/b:c').toUpperCase(),
      text.replace(/\$\{[^}]*\}/g, ''),
      text.replace(/\$\{[^}]*\}/g, 'x').slice(0, -1),
      `${text.replace(/\$\{[^}]*\}/g, 'y')}/z`,
      text.replace(/\$\{[^}]*\}/g, 'ı'),
    ];
    let compared = 0;
    for (const template of templates) {
      const resources = fills(template.resource.text).filter((r) => !/[*?]/.test(r));
      for (const other of index.templatesOfService(template.service).slice(0, 8)) {
        for (const resource of resources) {
          const pattern = new ResourcePattern(resource);
          const head = pattern.head;
          const headAgrees = head.length <= other.resource.head.length ? other.resource.head.startsWith(head) : head.startsWith(other.resource.head);
          assert.equal(pattern.mayMatch(other.resource), headAgrees && other.resource.regExp.test(resource), `${resource} against ${other.resource.text}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 10_000);
  });
});

describe('one entry covering another', () => {
  test('a wildcard covers what it matches', () => {
    assert.ok(covers('b/*', 'b/x'));
    assert.ok(covers('b/*', 'b/x/*'));
    assert.ok(covers('b*', 'b/x'));
    assert.ok(!covers('b/x', 'b/*'));
    assert.ok(!covers('b/?', 'b/xy'));
    assert.ok(covers('b/?', 'b/?'));
    assert.ok(!covers('b/?', 'b/*'));
  });
  test('a variable is covered only by the same variable or a star', () => {
    assert.ok(covers('b/${aws:username}/*', 'b/${aws:username}/x'));
    assert.ok(covers('b/*', 'b/${aws:username}'));
    assert.ok(!covers('b/?', 'b/${aws:username}'));
    assert.ok(!covers('b/${aws:username}', 'b/alice'));
  });
  test('case matters, as in IAM', () => {
    assert.ok(!covers('B/*', 'b/x'));
  });
});

describe('the template index', () => {
  test('derives ARN services from the templates, not from the prefixes', async () => {
    const index = arnIndexOf(await loadCatalog());
    assert.ok(index.hasService('s3'));
    assert.ok(index.hasService('execute-api'));
    assert.ok(!index.hasService('s4'));
    // sts has types whose ARNs are iam ARNs (roles), and the assumed-role ARNs are sts ones.
    assert.ok(index.templatesOfService('iam').some((t) => t.prefix === 'sts'));
    assert.ok(index.templatesOfService('iam').some((t) => t.prefix === 'iam' && t.resourceType === 'role'));
  });
  test('is built once per catalogue', async () => {
    const catalog = await loadCatalog();
    assert.equal(arnIndexOf(catalog), arnIndexOf(catalog));
  });
  test('reads how templates fill the region and account', async () => {
    const index = arnIndexOf(await loadCatalog());
    const bucket = index.templatesOfResourceType('s3', 'bucket')[0];
    assert.equal(bucket.region, 'none');
    assert.equal(bucket.account, 'none');
    const instance = index.templatesOfResourceType('ec2', 'instance')[0];
    assert.equal(instance.region, 'required');
    assert.equal(instance.account, 'required');
  });
  test('splits the templates that list several ARN forms', async () => {
    const index = arnIndexOf(await loadCatalog());
    const forms = index.templatesOfService('apigateway');
    assert.ok(forms.every((t) => !t.arn.includes(',')));
  });
  test('lists the resource-type words of a service', async () => {
    const index = arnIndexOf(await loadCatalog());
    assert.ok(index.resourceWords('ec2').words.includes('instance'));
    // S3 bucket ARNs start with the bucket name: any word may come first.
    assert.ok(index.resourceWords('s3').prefixes.includes(''));
  });
});

describe('partitions', () => {
  test('names and lookups', () => {
    assert.deepEqual(partitionNames(), ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);
    assert.equal(partitionOf('aws-cn')?.dnsSuffix, 'amazonaws.com.cn');
    assert.equal(partitionOf('AWS'), undefined);
  });
  test('regions of a partition', () => {
    assert.ok(isKnownRegion('aws', 'us-east-1'));
    assert.ok(isKnownRegion('aws', 'ap-southeast-7'));
    assert.ok(isKnownRegion('aws', 'mx-central-1'));
    assert.ok(!isKnownRegion('aws', 'cn-north-1'));
    assert.ok(isKnownRegion('aws-cn', 'cn-northwest-1'));
    assert.ok(isKnownRegion('aws-us-gov', 'us-gov-east-1'));
    assert.ok(isKnownRegion('aws-eusc', 'eusc-de-east-1'));
  });
  test('the partition of a region, known or only well named', () => {
    assert.equal(partitionForRegion('us-gov-west-1')?.name, 'aws-us-gov');
    assert.equal(partitionForRegion('cn-north-1')?.name, 'aws-cn');
    assert.equal(partitionForRegion('us-isob-east-1')?.name, 'aws-iso-b');
    assert.equal(partitionForRegion('eu-isoe-west-1')?.name, 'aws-iso-e');
    // Not launched yet, but named like a commercial region.
    assert.equal(partitionForRegion('eu-west-9')?.name, 'aws');
    assert.equal(partitionForRegion('cn-south-3')?.name, 'aws-cn');
    assert.equal(partitionForRegion('xx-east-1'), undefined);
  });
  test('the shape of a region name', () => {
    assert.ok(isRegionShaped('us-east-1'));
    assert.ok(isRegionShaped('us-gov-west-1'));
    assert.ok(isRegionShaped('eusc-de-east-1'));
    assert.ok(!isRegionShaped('us-east'));
    assert.ok(!isRegionShaped('US-EAST-1'));
    assert.ok(!isRegionShaped('useast1'));
    assert.ok(hasUnknownDirection('us-esat-1'));
    assert.ok(!hasUnknownDirection('ap-southeast-9'));
  });
});
