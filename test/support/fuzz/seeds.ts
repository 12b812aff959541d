import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { languageIdOf } from '../../../server/src/service';
import { managedPolicies } from '../corpus';

/** A document the fuzzer starts from: its place in the fuzzed workspace, its language and text. */
export interface Seed {
  readonly file: string;
  readonly languageId: string;
  readonly text: string;
}

export const REPO = path.resolve(__dirname, '..', '..', '..', '..');

const FENCE_EXTENSION: Record<string, string> = { json: 'json', yaml: 'yaml', sh: 'sh', bash: 'sh', hcl: 'tf', terraform: 'tf' };

/** The examples, the seed policies, and every example of the check pages: the shapes users write. */
export function exampleSeeds(): Seed[] {
  const seeds: Seed[] = [];
  const walk = (folder: string, prefix: string) => {
    for (const name of readdirSync(folder).sort()) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else if (languageIdOf(name)) seeds.push({ file: `${prefix}${name}`, languageId: languageIdOf(name)!, text: readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(REPO, 'examples'), 'examples/');
  walk(path.join(REPO, 'test', 'fixtures', 'seeds'), 'seeds/');
  const pages = path.join(REPO, 'docs', 'checks');
  for (const page of readdirSync(pages).sort()) {
    const text = readFileSync(path.join(pages, page), 'utf8');
    let n = 0;
    for (const match of text.matchAll(/```(\w+)[^\n]*\n([\s\S]*?)\n```/g)) {
      const extension = FENCE_EXTENSION[match[1]];
      if (extension) seeds.push({ file: `docs/${page.replace(/\.md$/, '')}-${n++}.${extension}`, languageId: languageIdOf(`x.${extension}`)!, text: match[2] });
    }
  }
  return seeds;
}

/** Every `step`-th AWS managed policy (test/support/corpus.ts fetches the corpus once). */
export function corpusSeeds(step: number): Seed[] {
  return managedPolicies()
    .filter((_, i) => i % step === 0)
    .map((p) => ({ file: `corpus/${p.name}.json`, languageId: 'json', text: p.text }));
}
