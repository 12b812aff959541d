import { Catalog, iamWildcard } from '../catalog/catalog';
import { WildcardMatcher } from '../catalog/wildcard';
import { CatalogMemo, suggest, suggestActionNames } from '../catalog/suggest';
import { JsonNode, stringItems, valueRange } from '../parse/json';
import { PolicyElement } from '../parse/policy';
import { PolicyKind } from '../parse/policyKind';
import { OffsetRange } from '../parse/range';
import { Finding } from './finding';
import { PolicyCheck } from './context';

const WILDCARD = /[*?]/;

/** What a trust policy may ask of STS: assuming the role and what comes with it. */
const TRUST_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithWebIdentity',
  'sts:AssumeRoleWithSAML',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
];

/** Section C of CHECKS.md over `Action` / `NotAction`. */
export const actionChecks: PolicyCheck = {
  statement(statement, { file, catalog, kind }): Finding[] {
    const findings: Finding[] = [];
    for (const element of [statement.element.Action, statement.element.NotAction]) {
      if (!element) continue;
      const items = stringItems(element.valueNode);
      // NotAction in a trust policy lists what is excluded, not granted: no trust-only rule applies.
      const grantKind = element.key === 'NotAction' && kind === 'trust' ? 'identity' : kind;
      for (const item of items) {
        const finding = checkAction(item, catalog, file.text, grantKind);
        if (finding) findings.push(finding);
      }
      findings.push(...redundantActions(element, items, catalog, file.text));
    }
    return findings;
  },
};

/** A finding on an action entry, but where it is: the same for every entry with the same text. */
type Verdict = Omit<Finding, 'start' | 'end'>;

/** Per catalogue and unknown service prefix: the prefixes it may be a slip for (every action of a new service asks). */
const meantServices = new CatalogMemo<readonly string[]>();

/** Per kind, catalogue and action text: its verdict (null: nothing to say). Managed policies repeat the same actions thousands of times. */
const verdicts = new Map<PolicyKind, CatalogMemo<Verdict | null>>();

function checkAction(node: JsonNode, catalog: Catalog, text: string, kind: PolicyKind): Finding | undefined {
  const action = node.value as string;
  if (action === '*' || action.includes('${')) return undefined; // variables: see the variables family
  let known = verdicts.get(kind);
  if (!known) verdicts.set(kind, (known = new CatalogMemo(20_000)));
  const verdict = known.get(catalog, action, () => judgeAction(action, catalog, kind) ?? null);
  if (!verdict) return undefined;
  const { code, ...rest } = verdict;
  return { code, ...valueRange(node, text), ...rest };
}

