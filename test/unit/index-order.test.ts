import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signatureOf } from '../../server/src/service/workspace/index';
import { Random } from '../support/editSession';
import { sessionFiles } from '../support/sessionWorkspace';
import { TestWorkspace } from '../support/workspace';

/**
 * The session workspace, with a script that names a policy without principals as Team4Role's trust
 * and a trust policy as Team5Role's permissions: the kinds other files give these two files.
 */
function files(): Record<string, string> {
  const all = sessionFiles();
  all['iam/create-roles.sh'] = all['iam/create-roles.sh']
    .replace('--assume-role-policy-document file://trust-team-4.json', '--assume-role-policy-document file://policy-team-4.json')
    .replace('--policy-document file://policy-team-5.json', '--policy-document file://trust-team-5.json');
  return all;
}

/** The same files, read in another order. */
function reordered(all: Record<string, string>, order: (names: string[]) => string[]): Record<string, string> {
  return Object.fromEntries(order(Object.keys(all)).map((name) => [name, all[name]]));
}

async function seen(workspace: Record<string, string>) {
  const ws = await TestWorkspace.of(workspace);
  const names = Object.keys(workspace).sort();
  const facts = Object.fromEntries(
    names.map((name) => {
      const file = ws.service.index.get(ws.uri(name));
      return [name, file && signatureOf(file)];
    }),
  );
  const diagnostics = Object.fromEntries(
    names.map((name) => [name, ws.validate(name).map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`)]),
  );
  return { facts, diagnostics };
}

test('what the index records of each file, and so every diagnostic, does not depend on the order the files were read in', async () => {
  const all = files();
  const script = (names: string[]) => ['iam/create-roles.sh', ...names.filter((n) => n !== 'iam/create-roles.sh')];
  const scriptLast = (names: string[]) => [...names.filter((n) => n !== 'iam/create-roles.sh'), 'iam/create-roles.sh'];
  const random = new Random(6);
  const shuffled = (names: string[]) =>
    names
      .map((name) => ({ name, key: random.next() }))
      .sort((a, b) => a.key - b.key)
      .map((e) => e.name);
  const first = await seen(reordered(all, script));
  for (const [how, order] of [
    ['the script last', scriptLast],
    ['shuffled', shuffled],
  ] as const) {
    const other = await seen(reordered(all, order));
    assert.deepEqual(other.facts, first.facts, `facts with ${how}`);
    assert.deepEqual(other.diagnostics, first.diagnostics, `diagnostics with ${how}`);
  }
  // The script's naming still counts where it should: the permission-less "trust" is checked as one.
  assert.ok(
    first.diagnostics['iam/policy-team-4.json'].some((d) => d.startsWith('MISSING_PRINCIPAL')),
    first.diagnostics['iam/policy-team-4.json'].join('\n'),
  );
});
