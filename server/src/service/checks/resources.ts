import { coverTokens, tokensCover } from '../catalog/arnMatch';
import { hasWildcard, parseArn } from '../catalog/arnParse';
import { JsonNode, stringItems, valueRange } from '../parse/json';
import { PolicyElement } from '../parse/policy';
import { OffsetRange } from '../parse/range';
import { analyzerOf } from '../catalog/arnAnalysis';
import { PolicyCheck } from './context';
import { Finding } from './finding';
import { checkAgainstActions } from './resourceMatching';
import { checkActionsAgainstResources } from './actionResources';

/**
 * Section D of CHECKS.md: the grammar of each ARN in `Resource` / `NotResource`, its fields against
 * the catalogue's ARN templates, ARNs the statement's actions cannot act on, and redundant entries.
 * Trust policies take no resource (another family reports one), so they are skipped.
 */
export const resourceChecks: PolicyCheck = {
  statement(statement, { file, kind, catalog }): Finding[] {
    if (kind === 'trust') return [];
    const findings: Finding[] = [];
    const analyzer = analyzerOf(catalog);
    for (const element of [statement.element.Resource, statement.element.NotResource]) {
      const items = stringItems(element?.valueNode);
      if (!element || items.length === 0) continue;
      const analyses = items.map((item) => analyzer.analyze(item.value as string));
      const ranges = items.map((item) => rangeOf(item, file.text));
      analyses.forEach((analysis, k) => {
        for (const problem of analysis.problems) {
          findings.push({
            code: problem.code,
            ...ranges[k],
            message: problem.message,
            data: problem.replacements?.length ? { replacements: problem.replacements } : undefined,
          });
        }
      });
      if (element === statement.element.Resource) {
        // A statement none of whose resources fits is reported once, there; else each action that fits none.
        const mismatched = checkAgainstActions(statement, items, ranges, analyses, analyzer);
        findings.push(...(mismatched.length ? mismatched : checkActionsAgainstResources(statement, items, analyses, analyzer, file.text)));
      }
      if (element.valueNode?.type === 'array') findings.push(...redundantResources(element, items, ranges));
    }
    return findings;
  },
};

/** The value between its quotes; the quotes themselves for an empty string, so that something is underlined. */
function rangeOf(node: JsonNode, text: string): OffsetRange {
  const range = valueRange(node, text);
  return range.start < range.end ? range : { start: node.offset, end: node.offset + node.length };
}

// ---------------------------------------------------------------------------------------------
// Entries covered by others

function redundantResources(element: PolicyElement, items: readonly JsonNode[], ranges: readonly OffsetRange[]): Finding[] {
  const values = items.map((i) => i.value as string);
  const entries = values.map(entryOf);
  const findings: Finding[] = [];
  const children = element.valueNode?.children ?? [];
  items.forEach((item, k) => {
    // Of two equal entries, the second is the one reported.
    const by = entries.findIndex((other, j) => j !== k && coversEntry(other, entries[k]) && !(j > k && coversEntry(entries[k], other)));
    if (by < 0) return;
    findings.push({
      code: 'REDUNDANT_RESOURCE',
      ...ranges[k],
      message:
        values[k] === values[by]
          ? `"${values[k]}" is listed twice in this ${element.key} list, so the second adds nothing: remove it`
          : `"${values[k]}" is already covered by "${values[by]}" in the same ${element.key} list, so it adds nothing: remove it`,
      data: { replacements: [''], range: deletionRange(children, children.indexOf(item)) },
    });
  });
  return findings;
}

/** A resource entry prepared for comparisons: its ARN fields when it is an ARN. */
interface ResourceEntry {
  readonly text: string;
  readonly fields?: readonly string[];
  /** Per field, whether it has a wildcard or a variable: without one, a field covers only the same text. */
  readonly wild?: readonly boolean[];
  /** Per field, its tokens (`coverTokens`), split when first compared. */
  readonly tokens?: (readonly string[] | undefined)[];
}

function entryOf(text: string): ResourceEntry {
  if (!text.startsWith('arn:')) return { text };
  const arn = parseArn(text);
  if ('fieldCount' in arn) return { text };
  const fields = [arn.partition, arn.service, arn.region, arn.account, arn.resource];
  return { text, fields, wild: fields.map(hasWildcard), tokens: [] };
}

/**
 * Whether the entry `general` matches everything `specific` does. ARNs are compared field by
 * field, as IAM matches them (`covers`): a `*` in the region does not reach into the account.
 */
function coversEntry(general: ResourceEntry, specific: ResourceEntry): boolean {
  if (general.text === '*' || general.text === specific.text) return true;
  if (!general.fields || !specific.fields || !general.wild!.includes(true)) return false;
  for (let f = 0; f < 5; f++) {
    const field = general.fields[f];
    if (field === specific.fields[f] || field === '*') continue;
    if (!general.wild![f] || !tokensCover(tokensOf(general, f), tokensOf(specific, f))) return false;
  }
  return true;
}

function tokensOf(entry: ResourceEntry, field: number): readonly string[] {
  return (entry.tokens![field] ??= coverTokens(entry.fields![field]));
}

/** The span that removes one array item with its separating comma. */
function deletionRange(children: readonly JsonNode[], k: number): { start: number; end: number } {
  const item = children[k];
  if (k + 1 < children.length) return { start: item.offset, end: children[k + 1].offset };
  if (k > 0) return { start: children[k - 1].offset + children[k - 1].length, end: item.offset + item.length };
  return { start: item.offset, end: item.offset + item.length };
}
