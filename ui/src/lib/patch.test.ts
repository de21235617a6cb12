// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { patchBlocks } from './patch';

describe('patchBlocks', () => {
  it('replaces only the blocks that changed', () => {
    const root = document.createElement('article');
    root.innerHTML = '<h1>A</h1><p>one</p><p>two</p><p>three</p>';
    const keep = root.children[3];
    const changed = patchBlocks(root, '<h1>A</h1><p>one</p><p>TWO!</p><p>three</p>');
    expect(root.innerHTML).toBe('<h1>A</h1><p>one</p><p>TWO!</p><p>three</p>');
    expect(changed).toBe(2);
    expect(root.children[3]).toBe(keep);
  });

  it('handles inserted and removed blocks', () => {
    const root = document.createElement('article');
    root.innerHTML = '<p>a</p><p>c</p>';
    patchBlocks(root, '<p>a</p><p>b</p><p>c</p>');
    expect(root.innerHTML).toBe('<p>a</p><p>b</p><p>c</p>');
    patchBlocks(root, '<p>c</p>');
    expect(root.innerHTML).toBe('<p>c</p>');
    patchBlocks(root, '');
    expect(root.innerHTML).toBe('');
  });
});
