// Runs an async job so that only the newest request matters: while one run
// is in flight, further requests collapse into one pending run with the
// newest input. Typing never queues up stale preview renders this way.
export function latestOnly<I, O>(
  job: (input: I) => Promise<O>,
  deliver: (output: O, input: I) => void,
  fail: (error: unknown) => void,
): (input: I) => void {
  let running = false;
  let pending: { input: I } | null = null;

  async function run(input: I): Promise<void> {
    running = true;
    try {
      const output = await job(input);
      // A newer request arrived meanwhile: its result will replace this one.
      if (pending === null) deliver(output, input);
    } catch (e) {
      if (pending === null) fail(e);
    } finally {
      running = false;
      if (pending !== null) {
        const next = pending.input;
        pending = null;
        void run(next);
      }
    }
  }

  return (input: I) => {
    if (running) pending = { input };
    else void run(input);
  };
}

/**
 * Collects the newest value per key and hands them all over at most `ms`
 * after the first one arrived — a throttle, not a debounce: while values
 * keep coming (a writer typing without pause) they still go out every `ms`.
 */
export function everyAtMost<K, V>(ms: number, flush: (key: K, value: V) => void): (key: K, value: V) => void {
  const pending = new Map<K, V>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (key, value) => {
    pending.set(key, value);
    timer ??= setTimeout(() => {
      timer = undefined;
      const due = [...pending];
      pending.clear();
      for (const [k, v] of due) flush(k, v);
    }, ms);
  };
}
