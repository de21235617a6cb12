// The open post among its translations (a blog of several languages): a
// chip per language, "Translate into…" for the missing ones, and for a
// translation its source post's text beside it (the Source tab, scrolled
// paragraph by paragraph with the editor).
import * as ipc from '../ipc';
import type { Desk } from './desk.svelte';

export class Translations {
  /** The open post's languages (empty: a blog of one language). */
  langs = $state<ipc.LangChip[]>([]);
  /** The post the chips are of. */
  path = $state('');
  /** For a translation: its source post (the default language's). */
  source = $state<{ path: string; text: string } | null>(null);
  /** A translation being started. */
  busy = $state('');
  /** The source's changes since the translation was last committed. */
  changes = $state<{ path: string; diff: string } | null>(null);
  #asked = 0;

  constructor(private desk: Desk) {}

  /** The open post's languages, and its source when it is a translation. */
  async load(path: string) {
    const asked = ++this.#asked;
    if (!this.desk.blog.facets.languages.length) {
      this.langs = [];
      this.source = null;
      return;
    }
    try {
      const langs = await ipc.postLangs(path);
      if (asked !== this.#asked) return;
      this.langs = langs;
      this.path = path;
      const lead = langs[0];
      if (lead?.path && lead.path !== path) {
        const source = await ipc.readPost(lead.path);
        if (asked !== this.#asked) return;
        this.source = { path: source.path, text: source.text };
      } else {
        this.source = null;
        if (this.desk.site.tab === 'source') void this.desk.site.show('preview');
      }
    } catch (e) {
      if (asked === this.#asked) this.desk.notices.fail(e);
    }
  }

  /** Starts the translation of `path` into `lang` (saved first), opens
   *  it, and shows its source beside it. */
  async translate(path: string, lang: string) {
    if (this.busy) return;
    const desk = this.desk;
    if (desk.session.opened?.path === path && !(await desk.keeping.saveFirst())) return;
    this.busy = lang;
    try {
      const made = await ipc.translatePost(path, lang);
      await desk.blog.refreshList();
      desk.notices.say(`Started the ${lang} translation: ${made} — a copy of the post to translate in place`, 5000);
      await desk.session.open(made);
      await this.load(made);
      if (this.source) void desk.site.show('source');
    } catch (e) {
      // Made meanwhile (another window, the command line): open that one.
      const chip = this.langs.find((c) => c.lang === lang);
      if (ipc.toDeskError(e).code === 'translationExists' && chip?.path) await desk.session.open(chip.path);
      else desk.notices.fail(e);
    } finally {
      this.busy = '';
    }
  }

  /** Shows what changed in the source post since `since` (a
   *  `translation-outdated` problem's commit). */
  async showChanges(since: ipc.Since) {
    try {
      const now = await ipc.readPost(since.path);
      const v = await ipc.postVersion(since.path, since.commit, since.path, now.text);
      this.changes = { path: since.path, diff: v.diff };
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }
}
