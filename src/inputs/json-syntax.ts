import type { Sample } from './types.js';

/** Where a text that is clearly meant as JSON stops being JSON, for a message a person can act on. */
export interface JsonSyntaxProblem {
  locator: string;
  message: string;
}

const SAMPLE_LIMIT = 64 * 1024;

/**
 * A sample that starts like JSON (or is named .json/.jsonl/.ndjson) but does not parse: the first
 * syntax error with its line and column, for a whole document or for JSON lines. Undefined when
 * the sample parses, does not look like JSON, or only breaks where the sample was cut off.
 */
export function findJsonSyntaxProblem(sample: Sample): JsonSyntaxProblem | undefined {
  const text = sample.text.replace(/^\uFEFF/, '');
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[' && !/\.(json|jsonl|ndjson)$/i.test(sample.name)) return undefined;
  // A sample of a longer file ends mid-record: an error at its very end says nothing.
  const cut = sample.bytes.length >= SAMPLE_LIMIT;
  const whole = parseError(text);
  if (!whole) return undefined;
  const lines = text.split('\n');
  const firstLine = lines.find((l) => l.trim() !== '');
  if (firstLine !== undefined && !parseError(firstLine) && lines.length > 1) {
    // JSON lines: each line is its own document.
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.trim() === '' || (cut && i === lines.length - 1)) continue;
      const problem = parseError(line);
      if (problem)
        return {
          locator: `line ${i + 1} column ${problem.offset + 1}`,
          message: `not valid JSON: ${problem.message}`,
        };
    }
    return undefined;
  }
  if (cut && whole.offset >= text.length - 1) return undefined;
  const before = text.slice(0, whole.offset);
  const line = before.split('\n').length;
  const column = whole.offset - before.lastIndexOf('\n');
  return { locator: `line ${line} column ${column}`, message: `not valid JSON: ${whole.message}` };
}

function parseError(text: string): { offset: number; message: string } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    // Node 22 adds "(line 1 column 13)" itself; the locator says it once.
    return {
      offset,
      message: message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, ''),
    };
  }
}
