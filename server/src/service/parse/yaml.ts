import { Composer, Document, isMap, isScalar, Node as YamlNode, Scalar, YAMLMap } from 'yaml';
import { firstSyntaxErrors } from './sizeLimits';
import { OffsetRange } from './range';
import { shallowSyntaxTree } from './yamlDepth';

export type { YamlNode };

export interface YamlSyntaxError extends OffsetRange {
  readonly message: string;
}

export interface ParsedYaml {
  readonly documents: readonly Document.Parsed[];
  readonly errors: readonly YamlSyntaxError[];
  /** The text holds Helm/Go template actions (`{{ }}`): it is not YAML until rendered. */
  readonly isTemplate: boolean;
  /** Where collections nested deeper than MAX_NESTING_DEPTH open: each read as an empty value. */
  readonly tooDeep?: readonly number[];
}

export function parseYaml(text: string): ParsedYaml {
  const isTemplate = text.includes('{{');
  const { tokens, tooDeep } = shallowSyntaxTree(text);
  // Aliases stay unresolved nodes (the model never calls toJS), so an alias bomb costs nothing.
  const documents = Array.from(new Composer({ prettyErrors: false, uniqueKeys: false }).compose(tokens));
  const errors: YamlSyntaxError[] = [];
  const seen = new Set<string>();
  for (const doc of documents) {
    for (const error of doc.errors) {
      const [start, end] = error.pos;
      const message = firstLine(error.message);
      // Each unclosed level of a flow collection reports the same error at the same place.
      if (seen.has(`${start}:${message}`)) continue;
      seen.add(`${start}:${message}`);
      errors.push({ start, end: Math.max(end, start + 1), message });
    }
  }
  const listed = firstSyntaxErrors(errors);
  return tooDeep.length ? { documents, errors: listed, isTemplate, tooDeep } : { documents, errors: listed, isTemplate };
}

/** The `yaml` library appends a source excerpt to its messages; the editor already shows where. */
function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** A key of a block or flow mapping with its value node. */
export interface YamlEntry {
  readonly key: string;
  readonly keyNode: YamlNode;
  readonly valueNode: YamlNode | null;
}

export function entries(node: unknown): YamlEntry[] {
  if (!isMap(node)) return [];
  const result: YamlEntry[] = [];
  for (const pair of (node as YAMLMap<unknown, unknown>).items) {
    if (!isScalar(pair.key)) continue;
    result.push({ key: String(pair.key.value), keyNode: pair.key, valueNode: (pair.value as YamlNode | null) ?? null });
  }
  return result;
}

export function entry(node: unknown, key: string): YamlEntry | undefined {
  return entries(node).find((e) => e.key === key);
}

/** The scalar's value as a string when it is a string scalar, else undefined. */
export function stringValue(node: YamlNode | null | undefined): string | undefined {
  return isScalar(node) && typeof (node as Scalar).value === 'string' ? ((node as Scalar).value as string) : undefined;
}

export function nodeRange(node: YamlNode): OffsetRange {
  const [start, valueEnd] = node.range ?? [0, 0];
  return { start, end: valueEnd };
}
