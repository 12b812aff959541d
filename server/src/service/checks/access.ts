import { AccessFile } from '../parse/accessFile';
import { checkAccessFile } from '../evaluation/assertions';
import { ServiceAccountSources } from '../evaluation/serviceAccount';
import { Finding } from './finding';

/**
 * The findings of an access assertions file (docs/access-assertions.md): what does not fit the format,
 * then each broken expectation, on the action (or ServiceAccount) it is about.
 */
export function checkAccess(file: AccessFile, sources: ServiceAccountSources): Finding[] {
  const findings: Finding[] = file.problems.map((p) => ({ code: 'ACCESS_FILE_INVALID', start: p.start, end: p.end, message: p.message }));
  for (const result of checkAccessFile(file, sources)) {
    const { start, end } = result.at.range;
    switch (result.kind) {
      case 'no-match':
        findings.push({
          code: 'ACCESS_EXPECTATION_NO_MATCH',
          start,
          end,
          message: `No ServiceAccount of the workspace matches ${result.at.value}: the expectation checks nothing`,
        });
        break;
      case 'unknown-action': {
        const hint = result.suggestions.length ? `; did you mean ${result.suggestions.join(', ')}?` : '';
        findings.push({
          code: 'ACCESS_FILE_INVALID',
          start,
          end,
          message: `${result.at.value} names no action of the IAM catalogue${hint}`,
          ...(result.suggestions.length ? { data: { replacements: result.suggestions } } : {}),
        });
        break;
      }
      case 'failed':
        findings.push({ code: 'ACCESS_EXPECTATION_FAILED', start, end, message: result.message });
        break;
      case 'unproven':
        findings.push({ code: 'ACCESS_EXPECTATION_UNPROVEN', start, end, message: result.message });
        break;
    }
  }
  return findings;
}
