import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import { OffsetRange } from '../parse/range';
import { scalarText } from '../parse/kubernetes';
import { nodeRange, YamlEntry, YamlNode } from '../parse/yaml';
import { Finding } from './finding';

/** Scalars as the API server's YAML 1.1 reader types them, and annotation values that are not strings. */

type Yaml11Type = 'string' | 'boolean' | 'number' | 'null';

/** Kubernetes reads YAML with go-yaml v2 (YAML 1.1): `yes`, `on`, `off`, `y`, `n` are booleans there too. */
const YAML11_BOOLEAN = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const YAML11_NULL = /^(?:~|null|Null|NULL|)$/;
const YAML11_INT = /^[-+]?(?:0[bB][01]+|0[oO]?[0-7]+|0[xX][0-9a-fA-F]+|[0-9]+)$/;
const YAML11_FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const STRING_TAG = 'tag:yaml.org,2002:str';

/** What a scalar is to the API server's YAML reader (go-yaml v2, YAML 1.1), judged from its source. */
export function yaml11Type(node: YamlNode): Yaml11Type {
  const scalar = node as Scalar;
  if (scalar.tag) return scalar.tag === STRING_TAG || scalar.tag === '!!str' ? 'string' : typeOfValue(scalar.value);
  if (scalar.type !== 'PLAIN') return 'string';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a parsed scalar has its source; a value is a primitive
  return plainScalarType(scalar.source ?? String(scalar.value ?? ''));
}

/** go-yaml v2's resolution of an untagged plain scalar. */
export function plainScalarType(source: string): Yaml11Type {
  if (YAML11_NULL.test(source)) return 'null';
  if (YAML11_BOOLEAN.test(source)) return 'boolean';
  const plain = source.replace(/_/g, '');
  if (/^[-+.0-9]/.test(source) && (YAML11_INT.test(plain) || YAML11_FLOAT.test(plain))) return 'number';
  return 'string';
}

function typeOfValue(value: unknown): Yaml11Type {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  return 'string';
}

/** What a non-string annotation value does (kubernetes #60843, #129176). */
const NOT_STRING_EFFECT =
  'annotations are map[string]string: the API server rejects the object, and client-side kubectl apply may instead drop every annotation of the object';
const NULL_EFFECT = 'kubectl apply before 1.33 drops every annotation of the object, later versions store an empty string';

export function annotationsNotString(annotations: readonly YamlEntry[]): Finding[] {
  const findings: Finding[] = [];
  for (const annotation of annotations) {
    const node = annotation.valueNode;
    if (node && (isMap(node) || isSeq(node))) {
      findings.push({
        code: 'K8S_ANNOTATION_NOT_STRING',
        ...tokenRange(annotation.keyNode),
        message: `The value of annotation "${annotation.key}" is a ${isMap(node) ? 'mapping' : 'list'}, not a string: ${NOT_STRING_EFFECT}`,
      });
      continue;
    }
    if (node && !isScalar(node)) continue; // an alias: its anchor's value is judged where it is written
    const type = node ? yaml11Type(node) : 'null';
    if (type === 'string') continue;
    const source = scalarText(node) ?? '';
    // Null is milder: kubectl has come to read it as "" (a Warning); a boolean or number is an Error.
    if (type === 'null' && (!node || nodeRange(node).end === nodeRange(node).start)) {
      findings.push({
        code: 'K8S_ANNOTATION_NOT_STRING',
        ...tokenRange(annotation.keyNode),
        severity: 'warning',
        message: `Annotation "${annotation.key}" has no value, which YAML reads as null, not a string: ${NULL_EFFECT}; write "" for an empty value`,
      });
      continue;
    }
    const quoted = type === 'null' ? '""' : JSON.stringify((node as Scalar).source ?? source);
    const also = type === 'boolean' && !/^(true|false)$/i.test(source) ? ' (Kubernetes reads YAML 1.1, where yes, no, on, off, y and n are booleans)' : '';
    findings.push({
      code: 'K8S_ANNOTATION_NOT_STRING',
      ...tokenRange(node!),
      message: `The value of annotation "${annotation.key}" is a YAML ${type}${also}, not a string: ${type === 'null' ? NULL_EFFECT : NOT_STRING_EFFECT}; quote it: ${quoted}`,
      data: { replacements: [quoted] },
      severity: type === 'null' ? 'warning' : undefined,
    });
  }
  return findings;
}

/** A node's range; for a quoted scalar, the characters between the quotes. */
export function tokenRange(node: YamlNode): OffsetRange {
  const { start, end } = nodeRange(node);
  const type = isScalar(node) ? (node as Scalar).type : undefined;
  if ((type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') && end - start >= 2) return { start: start + 1, end: end - 1 };
  return { start, end };
}
