import { describe, expect, it } from 'vitest';
import { alignedLine, blockStarts } from './paragraphs';

const en = `---
title: "Hello"
---

First paragraph
on two lines.

\`\`\`js
const a = 1;

const b = 2;
\`\`\`

## A heading

Last.
`;

const ja = `---
title: "こんにちは"
date: 2024-03-01
---

最初の段落。

\`\`\`js
const a = 1;

const b = 2;
\`\`\`

## 見出し

最後。
`;

describe('paragraph-aligned scrolling', () => {
  it('counts blocks after the front-matter, a code block as one', () => {
    expect(blockStarts(en)).toEqual([5, 8, 14, 16]);
    expect(blockStarts(ja)).toEqual([6, 8, 14, 16]);
  });

  it('puts the source on the block the translation shows', () => {
    // The second line of the first paragraph → the source's first paragraph.
    expect(alignedLine(en, 6, ja)).toBe(6);
    // Inside the code block (its blank line too) → the code block.
    expect(alignedLine(en, 10, ja)).toBe(8);
    expect(alignedLine(ja, 16, en)).toBe(16);
    // In the front-matter: the top.
    expect(alignedLine(en, 2, ja)).toBe(2);
    // More blocks than the other has: its last.
    expect(alignedLine(en + '\nMore.\n', 18, ja)).toBe(16);
  });
});
