// What the window tells the writer: a short notice in the status bar that
// clears itself, and an error banner that stays until dismissed. One timer,
// so a newer notice is never cleared by an older one's timer.
import { toDeskError, type ErrorCode } from '../ipc';

export type Banner = { code: ErrorCode; message: string };

export class Notices {
  text = $state('');
  error = $state<Banner | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Shows `text` for `ms`. */
  say(text: string, ms = 2500) {
    clearTimeout(this.#timer);
    this.text = text;
    this.#timer = setTimeout(() => (this.text = ''), ms);
  }

  /** Shows `text` until the next notice (work in progress). */
  working(text: string) {
    clearTimeout(this.#timer);
    this.text = text;
  }

  clear() {
    clearTimeout(this.#timer);
    this.text = '';
  }

  /** A failed command (or any error) as the banner. */
  fail = (e: unknown) => {
    const err = toDeskError(e);
    this.error = { code: err.code, message: err.message };
  };

  /** A banner the window itself raises. */
  warn(code: ErrorCode, message: string) {
    this.error = { code, message };
  }

  dismiss() {
    this.error = null;
  }
}
