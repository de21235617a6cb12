// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { empty, patchBlocks, setBases } from './patch';

describe('patchBlocks', () => {
  it('replaces only the blocks that changed and keeps the others', () => {
    const root = document.createElement('article');
    let state = patchBlocks(root, ['<h1>A</h1>\n', '<p>one</p>\n', '<p>two</p>\n', '<p>three</p>\n'], empty());
    const keep = root.querySelectorAll('p')[2];
    state = patchBlocks(root, ['<h1>A</h1>\n', '<p>one</p>\n', '<p>TWO!</p>\n', '<p>three</p>\n'], state);
    expect(root.innerHTML).toBe('<h1>A</h1>\n<p>one</p>\n<p>TWO!</p>\n<p>three</p>\n');
    expect(root.querySelectorAll('p')[2]).toBe(keep);
    expect(state.nodes).toHaveLength(4);
  });

  it('handles inserted and removed blocks', () => {
    const root = document.createElement('article');
    let state = patchBlocks(root, ['<p>a</p>', '<p>c</p>'], empty());
    state = patchBlocks(root, ['<p>a</p>', '<p>b</p>', '<p>c</p>'], state);
    expect(root.innerHTML).toBe('<p>a</p><p>b</p><p>c</p>');
    state = patchBlocks(root, ['<p>c</p>'], state);
    expect(root.innerHTML).toBe('<p>c</p>');
    state = patchBlocks(root, [], state);
    expect(root.innerHTML).toBe('');
    expect(state.blocks).toEqual([]);
  });
});

describe('setBases', () => {
  it('writes each block start line on its elements and only when it changed', () => {
    const root = document.createElement('article');
    let state = patchBlocks(root, ['<h1>T</h1>', '<p data-line="0">a</p>\n', '<ul data-line="0"><li data-line="1">b</li></ul>'], empty());
    setBases(state, [5, 7]);
    const [, p, ul] = Array.from(root.children) as HTMLElement[];
    expect([p.dataset.base, ul.dataset.base]).toEqual(['5', '7']);
    expect((root.children[0] as HTMLElement).dataset.base).toBeUndefined();
    // Enter in the paragraph: the list moves down without being replaced.
    state = patchBlocks(root, ['<h1>T</h1>', '<p data-line="0">a<br>x</p>\n', '<ul data-line="0"><li data-line="1">b</li></ul>'], state);
    setBases(state, [5, 8]);
    expect(root.children[2]).toBe(ul);
    expect(ul.dataset.base).toBe('8');
  });
});
