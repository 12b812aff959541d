import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { installedManagedPolicies } from '../../server/src/managedPolicyFile';
import { MANAGED_POLICIES_FILE, ManagedPolicies } from '../../server/src/service';
import { REPO_ROOT } from './lspClient';

/**
 * The AWS managed policies as the product ships them: the build's dist/ (npm test builds it), else
 * compacted now into test/.cache by the same script (a bare `tsc -b` leaves no dist/).
 */
export function installedPolicies(): ManagedPolicies {
  if (existsSync(path.join(REPO_ROOT, 'dist', MANAGED_POLICIES_FILE))) return installedManagedPolicies();
  const cache = path.join(REPO_ROOT, 'test', '.cache', 'managed-policies');
  if (!existsSync(path.join(cache, MANAGED_POLICIES_FILE))) {
    mkdirSync(cache, { recursive: true });
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'managed-policies.mjs'), cache], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`scripts/managed-policies.mjs failed: ${run.stderr}`);
  }
  return installedManagedPolicies(cache);
}
