// The documents the latency figures are taken on, each with the places the bench types, completes
// and hovers at, found in the parsed document (jsonc-parser, yaml), as an editor user would pick them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseTree } from 'jsonc-parser';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import { policyOfSize } from './policies.mjs';
import { serviceAccount } from './workspace.mjs';

/** AWS's managed policy size quota (characters, whitespace aside): the largest a managed policy gets. */
const MANAGED_POLICY_QUOTA = 6144;

/**
 * The benchmark's documents, in groups: a group's samples are pooled into one row. `large` marks the
 * group whose parse garbage sets the memory high-water mark. `managed` is the corpus of AWS managed
 * policies ({name, text}).
 */
export function benchDocuments(root, managed) {
  const seeds = [
    ...filesIn(join(root, 'test/fixtures/seeds')).map((path) => ({ path, from: root })),
    ...filesIn(join(root, 'examples')).map((path) => ({ path, from: root })),
  ];
  const read = (languageId) =>
    seeds.filter((s) => languageIdOf(s.path) === languageId).map((s) => ({ name: relative(s.from, s.path), languageId, text: readFileSync(s.path, 'utf8') }));
  const json = read('json');
  const yaml = read('yaml');
  const atQuota = nearestToQuota(managed);
  const quotaSize = JSON.stringify(JSON.parse(atQuota.text)).length.toLocaleString('en');
  const groups = [
    { label: `seed and example JSON (${json.length} files)`, documents: json },
    { label: `example YAML (${yaml.length} files)`, documents: yaml },
    ...[20, 100, 1000].map((n) => ({
      label: `policy, ${n.toLocaleString('en')} statements`,
      // Also typed inside a name: a letter of an action, and of a condition key, erased and typed back.
      typingInside: true,
      documents: [{ name: `policy-${n}.json`, languageId: 'json', text: policyOfSize(n) }],
    })),
    {
      label: `managed policy, ${quotaSize} characters unspaced (${atQuota.name})`,
      documents: [{ name: `${atQuota.name}.json`, languageId: 'json', text: atQuota.text }],
    },
    { label: '1 MB JSON (data, not a policy)', large: true, documents: [{ name: 'inventory.json', languageId: 'json', text: dataJson(1 << 20) }] },
    ...[1, 10, 100].map((n) => ({
      label: `ServiceAccounts, ${n} document${n > 1 ? 's' : ''}`,
      documents: [{ name: `service-accounts-${n}.yaml`, languageId: 'yaml', text: serviceAccounts(n) }],
    })),
  ];
  for (const group of groups) for (const document of group.documents) document.places = placesIn(document);
  return groups;
}

function filesIn(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

function languageIdOf(path) {
  return path.endsWith('.json') ? 'json' : /\.ya?ml$/.test(path) ? 'yaml' : undefined;
}

/** The managed policy whose size (whitespace aside) is nearest AWS's quota. */
function nearestToQuota(managed) {
  const size = (p) => JSON.stringify(JSON.parse(p.text)).length;
  return managed.reduce((best, p) => (Math.abs(size(p) - MANAGED_POLICY_QUOTA) < Math.abs(size(best) - MANAGED_POLICY_QUOTA) ? p : best));
}

/** A JSON file of about `bytes` that is no policy: an inventory of tagged resources. */
function dataJson(bytes) {
  const items = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const item = {
      id: `i-${String(i).padStart(8, '0')}`,
      name: `host-${i}`,
      enabled: i % 3 !== 0,
      size: (i * 37) % 1000,
      tags: { team: `team-${i % 50}`, env: ['dev', 'staging', 'prod'][i % 3] },
      ports: [80, 443, 8000 + (i % 100)],
    };
    items.push(item);
    length += JSON.stringify(item, null, 2).length + 4;
  }
  return JSON.stringify({ generated: '2024-01-01T00:00:00Z', items }, null, 2);
}

