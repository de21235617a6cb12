// The open post's history from git: the commits that changed it (renames
// followed, by Rust), the changes from a chosen one to the text now, and
// "Restore this version" as one undoable edit in the editor — never a
// git reset.
import * as ipc from '../ipc';
import type { Desk } from './desk.svelte';

export class History {
  /** The post the versions are of. */
  path = $state('');
  versions = $state<ipc.Version[]>([]);
  loading = $state(false);
  error = $state('');
  /** The version chosen, and its text and changes since. */
  chosen = $state<ipc.Version | null>(null);
  shown = $state<ipc.VersionText | null>(null);
  #asked = 0;

  constructor(private desk: Desk) {}

  /** Reads the open post's history (again). */
  async load() {
    const opened = this.desk.session.opened;
    if (!opened) return;
    const asked = ++this.#asked;
    if (this.path !== opened.path) {
      this.chosen = null;
      this.shown = null;
    }
    this.path = opened.path;
    this.loading = true;
    this.error = '';
    try {
      const versions = await ipc.postHistory(opened.path);
      if (asked !== this.#asked) return;
      this.versions = versions;
      if (this.chosen) await this.choose(this.chosen);
    } catch (e) {
      if (asked !== this.#asked) return;
      this.versions = [];
      this.error = ipc.toDeskError(e).message;
    } finally {
      if (asked === this.#asked) this.loading = false;
    }
  }

  /** Shows what changed from `version` to the text in the editor now. */
  async choose(version: ipc.Version) {
    this.chosen = version;
    try {
      const shown = await ipc.postVersion(this.path, version.commit, version.path, this.desk.session.current);
      // (Compared by commit: the state holds a proxy of `version`.)
      if (this.chosen?.commit === version.commit) this.shown = shown;
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }

  /** The chosen version's text, for the editor to take as one edit. */
  restorable(): string | null {
    return this.chosen && this.shown && this.path === this.desk.session.opened?.path ? this.shown.text : null;
  }
}
