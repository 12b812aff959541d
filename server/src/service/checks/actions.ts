import { Catalog } from '../catalog/catalog';
import { suggest } from '../catalog/suggest';
import { JsonNode, stringItems, valueRange } from '../parse/json';
import { Finding } from './finding';
import { PolicyContext } from './context';

const WILDCARD = /[*?]/;

/** Unknown service prefixes and unknown actions in `Action` / `NotAction`, with a did-you-mean. */
export function checkActions({ file, catalog }: PolicyContext): Finding[] {
  const findings: Finding[] = [];
  for (const statement of file.policy.statements) {
    for (const element of [statement.element.Action, statement.element.NotAction]) {
      for (const item of stringItems(element?.valueNode)) {
        const finding = checkAction(item, catalog, file.text);
        if (finding) findings.push(finding);
      }
    }
  }
  return findings;
}

function checkAction(node: JsonNode, catalog: Catalog, text: string): Finding | undefined {
  const action = node.value as string;
  if (action === '*') return undefined;
  const range = valueRange(node, text);
  const colon = action.indexOf(':');
  if (colon < 0) {
    return {
      code: 'INVALID_ACTION',
      ...range,
      message: `"${action}" is not an action: write service:action, for example "s3:GetObject", or "*"`,
    };
  }
  const prefix = action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (WILDCARD.test(prefix)) return undefined;
  const service = catalog.service(prefix);
  if (!service) {
    const services = suggest(prefix, catalog.servicePrefixes(), 5);
    // Prefer a service that really has the action the user typed (s4:GetObject → s3:GetObject).
    const withAction = services.filter((s) => WILDCARD.test(name) || catalog.action(s, name));
    const replacements = (withAction.length ? withAction : services).slice(0, 3).map((s) => `${s}:${name}`);
    const hint = replacements.length ? `; did you mean "${replacements[0]}"?` : '';
    return {
      code: 'INVALID_SERVICE_IN_ACTION',
      ...range,
      message: `"${prefix}" is not an AWS service prefix, so "${action}" matches nothing${hint}`,
      data: replacements.length ? { replacements } : undefined,
    };
  }
  if (name === '') {
    return { code: 'INVALID_ACTION', ...range, message: `"${action}" names no action: write "${prefix}:*" or an action of ${service.name}` };
  }
  if (WILDCARD.test(name)) {
    if (catalog.matchActions(prefix, name).length > 0) return undefined;
    return {
      code: 'INVALID_ACTION',
      ...range,
      message: `"${action}" matches no action of ${service.name}: the statement grants nothing through it`,
    };
  }
  if (catalog.action(prefix, name)) return undefined;
  const names = [...service.actions.values()].map((a) => a.name);
  const replacements = suggest(name, names, 3).map((n) => `${prefix}:${n}`);
  const hint = replacements.length ? `; did you mean "${replacements[0]}"?` : '';
  return {
    code: 'INVALID_ACTION',
    ...range,
    message: `"${name}" is not an action of ${service.name} (${prefix})${hint}`,
    data: replacements.length ? { replacements } : undefined,
  };
}
