// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../ipc', async (orig) => (await import('./mock-ipc')).mocked(await orig<Record<string, unknown>>()));

import * as ipc from '../ipc';
import { Desk } from './desk.svelte';

function version(commit: string, summary: string, path = '_posts/a.md'): ipc.Version {
  return { commit, short: commit.slice(0, 8), author: 'Ada', time: 1_700_000_000, summary, path, renamed: false };
}

describe('the History tab', () => {
  let desk: Desk;
  beforeEach(() => {
    vi.clearAllMocks();
    desk = new Desk();
    desk.session.opened = { path: '_posts/a.md', text: 'now' };
    desk.session.current = 'now';
  });

  it('lists the commits when the tab is shown, and the changes from a chosen one', async () => {
    const versions = [version('bbbbbbbbbb', 'Second'), version('aaaaaaaaaa', 'First')];
    vi.mocked(ipc.postHistory).mockResolvedValue(versions);
    vi.mocked(ipc.postVersion).mockResolvedValue({ text: 'then', diff: '@@ -1 +1 @@\n-then\n+now\n' });
    await desk.site.show('history');
    await vi.waitFor(() => expect(desk.history.versions).toHaveLength(2));
    expect(ipc.postHistory).toHaveBeenCalledWith('_posts/a.md');
    await desk.history.choose(versions[1]);
    expect(ipc.postVersion).toHaveBeenCalledWith('_posts/a.md', 'aaaaaaaaaa', '_posts/a.md', 'now');
    expect(desk.history.restorable()).toBe('then');
  });

  it('offers nothing to restore once another post is open', async () => {
    const versions = [version('aaaaaaaaaa', 'First')];
    vi.mocked(ipc.postHistory).mockResolvedValue(versions);
    vi.mocked(ipc.postVersion).mockResolvedValue({ text: 'then', diff: '-then\n+now\n' });
    await desk.history.load();
    await desk.history.choose(versions[0]);
    desk.session.opened = { path: '_posts/b.md', text: 'other' };
    expect(desk.history.restorable()).toBeNull();
  });

  it('says why when the blog has no history', async () => {
    vi.mocked(ipc.postHistory).mockRejectedValue(new ipc.DeskError('gitState', 'not inside a git repository'));
    await desk.history.load();
    expect(desk.history.error).toContain('not inside a git repository');
    expect(desk.history.versions).toEqual([]);
  });
});
