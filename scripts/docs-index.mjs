// Writes docs/checks/README.md (the index of the check pages) and the `iamIrsa.checks` setting of
// package.json from the engine's registry, so neither can drift from the codes the engine has.
// `npm run build` first; then `node scripts/docs-index.mjs`. The unit tests fail when either is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { CHECKS, DOCS_BASE_URL } = require(join(root, 'out/server/src/service/index.js'));
const SEVERITY = { error: 'Error', warning: 'Warning', information: 'Information', hint: 'Hint' };

const rows = Object.values(CHECKS).map((c) => `| [${c.code}](${c.code}.md) | ${SEVERITY[c.severity]} | ${c.title} |`);
writeFileSync(
  join(root, 'docs/checks/README.md'),
  `# Checks

One page per diagnostic code; each diagnostic links to its page. Codes follow IAM Access Analyzer's
\`ValidatePolicy\` issue codes where it has one, so results can be compared with
\`aws accessanalyzer validate-policy\`. Any check's severity can be changed, or the check turned off,
with the \`iamIrsa.checks\` setting (editor) or \`checks\` in \`.iam-irsa.json\` (CLI).

| code | default severity | what |
|---|---|---|
${rows.join('\n')}
`,
);

const manifestPath = join(root, 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const setting = manifest.contributes.configuration.properties['iamIrsa.checks'];
setting.properties = Object.fromEntries(
  Object.values(CHECKS).map((c) => [
    c.code,
    {
      type: 'string',
      enum: ['error', 'warning', 'information', 'hint', 'off'],
      markdownDescription: `${c.title} (default: ${c.severity}). [Docs](${DOCS_BASE_URL}${c.code}.md)`,
    },
  ]),
);
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
