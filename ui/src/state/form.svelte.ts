// The editor pane shows the text (CodeMirror) or the front-matter form.
// The form is rebuilt from the text a moment after typing (newest wins);
// each control's edit is applied by Rust to the text as it is then, one
// after another, so quick successive edits never undo each other.
import * as ipc from '../ipc';
import { latestOnly } from '../lib/latest';
import type { Desk } from './desk.svelte';

export class FormState {
  view = $state<'text' | 'form'>('text');
  form = $state<ipc.Form | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #refresh: (input: { path: string; text: string }) => void;
  #edits: Promise<void> = Promise.resolve();

  constructor(private desk: Desk) {
    this.#refresh = latestOnly(
      ({ path, text }: { path: string; text: string }) => ipc.postForm(path, text),
      (f, input) => {
        if (desk.session.opened?.path === input.path) this.form = f;
      },
      desk.notices.fail,
    );
  }

  /** Rebuilds the form from the open post's text (only while it shows). */
  schedule(delay = 120) {
    clearTimeout(this.#timer);
    const { opened, current } = this.desk.session;
    if (this.view !== 'form' || !opened) return;
    const input = { path: opened.path, text: current };
    this.#timer = setTimeout(() => this.#refresh(input), delay);
  }

  show(next: 'text' | 'form') {
    this.view = next;
    if (next === 'form') this.schedule(0);
  }

  toggle() {
    this.show(this.view === 'form' ? 'text' : 'form');
  }

  /** One control's edit, applied to the text as it is when its turn comes. */
  edit(key: string, edit: ipc.FieldEdit): Promise<void> {
    const { session, images, notices } = this.desk;
    const path = session.opened?.path;
    if (images.pictureNotes[key]) images.pictureNotes = {};
    this.#edits = this.#edits.then(async () => {
      if (!session.opened || session.opened.path !== path) return;
      try {
        const next = await ipc.setField(session.current, key, edit);
        if (session.opened?.path === path && next !== session.current) session.editor?.replaceText(next);
      } catch (e) {
        notices.fail(e);
      }
    });
    return this.#edits;
  }
}
