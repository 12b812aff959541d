/**
 * Links into AWS's documentation for what the catalogue describes. The catalogue carries no URLs:
 * the Service Authorization Reference names each service's page after the service's name, which
 * the catalogue has.
 */

const SERVICE_REFERENCE = 'https://docs.aws.amazon.com/service-authorization/latest/reference/';
const USER_GUIDE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/';

/** `Amazon S3` → `amazons3`: how the reference spells a service's page and anchors. */
function pageName(serviceName: string): string {
  return serviceName.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The table of a service's actions (access levels, resource types, condition keys). */
export function serviceActionsUrl(serviceName: string): string {
  const page = pageName(serviceName);
  return `${SERVICE_REFERENCE}list_${page}.html#${page}-actions-as-permissions`;
}

/** The table of a service's resource types and their ARN formats. */
export function serviceResourcesUrl(serviceName: string): string {
  const page = pageName(serviceName);
  return `${SERVICE_REFERENCE}list_${page}.html#${page}-resources-for-iam-policies`;
}

/** The table of a service's condition keys. */
export function serviceConditionKeysUrl(serviceName: string): string {
  const page = pageName(serviceName);
  return `${SERVICE_REFERENCE}list_${page}.html#${page}-policy-keys`;
}

/** A global condition key's entry (`aws:RequestTag/tag-key` → `#condition-keys-requesttag`). */
export function globalConditionKeyUrl(key: string): string {
  const name = key.replace(/^aws:/i, '').replace(/\/.*$/, '').toLowerCase();
  return `${USER_GUIDE}reference_policies_condition-keys.html#condition-keys-${name}`;
}

/** The condition operators page; `IfExists` and the set qualifiers have their own sections. */
export const CONDITION_OPERATORS_URL = `${USER_GUIDE}reference_policies_elements_condition_operators.html`;
export const SET_QUALIFIERS_URL = `${USER_GUIDE}reference_policies_condition-single-vs-multi-valued-context-keys.html`;
