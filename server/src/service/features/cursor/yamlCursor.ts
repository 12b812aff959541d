import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { OffsetRange } from '../../parse/range';
import { ParsedYaml, YamlNode } from '../../parse/yaml';

export type YamlPathSegment = string | number;

/** Where the cursor is in a YAML document, read from the parsed tree: typing a key of a mapping, or a key's value. */
export interface YamlCursor {
  readonly documentIndex: number;
  /**
   * Keys and sequence indexes from the document's top: to the mapping a key is typed in (`key`),
   * or to the key whose value the cursor is on (`value`).
   */
  readonly path: readonly YamlPathSegment[];
  /** The collections along `path`: `nodes[i]` holds `path[i]`. */
  readonly nodes: readonly YamlNode[];
  readonly kind: 'key' | 'value';
  /** For a key: the mapping it is typed in; absent while the mapping is not there yet (a first key under `annotations:`). */
  readonly mapping?: YamlNode;
  /** What a completion replaces: the scalar under the cursor (inside its quotes), or an empty span at the cursor. */
  readonly replace: OffsetRange;
  /** The text typed before the cursor inside `replace`. */
  readonly prefix: string;
  /** The scalar is quoted: insert bare text inside the quotes. */
  readonly quoted: boolean;
  /** For a key: a `:` already follows it. */
  readonly hasColon: boolean;
}

/**
 * The place of `offset` in the YAML under it. A key being typed without its colon is read as the
 * parser leaves it: a plain scalar on the line below its parent key (`annotations:\n    eks.amaz`),
 * or a key without value among other keys; a blank line at a mapping's indentation is a new key.
 */
export function yamlCursorAt(yaml: ParsedYaml, text: string, offset: number): YamlCursor | undefined {
  const documentIndex = documentAt(yaml, offset);
  if (documentIndex < 0) return undefined;
  const contents = yaml.documents[documentIndex].contents as YamlNode | null;
  if (!isMap(contents)) return undefined;
  return new Walk(text, offset, documentIndex).inMap(contents as YAMLMap, [], []);
}

/** The document whose range holds the offset; past the end of the last one, that one. */
function documentAt(yaml: ParsedYaml, offset: number): number {
  let last = -1;
  for (let i = 0; i < yaml.documents.length; i++) {
    const [start, , end] = yaml.documents[i].range;
    if (start > offset) break;
    if (offset <= end) return i;
    last = i;
  }
  return last === yaml.documents.length - 1 ? last : -1;
}

class Walk {
  constructor(
    private readonly text: string,
    private readonly offset: number,
    private readonly documentIndex: number,
  ) {}

  inMap(map: YAMLMap, path: YamlPathSegment[], nodes: YamlNode[]): YamlCursor | undefined {
    const pairs = map.items as Pair<unknown, unknown>[];
    for (let i = 0; i < pairs.length; i++) {
      const key = pairs[i].key;
      if (!isScalar(key) || !key.range) continue;
      const [keyStart, keyEnd] = key.range;
      if (this.offset < keyStart) return undefined;
      if (this.offset <= keyEnd) return this.key(path, nodes, map, key);
      const next = pairs.slice(i + 1).find((p) => isScalar(p.key) && p.key.range)?.key as Scalar | undefined;
      if (next && this.offset >= next.range![0]) continue;
      const inside = this.inValue(pairs[i], key, path, [...nodes, map]);
      if (inside) return inside;
      // A blank line at this mapping's indentation: a new key of it.
      if (this.onBlankLine() && this.column(this.offset) === this.column(keyStart))
        return this.at('key', path, nodes, { start: this.offset, end: this.offset }, { mapping: map });
      return undefined;
    }
    return undefined;
  }

  private inSeq(seq: YAMLSeq, path: YamlPathSegment[], nodes: YamlNode[]): YamlCursor | undefined {
    const items = seq.items as YamlNode[];
    // The item the cursor follows, up to where the next one starts (a blank line after an item is still its own).
    for (let i = items.length - 1; i >= 0; i--) {
      const start = items[i]?.range?.[0];
      if (start === undefined || this.offset < start) continue;
      return isMap(items[i]) ? this.inMap(items[i] as YAMLMap, [...path, i], [...nodes, seq]) : undefined;
    }
    return undefined;
  }

