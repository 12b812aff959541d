import { IamService } from '../catalog/catalog';

const REFERENCE = 'https://docs.aws.amazon.com/service-authorization/latest/reference/';

/** AWS names each Service Authorization Reference page after the service's name, lower case, letters and digits only. */
function pageOf(service: IamService): string {
  return service.name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The table of a service's actions (access level, resource types, condition keys) in the Service Authorization Reference. */
export function actionsReferenceUrl(service: IamService): string {
  const page = pageOf(service);
  return `${REFERENCE}list_${page}.html#${page}-actions-as-permissions`;
}

/** The table of a service's condition keys in the Service Authorization Reference. */
export function conditionKeysReferenceUrl(service: IamService): string {
  const page = pageOf(service);
  return `${REFERENCE}list_${page}.html#${page}-policy-keys`;
}
