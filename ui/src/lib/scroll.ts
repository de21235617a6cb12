// Editor and preview scroll together both ways. When one pane is moved to
// follow the other, its own scroll events are ignored for a moment, so the
// two never chase each other.
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
