/**
 * The text a snippet body (VS Code / TextMate snippet syntax) inserts when every placeholder keeps
 * its default: `${1:default}` and a later `${1}` mirror give `default`, `${1|a,b|}` gives `a`, `$0`
 * nothing, `\$` a dollar. What the user gets by pressing Tab through a snippet.
 */
export function snippetDefaultText(body: string): string {
  const parsed = new SnippetParser(body).parse(false);
  const defaults = new Map<string, string>();
  collectDefaults(parsed, defaults);
  return render(parsed, defaults);
}

type Part = string | { readonly tabstop: string; readonly children: readonly Part[] | undefined; readonly choice?: string };

function collectDefaults(parts: readonly Part[], defaults: Map<string, string>): void {
  for (const part of parts) {
    if (typeof part === 'string') continue;
    if (part.children) collectDefaults(part.children, defaults);
    // The first placeholder with content gives the default of its mirrors, before or after it.
    if (!defaults.has(part.tabstop) && (part.choice !== undefined || part.children))
      defaults.set(part.tabstop, part.choice ?? render(part.children!, defaults));
  }
}

function render(parts: readonly Part[], defaults: Map<string, string>): string {
  return parts.map((part) => (typeof part === 'string' ? part : (defaults.get(part.tabstop) ?? ''))).join('');
}

class SnippetParser {
  private at = 0;

  constructor(private readonly body: string) {}

  /** Reads parts up to the end, or up to the `}` closing the placeholder being read. */
  parse(inPlaceholder: boolean): Part[] {
    const parts: Part[] = [];
    let text = '';
    while (this.at < this.body.length) {
      const ch = this.body[this.at];
      if (ch === '\\' && '$}\\'.includes(this.body[this.at + 1] ?? '')) {
        text += this.body[this.at + 1];
        this.at += 2;
      } else if (ch === '}' && inPlaceholder) {
        break;
      } else if (ch === '$') {
        const part = this.dollar();
        if (typeof part === 'string') text += part;
        else {
          if (text) parts.push(text);
          text = '';
          parts.push(part);
        }
      } else {
        text += ch;
        this.at++;
      }
    }
    if (text) parts.push(text);
    return parts;
  }

  /** `$1`, `$name`, `${1}`, `${1:…}`, `${1|a,b|}`, `${name:…}`; a lone `$` is text. */
  private dollar(): Part {
    const simple = /^\$(\d+|[A-Za-z_]\w*)/.exec(this.body.slice(this.at));
    if (simple) {
      this.at += simple[0].length;
      return { tabstop: simple[1], children: undefined };
    }
    const open = /^\$\{(\d+|[A-Za-z_]\w*)([:|}])/.exec(this.body.slice(this.at));
    if (!open) {
      this.at++;
      return '$';
    }
    this.at += open[0].length;
    const [, tabstop, kind] = open;
    if (kind === '}') return { tabstop, children: undefined };
    if (kind === '|') {
      const end = this.body.indexOf('|}', this.at);
      const options = this.body.slice(this.at, end < 0 ? undefined : end);
      this.at = end < 0 ? this.body.length : end + 2;
      return { tabstop, children: undefined, choice: options.split(/(?<!\\),/)[0].replace(/\\([,|\\])/g, '$1') };
    }
    const children = this.parse(true);
    this.at++; // the closing brace
    return { tabstop, children };
  }
}
