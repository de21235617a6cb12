// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../ipc', async (orig) => (await import('./mock-ipc')).mocked(await orig<Record<string, unknown>>()));

import * as ipc from '../ipc';
import { Desk } from './desk.svelte';
import { fakeEditor } from './mock-ipc';

const recovered = (gone: boolean): ipc.Recovered => ({
  post: '_posts/a.md',
  text: 'unsaved',
  time: 1n as unknown as ipc.Recovered['time'],
  diff: '',
  gone,
});

describe('keeping the text', () => {
  beforeEach(() => vi.clearAllMocks());

  it('restores a previous run\'s edits into the editor, or as a file when it is gone', async () => {
    const desk = new Desk();
    const editor = fakeEditor((t) => desk.session.onchange(t));
    desk.session.editor = editor;
    vi.mocked(ipc.readPost).mockResolvedValue({ path: '_posts/a.md', text: 'on disk' });
    const kept = recovered(false);
    desk.keeping.recovered = [kept];
    await desk.keeping.restore(kept);
    expect(desk.keeping.recovered).toEqual([]);
    expect(editor.calls).toEqual(['replace:unsaved']);
    expect(desk.session.modified).toBe(true);

    const gone = recovered(true);
    await desk.keeping.restore(gone);
    expect(ipc.savePostAs).toHaveBeenCalledWith('_posts/a.md', '_posts/a.md', 'unsaved');
  });

  it('discarding forgets the journal entry', () => {
    const desk = new Desk();
    const kept = recovered(false);
    desk.keeping.recovered = [kept];
    desk.keeping.discard(kept);
    expect(desk.keeping.recovered).toEqual([]);
    expect(ipc.journalDrop).toHaveBeenCalledWith('_posts/a.md');
  });

  it('a setting that cannot be remembered goes back to what it was', async () => {
    const desk = new Desk();
    const before = desk.keeping.settings;
    vi.mocked(ipc.setSettings).mockRejectedValue(new ipc.DeskError('saveFailed', 'disk full'));
    await desk.keeping.changeSettings({ ...before, autosaveSeconds: 9 });
    expect(desk.keeping.settings).toEqual(before);
    expect(desk.notices.error?.code).toBe('saveFailed');
  });
});
