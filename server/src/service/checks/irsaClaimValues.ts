import { hasPlaceholder } from '../catalog/placeholders';
import { audienceMistake, EKS_DEFAULT_AUDIENCE, eksClaimOf, serviceAccountSubjectProblem, subjectBreadth } from '../catalog/oidc';
import { ParsedOperator } from '../catalog/operators';
import { JsonNode, valueRange } from '../parse/json';
import { Finding } from './finding';
import { ClaimCondition, TrustStatement } from './irsaTrustStatement';

/** Values of the EKS :sub and :aud claims. */

const WILDCARD = /[*?]/;
const withoutVariables = (value: string) => value.replace(/\$\{[^}]*\}/g, '');

export function claimValueFindings(claim: ClaimCondition, trust: TrustStatement, text: string): Finding[] {
  const eksClaim = eksClaimOf(claim.entry.key);
  const { operator } = claim;
  if (!operator || (eksClaim !== 'sub' && eksClaim !== 'aud')) return [];
  const findings: Finding[] = [];
  // Null with a qualifier is the conditions family's NULL_WITH_QUALIFIER.
  if (eksClaim === 'sub' && operator.qualifier && operator.base.name !== 'Null') findings.push(forAllValuesSub(claim, text));
  if (operator.base.type !== 'String') return findings;
  // A placeholder (<namespace>) is PLACEHOLDER_VALUE's finding alone.
  const strings = claim.entry.values.filter((v) => v.type === 'string' && !(v.value as string).includes('${') && !hasPlaceholder(v.value as string));
  if (eksClaim === 'aud') {
    for (const value of strings) {
      const finding = audienceProblem(value, operator, text);
      if (finding) findings.push(finding);
    }
    return findings;
  }
  const operatorRange = valueRange(claim.block.keyNode, text);
  for (const value of strings) {
    const sub = value.value as string;
    const range = valueRange(value, text);
    if (!operator.base.wildcards && WILDCARD.test(sub)) {
      const like = operator.canonical.replace(/String(Not)?Equals(IgnoreCase)?/, (_m, not) => (not ? 'StringNotLike' : 'StringLike'));
      findings.push({
        code: 'IRSA_WILDCARD_IN_STRINGEQUALS',
        ...range,
        message: `"${operator.text}" compares "${sub}" literally, and no namespace or ServiceAccount name contains "*" or "?": ${operator.base.negated ? 'this value excludes no pod' : 'this value matches no pod, so AssumeRoleWithWebIdentity is denied to the pods it was meant for'}. For a pattern use "${like}"`,
        data: { replacements: [like], range: operatorRange },
      });
      continue;
    }
    const problem = serviceAccountSubjectProblem(sub, { ignoreCase: operator.base.name.endsWith('IgnoreCase'), wildcards: operator.base.wildcards });
    if (problem) {
      findings.push({
        code: 'IRSA_SUB_FORMAT',
        ...range,
        message: `"${sub}" is not a ServiceAccount token subject: ${problem.why}. The "sub" of an EKS token is "system:serviceaccount:<namespace>:<name>", so this value ${operator.base.negated ? 'excludes' : 'matches'} no pod${problem.fix ? `; did you mean "${problem.fix}"?` : ''}`,
        data: problem.fix ? { replacements: [problem.fix] } : undefined,
      });
      continue;
    }
    const broad = operator.base.wildcards && !operator.base.negated && trust.allows ? subjectBreadth(sub) : undefined;
    if (broad)
      findings.push({
        code: 'IRSA_BROAD_SUB_PATTERN',
        ...range,
        message: `"${sub}" matches ${broad}: any pod running under one of them can assume the role, including ServiceAccounts created later. Name the ServiceAccount with "StringEquals" unless that is intended`,
      });
  }
  if (
    operator.base.wildcards &&
    strings.length > 0 &&
    strings.length === claim.entry.values.length &&
    !strings.some((v) => WILDCARD.test(withoutVariables(v.value as string)))
  ) {
    const equals = operator.canonical.replace('StringLike', 'StringEquals').replace('StringNotLike', 'StringNotEquals');
    // The fix changes the whole operator block: only offered when no other key of the block uses a wildcard.
    const othersUseWildcards = claim.block.entries.some(
      (e) => e !== claim.entry && e.values.some((v) => v.type === 'string' && WILDCARD.test(withoutVariables(v.value as string))),
    );
    findings.push({
      code: 'IRSA_STRINGLIKE_WITHOUT_WILDCARD',
      ...valueRange(claim.entry.keyNode, text),
      message: `"${operator.text}" on "${claim.entry.key}" has no "*" or "?" in its values, so it compares exactly: "${equals}" says the same more plainly${othersUseWildcards ? ' (move the key to a "' + equals + '" block: other keys of this block use wildcards)' : ''}`,
      data: othersUseWildcards ? undefined : { replacements: [equals], range: operatorRange },
    });
  }
  return findings;
}

function forAllValuesSub(claim: ClaimCondition, text: string): Finding {
  const operator = claim.operator!;
  const plain = operator.canonical.slice(operator.canonical.indexOf(':') + 1);
  const onlyProviderKeys = claim.block.entries.every((e) => eksClaimOf(e.key) !== undefined);
  return {
    code: 'IRSA_FORALLVALUES_SUB',
    ...valueRange(claim.entry.keyNode, text),
    message: `"${claim.entry.key}" holds one value, the ServiceAccount's subject; "${operator.qualifier}:" is for keys that hold a set${operator.qualifier === 'ForAllValues' ? ' and also holds when the key is absent' : ''}. Write "${plain}"`,
    data: onlyProviderKeys ? { replacements: [plain], range: valueRange(claim.block.keyNode, text) } : undefined,
  };
}

/** The misspellings of the default audience (a custom audience is the ServiceAccount's business). */
function audienceProblem(node: JsonNode, operator: ParsedOperator, text: string): Finding | undefined {
  const value = node.value as string;
  if (value === EKS_DEFAULT_AUDIENCE || (operator.base.wildcards && WILDCARD.test(value))) return undefined;
  const why = audienceMistake(value, operator.base.name.endsWith('IgnoreCase'));
  if (!why) return undefined;
  return {
    code: 'IRSA_AUD_VALUE',
    ...valueRange(node, text),
    message: `"${value}" is not the audience of EKS ServiceAccount tokens: ${why}. This value ${operator.base.negated ? 'excludes no real token' : 'matches no real token, and AssumeRoleWithWebIdentity is denied'}; did you mean "${EKS_DEFAULT_AUDIENCE}"?`,
    data: { replacements: [EKS_DEFAULT_AUDIENCE] },
  };
}
