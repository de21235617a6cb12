// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeskError } from '../ipc';
import { Notices } from './notices.svelte';

describe('Notices', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a notice clears itself, and a newer one is not cleared by the older timer', () => {
    const n = new Notices();
    n.say('Saved', 1500);
    expect(n.text).toBe('Saved');
    vi.advanceTimersByTime(1000);
    n.say('Renamed to b.md', 2500);
    vi.advanceTimersByTime(600);
    expect(n.text).toBe('Renamed to b.md');
    vi.advanceTimersByTime(1900);
    expect(n.text).toBe('');
  });

  it('work in progress stays until the next notice', () => {
    const n = new Notices();
    n.say('Saved', 100);
    n.working('Adding the image…');
    vi.advanceTimersByTime(10_000);
    expect(n.text).toBe('Adding the image…');
    n.clear();
    expect(n.text).toBe('');
  });

  it('errors keep their code for the window to switch on', () => {
    const n = new Notices();
    n.fail(new DeskError('changedOnDisk', 'changed'));
    expect(n.error).toEqual({ code: 'changedOnDisk', message: 'changed' });
    n.fail({ code: 'notFound', message: 'gone' });
    expect(n.error).toEqual({ code: 'notFound', message: 'gone' });
    n.fail(new Error('boom'));
    expect(n.error).toEqual({ code: 'internal', message: 'boom' });
    n.dismiss();
    expect(n.error).toBeNull();
  });
});
