// Records what the blog's own renderer (remark + remark-gfm, as in the
// Next.js blog-starter) makes of each fidelity document: the CommonMark spec
// examples and the GFM and real-world posts in corpus/. The Rust fidelity
// test compares Postdesk's preview with these. Run `npm run record` after
// changing the corpus; the output is committed.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import spec from 'commonmark-spec';

const remark = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeStringify, { allowDangerousHtml: true });

const stripFrontMatter = (text) => text.replace(/^---\n[\s\S]*?\n---\n/, '');

const docs = [];
for (const t of spec.tests) {
  const markdown = t.markdown.replace(/→/g, '\t');
  docs.push({ name: `spec-${t.number}`, section: t.section, markdown });
}
for (const file of readdirSync(new URL('./corpus/', import.meta.url)).sort()) {
  const markdown = stripFrontMatter(readFileSync(new URL(`./corpus/${file}`, import.meta.url), 'utf8'));
  docs.push({ name: file, section: 'corpus', markdown });
}
for (const d of docs) {
  d.html = String(remark.processSync(d.markdown));
}
writeFileSync(new URL('./expected.json', import.meta.url), JSON.stringify(docs, null, 1) + '\n');
console.log(`recorded ${docs.length} documents`);
