import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { TestWorkspace } from '../support/workspace';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');

describe('the examples workspace', () => {
  test('broken: the Dev Team A ServiceAccount is not admitted by its trust policy, in both files', async () => {
    const ws = await TestWorkspace.fromFolder(EXAMPLES);
    const sa = ws.validate('broken/service-accounts.yaml').filter((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA');
    assert.equal(sa.length, 1);
    assert.equal(sa[0].range.start.line, 7);
    assert.match(String(sa[0].message), /trust policy of role "DevTeamARole" \(broken\/trust-policy-dev-team-a\.json\) does not admit system:serviceaccount:team-a:dev-team-a-sa/);
    assert.match(String(sa[0].message), /It admits "system:serviceaccount:default:dev-team-a-sa"/);
    assert.ok(sa[0].relatedInformation?.some((r) => r.location.uri.endsWith('broken/trust-policy-dev-team-a.json')));
    const trust = ws.validate('broken/trust-policy-dev-team-a.json').filter((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA');
    assert.equal(trust.length, 1);
    assert.match(String(trust[0].message), /system:serviceaccount:team-a:dev-team-a-sa uses role "DevTeamARole" \(broken\/service-accounts\.yaml\)/);
  });
  test('working: no cross-file finding at all', async () => {
    const ws = await TestWorkspace.fromFolder(EXAMPLES);
    for (const file of ['working/service-accounts.yaml', 'working/trust-policy-dev-team-a.json', 'working/trust-policy-dev-team-b.json', 'working/create-roles.sh']) {
      assert.deepEqual(ws.validate(file).filter((d) => String(d.code).startsWith('LINK_')).map((d) => d.message), [], file);
    }
  });
});
