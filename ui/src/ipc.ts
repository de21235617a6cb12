// The only module that talks to Rust. Components call these functions and
// never `invoke` or `listen` themselves, so the boundary stays typed: every
// type here is generated from Rust (src/bindings, by ts-rs).
import { Channel, invoke } from '@tauri-apps/api/core';
import type { BlogInfo } from './bindings/BlogInfo';
import type { ErrorCode } from './bindings/ErrorCode';
import type { IpcError } from './bindings/IpcError';
import type { PostSummary } from './bindings/PostSummary';
import type { PostText } from './bindings/PostText';
import type { Preview } from './bindings/Preview';
import type { Issue } from './bindings/Issue';
import type { Fix } from './bindings/Fix';
import type { Version } from './bindings/Version';
import type { Card } from './bindings/Card';
import type { VersionText } from './bindings/VersionText';
import type { Severity } from './bindings/Severity';
import type { CoverImport } from './bindings/CoverImport';
import type { CoverFile } from './bindings/CoverFile';
import type { CoverShown } from './bindings/CoverShown';
import type { OutputKind } from './bindings/OutputKind';
import type { Progress } from './bindings/Progress';
import type { Stage } from './bindings/Stage';
import type { Dropped } from './bindings/Dropped';
import type { LinkOpened } from './bindings/LinkOpened';
import type { WebLinksAsked } from './bindings/WebLinksAsked';
import type { BlogAsked } from './bindings/BlogAsked';
import type { ChangedFile } from './bindings/ChangedFile';
import type { FileState } from './bindings/FileState';
import type { Outcome } from './bindings/Outcome';
import type { Plan } from './bindings/Plan';
import type { PushProgress } from './bindings/PushProgress';
import type { RepoStatus } from './bindings/RepoStatus';
import type { PreviewPatch } from './bindings/PreviewPatch';
import type { Source } from './bindings/Source';
import type { Recovered } from './bindings/Recovered';
import type { DiskChange } from './bindings/DiskChange';
import type { WatchMode } from './bindings/WatchMode';
import type { Merged } from './bindings/Merged';
import type { Segment } from './bindings/Segment';
import type { Settings } from './bindings/Settings';
import type { Form } from './bindings/Form';
import type { FormField } from './bindings/FormField';
import type { FieldEdit } from './bindings/FieldEdit';
import type { RecentBlog } from './bindings/RecentBlog';
import type { Theme } from './bindings/Theme';
import type { SiteState } from './bindings/SiteState';
import type { SiteEvent } from './bindings/SiteEvent';
import type { Bounds } from './bindings/Bounds';
import type { TrustedSite } from './bindings/TrustedSite';
import type { Readiness } from './bindings/Readiness';
import type { ListQuery } from './bindings/ListQuery';
import type { ListPage } from './bindings/ListPage';
import type { ListState } from './bindings/ListState';
import type { ListEvent } from './bindings/ListEvent';
import type { Facets } from './bindings/Facets';
import type { Row } from './bindings/Row';
import type { LangChip } from './bindings/LangChip';
import type { Since } from './bindings/Since';
import type { Sort } from './bindings/Sort';

export type {
  LangChip,
  Since,
  ListQuery,
  ListPage,
  ListState,
  ListEvent,
  Facets,
  Row,
  Sort,
  Readiness,
  SiteState,
  SiteEvent,
  Bounds,
  TrustedSite,
  ChangedFile,
  FileState,
  Outcome,
  Plan,
  PushProgress,
  Recovered,
  DiskChange,
  WatchMode,
  Merged,
  Segment,
  Settings,
  Theme,
  Form,
  FormField,
  FieldEdit,
  RecentBlog,
  PreviewPatch,
  Source,
  RepoStatus,
  BlogInfo,
  CoverFile,
  CoverImport,
  CoverShown,
  Dropped,
  ErrorCode,
  Issue,
  Fix,
  Version,
  VersionText,
  Card,
  OutputKind,
  PostSummary,
  PostText,
  Preview,
  Progress,
  Severity,
  Stage,
  WebLinksAsked,
};

/** A failed command, with the code the UI switches on. */
export class DeskError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

function isIpcError(e: unknown): e is IpcError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}

export function toDeskError(e: unknown): DeskError {
  if (e instanceof DeskError) return e;
  if (isIpcError(e)) return new DeskError(e.code, e.message);
  return new DeskError('internal', e instanceof Error ? e.message : String(e));
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toDeskError(e);
  }
}

