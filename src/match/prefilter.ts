/**
 * A cheap test on raw input before parsing: false means no catalog identifier can be in the chunk.
 * Buffers are viewed as Latin-1 so no UTF-8 decoding happens; non-ASCII needles are searched as the
 * Latin-1 view of their UTF-8 bytes, in each letter case.
 */
export function createPrefilter(needles: readonly string[]): (chunk: string | Buffer) => boolean {
  if (!needles.length) return () => true;
  const ascii: string[] = [];
  const bytewise = new Set<string>();
  for (const needle of needles) {
    if (/^[\x20-\x7e]*$/.test(needle)) ascii.push(escape(needle));
    else for (const v of caseVariants(needle)) bytewise.add(escape(Buffer.from(v, 'utf8').toString('latin1')));
  }
  const asciiRe = ascii.length ? new RegExp(ascii.join('|'), 'i') : undefined;
  const bytesRe = bytewise.size ? new RegExp([...bytewise].join('|')) : undefined;
  const unicodeRe = new RegExp(needles.map(escape).join('|'), 'iu');
  return (chunk) => {
    if (typeof chunk === 'string') return unicodeRe.test(chunk);
    const text = chunk.toString('latin1');
    return (asciiRe?.test(text) ?? false) || (bytesRe?.test(text) ?? false);
  };
}

function caseVariants(s: string): string[] {
  const lower = s.toLowerCase();
  const upper = s.toUpperCase();
  const title = lower.charAt(0).toUpperCase() + lower.slice(1);
  return [...new Set([lower, upper, title])];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
