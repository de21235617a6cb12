// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../ipc', async (orig) => (await import('./mock-ipc')).mocked(await orig<Record<string, unknown>>()));

import * as ipc from '../ipc';
import { Desk } from './desk.svelte';
import { fakeEditor } from './mock-ipc';

describe('the form state', () => {
  beforeEach(() => vi.clearAllMocks());

  it('applies quick successive edits one after another, each to the text as it is then', async () => {
    const desk = new Desk();
    const editor = fakeEditor((t) => (desk.session.current = t));
    desk.session.editor = editor;
    desk.session.opened = { path: '_posts/a.md', text: 'tags: []' };
    desk.session.current = 'tags: []';
    const seen: string[] = [];
    vi.mocked(ipc.setField).mockImplementation(async (text, _key, edit) => {
      seen.push(text);
      const item = (edit as { items: string[] }).items[0];
      return text === 'tags: []' ? `tags: [${item}]` : text.replace(']', `, ${item}]`);
    });
    void desk.form.edit('tags', { kind: 'addItems', items: ['a'] });
    await desk.form.edit('tags', { kind: 'addItems', items: ['b'] });
    expect(seen).toEqual(['tags: []', 'tags: [a]']);
    expect(desk.session.current).toBe('tags: [a, b]');
  });

  it('is rebuilt only while it shows, and Ctrl+E toggles it', () => {
    vi.useFakeTimers();
    const desk = new Desk();
    desk.session.opened = { path: '_posts/a.md', text: 'x' };
    desk.form.schedule(0);
    vi.runAllTimers();
    expect(ipc.postForm).not.toHaveBeenCalled();
    desk.form.toggle();
    vi.runAllTimers();
    expect(desk.form.view).toBe('form');
    expect(ipc.postForm).toHaveBeenCalledWith('_posts/a.md', '');
    desk.form.toggle();
    expect(desk.form.view).toBe('text');
    vi.useRealTimers();
  });
});
