// Changes made outside the app. An unedited open post reloads in place;
// with unsaved edits it is a conflict (Keep mine / Take theirs / Merge);
// a deleted post keeps its text with Save as; a rename is followed.
import * as ipc from '../ipc';
import type { Desk } from './desk.svelte';

/** The open post changed on disk while it had unsaved edits (`base`: the
 *  version loaded). */
export type Conflict = { path: string; base: string; theirs: string };

export class DiskState {
  conflict = $state<Conflict | null>(null);
  merging = $state<ipc.Merged | null>(null);
  /** Deleted (or renamed away) on disk while open. */
  gone = $state<{ path: string; saveAs: string } | null>(null);
  renamedNote = $state<{ from: string; to: string } | null>(null);
  watchMode = $state<ipc.WatchMode | null>(null);

  constructor(private desk: Desk) {}

  /** A burst of changes from the watcher. */
  onDisk(changes: ipc.DiskChange[]) {
    const { session, preview } = this.desk;
    let list = false;
    for (const c of changes) {
      switch (c.kind) {
        case 'changed': {
          list = true;
          if (c.text === null) break;
          const opened = session.opened;
          if (opened?.path === c.path) {
            if (c.text === opened.text) break;
            if (session.current === opened.text) void this.reloadFromDisk(c.path);
            else
              this.conflict = {
                path: c.path,
                base: this.conflict?.path === c.path ? this.conflict.base : opened.text,
                theirs: c.text,
              };
          } else {
            const kept = session.edited.get(c.path);
            // Not shown and unedited: the editor reloads it when shown.
            if (kept && kept.text === kept.base) session.edited.delete(c.path);
          }
          break;
        }
        case 'added':
          list = true;
          break;
        case 'removed':
          list = true;
          if (session.opened?.path === c.path) {
            this.gone = { path: c.path, saveAs: c.path };
            this.renamedNote = null;
          }
          break;
        case 'renamed':
          list = true;
          if (session.opened?.path === c.from) {
            session.follow(c.from, c.to);
            preview.shown = null;
            this.renamedNote = { from: c.from, to: c.to };
            if (this.conflict?.path === c.from) this.conflict = { ...this.conflict, path: c.to };
          } else {
            session.follow(c.from, c.to);
          }
          break;
        case 'git':
        case 'rescan':
          list = true;
          break;
        case 'assets':
          preview.rerender();
          break;
      }
    }
    if (list) {
      void this.desk.blog.refreshList();
      this.desk.blog.repoChanged();
    }
  }

  /** Reads the post again (so Rust knows the editor holds this version)
   *  and reloads it, unless the writer started editing meanwhile. */
  async reloadFromDisk(path: string) {
    const { session } = this.desk;
    try {
      const onDisk = await ipc.readPost(path);
      if (session.opened?.path !== path || session.current !== session.opened.text) return;
      if (onDisk.text !== session.opened.text) session.reloadInPlace(path, onDisk.text);
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }

  async keepMine() {
    await this.desk.keeping.save(true);
  }

  async takeTheirs() {
    const { session, notices } = this.desk;
    if (!this.conflict || session.opened?.path !== this.conflict.path) return;
    const { path } = this.conflict;
    try {
      const onDisk = await ipc.readPost(path);
      this.conflict = null;
      session.reloadInPlace(path, onDisk.text);
      notices.say('Took the version on disk (Ctrl+Z brings yours back)', 4000);
    } catch (e) {
      notices.fail(e);
    }
  }

  async merge() {
    const { session } = this.desk;
    if (!this.conflict || session.opened?.path !== this.conflict.path) return;
    const { path, base } = this.conflict;
    try {
      const onDisk = await ipc.readPost(path);
      const merged = await ipc.mergePost(base, session.current, onDisk.text);
      this.conflict = { path, base, theirs: onDisk.text };
      if (merged.conflicts === 0) {
        this.applyMerge(merged.segments.map((s) => (s.kind === 'same' ? s.text : '')).join(''));
      } else {
        this.merging = merged;
      }
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }

  /** The merged text goes into the editor (undoable); the disk version is
   *  the new base. */
  applyMerge(text: string) {
    const { session, notices } = this.desk;
    if (!this.conflict || session.opened?.path !== this.conflict.path) return;
    const { path, theirs } = this.conflict;
    session.opened = { path, text: theirs };
    this.conflict = null;
    this.merging = null;
    session.editor?.replaceText(text);
    notices.say('Merged — review and save', 4000);
  }

  async saveAs() {
    const { session, blog, preview, notices } = this.desk;
    if (!this.gone || session.opened?.path !== this.gone.path) return;
    const from = this.gone.path;
    const to = this.gone.saveAs.trim();
    const text = session.current;
    try {
      const summary = await ipc.savePostAs(from, to, text);
      session.editor?.rename(from, to);
      session.edited.delete(from);
      session.opened = { path: to, text };
      session.selected = to;
      this.gone = null;
      preview.shown = null;
      blog.rowChanged(summary);
      notices.say(`Saved as ${to}`);
      void blog.refreshList();
    } catch (e) {
      notices.fail(e);
    }
  }
}
