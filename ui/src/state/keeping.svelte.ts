// Keeping the writer's text: it reaches the recovery journal within
// JOURNAL_MS of typing (a throttle, so a writer who never pauses is still
// journaled), and is saved once the writer pauses for the autosave
// interval — never over a change on disk the writer has not settled. On
// start, unsaved edits a previous run left are offered back.
import * as ipc from '../ipc';
import { everyAtMost } from '../lib/latest';
import type { Desk } from './desk.svelte';

export const JOURNAL_MS = 400;

export class Keeping {
  saving = $state(false);
  settings = $state<ipc.Settings>({
    autosaveSeconds: 2,
    theme: 'system',
    defaultAuthor: '',
    split: 0.5,
    checkWebLinks: false,
  });
  /** The editor | preview split as it is now (saved once it stops moving). */
  split = $state(0.5);
  showSettings = $state(false);
  recovered = $state<ipc.Recovered[]>([]);
  #autosave: ReturnType<typeof setTimeout> | undefined;
  #journal: (path: string, text: string) => void;

  constructor(private desk: Desk) {
    this.#journal = everyAtMost<string, string>(JOURNAL_MS, (path, text) => {
      ipc
        .journalWrite(path, text)
        .then(() => performance.mark('pd:journaled'))
        .catch(desk.notices.fail);
    });
  }

  /** Journals the text now-ish and saves it after the autosave interval. */
  schedule(path: string, text: string) {
    clearTimeout(this.#autosave);
    this.#journal(path, text);
    // The performance marks say what autosave decided (the end-to-end
    // tests wait on them instead of sleeping through the interval).
    if (this.settings.autosaveSeconds === 0) {
      performance.mark('pd:autosave-off');
      return;
    }
    this.#autosave = setTimeout(() => {
      const { session, disk } = this.desk;
      // Never over a change made on disk that the writer has not settled.
      if (
        session.opened?.path === path &&
        session.modified &&
        disk.conflict?.path !== path &&
        disk.gone?.path !== path
      ) {
        performance.mark('pd:autosave');
        void this.save();
      } else {
        performance.mark('pd:autosave-skipped');
      }
    }, this.settings.autosaveSeconds * 1000);
  }

  /** Saves the open post; `force` is the writer's "Keep mine". */
  async save(force = false) {
    const { session, disk, notices, blog } = this.desk;
    if (!session.opened || this.saving) return;
    clearTimeout(this.#autosave);
    const { path } = session.opened;
    if (!force && disk.conflict?.path === path) {
      notices.warn(
        'changedOnDisk',
        `${path} changed on disk: choose Keep mine, Take theirs or Merge (above) before saving.`,
      );
      return;
    }
    if (disk.gone?.path === path) {
      notices.warn('goneFromDisk', `${path} is gone from disk: use Save as… (above) to keep your text.`);
      return;
    }
    const text = session.current;
    this.saving = true;
    try {
      const summary = await ipc.savePost(path, text, force);
      if (session.opened?.path === path) session.opened = { path, text };
      session.edited.delete(path);
      if (disk.conflict?.path === path) disk.conflict = null;
      blog.rowChanged(summary);
      notices.say('Saved', 1500);
      blog.repoChanged();
      this.desk.site.saved();
    } catch (e) {
      // The edits stay in the editor; the file on disk is unchanged.
      const err = ipc.toDeskError(e);
      if (err.code === 'changedOnDisk' && session.opened?.path === path) {
        // Changed elsewhere a moment ago (before the watcher told us).
        try {
          const onDisk = await ipc.readPost(path);
          disk.conflict = { path, base: session.opened.text, theirs: onDisk.text };
        } catch (again) {
          notices.fail(again);
        }
      } else if (err.code === 'goneFromDisk') {
        disk.gone = { path, saveAs: path };
      } else {
        notices.fail(e);
      }
    } finally {
      this.saving = false;
    }
  }

  /** Saves first when there are unsaved edits; false when that failed
   *  (its error is shown). */
  async saveFirst(): Promise<boolean> {
    if (this.desk.session.modified) await this.save();
    return !this.desk.session.modified;
  }

  async changeSettings(next: ipc.Settings) {
    const before = this.settings;
    this.settings = next;
    try {
      await ipc.setSettings(next);
      // The web check turned on or off: the Problems panel says so at once.
      if (next.checkWebLinks !== before.checkWebLinks) this.desk.checks.recheck();
    } catch (e) {
      this.settings = before;
      this.desk.notices.fail(e);
    }
  }

  /** Takes the remembered settings (on start). */
  loaded(settings: ipc.Settings) {
    this.settings = settings;
    this.split = settings.split;
  }

  /** Remembers the split as it is now. */
  saveSplit() {
    if (this.split !== this.settings.split) void this.changeSettings({ ...this.settings, split: this.split });
  }

  /** Brings back a previous run's unsaved edits (as a file when it is gone). */
  async restore(p: ipc.Recovered) {
    const { session, blog, notices } = this.desk;
    this.recovered = this.recovered.filter((r) => r.post !== p.post);
    if (p.gone) {
      try {
        await ipc.savePostAs(p.post, p.post, p.text);
        await blog.refreshList();
        await session.open(p.post);
      } catch (e) {
        notices.fail(e);
      }
      return;
    }
    await session.open(p.post);
    if (session.opened?.path !== p.post) return;
    session.editor?.replaceText(p.text);
  }

  discard(p: ipc.Recovered) {
    this.recovered = this.recovered.filter((r) => r.post !== p.post);
    ipc.journalDrop(p.post).catch(this.desk.notices.fail);
  }
}
