import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { holds } from '../support/evaluation';

// IAM user guide, "Single-valued vs. multivalued context keys" (set operators ForAllValues and
// ForAnyValue) and "Condition operators" (…IfExists, checking for a key's absence).

describe('evaluation: ForAllValues and ForAnyValue', () => {
  const keys = 'aws:TagKeys';
  test("ForAllValues:StringEquals: every request value is among the policy values (the guide's environment / cost-center aws:TagKeys example)", () => {
    const condition = { 'ForAllValues:StringEquals': { [keys]: ['environment', 'cost-center'] } };
    assert.equal(holds(condition, { [keys]: ['environment'] }), true);
    assert.equal(holds(condition, { [keys]: ['environment', 'cost-center'] }), true);
    assert.equal(holds(condition, { [keys]: ['environment', 'owner'] }), false);
  });

  test('ForAllValues holds when the key is absent, empty, or an empty string ("a null dataset")', () => {
    const condition = { 'ForAllValues:StringEquals': { [keys]: ['environment'] } };
    assert.equal(holds(condition, {}), true);
    assert.equal(holds(condition, { [keys]: [] }), true);
    assert.equal(holds(condition, { [keys]: '' }), true);
  });

  test("ForAnyValue:StringEquals: at least one request value matches (the guide's aws:TagKeys example); false when absent", () => {
    const condition = { 'ForAnyValue:StringEquals': { [keys]: ['environment', 'cost-center'] } };
    assert.equal(holds(condition, { [keys]: ['owner', 'cost-center'] }), true);
    assert.equal(holds(condition, { [keys]: ['owner'] }), false);
    assert.equal(holds(condition, {}), false);
    assert.equal(holds(condition, { [keys]: [] }), false);
  });

  test('negated operators under a qualifier negate each value: ForAnyValue:StringNotEquals, ForAllValues:StringNotLike', () => {
    const anyNot = { 'ForAnyValue:StringNotEquals': { [keys]: ['environment'] } };
    assert.equal(holds(anyNot, { [keys]: ['environment', 'owner'] }), true);
    assert.equal(holds(anyNot, { [keys]: ['environment'] }), false);
    assert.equal(holds(anyNot, {}), false);
    const allNot = { 'ForAllValues:StringNotLike': { [keys]: ['aws:*'] } };
    assert.equal(holds(allNot, { [keys]: ['team', 'env'] }), true);
    assert.equal(holds(allNot, { [keys]: ['team', 'aws:cloudformation:stack'] }), false);
    assert.equal(holds(allNot, {}), true);
  });

  test('a single string under a qualifier is a set of one', () => {
    assert.equal(holds({ 'ForAnyValue:StringLike': { [keys]: 'env*' } }, { [keys]: 'environment' }), true);
    assert.equal(holds({ 'ForAllValues:StringLike': { [keys]: 'env*' } }, { [keys]: 'owner' }), false);
  });

  test('a multivalued request value under an operator without qualifier: any value matches (NOT of that when negated)', () => {
    assert.equal(holds({ StringEquals: { [keys]: 'owner' } }, { [keys]: ['environment', 'owner'] }), true);
    assert.equal(holds({ StringNotEquals: { [keys]: 'owner' } }, { [keys]: ['environment', 'owner'] }), false);
    assert.equal(holds({ StringNotEquals: { [keys]: 'owner' } }, { [keys]: ['environment'] }), true);
  });

  test('qualifiers on other types: ForAnyValue:IpAddress, ForAllValues:NumericLessThan', () => {
    assert.equal(holds({ 'ForAnyValue:IpAddress': { 'test:ips': '10.0.0.0/8' } }, { 'test:ips': ['192.0.2.1', '10.9.9.9'] }), true);
    assert.equal(holds({ 'ForAllValues:NumericLessThan': { 'test:sizes': '5' } }, { 'test:sizes': ['1', '7'] }), false);
  });
});

describe('evaluation: …IfExists', () => {
  test("absent key: the condition holds (the guide's ec2:InstanceType StringLikeIfExists example)", () => {
    const condition = { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } };
    assert.equal(holds(condition, {}), true);
    assert.equal(holds(condition, { 'ec2:InstanceType': 't2.micro' }), true);
    assert.equal(holds(condition, { 'ec2:InstanceType': 'r5.large' }), false);
  });

  test('IfExists on every type; a qualifier with IfExists holds when absent, ForAnyValue included', () => {
    assert.equal(holds({ NumericLessThanIfExists: { 's3:max-keys': '10' } }, {}), true);
    assert.equal(holds({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, { 'aws:MultiFactorAuthPresent': 'false' }), false);
    assert.equal(holds({ IpAddressIfExists: { 'aws:SourceIp': '10.0.0.0/8' } }, {}), true);
    assert.equal(holds({ ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }, {}), true);
    assert.equal(holds({ 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'env' } }, {}), true);
    assert.equal(holds({ StringNotEqualsIfExists: { 'aws:RequestedRegion': 'eu-west-1' } }, { 'aws:RequestedRegion': 'eu-west-1' }), false);
  });

  test('operator names are read in any case; an unknown operator never holds', () => {
    assert.equal(holds({ stringequals: { 'aws:PrincipalTag/team': 'a' } }, { 'aws:PrincipalTag/team': 'a' }), true);
    assert.equal(holds({ StringEqualz: { 'aws:PrincipalTag/team': 'a' } }, { 'aws:PrincipalTag/team': 'a' }), false);
  });
});
