// The open post: its text as loaded from disk and as edited now, and the
// unsaved edits of posts not shown (with the disk version they started
// from, so a change on disk meanwhile is a conflict, never lost).
import * as ipc from '../ipc';
import type { Desk } from './desk.svelte';
import { ALL } from './blog.svelte';

/** What the window's editor does for the state (the Editor component). */
export interface EditorPort {
  replaceText(text: string): void;
  rename(from: string, to: string): void;
  forget(path: string): void;
}

export type Opened = { path: string; text: string };

export class Session {
  selected = $state<string | null>(null);
  /** The open post as loaded from disk (or last saved). */
  opened = $state<Opened | null>(null);
  /** Its text as edited now. */
  current = $state('');
  modified = $derived(this.opened !== null && this.current !== this.opened.text);
  /** Unsaved edits by post, with the disk version they started from. */
  readonly edited = new Map<string, { base: string; text: string }>();
  editor: EditorPort | undefined;

  constructor(private desk: Desk) {}

  async open(path: string) {
    const desk = this.desk;
    if (path === this.selected && this.opened) return;
    this.selected = path;
    void desk.blog.refreshCurrent();
    desk.notices.dismiss();
    desk.images.pictureNotes = {};
    try {
      const post = await ipc.readPost(path);
      if (this.selected !== path) return;
      const kept = this.edited.get(path);
      if (kept && kept.base !== post.text && kept.text !== kept.base) {
        // Edited here and changed on disk while another post was shown.
        this.opened = { path, text: kept.base };
        this.current = kept.text;
        desk.disk.conflict = { path, base: kept.base, theirs: post.text };
      } else {
        this.opened = post;
        this.current = kept && kept.base === post.text ? kept.text : post.text;
      }
      desk.checks.reset();
      desk.form.form = null;
      desk.form.schedule(0);
      desk.preview.render(path, this.current);
      desk.checks.schedule(path, this.current, 0);
      desk.blog.repoChanged();
      void desk.translations.load(path);
    } catch (e) {
      desk.notices.fail(e);
    }
  }

  /** The writer typed: the text goes to the preview, the checks, the
   *  journal and autosave, and the form. */
  onchange(text: string) {
    const desk = this.desk;
    if (!this.opened) return;
    performance.mark('pd:change');
    this.current = text;
    if (text === this.opened.text) this.edited.delete(this.opened.path);
    else this.edited.set(this.opened.path, { base: this.opened.text, text });
    desk.preview.render(this.opened.path, text);
    desk.checks.schedule(this.opened.path, text);
    desk.keeping.schedule(this.opened.path, text);
    desk.form.schedule();
  }

  /** Replaces the open post's text with what is on disk now, in place
   *  (one undoable change in the editor). */
  reloadInPlace(path: string, text: string) {
    this.opened = { path, text };
    this.edited.delete(path);
    this.editor?.replaceText(text);
    this.current = text;
    (window as unknown as { __pdDiskApplied?: number }).__pdDiskApplied = Date.now();
  }

  /** The app saved a new text of the open post (a cover or picture
   *  import): shown as one undoable change, and as saved. */
  savedHere(path: string, text: string) {
    if (this.opened?.path !== path) return;
    this.editor?.replaceText(text);
    this.current = text;
    this.opened = { path, text };
    this.edited.delete(path);
  }

  /** The post's file is now `to`: the editor, the kept edits and the
   *  selection follow it. */
  follow(from: string, to: string) {
    this.editor?.rename(from, to);
    const kept = this.edited.get(from);
    if (kept) {
      this.edited.delete(from);
      this.edited.set(to, kept);
    }
    if (this.opened?.path === from) {
      this.opened = { path: to, text: this.opened.text };
      this.selected = to;
    }
  }

  /** A post created from the list: opened. */
  async created(path: string) {
    this.desk.asked = null;
    await this.desk.blog.refreshList();
    await this.open(path);
    this.desk.notices.say(`Created ${path}`);
  }

  /** Renamed from the ⋯ menu. */
  renamed(from: string, to: string, list: ipc.ListState) {
    this.desk.asked = null;
    this.follow(from, to);
    this.selected = to;
    this.desk.blog.took(list);
    this.desk.preview.rerender();
    this.desk.notices.say(`Renamed to ${to}`);
  }

  /** Moved to the trash from the ⋯ menu. */
  async deleted(path: string, list: ipc.ListState) {
    this.desk.asked = null;
    this.edited.delete(path);
    this.editor?.forget(path);
    if (this.opened?.path === path) {
      this.opened = null;
      this.selected = null;
    }
    this.desk.blog.took(list);
    if (this.selected === null) {
      try {
        const newest = (await ipc.listPage(ALL, 0, 1, null)).rows[0];
        if (newest && this.selected === null) void this.open(newest.post.path);
      } catch (e) {
        this.desk.notices.fail(e);
      }
    }
    this.desk.notices.say(`Moved ${path} to the trash`, 3000);
  }
}
