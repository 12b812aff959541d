/**
 * Gate 2, fault injection: each fault kind is injected, one fault at a time, into 200 AWS managed
 * policies (a seeded, deterministic choice among those it applies to). The expected code must be
 * reported on the faulty token (the diagnostic's range lies within or overlaps it and stays on its
 * lines; for a missing element, on the opening brace of its object) in at least 99% of all cases,
 * and of each kind's cases, so that one family's gap is not averaged away by the others.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { Catalog, LanguageService, loadCatalog } from '../../server/src/service';
import { ManagedPolicy, managedPolicies } from '../support/corpus';
import { document, service } from '../support/service';
import { FaultKind, faultKinds } from './faults';
import { onTarget, random, shuffled } from './inject';

const SEED = 'iam-irsa/corpus/1';
/** Policies per fault kind. */
const SAMPLE = 200;
const MIN_POLICIES = 200;
const MIN_HIT_RATE = 0.99;
/** Misses shown per kind. */
const SHOWN = 4;

/** The settings that pin every document under /corpus/identity/ to the identity kind. */
const PINNED = { policyKinds: { '/corpus/identity/**': 'identity' as const } };

interface Outcome {
  readonly policy: string;
  readonly description: string;
  readonly hit: boolean;
  /** For a miss: what the engine said on the faulty token and where the expected code went. */
  readonly instead: string;
}

function position(doc: TextDocument, d: Diagnostic): string {
  const text = doc.getText(d.range);
  return `${d.range.start.line + 1}:${d.range.start.character + 1} ${JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text)}`;
}

/** Milliseconds spent in the engine (validate), apart from injecting. */
let engineMs = 0;

function runKind(kind: FaultKind, policies: readonly ManagedPolicy[], svc: LanguageService): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const policy of shuffled(random(`${SEED}:${kind.id}`), policies)) {
    if (outcomes.length >= SAMPLE) break;
    const injection = kind.inject(policy.text, `${SEED}:${kind.id}:${policy.name}`);
    if (!injection) continue;
    const uri = `file:///corpus/${kind.pinIdentity ? 'identity' : 'faults'}/${policy.name}.json`;
    const doc = document(injection.text, 'json', uri);
    const started = performance.now();
    const diagnostics = svc.validate(doc);
    engineMs += performance.now() - started;
    svc.close(uri);
    const hit = diagnostics.some((d) => d.code === kind.expect && onTarget(doc, d, injection.target));
    let instead = '';
    if (!hit) {
      const there = diagnostics.filter((d) => onTarget(doc, d, injection.target)).map((d) => String(d.code));
      const elsewhere = diagnostics.filter((d) => d.code === kind.expect).map((d) => position(doc, d));
      const token = injection.text.slice(injection.target.start, injection.target.end);
      instead =
        `on the token «${token}»: ${[...new Set(there)].join(', ') || 'nothing'}` +
        (elsewhere.length ? `; ${kind.expect} elsewhere at ${elsewhere.slice(0, 2).join(', ')}` : `; no ${kind.expect} anywhere`);
    }
    outcomes.push({ policy: policy.name, description: injection.description, hit, instead });
  }
  return outcomes;
}

const percent = (hits: number, total: number, digits = 1) => `${((100 * hits) / Math.max(total, 1)).toFixed(digits)}%`;

describe('fault injection into AWS managed policies (gate 2)', () => {
  let policies: ManagedPolicy[];
  let svc: LanguageService;
  let pinned: LanguageService;
  const results = new Map<string, { kind: FaultKind; outcomes: Outcome[] }>();

  before(async () => {
    policies = managedPolicies();
    svc = await service();
    pinned = await service(PINNED);
    catalog = await loadCatalog();
  });

  let catalog: Catalog;
  const kinds = faultKinds(() => catalog);

  for (const kind of kinds) {
    test(`${kind.id}: ${kind.title} → ${kind.expect}`, (t) => {
      const outcomes = runKind(kind, policies, kind.pinIdentity ? pinned : svc);
      results.set(kind.id, { kind, outcomes });
      const hits = outcomes.filter((o) => o.hit).length;
      t.diagnostic(`${kind.id}: ${hits}/${outcomes.length} hit (${percent(hits, outcomes.length)})`);
      const misses = outcomes.filter((o) => !o.hit);
      for (const miss of misses.slice(0, SHOWN)) t.diagnostic(`  miss ${miss.policy}: ${miss.description} — ${miss.instead}`);
      assert.ok(outcomes.length >= MIN_POLICIES, `the fault applies to only ${outcomes.length} policies (at least ${MIN_POLICIES} needed)`);
      assert.ok(
        hits >= MIN_HIT_RATE * outcomes.length,
        `${kind.expect} on the faulty token in ${hits}/${outcomes.length} (${percent(hits, outcomes.length)}), below ${100 * MIN_HIT_RATE}%; first misses:\n` +
          misses
            .slice(0, SHOWN)
            .map((m) => `  ${m.policy}: ${m.description} — ${m.instead}`)
            .join('\n'),
      );
    });
  }

  test(`overall: the expected code on the faulty token in at least ${100 * MIN_HIT_RATE}% of all injected faults`, (t) => {
    let hits = 0;
    let total = 0;
    const lines: string[] = [];
    for (const { kind, outcomes } of results.values()) {
      const kindHits = outcomes.filter((o) => o.hit).length;
      hits += kindHits;
      total += outcomes.length;
      lines.push(
        `${kind.id.padEnd(26)} ${kind.expect.padEnd(32)} ${String(kindHits).padStart(4)}/${String(outcomes.length).padEnd(4)} ${percent(kindHits, outcomes.length).padStart(6)}`,
      );
    }
    const line =
      `fault injection: ${results.size} kinds, ${total} injected faults, ${hits} hit (${percent(hits, total, 2)}); ` +
      `engine ${(engineMs / 1000).toFixed(1)} s (${(engineMs / Math.max(total, 1)).toFixed(1)} ms a policy)`;
    console.log([line, ...lines].join('\n'));
    t.diagnostic(line);
    assert.equal(results.size, kinds.length, 'every fault kind ran');
    assert.ok(hits >= MIN_HIT_RATE * total, `${line}, below ${100 * MIN_HIT_RATE}%`);
  });
});
