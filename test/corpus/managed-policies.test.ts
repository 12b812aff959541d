/**
 * Gate 1, no false alarms: the latest version of every AWS managed policy gets no error, except
 * the retired actions listed in retired.ts (each with its reason).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { Catalog, loadCatalog } from '../../server/src/service';
import { managedPolicies } from '../support/corpus';
import { document, service } from '../support/service';
import { TRUE_FINDINGS } from './aws-findings';
import { MISMATCHED } from './mismatched';
import { RETIRED, RETIRED_CODE } from './retired';

interface Reported {
  readonly policy: string;
  readonly code: string;
  readonly severity: number;
  readonly line: number;
  /** The underlined text, quotes stripped. */
  readonly text: string;
  readonly message: string;
}

const SEVERITY_NAMES = ['', 'errors', 'warnings', 'information', 'hints'];

describe('AWS managed policies: no false alarms (gate 1)', () => {
  let reported: Reported[] = [];
  let policyCount = 0;
  let catalog: Catalog;
  let summary = '';

  before(async () => {
    catalog = await loadCatalog();
    const svc = await service();
    const policies = managedPolicies();
    policyCount = policies.length;
    const started = performance.now();
    for (const policy of policies) {
      const uri = `file:///corpus/managed/${policy.name}.json`;
      const doc = document(policy.text, 'json', uri);
      for (const d of svc.validate(doc)) {
        reported.push({
          policy: policy.name,
          code: String(d.code),
          severity: d.severity ?? 1,
          line: d.range.start.line + 1,
          text: doc.getText(d.range).replace(/^"|"$/g, ''),
          message: typeof d.message === 'string' ? d.message : d.message.value,
        });
      }
      svc.close(uri);
    }
    const ms = performance.now() - started;
    const counts = [1, 2, 3, 4].map((s) => `${reported.filter((r) => r.severity === s).length} ${SEVERITY_NAMES[s]}`);
    const listed = reported.filter((r) => r.severity === 1 && isListed(r)).length;
    summary = `${policyCount} AWS managed policies checked in ${ms.toFixed(0)} ms: ${counts[0]} (${listed} of them listed: retired actions and verified findings in AWS's own policies), ${counts.slice(1).join(', ')}`;
    console.log(summary);
  });

  const listedKey = (policy: string, action: string) => `${policy}\n${action}`;
  const listedCode = new Map<string, string>();
  for (const entry of RETIRED) for (const action of entry.actions) listedCode.set(listedKey(entry.policy, action), RETIRED_CODE[entry.retired]);
  const trueFindingKey = (policy: string, code: string, line: number, text: string) => `${policy}:${line}:${code}:${text}`;
  const trueFindings = new Set(TRUE_FINDINGS.map((f) => trueFindingKey(f.policy, f.code, f.line, f.text)));
  const isTrueFinding = (r: Reported) => trueFindings.has(trueFindingKey(r.policy, r.code, r.line, r.text));
  const isListed = (r: Reported) => listedCode.get(listedKey(r.policy, r.text)) === r.code || isTrueFinding(r);

  test('every listed true finding in AWS policies is still reported', () => {
    const seen = new Set(reported.filter(isTrueFinding).map((r) => trueFindingKey(r.policy, r.code, r.line, r.text)));
    assert.deepEqual(
      [...trueFindings].filter((k) => !seen.has(k)),
      [],
    );
  });

  test('no error-severity diagnostic but the listed retired actions and verified true findings', (t) => {
    t.diagnostic(summary);
    const unexpected = reported.filter((r) => r.severity === 1 && !isListed(r));
    const byCode = new Map<string, Reported[]>();
    for (const r of unexpected) byCode.set(r.code, [...(byCode.get(r.code) ?? []), r]);
    const report = [...byCode]
      .sort((a, b) => b[1].length - a[1].length)
      .map(([code, list]) => {
        const policies = new Set(list.map((r) => r.policy)).size;
        const examples = list.slice(0, 5).map((r) => `    ${r.policy}:${r.line}: "${r.text}" — ${r.message}`);
        return [`  ${code}: ${list.length} in ${policies} policies`, ...examples].join('\n');
      });
    for (const line of report) t.diagnostic(line);
    assert.equal(unexpected.length, 0, `${unexpected.length} unexpected errors on AWS managed policies:\n${report.join('\n')}`);
  });

  test('every RESOURCE_MISMATCH_FOR_ACTION warning is listed in mismatched.ts, and every listed one still occurs', () => {
    const key = (policy: string, action: string) => `${policy}: ${action}`;
    const listed = new Set(MISMATCHED.flatMap((entry) => entry.actions.map((action) => key(entry.policy, action))));
    const found = new Set(reported.filter((r) => r.code === 'RESOURCE_MISMATCH_FOR_ACTION').map((r) => key(r.policy, r.text)));
    assert.ok(MISMATCHED.every((entry) => entry.reason.length > 0));
    assert.deepEqual(
      [...found].filter((k) => !listed.has(k)),
      [],
      'unlisted RESOURCE_MISMATCH_FOR_ACTION warnings',
    );
    assert.deepEqual(
      [...listed].filter((k) => !found.has(k)),
      [],
      'listed mismatches that no longer occur',
    );
  });

  test('every listed retired action is still reported, with the code of its classification', () => {
    const seen = new Set(reported.filter((r) => r.severity === 1 && isListed(r)).map((r) => listedKey(r.policy, r.text)));
    const stale = [...listedCode.keys()].filter((key) => !seen.has(key)).map((key) => `  ${key.replace('\n', ': ')} (expected ${listedCode.get(key)})`);
    assert.equal(stale.length, 0, `listed exceptions that no longer occur (remove them, or the engine lost them):\n${stale.join('\n')}`);
  });

  test('the exception list is classified right: a retired service is gone from the catalogue, a retired action from its existing service', () => {
    const wrong: string[] = [];
    for (const entry of RETIRED) {
      assert.ok(entry.reason.length > 0);
      for (const action of entry.actions) {
        const [prefix, name] = action.split(':');
        const service = catalog.service(prefix);
        if (entry.retired === 'service' && service)
          wrong.push(`${entry.policy}: ${action} is listed as a retired service, but "${prefix}" is in the catalogue`);
        if (entry.retired === 'action' && !service) wrong.push(`${entry.policy}: ${action} is listed as a retired action, but its service "${prefix}" is gone`);
        if (entry.retired === 'action' && service && catalog.matchActions(prefix, name).length > 0)
          wrong.push(`${entry.policy}: ${action} is in the catalogue`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
