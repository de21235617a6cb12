// @vitest-environment happy-dom
// The conflict / autosave / journal state machine of the window: what
// happens to the writer's text when the file changes on disk, when saving
// is refused, and when the writer pauses.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../ipc', async (orig) => (await import('./mock-ipc')).mocked(await orig<Record<string, unknown>>()));

import * as ipc from '../ipc';
import { Desk } from './desk.svelte';
import { fakeEditor, fakeList } from './mock-ipc';

const PATH = '_posts/a.md';

function summary(path: string): ipc.PostSummary {
  return { path, slug: 'a', title: 'A', date: null, status: 'published', tags: [], category: null, problem: null, at: null, url: null, lang: null, group: null };
}

/** A desk with `PATH` open holding `text` as on disk. */
async function opened(text: string) {
  const desk = new Desk();
  const editor = fakeEditor((t) => desk.session.onchange(t));
  desk.session.editor = editor;
  vi.mocked(ipc.readPost).mockResolvedValue({ path: PATH, text });
  await desk.session.open(PATH);
  return { desk, editor };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.clearAllMocks();
  fakeList(ipc, [summary(PATH)]);
  vi.mocked(ipc.checkPost).mockResolvedValue([]);
  let id = 0;
  vi.mocked(ipc.renderPreview).mockImplementation(async () => ({
    id: ++id,
    base: null,
    keepStart: 0,
    keepEnd: 0,
    blocks: [],
    lines: [],
    blockedImages: 0,
    title: 'A',
  }));
});
afterEach(() => vi.useRealTimers());

