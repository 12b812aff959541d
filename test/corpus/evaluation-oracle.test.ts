import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchEvaluator } from '../../server/src/service';
import { generatedQuestions, GeneratedQuestion } from '../support/fuzz/evaluationQuestions';

// A second evaluator, written plainly (regular expressions, plain objects, complete contexts only)
// from docs/evaluation.md, answering the same seeded questions as the engine: a disagreement is a
// bug in one of the two. The engine's three-valued logic, lazy compilation and parser path are
// what this checks.

type Json = unknown;
type Context = Record<string, string[]>;

const list = (value: Json): Json[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wild = (text: string) => escape(text).replace(/\\\*/g, '[\\s\\S]*').replace(/\\\?/g, '[\\s\\S]');

/** A policy string as a regular expression source (wildcards active only in written text), or undefined when a variable has no value. */
function patternSource(text: string, context: Context, variables: boolean, wildcards: boolean): string | undefined {
  let out = '';
  let rest = text;
  const written = (t: string) => (wildcards ? wild(t) : escape(t));
  for (;;) {
    const m = variables ? /\$\{([^}]*)\}/.exec(rest) : null;
    if (!m) break;
    out += written(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
    if (['*', '?', '$'].includes(m[1])) {
      out += escape(m[1]);
      continue;
    }
    const ref = /^\s*([^\s,'{}$]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(m[1]);
    if (!ref) {
      out += written(m[0]);
      continue;
    }
    const values = context[ref[1].toLowerCase()];
    const value = values?.length === 1 ? values[0] : ref[2];
    if (value === undefined) return undefined;
    out += escape(value);
  }
  return out + written(rest);
}

function matches(text: string, subject: string, context: Context, variables: boolean, wildcards = true, flags = ''): boolean {
  const source = patternSource(text, context, variables, wildcards);
  return source !== undefined && new RegExp(`^${source}$`, flags).test(subject);
}

function scalar(value: Json): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function date(text: string): number | undefined {
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[Tt](\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?)?([Zz]|[+-]\d\d:?\d\d)?$/.exec(text);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${m[7] ?? ''}${!m[8] || /z/i.test(m[8]) ? 'Z' : m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8]}`;
  const value = Date.parse(iso);
  const check = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(value) || check.getUTCDate() !== Number(m[3]) || Number(m[2]) > 12 || Number(m[4] ?? 0) > 23 ? undefined : value;
}

function ipBits(text: string): { v: 4 | 6; bits: string; prefix: number } | undefined {
  const [address, prefixText, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  let bits: string;
  let v: 4 | 6;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address) && address.split('.').every((o) => Number(o) <= 255)) {
    v = 4;
    bits = address
      .split('.')
      .map((o) => Number(o).toString(2).padStart(8, '0'))
      .join('');
  } else if (address.includes(':')) {
    v = 6;
    const halves = address.split('::');
    if (halves.length > 2) return undefined;
    const head = halves[0] ? halves[0].split(':') : [];
    const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
    const groups = halves.length === 2 ? [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail] : head;
    if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
    bits = groups.map((g) => parseInt(g, 16).toString(2).padStart(16, '0')).join('');
  } else return undefined;
  const prefix = prefixText === undefined ? bits.length : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
  return prefix < 0 || prefix > bits.length ? undefined : { v, bits, prefix };
}

function compareOne(base: string, value: string, policy: string, context: Context, variables: boolean): boolean {
  const number = (t: string) => (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : undefined);
  const family = base.replace(/^(String|Numeric|Date|Arn)(Not)?/, '$1');
  if (/^(Numeric|Date)/.test(base)) {
    const read = base.startsWith('Numeric') ? number : date;
    const [a, b] = [read(value), read(policy)];
    if (a === undefined || b === undefined) return false;
    const op = base.replace(/^(Numeric|Date)(Not)?/, '');
    return { Equals: a === b, LessThan: a < b, LessThanEquals: a <= b, GreaterThan: a > b, GreaterThanEquals: a >= b }[op] ?? false;
  }
  if (family === 'StringEquals') return matches(policy, value, context, variables, false);
  if (family === 'StringEqualsIgnoreCase') {
    const source = patternSource(policy, context, variables, false);
    return source !== undefined && new RegExp(`^${source}$`).source.toLowerCase() === `^${escape(value)}$`.toLowerCase();
  }
  if (family === 'StringLike') return matches(policy, value, context, variables);
  if (family === 'ArnEquals' || family === 'ArnLike') {
    // Resolve first, then split the resolved pattern at its first five colons, as the value.
    const source = patternSource(policy, context, variables, true);
    if (source === undefined) return false;
    const pieces = source.split(':');
    if (pieces.length < 6) return new RegExp(`^${source}$`).test(value);
    const valueParts = value.split(':');
    if (valueParts.length < 6) return false;
    const join = (p: string[]) => [...p.slice(0, 5), p.slice(5).join(':')];
    const valueSix = join(valueParts);
    return join(pieces).every((piece, i) => new RegExp(`^${piece}$`).test(valueSix[i]));
  }
  if (base === 'Bool') return ['true', 'false'].includes(value.toLowerCase()) && value.toLowerCase() === policy.toLowerCase();
  if (base === 'BinaryEquals') return value === policy;
  if (base === 'IpAddress' || base === 'NotIpAddress') {
    const [range, address] = [ipBits(policy), value.includes('/') ? undefined : ipBits(value)];
    return !!range && !!address && range.v === address.v && range.bits.slice(0, range.prefix) === address.bits.slice(0, range.prefix);
  }
  return false;
}

function condition(operator: string, key: string, policyValues: Json, context: Context, variables: boolean): boolean {
  const m = /^(ForAllValues:|ForAnyValue:)?(.*?)(IfExists)?$/i.exec(operator)!;
  const names = [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
    'Bool',
    'BinaryEquals',
    'IpAddress',
    'NotIpAddress',
    'ArnEquals',
    'ArnLike',
    'ArnNotEquals',
    'ArnNotLike',
    'Null',
  ];
  let base = names.find((n) => n.toLowerCase() === (m[2] + (m[3] ?? '')).toLowerCase());
  let ifExists = false;
  if (!base) {
    base = names.find((n) => n.toLowerCase() === m[2].toLowerCase());
    ifExists = m[3] !== undefined;
  }
  if (!base || (typeof policyValues === 'object' && !Array.isArray(policyValues)) || policyValues === null) return false;
  const qualifier = m[1]?.slice(0, -1).toLowerCase();
  const values = context[key.toLowerCase()];
  const texts = list(policyValues).map(scalar);
  if (base === 'Null')
    return texts.some((t) => t !== undefined && ['true', 'false'].includes(t.toLowerCase()) && (t.toLowerCase() === 'true') === (values === undefined));
  const negated = /Not/.test(base);
  if (values === undefined) return ifExists || qualifier === 'forallvalues' ? true : qualifier === 'foranyvalue' ? false : negated;
  if (qualifier === 'forallvalues' && values.every((v) => v === '')) return true;
  const stringy = /^(String|Arn)/.test(base);
  const any = (value: string) => texts.some((t) => t !== undefined && compareOne(base!, value, t, context, stringy && variables));
  if (!qualifier) return negated ? !values.some(any) : values.some(any);
  const each = (value: string) => (negated ? !any(value) : any(value));
  return qualifier === 'forallvalues' ? values.every(each) : values.some(each);
}

function applies(statement: Record<string, Json>, q: GeneratedQuestion, context: Context, variables: boolean): boolean {
  if ((statement.Action === undefined) === (statement.NotAction === undefined)) return false;
  if ((statement.Resource === undefined) === (statement.NotResource === undefined)) return false;
  const actions = list(statement.Action ?? statement.NotAction).filter((a): a is string => typeof a === 'string');
  if (actions.some((a) => matches(a, q.action, {}, false, true, 'i')) === (statement.Action === undefined)) return false;
  const resources = list(statement.Resource ?? statement.NotResource).filter((r): r is string => typeof r === 'string');
  if (resources.some((r) => matches(r, q.resource, context, variables)) === (statement.Resource === undefined)) return false;
  const blocks = (statement.Condition ?? {}) as Record<string, Record<string, Json>>;
  return Object.entries(blocks).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => condition(operator, key, values, context, variables)),
  );
}

function statementsOf(policy: Record<string, Json>): { statement: Record<string, Json>; variables: boolean }[] {
  const variables = policy.Version === '2012-10-17';
  return list(policy.Statement).map((statement) => ({ statement: statement as Record<string, Json>, variables }));
}

function oracle(q: GeneratedQuestion): string {
  const context: Context = {};
  for (const [key, value] of Object.entries(q.context)) if (list(value).length) context[key.toLowerCase()] = list(value) as string[];
  const identity = q.policies.flatMap(statementsOf);
  const boundary = q.boundary ? statementsOf(q.boundary) : undefined;
  const effect = (e: string) => (s: { statement: Record<string, Json>; variables: boolean }) =>
    s.statement.Effect === e && applies(s.statement, q, context, s.variables);
  if ([...identity, ...(boundary ?? [])].some(effect('Deny'))) return 'explicit-deny';
  return identity.some(effect('Allow')) && (!boundary || boundary.some(effect('Allow'))) ? 'allowed' : 'implicit-deny';
}

test("evaluation oracle: a plainly written second evaluator gives the engine's answer on 3,000 seeded questions", () => {
  const evaluator = new BatchEvaluator();
  const disagreements: string[] = [];
  for (const q of generatedQuestions(20_261_207, 3_000)) {
    const ours = evaluator.answer(JSON.stringify(q));
    const theirs = oracle(q);
    if (!('decision' in ours) || ours.decision !== theirs) disagreements.push(`${JSON.stringify(q)}\n  engine ${JSON.stringify(ours)}, oracle ${theirs}`);
  }
  assert.deepEqual(disagreements.slice(0, 5), []);
});
