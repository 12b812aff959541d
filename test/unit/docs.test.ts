import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CHECKS } from '../../server/src/service';

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
