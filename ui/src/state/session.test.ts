// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../ipc', async (orig) => (await import('./mock-ipc')).mocked(await orig<Record<string, unknown>>()));

import * as ipc from '../ipc';
import { Desk } from './desk.svelte';
import { fakeEditor, fakeList } from './mock-ipc';

function summary(path: string): ipc.PostSummary {
  return { path, slug: path, title: path, date: null, status: 'published', tags: [], category: null, problem: null, at: null, url: null, lang: null, group: null };
}

describe('the open post', () => {
  let desk: Desk;
  let editor: ReturnType<typeof fakeEditor>;
  beforeEach(async () => {
    vi.clearAllMocks();
    desk = new Desk();
    editor = fakeEditor((t) => desk.session.onchange(t));
    desk.session.editor = editor;
    vi.mocked(ipc.readPost).mockImplementation(async (path) => ({ path, text: `text of ${path}` }));
    await desk.session.open('_posts/a.md');
  });

  it('opening reads the post and tracks its edits against the disk version', async () => {
    expect(desk.session.opened).toEqual({ path: '_posts/a.md', text: 'text of _posts/a.md' });
    expect(desk.session.modified).toBe(false);
    desk.session.onchange('edited');
    expect(desk.session.modified).toBe(true);
    expect(desk.session.edited.get('_posts/a.md')).toEqual({ base: 'text of _posts/a.md', text: 'edited' });
    // Typed back to the disk version: nothing is kept.
    desk.session.onchange('text of _posts/a.md');
    expect(desk.session.edited.has('_posts/a.md')).toBe(false);
  });

  it('another post keeps the first one\'s edits until it is shown again', async () => {
    desk.session.onchange('edited');
    await desk.session.open('_posts/b.md');
    expect(desk.session.current).toBe('text of _posts/b.md');
    await desk.session.open('_posts/a.md');
    expect(desk.session.current).toBe('edited');
    expect(desk.disk.conflict).toBeNull();
  });

  it('a rename from the menu follows the file; a delete opens the next post', async () => {
    fakeList(ipc, [summary('_posts/z.md'), summary('_posts/b.md')]);
    desk.session.renamed('_posts/a.md', '_posts/z.md', await ipc.listRefresh());
    expect(editor.calls).toContain('rename:_posts/a.md->_posts/z.md');
    expect(desk.session.opened?.path).toBe('_posts/z.md');
    expect(desk.session.selected).toBe('_posts/z.md');
    expect(desk.notices.text).toBe('Renamed to _posts/z.md');
    fakeList(ipc, [summary('_posts/b.md')]);
    const version = desk.blog.version;
    await desk.session.deleted('_posts/z.md', await ipc.listRefresh());
    expect(editor.calls).toContain('forget:_posts/z.md');
    await vi.waitFor(() => expect(desk.session.opened?.path).toBe('_posts/b.md'));
    expect(desk.blog.version).toBeGreaterThan(version);
    expect(desk.blog.facets.posts).toBe(1);
  });

  it('a failed read leaves the error banner and no post half-open', async () => {
    vi.mocked(ipc.readPost).mockRejectedValue(new ipc.DeskError('notFound', '_posts/x.md is gone'));
    await desk.session.open('_posts/x.md');
    expect(desk.notices.error).toEqual({ code: 'notFound', message: '_posts/x.md is gone' });
    expect(desk.session.opened?.path).toBe('_posts/a.md');
  });
});
