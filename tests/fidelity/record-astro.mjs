// Records what Astro's own markdown pipeline (`@astrojs/markdown-remark`,
// the package Astro renders `.md` pages with, run with Astro's defaults:
// GFM and smartypants on, Shiki highlighting, heading ids) makes of each
// fidelity document: the ones of expected.json (the CommonMark spec
// examples and corpus/) and the posts of ../generators/corpus/ (except the
// Hugo- and Jekyll-only ones). Written to ../generators/astro.json, in the
// same shape as the Hugo and Jekyll recordings; `make fidelity` runs it,
// `make test` runs it into another file (the first argument) and compares.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';

const here = (p) => new URL(p, import.meta.url);
const docs = JSON.parse(readFileSync(here('./expected.json'), 'utf8')).map(
  ({ name, section, markdown }) => ({ name, section, markdown }),
);
for (const file of readdirSync(here('../generators/corpus/')).sort()) {
  if (file.startsWith('hugo-') || file.startsWith('jekyll-')) continue;
  const markdown = readFileSync(here(`../generators/corpus/${file}`), 'utf8');
  docs.push({ name: file, section: 'generators', markdown });
}
const astro = await createMarkdownProcessor({});
for (const d of docs) {
  d.html = (await astro.render(d.markdown)).code;
}
writeFileSync(
  process.argv[2] ?? here('../generators/astro.json'),
  '[\n' + docs.map((d) => JSON.stringify(d)).join(',\n') + '\n]\n',
);
console.log(`recorded ${docs.length} documents`);
