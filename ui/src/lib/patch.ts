// Patches the preview's article block by block. Rust sends the HTML cut into
// top-level blocks; blocks equal (as strings) at the start and the end are
// kept, only the changed middle is parsed (in an inert <template>) and
// swapped in. Typing in one paragraph of a long post re-parses and re-lays
// out one paragraph; the scroll position stays; nothing flickers.
export interface Patched {
  blocks: string[];
  /** The DOM nodes each block became. */
  nodes: Node[][];
}

export const empty = (): Patched => ({ blocks: [], nodes: [] });

export function patchBlocks(target: Element, blocks: string[], prev: Patched): Patched {
  let start = 0;
  while (start < prev.blocks.length && start < blocks.length && prev.blocks[start] === blocks[start]) start++;
  let endPrev = prev.blocks.length - 1;
  let endNext = blocks.length - 1;
  while (endPrev >= start && endNext >= start && prev.blocks[endPrev] === blocks[endNext]) {
    endPrev--;
    endNext--;
  }
  const anchor = prev.nodes[endPrev + 1]?.[0] ?? null;
  for (let i = start; i <= endPrev; i++) {
    for (const n of prev.nodes[i]) n.parentNode?.removeChild(n);
  }
  const doc = target.ownerDocument;
  const inserted: Node[][] = [];
  for (let i = start; i <= endNext; i++) {
    const t = doc.createElement('template');
    t.innerHTML = blocks[i];
    const nodes = Array.from(t.content.childNodes);
    for (const n of nodes) target.insertBefore(n, anchor);
    inserted.push(nodes);
  }
  return {
    blocks: blocks.slice(),
    nodes: [...prev.nodes.slice(0, start), ...inserted, ...prev.nodes.slice(endPrev + 1)],
  };
}
