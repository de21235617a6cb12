import { describe, expect, it } from 'vitest';
import { atTop, scrollSync } from './scroll';

describe('scrollSync', () => {
  it('ignores the scroll events a follow causes, then listens again', () => {
    let t = 0;
    const s = scrollSync(() => t, 100);
    expect(s.mayReport('editor')).toBe(true);
    s.follow('preview');
    expect(s.mayReport('preview')).toBe(false);
    expect(s.mayReport('editor')).toBe(true);
    t = 150;
    expect(s.mayReport('preview')).toBe(true);
  });
});

describe('atTop', () => {
  const box = (b: { top: number; bottom: number }) => b;
  // A list (0..300) whose three items are 0..100, 100..200, 200..300.
  const list = { top: -200, bottom: 100, name: 'ol' };
  const items = [
    { top: -200, bottom: -100, name: 'li1' },
    { top: -100, bottom: 2, name: 'li2' },
    { top: 2, bottom: 100, name: 'li3' },
  ];
  it('names the innermost element across the top edge, not its container', () => {
    expect(atTop([list, ...items], box)?.name).toBe('li3');
  });
  it('names the first element below the edge when none crosses it', () => {
    const after = { top: 120, bottom: 200, name: 'p' };
    expect(atTop([{ top: -50, bottom: 0, name: 'h2' }, after], box)?.name).toBe('p');
  });
  it('names the last crossing element when nothing follows, and nothing in an empty pane', () => {
    expect(atTop([list, items[0], items[1]], box)?.name).toBe('ol');
    expect(atTop([], box)).toBeNull();
  });
});
