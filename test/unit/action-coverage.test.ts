import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ActionCoverage } from '../../server/src/service/catalog/actionCoverage';
import { matchesWildcard } from '../../server/src/service/catalog/wildcard';

const WATCHED = ['iam:PassRole', 'iam:CreatePolicyVersion', 'lambda:CreateFunction', 'ec2:RunInstances', 'iam:CreateServiceLinkedRole'];
const PATTERNS = [
  '*',
  '*:*',
  'iam:*',
  'iam:Pass*',
  'IAM:passrole',
  'iam:?assRole',
  'iam:Create*',
  'iam:*Role',
  'lambda:*',
  'ec2:Run*',
  's3:GetObject',
  'iam:PassRole2',
  '',
  'iam',
  '*Role',
  'iam:*Policy*',
  // The service prefix in another case, with a wildcard, empty, or odd: only its own service's actions may be covered.
  'IaM:Create*',
  'EC2:runinstances',
  'Lambda:Create*',
  'i?m:PassRole',
  'i*:*',
  '?am:*Role',
  ':',
  ':*',
  'iam:',
  'ia:m*',
  'iam::*',
  'ec2:*:*',
  '\u0131am:PassRole',
  'LAMBDA:*',
];

describe('ActionCoverage', () => {
  test('covers each watched action exactly when the wildcard matches it, memo or not', () => {
    const coverage = new ActionCoverage(WATCHED);
    for (let round = 0; round < 2; round++) {
      for (const pattern of PATTERNS) {
        for (const action of WATCHED) assert.equal(coverage.of(pattern).has(action), matchesWildcard(pattern, action, true), `${pattern} / ${action}`);
        assert.deepEqual(
          [...coverage.of(pattern)],
          WATCHED.filter((action) => matchesWildcard(pattern, action, true)),
        );
      }
    }
  });

  test('firstCoverings: for each watched action, the first item in order whose pattern covers it', () => {
    const coverage = new ActionCoverage(WATCHED);
    const items = [{ p: 's3:*' }, { p: 'iam:Get*' }, { p: 'iam:Pass*' }, { p: '*' }];
    const first = coverage.firstCoverings(items, (i) => i.p);
    assert.equal(first.get('iam:PassRole'), items[2]);
    assert.equal(first.get('ec2:RunInstances'), items[3]);
    assert.equal(coverage.firstCoverings(items.slice(0, 2), (i) => i.p).get('ec2:RunInstances'), undefined);
    for (const action of WATCHED)
      assert.equal(
        first.get(action),
        items.find((i) => matchesWildcard(i.p, action, true)),
        action,
      );
    assert.deepEqual([...coverage.firstCoverings(items.slice(0, 2), (i) => i.p).keys()], []);
  });
});
