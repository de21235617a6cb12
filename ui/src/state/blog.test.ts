// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';

vi.mock('../ipc', async (orig) => (await import('./mock-ipc')).mocked(await orig<Record<string, unknown>>()));

import * as ipc from '../ipc';
import { Desk } from './desk.svelte';

function summary(path: string, tags: string[]): ipc.PostSummary {
  return { path, slug: path, title: path, date: null, status: 'published', tags, category: null, problem: null, at: null, url: null };
}

describe('the blog', () => {
  it('loads its posts, opens the newest and knows their tags', async () => {
    const desk = new Desk();
    vi.mocked(ipc.blogInfo).mockResolvedValue({ root: '/b', name: 'b', kind: 'blogStarter', note: 'Most posts use publishedAt.', renderer: null, openPost: null });
    vi.mocked(ipc.listPosts).mockResolvedValue([summary('_posts/new.md', ['rust', 'api']), summary('_posts/old.md', ['api'])]);
    vi.mocked(ipc.readPost).mockResolvedValue({ path: '_posts/new.md', text: 'x' });
    expect(desk.blog.loading).toBe(true);
    await desk.blog.load();
    expect(desk.blog.loading).toBe(false);
    expect(desk.session.opened?.path).toBe('_posts/new.md');
    expect(desk.blog.tags).toEqual(['api', 'rust']);
    expect(desk.blog.selectedPost?.path).toBe('_posts/new.md');
    expect(desk.notices.text).toBe('Most posts use publishedAt.');
  });

  it('opens the post named on the command line first, else the newest', async () => {
    const desk = new Desk();
    const info = { root: '/b', name: 'b', kind: 'blogStarter' as const, note: null, renderer: null, openPost: '_posts/old.md' };
    vi.mocked(ipc.blogInfo).mockResolvedValue(info);
    vi.mocked(ipc.listPosts).mockResolvedValue([summary('_posts/new.md', []), summary('_posts/old.md', [])]);
    vi.mocked(ipc.readPost).mockImplementation(async (path) => ({ path, text: 'x' }));
    await desk.blog.load();
    expect(desk.session.opened?.path).toBe('_posts/old.md');
    // A post no longer in the list: the newest.
    vi.mocked(ipc.blogInfo).mockResolvedValue({ ...info, openPost: '_posts/gone.md' });
    const again = new Desk();
    await again.blog.load();
    expect(again.session.opened?.path).toBe('_posts/new.md');
  });

  it('opening another blog saves the edits first, and stays when that fails', async () => {
    const desk = new Desk();
    desk.session.opened = { path: '_posts/a.md', text: 'old' };
    desk.session.current = 'mine';
    vi.mocked(ipc.savePost).mockRejectedValue(new ipc.DeskError('saveFailed', 'read-only'));
    await desk.blog.switchTo('/other');
    expect(ipc.savePost).toHaveBeenCalledWith('_posts/a.md', 'mine', false);
    expect(ipc.openBlog).not.toHaveBeenCalled();
    expect(desk.notices.error?.code).toBe('saveFailed');
  });
});
