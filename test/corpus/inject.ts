/**
 * The machinery of fault injection: a fault mutates the parsed policy (or, for JSON syntax faults,
 * the pretty-printed text) and says exactly which token it made faulty, as offsets in the text the
 * engine is given.
 *
 * Structural faults run twice on fresh copies with the same random sequence: once with the real
 * faulty values (the text is `JSON.stringify(doc, null, 2)`, as a user's file), once with unique
 * marker strings in their place. Each marker's offset in the second text is the token's start; the
 * marker is then replaced by the real value printed at that indentation, and the result must be
 * byte-for-byte the first text, which proves the offsets.
 */
import { findNodeAtLocation, JSONPath, Node as JsonNode, parseTree } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** Offsets in the injected text: the faulty token (or the statement's opening brace). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Injection {
  readonly text: string;
  readonly target: Span;
  /** What was changed, for the report of misses: `"s3:GetObject" → "s3:GetObjdct"`. */
  readonly description: string;
}

/** A deterministic random source in [0, 1). */
export type Random = () => number;

/** mulberry32 seeded with the FNV-1a hash of a string: stable per (seed, fault kind, policy). */
export function random(seed: string): Random {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Random, items: readonly T[]): T | undefined {
  return items.length ? items[Math.floor(rng() * items.length)] : undefined;
}

