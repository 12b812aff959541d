/** A half-open span of character offsets into a document's text. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

export function rangeOf(node: { offset: number; length: number }): OffsetRange {
  return { start: node.offset, end: node.offset + node.length };
}
