import { Hover, MarkupKind } from 'vscode-languageserver-types';
import { OffsetRange } from '../parse/range';
import { AuthoringContext } from './context';

/** Text as a Markdown code span, whatever backticks it holds. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = fence.length > 1 ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** `a, b and 3 more`: the first `max` items as code spans. */
export function codeList(items: readonly string[], max: number): string {
  const shown = items.slice(0, max).map(code).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** A link whose URL is safe inside Markdown's parentheses. */
export function link(label: string, url: string): string {
  return `[${label}](${url.replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29')).replace(/ /g, '%20')})`;
}

/** A Markdown hover over a span of the document: paragraphs joined by blank lines. */
export function markdownHover(context: AuthoringContext, range: OffsetRange, paragraphs: readonly string[]): Hover {
  const { document } = context;
  return {
    contents: { kind: MarkupKind.Markdown, value: paragraphs.join('\n\n') },
    range: { start: document.positionAt(range.start), end: document.positionAt(range.end) },
  };
}
