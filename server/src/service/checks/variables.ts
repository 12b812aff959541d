import { parseOperator } from '../catalog/operators';
import { JsonNode, stringItems, valueRange } from '../parse/json';
import { conditionsOf, Statement } from '../parse/policy';
import { OffsetRange } from '../parse/range';
import { Finding } from './finding';
import { PolicyCheck, PolicyContext } from './context';
import { CURRENT_VERSION, effectiveVersion } from './version';

/** One `${...}` in a string value, with its offsets in the document. */
export interface VariableRef extends OffsetRange {
  /** The text between `${` and `}` (or to the end of the string when unclosed). */
  readonly body: string;
  readonly closed: boolean;
}

/** The `${...}` references in a JSON string node, with exact document offsets. */
export function variablesIn(node: JsonNode, text: string): VariableRef[] {
  if (node.type !== 'string') return [];
  const { start, end } = valueRange(node, text);
  const raw = text.slice(start, end);
  const refs: VariableRef[] = [];
  let from = 0;
  for (;;) {
    const open = raw.indexOf('${', from);
    if (open < 0) break;
    const close = raw.indexOf('}', open + 2);
    const closed = close >= 0;
    const stop = closed ? close + 1 : raw.length;
    refs.push({ start: start + open, end: start + stop, body: raw.slice(open + 2, closed ? close : raw.length), closed });
    from = stop;
  }
  return refs;
}

/** `${*}`, `${?}` and `${$}` stand for the literal characters. */
const ESCAPES = new Set(['*', '?', '$']);

/** Elements whose values IAM never expands variables in. */
const NO_VARIABLES = ['Sid', 'Effect', 'Action', 'NotAction', 'Principal', 'NotPrincipal'] as const;

/** Policy variables: their syntax, and where and under which Version they are allowed. */
export const variableChecks: PolicyCheck = { statement: checkVariables };

function checkVariables(statement: Statement, context: PolicyContext): Finding[] {
  const { file } = context;
  const text = file.text;
  const findings: Finding[] = [];
  const versioned = effectiveVersion(context) === CURRENT_VERSION;

  const syntax = (ref: VariableRef) => {
    const finding = variableSyntax(ref);
    if (finding) findings.push(finding);
    return finding === undefined;
  };
  const expandable = (ref: VariableRef, operatorName?: string, variablesAllowed = true) => {
    if (!syntax(ref) || ESCAPES.has(ref.body)) return;
    if (!versioned) {
      findings.push({
        code: 'VARIABLE_UNSUPPORTED_IN_VERSION',
        ...ref,
        message: `\${${ref.body}} is plain text here: policy variables need "Version": "${CURRENT_VERSION}", and this policy ${file.policy.element.Version ? 'has another Version' : 'has no Version'}`,
      });
    } else if (!variablesAllowed) {
      findings.push({
        code: 'INVALID_VARIABLE_FOR_OPERATOR',
        ...ref,
        message: `"${operatorName}" does not expand policy variables: \${${ref.body}} is compared as literal text. Use a String, ARN or Bool operator, or a fixed value`,
      });
    }
  };

  {
    for (const name of NO_VARIABLES) {
      const node = statement.element[name]?.valueNode;
      const items = name.endsWith('Principal') ? principalStrings(node) : stringItems(node);
      for (const item of items) {
        for (const ref of variablesIn(item, text)) {
          if (ESCAPES.has(ref.body)) continue;
          findings.push({
            code: 'VARIABLE_UNSUPPORTED_IN_ELEMENT',
            ...ref,
            message: `Policy variables are not expanded in "${name}": \${${ref.body}} is literal text there. Variables work in Resource and in condition values`,
          });
        }
      }
    }
    for (const name of ['Resource', 'NotResource'] as const) {
      for (const item of stringItems(statement.element[name]?.valueNode)) for (const ref of variablesIn(item, text)) expandable(ref);
    }
    for (const block of conditionsOf(statement.element.Condition)) {
      const operator = parseOperator(block.key);
      for (const entry of block.entries) {
        for (const value of entry.values) {
          for (const ref of variablesIn(value, text)) expandable(ref, operator?.canonical, operator?.base.variables ?? true);
        }
      }
    }
  }
  return findings;
}

function principalStrings(node: JsonNode | undefined): JsonNode[] {
  if (node?.type === 'string') return [node];
  if (node?.type !== 'object') return [];
  return (node.children ?? []).flatMap((member) => stringItems(member.children?.[1]));
}

function variableSyntax(ref: VariableRef): Finding | undefined {
  if (!ref.closed) {
    // The name ends where a character no key name has begins: `${aws:username/*` → `${aws:username}/*`.
    const name = (/^[\w:/.@+=-]*/.exec(ref.body)?.[0] ?? '').replace(/[/.]+$/, '');
    const fixed = name ? `\${${name}}${ref.body.slice(name.length)}` : undefined;
    return {
      code: 'MISSING_BRACE_IN_VARIABLE',
      ...ref,
      message: `"\${${ref.body}" has no closing brace: IAM reads it as literal text${fixed ? `; did you mean "${fixed}"?` : ''}`,
      data: fixed ? { replacements: [fixed] } : undefined,
    };
  }
  if (ref.body.trim() === '') {
    return { code: 'EMPTY_VARIABLE', ...ref, message: '"${}" names no variable: write one such as ${aws:username}, or ${$} for a literal "$"' };
  }
  // `${aws:username, 'default'}`: the space after the comma is allowed, none in the name.
  const name = ref.body.split(',')[0];
  if (/\s/.test(name)) {
    const fixed = `\${${name.replace(/\s+/g, '')}${ref.body.slice(name.length)}}`;
    return {
      code: 'UNSUPPORTED_SPACE_IN_VARIABLE',
      ...ref,
      message: `"\${${ref.body}}" has a space in the variable name: IAM does not expand it; write "${fixed}"`,
      data: { replacements: [fixed] },
    };
  }
  return undefined;
}
