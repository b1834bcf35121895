#!/usr/bin/env node
// Rewrites the README's table of input formats from the registry (after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatTable } from '../dist/inputs/format-table.js';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const text = readFileSync(readme, 'utf8');
const block = /(<!-- input-formats:[^\n]*-->\n)[\s\S]*?(\n<!-- \/input-formats -->)/;
if (!block.test(text)) throw new Error('README.md has no <!-- input-formats --> block');
writeFileSync(
  readme,
  text.replace(block, (_, open, close) => `${open}${formatTable()}${close}`),
);
