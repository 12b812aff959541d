import { CompletionItemKind } from 'vscode-languageserver-types';
import { OperatorInfo, OPERATORS } from '../../catalog/operators';
import { Candidate, sortKey } from './items';

const QUALIFIER_DOCS = {
  ForAnyValue: "at least one value of the request's multivalued key matches",
  ForAllValues: "every value of the request's multivalued key matches (true when the key is absent or empty)",
};

function operatorCandidate(base: OperatorInfo, name: string, documentation: string, sort: string): Candidate {
  return {
    label: name,
    value: name,
    member: '{\n\t"$1": "$2"\n}',
    kind: CompletionItemKind.Operator,
    detail: `${base.type} operator`,
    documentation,
    sort,
    retrigger: true,
    data: { iamIrsa: 'operator' },
  };
}

/** Every operator: the base ones, their `IfExists` forms, then both set qualifiers of each. */
const CANDIDATES: readonly Candidate[] = (() => {
  const candidates: Candidate[] = [];
  OPERATORS.forEach((base, index) => {
    candidates.push(operatorCandidate(base, base.name, base.description, sortKey(0, index)));
    if (base.name === 'Null') return;
    const ifExists = `${base.description}; true when the key is absent from the request`;
    candidates.push(operatorCandidate(base, `${base.name}IfExists`, ifExists, sortKey(1, index)));
    (['ForAnyValue', 'ForAllValues'] as const).forEach((qualifier, q) => {
      const set = `${base.description}, for a multivalued key: ${QUALIFIER_DOCS[qualifier]}`;
      candidates.push(operatorCandidate(base, `${qualifier}:${base.name}`, set, sortKey(2 + q, index)));
      candidates.push(operatorCandidate(base, `${qualifier}:${base.name}IfExists`, `${set}; true when the key is absent`, sortKey(4 + q, index)));
    });
  });
  return candidates;
})();

/** The operators not yet used in the statement's Condition (a second block of one operator is a duplicate key). */
export function operatorCandidates(present: ReadonlySet<string>): Candidate[] {
  return CANDIDATES.filter((c) => !present.has(c.value));
}
