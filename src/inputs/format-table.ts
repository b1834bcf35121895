import { INPUT_FORMATS } from './registry.js';
import type { InputFormat } from './types.js';

/** A markdown table cell: pipes escaped, line breaks folded, so a description cannot break the table. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/**
 * The README's table of input formats, from the registry: each format's id, `description` and
 * `producedBy`, in detection order. `test/inputs/readme-formats.test.ts` keeps the README current.
 */
/** A code span; one holding a backtick is fenced with two, as CommonMark allows. */
function code(text: string): string {
  return text.includes('`') ? `\`\` ${cell(text)} \`\`` : `\`${cell(text)}\``;
}

export function formatTable(formats: readonly InputFormat[] = INPUT_FORMATS): string {
  const rows = formats.map((f) => `| ${code(f.id)} | ${cell(f.description)} | ${code(f.producedBy)} |`);
  return ['| id | what | the command that produces it |', '| --- | --- | --- |', ...rows].join('\n');
}
