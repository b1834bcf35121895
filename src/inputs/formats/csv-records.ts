import type { parse as Parse } from 'csv-parse/sync';

// Loaded on the first CSV read: every scan imports this module for detection, few read a CSV.
let parse: typeof Parse;

/** One CSV record: its fields and the physical line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** The record's raw text. */
  raw: string;
  /** Set when the prefilter ruled the record out: it was counted, not split. */
  skipped?: true;
}

export interface CsvProblem {
  line: number;
  problem: string;
}

/** A quoted field may span lines; past this it is taken for an unclosed quote. */
const MAX_RECORD_LINES = 1000;
const MAX_RECORD_CHARS = 1024 * 1024;
const BATCH_RECORDS = 512;

/** Picks the delimiter that splits the header line most often (outside quotes); `sep=;` wins. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ]);
  let inQuotes = false;
  for (const ch of headerLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [ch, n] of counts) if (n > counts.get(best)!) best = ch;
  return best;
}

/**
 * Groups text lines into CSV records with a quote-aware state machine, then parses them with
 * csv-parse in batches. An unclosed quote costs only the record it opens: the lines it would
 * have swallowed are read again as records, so the rest of the file is still read.
 */
export async function* readCsvRecords(
  lines: AsyncIterable<{ line: number; text: string }>,
  delimiter: string,
  accept: (batchText: string) => boolean = () => true,
): AsyncGenerator<CsvRecord | CsvProblem> {
  parse ??= (await import('csv-parse/sync')).parse;
  let group: { line: number; text: string }[] = [];
  let groupChars = 0;
  let batch: { line: number; raw: string; lines: { line: number; text: string }[] }[] = [];
  let state = { inQuotes: false, fieldStart: true };

  function* flushBatch(): Generator<CsvRecord | CsvProblem> {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    const text = items.map((r) => r.raw).join('\n');
    if (!accept(text)) {
      for (const item of items) yield { line: item.line, fields: [], raw: item.raw, skipped: true };
      return;
    }
    const parsed = tryParse(text, delimiter);
    if (parsed && parsed.length === items.length) {
      for (let i = 0; i < items.length; i++)
        yield { line: items[i]!.line, fields: parsed[i]!, raw: items[i]!.raw };
      return;
    }
    for (let k = 0; k < items.length; k++) {
      const item = items[k]!;
      const one = tryParse(item.raw, delimiter);
      if (one && one.length === 1) yield { line: item.line, fields: one[0]!, raw: item.raw };
      else if (item.lines.length > 1) {
        // A quote opened and closed lines later by another record's quote: the first line is
        // the broken one; the lines after it are records of their own.
        yield {
          line: item.line,
          problem: 'unclosed quote: the quoted field does not end on its line; record skipped',
        };
        const rest = [...item.lines.slice(1), ...items.slice(k + 1).flatMap((i) => i.lines)];
        for (const l of rest) yield* feed(l);
        return;
      } else
        yield {
          line: item.line,
          problem: one ? 'record could not be split into fields' : parseError(item.raw, delimiter),
        };
    }
  }

  function* closeGroup(): Generator<CsvRecord | CsvProblem> {
    const lines = group;
    const raw = lines.map((l) => l.text).join('\n');
    group = [];
    groupChars = 0;
    if (raw.trim() === '') return;
    batch.push({ line: lines[0]!.line, raw, lines });
    if (batch.length >= BATCH_RECORDS) yield* flushBatch();
  }

  /** Reports the unclosed quote of the pending group and feeds its other lines again. */
  function* abandonGroup(): Generator<CsvRecord | CsvProblem> {
    const [first, ...rest] = group;
    group = [];
    groupChars = 0;
    yield* flushBatch();
    yield { line: first!.line, problem: 'unclosed quote: the quoted field never ends; record skipped' };
    for (const l of rest) yield* feed(l);
  }

  function* feed(l: { line: number; text: string }): Generator<CsvRecord | CsvProblem> {
    if (group.length === 0) state = { inQuotes: false, fieldStart: true };
    group.push(l);
    groupChars += l.text.length;
    state = scanQuotes(l.text, delimiter, state);
    if (!state.inQuotes) yield* closeGroup();
    else if (group.length > MAX_RECORD_LINES || groupChars > MAX_RECORD_CHARS) yield* abandonGroup();
  }

  for await (const l of lines) {
    // Most lines hold no quote and start no group: what `feed` would do, without two generators a line.
    if (group.length === 0 && !l.text.includes('"')) {
      if (l.text.trim() === '') continue;
      batch.push({ line: l.line, raw: l.text, lines: [l] });
      if (batch.length >= BATCH_RECORDS) yield* flushBatch();
      continue;
    }
    yield* feed(l);
  }
  // Re-fed lines can leave a new group or batch behind: drain until both are empty.
  while (group.length > 0 || batch.length > 0) {
    if (group.length > 0) yield* abandonGroup();
    else yield* flushBatch();
  }
}

function scanQuotes(
  text: string,
  delimiter: string,
  state: { inQuotes: boolean; fieldStart: boolean },
): { inQuotes: boolean; fieldStart: boolean } {
  let { inQuotes, fieldStart } = state;
  if (inQuotes) fieldStart = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
    } else if (ch === '"' && fieldStart) {
      inQuotes = true;
      fieldStart = false;
    } else if (ch === delimiter) fieldStart = true;
    else if (ch !== ' ') fieldStart = false;
  }
  return { inQuotes, fieldStart: true };
}

function tryParse(text: string, delimiter: string): string[][] | undefined {
  try {
    return parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch {
    return undefined;
  }
}

function parseError(text: string, delimiter: string): string {
  try {
    parse(text, { delimiter, relax_column_count: true, relax_quotes: true, trim: true });
    return 'record could not be parsed';
  } catch (cause) {
    return `invalid CSV: ${(cause as Error).message}`;
  }
}
