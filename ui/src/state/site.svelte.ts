// The Site view: the blog's own development server showing the open post
// on the real site, in a webview of its own that Rust lays over the
// preview pane (this page only tells it where, or to hide). Nothing runs
// until the writer trusts the blog; Rust checks that again on every start.
import * as ipc from '../ipc';
import type { Desk } from './desk.svelte';

// idle: nothing started yet, or stopped by the writer.
export type SitePhase = 'idle' | 'asking' | 'starting' | 'shown' | 'failed';

/** How many dialogs and menus cover the window: the native site view hides under any. */
export const covered = $state({ count: 0 });

/** `use:covers` on a dialog or menu: the site view hides while it is shown. */
export function covers(_node: HTMLElement) {
  covered.count += 1;
  return {
    destroy() {
      covered.count -= 1;
    },
  };
}

/** What the preview pane shows. */
export type PaneTab = 'preview' | 'outline' | 'card' | 'history' | 'site' | 'source';

export class SiteView {
  /** Which view the preview pane shows. */
  tab = $state<PaneTab>('preview');
  phase = $state<SitePhase>('starting');
  state = $state<ipc.SiteState | null>(null);
  progress = $state('');
  /** What went wrong (with the log's end), when `phase` is failed. */
  error = $state('');
  errorCode = $state<ipc.ErrorCode | null>(null);
  /** The page shown and its title. */
  url = $state('');
  title = $state('');
  log = $state<string | null>(null);
  /** Where the page goes (the pane's placeholder, in CSS pixels). */
  bounds: ipc.Bounds | null = null;
  #watching = false;

  constructor(private desk: Desk) {}

  #watch() {
    if (this.#watching) return;
    this.#watching = true;
    ipc
      .watchSite((e) => {
        switch (e.kind) {
          case 'progress':
            this.progress = e.seconds > 0 ? `${e.message} ${e.seconds} s` : e.message;
            break;
          case 'page':
            this.url = e.url;
            performance.mark('pd:site-page');
            break;
          case 'title':
            this.title = e.title;
            break;
          case 'stopped':
            if (this.phase === 'shown' || this.phase === 'starting') {
              this.phase = 'failed';
              this.error = e.message;
              this.errorCode = 'siteFailed';
            }
            break;
        }
      })
      .catch(this.desk.notices.fail);
  }

  /** Switches the preview pane's view. */
  async show(tab: PaneTab) {
    this.tab = tab;
    if (tab !== 'site') {
      this.place(null);
      if (tab === 'history') void this.desk.history.load();
      return;
    }
    this.#watch();
    await this.refresh();
    const state = this.state;
    // Not trusted (or no longer), or packages to install: ask first.
    if (!state || state.error || !state.trusted || state.needsInstall) this.phase = 'asking';
    // Stopped by the writer: started again only when asked.
    else if (this.phase !== 'idle' || state.origin) await this.open(false);
  }

  async refresh() {
    try {
      this.state = await ipc.siteState();
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }

  /** The writer trusts the blog: remembered, then started. */
  async trust() {
    try {
      await ipc.siteTrust(true);
      await this.refresh();
      // A Node blog without its packages asks again, for `npm install`.
      if (this.state?.needsInstall) this.phase = 'asking';
      else await this.open(false);
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }

  /** Starts the server if needed and shows the open post's page. */
  async open(install: boolean) {
    const opened = this.desk.session.opened;
    if (!opened || this.tab !== 'site' || !this.bounds) return;
    this.phase = this.phase === 'shown' ? 'shown' : 'starting';
    this.progress = install ? 'Installing the blog’s packages…' : 'Starting the site’s server…';
    try {
      this.url = await ipc.siteOpen(opened.path, this.visibleBounds()!, install);
      this.phase = 'shown';
      this.error = '';
      // The tab may have been left while the server started.
      this.place(this.visibleBounds());
    } catch (e) {
      const err = ipc.toDeskError(e);
      this.errorCode = err.code;
      this.error = err.message;
      this.phase = err.code === 'siteUntrusted' || err.code === 'siteNeedsInstall' ? 'asking' : 'failed';
      await this.refresh();
    }
  }

  /** The pane's placeholder moved or changed size. */
  setBounds(bounds: ipc.Bounds | null) {
    this.bounds = bounds;
    if (this.phase === 'shown') this.place(this.visibleBounds());
  }

  /** Where the page goes now: nowhere under a dialog or on another tab. */
  visibleBounds(): ipc.Bounds | null {
    if (this.tab !== 'site' || covered.count > 0) return null;
    return this.bounds;
  }

  place(bounds: ipc.Bounds | null) {
    ipc.sitePlace(bounds).catch(this.desk.notices.fail);
  }

  /** Another post was opened: its page. */
  postChanged() {
    if (this.tab === 'site' && this.phase === 'shown') void this.open(false);
  }

  /** A save: servers without a live reload get their page reloaded. */
  saved() {
    if (this.phase === 'shown' && this.state && !this.state.reloadsItself) {
      // Give the server a moment to rebuild the page.
      setTimeout(() => ipc.siteReload().catch(this.desk.notices.fail), 800);
    }
  }

  async showLog() {
    try {
      this.log = await ipc.siteLog();
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }

  async stop() {
    await ipc.siteStop().catch(this.desk.notices.fail);
    this.phase = 'idle';
    this.url = '';
    this.title = '';
  }
}
