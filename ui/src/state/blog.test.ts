// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';

vi.mock('../ipc', async (orig) => (await import('./mock-ipc')).mocked(await orig<Record<string, unknown>>()));

import * as ipc from '../ipc';
import { Desk } from './desk.svelte';
import { fakeList } from './mock-ipc';

function summary(path: string, tags: string[]): ipc.PostSummary {
  return { path, slug: path, title: path, date: null, status: 'published', tags, category: null, problem: null, at: null, url: null, lang: null, group: null };
}

describe('the blog', () => {
  it('loads its posts, opens the newest and knows their tags', async () => {
    const desk = new Desk();
    vi.mocked(ipc.blogInfo).mockResolvedValue({ root: '/b', name: 'b', kind: 'blogStarter', note: null, renderer: null, openPost: null });
    fakeList(ipc, [summary('_posts/new.md', ['rust', 'api']), summary('_posts/old.md', ['api'])], { note: 'Most posts use publishedAt.' });
    vi.mocked(ipc.readPost).mockResolvedValue({ path: '_posts/new.md', text: 'x' });
    expect(desk.blog.loading).toBe(true);
    await desk.blog.load();
    expect(desk.blog.loading).toBe(false);
    expect(desk.session.opened?.path).toBe('_posts/new.md');
    expect(desk.blog.tags).toEqual(['api', 'rust']);
    await vi.waitFor(() => expect(desk.blog.selectedPost?.path).toBe('_posts/new.md'));
    expect(desk.notices.text).toBe('Most posts use publishedAt.');
  });

  it('opens the post named on the command line first, else the newest', async () => {
    const desk = new Desk();
    const info = { root: '/b', name: 'b', kind: 'blogStarter' as const, note: null, renderer: null, openPost: '_posts/old.md' };
    vi.mocked(ipc.blogInfo).mockResolvedValue(info);
    fakeList(ipc, [summary('_posts/new.md', []), summary('_posts/old.md', [])]);
    vi.mocked(ipc.readPost).mockImplementation(async (path) => ({ path, text: 'x' }));
    await desk.blog.load();
    expect(desk.session.opened?.path).toBe('_posts/old.md');
    // A post no longer in the list: the newest.
    vi.mocked(ipc.blogInfo).mockResolvedValue({ ...info, openPost: '_posts/gone.md' });
    const again = new Desk();
    await again.blog.load();
    expect(again.session.opened?.path).toBe('_posts/new.md');
  });

  it('shows the cached list at once, says how far reading the posts got, and never lets the cache replace the fresh list', async () => {
    const desk = new Desk();
    vi.mocked(ipc.blogInfo).mockResolvedValue({ root: '/b', name: 'b', kind: 'blogStarter', note: null, renderer: null, openPost: null });
    vi.mocked(ipc.readPost).mockImplementation(async (path) => ({ path, text: 'x' }));
    const posts = [summary('_posts/new.md', ['a'])];
    fakeList(ipc, posts);
    // No cache: nothing to show until the scan is done, and the window says how far it is.
    let tell: (e: ipc.ListEvent) => void = () => {};
    vi.mocked(ipc.listOpen).mockImplementation(async (onEvent) => {
      tell = onEvent;
      return { facets: { posts: 0, statuses: [], tags: [], categories: [], languages: [] }, fresh: false, note: null };
    });
    await desk.blog.load();
    expect(desk.blog.loading).toBe(true);
    expect(desk.session.opened).toBeNull();
    tell({ kind: 'reading', done: 64, total: 10000 });
    expect(desk.blog.reading).toEqual({ done: 64, total: 10000 });
    tell({ kind: 'ready', state: { facets: { posts: 1, statuses: ['published'], tags: ['a'], categories: [], languages: [] }, fresh: true, note: 'inferred' } });
    expect(desk.blog.loading).toBe(false);
    expect(desk.blog.reading).toBeNull();
    await vi.waitFor(() => expect(desk.session.opened?.path).toBe('_posts/new.md'));
    expect(desk.notices.text).toBe('inferred');
    const version = desk.blog.version;
    desk.blog.took({ facets: { posts: 9, statuses: [], tags: [], categories: [], languages: [] }, fresh: false, note: null });
    expect(desk.blog.facets.posts).toBe(1);
    expect(desk.blog.version).toBe(version);

    // A cache: its list at once, and the newest post opened before the scan ends.
    const cached = new Desk();
    vi.mocked(ipc.listOpen).mockImplementation(async () => ({
      facets: { posts: 1, statuses: ['published'], tags: [], categories: [], languages: [] },
      fresh: false,
      note: null,
    }));
    await cached.blog.load();
    expect(cached.blog.loading).toBe(false);
    expect(cached.blog.fresh).toBe(false);
    expect(cached.session.opened?.path).toBe('_posts/new.md');
  });

  it('a blog that cannot be read says why', async () => {
    const desk = new Desk();
    vi.mocked(ipc.blogInfo).mockResolvedValue({ root: '/b', name: 'b', kind: 'blogStarter', note: null, renderer: null, openPost: null });
    let tell: (e: ipc.ListEvent) => void = () => {};
    vi.mocked(ipc.listOpen).mockImplementation(async (onEvent) => {
      tell = onEvent;
      return { facets: { posts: 0, statuses: [], tags: [], categories: [], languages: [] }, fresh: false, note: null };
    });
    await desk.blog.load();
    tell({ kind: 'failed', error: { code: 'notFound', message: '_posts is gone: create it or open another blog' } });
    expect(desk.blog.loading).toBe(false);
    expect(desk.notices.error).toEqual({ code: 'notFound', message: '_posts is gone: create it or open another blog' });
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