/** What is wrong with an action entry's text (unknown service or action, its case, a trust policy's limits). */
function judgeAction(action: string, catalog: Catalog, kind: PolicyKind): Verdict | undefined {
  const colon = action.indexOf(':');
  if (colon < 0) {
    return { code: 'INVALID_ACTION', message: `"${action}" is not an action: write service:action, for example "s3:GetObject", or "*"` };
  }
  const prefix = action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (WILDCARD.test(prefix)) {
    return {
      code: 'WILDCARD_IN_SERVICE_NAME',
      message: `"${prefix}" is a wildcard in the service prefix: "${action}" spans every service it matches, now and in future. Name the services`,
    };
  }
  const service = catalog.service(prefix);
  if (!service) {
    const services = meantServices.get(catalog, prefix, () => suggest(prefix, catalog.servicePrefixes(), 5));
    // Prefer a service that really has the action the user typed (s4:GetObject → s3:GetObject).
    const withAction = services.filter((s) => WILDCARD.test(name) || catalog.action(s, name));
    const replacements = (withAction.length ? withAction : services).slice(0, 3).map((s) => `${s}:${name}`);
    const hint = replacements.length ? `; did you mean "${replacements[0]}"?` : '';
    return {
      code: 'INVALID_SERVICE_IN_ACTION',
      message: `"${prefix}" is not an AWS service prefix, so "${action}" matches nothing${hint}`,
      data: replacements.length ? { replacements } : undefined,
    };
  }
  if (name === '') {
    return { code: 'INVALID_ACTION', message: `"${action}" names no action: write "${prefix}:*" or an action of ${service.name}` };
  }
  if (WILDCARD.test(name)) {
    const matched = catalog.matchActions(prefix, name);
    if (matched.length === 0) {
      return { code: 'INVALID_ACTION', message: `"${action}" matches no action of ${service.name}: the statement grants nothing through it` };
    }
    return kind === 'trust'
      ? trustAction(
          matched.map((a) => `${a.service}:${a.name}`),
          action,
        )
      : undefined;
  }
  const found = catalog.action(prefix, name);
  if (!found) {
    const replacements = meantActions(action, catalog);
    const hint = replacements.length ? `; did you mean "${replacements[0]}"?` : '';
    return {
      code: 'INVALID_ACTION',
      message: `"${name}" is not an action of ${service.name} (${prefix})${hint}`,
      data: replacements.length ? { replacements } : undefined,
    };
  }
  const canonical = `${service.prefix}:${found.name}`;
  if (kind === 'trust') {
    const unsupported = trustAction([canonical], action);
    if (unsupported) return unsupported;
  }
  if (action !== canonical) {
    return {
      code: 'NON_CANONICAL_ACTION_CASE',
      message: `"${action}" works (actions ignore case) but AWS spells it "${canonical}"`,
      data: { replacements: [canonical] },
    };
  }
  return undefined;
}

/**
 * What a misspelled action (`kms:ReEncrypt`, `sts:AssumeRol3`) was likely meant to be, best first, as
 * INVALID_ACTION offers them; empty for an action of the catalogue, a wildcard or an unknown service.
 */
export function meantActions(action: string, catalog: Catalog): string[] {
  return [...meantLists.get(catalog, action, () => rankMeant(action, catalog))];
}

const meantLists = new CatalogMemo<readonly string[]>();

function rankMeant(action: string, catalog: Catalog): string[] {
  const colon = action.indexOf(':');
  if (colon < 0) return [];
  const prefix = action.slice(0, colon);
  const name = action.slice(colon + 1);
  const service = catalog.service(prefix);
  if (!service || name === '' || WILDCARD.test(action) || catalog.action(prefix, name)) return [];
  return suggestActionNames(name, catalog.actionNames(prefix), 3).map((n) => `${prefix}:${n}`);
}

/** A trust policy grants nothing but assuming the role: any other action is rejected. */
function trustAction(actions: readonly string[], written: string): Verdict | undefined {
  const lower = TRUST_ACTIONS.map((a) => a.toLowerCase());
  if (actions.some((a) => lower.includes(a.toLowerCase()))) return undefined;
  return {
    code: 'UNSUPPORTED_ACTION_IN_POLICY',
    message: `"${written}" cannot be used in a trust policy: it only says who may assume the role (${TRUST_ACTIONS.slice(0, 3).join(', ')}, with sts:TagSession / sts:SetSourceIdentity). Put other actions in the role's permission policy`,
  };
}

