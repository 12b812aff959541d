import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesWildcard } from '../../server/src/service/catalog/wildcard';
import { document, service } from '../support/service';

test('IAM wildcards: * any run (empty too), ? one character, case folded only when asked', () => {
  const cases: [string, string, boolean, boolean?][] = [
    ['*', '', true],
    ['?', '', false],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:PutObject', false],
    ['s3:get*object', 'S3:GETBUCKETOBJECT', true, true],
    ['s3:get*', 'S3:GetObject', false],
    ['iam:?assRole', 'iam:PassRole', true],
    ['a**b', 'ab', true],
    ['*b', 'aab', true],
    ['a?c', 'ac', false],
    ['system:serviceaccount:*:app', 'system:serviceaccount:team-a:app', true],
  ];
  for (const [pattern, text, expected, ignoreCase] of cases) assert.equal(matchesWildcard(pattern, text, ignoreCase), expected, `${pattern} ~ ${text}`);
});

// As RegExps (`.*` per `*`), these took minutes against a 40-character name: the server hung on a keystroke.
test('a pattern of many wildcards that matches nothing is rejected at once', { timeout: 20_000 }, () => {
  for (const pattern of ['*?'.repeat(20) + '!', '*a'.repeat(20) + 'z', 'a*'.repeat(20) + '!'])
    assert.equal(matchesWildcard(pattern, 'a'.repeat(40)), false, pattern);
});

test('"Action": "s3:*?*?…!" is checked in bounded time: it matches no action', { timeout: 20_000 }, async () => {
  const s = await service();
  const doc = document(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:${'*?'.repeat(16)}!", "Resource": "*"}]}`);
  assert.deepEqual(
    s.validate(doc).map((d) => d.code),
    ['INVALID_ACTION'],
  );
  s.doHover(doc, doc.positionAt(70));
});

test('an action pattern of 100,000 characters: no "Regular expression too large" from the trust policy facts', async () => {
  const s = await service();
  const action = `sts:AssumeRole${'$('.repeat(50_000)}`;
  const doc = document(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "${action}"}]}`);
  assert.ok(s.validate(doc).some((d) => d.code === 'INVALID_ACTION'));
  assert.equal(s.analyze(doc).facts.trustPolicies.length, 1);
});
