import { valueRange } from '../parse/json';
import { Finding } from './finding';
import { PolicyCheck, PolicyContext } from './context';

/** Section B of CHECKS.md: statement ids (unique across statements, so checked over the document). */
export const sidChecks: PolicyCheck = { after: checkSids };

function checkSids({ file, kind }: PolicyContext): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const statement of file.policy.statements) {
    const value = statement.element.Sid?.valueNode;
    if (value?.type !== 'string') continue;
    const sid = value.value as string;
    const range = valueRange(value, file.text);
    if (sid === '') {
      findings.push({ code: 'EMPTY_SID_VALUE', ...range, message: 'The Sid is empty: give the statement a name (letters and digits) or remove "Sid"' });
      continue;
    }
    // Resource policies (S3, SNS, SQS…) accept spaces and punctuation in Sids; identity and trust policies do not.
    if (kind !== 'resource' && !/^[A-Za-z0-9]+$/.test(sid)) {
      const fixed = sid.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ? next.toUpperCase() : ''));
      findings.push({
        code: 'UNSUPPORTED_SID',
        ...range,
        message: `Sid "${sid}" has characters IAM rejects in ${kind === 'trust' ? 'a trust' : 'an identity'} policy: only A-Z, a-z and 0-9 are allowed${fixed ? `; did you mean "${fixed}"?` : ''}`,
        data: fixed ? { replacements: [fixed] } : undefined,
      });
    }
    if (seen.has(sid)) {
      findings.push({ code: 'UNIQUE_SIDS_REQUIRED', ...range, message: `Sid "${sid}" is already used by another statement: Sids must be unique in a policy` });
    }
    seen.add(sid);
  }
  return findings;
}
