// Open, keystroke, keystroke → completion and hover latencies of every bench document, over stdio
// in our server and in the peer for its language, beside the parse floor, the same floor over stdio (a
// server that only parses: peers/parse-floor-server.mjs) and our service in-process.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from './parsers.mjs';
import { Editor } from './servers.mjs';
import { timed } from './stats.mjs';

/** Samples per keystroke figure and run: a p50 over 3 runs of 10 moved by half between runs on a loaded machine. */
const KEYSTROKES = 40;
/** A new name is typed this many letters long, then erased, and typed again with other letters: names stay realistic. */
const NEW_NAME_LETTERS = 10;
const COMPLETIONS = 5;
const HOVERS = 5;
const TYPED = 'abcdefghijklmnopqrstuvwxyz';

const peerOf = { json: 'json', yaml: 'yaml' };

/** Our service caches a document's parse by version: every in-process text gets a new one. */
let version = 1;

function sampled(work) {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/**
 * Writes the documents into `workspace` (policies in a folder per kind, which the JSON peer
 * validates against that kind's schema), runs `runs` rounds and adds the rows to `table`.
 * Returns the servers' memory high-water marks, and ours before the first large document.
 */
export async function measureLatency(table, { groups, runs, service, workspace }) {
  const schemaFolders = {};
  for (const document of groups.flatMap((g) => g.documents)) {
    const probe = TextDocument.create(`file:///probe/${document.name}`, document.languageId, 1, document.text);
    const kind = document.languageId === 'json' ? service.authoring(probe).policyKind : undefined;
    const folder = kind ? (schemaFolders[kind] = `schema-${kind}`) : 'no-schema';
    const path = join(workspace, folder, document.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, document.text);
    document.uri = pathToFileURL(path).toString();
  }
  const editors = {
    ours: await Editor.start('ours', workspace),
    json: await Editor.start('json', workspace, { schemaFolders }),
    yaml: await Editor.start('yaml', workspace),
    floor: await Editor.start('floor', workspace),
  };
  const figures = ['open', 'keystroke', 'action', 'conditionKey', 'newName', 'completion', 'hover', 'roundTrip'];
  const results = groups.map(() => Object.fromEntries(figures.map((f) => [f, { ours: [], peer: [], floorServer: [], floor: [], inProcess: [] }])));
  let beforeLarge;
  for (let run = 0; run < runs; run++) {
    for (const [g, group] of groups.entries()) {
      if (group.large && run === 0) beforeLarge = editors.ours.memoryHighWater();
      for (const document of group.documents) {
        const peer = editors[peerOf[document.languageId]];
        for (const [side, editor] of [
          ['ours', editors.ours],
          ['peer', peer],
          ['floorServer', editors.floor],
        ])
          await session(editor, document, results[g], side, group.typingInside, run);
        offline(document, results[g], service, group.typingInside, run);
      }
    }
  }
  const titles = {
    open: 'Open: didOpen → diagnostics (pull; the yaml peer pushes)',
    keystroke: 'Keystroke: didChange → diagnostics',
    action: 'Keystroke inside an action name (its last letter erased, then typed back): didChange → diagnostics',
    conditionKey: 'Keystroke inside a condition key (its last letter erased, then typed back): didChange → diagnostics',
    newName:
      "Typing on at the end of an EC2 action name (each keystroke a name never typed before: its did-you-mean ranked anew among EC2's 826 actions): didChange → diagnostics",
    completion: 'Keystroke → completion',
    hover: 'Hover',
    roundTrip: 'Diagnostics pulled again, nothing changed: the LSP round trip alone (pull servers only), for scale',
  };
  for (const figure of figures) {
    table.section(titles[figure]);
    for (const [g, group] of groups.entries()) {
      const r = results[g][figure];
      if (r.ours.length === 0) continue;
      table.latency(group.label, {
        ours: r.ours,
        peer: r.peer,
        peerName: editors[peerOf[group.documents[0].languageId]].name,
        floor: r.floor,
        floorServer: r.floorServer,
        inProcess: r.inProcess,
      });
    }
  }
  const memory = Object.fromEntries(Object.entries(editors).map(([kind, editor]) => [kind, editor.memoryHighWater()]));
  memory.oursBeforeLarge = beforeLarge;
  for (const editor of Object.values(editors)) await editor.stop();
  return memory;
}

/** One round on one document in one server: open, type, type and complete, hover, close. */
async function session(editor, document, results, side, typingInside, run) {
  const { uri, text, languageId, places } = document;
  const at = (offset, typed) => (offset >= places.typing ? offset + typed : offset);
  results.open[side].push((await editor.open(uri, text, languageId)).elapsed);
  // Inside a name first, while the text is as written: erase a letter, type it back, and again.
  for (const figure of typingInside ? ['action', 'conditionKey'] : []) {
    const offset = places.inside?.[figure];
    if (offset === undefined) continue;
    for (let i = 0; i < KEYSTROKES; i++) {
      results[figure][side].push(await (i % 2 === 0 ? editor.erase(uri, offset) : editor.type(uri, offset, text[offset])));
    }
  }
  const newName = typingInside ? places.inside?.newName : undefined;
  if (newName !== undefined) {
    for (const letters of newNames(run)) {
      let added = 0;
      for (const letter of letters) results.newName[side].push(await editor.type(uri, newName + added++, letter));
      // Back to the text as written (not measured: these names were typed before).
      for (let i = 0; i < letters.length; i++) await editor.erase(uri, newName);
    }
  }
  let typed = 0;
  for (let i = 0; i < KEYSTROKES; i++, typed++) results.keystroke[side].push(await editor.type(uri, places.typing + typed, TYPED[typed % TYPED.length]));
  for (let i = 0; i < COMPLETIONS; i++, typed++) {
    results.completion[side].push(await editor.typeAndComplete(uri, places.typing + typed, TYPED[typed % TYPED.length], at(places.completion, typed + 1)));
  }
  for (let i = 0; i < HOVERS; i++) results.hover[side].push(await editor.hover(uri, at(places.hover, typed)));
  if (editor.pull) for (let i = 0; i < KEYSTROKES; i++) results.roundTrip[side].push(await timed(() => editor.session.pull(uri)));
  await editor.close(uri);
}

/**
 * The names typed after an action name in run `run`, as their letters: a first letter of their own for each name
 * of each run (up to 26 names in all), so that no name repeats.
 */
function newNames(run) {
  const perRun = KEYSTROKES / NEW_NAME_LETTERS;
  return [...Array(perRun).keys()].map((n) => [...Array(NEW_NAME_LETTERS).keys()].map((i) => TYPED[(run * perRun + n + i * 5) % TYPED.length]));
}

/** The same texts parsed (the floor) and validated by our service in-process. */
function offline(document, results, service, typingInside, run) {
  const { uri, text, languageId, places } = document;
  const validate = (current) => sampled(() => service.validate(TextDocument.create(uri, languageId, version++, current)));
  results.open.floor.push(sampled(() => parse[languageId](text)));
  // An open starts from nothing: a URI of its own, closed after (under `uri`, the statements' findings of the last
  // version would be taken over, as for an edit).
  const opened = `${uri}.open-${version}`;
  results.open.inProcess.push(sampled(() => service.validate(TextDocument.create(opened, languageId, version++, text))));
  service.close(opened);
  for (const figure of typingInside ? ['action', 'conditionKey'] : []) {
    const offset = places.inside?.[figure];
    if (offset === undefined) continue;
    for (let i = 0; i < KEYSTROKES; i++) {
      const current = i % 2 === 0 ? text.slice(0, offset) + text.slice(offset + 1) : text;
      results[figure].floor.push(sampled(() => parse[languageId](current)));
      results[figure].inProcess.push(validate(current));
    }
  }
  const newName = typingInside ? places.inside?.newName : undefined;
  if (newName !== undefined) {
    for (const letters of newNames(run)) {
      for (let typed = 1; typed <= letters.length; typed++) {
        const current = text.slice(0, newName) + letters.slice(0, typed).join('') + text.slice(newName);
        results.newName.floor.push(sampled(() => parse[languageId](current)));
        results.newName.inProcess.push(validate(current));
      }
    }
  }
  for (let typed = 1; typed <= KEYSTROKES; typed++) {
    const current = text.slice(0, places.typing) + [...Array(typed).keys()].map((i) => TYPED[i % TYPED.length]).join('') + text.slice(places.typing);
    results.keystroke.floor.push(sampled(() => parse[languageId](current)));
    results.keystroke.inProcess.push(validate(current));
  }
}
