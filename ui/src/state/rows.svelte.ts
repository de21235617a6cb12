// The post list's rows as a window onto the list Rust keeps: the query
// (search words, sort, filters) is Rust's to run, and only the pages of
// rows near the screen are asked for and held. A blog of 10,000 posts
// costs the window a few pages, not 10,000 rows.
import { SvelteMap } from 'svelte/reactivity';
import * as ipc from '../ipc';
import { ALL } from './blog.svelte';

/** Rows asked for at a time. */
export const PAGE = 50;
/** Pages held beyond those on screen, either side. */
const KEEP = 3;

export class Rows {
  query = $state<ipc.ListQuery>({ ...ALL });
  /** Rows the query has (all of them, not only those held). */
  total = $state(0);
  /** Where the selected post is in the list, if the query shows it. */
  at = $state<number | null>(null);
  /** The query's rows were counted at least once. */
  known = $state(false);
  /** The search whose rows are held (the list shows it as `data-searched`,
   *  which the large-blog test times a keystroke to). */
  shown = $state<string | null>(null);
  /** Counts the lists whose first page came (a new query's, or the same
   *  query's after Rust's list changed). */
  landed = $state(0);
  #pages = new SvelteMap<number, ipc.Row[]>();
  #asked = new Set<number>();
  #generation = 0;
  /** The generation the held pages are of: they stay on screen until the
   *  newer list's first page comes (no flicker, no row redrawn for nothing). */
  #held = 0;
  #selected: string | null = null;
  /** The first page is being asked for; `#again`: asked again meanwhile. */
  #first = false;
  #again = false;

  constructor(private onerror: (e: unknown) => void) {}

  /** The list changed in Rust, or the query here: the first page is asked
   *  for again, and what is held gives way when it comes. */
  reset(selected: string | null) {
    this.#generation++;
    this.#asked.clear();
    this.#selected = selected;
    void this.#firstPage();
  }

  /** One first page at a time, the newest query's: a writer typing a
   *  search never queues a search per keystroke behind each other. */
  async #firstPage() {
    if (this.#first) {
      this.#again = true;
      return;
    }
    this.#first = true;
    try {
      await this.#fetch(0);
    } finally {
      this.#first = false;
      if (this.#again) {
        this.#again = false;
        void this.#firstPage();
      }
    }
  }

  /** Row `i`, when its page is held. */
  row(i: number): ipc.Row | undefined {
    return this.#pages.get(Math.floor(i / PAGE))?.[i % PAGE];
  }

  /** Rows `first..last` are on screen: their pages are asked for, and
   *  pages far from them are let go. */
  want(first: number, last: number) {
    const from = Math.max(0, Math.floor(first / PAGE));
    const to = Math.floor(Math.max(first, last) / PAGE);
    for (let p = from; p <= to; p++) {
      if (p * PAGE < Math.max(this.total, 1) && !this.#asked.has(p)) void this.#fetch(p);
    }
    for (const p of [...this.#pages.keys()]) {
      if (p < from - KEEP || p > to + KEEP) {
        this.#pages.delete(p);
        this.#asked.delete(p);
      }
    }
  }

  /** The path of row `i`, asking for its page when it is not held. */
  async pathAt(i: number): Promise<string | null> {
    if (i < 0 || i >= this.total) return null;
    const held = this.row(i);
    if (held) return held.post.path;
    await this.#fetch(Math.floor(i / PAGE));
    return this.row(i)?.post.path ?? null;
  }

  /** The selection changed: where it is in the list. */
  async locate(selected: string | null) {
    this.#selected = selected;
    const generation = this.#generation;
    try {
      const page = await ipc.listPage($state.snapshot(this.query), 0, 0, selected);
      if (generation === this.#generation && this.#selected === selected) this.at = page.at;
    } catch (e) {
      this.onerror(e);
    }
  }

  async #fetch(page: number) {
    const generation = this.#generation;
    this.#asked.add(page);
    try {
      const got = await ipc.listPage($state.snapshot(this.query), page * PAGE, PAGE, this.#selected);
      if (generation !== this.#generation) return;
      if (!this.known) performance.mark('pd:page');
      if (this.#held !== generation) {
        this.#pages.clear();
        this.#held = generation;
        this.landed++;
      }
      this.total = got.total;
      this.at = got.at;
      this.known = true;
      this.shown = this.query.search;
      this.#pages.set(page, got.rows);
    } catch (e) {
      this.#asked.delete(page);
      if (generation === this.#generation) this.onerror(e);
    }
  }
}
