import { ParsedDocument } from '../parse/document';
import { describeSize, MAX_DOCUMENT_LENGTH, MAX_NESTING_DEPTH } from '../parse/sizeLimits';
import { Finding } from './finding';

const TOO_DEEP = `Not checked: nested deeper than ${MAX_NESTING_DEPTH} levels, iam-irsa reads no further into this value (no policy or manifest is nested that deep)`;

/** What iam-irsa did not read of a document, said where it stopped: a whole file too large, or values nested too deep. */
export function checkLimits(parsed: ParsedDocument, text: string): Finding[] {
  if (parsed.kind === 'other') {
    if (!parsed.oversize?.policyLike) return [];
    const lineEnd = text.search(/[\r\n]/);
    const message = `Not checked: this file is ${describeSize(parsed.oversize.length)}, and iam-irsa checks files up to ${describeSize(MAX_DOCUMENT_LENGTH)} (an IAM policy is at most a few KB)`;
    return [{ code: 'DOCUMENT_BEYOND_LIMITS', start: 0, end: Math.min(lineEnd < 0 ? text.length : lineEnd, 200), message }];
  }
  const starts = parsed.kind === 'policy' ? (parsed.json.tooDeep ?? []).map((span) => span.start) : (parsed.yaml.tooDeep ?? []);
  return starts.map((start) => ({ code: 'DOCUMENT_BEYOND_LIMITS', start, end: start + 1, message: TOO_DEEP }));
}