export function shuffled<T>(rng: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Structural faults

/** A placed value or key: what to put into the document, and the mark's id for the target. */
export interface Placed<T> {
  readonly json: T;
  readonly id: number;
}

/** Where a fault puts its faulty values and keys, so that their offsets can be found. */
export interface Marks {
  value(real: Json): Placed<Json>;
  key(real: string): Placed<string>;
}

export type Target =
  /** The hull of the marked tokens. */
  | { readonly marks: readonly number[] }
  /** The `{` of the object whose first key carries this mark ("missing X" faults). */
  | { readonly braceBefore: number };

export interface Mutation {
  readonly target: Target;
  readonly description: string;
}

/** Mutates `doc` in place (placing faulty tokens through `marks`); undefined when it does not apply. */
export type Mutate = (doc: JsonObject, rng: Random, marks: Marks) => Mutation | undefined;

const MARKER = (id: number) => `@@fault-mark-${id}@@`;

export function injectStructural(original: string, seed: string, mutate: Mutate): Injection | undefined {
  if (original.includes('@@fault-mark-')) throw new Error('the marker text occurs in the policy itself');
  const reals: { kind: 'value' | 'key'; real: Json }[] = [];
  const realDoc = JSON.parse(original) as JsonObject;
  const realMutation = mutate(realDoc, random(seed), {
    value: (real) => ({ json: real, id: reals.push({ kind: 'value', real }) - 1 }),
    key: (real) => ({ json: real, id: reals.push({ kind: 'key', real }) - 1 }),
  });
  if (!realMutation) return undefined;
  const text = JSON.stringify(realDoc, null, 2);

  let next = 0;
  const markedDoc = JSON.parse(original) as JsonObject;
  const markedMutation = mutate(markedDoc, random(seed), {
    value: () => ({ json: MARKER(next), id: next++ }),
    key: () => ({ json: MARKER(next), id: next++ }),
  });
  if (!markedMutation || next !== reals.length) throw new Error('the mutation is not deterministic');
  const marked = JSON.stringify(markedDoc, null, 2);

  // Replace each marker (in text order) by its real token and note where the token lands.
  const found = reals.map((_, id) => {
    const needle = JSON.stringify(MARKER(id));
    const at = marked.indexOf(needle);
    if (at < 0 || marked.indexOf(needle, at + 1) >= 0) throw new Error(`marker ${id} not found exactly once`);
    return { id, at, length: needle.length };
  });
  found.sort((a, b) => a.at - b.at);
  const spans = new Map<number, Span>();
  let rebuilt = '';
  let from = 0;
  for (const { id, at, length } of found) {
    rebuilt += marked.slice(from, at);
    const lineStart = marked.lastIndexOf('\n', at) + 1;
    const indent = /^ */.exec(marked.slice(lineStart))![0];
    const { kind, real } = reals[id];
    const token = kind === 'key' ? JSON.stringify(real) : JSON.stringify(real, null, 2).replace(/\n/g, `\n${indent}`);
    spans.set(id, { start: rebuilt.length, end: rebuilt.length + token.length });
    rebuilt += token;
    from = at + length;
  }
  rebuilt += marked.slice(from);
  if (rebuilt !== text) throw new Error('the marked text does not rebuild the injected text');

  const target = realMutation.target;
  let span: Span;
  if ('braceBefore' in target) {
    const key = spans.get(target.braceBefore)!;
    let brace = key.start - 1;
    while (brace >= 0 && /\s/.test(text[brace])) brace--;
    if (text[brace] !== '{') throw new Error('the marked key is not the first of its object');
    span = { start: brace, end: brace + 1 };
  } else {
    const parts = target.marks.map((id) => spans.get(id)!);
    span = { start: Math.min(...parts.map((p) => p.start)), end: Math.max(...parts.map((p) => p.end)) };
  }
  return { text, target: span, description: realMutation.description };
}

// ---------------------------------------------------------------------------------------------
// Helpers over the parsed policy

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The statements: the `Statement` object, or the objects of the `Statement` array. */
export function statementsOf(doc: JsonObject): JsonObject[] {
  const value = doc.Statement;
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** One string of an element that takes a string or an array of strings, with where it sits. */
export interface Item {
  readonly value: string;
  /** Puts a new value in its place. */
  set(value: Json): void;
}

export function itemsOf(owner: JsonObject, element: string): Item[] {
  const value = owner[element];
  if (typeof value === 'string') return [{ value, set: (v) => (owner[element] = v) }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((v, i) => (typeof v === 'string' ? [{ value: v, set: (n: Json) => (value[i] = n) }] : []));
}

/** Rewrites an object's keys in place, keeping their order: rename or insert. */
function rebuild(object: JsonObject, entries: [string, Json][]): void {
  for (const key of Object.keys(object)) delete object[key];
  for (const [key, value] of entries) object[key] = value;
}

export function renameKey(object: JsonObject, from: string, to: string): void {
  rebuild(
    object,
    Object.entries(object).map(([k, v]) => [k === from ? to : k, v]),
  );
}

/** Inserts `key: value` after `after` (or first when `after` is undefined or absent). */
export function insertKey(object: JsonObject, key: string, value: Json, after?: string): void {
  const entries = Object.entries(object);
  const at = after === undefined ? 0 : entries.findIndex(([k]) => k === after) + 1;
  entries.splice(at, 0, [key, value]);
  rebuild(object, entries);
}

/** Marks the first key of an object, for a target on its opening brace. */
export function markBrace(object: JsonObject, marks: Marks): Target {
  const first = Object.keys(object)[0];
  const placed = marks.key(first);
  renameKey(object, first, placed.json);
  return { braceBefore: placed.id };
}

// ---------------------------------------------------------------------------------------------
// Text (JSON syntax) faults: positions come from the tree of the valid pretty-printed text.

export function treeOf(text: string): JsonNode {
  const root = parseTree(text);
  if (!root) throw new Error('the original policy is not JSON');
  return root;
}

export function nodeAt(root: JsonNode, path: JSONPath): JsonNode | undefined {
  return findNodeAtLocation(root, path);
}

/** The end offset of the JSON token that starts at `at` (a string, a number, a literal or a bracket). */
export function tokenEnd(text: string, at: number): number {
  const ch = text[at];
  if (ch === '"') {
    let i = at + 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    return i + 1;
  }
  if ('{}[],:'.includes(ch)) return at + 1;
  const match = /^[-+0-9.eE]+|^true|^false|^null/.exec(text.slice(at));
  return at + (match ? match[0].length : 1);
}

export function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at])) at++;
  return at;
}

// ---------------------------------------------------------------------------------------------
// Where a diagnostic must be

/**
 * On the faulty token: the range lies within or overlaps it (an empty range touches it), and stays
 * on the token's lines, so that underlining a whole statement, array or document does not count.
 */
export function onTarget(doc: TextDocument, d: Diagnostic, target: Span): boolean {
  const start = doc.offsetAt(d.range.start);
  const end = doc.offsetAt(d.range.end);
  const first = doc.positionAt(target.start).line;
  const last = doc.positionAt(target.end).line;
  if (d.range.start.line < first || d.range.end.line > last) return false;
  if (start === end) return start >= target.start && start <= target.end;
  return start < target.end && end > target.start;
}
