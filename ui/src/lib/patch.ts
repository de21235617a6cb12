// Patches the preview's article block by block. Rust sends the HTML cut into
// top-level blocks; blocks equal (as strings) at the start and the end are
// kept, only the changed middle is parsed (in an inert <template>) and
// swapped in. Typing in one paragraph of a long post re-parses and re-lays
// out one paragraph; the scroll position stays; nothing flickers.
export interface Patched {
  blocks: string[];
  /** The DOM nodes each block became. */
  nodes: Node[][];
  /** The start line written on each block's elements (-1: none yet). */
  bases: number[];
}

export const empty = (): Patched => ({ blocks: [], nodes: [], bases: [] });

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
    bases: [...prev.bases.slice(0, start), ...inserted.map(() => -1), ...prev.bases.slice(endPrev + 1)],
  };
}

/**
 * Writes each block's start line on its elements (`data-base`; the heading
 * the window adds first has none), touching only those that changed: after
 * Enter, the blocks below move down a line without being re-parsed.
 */
export function setBases(patched: Patched, lines: number[], offset = 1): void {
  lines.forEach((line, i) => {
    const k = i + offset;
    if (patched.bases[k] === line || !patched.nodes[k]) return;
    patched.bases[k] = line;
    for (const n of patched.nodes[k]) {
      if (n.nodeType === Node.ELEMENT_NODE) (n as HTMLElement).dataset.base = String(line);
    }
  });
}
