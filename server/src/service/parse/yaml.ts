import { Composer, CST, Document, isMap, isScalar, Node as YamlNode, Parser, Scalar, YAMLMap } from 'yaml';
import { firstSyntaxErrors, MAX_NESTING_DEPTH } from './limits';
import { OffsetRange } from './range';

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
  // The syntax tree is built without recursion; the composer recurses per level, so what lies too deep is cut first.
  const tokens = Array.from(new Parser().parse(text));
  const tooDeep = cutTooDeep(tokens);
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

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/** Replaces each collection deeper than MAX_NESTING_DEPTH by an empty scalar; returns their offsets. */
function cutTooDeep(tokens: CST.Token[]): number[] {
  const cut: number[] = [];
  const stack: { token: CST.Token; depth: number }[] = [];
  for (const token of tokens) if (token.type === 'document' && token.value) stack.push({ token: token.value, depth: 1 });
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { token, depth } = next;
    if (!COLLECTIONS.has(token.type)) continue;
    for (const item of (token as CST.BlockMap | CST.BlockSequence | CST.FlowCollection).items as CST.CollectionItem[]) {
      for (const slot of ['key', 'value'] as const) {
        const child = item[slot];
        if (!child || !COLLECTIONS.has(child.type)) continue;
        if (depth < MAX_NESTING_DEPTH) {
          stack.push({ token: child, depth: depth + 1 });
        } else {
          cut.push(child.offset);
          item[slot] = { type: 'scalar', offset: child.offset, indent: (child as CST.BlockMap).indent, source: '' };
        }
      }
    }
  }
  return cut.sort((a, b) => a - b);
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
