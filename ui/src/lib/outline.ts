// The post's outline: its headings as the editor's own markdown parser
// (lezer, GFM) reads them, and moving a heading's section — the heading
// and everything under it up to the next heading of its level or higher.
import { markdownLanguage } from '@codemirror/lang-markdown';

export type Heading = {
  level: number;
  text: string;
  /** 1-based line of the heading in the whole post. */
  line: number;
};

/** Where the body starts: after the `---` front-matter block, if any. */
function bodyStart(text: string): number {
  const open = /^---\r?\n/.exec(text);
  if (!open) return 0;
  const close = /\r?\n(---|\.\.\.)[ \t]*(\r?\n|$)/g;
  close.lastIndex = open[0].length - 1;
  const m = close.exec(text);
  return m ? m.index + m[0].length : 0;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The headings of the post's body, in order. */
export function headings(text: string): Heading[] {
  const start = bodyStart(text);
  const body = text.slice(start);
  const out: Heading[] = [];
  markdownLanguage.parser.parse(body).iterate({
    enter(node) {
      const m = /^(ATX|Setext)Heading(\d)$/.exec(node.name);
      if (!m) return;
      const raw = body.slice(node.from, node.to);
      const title =
        m[1] === 'ATX'
          ? raw.replace(/^#+[ \t]*/, '').replace(/[ \t]+#+[ \t]*$/, '').replace(/^#+$/, '')
          : raw.split('\n').slice(0, -1).join(' ');
      out.push({ level: Number(m[2]), text: title.trim(), line: lineAt(text, start + node.from) });
      return false;
    },
  });
  return out;
}

/** The index of the heading whose section holds `line` (the last one at or above it). */
export function current(list: Heading[], line: number): number {
  let at = -1;
  for (let i = 0; i < list.length && list[i].line <= line; i++) at = i;
  return at;
}

/**
 * The text with heading `from`'s section moved before heading `before`
 * (or to the end of the post when `before` is `list.length`); `null` when
 * that is no move (into its own section, or where it already is).
 */
export function moveSection(text: string, list: Heading[], from: number, before: number): string | null {
  const h = list[from];
  if (!h) return null;
  let end = from + 1;
  while (end < list.length && list[end].level > h.level) end++;
  // Into itself, or onto its own place.
  if (before > from && before <= end) return null;
  if (before === from) return null;
  const lines = text.split('\n');
  const startLine = h.line - 1;
  const endLine = end < list.length ? list[end].line - 1 : lines.length;
  let section = lines.slice(startLine, endLine);
  const rest = [...lines.slice(0, startLine), ...lines.slice(endLine)];
  const target =
    before < list.length
      ? list[before].line - 1 - (before > from ? endLine - startLine : 0)
      : rest.length;
  // A section moved to the very end keeps a blank line before it.
  if (before >= list.length && rest.length && rest[rest.length - 1] === '') {
    while (rest.length > 1 && rest[rest.length - 1] === '' && rest[rest.length - 2] === '') rest.pop();
    section = section[section.length - 1] === '' ? section.slice(0, -1) : section;
    return [...rest, ...section, ''].join('\n');
  }
  // The section ends with a blank line before the next heading.
  if (section.length && section[section.length - 1] !== '') section = [...section, ''];
  return [...rest.slice(0, target), ...section, ...rest.slice(target)].join('\n').replace(/\n\n\n+/g, '\n\n');
}
