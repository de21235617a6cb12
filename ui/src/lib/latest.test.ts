import { describe, expect, it } from 'vitest';
import { latestOnly } from './latest';

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
