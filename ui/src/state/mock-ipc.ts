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

type Ipc = typeof import('../ipc');
type Summary = import('../ipc').PostSummary;

/** Rust's list, faked over `posts` (newest first): paging, `at`, facets. */
export function fakeList(ipc: Ipc, posts: Summary[], opts: { fresh?: boolean; note?: string | null } = {}) {
  const facets = () => ({
    posts: posts.length,
    statuses: [...new Set(posts.map((p) => p.status))].sort(),
    tags: [...new Set(posts.flatMap((p) => p.tags))].sort(),
    categories: [],
    languages: [],
  });
  const state = () => ({ facets: facets(), fresh: opts.fresh ?? true, note: opts.note ?? null });
  vi.mocked(ipc.listOpen).mockImplementation(async () => state());
  vi.mocked(ipc.listRefresh).mockImplementation(async () => state());
  vi.mocked(ipc.listPage).mockImplementation(async (_query, start, count, selected) => {
    const at = posts.findIndex((p) => p.path === selected);
    return {
      total: posts.length,
      start,
      rows: posts.slice(start, start + count).map((post) => ({ post, snippet: null, langs: [] })),
      at: at < 0 ? null : at,
    };
  });
  vi.mocked(ipc.postRow).mockImplementation(async (path) => posts.find((p) => p.path === path) ?? null);
  return { state };
}
