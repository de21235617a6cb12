// Validation and the word count follow typing, a moment after the writer
// pauses; only the newest check's result is shown, and only for the post
// it was made for.
import * as ipc from '../ipc';
import { latestOnly } from '../lib/latest';
import { countWords } from '../lib/words';
import type { Desk } from './desk.svelte';

export class Checks {
  issues = $state<ipc.Issue[]>([]);
  words = $state(0);
  /** Web links still being asked of the web (the web check, when on). */
  webWaiting = $state(0);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #last: { path: string; text: string } | undefined;
  #check: (input: { path: string; text: string }) => void;

  constructor(desk: Desk) {
    this.#check = latestOnly(
      ({ path, text }: { path: string; text: string }) => ipc.checkPost(path, text),
      (found, input) => {
        if (desk.session.opened?.path === input.path) this.issues = found;
      },
      desk.notices.fail,
    );
  }

  /** Checks `text` of `path` after `delay` ms without a newer request. */
  schedule(path: string, text: string, delay = 250) {
    clearTimeout(this.#timer);
    this.#last = { path, text };
    this.#timer = setTimeout(() => {
      this.words = countWords(text);
      this.#check({ path, text });
    }, delay);
  }

  /** Checks the post last checked again, now. */
  recheck() {
    if (this.#last) this.schedule(this.#last.path, this.#last.text, 0);
  }

  /** The web check's progress: an answer shows by checking the post again. */
  webAsked(asked: ipc.WebLinksAsked) {
    this.webWaiting = asked.waiting;
    if (asked.answered) this.recheck();
  }

  reset() {
    this.issues = [];
    this.#last = undefined;
  }
}
