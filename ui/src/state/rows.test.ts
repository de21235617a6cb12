// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../ipc', async (orig) => (await import('./mock-ipc')).mocked(await orig<Record<string, unknown>>()));

import * as ipc from '../ipc';
import { PAGE, Rows } from './rows.svelte';
import { fakeList } from './mock-ipc';

function posts(n: number): ipc.PostSummary[] {
  return Array.from({ length: n }, (_, i) => ({
    path: `_posts/p${i}.md`,
    slug: `p${i}`,
    title: `Post ${i}`,
    date: null,
    status: 'published',
    tags: [],
    category: null,
    problem: null,
    at: null,
    url: null,
    lang: null,
    group: null,
  }));
}

/** The pages asked of Rust so far (their first rows). */
const asked = () => vi.mocked(ipc.listPage).mock.calls.filter((c) => c[2] > 0).map((c) => c[1]);

describe('the list rows', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    fakeList(ipc, posts(10_000));
  });

  it('asks only for the pages on screen, and lets far ones go', async () => {
    const rows = new Rows(() => {});
    rows.reset(null);
    await vi.waitFor(() => expect(rows.total).toBe(10_000));
    expect(asked()).toEqual([0]);
    expect(rows.row(0)?.post.path).toBe('_posts/p0.md');
    expect(rows.row(PAGE)).toBeUndefined();
    // Scrolled to the middle: the pages there, and page 0 let go.
    rows.want(5000, 5020);
    await vi.waitFor(() => expect(rows.row(5010)?.post.path).toBe('_posts/p5010.md'));
    expect(asked()).toEqual([0, 5000]);
    expect(rows.row(0)).toBeUndefined();
    // The keyboard reaches a row not held: its page is asked for.
    expect(await rows.pathAt(9999)).toBe('_posts/p9999.md');
    expect(await rows.pathAt(10_000)).toBeNull();
  });

  it('a query typed fast asks once more with the newest only, and an old answer never shows', async () => {
    const rows = new Rows(() => {});
    let release: () => void = () => {};
    const real = vi.mocked(ipc.listPage).getMockImplementation()!;
    vi.mocked(ipc.listPage).mockImplementation(async (query, start, count, selected) => {
      if (query.search === 'r') await new Promise<void>((r) => (release = r));
      const page = await real(query, start, count, selected);
      return query.search ? { ...page, total: query.search.length } : page;
    });
    for (const search of ['r', 'ru', 'rus', 'rust']) {
      rows.query = { ...rows.query, search };
      rows.reset(null);
    }
    release();
    await vi.waitFor(() => expect(rows.total).toBe(4));
    const searched = vi.mocked(ipc.listPage).mock.calls.map((c) => c[0].search);
    expect(searched).toEqual(['r', 'rust']);
  });

  it('knows where the selected post is', async () => {
    const rows = new Rows(() => {});
    rows.reset('_posts/p42.md');
    await vi.waitFor(() => expect(rows.at).toBe(42));
    await rows.locate('_posts/p7.md');
    expect(rows.at).toBe(7);
    await rows.locate('_posts/gone.md');
    expect(rows.at).toBeNull();
  });

  it('a failed page is said, and asked again later', async () => {
    const errors: unknown[] = [];
    const rows = new Rows((e) => errors.push(e));
    vi.mocked(ipc.listPage).mockRejectedValueOnce(new ipc.DeskError('notFound', '_posts is gone'));
    rows.reset(null);
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    rows.want(0, 10);
    await vi.waitFor(() => expect(rows.row(0)?.post.path).toBe('_posts/p0.md'));
  });
});
