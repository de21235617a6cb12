// The window's state, one object per concern, composed here. Each part
// reaches the others through the desk; App.svelte creates one desk, starts
// it and hands it to the components, which only read it and call it.
import { History } from './history.svelte';
import { Translations } from './translations.svelte';
import * as ipc from '../ipc';
import type { Asked } from '../lib/PostDialogs.svelte';
import { BlogState } from './blog.svelte';
import { Checks } from './checks.svelte';
import { DiskState } from './disk.svelte';
import { FormState } from './form.svelte';
import { Images } from './images.svelte';
import { Keeping } from './keeping.svelte';
import { Notices } from './notices.svelte';
import { PreviewState } from './preview.svelte';
import { Session } from './session.svelte';
import { SiteView } from './site.svelte';

export class Desk {
  readonly notices = new Notices();
  readonly session: Session;
  readonly blog: BlogState;
  readonly keeping: Keeping;
  readonly disk: DiskState;
  readonly form: FormState;
  readonly preview: PreviewState;
  readonly checks: Checks;
  readonly images: Images;
  readonly site: SiteView;
  readonly history: History;
  readonly translations: Translations;
  /** The dialog asked for (new post, quick open, rename, delete, alt text). */
  asked = $state<Asked | null>(null);
  /** The editor's first visible line (the outline highlights its section). */
  topLine = $state(1);
  /** The publish dialog, while it is open. */
  publishing = $state<{ path: string; retry: boolean } | null>(null);

  constructor() {
    this.session = new Session(this);
    this.blog = new BlogState(this);
    this.keeping = new Keeping(this);
    this.disk = new DiskState(this);
    this.form = new FormState(this);
    this.preview = new PreviewState(this);
    this.checks = new Checks(this);
    this.images = new Images(this);
    this.site = new SiteView(this);
    this.history = new History(this);
    this.translations = new Translations(this);
  }

  /** Loads the blog and listens to Rust: drops, links, the disk, second starts. */
  start() {
    const fail = this.notices.fail;
    void this.blog.load();
    ipc.remoteImages().then((v) => (this.preview.allowRemote = v), fail);
    ipc.getSettings().then((s) => this.keeping.loaded(s), fail);
    ipc.journalPending().then((p) => {
      this.keeping.recovered = p;
      performance.mark('pd:recovered-read');
    }, fail);
    ipc.watchDrops((d) => void this.images.dropped(d)).catch(fail);
    ipc
      .watchLinks((l) => {
        if (l.post) void this.session.open(l.post);
        else if (l.error) this.notices.warn('internal', l.error);
        else this.notices.say(`Opened ${l.url} in the browser`, 3000);
      })
      .catch(fail);
    ipc.watchWebLinks((a) => this.checks.webAsked(a)).catch(fail);
    ipc.watchBlog((c) => this.disk.onDisk(c)).then((m) => (this.disk.watchMode = m), fail);
    // `postdesk OTHER_BLOG` typed while this window runs: open it here
    // (edits are saved first, as when choosing a recent blog).
    ipc
      .watchStarts((a) => {
        if (a.blog) void this.blog.switchTo(a.blog);
        else if (a.error) this.notices.warn('notFound', a.error);
        else if (a.post) void this.session.open(a.post);
        else this.notices.say('Postdesk was started again on this blog: it is open here', 4000);
      })
      .catch(fail);
  }

  /** Saves the post, then opens the publish dialog. */
  async openPublish(retry = false) {
    const opened = this.session.opened;
    if (!opened || this.publishing) return;
    if (!(await this.keeping.saveFirst())) return;
    this.publishing = { path: opened.path, retry };
  }

  /** The window's keyboard shortcuts. */
  onkeydown = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    const key = e.key.toLowerCase();
    const act = (run: () => void) => {
      e.preventDefault();
      run();
    };
    if (!e.shiftKey && key === 's') act(() => void this.keeping.save());
    else if (!e.shiftKey && key === 'n') act(() => (this.asked = { kind: 'new' }));
    else if (!e.shiftKey && key === 'p') act(() => (this.asked = { kind: 'open' }));
    else if (!e.shiftKey && key === 'e') act(() => this.form.toggle());
    else if (e.key === ',') act(() => (this.keeping.showSettings = true));
    else if (e.shiftKey && key === 'p') act(() => void this.openPublish());
  };
}
