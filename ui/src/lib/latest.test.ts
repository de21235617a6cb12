import { describe, expect, it, vi } from 'vitest';
import { everyAtMost, latestOnly } from './latest';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('latestOnly', () => {
  it('collapses requests made during a run into the newest one', async () => {
    const started: string[] = [];
    const gates: Array<ReturnType<typeof deferred<string>>> = [];
    const delivered: string[] = [];
    const request = latestOnly(
      (input: string) => {
        started.push(input);
        const gate = deferred<string>();
        gates.push(gate);
        return gate.promise;
      },
      (out) => delivered.push(out),
      () => {},
    );
    request('a');
    request('b');
    request('c');
    expect(started).toEqual(['a']);
    gates[0].resolve('A');
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toEqual(['a', 'c']);
    expect(delivered).toEqual([]);
    gates[1].resolve('C');
    await new Promise((r) => setTimeout(r, 0));
    expect(delivered).toEqual(['C']);
  });

  it('reports a failure of the newest run', async () => {
    const errors: unknown[] = [];
    const request = latestOnly(
      () => Promise.reject(new Error('boom')),
      () => {},
      (e) => errors.push(e),
    );
    request(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toHaveLength(1);
  });
});

describe('everyAtMost', () => {
  it('keeps writing the newest value while values keep coming', () => {
    vi.useFakeTimers();
    const out: string[] = [];
    const keep = everyAtMost<string, string>(400, (k, v) => out.push(`${k}:${v}`));
    // A keystroke every 100 ms for two seconds: a debounce would write nothing.
    for (let i = 1; i <= 20; i++) {
      keep('a.md', `text ${i}`);
      vi.advanceTimersByTime(100);
    }
    expect(out.length).toBeGreaterThanOrEqual(4);
    expect(out.at(-1)).toBe('a.md:text 20');
    vi.useRealTimers();
  });

  it('never drops another key pending at the same time', () => {
    vi.useFakeTimers();
    const out: string[] = [];
    const keep = everyAtMost<string, string>(400, (k, v) => out.push(`${k}:${v}`));
    keep('a.md', 'one');
    keep('b.md', 'two');
    keep('a.md', 'three');
    vi.advanceTimersByTime(400);
    expect(out.sort()).toEqual(['a.md:three', 'b.md:two']);
    vi.useRealTimers();
  });
});
