// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../ipc', async (orig) => (await import('./mock-ipc')).mocked(await orig<Record<string, unknown>>()));

import * as ipc from '../ipc';
import { Desk } from './desk.svelte';

const chips = (ja: string | null): ipc.LangChip[] => [
  { lang: 'en', path: '_posts/a.md', outdated: false },
  { lang: 'ja', path: ja, outdated: false },
];

describe('translations', () => {
  let desk: Desk;
  beforeEach(() => {
    vi.clearAllMocks();
    desk = new Desk();
    desk.blog.facets = { posts: 1, statuses: [], tags: [], categories: [], languages: ['en', 'ja'] };
    desk.session.opened = { path: '_posts/a.md', text: 'A' };
    desk.session.current = 'A';
    vi.spyOn(desk.keeping, 'saveFirst').mockResolvedValue(true);
    vi.spyOn(desk.session, 'open').mockImplementation(async (path: string) => {
      desk.session.opened = { path, text: 'A' };
    });
  });

  it('a source post has chips and no source; a translation reads its source', async () => {
    vi.mocked(ipc.postLangs).mockResolvedValue(chips(null));
    await desk.translations.load('_posts/a.md');
    expect(desk.translations.langs.map((c) => c.lang)).toEqual(['en', 'ja']);
    expect(desk.translations.source).toBeNull();
    vi.mocked(ipc.postLangs).mockResolvedValue(chips('_posts/a.ja.md'));
    vi.mocked(ipc.readPost).mockResolvedValue({ path: '_posts/a.md', text: 'the source' });
    await desk.translations.load('_posts/a.ja.md');
    expect(desk.translations.source).toEqual({ path: '_posts/a.md', text: 'the source' });
  });

  it('a blog of one language asks Rust nothing', async () => {
    desk.blog.facets = { ...desk.blog.facets, languages: [] };
    await desk.translations.load('_posts/a.md');
    expect(ipc.postLangs).not.toHaveBeenCalled();
    expect(desk.translations.langs).toEqual([]);
  });

  it('translating saves first, opens the copy and shows its source beside it', async () => {
    vi.mocked(ipc.translatePost).mockResolvedValue('_posts/a.ja.md');
    vi.mocked(ipc.postLangs).mockResolvedValue(chips('_posts/a.ja.md'));
    vi.mocked(ipc.readPost).mockResolvedValue({ path: '_posts/a.md', text: 'the source' });
    await desk.translations.translate('_posts/a.md', 'ja');
    expect(desk.keeping.saveFirst).toHaveBeenCalled();
    expect(ipc.translatePost).toHaveBeenCalledWith('_posts/a.md', 'ja');
    expect(desk.session.open).toHaveBeenCalledWith('_posts/a.ja.md');
    expect(desk.site.tab).toBe('source');
  });

  it('a translation made meanwhile is opened instead', async () => {
    vi.mocked(ipc.postLangs).mockResolvedValue(chips('_posts/a.ja.md'));
    await desk.translations.load('_posts/a.md');
    vi.mocked(ipc.translatePost).mockRejectedValue({ code: 'translationExists', message: 'exists' });
    await desk.translations.translate('_posts/a.md', 'ja');
    expect(desk.session.open).toHaveBeenCalledWith('_posts/a.ja.md');
  });
});
