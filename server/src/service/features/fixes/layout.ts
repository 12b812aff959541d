import { JsonNode } from '../../parse/json';
import { OffsetEdit } from './fix';
import { Host, scalarIn, yamlScalar } from './host';

/**
 * Inserting into JSON text the way the document is already written: new members and items take
 * their siblings' indentation and line breaks, or stay on one line when the siblings do.
 */

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The white space that starts the line holding `offset`. */
export function lineIndent(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

/** Whether only white space precedes `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

export function endOf(node: JsonNode): number {
  return node.offset + node.length;
}

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** How much deeper members sit than their container, read from the nearest container laid out over lines. */
function indentUnit(text: string, node: JsonNode): string {
  for (let n: JsonNode | undefined = node; n; n = n.parent) {
    const first = n.children?.[0];
    if ((n.type !== 'object' && n.type !== 'array') || !first || !startsLine(text, first.offset)) continue;
    const outer = lineIndent(text, n.offset);
    const inner = lineIndent(text, first.offset);
    if (inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
  }
  return '  ';
}

/** Whether the JSON around `node` is laid out one member a line (else it is written on one line). */
function laidOverLines(text: string, node: JsonNode): boolean {
  for (let n: JsonNode | undefined = node; n; n = n.parent) {
    const first = n.children?.[0];
    if ((n.type === 'object' || n.type === 'array') && first) return startsLine(text, first.offset);
  }
  return true;
}

/** A JSON value as text: over lines at `indent` (one `unit` deeper per level), or on one line. */
export function renderJson(value: unknown, text: string, near: JsonNode, indent: string | undefined): string {
  if (indent === undefined) return oneLine(value);
  return JSON.stringify(value, null, indentUnit(text, near))
    .split('\n')
    .join(eolOf(text) + indent);
}

function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`)
      .join(', ')}}`;
  return JSON.stringify(value);
}

/**
 * Adds `key: value` to an object, as its first or last member: a JSON (or YAML flow) object, or a
 * YAML block mapping (one `key: value` line, nested mappings one step deeper). Not in HCL.
 */
export function insertMember(text: string, object: JsonNode, key: string, value: unknown, where: 'first' | 'last', host: Host): OffsetEdit | undefined {
  if (object.type !== 'object' || host === 'hcl') return undefined;
  if (text[object.offset] !== '{') return host === 'yaml' ? insertYamlMember(text, object, key, value, where) : undefined;
  const members = object.children ?? [];
  const member = (indent: string | undefined) => `${JSON.stringify(key)}: ${renderJson(value, text, object, indent)}`;
  const eol = eolOf(text);
  if (members.length === 0) {
    if (!laidOverLines(text, object)) return { start: object.offset, end: endOf(object), newText: `{${member(undefined)}}` };
    const indent = lineIndent(text, object.offset);
    const inner = indent + indentUnit(text, object);
    return { start: object.offset, end: endOf(object), newText: `{${eol}${inner}${member(inner)}${eol}${indent}}` };
  }
  const ref = where === 'first' ? members[0] : members[members.length - 1];
  const at = where === 'first' ? ref.offset : endOf(ref);
  if (startsLine(text, ref.offset)) {
    const indent = lineIndent(text, ref.offset);
    return { start: at, end: at, newText: where === 'first' ? `${member(indent)},${eol}${indent}` : `,${eol}${indent}${member(indent)}` };
  }
  return { start: at, end: at, newText: where === 'first' ? `${member(undefined)}, ` : `, ${member(undefined)}` };
}

/** YAML nests by two spaces in the templates and manifests this tool reads; sibling keys give the column. */
const YAML_STEP = '  ';

function insertYamlMember(text: string, mapping: JsonNode, key: string, value: unknown, where: 'first' | 'last'): OffsetEdit | undefined {
  const members = mapping.children ?? [];
  if (members.length === 0) return undefined;
  const first = members[0];
  // Keys of a block mapping share a column (the first may follow a sequence's `- `).
  const indent = ' '.repeat(first.offset - lineStart(text, first.offset));
  const eol = eolOf(text);
  const member = yamlMember(key, value, indent, eol);
  if (where === 'first') return { start: first.offset, end: first.offset, newText: `${member}${eol}${indent}` };
  const at = endOf(members[members.length - 1]);
  return { start: at, end: at, newText: `${eol}${indent}${member}` };
}

function yamlMember(key: string, value: unknown, indent: string, eol: string): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const inner = indent + YAML_STEP;
    return `${yamlScalar(key)}:${Object.entries(value)
      .map(([k, v]) => `${eol}${inner}${yamlMember(k, v, inner, eol)}`)
      .join('')}`;
  }
  return `${yamlScalar(key)}: ${Array.isArray(value) ? `[${value.map((v) => yamlScalar(String(v))).join(', ')}]` : yamlScalar(String(value))}`;
}

/** Appends strings to an array: a JSON (or flow) array, or a YAML block sequence (`- item` lines). */
export function appendStrings(text: string, array: JsonNode, values: readonly string[], host: Host): OffsetEdit | undefined {
  const items = array.children ?? [];
  const rendered = values.map((v) => scalarIn(host, v));
  if (items.length === 0) return text[array.offset] === '[' ? { start: array.offset, end: endOf(array), newText: `[${rendered.join(', ')}]` } : undefined;
  const last = items[items.length - 1];
  const at = endOf(last);
  const eol = eolOf(text);
  if (text[array.offset] !== '[') {
    const prefix = text.slice(lineStart(text, last.offset), last.offset);
    return /^[ \t]*-[ \t]+$/.test(prefix) ? { start: at, end: at, newText: rendered.map((v) => eol + prefix + v).join('') } : undefined;
  }
  if (startsLine(text, last.offset)) {
    const indent = lineIndent(text, last.offset);
    return { start: at, end: at, newText: rendered.map((v) => `,${eol}${indent}${v}`).join('') };
  }
  return { start: at, end: at, newText: rendered.map((v) => `, ${v}`).join('') };
}
