// The only module that talks to Rust. Components call these functions and
// never `invoke` or `listen` themselves, so the boundary stays typed: every
// type here is generated from Rust (src/bindings, by ts-rs).
import { invoke } from '@tauri-apps/api/core';
import type { BlogInfo } from './bindings/BlogInfo';
import type { ErrorCode } from './bindings/ErrorCode';
import type { IpcError } from './bindings/IpcError';
import type { PostSummary } from './bindings/PostSummary';
import type { PostText } from './bindings/PostText';
import type { Preview } from './bindings/Preview';
import type { Issue } from './bindings/Issue';
import type { Severity } from './bindings/Severity';

export type { BlogInfo, ErrorCode, Issue, PostSummary, PostText, Preview, Severity };

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
export const listPosts = (): Promise<PostSummary[]> => call('list_posts');
export const readPost = (path: string): Promise<PostText> => call('read_post', { path });
export const renderPreview = (path: string, text: string): Promise<Preview> =>
  call('render_preview', { path, text });
/** The stylesheet for highlighted code in the preview. */
export const previewStylesheet = (): Promise<string> => call('preview_stylesheet');
/** Opens a web or mail link in the system browser (the app checks the scheme). */
export const openLink = (url: string): Promise<void> => call('open_link', { url });
export const checkPost = (path: string, text: string): Promise<Issue[]> =>
  call('check_post', { path, text });
export const savePost = (path: string, text: string): Promise<PostSummary> =>
  call('save_post', { path, text });