export const blogInfo = (): Promise<BlogInfo> => call('blog_info');
/** The list as the blog opens: the cached one at once (or none), while a
 *  scan reports its progress and says when the list is up to date. */
export function listOpen(onEvent: (e: ListEvent) => void): Promise<ListState> {
  const events = new Channel<ListEvent>();
  events.onmessage = onEvent;
  return call('list_open', { events });
}
/** Reads the posts again (changed files only). */
export const listRefresh = (): Promise<ListState> => call('list_refresh');
/** Rows `start..start + count` of the list for `query` (sorted, filtered and
 *  searched in Rust), and where `selected` is in it. */
export const listPage = (query: ListQuery, start: number, count: number, selected: string | null): Promise<ListPage> =>
  call('list_page', { query, start, count, selected });
/** Quick open: posts whose title fuzzily matches `query`, best first. */
export const quickOpen = (query: string): Promise<PostSummary[]> => call('quick_open', { query });
/** One post's row (title, status, URL), if the list has it. */
export const postRow = (path: string): Promise<PostSummary | null> => call('post_row', { path });
export const readPost = (path: string): Promise<PostText> => call('read_post', { path });
/** The post as a shared link's card (title, description, site, og image) and what will look wrong. */
export const postCard = (path: string, text: string): Promise<Card> => call('post_card', { path, text });
/** The commits that changed the post, newest first (renames followed). */
export const postHistory = (path: string): Promise<Version[]> => call('post_history', { path });
/** The post's text in `commit` (at `versionPath`, its name then) and the changes from it to `text`. */
export const postVersion = (path: string, commit: string, versionPath: string, text: string): Promise<VersionText> =>
  call('post_version', { path, commit, versionPath, text });
/** The preview as a patch on render `have` (the one shown), when Rust still has it. */
export const renderPreview = (path: string, source: Source, have: number | null): Promise<PreviewPatch> =>
  call('render_preview', { path, source, have });
/** Whether the preview may load remote images. */
export const remoteImages = (): Promise<boolean> => call('remote_images');
export const setRemoteImages = (allow: boolean): Promise<void> => call('set_remote_images', { allow });
/** The front-matter form for the post's text (fields from the blog's schema). */
export const postForm = (path: string, text: string): Promise<Form> => call('post_form', { path, text });
/** The text with one field edited (only that value's bytes change). */
export const setField = (text: string, key: string, edit: FieldEdit): Promise<string> =>
  call('set_field', { text, key, edit });
/** The file a new post with this title would get. */
export const newPostPath = (title: string): Promise<string> => call('new_post_path', { title });
/** Creates a draft post from the schema's defaults; its path. */
export const newPost = (title: string): Promise<string> => call('new_post', { title });
/** Where renaming the post to `slug` puts it (Jekyll: dated by `date`). */
export const renameTarget = (path: string, slug: string, date: string | null): Promise<string> =>
  call('rename_target', { path, slug, date });
/** Renames the post's file; the list afterwards. */
export const renamePost = (path: string, to: string): Promise<ListState> =>
  call('rename_post', { path, to });
/** Moves the post to the system trash; the list afterwards. */
export const deletePost = (path: string): Promise<ListState> => call('delete_post', { path });
/** Blogs opened before, the latest first. */
export const recentBlogs = (): Promise<RecentBlog[]> => call('recent_blogs');
/**
 * Opens another blog in this window (`path`, or a folder chosen in the
 * system dialog when null); false when the writer cancelled the dialog.
 */
export const openBlog = (path: string | null): Promise<boolean> => call('open_blog', { path });
/** The writer's settings (autosave interval, theme). */
export const getSettings = (): Promise<Settings> => call('get_settings');
/** Remembers the settings and applies the theme to the window. */
export const setSettings = (settings: Settings): Promise<void> => call('set_settings', { settings });
/** The stylesheet for highlighted code in the preview. */
export const previewStylesheet = (): Promise<string> => call('preview_stylesheet');
/** Opens a web or mail link in the system browser (the app checks the scheme). */
/** Opens the image a front-matter value names in the system's viewer. */
export const openImage = (path: string, value: string): Promise<void> =>
  call('open_image', { path, value });
export const checkPost = (path: string, text: string): Promise<Issue[]> =>
  call('check_post', { path, text });