describe('a change on disk', () => {
  it('reloads an unedited post in place (one undoable change)', async () => {
    const { desk, editor } = await opened('old');
    vi.mocked(ipc.readPost).mockResolvedValue({ path: PATH, text: 'new' });
    desk.disk.onDisk([{ kind: 'changed', path: PATH, text: 'new' }]);
    await vi.runAllTimersAsync();
    expect(editor.calls).toContain('replace:new');
    expect(desk.session.opened).toEqual({ path: PATH, text: 'new' });
    expect(desk.session.current).toBe('new');
    expect(desk.disk.conflict).toBeNull();
  });

  it('is a conflict when the post has unsaved edits, and autosave waits', async () => {
    const { desk } = await opened('old');
    desk.session.onchange('mine');
    desk.disk.onDisk([{ kind: 'changed', path: PATH, text: 'theirs' }]);
    expect(desk.disk.conflict).toEqual({ path: PATH, base: 'old', theirs: 'theirs' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ipc.savePost).not.toHaveBeenCalled();
    // Saving by hand is refused too, with the reason.
    await desk.keeping.save();
    expect(ipc.savePost).not.toHaveBeenCalled();
    expect(desk.notices.error?.code).toBe('changedOnDisk');
    // The writer keeps theirs: saved with force, the conflict settled.
    vi.mocked(ipc.savePost).mockResolvedValue(summary(PATH));
    await desk.disk.keepMine();
    expect(ipc.savePost).toHaveBeenCalledWith(PATH, 'mine', true);
    expect(desk.disk.conflict).toBeNull();
    expect(desk.session.modified).toBe(false);
  });

  it('a second change keeps the version both started from', async () => {
    const { desk } = await opened('old');
    desk.session.onchange('mine');
    desk.disk.onDisk([{ kind: 'changed', path: PATH, text: 'theirs 1' }]);
    desk.disk.onDisk([{ kind: 'changed', path: PATH, text: 'theirs 2' }]);
    expect(desk.disk.conflict).toEqual({ path: PATH, base: 'old', theirs: 'theirs 2' });
  });

  it('take theirs loads the disk version; a clean merge applies silently', async () => {
    const { desk, editor } = await opened('a\nb\n');
    desk.session.onchange('A\nb\n');
    desk.disk.onDisk([{ kind: 'changed', path: PATH, text: 'a\nB\n' }]);
    vi.mocked(ipc.readPost).mockResolvedValue({ path: PATH, text: 'a\nB\n' });
    vi.mocked(ipc.mergePost).mockResolvedValue({
      conflicts: 0,
      segments: [{ kind: 'same', text: 'A\nB\n' }],
    } as ipc.Merged);
    await desk.disk.merge();
    expect(editor.calls.at(-1)).toBe('replace:A\nB\n');
    expect(desk.session.opened?.text).toBe('a\nB\n');
    expect(desk.disk.conflict).toBeNull();

    desk.disk.onDisk([{ kind: 'changed', path: PATH, text: 'other' }]);
    expect(desk.disk.conflict?.theirs).toBe('other');
    vi.mocked(ipc.readPost).mockResolvedValue({ path: PATH, text: 'other' });
    await desk.disk.takeTheirs();
    expect(desk.session.current).toBe('other');
    expect(desk.disk.conflict).toBeNull();
    expect(desk.notices.text).toBe('Took the version on disk (Ctrl+Z brings yours back)');
  });

  it('a deleted post keeps its text and is saved as a new file', async () => {
    const { desk, editor } = await opened('old');
    desk.session.onchange('mine');
    desk.disk.onDisk([{ kind: 'removed', path: PATH }]);
    expect(desk.disk.gone).toEqual({ path: PATH, saveAs: PATH });
    await desk.keeping.save();
    expect(ipc.savePost).not.toHaveBeenCalled();
    expect(desk.notices.error?.code).toBe('goneFromDisk');
    desk.disk.gone!.saveAs = '_posts/kept.md';
    vi.mocked(ipc.savePostAs).mockResolvedValue(summary('_posts/kept.md'));
    await desk.disk.saveAs();
    expect(ipc.savePostAs).toHaveBeenCalledWith(PATH, '_posts/kept.md', 'mine');
    expect(editor.calls).toContain(`rename:${PATH}->_posts/kept.md`);
    expect(desk.session.opened).toEqual({ path: '_posts/kept.md', text: 'mine' });
    expect(desk.disk.gone).toBeNull();
  });

  it('a rename is followed with the edits', async () => {
    const { desk } = await opened('old');
    desk.session.onchange('mine');
    desk.disk.onDisk([{ kind: 'renamed', from: PATH, to: '_posts/b.md' }]);
    expect(desk.session.opened?.path).toBe('_posts/b.md');
    expect(desk.session.selected).toBe('_posts/b.md');
    expect(desk.session.current).toBe('mine');
    expect(desk.disk.renamedNote).toEqual({ from: PATH, to: '_posts/b.md' });
  });
});

describe('saving', () => {
  it('autosaves after the interval once the writer pauses, and journals sooner', async () => {
    const { desk } = await opened('old');
    vi.mocked(ipc.savePost).mockResolvedValue(summary(PATH));
    desk.session.onchange('o');
    await vi.advanceTimersByTimeAsync(300);
    desk.session.onchange('ol');
    await vi.advanceTimersByTimeAsync(150);
    // The journal is a throttle: written 400 ms after the first keystroke.
    expect(ipc.journalWrite).toHaveBeenCalledWith(PATH, 'ol');
    expect(ipc.savePost).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2000);
    expect(ipc.savePost).toHaveBeenCalledTimes(1);
    expect(ipc.savePost).toHaveBeenCalledWith(PATH, 'ol', false);
    expect(desk.session.modified).toBe(false);
  });

  it('never autosaves when the interval is 0 (the journal still keeps the text)', async () => {
    const { desk } = await opened('old');
    desk.keeping.settings = { ...desk.keeping.settings, autosaveSeconds: 0 };
    desk.session.onchange('mine');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ipc.savePost).not.toHaveBeenCalled();
    expect(ipc.journalWrite).toHaveBeenCalledWith(PATH, 'mine');
  });

  it('a save refused because the file changed turns into a conflict', async () => {
    const { desk } = await opened('old');
    desk.session.onchange('mine');
    vi.mocked(ipc.savePost).mockRejectedValue(new ipc.DeskError('changedOnDisk', 'changed'));
    vi.mocked(ipc.readPost).mockResolvedValue({ path: PATH, text: 'theirs' });
    await desk.keeping.save();
    expect(desk.disk.conflict).toEqual({ path: PATH, base: 'old', theirs: 'theirs' });
    expect(desk.session.current).toBe('mine');
    expect(desk.notices.error).toBeNull();
  });

  it('a save refused because the file went away offers Save as', async () => {
    const { desk } = await opened('old');
    desk.session.onchange('mine');
    vi.mocked(ipc.savePost).mockRejectedValue(new ipc.DeskError('goneFromDisk', 'gone'));
    await desk.keeping.save();
    expect(desk.disk.gone).toEqual({ path: PATH, saveAs: PATH });
  });

  it('edits kept for a post not shown that changed on disk meanwhile are a conflict when it opens again', async () => {
    const { desk } = await opened('old');
    desk.session.onchange('mine');
    vi.mocked(ipc.readPost).mockResolvedValue({ path: '_posts/b.md', text: 'b' });
    await desk.session.open('_posts/b.md');
    vi.mocked(ipc.readPost).mockResolvedValue({ path: PATH, text: 'theirs' });
    await desk.session.open(PATH);
    expect(desk.session.current).toBe('mine');
    expect(desk.disk.conflict).toEqual({ path: PATH, base: 'old', theirs: 'theirs' });
  });
});
