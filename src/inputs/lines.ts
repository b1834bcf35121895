import { openUtf8Chunks } from './source.js';
import type { InputSource, ReadContext } from './types.js';

export interface Line {
  /** 1-based line number in the input. */
  line: number;
  text: string;
}

export interface ReadLinesOptions {
  /**
   * Ask `ctx.mayMatch` about whole blocks, then about single lines, and skip (but count as
   * records) the lines that cannot match. For line-per-record logs.
   */
  prefilter?: boolean;
  /** Longer lines are reported as an error for that line and skipped. Default 64 MiB. */
  maxLineBytes?: number;
}

const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
const NL = 0x0a;
/** Below this a block that may match is checked line by line. */
const NARROW_BYTES = 4096;
const CR = 0x0d;

/**
 * Streams the non-empty lines of a source with their 1-based numbers, in bounded memory.
 * With `prefilter`, lines the prefilter rules out are never decoded: they are only counted
 * through `ctx.record(n)`; the caller records the lines it receives.
 * @example for await (const { line, text } of readLines(source, ctx, { prefilter: true })) parse(text);
 */
export async function* readLines(
  source: InputSource,
  ctx: ReadContext,
  options: ReadLinesOptions = {},
): AsyncGenerator<Line> {
  yield* splitLines(openUtf8Chunks(source, ctx), ctx, options);
}

/** The splitter behind `readLines`, over any sequence of UTF-8 chunks (exported for tests). */
export async function* splitLines(
  chunks: AsyncIterable<Buffer>,
  ctx: ReadContext,
  options: ReadLinesOptions = {},
): AsyncGenerator<Line> {
  const prefilter = options.prefilter ?? false;
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let lineNo = 0; // lines completed so far
  let carry: Buffer[] = [];
  let carryLength = 0;
  let overlong = false;

  function* emit(bytes: Buffer): Generator<Line> {
    lineNo++;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === CR) end--;
    if (end === 0) return;
    const body = bytes.subarray(0, end);
    if (prefilter && !ctx.mayMatch(body)) {
      ctx.record(1);
      return;
    }
    yield { line: lineNo, text: body.toString('utf8') };
  }

  function* emitAll(block: Buffer): Generator<Line> {
    let pos = 0;
    while (pos < block.length) {
      const nl = block.indexOf(NL, pos);
      yield* emit(block.subarray(pos, nl));
      pos = nl + 1;
    }
  }

  /**
   * A block (ending in '\n') that the prefilter lets through is halved until the halves it
   * rules out are skipped: one chance hit in a MiB of random ids (Zeek uids) then costs a few
   * small re-checks instead of one check per line.
   */
  function* narrow(block: Buffer, checked: boolean): Generator<Line> {
    if (!checked && !ctx.mayMatch(block)) {
      const { lines, nonEmpty } = countLines(block);
      lineNo += lines;
      if (nonEmpty > 0) ctx.record(nonEmpty);
      return;
    }
    if (block.length <= NARROW_BYTES) {
      yield* emitAll(block);
      return;
    }
    const middle = block.indexOf(NL, block.length >> 1);
    if (middle === -1 || middle === block.length - 1) {
      yield* emitAll(block);
      return;
    }
    yield* narrow(block.subarray(0, middle + 1), false);
    yield* narrow(block.subarray(middle + 1), false);
  }

  function finishOverlong(): void {
    lineNo++;
    overlong = false;
    ctx.error(`line ${lineNo}`, `line longer than ${maxLineBytes} bytes; skipped`);
  }

  for await (const chunk of chunks) {
    ctx.signal?.throwIfAborted();
    let start = 0;
    if (carryLength > 0 || overlong) {
      const nl = chunk.indexOf(NL);
      if (nl === -1) {
        appendCarry(chunk);
        continue;
      }
      if (overlong) finishOverlong();
      else if (carryLength + nl > maxLineBytes) {
        carry = [];
        carryLength = 0;
        finishOverlong();
      } else {
        carry.push(chunk.subarray(0, nl));
        yield* emit(Buffer.concat(carry));
      }
      carry = [];
      carryLength = 0;
      start = nl + 1;
    }
    const lastNl = chunk.lastIndexOf(NL);
    if (lastNl >= start) {
      const block = chunk.subarray(start, lastNl + 1);
      if (prefilter) yield* narrow(block, true);
      else yield* emitAll(block);
      start = lastNl + 1;
    }
    if (start < chunk.length) appendCarry(chunk.subarray(start));
  }
  if (overlong) finishOverlong();
  else if (carryLength > 0) yield* emit(Buffer.concat(carry));
  ctx.linesRead?.(lineNo);

  function appendCarry(piece: Buffer): void {
    if (overlong) return;
    if (carryLength + piece.length > maxLineBytes) {
      // Drop what we hold: the line is reported once its end (or the end of input) is reached.
      carry = [];
      carryLength = 0;
      overlong = true;
      return;
    }
    // Copied: the chunk's buffer may be reused by the next read.
    carry.push(Buffer.from(piece));
    carryLength += piece.length;
  }
}

