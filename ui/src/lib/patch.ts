// Patches the preview's article block by block: only top-level blocks whose
// HTML changed are replaced, so typing in one paragraph of a long post
// re-lays out one paragraph, the scroll position stays, nothing flickers.
export function patchBlocks(target: Element, html: string): number {
  const template = target.ownerDocument.createElement('template');
  template.innerHTML = html;
  const next = Array.from(template.content.childNodes);
  const current = Array.from(target.childNodes);
  let changed = 0;
  const same = (a: Node, b: Node) =>
    a.nodeType === b.nodeType &&
    (a.nodeType === Node.ELEMENT_NODE
      ? (a as Element).outerHTML === (b as Element).outerHTML
      : a.textContent === b.textContent);
  // Unchanged head and tail are kept; only the middle is replaced.
  let start = 0;
  while (start < current.length && start < next.length && same(current[start], next[start])) start++;
  let endCur = current.length - 1;
  let endNext = next.length - 1;
  while (endCur >= start && endNext >= start && same(current[endCur], next[endNext])) {
    endCur--;
    endNext--;
  }
  const anchor = current[endCur + 1] ?? null;
  for (let i = start; i <= endCur; i++) {
    target.removeChild(current[i]);
    changed++;
  }
  for (let i = start; i <= endNext; i++) {
    target.insertBefore(next[i], anchor);
    changed++;
  }
  return changed;
}
