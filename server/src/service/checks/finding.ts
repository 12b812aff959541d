import { OffsetRange } from '../parse/range';
import { CheckCode } from './registry';

/** What a quick fix needs: the text to put in place of the finding's range (or of `range`). */
export interface FixData {
  readonly replacements?: readonly string[];
  readonly range?: OffsetRange;
}

/** A check's result before it becomes an LSP diagnostic: offsets, not positions. */
export interface Finding extends OffsetRange {
  readonly code: CheckCode;
  readonly message: string;
  readonly data?: FixData;
}
