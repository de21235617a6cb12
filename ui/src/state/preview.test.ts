// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../ipc', async (orig) => (await import('./mock-ipc')).mocked(await orig<Record<string, unknown>>()));

import * as ipc from '../ipc';
import { Desk } from './desk.svelte';

function patch(p: Partial<ipc.PreviewPatch>): ipc.PreviewPatch {
  return { id: 1, base: null, keepStart: 0, keepEnd: 0, blocks: [], lines: [], blockedImages: 0, title: '', ...p };
}

describe('the preview state', () => {
  let desk: Desk;
  beforeEach(() => {
    vi.clearAllMocks();
    desk = new Desk();
    desk.session.opened = { path: '_posts/a.md', text: 'x' };
  });

  it('applies a patch to the render shown, keeping the blocks around it', () => {
    const input = { path: '_posts/a.md', text: 'x' };
    desk.preview.apply(patch({ id: 1, blocks: ['<p>1</p>', '<p>2</p>', '<p>3</p>'], lines: [1, 3, 5], title: 'A' }), input);
    desk.preview.apply(patch({ id: 2, base: 1, keepStart: 1, keepEnd: 1, blocks: ['<p>two</p>', '<p>2b</p>'], lines: [1, 3, 4, 6] }), input);
    expect(desk.preview.blocks).toEqual(['<p>1</p>', '<p>two</p>', '<p>2b</p>', '<p>3</p>']);
    expect(desk.preview.lines).toEqual([1, 3, 4, 6]);
    expect(desk.preview.shown).toEqual({ path: '_posts/a.md', id: 2 });
  });

  it('asks for a whole render when a patch names another base', () => {
    vi.mocked(ipc.renderPreview).mockResolvedValue(patch({ id: 9 }));
    const input = { path: '_posts/a.md', text: 'x' };
    desk.preview.apply(patch({ id: 1, blocks: ['<p>1</p>'] }), input);
    desk.preview.apply(patch({ id: 3, base: 2, blocks: ['<p>?</p>'] }), input);
    expect(desk.preview.blocks).toEqual(['<p>1</p>']);
    expect(desk.preview.shown).toBeNull();
    expect(ipc.renderPreview).toHaveBeenCalledWith('_posts/a.md', { kind: 'whole', text: 'x' }, null);
  });

  it('ignores a render of a post no longer open', () => {
    desk.preview.apply(patch({ id: 1, blocks: ['<p>b</p>'] }), { path: '_posts/b.md', text: 'b' });
    expect(desk.preview.blocks).toEqual([]);
  });
});
