// Developer aid: runs the engine over every AWS managed policy and prints the findings by code,
// with a few examples each. `node scripts/corpus-report.mjs [CODE...] [--all-severities]`.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { managedPolicies } = require('../out/test/support/corpus.js');
const { service, document } = require('../out/test/support/service.js');

const args = process.argv.slice(2);
const allSeverities = args.includes('--all-severities');
const codes = args.filter((a) => !a.startsWith('--'));
const svc = await service();
const byCode = new Map();
const policies = managedPolicies();
const start = performance.now();
for (const policy of policies) {
  const doc = document(policy.text, 'json', `file:///corpus/${policy.name}.json`);
  for (const d of svc.validate(doc)) {
    if (!allSeverities && d.severity !== 1) continue;
    if (codes.length && !codes.includes(d.code)) continue;
    const list = byCode.get(d.code) ?? [];
    list.push(`${policy.name}:${d.range.start.line + 1}: ${doc.getText(d.range)} — ${d.message}`);
    byCode.set(d.code, list);
  }
}
console.log(`${policies.length} policies in ${(performance.now() - start).toFixed(0)} ms`);
for (const [code, list] of [...byCode].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`\n${code}: ${list.length}`);
  for (const line of list.slice(0, 8)) console.log(`  ${line}`);
}
