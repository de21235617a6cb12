// Editor and preview scroll together both ways. When the editor is moved
// to follow the preview, its own scroll events are ignored for a moment, so
// the two never chase each other. (The preview, whose scroll position is
// read rather than listened to, skips exactly the position it was moved to.)
export type Pane = 'editor' | 'preview';

export function scrollSync(now: () => number = () => performance.now(), quietMs = 200) {
  const ignoreUntil: Record<Pane, number> = { editor: 0, preview: 0 };
  return {
    /** `pane` scrolled: was it the writer (so the other pane should follow)? */
    mayReport(pane: Pane): boolean {
      return now() >= ignoreUntil[pane];
    },
    /** `pane` is about to be moved to follow the other one. */
    follow(pane: Pane): void {
      ignoreUntil[pane] = now() + quietMs;
    },
  };
}

/** The one pair of panes in the window. */
export const sync = scrollSync();

export interface Box {
  top: number;
  bottom: number;
}

/**
 * The element at the top of a pane, from elements in document order
 * (containers before what they contain): the innermost one that straddles
 * the top edge, so a list scrolled to its third item names that item, not
 * the list; else the first one below the edge.
 */
export function atTop<T>(elements: Iterable<T>, box: (el: T) => Box, edge = 4): T | null {
  let straddling: T | null = null;
  for (const el of elements) {
    const b = box(el);
    if (b.bottom <= edge) continue;
    if (b.top <= edge) {
      straddling = el;
      continue;
    }
    return straddling ?? el;
  }
  return straddling;
}
