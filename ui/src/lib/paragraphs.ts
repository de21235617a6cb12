// Paragraph-aligned scrolling between a translation and its source: the
// body's blocks (runs of non-blank lines after the front-matter; a fenced
// code block is one block, blank lines and all) are counted alike in both
// texts, so the source shows the block the translation's editor shows.

/** The first line (1-based) of each block of `text`'s body. */
export function blockStarts(text: string): number[] {
  const lines = text.split('\n');
  let i = 0;
  // Front-matter: `---` … `---` (or `+++` … `+++`) at the top.
  const fence = lines[0]?.trim();
  if (fence === '---' || fence === '+++') {
    const end = lines.findIndex((l, n) => n > 0 && l.trim() === fence);
    if (end > 0) i = end + 1;
  }
  const starts: number[] = [];
  let inBlock = false;
  let code: string | null = null;
  for (; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (code !== null) {
      if (trimmed.startsWith(code)) code = null;
      continue;
    }
    if (trimmed === '') {
      inBlock = false;
      continue;
    }
    if (!inBlock) {
      starts.push(i + 1);
      inBlock = true;
    }
    const open = /^(`{3,}|~{3,})/.exec(trimmed);
    if (open) code = open[1];
  }
  return starts;
}

/** Which block (0-based) line `line` of `text` is in (or last before). */
export function blockAt(starts: number[], line: number): number {
  let found = 0;
  for (let b = 0; b < starts.length; b++) {
    if (starts[b] <= line) found = b;
    else break;
  }
  return found;
}

/** The line of `other` that shows what line `line` of `text` shows. */
export function alignedLine(text: string, line: number, other: string): number {
  const mine = blockStarts(text);
  const theirs = blockStarts(other);
  if (!mine.length || !theirs.length) return 1;
  if (line < mine[0]) return Math.max(1, Math.min(line, theirs[0]));
  const b = blockAt(mine, line);
  return theirs[Math.min(b, theirs.length - 1)];
}
