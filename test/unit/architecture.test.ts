import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as ts from 'typescript';

/**
 * The layering of docs/architecture.md, read from the sources' imports: which folder may import
 * which, no import cycle (type-only imports count), no source file over 400 lines.
 */

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SERVICE = 'server/src/service';
const MAX_LINES = 400;

/** Each layer and the layers it may import (its own always). Longest prefix wins. */
const LAYERS: readonly { readonly name: string; readonly folder: string; readonly mayImport: readonly string[] }[] = [
  { name: 'shared', folder: 'shared/', mayImport: [] },
  { name: 'client', folder: 'client/src/', mayImport: ['shared'] },
  { name: 'adapters', folder: 'server/src/', mayImport: ['face', 'shared'] },
  { name: 'face', folder: `${SERVICE}/`, mayImport: ['parse', 'catalog', 'workspace', 'evaluation', 'checks', 'features', 'shared'] },
  { name: 'parse', folder: `${SERVICE}/parse/`, mayImport: [] },
  { name: 'catalog', folder: `${SERVICE}/catalog/`, mayImport: ['parse'] },
  { name: 'workspace', folder: `${SERVICE}/workspace/`, mayImport: ['catalog', 'parse'] },
  { name: 'evaluation', folder: `${SERVICE}/evaluation/`, mayImport: ['workspace', 'catalog', 'parse'] },
  { name: 'checks', folder: `${SERVICE}/checks/`, mayImport: ['evaluation', 'workspace', 'catalog', 'parse'] },
  { name: 'features', folder: `${SERVICE}/features/`, mayImport: ['evaluation', 'workspace', 'catalog', 'parse', 'shared'] },
];

/** Imports allowed across layers beyond the table: the adapters use only the service's public face; features read finding types. */
const EXCEPTIONS: readonly { readonly from: string; readonly to: string }[] = [{ from: 'features', to: `${SERVICE}/checks/finding.ts` }];

function layerOf(file: string): string {
  if (file === `${SERVICE}/index.ts`) return 'face';
  const matches = LAYERS.filter((l) => file.startsWith(l.folder)).sort((a, b) => b.folder.length - a.folder.length);
  return matches[0]?.name ?? 'outside';
}

function sources(folder: string): string[] {
  const full = path.join(ROOT, folder);
  return readdirSync(full).flatMap((name) => {
    const relative = `${folder}/${name}`;
    if (statSync(path.join(ROOT, relative)).isDirectory()) return sources(relative);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [relative] : [];
  });
}

const FILES = ['shared', 'client/src', 'server/src'].flatMap(sources);

/** The repository files a source imports (relative imports only; packages are not layers). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles
    .map((i) => i.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => {
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), name));
      return [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => existsSync(path.join(ROOT, candidate))) ?? base;
    });
}

const GRAPH = new Map(FILES.map((file) => [file, importsOf(file)]));

test('each layer imports only the layers below it (docs/architecture.md)', () => {
  const wrong: string[] = [];
  for (const [file, imports] of GRAPH) {
    const from = layerOf(file);
    const allowed = new Set([from, ...(LAYERS.find((l) => l.name === from)?.mayImport ?? [])]);
    for (const target of imports) {
      if (!target.endsWith('.ts')) continue; // data (the snippets' JSON)
      const to = layerOf(target);
      if (allowed.has(to) && !(from === 'adapters' && to === 'face' && target.startsWith(`${SERVICE}/`) && target !== `${SERVICE}/index.ts`)) continue;
      if (EXCEPTIONS.some((e) => e.from === from && e.to === target)) continue;
      wrong.push(`${file} (${from}) imports ${target} (${to})`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('no import cycle between source files, type-only imports included', () => {
  // Tarjan's strongly connected components: any component of more than one file is a cycle.
  let counter = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    order.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const next of GRAPH.get(file) ?? []) {
      if (!GRAPH.has(next)) continue;
      if (!order.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, order.get(next)!));
      }
    }
    if (low.get(file) !== order.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (GRAPH.get(file) ?? []).includes(file)) cycles.push(component.sort());
  };
  for (const file of GRAPH.keys()) if (!order.has(file)) visit(file);
  assert.deepEqual(cycles, []);
});

test(`no source file over ${MAX_LINES} lines`, () => {
  const long = FILES.map((file) => ({ file, lines: readFileSync(path.join(ROOT, file), 'utf8').split('\n').length - 1 }))
    .filter((f) => f.lines > MAX_LINES)
    .map((f) => `${f.file}: ${f.lines} lines`);
  assert.deepEqual(long, []);
});

test('the rules see the whole tree: every layer has files, and the face is what the adapters import', () => {
  const counts = new Map<string, number>();
  for (const file of FILES) counts.set(layerOf(file), (counts.get(layerOf(file)) ?? 0) + 1);
  for (const layer of LAYERS) assert.ok((counts.get(layer.name) ?? 0) > 0, `no file in ${layer.name}`);
  assert.equal(counts.get('outside'), undefined);
  assert.ok(GRAPH.get('server/src/server.ts')!.includes(`${SERVICE}/index.ts`));
});
