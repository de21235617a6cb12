import { describe, expect, it } from 'vitest';
import type { Source } from '../bindings/Source';
import { applyDelta, delta, renderByChange } from './delta';

describe('delta', () => {
  it('sends a typed character as a change, not the text', () => {
    const old = 'x'.repeat(50_000);
    const d = delta(7, old, old + 'a');
    expect(d).toEqual({ kind: 'edit', base: 7, keepStart: 50_000, keepEnd: 0, insert: 'a' });
  });

  it('keeps repeated letters on one side only', () => {
    const d = delta(1, 'aaa', 'aaaa');
    expect(d.keepStart + d.keepEnd).toBe(3);
    expect(applyDelta('aaa', d)).toBe('aaaa');
  });

  it('never splits a surrogate pair', () => {
    // 😀 and 😃 share their high surrogate; 😀 and 🙀 their low one.
    for (const [old, next] of [
      ['a😀b', 'a😃b'],
      ['a😀b', 'a🙀b'],
      ['😀', ''],
      ['', '😀'],
    ]) {
      const d = delta(1, old, next);
      expect(applyDelta(old, d)).toBe(next);
      expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(old.slice(0, d.keepStart))).toBe(false);
      expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(old.slice(old.length - d.keepEnd))).toBe(false);
    }
  });

  it('round-trips random edits', () => {
    const alphabet = ['a', 'b', 'é', '😀', '😃', '\n'];
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const text = (n: number) => Array.from({ length: n }, () => alphabet[rand(alphabet.length)]).join('');
    for (let i = 0; i < 2000; i++) {
      const old = text(rand(12));
      const next = text(rand(12));
      expect(applyDelta(old, delta(1, old, next))).toBe(next);
    }
  });
});

describe('renderByChange', () => {
  type Call = { path: string; source: Source };
  function fake(remembered: (id: number) => boolean) {
    const calls: Call[] = [];
    let next = 0;
    const render = async (path: string, source: Source) => {
      calls.push({ path, source });
      if (source.kind === 'edit' && !remembered(source.base)) throw { code: 'staleRender', message: 'gone' };
      return { id: ++next };
    };
    return { calls, render };
  }
  const code = (e: unknown) => (e as { code: string }).code;

  it('sends the whole text first, then only changes against the last render', async () => {
    const { calls, render } = fake(() => true);
    const send = renderByChange(render, code);
    await send('a.md', 'hello', null);
    await send('a.md', 'hello!', 1);
    expect(calls[0].source).toEqual({ kind: 'whole', text: 'hello' });
    expect(calls[1].source).toEqual({ kind: 'edit', base: 1, keepStart: 5, keepEnd: 0, insert: '!' });
    // Another post starts with its whole text.
    await send('b.md', 'other', null);
    expect(calls[2].source).toEqual({ kind: 'whole', text: 'other' });
  });

  it('falls back to the whole text when Rust forgot the base', async () => {
    const { calls, render } = fake(() => false);
    const send = renderByChange(render, code);
    await send('a.md', 'one', null);
    const patch = await send('a.md', 'one two', 1);
    expect(calls.map((c) => c.source.kind)).toEqual(['whole', 'edit', 'whole']);
    expect(patch.id).toBe(2);
  });

  it('passes other errors on', async () => {
    const send = renderByChange(async () => {
      throw { code: 'internal', message: 'broken' };
    }, code);
    await expect(send('a.md', 'x', null)).rejects.toEqual({ code: 'internal', message: 'broken' });
  });
});
