import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, Range, TextEdit } from 'vscode-languageserver-types';
import { CHECKS, createLanguageService, DEFAULT_SETTINGS, FIX_ALL_KIND, LanguageService, loadResources, SERVER_COMMANDS } from '../../../server/src/service';
import { randomManifests, randomPolicy } from './generate';
import { checkInside, Violation } from './invariants';
import { garbled, mutate } from './mutate';
import { Random } from './random';
import { corpusSeeds, exampleSeeds, Seed } from './seeds';

export interface FuzzOptions {
  readonly seed: number;
  /** How many cases to run at most. */
  readonly cases: number;
  /** Stop starting new cases after this long. */
  readonly timeMs?: number;
  /** Also mutate every `corpusStep`-th AWS managed policy (0: none). */
  readonly corpusStep?: number;
  /** Run this case alone (to replay a failure). */
  readonly onlyCase?: number;
}

/** One fuzzed document: where it came from and what was done to it, enough to replay it. */
export interface FuzzCase {
  readonly index: number;
  readonly file: string;
  readonly languageId: string;
  readonly steps: readonly string[];
  readonly text: string;
  /** The text it was mutated from (the previous version, in an editor). */
  readonly before?: string;
}

export interface SlowCall {
  readonly op: string;
  readonly ms: number;
  readonly case: number;
  readonly file: string;
  readonly length: number;
  readonly steps: readonly string[];
}

export interface FuzzSummary {
  readonly cases: number;
  readonly calls: number;
  readonly ms: number;
  /** The slowest calls, slowest first. */
  readonly slowest: readonly SlowCall[];
}

/** A call that threw, or returned something out of its document. */
export class FuzzFailure extends Error {
  constructor(
    readonly fuzzCase: FuzzCase,
    readonly op: string,
    readonly reason: unknown,
  ) {
    super(
      `case ${fuzzCase.index} (${fuzzCase.file}, ${fuzzCase.steps.join(' + ') || 'generated'}): ${op} ${reason instanceof Violation ? 'returned' : 'threw'} ${shortened(reason)}`,
    );
  }
}

/** An error as a few lines: messages quoting a mutated document can run to megabytes. */
function shortened(reason: unknown): string {
  const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
  return text
    .split('\n')
    .slice(0, 12)
    .map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line))
    .join('\n');
}

const ROOT = 'file:///fuzz/';
const SLOWEST_KEPT = 10;

/**
 * Mutated and generated documents through the service in-process, every feature at random places:
 * no call may throw, every range returned must lie inside its document. Cases are seeded one by one
 * (`Random.forCase`), so any case replays alone.
 */
export async function runFuzz(options: FuzzOptions, onCase?: (fuzzCase: FuzzCase) => void): Promise<FuzzSummary> {
  const started = performance.now();
  const service = createLanguageService(await loadResources(), DEFAULT_SETTINGS);
  const workspace = exampleSeeds();
  const seeds = [...workspace, ...(options.corpusStep ? corpusSeeds(options.corpusStep) : [])];
  const donors = seeds.map((s) => s.text);
  const originals = new Map<string, TextDocument>();
  for (const seed of workspace) {
    const uri = ROOT + seed.file;
    originals.set(uri, TextDocument.create(uri, seed.languageId, 0, seed.text));
    service.indexFile(uri, seed.languageId, seed.text);
  }
  const slowest: SlowCall[] = [];
  let calls = 0;
  let cases = 0;
  let version = 1;
  const indices = options.onlyCase !== undefined ? [options.onlyCase] : Array.from({ length: options.cases }, (_, i) => i);
  for (const index of indices) {
    if (options.timeMs !== undefined && performance.now() - started > options.timeMs) break;
    const random = Random.forCase(options.seed, index);
    const fuzzCase = caseOf(index, random, seeds, donors);
    onCase?.(fuzzCase);
    const document = TextDocument.create(ROOT + fuzzCase.file, fuzzCase.languageId, version++, fuzzCase.text);
    const inside = (result: unknown, of: TextDocument, op: string) => checkInside(result, of, (uri) => originals.get(uri), op);
    const call = <T>(op: string, run: () => T, check: (result: T) => void = (result) => inside(result, document, op)): T => {
      const t = performance.now();
      let result: T;
      try {
        result = run();
        calls++;
        check(result);
      } catch (error) {
        throw new FuzzFailure(fuzzCase, op, error);
      }
      record(slowest, { op, ms: performance.now() - t, case: index, file: fuzzCase.file, length: fuzzCase.text.length, steps: fuzzCase.steps });
      return result;
    };
    if (fuzzCase.before !== undefined) {
      // The previous version first: the mutated one reuses its unchanged statements' findings, which must be a fresh run's.
      service.validate(TextDocument.create(document.uri, document.languageId, version++, fuzzCase.before));
      const edited = TextDocument.create(document.uri, document.languageId, version++, fuzzCase.text);
      const reused = call('validate after the previous version', () => service.validate(edited));
      service.close(document.uri);
      call(
        'validate after the previous version',
        () => service.validate(edited),
        (fresh) => sameDiagnostics(reused, fresh),
      );
    }
    exercise(service, document, random, call, inside);
    // The editor closes the document: the disk's text is what the workspace has again.
    const original = originals.get(document.uri);
    if (original) service.indexFile(document.uri, original.languageId, original.getText());
    else service.removeFile(document.uri);
    service.close(document.uri);
    cases++;
  }
  return { cases, calls, ms: performance.now() - started, slowest };
}

