import { decodeAs, detectEncoding, SAMPLE_BYTES, type EncodingDecision } from './encoding.js';
import type { Sample } from './types.js';

/**
 * A sample over the head `bytes()` gives (read on each use: a probed file's head may move out of
 * a shared buffer); its text is decoded on first use, since binaries are recognised from bytes.
 * `decided` is the encoding already decided for these bytes, if any.
 */
export function sampleOf(
  name: string,
  bytes: () => Buffer,
  size: number | undefined,
  decided?: EncodingDecision,
): Sample {
  const head = bytes();
  const complete = size ? head.length >= size : head.length < SAMPLE_BYTES;
  let text: string | undefined;
  return {
    name,
    get bytes() {
      return bytes();
    },
    get text() {
      if (text === undefined) {
        const now = bytes();
        text = decodeAs(now, decided ?? detectEncoding(now, complete), complete);
      }
      return text;
    },
  };
}