/**
 * Saves the post atomically. Refused with `changedOnDisk` / `goneFromDisk`
 * when the file changed elsewhere since the editor read it, unless `force`
 * (the writer chose "Keep mine").
 */
export const savePost = (path: string, text: string, force = false): Promise<PostSummary> =>
  call('save_post', { path, text, force });
/** Saves the text as a new post file (never over an existing one). */
export const savePostAs = (from: string, path: string, text: string): Promise<PostSummary> =>
  call('save_post_as', { from, path, text });
/** Three-way merge of the loaded version, the editor's text and the disk's. */
export const mergePost = (base: string, mine: string, theirs: string): Promise<Merged> =>
  call('merge_post', { base, mine, theirs });

/** The post's cover and og image as its front-matter names them now. */
export const coverState = (path: string, text: string): Promise<CoverShown[]> =>
  call('cover_state', { path, text });
/** Opens the system file dialog (titled for a cover, or for another image
 * field's `picture`); a token for the chosen image, or null. */
export const coverPick = (picture = false): Promise<string | null> => call('cover_pick', { picture });
/** Hands pasted image bytes to Rust; a token for them. */
export async function coverStagePaste(image: Blob): Promise<string> {
  const bytes = new Uint8Array(await image.arrayBuffer());
  try {
    return await invoke<string>('cover_stage_paste', bytes, {
      headers: { 'x-image-type': image.type },
    });
  } catch (e) {
    throw toDeskError(e);
  }
}
/** A token for a file the window saw dropped. */
export const coverStageDrop = (file: string): Promise<string> =>
  call('cover_stage_drop', { file });

function progressChannel(onProgress: (p: Progress) => void): Channel<Progress> {
  const channel = new Channel<Progress>();
  channel.onmessage = onProgress;
  return channel;
}

/** Makes the staged image the post's cover, og image and thumbnail. */
export const coverImport = (
  path: string,
  text: string,
  token: string,
  focal: [number, number],
  onProgress: (p: Progress) => void,
): Promise<CoverImport> =>
  call('cover_import', { path, text, token, focal, progress: progressChannel(onProgress) });
/** Crops the og image again around a focal point of the cover. */
export const coverRecrop = (
  path: string,
  text: string,
  focal: [number, number],
  onProgress: (p: Progress) => void,
): Promise<CoverImport> =>
  call('cover_recrop', { path, text, focal, progress: progressChannel(onProgress) });
export const coverCancel = (): Promise<void> => call('cover_cancel');
/** Saves the staged image for the post's body; its site path is in `files[0]`. */
export const bodyImageImport = (
  path: string,
  text: string,
  token: string,
  onProgress: (p: Progress) => void,
): Promise<CoverImport> =>
  call('body_image_import', { path, text, token, progress: progressChannel(onProgress) });
/** Makes the staged image the picture of `field` (e.g. `author.picture`) and saves the post. */
export const pictureImport = (
  path: string,
  text: string,
  token: string,
  field: string,
  onProgress: (p: Progress) => void,
): Promise<CoverImport> =>
  call('picture_import', { path, text, token, field, progress: progressChannel(onProgress) });
/** Calls `onDrop` whenever files are dropped on the window. */
export function watchDrops(onDrop: (d: Dropped) => void): Promise<void> {
  const channel = new Channel<Dropped>();
  channel.onmessage = onDrop;
  return call('watch_drops', { channel });
}

/** Calls `onAsked` when a second `postdesk BLOG` asks this window to open BLOG. */
export function watchStarts(onAsked: (a: BlogAsked) => void): Promise<void> {
  const channel = new Channel<BlogAsked>();
  channel.onmessage = onAsked;
  return call('watch_starts', { channel });
}

/** Calls `onLink` whenever a link clicked in the preview went to the browser (or could not). */
export function watchLinks(onLink: (l: LinkOpened) => void): Promise<void> {
  const channel = new Channel<LinkOpened>();
  channel.onmessage = onLink;
  return call('watch_links', { channel });
}

/** Starts the translation of `path` into `lang`; answers the new post's path. */
export const translatePost = (path: string, lang: string): Promise<string> =>
  call('translate_post', { path, lang });

/** The post's languages: each of the blog's, with its translation into it. */
export const postLangs = (path: string): Promise<LangChip[]> => call('post_langs', { path });

/** Calls `onAsked` as the web check asks links of the web (when the writer turned it on). */
export function watchWebLinks(onAsked: (a: WebLinksAsked) => void): Promise<void> {
  const channel = new Channel<WebLinksAsked>();
  channel.onmessage = onAsked;
  return call('watch_web_links', { channel });
}