function caseOf(index: number, random: Random, seeds: readonly Seed[], donors: readonly string[]): FuzzCase {
  const roll = random.next();
  if (roll < 0.1) return { index, ...randomPolicy(random, index), steps: [] };
  if (roll < 0.15) return { index, ...randomManifests(random, index), steps: [] };
  const seed = roll < 0.25 ? (random.chance(0.5) ? randomPolicy(random, index) : randomManifests(random, index)) : random.pick(seeds);
  const { text, steps } = mutate(seed.text, random, donors);
  return { index, file: seed.file, languageId: seed.languageId, steps, text, before: seed.text };
}

function sameDiagnostics(reused: unknown, fresh: unknown): void {
  const [a, b] = [JSON.stringify(reused), JSON.stringify(fresh)];
  if (a !== b)
    throw new Violation(
      `the diagnostics reusing the previous version's differ from a fresh run's:\n  reused ${a.slice(0, 2000)}\n  fresh  ${b.slice(0, 2000)}`,
    );
}

type Call = <T>(op: string, run: () => T, check?: (result: T) => void) => T;

/** Every feature of the service on one document, at a few places chosen by `random`. */
function exercise(
  service: LanguageService,
  document: TextDocument,
  random: Random,
  call: Call,
  inside: (result: unknown, of: TextDocument, op: string) => void,
): void {
  const length = document.getText().length;
  const diagnostics = call(
    'validate',
    () => service.validate(document),
    (result) => {
      inside(result, document, 'validate');
      for (const d of result)
        if (!(String(d.code) in CHECKS) || !d.message) throw new Violation(`validate: a diagnostic without a known code or a message: ${JSON.stringify(d)}`);
    },
  );
  const offsets = [random.int(length + 1), random.int(length + 1), diagnostics.length ? document.offsetAt(random.pick(diagnostics).range.start) : length];
  for (const offset of offsets) {
    const position = document.positionAt(offset);
    const list = call('doComplete', () => service.doComplete(document, position));
    for (const item of list.items.slice(0, 2)) {
      if (random.chance(0.7)) call('resolveCompletion', () => service.resolveCompletion(item));
      // What a client garbled comes back as it was sent: only the absence of an exception is checked.
      else
        call(
          'resolveCompletion (garbled item)',
          () => service.resolveCompletion(garbled(item, random)),
          () => undefined,
        );
    }
    call('doHover', () => service.doHover(document, position));
    call('findDefinition', () => service.findDefinition(document, position));
    call('findReferences', () => service.findReferences(document, position, { includeDeclaration: random.chance(0.5) }));
  }
  const [a, b] = [random.int(length + 1), random.int(length + 1)].sort((x, y) => x - y);
  const range: Range = { start: document.positionAt(a), end: document.positionAt(b) };
  // A client sends back what it got, or (a buggy one) something else.
  const touching = diagnostics.filter((d) => document.offsetAt(d.range.end) >= a && document.offsetAt(d.range.start) <= b);
  const only = random.chance(0.3) ? [FIX_ALL_KIND] : undefined;
  const actions = call('getCodeActions', () => service.getCodeActions(document, range, touching, only));
  if (touching.length && random.chance(0.3)) {
    // The diagnostics an action cites are the client's own; its edits must still fit the document.
    const sent = touching.map((d) => (random.chance(0.5) ? garbled(d, random) : d));
    call(
      'getCodeActions (garbled diagnostics)',
      () => service.getCodeActions(document, range, sent, only),
      (result) =>
        inside(
          result.map((action) => action.edit),
          document,
          'getCodeActions (garbled diagnostics)',
        ),
    );
  }
  for (const action of actions.slice(0, 2)) {
    const edits = editsOf(action, document.uri);
    if (!edits.length) continue;
    const fixed = call(
      'applyEdits',
      () => TextDocument.create(document.uri, document.languageId, document.version + 1, TextDocument.applyEdits(document, edits)),
      () => undefined,
    );
    call(
      'validate (fixed)',
      () => service.validate(fixed),
      (result) => inside(result, fixed, 'validate (fixed)'),
    );
  }
  call('findCodeLenses', () => service.findCodeLenses(document));
  call('findDocumentLinks', () => service.findDocumentLinks(document));
  if (random.chance(0.1)) {
    const command = random.pick(SERVER_COMMANDS);
    call('executeCommand', () => service.executeCommand(document, command, [document.uri, { position: document.positionAt(random.int(length + 1)) }]));
  }
}

/** The edits an action makes to this document. */
function editsOf(action: CodeAction, uri: string): TextEdit[] {
  const edit = action.edit;
  if (!edit) return [];
  const fromChanges = edit.changes?.[uri] ?? [];
  const fromDocumentChanges = (edit.documentChanges ?? []).flatMap((change) =>
    'textDocument' in change && change.textDocument.uri === uri ? change.edits.filter((e): e is TextEdit => 'range' in e) : [],
  );
  return [...fromChanges, ...fromDocumentChanges];
}

function record(slowest: SlowCall[], call: SlowCall): void {
  if (slowest.length === SLOWEST_KEPT && call.ms <= slowest[SLOWEST_KEPT - 1].ms) return;
  slowest.push(call);
  slowest.sort((x, y) => y.ms - x.ms);
  slowest.length = Math.min(slowest.length, SLOWEST_KEPT);
}

export function describeSlowest(summary: FuzzSummary, count = 5): string {
  return summary.slowest
    .slice(0, count)
    .map((c) => `${c.ms.toFixed(0)} ms ${c.op} on case ${c.case} (${c.file}, ${c.length} chars, ${c.steps.join(' + ') || 'generated'})`)
    .join('\n');
}
