import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ManagedPolicies, ManagedPolicyData, MANAGED_POLICIES_FILE } from './service';

/**
 * The AWS managed policies shipped beside the bundle (`dist/managed-policies.json.gz`, written by
 * scripts/managed-policies.mjs), read when the engine first asks for one: never at start-up.
 * Run from the TypeScript output (`out/server/src`) it is read from the build's `dist/`.
 */
export function installedManagedPolicies(directory: string = __dirname): ManagedPolicies {
  return new ManagedPolicies(() => {
    for (const folder of [directory, path.join(directory, '..', '..', '..', 'dist')]) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path.join(folder, MANAGED_POLICIES_FILE));
      } catch {
        continue;
      }
      return JSON.parse(gunzipSync(bytes).toString('utf8')) as ManagedPolicyData;
    }
    return undefined;
  });
}
