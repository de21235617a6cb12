// The open blog: what it is, its posts (the list), its git status for the
// status bar (newest request wins; it follows saves, publishes and changes
// made to the repository elsewhere), and opening another blog.
import * as ipc from '../ipc';
import { latestOnly } from '../lib/latest';
import type { Desk } from './desk.svelte';

export class BlogState {
  info = $state<ipc.BlogInfo | null>(null);
  posts = $state<ipc.PostSummary[]>([]);
  loading = $state(true);
  repo = $state<ipc.RepoStatus | null>(null);
  /** The recent blogs menu, while it is open. */
  menu = $state<ipc.RecentBlog[] | null>(null);
  tags = $derived([...new Set(this.posts.flatMap((p) => p.tags))].sort());
  #refreshRepo: (input: { path: string | null; text: string | null }) => void;

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
    return this.posts.find((p) => p.path === selected) ?? null;
  }

  repoChanged() {
    const { opened, current } = this.desk.session;
    this.#refreshRepo({ path: opened?.path ?? null, text: opened ? current : null });
  }

  async refreshList() {
    try {
      this.posts = await ipc.listPosts();
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }

  /** Reads the blog and opens its newest post. */
  async load() {
    this.loading = true;
    try {
      const [info, list] = await Promise.all([ipc.blogInfo(), ipc.listPosts()]);
      this.info = info;
      this.posts = list;
      if (info.note) this.desk.notices.say(info.note, 15000);
      // The post named on the command line ("Open with Postdesk"), else the newest.
      const first = info.openPost && list.some((p) => p.path === info.openPost) ? info.openPost : list[0]?.path;
      if (first) await this.desk.session.open(first);
    } catch (e) {
      this.desk.notices.fail(e);
    } finally {
      this.loading = false;
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
