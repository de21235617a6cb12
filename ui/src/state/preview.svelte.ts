// The preview's blocks for the open post. Each render asks Rust for a
// patch on the render shown (typing in a long post moves one block), with
// only the change since the last text Rust rendered; the newest request
// wins. Remote images load only once the writer allows them.
import * as ipc from '../ipc';
import { renderByChange } from '../lib/delta';
import { latestOnly } from '../lib/latest';
import type { Desk } from './desk.svelte';

type Input = { path: string; text: string };

export class PreviewState {
  blocks = $state<string[]>([]);
  /** The source line each block starts on (its data-line values count from it). */
  lines = $state<number[]>([]);
  /** The post's title as its front-matter says now. */
  title = $state('');
  blockedImages = $state(0);
  allowRemote = $state(false);
  /** The render shown: patches apply to it. */
  shown: { path: string; id: number } | null = null;
  #render: (input: Input) => void;

  constructor(private desk: Desk) {
    // Each request sends only the change from the last text Rust rendered.
    const renderChange = renderByChange(ipc.renderPreview, (e) => ipc.toDeskError(e).code);
    this.#render = latestOnly(
      ({ path, text }: Input) => {
        // performance marks let the end-to-end latency test say where time goes.
        performance.mark('pd:render-start');
        return renderChange(path, text, this.shown?.path === path ? this.shown.id : null);
      },
      (patch, input) => this.apply(patch, input),
      desk.notices.fail,
    );
  }

  /** Renders `text` of `path` (newest request wins). */
  render(path: string, text: string) {
    this.#render({ path, text });
  }

  /** Renders the open post afresh (not as a patch): after a rename, a new
   *  setting or changed images. */
  rerender() {
    this.shown = null;
    const { opened, current } = this.desk.session;
    if (opened) this.render(opened.path, current);
  }

  apply(patch: ipc.PreviewPatch, input: Input) {
    performance.mark('pd:render-done');
    if (this.desk.session.opened?.path !== input.path) return;
    if (patch.base === null) {
      this.blocks = patch.blocks;
    } else if (this.shown?.id === patch.base) {
      this.blocks = [
        ...this.blocks.slice(0, patch.keepStart),
        ...patch.blocks,
        ...this.blocks.slice(this.blocks.length - patch.keepEnd),
      ];
    } else {
      // Not the render we asked against: ask for a whole one.
      this.shown = null;
      this.render(input.path, input.text);
      return;
    }
    this.lines = patch.lines;
    this.shown = { path: input.path, id: patch.id };
    this.blockedImages = patch.blockedImages;
    this.title = patch.title;
  }

  async setRemoteImages(allow: boolean) {
    try {
      await ipc.setRemoteImages(allow);
      this.allowRemote = allow;
      this.rerender();
    } catch (e) {
      this.desk.notices.fail(e);
    }
  }
}
