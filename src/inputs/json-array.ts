/** One element of a top-level JSON array, as raw text, with its index and starting line. */
export interface ArrayElement {
  index: number;
  line: number;
  text: string;
}

/** A problem with the array as a whole (not an array, truncated, element too large). */
export interface ArrayProblem {
  index: number;
  line: number;
  problem: string;
}

const DEFAULT_MAX_ELEMENT_CHARS = 16 * 1024 * 1024;

/**
 * Splits a streamed top-level JSON array into the raw text of its elements without holding the
 * whole document: memory is bounded by the largest element. Each element is parsed by the
 * caller, so one bad element is one located error and the others are still read.
 * @example for await (const item of splitJsonArray(openText(source))) if ('text' in item) JSON.parse(item.text);
 */
export async function* splitJsonArray(
  chunks: AsyncIterable<string>,
  maxElementChars = DEFAULT_MAX_ELEMENT_CHARS,
): AsyncGenerator<ArrayElement | ArrayProblem> {
  let state = 'before' as 'before' | 'between' | 'element' | 'after';
  let index = 0;
  let line = 1;
  let elementLine = 1;
  let parts: string[] = [];
  let partsLength = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let oversized = false;
  let reportedTrailing = false;

  for await (const chunk of chunks) {
    let segmentStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) line++;
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true;
          else if (c === 34) inString = false;
          continue;
        }
        if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if (c === 125 || c === 93) {
          if (depth === 0) {
            // `]` closing the array right after a scalar element.
            yield* finish(chunk.slice(segmentStart, i));
            state = 'after';
            continue;
          }
          depth--;
          if (depth === 0) {
            yield* finish(chunk.slice(segmentStart, i + 1));
            state = 'between';
          }
        } else if (c === 44 && depth === 0) {
          yield* finish(chunk.slice(segmentStart, i));
          state = 'between';
        }
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (state === 'before') {
        if (c !== 91) {
          yield { index: 0, line, problem: 'expected a JSON array (`[`)' };
          return;
        }
        state = 'between';
      } else if (state === 'between') {
        if (c === 44) continue;
        if (c === 93) {
          state = 'after';
          continue;
        }
        state = 'element';
        elementLine = line;
        segmentStart = i;
        depth = 0;
        inString = false;
        escaped = false;
        i--; // re-read this (non-space) character as the element's first
      } else if (!reportedTrailing) {
        reportedTrailing = true;
        yield { index, line, problem: 'unexpected content after the end of the array' };
      }
    }
    if (state === 'element') append(chunk.slice(segmentStart));
  }
  if (state === 'element') {
    yield {
      index,
      line: elementLine,
      problem: `truncated: element ${index} is not complete at end of input`,
    };
  } else if (state === 'between') {
    yield { index, line, problem: `truncated: the array is not closed after ${index} elements` };
  } else if (state === 'before') {
    yield { index: 0, line, problem: 'empty input: expected a JSON array' };
  }

  function append(text: string): void {
    if (oversized) return;
    if (partsLength + text.length > maxElementChars) {
      oversized = true;
      parts = [];
      partsLength = 0;
      return;
    }
    parts.push(text);
    partsLength += text.length;
  }

  function* finish(tail: string): Generator<ArrayElement | ArrayProblem> {
    append(tail);
    if (oversized) {
      yield {
        index,
        line: elementLine,
        problem: `element larger than ${maxElementChars} characters; skipped`,
      };
    } else {
      yield { index, line: elementLine, text: parts.join('').trim() };
    }
    parts = [];
    partsLength = 0;
    oversized = false;
    index++;
  }
}
