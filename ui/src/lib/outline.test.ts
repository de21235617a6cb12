import { describe, expect, it } from 'vitest';
import { current, headings, moveSection } from './outline';

const post = `---
title: "# Not a heading"
---

Intro.

## One

Text one.

### One A

Text A.

\`\`\`
# not a heading in code
\`\`\`

## Two

Text two.

Setext
------

The end.
`;

describe('the outline', () => {
  it('lists the body headings with their lines, skipping front-matter and code', () => {
    expect(headings(post)).toEqual([
      { level: 2, text: 'One', line: 7 },
      { level: 3, text: 'One A', line: 11 },
      { level: 2, text: 'Two', line: 19 },
      { level: 2, text: 'Setext', line: 23 },
    ]);
  });

  it('knows which section a line is in', () => {
    const list = headings(post);
    expect(current(list, 3)).toBe(-1);
    expect(current(list, 12)).toBe(1);
    expect(current(list, 19)).toBe(2);
    expect(current(list, 100)).toBe(3);
  });

  it('moves a section with everything under it', () => {
    const list = headings(post);
    // "Two" before "One": One's subsection stays with One.
    const moved = moveSection(post, list, 2, 0)!;
    const after = headings(moved).map((h) => h.text);
    expect(after).toEqual(['Two', 'One', 'One A', 'Setext']);
    expect(moved).toContain('## Two\n\nText two.\n\n## One\n\nText one.\n\n### One A');
    // Nothing lost, nothing added but blank lines.
    expect(moved.replace(/\n+/g, '\n')).toHaveLength(post.replace(/\n+/g, '\n').length);
    // "One" (with "One A") to the end.
    const last = moveSection(post, list, 0, list.length)!;
    expect(headings(last).map((h) => h.text)).toEqual(['Two', 'Setext', 'One', 'One A']);
    expect(last.endsWith('Text A.\n\n```\n# not a heading in code\n```\n')).toBe(true);
  });

  it('refuses a move into the section itself or onto its own place', () => {
    const list = headings(post);
    expect(moveSection(post, list, 0, 1)).toBeNull();
    expect(moveSection(post, list, 0, 0)).toBeNull();
    expect(moveSection(post, list, 0, 2)).toBeNull();
  });
});
