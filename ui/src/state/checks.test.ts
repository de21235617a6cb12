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

  it('a web link answered checks the post again; the waiting count is shown', async () => {
    vi.useFakeTimers();
    vi.mocked(ipc.checkPost).mockClear();
    const desk = new Desk();
    desk.session.opened = { path: '_posts/a.md', text: '' };
    vi.mocked(ipc.checkPost).mockResolvedValue([]);
    desk.checks.schedule('_posts/a.md', 'see [x](https://gone.example)', 0);
    await vi.advanceTimersByTimeAsync(1);
    expect(ipc.checkPost).toHaveBeenCalledTimes(1);
    // Queued: counted, no new check.
    desk.checks.webAsked({ waiting: 2, answered: false });
    await vi.advanceTimersByTimeAsync(1);
    expect(desk.checks.webWaiting).toBe(2);
    expect(ipc.checkPost).toHaveBeenCalledTimes(1);
    // Answered: the same text checked again, and its answer shown.
    const gone: ipc.Issue = { ...issue, code: 'broken-link', field: null, message: 'gone' };
    vi.mocked(ipc.checkPost).mockResolvedValue([gone]);
    desk.checks.webAsked({ waiting: 1, answered: true });
    await vi.advanceTimersByTimeAsync(1);
    expect(ipc.checkPost).toHaveBeenCalledTimes(2);
    expect(ipc.checkPost).toHaveBeenLastCalledWith('_posts/a.md', 'see [x](https://gone.example)');
    expect(desk.checks.issues).toEqual([gone]);
    expect(desk.checks.webWaiting).toBe(1);
    // No post checked yet (just reset): an answer checks nothing.
    desk.checks.reset();
    desk.checks.webAsked({ waiting: 0, answered: true });
    await vi.advanceTimersByTimeAsync(1);
    expect(ipc.checkPost).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });
});
