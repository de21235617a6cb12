// The open blog: what it is, its posts (the list), its git status for the
// status bar (newest request wins; it follows saves, publishes and changes
// made to the repository elsewhere), and opening another blog.
import * as ipc from '../ipc';
import { latestOnly } from '../lib/latest';
import type { Desk } from './desk.svelte';

/** No search, newest first, no filter. */
export const ALL: ipc.ListQuery = { search: '', sort: 'newest', status: '', tag: '', category: '', lang: '' };

export class BlogState {
  info = $state<ipc.BlogInfo | null>(null);
  /** What the list's filters offer, and how many posts the blog has. The
   *  rows themselves stay in Rust: the list asks for the ones on screen. */
  facets = $state<ipc.Facets>({ posts: 0, statuses: [], tags: [], categories: [], languages: [] });
  /** Bumped whenever the list may have changed: the list asks for its rows again. */
  version = $state(0);
  /** Until the list is known (from the cache or from reading the posts). */
  loading = $state(true);
  /** While the posts are read: how many of how many. */
  reading = $state<{ done: number; total: number } | null>(null);
  /** The list shown was read from disk just now (else: the cached one). */
  fresh = $state(false);
  /** The row of the opened post (title, status, URL). */
  current = $state<ipc.PostSummary | null>(null);
  repo = $state<ipc.RepoStatus | null>(null);
  /** The recent blogs menu, while it is open. */
  menu = $state<ipc.RecentBlog[] | null>(null);
  tags = $derived(this.facets.tags);
  #refreshRepo: (input: { path: string | null; text: string | null }) => void;
  #noted = false;
  #first = false;
  /** A list is on screen (it says when its first rows are drawn). */
  listShown = false;
  #drawnNow: () => void = () => {};
  #drawn = new Promise<void>((resolve) => (this.#drawnNow = resolve));

  constructor(private desk: Desk) {
    this.#refreshRepo = latestOnly(
      ({ path, text }: { path: string | null; text: string | null }) => ipc.repoStatus(path, text),
      (status) => (this.repo = status),
      () => (this.repo = null),
    );
  }

  /** The row of the selected post. */
  get selectedPost(): ipc.PostSummary | null {
    const selected = this.desk.session.selected;
    return this.current?.path === selected ? this.current : null;
  }

  repoChanged() {
    const { opened, current } = this.desk.session;
    this.#refreshRepo({ path: opened?.path ?? null, text: opened ? current : null });
  }

  /** The list as Rust now has it: its filters change and its rows are
   *  asked for again. A cached list never replaces a fresh one. */
  took(state: ipc.ListState) {
    if (!state.fresh && this.fresh) return;
    if (this.version === 0) performance.mark('pd:list');
    this.facets = state.facets;
    this.fresh = state.fresh;
    this.version++;
    if (state.fresh || state.facets.posts > 0) this.loading = false;
    if (state.note && !this.#noted) {
      this.#noted = true;
      this.desk.notices.say(state.note, 15000);
    }
    void this.refreshCurrent();
  }

  /** A post was saved (or renamed): its row, and the list's rows. */
  rowChanged(row: ipc.PostSummary) {
    if (this.desk.session.selected === row.path) this.current = row;
    this.version++;
  }

  async refreshCurrent() {
    const path = this.desk.session.selected;
    try {
      const row = path ? await ipc.postRow(path) : null;
      if (this.desk.session.selected === path) this.current = row;
    } catch {
      // The row only names the post in the status bar; the list says the rest.
    }
  }

  async refreshList() {
    try {
      this.took(await ipc.listRefresh());
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }

  /** Opens the blog: its list from the cache at once when there is one (the
   *  posts are read meanwhile, with progress), then its newest post, or
   *  the one named on the command line. */
  async load() {
    performance.mark('pd:load');
    this.loading = true;
    try {
      const [info, state] = await Promise.all([ipc.blogInfo(), ipc.listOpen((e) => this.#heard(e))]);
      this.info = info;
      if (info.note) this.desk.notices.say(info.note, 15000);
      this.took(state);
      if (!this.loading) await this.#openFirst();
    } catch (e) {
      this.loading = false;
      this.desk.notices.fail(e);
    }
  }

  #heard(e: ipc.ListEvent) {
    switch (e.kind) {
      case 'reading':
        this.reading = { done: e.done, total: e.total };
        break;
      case 'ready':
        this.reading = null;
        this.took(e.state);
        if (this.info) void this.#openFirst();
        break;
      case 'failed':
        this.reading = null;
        this.loading = false;
        this.desk.notices.fail(e.error);
        break;
    }
  }

  /** The list drew its first rows. */
  rowsDrawn() {
    this.#drawnNow();
  }

  /** The post named on the command line ("Open with Postdesk"), else the
   *  newest; once, after the list's first rows are drawn (or 1.5 s). */
  async #openFirst() {
    if (this.#first || this.desk.session.opened) return;
    this.#first = true;
    if (this.listShown) await Promise.race([this.#drawn, new Promise((r) => setTimeout(r, 1500))]);
    // The writer chose a post meanwhile.
    if (this.desk.session.selected) return;
    const want = this.info?.openPost ?? null;
    try {
      const page = await ipc.listPage(ALL, 0, 1, want);
      const first = want && page.at !== null ? want : page.rows[0]?.post.path;
      if (first && !this.desk.session.selected) await this.desk.session.open(first);
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }

  async toggleMenu() {
    if (this.menu) {
      this.menu = null;
      return;
    }
    try {
      this.menu = await ipc.recentBlogs();
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }

  /** Opens another blog (`null`: a folder from the system dialog) after
   *  saving the edits; the window then starts afresh on it. */
  async switchTo(path: string | null) {
    this.menu = null;
    if (!(await this.desk.keeping.saveFirst())) return;
    try {
      if (await ipc.openBlog(path)) location.reload();
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }
}
