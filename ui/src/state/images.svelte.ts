// Images brought in by the writer outside the cover strip: pasted or
// dropped into the text (saved at the body width in the post's asset
// folder, inserted with the alt text the writer gives), and dropped,
// pasted or chosen on another image field of the form (a square picture,
// e.g. author.picture). Files dropped on a cover field, or anywhere else,
// go to the cover strip.
import * as ipc from '../ipc';
import type { Desk } from './desk.svelte';

/** What the cover strip does for the state (the Cover component). */
export interface CoverPort {
  importToken(token: string): Promise<void>;
  dropped(d: ipc.Dropped): Promise<void>;
  choose(): Promise<void> | void;
  focalPoint(): [number, number];
  recropAt(x: number, y: number): Promise<void>;
}

export class Images {
  /** Notes under a picture field after an import (a small source, …). */
  pictureNotes = $state<Record<string, string[]>>({});
  cover: CoverPort | undefined;
  /** Tells whether a window point is inside the text editor. */
  inEditor: (x: number, y: number) => boolean = () => false;
  /** Inserts text at the editor's cursor. */
  insert: (text: string) => void = () => {};
  #bodyToken: string | null = null;
  #pictureBusy = false;

  constructor(private desk: Desk) {}

  /** An image for the text was staged: ask for its alt text. */
  bodyStaged(token: string, name: string) {
    this.#bodyToken = token;
    this.desk.asked = { kind: 'alt', suggestion: name.replace(/\.[a-z0-9]+$/i, '').replace(/[-_]+/g, ' ') };
  }

  /** The writer gave the alt text: the image is saved and inserted. */
  async insertBody(alt: string) {
    const { session, notices } = this.desk;
    this.desk.asked = null;
    const token = this.#bodyToken;
    this.#bodyToken = null;
    if (!session.opened || token === null) return;
    notices.working('Adding the image…');
    try {
      const result = await ipc.bodyImageImport(session.opened.path, session.current, token, () => {});
      const file = result.files[0];
      this.insert(`![${alt.replace(/[[\]]/g, '')}](${file.sitePath})`);
      notices.say(`Image saved as ${file.path} (${file.width}×${file.height})`, 3000);
    } catch (e) {
      notices.clear();
      notices.fail(e);
    }
  }

  async pastedInText(file: File) {
    try {
      this.bodyStaged(await ipc.coverStagePaste(file), file.name || 'image');
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }

  /** Files dropped on the window, at a point. */
  async dropped(d: ipc.Dropped) {
    await this.#dropped(d);
    // The end-to-end tests wait on it to see a drop that changed nothing.
    performance.mark('pd:drop-handled');
  }

  async #dropped(d: ipc.Dropped) {
    const view = this.desk.form.view;
    if (d.paths.length && this.inEditor(d.x, d.y) && view === 'text') {
      try {
        const name = d.paths[0].split('/').pop() ?? 'image';
        this.bodyStaged(await ipc.coverStageDrop(d.paths[0]), name);
      } catch (e) {
        this.desk.notices.fail(e);
      }
      return;
    }
    // Dropped on an image field of the form: the cover pipeline on a cover
    // field, as on the strip; a square picture on any other.
    const cover = view === 'form' ? fieldAt('[data-cover-field]', d.x, d.y) : null;
    const picture = view === 'form' ? fieldAt('[data-picture-field]', d.x, d.y) : null;
    if (d.paths.length && (cover || picture)) {
      try {
        const token = await ipc.coverStageDrop(d.paths[0]);
        if (cover) await this.cover?.importToken(token);
        else if (picture) await this.importPicture(picture.dataset.pictureField ?? '', token);
      } catch (e) {
        this.desk.notices.fail(e);
      }
      return;
    }
    await this.cover?.dropped(d);
  }

  /** Choose… on an image field of the form. */
  async choose(field: string) {
    if (isCoverField(field)) {
      await this.cover?.choose();
      return;
    }
    try {
      await this.importPicture(field, await ipc.coverPick(true));
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }

  /** An image pasted on an image field of the form. */
  async pastedOnField(file: File, field: string) {
    try {
      const token = await ipc.coverStagePaste(file);
      if (isCoverField(field)) await this.cover?.importToken(token);
      else await this.importPicture(field, token);
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }

  /** Another image field than the cover: a square picture in the blog's
   *  authors folder, the field set to it, the post saved. */
  async importPicture(field: string, token: string | null) {
    const { session, notices } = this.desk;
    if (!session.opened || token === null || this.#pictureBusy) return;
    this.#pictureBusy = true;
    notices.working('Making the picture…');
    try {
      const result = await ipc.pictureImport(session.opened.path, session.current, token, field, () => {});
      const file = result.files[0];
      const made = file.reused ? 'Picture kept as' : 'Picture saved as';
      const name = file.path.split('/').pop();
      this.pictureNotes = { [field]: result.warnings };
      this.imported(result, `${made} ${name} (${file.width}×${file.height})`);
    } catch (e) {
      notices.clear();
      notices.fail(e);
    } finally {
      this.#pictureBusy = false;
    }
  }

  /** A cover (or picture) import saved the post with its new image
   *  fields: that text is shown as one undoable change, and as saved. */
  imported(result: ipc.CoverImport, said?: string) {
    const { session, notices, blog } = this.desk;
    if (session.opened?.path !== result.post) return;
    session.savedHere(result.post, result.text);
    const made = result.files.filter((f) => !f.reused).length;
    notices.say(said ?? (made ? `Cover saved (${made} file${made > 1 ? 's' : ''} written)` : 'Cover saved'), 3000);
    blog.repoChanged();
  }
}

function fieldAt(selector: string, x: number, y: number): HTMLElement | null {
  for (const el of document.querySelectorAll<HTMLElement>(selector)) {
    const r = el.getBoundingClientRect();
    if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return el;
  }
  return null;
}

function isCoverField(key: string): boolean {
  return document.querySelector(`[data-cover-field="${CSS.escape(key)}"]`) !== null;
}
