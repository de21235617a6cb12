// One render in a fresh Node process, for `make bench`'s cold figures:
//   node render.mjs markdown-it|remark FILE          prints the HTML
//   node render.mjs markdown-it|remark FILE --time   prints the render's ms
// The first is timed as a whole process (start, load, render, print), the
// second is the cold in-process render (the JIT not yet warm), as a writer
// opening a post meets it.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [which, file, time] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
// Each loads only its own modules, as a site's build would.
let render;
if (which === 'remark') {
  const { unified } = await import('unified');
  const p = unified()
    .use((await import('remark-parse')).default)
    .use((await import('remark-gfm')).default)
    .use((await import('remark-rehype')).default)
    .use((await import('rehype-highlight')).default)
    .use((await import('rehype-stringify')).default);
  render = (t) => String(p.processSync(t));
} else {
  const MarkdownIt = (await import('markdown-it')).default;
  const md = new MarkdownIt({ html: true, linkify: true });
  render = (t) => md.render(t);
}
const t0 = performance.now();
const html = render(text);
const ms = performance.now() - t0;
process.stdout.write(time ? `${ms}\n` : html);
