import { describe, expect, it } from 'vitest';
import { scrollSync } from './scroll';

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
