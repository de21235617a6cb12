// For the state tests: every command of ipc.ts replaced by a vi.fn (which
// resolves to undefined until a test says otherwise); the error helpers
// stay real.
import { vi } from 'vitest';

export function mocked<T extends Record<string, unknown>>(real: T): T {
  const out: Record<string, unknown> = { ...real };
  for (const [name, value] of Object.entries(real)) {
    if (typeof value === 'function' && name !== 'toDeskError' && name !== 'DeskError') {
      out[name] = vi.fn(async () => undefined);
    }
  }
  return out as T;
}

/** A fake editor that keeps its text and records what was asked of it. */
export function fakeEditor(onchange?: (text: string) => void) {
  const calls: string[] = [];
  return {
    calls,
    text: '',
    replaceText(text: string) {
      calls.push(`replace:${text}`);
      this.text = text;
      onchange?.(text);
    },
    rename(from: string, to: string) {
      calls.push(`rename:${from}->${to}`);
    },
    forget(path: string) {
      calls.push(`forget:${path}`);
    },
  };
}
