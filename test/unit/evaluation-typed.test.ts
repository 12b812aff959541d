import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { holds } from '../support/evaluation';

// IAM user guide, "IAM JSON policy elements: Condition operators": Numeric, Date, Boolean, Binary,
// IP address and Null condition operators.

describe('evaluation: Numeric condition operators', () => {
  const key = 's3:max-keys';
  test("the guide's s3:max-keys NumericLessThanEquals 10 example", () => {
    assert.equal(holds({ NumericLessThanEquals: { [key]: '10' } }, { [key]: '10' }), true);
    assert.equal(holds({ NumericLessThanEquals: { [key]: '10' } }, { [key]: '11' }), false);
  });

  test('each of the six compares numbers, not text (10 equals 10.0; JSON numbers too)', () => {
    const cases: [string, string, boolean][] = [
      ['NumericEquals', '10.0', true],
      ['NumericEquals', '9', false],
      ['NumericNotEquals', '9', true],
      ['NumericNotEquals', '10', false],
      ['NumericLessThan', '9.5', true],
      ['NumericLessThan', '10', false],
      ['NumericGreaterThan', '1e2', true],
      ['NumericGreaterThan', '10', false],
      ['NumericGreaterThanEquals', '10', true],
      ['NumericGreaterThanEquals', '-3', false],
    ];
    for (const [operator, value, expected] of cases) assert.equal(holds({ [operator]: { [key]: 10 } }, { [key]: value }), expected, `${operator} ${value}`);
  });

  test('a request value that is no number never matches (so the negated operator holds)', () => {
    assert.equal(holds({ NumericEquals: { [key]: '10' } }, { [key]: 'ten' }), false);
    assert.equal(holds({ NumericNotEquals: { [key]: '10' } }, { [key]: 'ten' }), true);
    assert.equal(holds({ NumericLessThan: { [key]: 'many' } }, { [key]: '1' }), false);
  });

  test('absent key: positive operators fail, NumericNotEquals holds', () => {
    assert.equal(holds({ NumericLessThan: { [key]: '10' } }, {}), false);
    assert.equal(holds({ NumericNotEquals: { [key]: '10' } }, {}), true);
  });
});

describe('evaluation: Date condition operators', () => {
  const key = 'aws:CurrentTime';
  test("the guide's aws:CurrentTime DateGreaterThan / DateLessThan window example", () => {
    const window = { DateGreaterThan: { [key]: '2020-04-01T00:00:00Z' }, DateLessThan: { [key]: '2020-06-30T23:59:59Z' } };
    assert.equal(holds(window, { [key]: '2020-05-15T12:00:00Z' }), true);
    assert.equal(holds(window, { [key]: '2020-07-01T00:00:00Z' }), false);
  });

  test('ISO 8601 and epoch seconds compare as instants; zones are applied', () => {
    assert.equal(holds({ DateEquals: { 'aws:EpochTime': '2020-01-01T00:00:00Z' } }, { 'aws:EpochTime': '1577836800' }), true);
    assert.equal(holds({ DateEquals: { [key]: 1577836800 } }, { [key]: '2020-01-01T01:00:00+01:00' }), true);
    assert.equal(holds({ DateNotEquals: { [key]: '2020-01-01' } }, { [key]: '2020-01-01T00:00:00Z' }), false);
    assert.equal(holds({ DateLessThanEquals: { [key]: '2020-01-01T00:00:00.500Z' } }, { [key]: '2020-01-01T00:00:00Z' }), true);
    assert.equal(holds({ DateGreaterThanEquals: { [key]: '2020-01-01T00:00:00Z' } }, { [key]: '2019-12-31T23:59:59Z' }), false);
  });

  test('a malformed date never matches (DateNotEquals then holds)', () => {
    assert.equal(holds({ DateLessThan: { [key]: 'next tuesday' } }, { [key]: '2020-01-01T00:00:00Z' }), false);
    assert.equal(holds({ DateLessThan: { [key]: '2030-01-01T00:00:00Z' } }, { [key]: '2020-13-01T00:00:00Z' }), false);
    assert.equal(holds({ DateNotEquals: { [key]: '2020-02-30' } }, { [key]: '2020-01-01T00:00:00Z' }), true);
  });
});

