// Times the blog's own pipeline (remark + remark-gfm + remark-rehype +
// rehype-highlight + rehype-stringify) and markdown-it on the given files.
// Prints JSON: { "<file>": { "remark_ms": …, "markdown_it_ms": … } }, each the
// median of several runs after a warm-up. Called by `make bench`.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeHighlight from 'rehype-highlight';
import rehypeStringify from 'rehype-stringify';
import MarkdownIt from 'markdown-it';

const remark = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeHighlight)
  .use(rehypeStringify);
const md = new MarkdownIt({ html: true, linkify: true });

function median(fn, runs) {
  fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

const out = {};
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const runs = text.length > 200_000 ? 5 : 21;
  out[file] = {
    remark_ms: median(() => String(remark.processSync(text)), runs),
    markdown_it_ms: median(() => md.render(text), runs),
  };
}
console.log(JSON.stringify(out));
