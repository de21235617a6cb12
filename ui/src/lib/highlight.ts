// The editor's syntax colours: quiet, readable markdown (no underlines), with
// the front-matter in a muted tone so the prose stands out.
import { HighlightStyle } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

export const markdownHighlight = HighlightStyle.define([
  { tag: t.heading1, fontWeight: '700', fontSize: '1.25em', color: 'var(--fg)' },
  { tag: t.heading2, fontWeight: '700', fontSize: '1.12em', color: 'var(--fg)' },
  { tag: [t.heading3, t.heading4, t.heading5, t.heading6], fontWeight: '700', color: 'var(--fg)' },
  { tag: t.strong, fontWeight: '700' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strikethrough, textDecoration: 'line-through' },
  { tag: [t.link, t.url], color: 'var(--accent)' },
  { tag: t.monospace, color: 'var(--code)' },
  { tag: t.quote, color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [t.processingInstruction, t.contentSeparator, t.meta], color: 'var(--faint)' },
  { tag: t.list, color: 'var(--muted)' },
  // YAML front-matter and fenced code.
  { tag: [t.propertyName, t.definition(t.propertyName)], color: 'var(--key)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--string)' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'var(--number)' },
  { tag: [t.keyword, t.controlKeyword, t.operatorKeyword], color: 'var(--keyword)' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [t.function(t.variableName), t.typeName, t.className], color: 'var(--key)' },
  { tag: [t.punctuation, t.separator, t.bracket], color: 'var(--muted)' },
]);
