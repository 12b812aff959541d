import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CHECKS, DEFAULT_SETTINGS, PolicyKind } from '../../server/src/service';
import { validate } from '../support/service';
import { TestWorkspace } from '../support/workspace';

const DOCS = path.resolve(__dirname, '..', '..', '..', 'docs', 'checks');

test('every check code has a docs page with what, why, a bad and a good example', () => {
  for (const code of Object.keys(CHECKS)) {
    const page = readFileSync(path.join(DOCS, `${code}.md`), 'utf8');
    assert.match(page, new RegExp(`^# ${code}\\n`), code);
    for (const heading of ['## What', '## Why', '## Bad', '## Good']) assert.ok(page.includes(heading), `${code}: ${heading}`);
  }
});

test('no docs page for a code the engine does not have, and the index lists every code', () => {
  const pages = readdirSync(DOCS)
    .filter((f) => f !== 'README.md')
    .map((f) => f.replace(/\.md$/, ''));
  assert.deepEqual(pages.sort(), Object.keys(CHECKS).sort());
  const index = readFileSync(path.join(DOCS, 'README.md'), 'utf8');
  for (const code of Object.keys(CHECKS)) assert.ok(index.includes(`[${code}](${code}.md)`), code);
});

test('the iamIrsa.checks setting of the manifest offers exactly the engine codes', () => {
  const manifest = JSON.parse(readFileSync(path.resolve(DOCS, '..', '..', 'package.json'), 'utf8'));
  const setting = manifest.contributes.configuration.properties['iamIrsa.checks'];
  assert.deepEqual(Object.keys(setting.properties).sort(), Object.keys(CHECKS).sort());
  assert.equal(setting.additionalProperties, false);
});

interface Example {
  readonly language: string;
  readonly options: readonly string[];
  readonly text: string;
}

/** The fenced blocks of a section (up to the next heading): one file each. */
function examples(page: string, heading: string): Example[] {
  const at = page.indexOf(`\n${heading}\n`);
  if (at < 0) return [];
  const rest = page.slice(at + heading.length + 2);
  const section = rest.slice(0, rest.search(/\n## /) < 0 ? undefined : rest.search(/\n## /));
  return [...section.matchAll(/```([^\n]*)\n([\s\S]*?)\n```/g)].map((m) => {
    const [language, ...options] = m[1].trim().split(/\s+/);
    return { language, options, text: m[2] };
  });
}

const EXTENSION: Record<string, string> = { json: 'json', yaml: 'yaml', sh: 'sh', hcl: 'tf', terraform: 'tf' };

/**
 * The codes a section's example gets. One block is one document (```json kind=trust pins its
 * kind); several blocks, or blocks naming their file (```yaml file=service-accounts.yaml), make a
 * workspace whose every file is checked, for the cross-file codes.
 */
async function codesOf(blocks: readonly Example[]): Promise<string[]> {
  const option = (block: Example, name: string) => block.options.find((o) => o.startsWith(`${name}=`))?.slice(name.length + 1);
  if (blocks.length === 1 && !option(blocks[0], 'file')) {
    const kind = option(blocks[0], 'kind') as PolicyKind | undefined;
    const settings = kind ? { policyKinds: { '**/*': kind } } : {};
    return (await validate(blocks[0].text, blocks[0].language === 'yaml' ? 'yaml' : 'json', settings)).map((d) => String(d.code));
  }
  const files = Object.fromEntries(blocks.map((b, i) => [option(b, 'file') ?? `example-${i}.${EXTENSION[b.language] ?? b.language}`, b.text]));
  const workspace = await TestWorkspace.of(files);
  return Object.keys(files).flatMap((file) => workspace.validate(file).map((d) => String(d.code)));
}

test("each page's Bad example gets its code from the engine, and its Good example does not", async () => {
  const problems: string[] = [];
  for (const code of Object.keys(CHECKS)) {
    if (!existsSync(path.join(DOCS, `${code}.md`))) continue; // a missing page fails the first test
    const page = readFileSync(path.join(DOCS, `${code}.md`), 'utf8');
    for (const [heading, expected] of [
      ['## Bad', true],
      ['## Good', false],
    ] as const) {
      const blocks = examples(page, heading);
      if (blocks.length === 0) {
        problems.push(`${code}: no example under ${heading}`);
        continue;
      }
      const codes = await codesOf(blocks);
      if (codes.includes(code) !== expected)
        problems.push(`${code}: the ${heading.slice(3)} example ${expected ? 'does not get' : 'gets'} ${code} (it gets ${codes.join(', ') || 'nothing'})`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the manifest contributes exactly the settings the service reads, besides the client trace', () => {
  const manifest = JSON.parse(readFileSync(path.resolve(DOCS, '..', '..', 'package.json'), 'utf8'));
  const contributed = Object.keys(manifest.contributes.configuration.properties).filter((k) => k !== 'iamIrsa.trace.server');
  assert.deepEqual(contributed.map((k) => k.replace(/^iamIrsa\./, '')).sort(), Object.keys(DEFAULT_SETTINGS).sort());
});
