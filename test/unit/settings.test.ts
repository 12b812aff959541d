import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { readSettings } from '../../server/src/service';
import { validate } from '../support/service';

const broken = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjct", "Resource": "*"}]}';

describe('settings', () => {
  test('a check can be given another severity', async () => {
    const [d] = await validate(broken, 'json', { checks: { INVALID_ACTION: 'warning' } });
    assert.equal(d.severity, DiagnosticSeverity.Warning);
  });
  test('a check can be turned off', async () => {
    assert.deepEqual(await validate(broken, 'json', { checks: { INVALID_ACTION: 'off' } }), []);
  });
  test('unusable settings are dropped and said', () => {
    const { settings, problems } = readSettings({ checks: { INVALID_ACTION: 'loud', NOT_A_CODE: 'off', INVALID_EFFECT: 'hint' } });
    assert.deepEqual(settings.checks, { INVALID_EFFECT: 'hint' });
    assert.equal(problems.length, 2);
    assert.match(problems.join('\n'), /"loud" is not one of/);
    assert.match(problems.join('\n'), /unknown check code "NOT_A_CODE"/);
    assert.deepEqual(readSettings({ checks: 'all' }).problems, ['"checks" must be an object of check code → severity']);
    assert.deepEqual(readSettings(null), { settings: { checks: {}, policyKinds: {}, exclude: [], trustPolicyQuota: undefined }, problems: [] });
  });
});
