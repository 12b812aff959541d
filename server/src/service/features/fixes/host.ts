import { isJsonLanguage, isYamlLanguage } from '../../parse/document';
import { JsonNode, parseJson } from '../../parse/json';
import { Policy, Statement } from '../../parse/policy';
import { OffsetRange } from '../../parse/range';
import { AuthoringContext } from '../context';

/**
 * The syntax a fix writes in: JSON (policy files, CloudFormation JSON, JSON text in a heredoc or a
 * block scalar), YAML (manifests, CloudFormation and eksctl YAML) or HCL (Terraform `jsonencode`).
 */
export type Host = 'json' | 'yaml' | 'hcl';

export interface PolicyAt {
  readonly policy: Policy;
  readonly host: Host;
}

/** The policy under `offset`: the policy file itself, or a policy embedded in a role-definition source. */
export function policyAt(context: AuthoringContext, offset: number): PolicyAt | undefined {
  const { parsed } = context;
  if (parsed.kind === 'policy') return { policy: parsed.policy, host: 'json' };
  const embedded = context.embedded.find(({ policy }) => contains(policy.root, offset));
  const host = hostAt(context, offset);
  if (!embedded || !host) return undefined;
  return { policy: embedded.model, host };
}

export function hostAt(context: AuthoringContext, offset: number): Host | undefined {
  const { parsed, document } = context;
  if (parsed.kind === 'policy') return 'json';
  if (parsed.kind === 'kubernetes') return 'yaml';
  const embedded = context.embedded.find(({ policy }) => contains(policy.root, offset));
  if (embedded && isJsonText(document.getText(), embedded.policy.root)) return 'json';
  if (isYamlLanguage(document.languageId)) return 'yaml';
  if (isJsonLanguage(document.languageId)) return 'json';
  if (document.languageId === 'terraform' || document.languageId === 'hcl') return 'hcl';
  return undefined;
}

/** Whether a policy stands in the document as JSON text (not YAML nodes nor HCL expressions). */
function isJsonText(text: string, root: JsonNode): boolean {
  return text[root.offset] === '{' && parseJson(text.slice(root.offset, root.offset + root.length)).errors.length === 0;
}

export function contains(node: { offset: number; length: number }, offset: number): boolean {
  return offset >= node.offset && offset <= node.offset + node.length;
}

export function inRange(range: OffsetRange, offset: number): boolean {
  return offset >= range.start && offset <= range.end;
}

export function statementAt(policy: Policy, offset: number): Statement | undefined {
  return policy.statements.find((s) => s.node.type === 'object' && contains(s.node, offset));
}

// YAML 1.1 (Kubernetes, eksctl, CloudFormation) reads these plain scalars as booleans, null, numbers or timestamps.
const YAML11_NOT_STRING =
  /^(?:~|null|y|yes|n|no|true|false|on|off|[-+]?(?:\.inf|\.nan)|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:e[-+]?[0-9]+)?|0x[0-9a-f]+|0o?[0-7]+|\d{4}-\d\d?-\d\d?(?:[Tt ].*)?)$/i;
const PLAIN_SAFE = /^[\w/][\w:/.+=@-]*$/;

/** A string as a YAML scalar of its own: plain when YAML reads it back as the same string, else double-quoted. */
export function yamlScalar(value: string): string {
  return PLAIN_SAFE.test(value) && !value.endsWith(':') && !YAML11_NOT_STRING.test(value) ? value : JSON.stringify(value);
}

/** A new string value as the host writes it. */
export function scalarIn(host: Host, value: string): string {
  return host === 'yaml' ? yamlScalar(value) : host === 'hcl' ? hclEscaped(JSON.stringify(value)) : JSON.stringify(value);
}

function hclEscaped(text: string): string {
  return text.replace(/([$%])\{/g, '$1$1{');
}

/**
 * `replacement` as text for `range`, written for its host: inside quotes, escaped for them; a YAML
 * plain scalar quoted when it would not read back as itself. Undefined when it cannot be written there.
 */
export function replacementIn(host: Host, text: string, range: OffsetRange, replacement: string): string | undefined {
  const before = text[range.start - 1];
  const after = text[range.end];
  const inDouble = before === '"' && after === '"';
  switch (host) {
    case 'json':
      return replacement;
    case 'hcl':
      return inDouble && !/["\\\n]/.test(replacement) ? hclEscaped(replacement) : undefined;
    case 'yaml': {
      if (inDouble) return JSON.stringify(replacement).slice(1, -1);
      if (before === "'" && after === "'") return replacement.replace(/'/g, "''");
      // A quoting fix (`"true"`), or a flow collection over a flow collection, is YAML already.
      if (/^"[^"\\]*"$/.test(replacement)) return replacement;
      if (/^[[{]/.test(replacement)) return /^[[{]/.test(text[range.start] ?? '') ? replacement : undefined;
      return replacement === '' ? replacement : yamlScalar(replacement);
    }
  }
}