describe('evaluation: Bool and BinaryEquals', () => {
  test("the guide's aws:SecureTransport Bool example", () => {
    assert.equal(holds({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' }), true);
    assert.equal(holds({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'false' }), false);
    assert.equal(holds({ Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'true' }), true);
    assert.equal(holds({ Bool: { 'aws:SecureTransport': 'true' } }, {}), false);
  });

  test('Bool with a value that is no boolean never matches', () => {
    assert.equal(holds({ Bool: { 'aws:SecureTransport': 'yes' } }, { 'aws:SecureTransport': 'yes' }), false);
    assert.equal(holds({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, { 'aws:MultiFactorAuthPresent': '1' }), false);
  });

  test("BinaryEquals compares the base64 text exactly (the guide's QmluYXJ5VmFsdWVJbkJhc2U2NA== example)", () => {
    assert.equal(holds({ BinaryEquals: { 'key:name': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, { 'key:name': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }), true);
    assert.equal(holds({ BinaryEquals: { 'key:name': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, { 'key:name': 'qmluYXJ5VmFsdWVJbkJhc2U2NA==' }), false);
  });
});

describe('evaluation: IpAddress and NotIpAddress', () => {
  test("the guide's 203.0.113.0/24 and 2001:DB8:1234:5678::/64 example", () => {
    const condition = { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } };
    assert.equal(holds(condition, { 'aws:SourceIp': '203.0.113.77' }), true);
    assert.equal(holds(condition, { 'aws:SourceIp': '203.0.114.1' }), false);
    assert.equal(holds(condition, { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' }), true);
    assert.equal(holds(condition, { 'aws:SourceIp': '2001:db8:1234:5679::1' }), false);
  });

  test('a bare address is one host; host bits of a range are ignored; prefixes not on a byte boundary', () => {
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '192.0.2.10' } }, { 'aws:SourceIp': '192.0.2.10' }), true);
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '192.0.2.10' } }, { 'aws:SourceIp': '192.0.2.11' }), false);
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '10.1.2.3/8' } }, { 'aws:SourceIp': '10.200.0.1' }), true);
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '172.16.0.0/12' } }, { 'aws:SourceIp': '172.31.255.255' }), true);
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '172.16.0.0/12' } }, { 'aws:SourceIp': '172.32.0.0' }), false);
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': '8.8.8.8' }), true);
  });

  test('an IPv6 address may end in dotted IPv4 (::ffff:192.0.2.1), still an IPv6 address', () => {
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '::ffff:0:0/96' } }, { 'aws:SourceIp': '::ffff:192.0.2.1' }), true);
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '::ffff:192.0.2.0/120' } }, { 'aws:SourceIp': '::ffff:192.0.2.1' }), true);
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, { 'aws:SourceIp': '::ffff:192.0.2.1' }), false);
  });

  test('IPv4 and IPv6 never match each other; a malformed address or range matches nothing', () => {
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '::/0' } }, { 'aws:SourceIp': '8.8.8.8' }), false);
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } }, { 'aws:SourceIp': '10.0.0.1' }), false);
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '10.0.0.256' }), false);
  });

  test("NotIpAddress: the NOT of the OR; true when the key is absent (the guide's deny-outside-range example)", () => {
    const condition = { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } };
    assert.equal(holds(condition, { 'aws:SourceIp': '198.51.100.1' }), true);
    assert.equal(holds(condition, { 'aws:SourceIp': '203.0.113.5' }), false);
    assert.equal(holds(condition, {}), true);
  });
});

describe('evaluation: Null', () => {
  test('"true": the key is absent; "false": it is present (the guide\'s aws:TokenIssueTime example)', () => {
    assert.equal(holds({ Null: { 'aws:TokenIssueTime': 'true' } }, {}), true);
    assert.equal(holds({ Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }), false);
    assert.equal(holds({ Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }), true);
    assert.equal(holds({ Null: { 'aws:TokenIssueTime': false } }, {}), false);
  });

  test('an empty multivalued key counts as absent', () => {
    assert.equal(holds({ Null: { 'aws:TagKeys': 'true' } }, { 'aws:TagKeys': [] }), true);
  });
});