function serviceAccounts(n) {
  return Array.from({ length: n }, (_, i) => serviceAccount(`team-${i % 10}`, `app-${i}`, `AppRole${i}`)).join('---\n');
}

/**
 * Where the bench types (the end of a string value that holds a resource, a role ARN or a name),
 * completes (after `prefix:` and three letters of an action, or inside an annotation key) and hovers
 * (on that action or key).
 */
function placesIn(document) {
  const pairs = document.languageId === 'json' ? jsonPairs(document.text) : yamlPairs(document.text);
  const first = (keys, pick) => {
    for (const key of keys) {
      const found = pairs.find((p) => p.key === key && pick(p) !== undefined);
      if (found) return pick(found);
    }
    return pick(pairs.find((p) => pick(p) !== undefined) ?? pairs[0]);
  };
  const valueEnd = (p) => p.value?.end;
  const typing = first(['eks.amazonaws.com/role-arn', 'Resource', 'Federated', 'namespace', 'name'], valueEnd);
  const action = pairs.find((p) => (p.key === 'Action' || p.key === 'NotAction') && p.value?.text.includes(':'));
  if (action) {
    const colon = action.value.start + action.value.text.indexOf(':') + 1;
    // The last letter of the first action name, and of the first condition key: erased and typed back by the bench.
    const key = pairs.find((p) => /^[a-z0-9-]+:[A-Za-z]+$/.test(p.key) && p.value);
    // The end of the first EC2 action (826 actions to rank): where a new name is typed a letter at a time.
    const ec2 = /"ec2:[A-Za-z]+"/.exec(document.text);
    const inside = {
      action: action.value.end - 1,
      conditionKey: key ? key.keyStart + key.key.length - 1 : undefined,
      newName: ec2 ? ec2.index + ec2[0].length - 1 : undefined,
    };
    return { typing, completion: Math.min(colon + 3, action.value.end), hover: colon + 1, inside };
  }
  const annotation = pairs.find((p) => p.key.startsWith('eks.amazonaws.com/')) ?? pairs[0];
  return { typing, completion: annotation.keyStart + annotation.key.indexOf('/') + 1, hover: annotation.keyStart + 2 };
}

/** Every object property of a JSON text, in order: its key and the first string inside its value. */
function jsonPairs(text) {
  const pairs = [];
  const firstString = (node) => (node.type === 'string' ? node : (node.children ?? []).map(firstString).find(Boolean));
  const walk = (node) => {
    if (node.type === 'property') {
      const [key, value] = node.children;
      const string = value && firstString(value);
      pairs.push({
        key: key.value,
        keyStart: key.offset + 1,
        value: string && { text: string.value, start: string.offset + 1, end: string.offset + string.length - 1 },
      });
    }
    for (const child of node.children ?? []) walk(child);
  };
  const root = parseTree(text);
  if (root) walk(root);
  return pairs;
}

/** Every mapping pair of a YAML text, in order: its key and the first string scalar inside its value. */
function yamlPairs(text) {
  const pairs = [];
  const firstString = (node) => {
    if (isScalar(node)) return typeof node.value === 'string' ? node : undefined;
    if (isMap(node)) return node.items.map((p) => firstString(p.value)).find(Boolean);
    if (isSeq(node)) return node.items.map(firstString).find(Boolean);
    return undefined;
  };
  for (const doc of parseAllDocuments(text)) {
    visit(doc, {
      Pair(_, pair) {
        if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) return;
        const string = firstString(pair.value);
        const quoted = string && (string.type === 'QUOTE_DOUBLE' || string.type === 'QUOTE_SINGLE') ? 1 : 0;
        pairs.push({
          key: String(pair.key.value),
          keyStart: pair.key.range[0],
          value: string?.range && { text: string.value, start: string.range[0] + quoted, end: string.range[1] - quoted },
        });
      },
    });
  }
  return pairs;
}
