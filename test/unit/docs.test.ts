import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CHECKS, DEFAULT_SETTINGS, PolicyKind } from '../../server/src/service';
import { validate } from '../support/service';

const DOCS = path.resolve(__dirname, '..', '..', '..', 'docs', 'checks');

test('every check code has a docs page with what, why, a bad and a good example', () => {
  for (const code of Object.keys(CHECKS)) {
    const page = readFileSync(path.join(DOCS, `${code}.md`), 'utf8');
    assert.match(page, new RegExp(`^# ${code}\\n`), code);
    for (const heading of ['## What', '## Why', '## Bad', '## Good']) assert.ok(page.includes(heading), `${code}: ${heading}`);
  }
});

test('no docs page for a code the engine does not have, and the index lists every code', () => {
  const pages = readdirSync(DOCS).filter((f) => f !== 'README.md').map((f) => f.replace(/\.md$/, ''));
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

/** The first fenced block after a heading: its info string (`json`, `json kind=trust`, `yaml`) and text. */
function example(page: string, heading: string): { info: string; text: string } | undefined {
  const at = page.indexOf(`\n${heading}\n`);
  if (at < 0) return undefined;
  const match = /```([^\n]*)\n([\s\S]*?)\n```/.exec(page.slice(at));
  return match ? { info: match[1].trim(), text: match[2] } : undefined;
}

test('each page\'s Bad example gets its code from the engine, and its Good example does not', async () => {
  const problems: string[] = [];
  for (const code of Object.keys(CHECKS)) {
    if (!existsSync(path.join(DOCS, `${code}.md`))) continue; // a missing page fails the first test
    const page = readFileSync(path.join(DOCS, `${code}.md`), 'utf8');
    for (const [heading, expected] of [['## Bad', true], ['## Good', false]] as const) {
      const block = example(page, heading);
      if (!block) {
        problems.push(`${code}: no example under ${heading}`);
        continue;
      }
      const [language, ...options] = block.info.split(/\s+/);
      const kind = options.find((o) => o.startsWith('kind='))?.slice(5) as PolicyKind | undefined;
      const settings = kind ? { policyKinds: { '**/*': kind } } : {};
      const codes = (await validate(block.text, language === 'yaml' ? 'yaml' : 'json', settings)).map((d) => d.code);
      if (codes.includes(code) !== expected) problems.push(`${code}: the ${heading.slice(3)} example ${expected ? 'does not get' : 'gets'} ${code} (it gets ${codes.join(', ') || 'nothing'})`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the manifest contributes exactly the settings the service reads, besides the client trace', () => {
  const manifest = JSON.parse(readFileSync(path.resolve(DOCS, '..', '..', 'package.json'), 'utf8'));
  const contributed = Object.keys(manifest.contributes.configuration.properties).filter((k) => k !== 'iamIrsa.trace.server');
  assert.deepEqual(contributed.map((k) => k.replace(/^iamIrsa\./, '')).sort(), Object.keys(DEFAULT_SETTINGS).sort());
});