  private inValue(pair: Pair<unknown, unknown>, key: Scalar, path: YamlPathSegment[], nodes: YamlNode[]): YamlCursor | undefined {
    const here = [...path, String(key.value)];
    const value = pair.value;
    const [keyStart, keyEnd] = key.range!;
    if (isMap(value) || isSeq(value)) {
      if (!value.range) return undefined;
      if (this.offset < value.range[0]) {
        // A blank line above the mapping's first key, at its indentation: a new key of it.
        const before = this.onBlankLine() && !this.sameLine(keyEnd, this.offset) && this.column(this.offset) === this.column(value.range[0]);
        return before && isMap(value) ? this.at('key', here, nodes, { start: this.offset, end: this.offset }, { mapping: value }) : undefined;
      }
      return isMap(value) ? this.inMap(value as YAMLMap, here, nodes) : this.inSeq(value as YAMLSeq, here, nodes);
    }
    if (isScalar(value) && value.range && !isEmpty(value)) {
      const [start, end] = value.range;
      if (this.offset < start || this.offset > end) return undefined;
      // A plain scalar on a line below its key is a key being typed under it (`annotations:\n    eks.amaz`).
      if (value.type === 'PLAIN' && !this.sameLine(keyStart, start)) return this.at('key', here, nodes, { start, end });
      return this.at('value', here, nodes, this.content(value), { quoted: value.type === 'QUOTE_DOUBLE' || value.type === 'QUOTE_SINGLE' });
    }
    if (value !== null && value !== undefined && !isScalar(value)) return undefined;
    if (this.sameLine(keyEnd, this.offset)) return this.at('value', here, nodes, { start: this.offset, end: this.offset });
    if (this.onBlankLine() && this.column(this.offset) > this.column(keyStart)) return this.at('key', here, nodes, { start: this.offset, end: this.offset });
    return undefined;
  }

  private key(path: YamlPathSegment[], nodes: YamlNode[], map: YAMLMap, key: Scalar): YamlCursor {
    const quoted = key.type === 'QUOTE_DOUBLE' || key.type === 'QUOTE_SINGLE';
    const range = quoted ? this.content(key) : { start: key.range![0], end: key.range![1] };
    return this.at('key', path, nodes, range, { mapping: map, quoted, hasColon: this.colonAfter(key.range![1]) });
  }

  private at(
    kind: 'key' | 'value',
    path: YamlPathSegment[],
    nodes: YamlNode[],
    replace: OffsetRange,
    extra: Partial<Pick<YamlCursor, 'mapping' | 'quoted' | 'hasColon'>> = {},
  ): YamlCursor {
    const prefix = this.text.slice(replace.start, Math.max(replace.start, Math.min(this.offset, replace.end)));
    return { documentIndex: this.documentIndex, path, nodes, kind, replace, prefix, quoted: false, hasColon: false, ...extra };
  }

  /** A scalar's text without its quotes (the closing one may still be missing). */
  private content(scalar: Scalar): OffsetRange {
    const [start, end] = scalar.range!;
    if (scalar.type !== 'QUOTE_DOUBLE' && scalar.type !== 'QUOTE_SINGLE') return { start, end };
    const closed = end - start > 1 && this.text[end - 1] === this.text[start];
    return { start: start + 1, end: closed ? end - 1 : end };
  }

  private colonAfter(offset: number): boolean {
    let i = offset;
    while (this.text[i] === ' ' || this.text[i] === '\t') i++;
    return this.text[i] === ':';
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  private column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  private sameLine(a: number, b: number): boolean {
    return !this.text.slice(Math.min(a, b), Math.max(a, b)).includes('\n');
  }

  /** Nothing but indentation before the cursor on its line. */
  private onBlankLine(): boolean {
    return this.text.slice(this.lineStart(this.offset), this.offset).trim() === '';
  }
}

function isEmpty(scalar: Scalar): boolean {
  return scalar.value === null || (!!scalar.range && scalar.range[0] === scalar.range[1]);
}
