// Word count and reading time of a post's body, for the status bar.
const FRONT_MATTER = /^\uFEFF?(---|\+\+\+)\r?\n[\s\S]*?\r?\n\1[ \t]*(\r?\n|$)/;

export function bodyOf(text: string): string {
  return text.replace(FRONT_MATTER, '');
}

export function countWords(text: string): number {
  const body = bodyOf(text);
  const words = body.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu);
  return words ? words.length : 0;
}

/** Minutes at 230 words a minute, at least 1 for any text. */
export function readingMinutes(words: number): number {
  return words === 0 ? 0 : Math.max(1, Math.round(words / 230));
}
