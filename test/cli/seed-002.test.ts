// The seed article's files as written (test/fixtures/seed-002, our own files in its shape): a trust
// policy for the placeholder provider "example-oidc-provider", a script creating DevTeamARole from it,
// and two ServiceAccounts, one annotated with a role nothing defines.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cli, Contract } from './binary';

describe('iam-irsa lint test/fixtures/seed-002', () => {
  test('dev-team-a-sa: LINK_TRUST_DOES_NOT_ADMIT_SA; dev-team-b-sa: LINK_ROLE_NOT_FOUND; on their annotations', () => {
    const { status, stdout, stderr } = cli(['lint', '--format', 'json', 'test/fixtures/seed-002']);
    assert.equal(stderr, '');
    assert.equal(status, 1);
    const report = JSON.parse(stdout) as Contract;
    const links = report.diagnostics
      .filter((d) => d.file.endsWith('service-accounts.yaml'))
      .map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`);
    assert.deepEqual(links, ['LINK_TRUST_DOES_NOT_ADMIT_SA 7:33', 'LINK_ROLE_NOT_FOUND 15:33']);
    const admit = report.diagnostics.find((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA' && d.file.endsWith('service-accounts.yaml'))!;
    assert.match(admit.message, /role "DevTeamARole" \(seed-002\/trust-policy\.json\) does not admit system:serviceaccount:default:dev-team-a-sa/);
    assert.match(admit.message, /It admits "system:serviceaccount:my-namespace:my-service-account"/);
    const missing = report.diagnostics.find((d) => d.code === 'LINK_ROLE_NOT_FOUND')!;
    assert.match(missing.message, /defines the role "DevTeamBRole"/);
    // The trust side names the ServiceAccount that uses the role, on the :sub of the placeholder provider.
    const trust = report.diagnostics.filter((d) => d.file.endsWith('trust-policy.json')).map((d) => `${d.code} ${d.range.start.line + 1}`);
    assert.deepEqual(trust.sort(), ['LINK_SUB_WITHOUT_SA 12', 'LINK_TRUST_DOES_NOT_ADMIT_SA 12']);
  });
});
