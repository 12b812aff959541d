import { OffsetRange } from '../parse/range';
import { CheckCode, Severity } from './registry';

/**
 * What a quick fix needs, carried in the diagnostic's `data`: replacement texts for the finding's
 * range (or for `range` when another span is to be replaced), best first. Families add their own
 * fields (documented where they set them) for fixes that do more than replace text.
 */
export interface FixData {
  readonly replacements?: readonly string[];
  readonly range?: OffsetRange;
  readonly [extra: string]: unknown;
}

/** Another place a finding is about (the trust policy, the role definition), shown as related information. */
export interface RelatedFact {
  readonly uri: string;
  /** Offsets in that file. */
  readonly range: OffsetRange;
  readonly message: string;
}

/** A check's result before it becomes an LSP diagnostic: offsets, not positions. */
export interface Finding extends OffsetRange {
  readonly code: CheckCode;
  readonly message: string;
  readonly data?: FixData;
  /**
   * For the few codes whose findings differ in weight (CHECKS.md "Error/Warning"): this finding's
   * severity instead of the code's default. A user's setting for the code still wins.
   */
  readonly severity?: Severity;
  readonly related?: readonly RelatedFact[];
}
