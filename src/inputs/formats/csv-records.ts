import type { parse as Parse } from 'csv-parse/sync';
import type { TextLine } from '../lines.js';

// Loaded on the first CSV read: every scan imports this module for detection, few read a CSV.
let parse: typeof Parse;

/** Loads csv-parse; a reader awaits it once before splitting records. */
export async function loadCsvParser(): Promise<void> {
  parse ??= (await import('csv-parse/sync')).parse;
}

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
  lines: AsyncIterable<TextLine>,
  delimiter: string,
  accept?: (batchText: string) => boolean,
): AsyncGenerator<CsvRecord | CsvProblem> {
  await loadCsvParser();
  const splitter = new CsvRecordSplitter(delimiter, accept);
  for await (const l of lines) {
    const records = splitter.take(l);
    if (records) yield* records;
  }
  yield* splitter.finish();
}

/**
 * What `readCsvRecords` does, one line at a time and synchronously, for a reader that splits a
 * whole chunk of text at once: it then awaits once per chunk, not once per line and per record.
 * What `take` and `finish` return is lazy (the batch filter of a later batch may depend on
 * records before it): iterate it to the end before the next line.
 */
export class CsvRecordSplitter {
  private group: TextLine[] = [];
  private groupChars = 0;
  /** A record of one line is the line itself; `lines` holds those of a record of several. */
  private batch: (TextLine & { lines?: TextLine[] })[] = [];
  /** Every record of `batch` is one line with no quote and no carriage return: split, not parsed. */
  private plain = true;
  private state = { inQuotes: false, fieldStart: true };

  constructor(
    private readonly delimiter: string,
    /** Unset: every batch is parsed, without joining its text first. */
    private readonly accept?: (batchText: string) => boolean,
  ) {}

  /** The records the line completes, or undefined when it completes none (most lines). */
  take(l: TextLine): Iterable<CsvRecord | CsvProblem> | undefined {
    // Most lines hold no quote and start no group: what `feed` would do, without a generator a line.
    if (this.group.length === 0 && !l.text.includes('"')) {
      if (l.text.trim() === '') return undefined;
      return this.add(l);
    }
    return this.feed(l);
  }

  /** The end of the input: what is still pending. */
  *finish(): Generator<CsvRecord | CsvProblem> {
    // Re-fed lines can leave a new group or batch behind: drain until both are empty.
    while (this.group.length > 0 || this.batch.length > 0) {
      if (this.group.length > 0) yield* this.abandonGroup();
      else yield* this.flushBatch();
    }
  }

  /** Batches a record; the batch comes out when it is full. */
  private add(record: TextLine & { lines?: TextLine[] }): Iterable<CsvRecord | CsvProblem> | undefined {
    if (this.plain && (record.lines || record.text.includes('"') || record.text.includes('\r')))
      this.plain = false;
    this.batch.push(record);
    if (this.batch.length < BATCH_RECORDS) return undefined;
    return this.plain && !this.accept ? this.splitBatch() : this.flushBatch();
  }

  /** A full batch of plain records, unfiltered: an array, without a generator step per record. */
  private splitBatch(): CsvRecord[] {
    const items = this.batch;
    this.batch = [];
    return splitPlainRecords(items, this.delimiter);
  }

  private *flushBatch(): Generator<CsvRecord | CsvProblem> {
    if (this.batch.length === 0) return;
    const items = this.batch;
    const plain = this.plain;
    this.batch = [];
    this.plain = true;
    const { delimiter } = this;
    const text = this.accept || !plain ? items.map((r) => r.text).join('\n') : '';
    if (this.accept && !this.accept(text)) {
      for (const item of items) yield { line: item.line, fields: [], raw: item.text, skipped: true };
      return;
    }
    if (plain) {
      yield* splitPlainRecords(items, delimiter);
      return;
    }
    const parsed = tryParse(text, delimiter);
    if (parsed && parsed.length === items.length) {
      for (let i = 0; i < items.length; i++)
        yield { line: items[i]!.line, fields: parsed[i]!, raw: items[i]!.text };
      return;
    }
    for (let k = 0; k < items.length; k++) {
      const item = items[k]!;
      const one = tryParse(item.text, delimiter);
      if (one && one.length === 1) yield { line: item.line, fields: one[0]!, raw: item.text };
      else if (item.lines) {
        // A quote opened and closed lines later by another record's quote: the first line is
        // the broken one; the lines after it are records of their own.
        yield {
          line: item.line,
          problem: 'unclosed quote: the quoted field does not end on its line; record skipped',
        };
        const rest = [...item.lines.slice(1), ...items.slice(k + 1).flatMap((i) => i.lines ?? [i])];
        for (const l of rest) yield* this.feed(l);
        return;
      } else
        yield {
          line: item.line,
          problem: one ? 'record could not be split into fields' : parseError(item.text, delimiter),
        };
    }
  }

  private *closeGroup(): Generator<CsvRecord | CsvProblem> {
    const lines = this.group;
    const raw = lines.map((l) => l.text).join('\n');
    this.group = [];
    this.groupChars = 0;
    if (raw.trim() === '') return;
    const full = this.add(lines.length > 1 ? { line: lines[0]!.line, text: raw, lines } : lines[0]!);
    if (full) yield* full;
  }

  /** Reports the unclosed quote of the pending group and feeds its other lines again. */
  private *abandonGroup(): Generator<CsvRecord | CsvProblem> {
    const [first, ...rest] = this.group;
    this.group = [];
    this.groupChars = 0;
    yield* this.flushBatch();
    yield { line: first!.line, problem: 'unclosed quote: the quoted field never ends; record skipped' };
    for (const l of rest) yield* this.feed(l);
  }

  private *feed(l: TextLine): Generator<CsvRecord | CsvProblem> {
    if (this.group.length === 0) this.state = { inQuotes: false, fieldStart: true };
    this.group.push(l);
    this.groupChars += l.text.length;
    this.state = scanQuotes(l.text, this.delimiter, this.state);
    if (!this.state.inQuotes) yield* this.closeGroup();
    else if (this.group.length > MAX_RECORD_LINES || this.groupChars > MAX_RECORD_CHARS)
      yield* this.abandonGroup();
  }
}

/**
 * The fields of a one-line record with no quote and no carriage return, as csv-parse gives them
 * with `trim` (it trims the characters `String.prototype.trim` does), for a one-character
 * delimiter: a split instead of csv-parse's byte-by-byte state machine, which took as long as
 * all the rest of a vendor-master scan. Each field is sliced once, already trimmed.
 */
export function splitPlainRecord(raw: string, delimiter: string): string[] {
  const fields: string[] = [];
  let start = 0;
  for (;;) {
    const next = raw.indexOf(delimiter, start);
    let end = next === -1 ? raw.length : next;
    while (start < end && isTrimmed(raw.charCodeAt(start))) start++;
    while (end > start && isTrimmed(raw.charCodeAt(end - 1))) end--;
    fields.push(raw.slice(start, end));
    if (next === -1) return fields;
    start = next + 1;
  }
}

/** The white space and line terminators `String.prototype.trim` removes. */
function isTrimmed(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** One-line records without a quote or CR, split without csv-parse. */
function splitPlainRecords(items: readonly TextLine[], delimiter: string): CsvRecord[] {
  const out = new Array<CsvRecord>(items.length);
  for (let i = 0; i < items.length; i++) {
    const { line, text } = items[i]!;
    out[i] = { line, fields: splitPlainRecord(text, delimiter), raw: text };
  }
  return out;
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
