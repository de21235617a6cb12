import { describe, expect, it } from 'vitest';
import { bodyOf, countWords, readingMinutes } from './words';

describe('words', () => {
  it('skips the front-matter', () => {
    expect(bodyOf('---\ntitle: A\n---\nHello world\n')).toBe('Hello world\n');
    expect(countWords('---\ntitle: Many words here\n---\nHello world\n')).toBe(2);
  });
  it('counts words in markdown, not punctuation', () => {
    expect(countWords("## It's a *test* — 42 items")).toBe(5);
    expect(countWords('')).toBe(0);
  });
  it('rounds reading time, at least a minute', () => {
    expect(readingMinutes(0)).toBe(0);
    expect(readingMinutes(10)).toBe(1);
    expect(readingMinutes(690)).toBe(3);
  });
});
