// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';

vi.mock('../ipc', async (orig) => (await import('./mock-ipc')).mocked(await orig<Record<string, unknown>>()));

import * as ipc from '../ipc';
import { Desk } from './desk.svelte';

const issue: ipc.Issue = { severity: 'error', code: 'missing-required', field: 'title', line: 1, col: 1, message: 'x' };

describe('checks', () => {
  it('check the text a moment after the writer pauses, for the post still open', async () => {
    vi.useFakeTimers();
    const desk = new Desk();
    desk.session.opened = { path: '_posts/a.md', text: '' };
    vi.mocked(ipc.checkPost).mockResolvedValue([issue]);
    desk.checks.schedule('_posts/a.md', 'one two', 250);
    desk.checks.schedule('_posts/a.md', 'one two three', 250);
    await vi.advanceTimersByTimeAsync(249);
    expect(ipc.checkPost).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(ipc.checkPost).toHaveBeenCalledTimes(1);
    expect(ipc.checkPost).toHaveBeenCalledWith('_posts/a.md', 'one two three');
    expect(desk.checks.words).toBe(3);
    expect(desk.checks.issues).toEqual([issue]);
    // A result for a post no longer open is dropped.
    desk.checks.reset();
    desk.session.opened = { path: '_posts/b.md', text: '' };
    desk.checks.schedule('_posts/a.md', 'x', 0);
    await vi.advanceTimersByTimeAsync(1);
    expect(desk.checks.issues).toEqual([]);
    vi.useRealTimers();
  });
});
