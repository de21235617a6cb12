// The editor's code — CodeMirror, its markdown and YAML parsers, the
// language data — is most of the app's script. The window's first frame
// (the post list) does not need it: it loads when the first post opens
// (after the list's first rows are drawn) or the Outline tab is shown,
// once, and every later use gets the same module.
let editor: Promise<typeof import('./Editor.svelte')> | undefined;
let outline: Promise<typeof import('../components/OutlinePane.svelte')> | undefined;

/** The editor component, loaded on first use. */
export function editorCode() {
  return (editor ??= import('./Editor.svelte'));
}

/** The Outline tab (it reads headings with the editor's markdown parser). */
export function outlineCode() {
  return (outline ??= import('../components/OutlinePane.svelte'));
}
