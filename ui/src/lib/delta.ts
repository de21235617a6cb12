import type { Source } from '../bindings/Source';

export type Edit = Extract<Source, { kind: 'edit' }>;

// What the preview is asked to render: the change from the text of an
// earlier render (`base`) to `next`, as the units kept at the start and at
// the end of the old text and what goes between. A keystroke in a long post
// crosses to Rust as a few bytes instead of the whole post. Counts are
// UTF-16 units (JavaScript's); a count never ends inside a surrogate pair,
// so Rust can turn it into bytes exactly (preview/source.rs).
export function delta(base: number, old: string, next: string): Edit {
  const max = Math.min(old.length, next.length);
  let start = 0;
  while (start < max && old.charCodeAt(start) === next.charCodeAt(start)) start++;
  if (start > 0 && isHigh(old.charCodeAt(start - 1))) start--;
  let end = 0;
  while (
    end < max - start &&
    old.charCodeAt(old.length - 1 - end) === next.charCodeAt(next.length - 1 - end)
  )
    end++;
  if (end > 0 && isLow(old.charCodeAt(old.length - end))) end--;
  return { kind: 'edit', base, keepStart: start, keepEnd: end, insert: next.slice(start, next.length - end) };
}

const isHigh = (c: number) => c >= 0xd800 && c < 0xdc00;
const isLow = (c: number) => c >= 0xdc00 && c < 0xe000;

/** `old` with the change applied (what Rust does; for tests). */
export function applyDelta(old: string, d: Edit): string {
  return old.slice(0, d.keepStart) + d.insert + old.slice(old.length - d.keepEnd);
}

type Render<P> = (path: string, source: Source, have: number | null) => Promise<P>;

/**
 * Wraps the render command so each request sends only the change from the
 * last text Rust rendered for the same post; when Rust no longer remembers
 * that render (`staleRender`) the whole text goes instead.
 */
export function renderByChange<P extends { id: number }>(
  render: Render<P>,
  codeOf: (error: unknown) => string,
): (path: string, text: string, have: number | null) => Promise<P> {
  let sent: { path: string; id: number; text: string } | null = null;
  return async (path, text, have) => {
    const base = sent?.path === path ? sent : null;
    let patch: P;
    try {
      patch = await render(path, base ? delta(base.id, base.text, text) : { kind: 'whole', text }, have);
    } catch (e) {
      if (!base || codeOf(e) !== 'staleRender') throw e;
      patch = await render(path, { kind: 'whole', text }, have);
    }
    sent = { path, id: patch.id, text };
    return patch;
  };
}