/** An entry matched entirely by another entry of the same element (`s3:GetObject` beside `s3:Get*`). */
function redundantActions(element: PolicyElement, items: readonly JsonNode[], catalog: Catalog, text: string): Finding[] {
  if (items.length < 2) return [];
  const findings: Finding[] = [];
  const patterns = items.map((item) => {
    const value = (item.value as string).toLowerCase();
    const wildcard = WILDCARD.test(value);
    const colon = value.indexOf(':');
    const prefix = colon < 0 || WILDCARD.test(value.slice(0, colon)) ? undefined : value.slice(0, colon);
    return { item, value, wildcard, regex: wildcard ? iamWildcard(value) : undefined, prefix };
  });
  // Only a wildcard can cover another entry, and lists are long while wildcards are few.
  const wildcards = patterns.filter((p) => p.wildcard);
  const candidates = wildcardsByPrefix(wildcards);
  const firstIndex = new Map<string, number>();
  patterns.forEach((entry, index) => {
    if (!firstIndex.has(entry.value)) firstIndex.set(entry.value, index);
    const duplicateOf = firstIndex.get(entry.value)! < index ? patterns[firstIndex.get(entry.value)!] : undefined;
    // Of two service prefixes written out, only the same one can cover (the long lists of managed policies span many services).
    const cover =
      duplicateOf ??
      candidates(entry.prefix).find(
        (other) =>
          other !== entry &&
          other.value !== entry.value &&
          (other.prefix === undefined || entry.prefix === undefined || other.prefix === entry.prefix) &&
          covers(other, entry, catalog),
      );
    if (!cover) return;
    findings.push({
      code: 'REDUNDANT_ACTION',
      ...valueRange(entry.item, text),
      message: !duplicateOf
        ? `"${entry.item.value}" is already covered by "${cover.item.value}" in this "${element.key}": remove it`
        : duplicateOf.item.value === entry.item.value
          ? `"${entry.item.value}" is listed twice in this "${element.key}": remove it`
          : `"${entry.item.value}" is "${duplicateOf.item.value}" again (actions ignore case), listed twice in this "${element.key}": remove it`,
      data: { remove: entryWithSeparator(element, entry.item) },
    });
  });
  return findings;
}

/**
 * The wildcards that may cover an entry of a service prefix, in list order: those of that prefix and those
 * of none (`*`, `s*:Get*`). A long list (ReadOnlyAccess) holds a thousand wildcards over hundreds of services.
 */
function wildcardsByPrefix<T extends { readonly prefix: string | undefined }>(wildcards: readonly T[]): (prefix: string | undefined) => readonly T[] {
  const any = wildcards.filter((w) => w.prefix === undefined);
  const own = new Map<string, T[]>();
  for (const w of wildcards) {
    if (w.prefix === undefined) continue;
    const list = own.get(w.prefix);
    if (list) list.push(w);
    else own.set(w.prefix, [w]);
  }
  const merged = new Map<string, readonly T[]>();
  return (prefix) => {
    if (prefix === undefined) return wildcards;
    let list = merged.get(prefix);
    if (!list) {
      list = any.length === 0 ? (own.get(prefix) ?? []) : wildcards.filter((w) => w.prefix === undefined || w.prefix === prefix);
      merged.set(prefix, list);
    }
    return list;
  };
}

interface ActionPattern {
  readonly value: string;
  readonly wildcard: boolean;
  readonly regex: WildcardMatcher | undefined;
}

/** Whether the entry `outer` (a wildcard) matches every action `inner` names. */
function covers(outer: ActionPattern, inner: ActionPattern, catalog: Catalog): boolean {
  if (outer.value === '*') return true;
  if (!inner.wildcard) return outer.regex!.test(inner.value);
  // `s3:Get*` covers `s3:GetObject*`: a trailing-star prefix containing the other pattern.
  if (outer.value.endsWith('*') && !/[*?]/.test(outer.value.slice(0, -1)) && inner.value.startsWith(outer.value.slice(0, -1))) return true;
  const colon = inner.value.indexOf(':');
  if (colon < 0 || WILDCARD.test(inner.value.slice(0, colon))) return false;
  const matched = catalog.matchActions(inner.value.slice(0, colon), inner.value.slice(colon + 1));
  return matched.length > 0 && matched.every((a) => outer.regex!.test(`${a.service}:${a.name}`));
}

/** The span to delete to remove one array entry cleanly: the entry and one adjacent comma. */
export function entryWithSeparator(element: PolicyElement, item: JsonNode): OffsetRange {
  const siblings = element.valueNode?.children ?? [];
  const index = siblings.indexOf(item);
  if (index < 0) return { start: item.offset, end: item.offset + item.length };
  if (index + 1 < siblings.length) return { start: item.offset, end: siblings[index + 1].offset };
  if (index > 0) {
    const previous = siblings[index - 1];
    return { start: previous.offset + previous.length, end: item.offset + item.length };
  }
  return { start: item.offset, end: item.offset + item.length };
}