/** The branch, its upstream, and the open post's state, for the status bar. */
export const repoStatus = (path: string | null, text: string | null): Promise<RepoStatus> =>
  call('repo_status', { path, text });
/** What publishing the post (as saved) would commit. */
export const publishPlan = (path: string): Promise<Plan> => call('publish_plan', { path });
/** What a first Publish lacks: a repository, a first commit, an identity, a remote. */
export const publishReadiness = (): Promise<Readiness> => call('publish_readiness');
/** Saves git's user.name and user.email: for every repository, or this blog's only. */
export const setIdentity = (name: string, email: string, everywhere: boolean): Promise<void> =>
  call('set_identity', { name, email, everywhere });
/** `git init` when needed, then a first commit of the blog as it is; answers the commit. */
export const firstCommit = (): Promise<string> => call('first_commit');
/** Adds `origin` once connecting to it for a push works. */
export const addRemote = (url: string): Promise<void> => call('add_remote', { url });
function pushChannel(onProgress: (p: PushProgress) => void): Channel<PushProgress> {
  const channel = new Channel<PushProgress>();
  channel.onmessage = onProgress;
  return channel;
}
/** Commits the post and its images (and its changed translations, when asked), then pushes. */
export const publishPost = (
  path: string,
  message: string,
  onProgress: (p: PushProgress) => void,
  translations = false,
): Promise<Outcome> => call('publish_post', { path, message, translations, progress: pushChannel(onProgress) });
/** Pushes the commits waiting on the branch. */
export const pushRetry = (path: string, onProgress: (p: PushProgress) => void): Promise<Outcome> =>
  call('push_retry', { path, progress: pushChannel(onProgress) });
export const publishCancel = (): Promise<void> => call('publish_cancel');
/** Keeps a token for an HTTPS remote in the OS keyring. */
export const saveToken = (url: string, user: string, token: string): Promise<void> =>
  call('save_token', { url, user, token });
export const openTerminal = (): Promise<void> => call('open_terminal');
/**
 * Calls `onChanges` with what changed on disk outside the app (posts, assets,
 * git); answers whether the system's events or polling are used.
 */
export function watchBlog(onChanges: (changes: DiskChange[]) => void): Promise<WatchMode> {
  const channel = new Channel<DiskChange[]>();
  channel.onmessage = onChanges;
  return call('watch_blog', { channel });
}

/** Keeps unsaved text in the crash-recovery journal. */
export const journalWrite = (path: string, text: string): Promise<void> =>
  call('journal_write', { path, text });
/** Unsaved edits a previous run left behind for this blog. */
export const journalPending = (): Promise<Recovered[]> => call('journal_pending');
export const journalDrop = (path: string): Promise<void> => call('journal_drop', { path });

// The Site view: the blog's own development server (trusted blogs only).
/** The command that would serve the blog; whether it is trusted and running. */
export const siteState = (): Promise<SiteState> => call('site_state');
/** Trusts the open blog to run its own code, or withdraws the trust. */
export const siteTrust = (trusted: boolean): Promise<void> => call('site_trust', { trusted });
/** Every blog trusted to run its own code (Settings). */
export const siteTrusted = (): Promise<TrustedSite[]> => call('site_trusted');
export const siteWithdraw = (blog: string): Promise<void> => call('site_withdraw', { blog });
/** Starts the server if needed and shows the post's page at `bounds`; answers its URL. */
export const siteOpen = (path: string, bounds: Bounds, install: boolean): Promise<string> =>
  call('site_open', { path, bounds, install });
/** Moves the site's page over the preview pane, or hides it (`null`). */
export const sitePlace = (bounds: Bounds | null): Promise<void> => call('site_place', { bounds });
export const siteReload = (): Promise<void> => call('site_reload');
export const siteBrowser = (): Promise<void> => call('site_browser');
/** The end of the server's log. */
export const siteLog = (): Promise<string> => call('site_log');
export const siteStop = (): Promise<void> => call('site_stop');
/** Calls `onEvent` with what the Site view does (progress, page, title, stopped). */
export function watchSite(onEvent: (e: SiteEvent) => void): Promise<void> {
  const channel = new Channel<SiteEvent>();
  channel.onmessage = onEvent;
  return call('watch_site', { channel });
}