/** Lines ended by '\n' in a block that ends with '\n', and how many of them have content. */
function countLines(block: Buffer): { lines: number; nonEmpty: number } {
  let lines = 0;
  let nonEmpty = 0;
  let pos = 0;
  for (;;) {
    const nl = block.indexOf(NL, pos);
    if (nl === -1) break;
    lines++;
    const length = nl - pos;
    if (length > 1 || (length === 1 && block[pos] !== CR)) nonEmpty++;
    pos = nl + 1;
  }
  return { lines, nonEmpty };
}

/** A line of decoded text: `overlong` ones come with empty text. */
export interface TextLine {
  line: number;
  text: string;
  overlong?: true;
}

/**
 * Splits decoded text chunks into every line (empty ones included: a quoted CSV field may hold
 * them), numbered from 1, '\r' removed. A line longer than `maxLineChars` comes back as
 * `overlong` with empty text, so memory stays bounded.
 */
export async function* splitTextLines(
  chunks: AsyncIterable<string>,
  maxLineChars = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<TextLine> {
  const splitter = new TextLineSplitter(maxLineChars);
  const lines: TextLine[] = [];
  for await (const chunk of chunks) {
    splitter.push(chunk, lines);
    yield* lines;
    lines.length = 0;
  }
  splitter.end(lines);
  yield* lines;
}

/**
 * `splitTextLines` one chunk at a time, synchronously: a reader that handles a whole chunk's
 * lines in one go awaits once per chunk instead of once per line.
 */
export class TextLineSplitter {
  private lineNo = 0;
  private carry = '';
  private overlong = false;

  constructor(private readonly maxLineChars = DEFAULT_MAX_LINE_BYTES) {}

  /** Appends the lines the chunk completes to `out`. */
  push(chunk: string, out: TextLine[]): void {
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', pos);
      if (nl === -1) break;
      this.lineNo++;
      if (this.overlong || this.carry.length + nl - pos > this.maxLineChars)
        out.push({ line: this.lineNo, text: '', overlong: true });
      else out.push({ line: this.lineNo, text: stripCr(this.carry + chunk.slice(pos, nl)) });
      this.carry = '';
      this.overlong = false;
      pos = nl + 1;
    }
    if (this.overlong) return;
    if (this.carry.length + chunk.length - pos > this.maxLineChars) {
      this.overlong = true;
      this.carry = '';
    } else this.carry += chunk.slice(pos);
  }

  /** Appends the last line, when the text does not end with a line break. */
  end(out: TextLine[]): void {
    if (this.overlong) out.push({ line: this.lineNo + 1, text: '', overlong: true });
    else if (this.carry) out.push({ line: this.lineNo + 1, text: stripCr(this.carry) });
  }
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
